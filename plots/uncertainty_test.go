package plots

import (
	"bytes"
	"math"
	"testing"
)

// The uncertainty charts render in every format, with their data, for
// headlines that vary, one fixed by inputs and one with no draws.
func TestUncertaintyCharts(t *testing.T) {
	nan := math.NaN()
	u := &Uncertainty{Title: "a vs b: 4 parameter draws × 2 replicates", Footer: "test"}
	u.Headlines = []UncertainHeadline{
		{Name: "m1", Metric: "Metric one", Scenario: "b", Baseline: "a", Differences: []float64{-2, -1, 0.5, -3},
			Median: -1.5, Lo: -2.9, Hi: 0.4, NoiseLo: -2, NoiseHi: -1, PBetter: 0.75, PWorse: 0.25, PBetterMID: 0.5, PWorseMID: 0, MID: 1, Floor: 0.3,
			Drivers: []SobolIndex{{Param: "x", S: Estimate{Mean: 0.6}}, {Param: "y", S: Estimate{Mean: 0.1}}}},
		{Name: "m2", Metric: "Metric two", Scenario: "b", Baseline: "a", Differences: []float64{-36, -36, -36, -36}, Median: -36, Fixed: true,
			PBetter: nan, PWorse: nan, NoiseLo: nan, NoiseHi: nan, Floor: nan},
		{Name: "m3", Metric: "Metric three", Scenario: "b", Baseline: "a", Median: nan, Lo: nan, Hi: nan, PBetter: nan, Floor: nan},
	}
	charts := UncertaintyCharts(u)
	if len(charts) != 3 {
		t.Fatalf("%d charts, want 3", len(charts))
	}
	for _, ch := range charts {
		if len(ch.Data) == 0 {
			t.Errorf("%s: no data", ch.Name)
		}
		for _, f := range Formats() {
			out, err := ch.Render(f)
			if err != nil || len(out) == 0 {
				t.Errorf("%s as %s: %v", ch.Name, f, err)
			}
		}
	}
	if !bytes.Contains(charts[0].Data, []byte("b better by more than the MID")) {
		t.Errorf("probability data: %s", charts[0].Data)
	}
}
