package nhs

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestEveryParameterHasADistribution enforces the registry's rule: every
// parameter says how uncertain it is. A parameter added without an entry in
// distributions fails here, and so does an entry for no parameter.
func TestEveryParameterHasADistribution(t *testing.T) {
	paths := map[string]bool{}
	for _, p := range Params() {
		paths[p.Path] = true
		d := p.Dist
		switch {
		case d.Kind == "":
			t.Errorf("%s: no distribution: add it to distributions (sim/nhs/distributions.go), drawn over its range, fixed with a reason, or lever", p.Path)
		case d.Kind == DistFixed && strings.TrimSpace(d.Reason) == "":
			t.Errorf("%s: fixed without a reason", p.Path)
		case d.Kind == DistLever && !isLever(p):
			t.Errorf("%s: declared a lever, but its source and meaning do not say it is one", p.Path)
		}
		if err := d.Check(p); err != nil {
			t.Errorf("%s: %v", p.Path, err)
		}
	}
	for path := range distributions {
		if !paths[path] {
			t.Errorf("distributions has %s, which is not a parameter", path)
		}
	}
}

// isLever is how the registry marks a lever: its source or its meaning
// says so.
func isLever(p Param) bool {
	return strings.HasPrefix(p.Source, "lever") || strings.HasPrefix(p.Doc, "lever") || strings.Contains(p.Doc, "lever:")
}

// A single number with a range that the registry calls an assumption is
// uncertain, and drawn: only the run's size and geography, which a run
// chooses rather than estimates, are fixed.
func TestAssumptionsAreDrawn(t *testing.T) {
	chosen := []string{"run.years", "run.warmup_years", "population.areas"}
	for _, p := range Params() {
		if strings.HasPrefix(p.Source, "assumption") && p.Ranged && p.Range[0] < p.Range[1] && p.Dist.Kind == DistFixed && p.Len == 0 &&
			!slices.Contains(chosen, p.Path) {
			t.Errorf("%s is an assumption with a plausible range but fixed (%s)", p.Path, p.Dist.Reason)
		}
	}
}

// Every drawn distribution's support lies within the range: its extreme
// quantiles, and a grid between, stay inside, and its quantiles rise.
func TestDistributionSupport(t *testing.T) {
	for _, p := range Params() {
		d := p.Dist
		if !d.Drawn() {
			continue
		}
		prev := math.Inf(-1)
		for _, u := range []float64{0, 1e-12, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-12, 1} {
			q := d.Quantile(p, u)
			if math.IsNaN(q) || q < prev {
				t.Errorf("%s %s: quantile %g is %g after %g", p.Path, d, u, q, prev)
			}
			prev = q
			for i, x := range d.Values(p, u) {
				if x < p.Range[0] || x > p.Range[1] || !p.Domain.Contains(x) {
					t.Errorf("%s[%d] %s: value %g at quantile %g is outside the range [%g, %g] or the domain %s", p.Path, i, d, x, u, p.Range[0], p.Range[1], p.Domain)
				}
			}
		}
	}
}

// Every link of the registry can be drawn, and the parameters of a link
// move together.
func TestLinks(t *testing.T) {
	ps := Params()
	dists := map[string]Dist{}
	for _, p := range ps {
		dists[p.Path] = p.Dist
	}
	links, err := Links(ps, dists)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) == 0 {
		t.Fatal("no links in the registry")
	}
	// A link of one cannot be drawn.
	dists["continuity.discontinuity_days"] = Dist{Kind: DistTriangular, Link: "lonely"}
	if _, err := Links(ps, dists); err == nil || !strings.Contains(err.Error(), "lonely") {
		t.Errorf("a link of one parameter: err = %v", err)
	}
}

func TestParseDist(t *testing.T) {
	for _, s := range []string{"uniform", "triangular link=a", "loguniform link=-b", "normal(1, 2)", "lognormal(0.5, 3)", "beta(2, 5)", "scale(0.8, 1.25)", "fixed: a definition", "lever"} {
		d, err := ParseDist(s)
		if err != nil {
			t.Errorf("ParseDist(%q): %v", s, err)
			continue
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDist(%q).String() = %q", s, got)
		}
	}
	for _, s := range []string{"", "gamma(1, 2)", "normal", "normal(2, 1)", "normal(1)", "lognormal(0, 1)", "beta(0, 1)", "uniform(1, 2)", "fixed", "fixed:", "lever link=x", "uniform link=", "normal(1, NaN)", "triangular link=a b"} {
		if d, err := ParseDist(s); err == nil {
			t.Errorf("ParseDist(%q) = %v, want an error", s, d)
		}
	}
	if _, err := ParseDist("weibull(1, 2)"); err == nil || !strings.Contains(err.Error(), "unknown distribution") {
		t.Errorf("unknown distribution: err = %v", err)
	}
}

func FuzzParseDist(f *testing.F) {
	for _, s := range []string{"uniform", "normal(1, 2) link=x", "fixed: why", "beta(2,5)", "scale(0.5,2)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDist(s)
		if err != nil {
			return
		}
		if !slices.Contains(DistKinds(), d.Kind) {
			t.Fatalf("ParseDist(%q) gave kind %q", s, d.Kind)
		}
		again, err := ParseDist(d.String())
		if err != nil || again.String() != d.String() {
			t.Fatalf("ParseDist(%q) = %q, which reads back as %q, %v", s, d, again, err)
		}
	})
}

// A triangular distribution peaks at the default; a truncated normal's
// median is its interval's middle when that lies well inside the range.
func TestQuantileShapes(t *testing.T) {
	p := Param{Path: "x", Default: "2", Range: [2]float64{0, 10}, Ranged: true}
	tri := Dist{Kind: DistTriangular}
	if q := tri.Quantile(p, 0.2); math.Abs(q-2) > 1e-12 { // F(mode) = (m-lo)/(hi-lo) = 0.2
		t.Errorf("triangular quantile at F(mode) = %g, want 2", q)
	}
	n := Dist{Kind: DistNormal, A: 4, B: 6}
	if q := n.Quantile(p, 0.5); math.Abs(q-5) > 1e-9 {
		t.Errorf("normal(4, 6) median = %g, want 5", q)
	}
	if q := n.Quantile(p, 0.975); math.Abs(q-6) > 1e-6 {
		t.Errorf("normal(4, 6) 97.5%% point = %g, want 6", q)
	}
	lu := Dist{Kind: DistLogUniform}
	p.Range = [2]float64{1, 100}
	if q := lu.Quantile(p, 0.5); math.Abs(q-10) > 1e-9 {
		t.Errorf("loguniform(1, 100) median = %g, want 10", q)
	}
}

// Every headline metric states which way is better and its minimum
// important difference, with a source or "assumption".
func TestEveryHeadlineHasAnImportance(t *testing.T) {
	for _, m := range HeadlineMetrics() {
		i, ok := MetricImportance(m)
		switch {
		case !ok:
			t.Errorf("%s: no minimum important difference in importance (sim/nhs/mid.go)", m)
		case !(i.MID > 0) || i.Source == "":
			t.Errorf("%s: %+v: the difference must be above 0 and have a source", m, i)
		}
	}
	for m := range importance {
		if _, ok := LookupMetric(m); !ok {
			t.Errorf("importance names %s, which is not a metric", m)
		}
	}
}
