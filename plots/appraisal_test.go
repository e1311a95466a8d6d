package plots

import (
	"bytes"
	"math"
	"testing"
)

// testAppraisal is a small appraisal over five draws, spread over three
// quadrants of the plane, with a one-comparison acceptability curve.
func testAppraisal() *Appraisal {
	return &Appraisal{
		Title: "a vs b: 5 parameter draws × 2 replicates", Footer: "test", Thresholds: []float64{20000, 30000},
		Comparisons: []CostEffectiveness{{
			Scenario: "b", Baseline: "a",
			Cost: []float64{-30, 12, 40, -5, 20}, QALY: []float64{0.002, 0.001, -0.0005, -0.001, 0.0015},
			WTP: []float64{0, 20000, 40000, 60000}, P: []float64{0.4, 0.6, 0.6, 0.8},
		}},
	}
}

// The appraisal charts match their golden files, SVG and data.
func TestAppraisalChartsGolden(t *testing.T) {
	for _, ch := range AppraisalCharts(testAppraisal()) {
		checkGolden(t, ch, ch.Name)
		checkDataGolden(t, ch, ch.Name)
	}
}

// The charts render in every format, for an appraisal with draws, with
// none and with NaN draws; the acceptability data hold both options'
// curves, summing to 1.
func TestAppraisalCharts(t *testing.T) {
	nan := math.NaN()
	cases := []*Appraisal{
		testAppraisal(),
		{Title: "empty", Thresholds: []float64{20000}},
		{Comparisons: []CostEffectiveness{{Scenario: "b", Baseline: "a", Cost: []float64{nan, 1}, QALY: []float64{0, nan}, WTP: []float64{nan}, P: []float64{nan}}}},
		{Thresholds: []float64{0, 20000}, Comparisons: []CostEffectiveness{{Scenario: "b", Baseline: "a", Cost: []float64{0, 0}, QALY: []float64{0, 0}}}},
	}
	for i, a := range cases {
		charts := AppraisalCharts(a)
		if len(charts) != 2 || charts[0].Name != "ce-plane" || charts[1].Name != "ceac" {
			t.Fatalf("case %d: charts %v", i, charts)
		}
		for _, ch := range charts {
			for _, f := range Formats() {
				if out, err := ch.Render(f); err != nil || len(out) == 0 {
					t.Errorf("case %d: %s as %s: %v", i, ch.Name, f, err)
				}
			}
		}
	}
	data := AppraisalCharts(testAppraisal())[1].Data
	for _, want := range []string{"p_cost_effective,b vs a,20000,0.6,,", "p_cost_effective,a vs b,20000,0.4,,"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("ceac data lacks %q:\n%s", want, data)
		}
	}
}

// clipRay keeps a threshold line inside the panel's box.
func TestClipRay(t *testing.T) {
	box := func(lo, hi float64) span { return span{lo, hi} }
	cases := []struct {
		slope  float64
		xs, ys span
		want   [2]point
		ok     bool
	}{
		{2, box(-1, 1), box(-10, 10), [2]point{{-1, -2}, {1, 2}}, true},
		{20, box(-1, 1), box(-10, 10), [2]point{{-0.5, -10}, {0.5, 10}}, true},
		{0, box(-1, 1), box(-1, 1), [2]point{{-1, 0}, {1, 0}}, true},
	}
	for _, c := range cases {
		seg, ok := clipRay(c.slope, c.xs, c.ys)
		if ok != c.ok || len(seg) != 2 {
			t.Errorf("slope %g: ok %v, %v", c.slope, ok, seg)
			continue
		}
		for k := range 2 {
			if seg[k].X != c.want[k].X || seg[k].Y != c.want[k].Y {
				t.Errorf("slope %g: end %d is %v, want %v", c.slope, k, seg[k], c.want[k])
			}
		}
	}
}

// point is a point in a test's expectations.
type point struct{ X, Y float64 }
