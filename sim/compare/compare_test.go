package compare

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/stats"
)

var nan = math.NaN()

// result makes a result with the given metrics and one series.
func result(metrics map[string]float64, series ...float64) *nhs.Result {
	r := &nhs.Result{WarmupMonth: 2}
	// Fixed order: the metric names sorted.
	var names []string
	for n := range metrics {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		r.Metrics = append(r.Metrics, nhs.Metric{Name: n, Value: metrics[n]})
	}
	r.Series = []nhs.Series{{Name: "x", Value: series}}
	return r
}

func fixture() []Scenario {
	return []Scenario{
		{"base", []*nhs.Result{
			result(map[string]float64{"a": 1, "b": nan, "cost_per_head_x": 2, "cost_per_head_y": 3}, 1, 2),
			result(map[string]float64{"a": 2, "b": 5, "cost_per_head_x": 2, "cost_per_head_y": 4}, 3, 4),
			result(map[string]float64{"a": 3, "b": 7, "cost_per_head_x": 2, "cost_per_head_y": 5}, 5, 6),
		}},
		{"other", []*nhs.Result{
			result(map[string]float64{"a": 2, "b": 1, "cost_per_head_x": 1}, 1, 1),
			result(map[string]float64{"a": 4, "b": 2, "cost_per_head_x": 1}, 1, 1),
			result(map[string]float64{"a": 4, "b": 3, "cost_per_head_x": 1}, 1, 1),
		}},
	}
}

func TestMetrics(t *testing.T) {
	scs := fixture()
	if got, want := Metrics(scs), []string{"a", "b", "cost_per_head_x", "cost_per_head_y"}; !slices.Equal(got, want) {
		t.Errorf("Metrics = %q, want %q", got, want)
	}
	if got, want := CostCategories(scs), []string{"x", "y"}; !slices.Equal(got, want) {
		t.Errorf("CostCategories = %q, want %q", got, want)
	}
	if got := scs[0].Values("missing"); !math.IsNaN(got[0]) {
		t.Errorf("a missing metric = %v, want NaN", got)
	}
	// Nothing is derived: a total only exists if the model reports one.
	plain := []Scenario{{"p", []*nhs.Result{result(map[string]float64{"a": 1})}}}
	if got := Metrics(plain); !slices.Equal(got, []string{"a"}) {
		t.Errorf("Metrics without costs = %q", got)
	}
	if got := HeadlineMetrics(plain); len(got) != 0 {
		t.Errorf("HeadlineMetrics = %q, want none", got)
	}
	// The headline metrics a scenario reports, in the registry's order.
	some := []Scenario{{"p", []*nhs.Result{result(map[string]float64{"upc_mean": 1, "a": 2, "emergency_admissions_per_1000": 3})}}}
	if got, want := HeadlineMetrics(some), []string{"emergency_admissions_per_1000", "upc_mean"}; !slices.Equal(got, want) {
		t.Errorf("HeadlineMetrics = %q, want %q", got, want)
	}
}

func TestSummaryAndDifferences(t *testing.T) {
	scs := fixture()
	rows := Summary(scs)
	if len(rows) != 8 {
		t.Fatalf("%d summary rows, want 2 scenarios × 4 metrics", len(rows))
	}
	// base a: 1, 2, 3: mean 2, se 1/√3, t(0.975, 2) 4.302653.
	if r := rows[0]; r.Scenario != "base" || r.Metric != "a" || r.Mean != 2 || r.N != 3 || math.Abs(r.Hi-(2+4.302653/math.Sqrt(3))) > 1e-6 {
		t.Errorf("rows[0] = %+v", r)
	}
	// base b has a NaN: n = 2.
	if r := rows[1]; r.Metric != "b" || r.N != 2 || r.Mean != 6 {
		t.Errorf("rows[1] = %+v", r)
	}
	diffs := Differences(scs)
	if len(diffs) != 4 {
		t.Fatalf("%d difference rows, want 4", len(diffs))
	}
	// a: other - base = 1, 2, 1.
	if d := diffs[0]; d.Scenario != "other" || d.Baseline != "base" || d.Metric != "a" || math.Abs(d.Mean-4.0/3) > 1e-12 || d.N != 3 {
		t.Errorf("diffs[0] = %+v", d)
	}
	// b: the pair with a NaN is left out.
	if d := diffs[1]; d.N != 2 || d.Mean != -3.5 { // (2-5 + 3-7) / 2
		t.Errorf("diffs[1] = %+v", d)
	}
	// cost_per_head_y is missing in other: no pairs.
	if d := diffs[3]; d.Metric != "cost_per_head_y" || d.N != 0 || !math.IsNaN(d.Mean) {
		t.Errorf("diffs[3] = %+v", d)
	}
}

