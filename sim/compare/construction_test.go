package compare

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

// shipped loads the shipped scenario files from the repository (packages
// under sim/ do not import the scenarios package that embeds them).
var shipped = scenario.Loader{Shipped: os.DirFS(filepath.Join("..", "..", "scenarios"))}

// load loads a shipped scenario with --set overrides, as compare does.
func load(t *testing.T, ref string, sets ...string) *nhs.Config {
	t.Helper()
	s, err := shipped.Load(ref, sets...)
	if err != nil {
		t.Fatal(err)
	}
	return &s.Config
}

// want is what a test expects of one metric's construction.
type want struct {
	verdict   string // "" for no construction at all
	direction int
	lower     []string // one-way channels that must push the difference down
	higher    []string // and up
	either    []string // levers that must move it either way
	unclass   []string
	shut      []string
	notShut   []string
}

func TestConstruct(t *testing.T) {
	const (
		adm  = "emergency_admissions_per_1000"
		upc  = "upc_mean"
		del  = "delayed_bed_days_per_1000"
		cost = nhs.DuplicationCostPerHead
		mort = "mortality_30d_per_1000_admissions"
	)
	market := []string{"contracts.payment=activity"}
	for _, tc := range []struct {
		name        string
		base, other *nhs.Config
		metrics     map[string]want
	}{
		{"the default pair", load(t, "market-contract"), load(t, "regional-collaborative"), map[string]want{
			// Tendering only takes GPs away, but need-weighted allocation
			// moves GP capacity either way.
			upc: {verdict: Partly, direction: -(-1), higher: []string{"tendering takes GPs away"}, either: []string{"commissioning.need_weighted_allocation"}},
			// Pooling and shared records only shorten delays; larger bodies
			// only lengthen funding decisions (span of control).
			del: {verdict: Opposed,
				lower:  []string{"a pooled budget shortens funding decisions and ends disputes", "shared records stop information being lost", "tendering resets practices' trust"},
				higher: []string{"larger commissioning bodies decide more slowly"},
				either: []string{"commissioning.need_weighted_allocation"},
				shut:   []string{"market-side discharge levers"}},
			adm: {verdict: Opposed,
				lower:  []string{"tendering ends GP relationships", "an out-of-hours service per catchment"},
				either: []string{"contracts.tendering", "commissioning.need_weighted_allocation"}},
			cost: {verdict: Opposed,
				lower:  []string{"more commissioning bodies", "local buying", "activity payment's invoices and administration"},
				higher: []string{"shared records' running and set-up costs", "a pooled budget's administration and purchases"}},
			mort: {verdict: Partly, direction: -1, lower: []string{"specialisms concentrated in high-volume centres"}},
		}},
		{"a market-side lever on in the market", load(t, "market-contract", "incentives.activity_discharge_cut=0.2"), load(t, "regional-collaborative"), map[string]want{
			del: {verdict: Opposed, higher: []string{"the hospital's incentive to discharge", "larger commissioning bodies decide more slowly"},
				notShut: []string{"market-side discharge levers"}},
		}},
		{"a pooled budget alone", load(t, "england", market...), load(t, "england", append(market, "discharge.pooled_budget=true")...), map[string]want{
			del: {verdict: Fixed, direction: -1, lower: []string{"a pooled budget shortens funding decisions and ends disputes"},
				shut: []string{"market-side discharge levers"}},
			// Shorter delays, fewer readmissions.
			adm: {verdict: Fixed, direction: -1, lower: []string{"a pooled budget shortens funding decisions and ends disputes"}},
			upc: {},
		}},
		{"a market-side lever against a pooled budget", load(t, "england", append(market, "incentives.activity_discharge_cut=0.2")...), load(t, "england", append(market, "discharge.pooled_budget=true")...), map[string]want{
			del: {verdict: Opposed, lower: []string{"a pooled budget shortens funding decisions and ends disputes"},
				higher: []string{"the hospital's incentive to discharge"}, notShut: []string{"market-side discharge levers"}},
		}},
		{"a parameter the table does not classify", load(t, "england"), load(t, "england", "discharge.pooled_budget=true", "hospitals.los_mean_days=3.5"), map[string]want{
			del: {verdict: Partly, direction: -1, unclass: []string{"hospitals.los_mean_days"}},
		}},
		{"identical scenarios", load(t, "market-contract"), load(t, "market-contract"), map[string]want{
			adm: {}, upc: {}, del: {}, cost: {}, mort: {},
		}},
		{"only a two-way lever", load(t, "england"), load(t, "england", "commissioning.need_weighted_allocation=false"), map[string]want{
			adm: {}, upc: {}, del: {}, cost: {}, mort: {},
		}},
		{"a timeline", load(t, "market-contract"), load(t, "market-then-collaborative"), map[string]want{
			upc: {verdict: Partly, unclass: []string{TimelinePath}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Construct("A", tc.base, "B", tc.other, nhs.HeadlineMetrics())
			for m, w := range tc.metrics {
				i := slices.IndexFunc(got, func(c Construction) bool { return c.Metric == m })
				if w.verdict == "" {
					if i >= 0 {
						t.Errorf("%s: got %s, want no construction", m, got[i].Verdict)
					}
					continue
				}
				if i < 0 {
					t.Errorf("%s: no construction, want %s", m, w.verdict)
					continue
				}
				c := got[i]
				if c.Verdict != w.verdict || (w.direction != 0 && c.Direction != w.direction) {
					t.Errorf("%s: verdict %s direction %d, want %s %d", m, c.Verdict, c.Direction, w.verdict, w.direction)
				}
				if c.Scenario != "B" || c.Baseline != "A" {
					t.Errorf("%s: scenario %q baseline %q", m, c.Scenario, c.Baseline)
				}
				for dir, names := range map[int][]string{-1: w.lower, +1: w.higher} {
					for _, n := range names {
						if !slices.ContainsFunc(c.OneWay, func(p Part) bool { return p.Name == n && p.Direction == dir }) {
							t.Errorf("%s: no one-way channel %q making it %s: %+v", m, n, DirectionWord(dir), c.OneWay)
						}
					}
				}
				for _, l := range w.either {
					if !slices.Contains(PartLevers(c.TwoWay), l) {
						t.Errorf("%s: %s does not move it either way: %v", m, l, PartLevers(c.TwoWay))
					}
				}
				for _, u := range w.unclass {
					if !slices.Contains(c.Unclassified, u) {
						t.Errorf("%s: %s not unclassified: %v", m, u, c.Unclassified)
					}
				}
				for _, g := range w.shut {
					if !slices.Contains(c.Shut, g) {
						t.Errorf("%s: %s not shut in both: %v", m, g, c.Shut)
					}
				}
				for _, g := range w.notShut {
					if slices.Contains(c.Shut, g) {
						t.Errorf("%s: %s shut in both", m, g)
					}
				}
			}
		})
	}
}

// TestConstructIgnoresNames: the verdicts come from the parameters, so
// renaming the scenarios (even swapping their names) changes nothing but
// the names.
func TestConstructIgnoresNames(t *testing.T) {
	a, b := load(t, "market-contract"), load(t, "regional-collaborative")
	x := Construct("market-contract", a, "regional-collaborative", b, nhs.HeadlineMetrics())
	ra, rb := *a, *b
	ra.Name, rb.Name = rb.Name, ra.Name
	y := Construct("regional-collaborative", &ra, "market-contract", &rb, nhs.HeadlineMetrics())
	if len(x) != len(y) {
		t.Fatalf("%d constructions, then %d", len(x), len(y))
	}
	for i := range x {
		x[i].Scenario, x[i].Baseline = y[i].Scenario, y[i].Baseline
		if string(ConstructionCSV(x[i:i+1])) != string(ConstructionCSV(y[i:i+1])) {
			t.Errorf("%s differs with the names swapped", x[i].Metric)
		}
	}
	// Swapping the scenarios themselves reverses every direction.
	z := Construct("B", b, "A", a, nhs.HeadlineMetrics())
	for i := range x {
		if z[i].Verdict != x[i].Verdict || z[i].Direction != -x[i].Direction {
			t.Errorf("%s: swapped, %s %d against %s %d", x[i].Metric, z[i].Verdict, z[i].Direction, x[i].Verdict, x[i].Direction)
		}
	}
}

// TestConstructionTable checks the table itself: every lever of the
// registry is classified, every path and metric it names exists, and
// every channel has a direction and a strength that is not negative.
func TestConstructionTable(t *testing.T) {
	paths := map[string]bool{}
	for _, p := range nhs.Params() {
		paths[p.Path] = true
	}
	named := map[string]bool{}
	metric := func(where, m string) {
		if _, ok := nhs.LookupMetric(m); !ok || !slices.Contains(nhs.HeadlineMetrics(), m) {
			t.Errorf("%s: %q is not a headline metric", where, m)
		}
	}
	cfgs := []*nhs.Config{load(t, "england"), load(t, "market-contract"), load(t, "regional-collaborative"), load(t, "market-wins"), load(t, "torbay")}
	for _, c := range nhs.Channels() {
		metric(c.Name, c.Metric)
		if c.Sign != 1 && c.Sign != -1 || c.Strength == nil || c.Why == "" || len(c.Levers) == 0 {
			t.Errorf("channel %q: sign %d, strength set %v, why %q, levers %v", c.Name, c.Sign, c.Strength != nil, c.Why, c.Levers)
			continue
		}
		for _, l := range c.Levers {
			if !paths[l] {
				t.Errorf("channel %q: no parameter %s", c.Name, l)
			}
			named[l] = true
		}
		for _, cfg := range cfgs {
			if s := c.Strength(cfg); s < 0 || math.IsInf(s, 0) {
				t.Errorf("channel %q: strength %g under %s", c.Name, s, cfg.Name)
			}
		}
	}
	for _, r := range nhs.Reaches() {
		if !paths[r.Lever] {
			t.Errorf("reach: no parameter %s", r.Lever)
		}
		for _, m := range r.Metrics {
			metric(r.Lever, m)
		}
		named[r.Lever] = true
	}
	for _, f := range nhs.Follows() {
		metric("follow", f.Metric)
		metric("follow", f.Source)
	}
	for _, p := range nhs.Params() {
		if p.Dist.Kind == nhs.DistLever && !named[p.Path] {
			t.Errorf("lever %s is in no channel and no reach: classify it in sim/nhs/construction.go", p.Path)
		}
	}
}

func TestConstructionCSV(t *testing.T) {
	cs := Construct("market-contract", load(t, "market-contract"), "regional-collaborative", load(t, "regional-collaborative"), []string{"upc_mean"})
	got := string(ConstructionCSV(cs))
	for _, line := range []string{
		"scenario,baseline,metric,verdict,part,direction,channel,through,levers\n",
		"regional-collaborative,market-contract,upc_mean,partly,one-way,higher,tendering takes GPs away,,contracts.tendering\n",
		"regional-collaborative,market-contract,upc_mean,partly,either-way,,moves GP capacity between practices: some gain and some lose,,commissioning.need_weighted_allocation\n",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("construction.csv lacks %q:\n%s", line, got)
		}
	}
	if got := string(ConstructionCSV(nil)); got != "scenario,baseline,metric,verdict,part,direction,channel,through,levers\n" {
		t.Errorf("empty construction.csv: %q", got)
	}
}

// Two scenarios with the same timeline are compared day by day: the same
// timeline and one lever more make the same verdict as without a timeline.
func TestConstructSameTimeline(t *testing.T) {
	a := load(t, "market-then-collaborative")
	b := load(t, "market-then-collaborative", "incentives.activity_discharge_cut=0.2")
	if got := Construct("A", a, "A", a, nhs.HeadlineMetrics()); len(got) != 0 {
		t.Errorf("a scenario against itself: %+v", got)
	}
	got := Construct("A", a, "B", b, []string{"delayed_bed_days_per_1000"})
	if len(got) != 1 || got[0].Verdict != Fixed || got[0].Direction != -1 || len(got[0].Unclassified) != 0 {
		t.Errorf("one market-side lever more on the same timeline: %+v", got)
	}
}
