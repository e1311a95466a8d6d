package cmpreport

import (
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// A study's charts say the method, the scenario, the runs and the seeds,
// a chart per metric and an overview, with the provenance footer.
func TestStudyCharts(t *testing.T) {
	metric := nhs.HeadlineMetrics()[0]
	base := &scenario.Scenario{Name: "x", Config: nhs.Defaults()}
	base.Config.Population.Patients = 20000
	ix := [][]sweep.Index{{{Method: sweep.Morris, Metric: metric, Param: "a.b", Mu: 1, MuStar: 1, Sigma: 0.5, MuStarLo: 0.8, MuStarHi: 1.2}}}
	for _, test := range []struct {
		seeds []uint64
		note  string
	}{
		{[]uint64{3}, "every run has seed 3"},
		{[]uint64{3, 4, 5}, "every point averages seeds 3–5"},
	} {
		st := &sweep.Study{Options: &sweep.SensitivityOptions{Method: sweep.Morris}, Points: 6, Seeds: test.seeds, Metrics: []string{metric}}
		charts := StudyCharts(st, base, ix, provenance.Build{Version: "v1"})
		if len(charts) != 2 || charts[0].Name != "morris-"+metric || charts[1].Name != "morris" {
			t.Fatalf("%d charts, want morris-%s and morris", len(charts), metric)
		}
		title := "Morris screening of x: " + map[int]string{1: "6", 3: "18"}[len(test.seeds)] + " runs of 20,000 patients"
		for _, c := range charts {
			if !strings.Contains(c.Title, title) || !strings.Contains(c.Note, "common random numbers ("+test.note+")") || !strings.Contains(c.Footer, "v1") {
				t.Errorf("%s: title %q, note %q, footer %q; want %q and %q", c.Name, c.Title, c.Note, c.Footer, title, test.note)
			}
		}
	}
}
