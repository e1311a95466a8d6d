package uncertainty

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// tinyUncertainSweep is 2 points of 2 scenarios of tiny runs (3,000
// patients for a year), 2 replicates.
const tinyUncertainSweep = `name: tiny
scenarios: [market-contract, regional-collaborative]
seed: 7
replicates: 2
patients: 3000
years: 1
warmup_years: 0
set: {continuity.discontinuity_or: 1.5}
vary:
  - {param: hospitals.los_mean_days, values: [5, 7]}
`

func sweepPlan(t *testing.T) *sweep.Plan {
	t.Helper()
	spec, err := sweep.ParseSpec("tiny.yaml", []byte(tinyUncertainSweep))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := sweep.NewPlan(spec, scenario.Loader{Shipped: os.DirFS("../../scenarios")})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// runSweep runs an uncertainty sweep of n draws on workers goroutines and
// reads its outcome.
func runSweep(t *testing.T, n, workers int) (*sweep.Plan, *SweepOutcome) {
	t.Helper()
	ctx := context.Background()
	plan := sweepPlan(t)
	d, err := PrepareSweep(ctx, plan, &Inputs{}, n, 11, workers)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(csvLine(plan.Header()))
	units := make([]int, plan.Units())
	for u := range units {
		units[u] = u
	}
	if err := plan.Run(ctx, units, workers, func(_ int, rows []byte) error { b.Write(rows); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "results.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	so, err := ReadSweep(ctx, plan, d, path)
	if err != nil {
		t.Fatal(err)
	}
	return plan, so
}

func csvLine(fields []string) string { return string(writeCSV([][]string{fields})) }

// Each point of an uncertainty sweep is the analysis that compare
// --uncertainty makes of the point's scenarios with the same design: the
// same runs, so the same summaries.
func TestSweepPointIsAnAnalysis(t *testing.T) {
	plan, so := runSweep(t, 3, 2)
	d := so.Design
	for _, held := range []string{"hospitals.los_mean_days", "continuity.discontinuity_or", "commissioning.guidance_adherence"} {
		if !slices.Contains(d.Held, held) {
			t.Errorf("%s is drawn; the sweep varies, sets or compares it", held)
		}
	}
	for p := range plan.Points {
		cfgs, err := pointConfigs(plan, p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Run(context.Background(), d, plan.Names, cfgs, plan.Seeds, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := so.Points[p]
		if !slices.Equal(got.Metrics, want.Metrics) || !bytes.Equal(got.DrawsCSV(), want.DrawsCSV()) {
			t.Fatalf("point %d's runs differ from an analysis of its scenarios", p)
		}
		if !bytes.Equal(SummaryCSV(got.Summarise()), SummaryCSV(want.Summarise())) {
			t.Errorf("point %d's summaries differ from an analysis of its scenarios", p)
		}
	}
	// The points differ (they were run at different lengths of stay) but
	// share the draws.
	if bytes.Equal(so.Points[0].DrawsCSV(), so.Points[1].DrawsCSV()) {
		t.Error("the two points ran the same")
	}
}

// The tables do not depend on the number of workers, and draws.csv is
// each point's analysis's, led by the point.
func TestSweepTablesWorkers(t *testing.T) {
	_, one := runSweep(t, 3, 1)
	_, four := runSweep(t, 3, 4)
	a, b := one.Tables(one.Summarise(), provenance.Provenance{Command: "nhssim sweep tiny.yaml"}, &Inputs{}), four.Tables(four.Summarise(), provenance.Provenance{Command: "nhssim sweep tiny.yaml"}, &Inputs{})
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between 1 and 4 workers", a[i].Name)
		}
	}
	var want bytes.Buffer
	want.WriteString("point,draw,scenario,replicate,seed,metric,value\n")
	for p, o := range one.Points {
		body := o.DrawsCSV()
		for _, line := range bytes.SplitAfter(body[bytes.IndexByte(body, '\n')+1:], []byte("\n")) {
			if len(line) > 0 {
				want.WriteString(string(rune('0'+p)) + ",")
				want.Write(line)
			}
		}
	}
	if got := a[3]; got.Name != "draws.csv" || !bytes.Equal(got.Data, want.Bytes()) {
		t.Errorf("%s is not each point's draws.csv led by the point", got.Name)
	}
}

// Levels are the median and interval of each scenario's draw means.
func TestLevels(t *testing.T) {
	o := &Outcome{Design: &Design{U: make([][]float64, 4)}, Scenarios: []string{"a"}, Seeds: []uint64{1, 2}, Metrics: []string{nhs.HeadlineMetrics()[0]}}
	o.Y = [][][][]float64{{{{1}, {3}}, {{4}, {6}}, {{0}, {2}}, {{9}, {11}}}} // draw means 2, 5, 1, 10
	l := o.Levels()
	if len(l) != 1 || l[0].Draws != 4 || l[0].Median != 3.5 || l[0].Lo != Quantile([]float64{1, 2, 5, 10}, 0.025) || l[0].Hi != Quantile([]float64{1, 2, 5, 10}, 0.975) {
		t.Errorf("levels %+v", l)
	}
}