func TestBand(t *testing.T) {
	s := fixture()[0]
	b := s.Band("x")
	if len(b) != 2 || b[0].Mean != 3 || b[1].Mean != 4 || b[0].N != 3 {
		t.Errorf("Band = %+v", b)
	}
	if s.Band("nothing") != nil {
		t.Error("Band of a missing series is not nil")
	}
	if s.WarmupMonth() != 2 {
		t.Errorf("WarmupMonth = %d", s.WarmupMonth())
	}
}

func TestUPCHistogram(t *testing.T) {
	r := func(h ...float64) *nhs.Result { return &nhs.Result{UPCHistogram: h} }
	s := Scenario{"s", []*nhs.Result{r(0.5, 0.5), r(), r(0.25, 0.75)}}
	if got, want := s.UPCHistogram(), []float64{0.375, 0.625}; !slices.Equal(got, want) {
		t.Errorf("UPCHistogram = %v, want %v (the run without one left out)", got, want)
	}
	if got := (&Scenario{"none", []*nhs.Result{r()}}).UPCHistogram(); got != nil {
		t.Errorf("UPCHistogram with no histograms = %v, want nil", got)
	}
}

func TestCheckReplicates(t *testing.T) {
	rows := Summary(fixture())
	// base a: half-width 2.48 on a mean of 2: far from ±5%.
	a := CheckReplicates(rows, []string{"a"}, 0.05)
	if a.Enough || a.Rows != 2 || a.Worst.Metric != "a" || a.Need <= 3 {
		t.Errorf("CheckReplicates = %+v", a)
	}
	if a := CheckReplicates(rows, []string{"a"}, 10); !a.Enough {
		t.Errorf("with a target of ±1000%%: %+v", a)
	}
	if a := CheckReplicates(rows, []string{"none"}, 0.05); a.Rows != 0 || a.Enough {
		t.Errorf("with no rows: %+v", a)
	}
}

func TestLevers(t *testing.T) {
	base := nhs.Defaults()
	base.GP.PooledBookingShare = 0.3
	other := base
	other.Name, other.Description, other.Seed = "other", "changed labels are not levers", 99
	other.GP.PooledBookingShare = 0.8                                         // 0.3 → 0.8: distance 0.625
	other.Continuity.DiscontinuityOR = base.Continuity.DiscontinuityOR * 1.01 // tiny
	other.Population.AgeShares[0] += 0.01
	other.Population.AgeShares[1] -= 0.01
	got := Levers(&base, &other)
	var paths []string
	for _, l := range got {
		paths = append(paths, l.Path)
	}
	want := []string{"general_practice.pooled_booking_share", "population.age_shares", "continuity.discontinuity_or"}
	if !slices.Equal(paths, want) {
		t.Fatalf("Levers = %q, want %q (most different first)", paths, want)
	}
	if l := got[0]; l.From != "0.3" || l.To != "0.8" || l.Set() != "general_practice.pooled_booking_share=0.8" || math.Abs(l.Distance-0.625) > 1e-12 {
		t.Errorf("lever 0 = %+v", l)
	}
	if l := got[1]; !strings.HasPrefix(l.To, "[0.2, 0.37") || !strings.HasSuffix(l.To, "]") || strings.Count(l.To, ", ") != 4 {
		t.Errorf("a list lever is not a flow list: %+v", l)
	}
	if len(Levers(&base, &base)) != 0 {
		t.Error("a scenario differs from itself")
	}
}

func TestFormat(t *testing.T) {
	for _, test := range []struct {
		v    any
		want string
	}{
		{0.1, "0.1"}, {1e-20, "1e-20"}, {3.0, "3"}, {int(-4), "-4"}, {uint64(1 << 63), "9223372036854775808"},
		{true, "true"}, {"a b: c", `"a b: c"`}, {[3]float64{1, 0.5, 2}, "[1, 0.5, 2]"},
		{[][]int{{0, 1}, {2}}, "[[0, 1], [2]]"}, {[]int{}, "[]"},
	} {
		if got := Format(reflect.ValueOf(test.v)); got != test.want {
			t.Errorf("Format(%v) = %q, want %q", test.v, got, test.want)
		}
	}
}

