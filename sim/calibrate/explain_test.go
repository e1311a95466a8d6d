package calibrate

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// toyMatch history-matches the toy to one noisy run at truth: the result
// the tests of the explanations share.
func toyMatch(t *testing.T) *Result {
	t.Helper()
	truth := []float64{3, 2, 0.5}
	obs := toy(truth, rand.New(rand.NewPCG(99, 99)))
	sd := []float64{0.2, 0.1, 0.1, 0.05}
	var targets []Target
	for i, z := range obs {
		targets = append(targets, Target{Metric: string(rune('p' + i)), Observed: z, ObsVar: sd[i] * sd[i] / 4})
	}
	m := DefaultMethod
	m.Points, m.Replicates, m.Seed, m.Waves, m.Candidates = 30, 2, 1, 5, 20000
	res, err := Match(context.Background(), toyFactors(), targets, m, toyEval(7), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestExplainBase checks, on the toy (p = a + b/2, q = ab/5, r = 2 sin c +
// b/2, s = exp(c/2), each with noise), which targets the report blames
// for ruling out a base scenario's values and which it says hold a
// parameter away from its base value. A base value of a beyond the
// region's range is against p and q, which depend on a, and not s, which
// does not; one of c is against r and s and not p or q; the truth itself is
// ruled out by nothing. The emulators are those of the final wave, fitted
// near the region, so a target that does not depend on the parameter can
// still move a little as the emulator extrapolates: the test asks that it
// stays under the cut-off and moves less than those that do depend on it.
func TestExplainBase(t *testing.T) {
	res := toyMatch(t)
	for _, test := range []struct {
		name  string
		base  []float64
		worst []string // targets above the cut-off at the base values (any order)
		pulls []int    // factors whose range leaves out the base value
		rise  []string // targets whose implausibility rises above the cut-off when the base value is swapped into the best run
		still []string // targets the swap leaves under the cut-off, moved less than those in rise
	}{
		{name: "truth", base: []float64{3, 2, 0.5}},
		{name: "a high", base: []float64{5, 2, 0.5}, worst: []string{"p", "q"}, pulls: []int{0}, rise: []string{"p", "q"}, still: []string{"s"}},
		{name: "c low", base: []float64{3, 2, 0}, worst: []string{"r", "s"}, pulls: []int{2}, rise: []string{"r", "s"}, still: []string{"p", "q"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			res.Base = test.base
			fits := res.BaseFits()
			if len(fits) != len(res.Waves) || len(fits[0]) != len(res.Targets) {
				t.Fatalf("%d × %d fits for %d waves × %d targets", len(fits), len(fits[0]), len(res.Waves), len(res.Targets))
			}
			u := unitsOf([][]float64{test.base}, res.Factors)[0]
			for wi, w := range res.Waves {
				for ti, f := range fits[wi] {
					// The fit is the implausibility the region is drawn with.
					m, v := w.Emulators[ti].Predict(u)
					tg := res.Targets[ti]
					if want := math.Abs(tg.Observed-m) / math.Sqrt(v+tg.ObsVar+tg.DiscVar+w.StochVar[ti]); f.Target != ti || math.Abs(f.I-want) > 1e-12 || f.Emulated != m {
						t.Errorf("wave %d, %s: fit %+v, want implausibility %g at %g", w.Number, tg.Metric, f, want, m)
					}
				}
			}
			worst := worstFirst(fits)
			// With implausibility the largest over the targets, the worst
			// target over the waves is the base values' implausibility.
			if want := slices.Max(res.BaseImplausibility()); worst[0].I != want {
				t.Errorf("worst target %+v, want implausibility %g", worst[0], want)
			}
			var above []string
			for _, w := range worst {
				if w.I > res.Method.Cutoff {
					above = append(above, res.Targets[w.Target].Metric)
				}
			}
			slices.Sort(above)
			if !slices.Equal(above, test.worst) {
				t.Errorf("targets above the cut-off at the base values: %v, want %v", above, test.worst)
			}
			pulls := res.Pulls()
			var got []int
			for _, p := range pulls {
				got = append(got, p.Factor)
			}
			if !slices.Equal(got, test.pulls) {
				t.Fatalf("pulls on factors %v, want %v", got, test.pulls)
			}
			for _, p := range pulls {
				if p.Base != test.base[p.Factor] || p.Best != res.BestValues()[p.Factor] {
					t.Errorf("pull base %g best %g", p.Base, p.Best)
				}
				for _, name := range test.rise {
					i := slices.IndexFunc(res.Targets, func(tg Target) bool { return tg.Metric == name })
					if p.Swapped[i].I <= res.Method.Cutoff || p.Swapped[i].I <= p.AtBest[i].I {
						t.Errorf("%s: implausibility %.2f at the best run, %.2f with the base value: want a rise past the cut-off", name, p.AtBest[i].I, p.Swapped[i].I)
					}
				}
				least := math.Inf(1)
				for _, name := range test.rise {
					i := slices.IndexFunc(res.Targets, func(tg Target) bool { return tg.Metric == name })
					least = min(least, p.Swapped[i].I-p.AtBest[i].I)
				}
				for _, name := range test.still {
					i := slices.IndexFunc(res.Targets, func(tg Target) bool { return tg.Metric == name })
					if d := math.Abs(p.Swapped[i].I - p.AtBest[i].I); d >= least || p.Swapped[i].I > res.Method.Cutoff {
						t.Errorf("%s: moved %.2f → %.2f when a factor it does not depend on was swapped (the least rise of those that do: %.2f)", name, p.AtBest[i].I, p.Swapped[i].I, least)
					}
				}
				// Held at the base value, no values of the others fit: the
				// others can meet one of the targets against the base value
				// only by missing another (for a, b makes up p and misses r).
				if p.Held[p.Factor] != p.Base || p.HeldI <= res.Method.Cutoff {
					t.Errorf("held: %v, implausibility %.2f; want the base value kept and ruled out", p.Held, p.HeldI)
				}
				if top := worstFirst(p.HeldFits)[0]; top.I != p.HeldI {
					t.Errorf("held: the most implausible target %+v, want the held point's implausibility, %.2f", top, p.HeldI)
				}
			}
		})
	}
}

// TestPullsHeldFindsCompensation: when another parameter can make up for a
// base value (here q = a·b/5 alone, a target a and b trade off in), the
// search with the parameter held at its base value finds values of the
// other that fit, and says so, whatever the region's range.
func TestPullsHeldFindsCompensation(t *testing.T) {
	res := toyMatch(t)
	// Keep only q's emulator: a and b trade off along a·b = 6.
	res.Targets = res.Targets[1:2]
	for _, w := range res.Waves {
		w.Emulators, w.StochVar = w.Emulators[1:2], w.StochVar[1:2]
	}
	base := []float64{6, 1, 0.5} // a·b = 6, a outside the full match's range of a
	u := unitsOf([][]float64{base}, res.Factors)[0]
	res.Base = base
	r0 := res.Ranges()[0]
	if base[0] >= r0[0] && base[0] <= r0[1] {
		t.Fatalf("a = %g is inside the region's range %v: the test needs it outside", base[0], r0)
	}
	pulls := res.Pulls()
	if len(pulls) == 0 || pulls[0].Factor != 0 {
		t.Fatalf("pulls %+v, want one on a", pulls)
	}
	p := pulls[0]
	if p.HeldI > res.Method.Cutoff {
		t.Errorf("held at a = 6: implausibility %.2f at %v; want values of b that fit (b near 1 does: %.2f)", p.HeldI, p.Held, res.worstOver(u))
	}
	if !strings.Contains(reportOf(res), "not ruled out: the region's sample missed such points") {
		t.Errorf("the report does not say the held point fits:\n%s", reportOf(res))
	}
}

// TestWorstFirst: each target's largest implausibility over the waves,
// with its wave, largest first and ties in the targets' order.
func TestWorstFirst(t *testing.T) {
	fit := func(is ...float64) []TargetFit {
		out := make([]TargetFit, len(is))
		for i, x := range is {
			out[i] = TargetFit{Target: i, I: x}
		}
		return out
	}
	inf := math.Inf(1)
	for _, test := range []struct {
		name string
		fits [][]TargetFit
		want []Worst
	}{
		{"one wave", [][]TargetFit{fit(1, 3, 2)}, []Worst{{1, 3, 1}, {2, 2, 1}, {0, 1, 1}}},
		{"the later wave larger", [][]TargetFit{fit(1, 3), fit(4, 0.5)}, []Worst{{0, 4, 2}, {1, 3, 1}}},
		{"ties in the targets' order", [][]TargetFit{fit(2, 2, 2), fit(0, 0, 0)}, []Worst{{0, 2, 1}, {1, 2, 1}, {2, 2, 1}}},
		{"a tie over the waves keeps the first", [][]TargetFit{fit(2), fit(2)}, []Worst{{0, 2, 1}}},
		{"undefined first", [][]TargetFit{fit(1, inf), fit(5, 0)}, []Worst{{1, inf, 1}, {0, 5, 2}}},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := worstFirst(test.fits); !slices.Equal(got, test.want) {
				t.Errorf("worstFirst = %v, want %v", got, test.want)
			}
		})
	}
}

func reportOf(r *Result) string { return r.Report("test") }

// TestReportExplainsBase: the report names the targets that rule the base
// values out and the parameters held away from theirs, and it is the same
// from one call to the next.
func TestReportExplainsBase(t *testing.T) {
	res := toyMatch(t)
	res.Base = []float64{5, 2, 0.5}
	rep := reportOf(res)
	for _, want := range []string{
		"Which targets decide it",
		"| p |",
		"| `a` | 5 (",
		"Second, the parameter held at its base value",
		"- `a` at 5: implausibility",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	// docs/calibration.md's tests read figures from rows of these shapes
	// anywhere in the document: the explanations must not make any.
	i, j := strings.Index(rep, "Which targets decide it"), strings.Index(rep, "Targets at the least implausible run")
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\| ([0-9.]+) \\|"),
		regexp.MustCompile("(?m)\\(`([a-z0-9_]+)`\\) \\| [^|]* \\| [^|]* \\| ([0-9.]+) \\|"),
	} {
		if m := re.FindString(rep[i:j]); i < 0 || j < i || m != "" {
			t.Errorf("the explanations hold a row docs/calibration.md's tests read as a figure: %q", m)
		}
	}
	if again := reportOf(res); again != rep {
		t.Errorf("the report differs between two calls")
	}
	res.Base = []float64{3, 2, 0.5}
	if rep := reportOf(res); strings.Contains(rep, "What holds a parameter") {
		t.Errorf("the truth as base: the report explains pulls that are not there:\n%s", rep)
	}
}