func TestAttribute(t *testing.T) {
	scs := fixture()
	levers := []Lever{{Path: "p", From: "1", To: "2"}, {Path: "q", From: "a", To: "b"}}
	runs := []Scenario{
		{"p", []*nhs.Result{result(map[string]float64{"a": 2}), result(map[string]float64{"a": 3}), result(map[string]float64{"a": 4})}},
		{"q", []*nhs.Result{result(map[string]float64{"a": 1}), result(map[string]float64{"a": 2}), result(map[string]float64{"a": 3})}},
	}
	a := Attribute(scs[0], scs[1], levers, runs, []string{"a"})
	if a.Effects[0][0].Mean != 1 || a.Effects[1][0].Mean != 0 || a.Sum[0] != 1 || math.Abs(a.Full[0].Mean-4.0/3) > 1e-12 {
		t.Errorf("Attribute = %+v", a)
	}
	csv := string(AttributionCSV(a))
	for _, want := range []string{
		"lever,from,to,metric,effect,lo,hi,n\n",
		"p,1,2,a,1,1,1,3\n",
		"sum of levers,,,a,1,,,\n",
		"all levers,base,other,a,1.3333333333333333,",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("attribution.csv lacks %q:\n%s", want, csv)
		}
	}
}

func TestCSV(t *testing.T) {
	scs := fixture()
	sum := string(SummaryCSV(Summary(scs)))
	if !strings.HasPrefix(sum, "scenario,metric,mean,lo,hi,n\nbase,a,2,") {
		t.Errorf("summary.csv:\n%s", sum)
	}
	diff := string(DifferencesCSV(Differences(scs)))
	if !strings.Contains(diff, "other,base,cost_per_head_y,,,,0\n") {
		t.Errorf("differences.csv does not leave undefined values empty:\n%s", diff)
	}
	ser := strings.Split(string(SeriesCSV(scs)), "\n")
	if ser[0] != "scenario,replicate,month,metric,value" || ser[1] != "base,1,1,x,1" || ser[4] != "base,2,2,x,4" || len(ser) != 2*3*2+2 {
		t.Errorf("series.csv:\n%s", strings.Join(ser, "\n"))
	}
}

func TestSimulateWorkers(t *testing.T) {
	// The same runs on 1 and 2 workers give the same results, in the same
	// order; different seeds give different results; every configuration
	// gets every seed.
	a := nhs.Defaults()
	a.Population.Patients, a.Run.Years, a.Run.WarmupYears = 20000, 2, 1
	b := a
	b.GP.PooledBookingShare = 0.9
	cfgs := []nhs.Config{a, b}
	seeds := []uint64{5, 6}
	one, err := Simulate(context.Background(), cfgs, seeds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	two, err := Simulate(context.Background(), cfgs, seeds, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for c := range cfgs {
		for k := range seeds {
			if !same(one[c][k], two[c][k]) {
				t.Errorf("config %d replicate %d differs between 1 and 2 workers", c, k)
			}
		}
	}
	if same(one[0][0], one[0][1]) {
		t.Error("seeds 5 and 6 gave the same metrics")
	}
	// Replicate k is seeds[k] whatever the configuration's own seed.
	a.Seed = 6
	alone := nhs.Simulate(a)
	if !same(alone, one[0][1]) {
		t.Error("replicate 2 did not run with seed 6")
	}
}

// same reports whether two results have the same metrics and series, bit
// for bit (NaN equal to NaN, unlike reflect.DeepEqual).
func same(a, b *nhs.Result) bool {
	if len(a.Metrics) != len(b.Metrics) || len(a.Series) != len(b.Series) || a.WarmupMonth != b.WarmupMonth {
		return false
	}
	for i := range a.Metrics {
		if a.Metrics[i].Name != b.Metrics[i].Name || math.Float64bits(a.Metrics[i].Value) != math.Float64bits(b.Metrics[i].Value) {
			return false
		}
	}
	for i := range a.Series {
		if a.Series[i].Name != b.Series[i].Name || !slices.EqualFunc(a.Series[i].Value, b.Series[i].Value, func(x, y float64) bool {
			return math.Float64bits(x) == math.Float64bits(y)
		}) {
			return false
		}
	}
	return true
}

func TestDifferenceBand(t *testing.T) {
	scs := fixture()
	// other - base, month 1: 1-1, 1-3, 1-5; month 2: 1-2, 1-4, 1-6.
	d := DifferenceBand(&scs[0], &scs[1], "x")
	if len(d) != 2 || d[0].Mean != -2 || d[1].Mean != -3 || d[0].N != 3 {
		t.Errorf("DifferenceBand = %+v", d)
	}
	if DifferenceBand(&scs[0], &scs[1], "nothing") != nil {
		t.Error("DifferenceBand of a missing series is not nil")
	}
}

func TestAttributionRank(t *testing.T) {
	// Lever q moves metric b a little (its share of b's effects: 1/5) and
	// a not at all; lever p moves a by 1 (share 1) and b by 4 (4/5); lever
	// r moves nothing. Listed r, q, p, they are ranked p, q, r: by the
	// largest share, not by their order in, nor by raw size in one unit.
	eff := func(a, b float64) []stats.Estimate { return []stats.Estimate{{Mean: a}, {Mean: b}} }
	a := &Attribution{
		Metrics: []string{"a", "b"},
		Levers:  []Lever{{Path: "r"}, {Path: "q"}, {Path: "p"}},
		Effects: [][]stats.Estimate{eff(0, 0), eff(0, -1), eff(1, 4)},
		Full:    eff(1.2, 4.5),
		Base:    []float64{100, 9},
	}
	if got := a.Share(1, 1); math.Abs(got-0.2) > 1e-15 {
		t.Errorf("Share(q, b) = %g, want 0.2", got)
	}
	a.Rank()
	var order []string
	for _, l := range a.Levers {
		order = append(order, l.Path)
	}
	if strings.Join(order, ",") != "p,q,r" || a.Effects[0][1].Mean != 4 || a.Effects[1][1].Mean != -1 {
		t.Errorf("ranked %v with effects %v, want p,q,r with their effects", order, a.Effects)
	}
	// b's difference is half its baseline level; a's is 1.2%.
	if got := a.Largest(); got != 1 {
		t.Errorf("Largest = %d, want 1 (metric b)", got)
	}
	// No measurable difference: -1.
	a.Base = []float64{0, math.NaN()}
	if got := a.Largest(); got != -1 {
		t.Errorf("Largest with no baseline level = %d, want -1", got)
	}
	// A metric that no lever moves gives every lever a share of 0.
	none := &Attribution{Metrics: []string{"a"}, Levers: []Lever{{Path: "p"}}, Effects: [][]stats.Estimate{{{Mean: 0}}}}
	if got := none.Share(0, 0); got != 0 {
		t.Errorf("Share with no effect = %g, want 0", got)
	}
}

func TestTrend(t *testing.T) {
	run := func(v ...float64) *nhs.Result {
		return &nhs.Result{WarmupMonth: 2, Series: []nhs.Series{{Name: "x", Value: v}}}
	}
	for _, tc := range []struct {
		name     string
		runs     []*nhs.Result
		mean     float64
		trending bool
	}{
		// The warm-up month (the first) is left out.
		{"flat", []*nhs.Result{run(9, 2, 2, 2, 2), run(0, 3, 3, 3, 3)}, 0, false},
		// 1, 2, 3, 4: a change of 3 over a mean of 2.5.
		{"rising", []*nhs.Result{run(0, 1, 2, 3, 4), run(0, 1, 2, 3, 4), run(0, 1.1, 1.9, 3.1, 3.9)}, 1.2, true},
		{"noise", []*nhs.Result{run(0, 1, 2, 1, 2), run(0, 2, 1, 2, 1)}, 0, false},
	} {
		s := Scenario{"s", tc.runs}
		e, ok := s.Trend("x")
		if !ok || math.Abs(e.Mean-tc.mean) > 0.02 || e.Excludes(0) != tc.trending {
			t.Errorf("%s: trend %+v (ok %v), want mean %v, trending %v", tc.name, e, ok, tc.mean, tc.trending)
		}
		// TrendOf, which docs' figures call on committed series, is the same computation.
		var runs [][]float64
		for _, r := range tc.runs {
			runs = append(runs, r.Series[0].Value)
		}
		if e2, ok2 := TrendOf(runs, 1); ok2 != ok || e2 != e {
			t.Errorf("%s: TrendOf %+v (ok %v), Trend %+v (ok %v)", tc.name, e2, ok2, e, ok)
		}
	}
	if _, ok := (&Scenario{"s", []*nhs.Result{run(0, 1, 2)}}).Trend("x"); ok {
		t.Error("a trend from two months")
	}
	if _, ok := (&Scenario{"s", []*nhs.Result{run(0, 1, 2, 3)}}).Trend("y"); ok {
		t.Error("a trend of a missing series")
	}
}
