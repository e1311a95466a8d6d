package compare

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/nhs"
)

func appraisalFixture() []Scenario {
	r := func(cost, lost float64) *nhs.Result {
		return result(map[string]float64{nhs.AppraisalCost: cost, nhs.AppraisalQALYs: lost})
	}
	return []Scenario{
		{"base", []*nhs.Result{r(1000, 0.05), r(1010, 0.06), r(990, 0.04)}},
		// Dearer by 10, 20, 30 and 0.001, 0.002, 0.003 fewer QALYs lost.
		{"other", []*nhs.Result{r(1010, 0.049), r(1030, 0.058), r(1020, 0.037)}},
		{"missing", []*nhs.Result{r(nan, 0.05), r(1000, 0.06), r(990, 0.04)}},
	}
}

func TestAppraise(t *testing.T) {
	as := Appraise(appraisalFixture())
	if len(as) != 2 {
		t.Fatalf("%d appraisals, want one per scenario after the baseline", len(as))
	}
	a := as[0]
	if a.Scenario != "other" || a.Baseline != "base" || len(a.Pairs) != 3 {
		t.Fatalf("appraisal %+v", a)
	}
	if !near(a.Cost.Mean, 20, 1e-9) || !near(a.QALYs.Mean, 0.002, 1e-12) {
		t.Errorf("incremental cost %v and QALYs %v, want 20 and 0.002", a.Cost.Mean, a.QALYs.Mean)
	}
	// NMB at 20,000: 20×0.001−10, 20×0.002−20, 20×0.003−30 → 10, 20, 30.
	if !near(a.NMB[0].Mean, 20, 1e-9) || !near(a.NMB[0].Lo, 20-4.302652729911275*10/math.Sqrt(3), 1e-6) {
		t.Errorf("NMB at £20,000 = %+v, want 20 with a t interval", a.NMB[0])
	}
	if a.ICER.Quadrant != appraisal.NorthEast || !near(a.ICER.Value, 10000, 1e-6) {
		t.Errorf("ICER = %+v, want £10,000 per QALY in the north-east", a.ICER)
	}
	if got := len(as[1].Pairs); got != 2 {
		t.Errorf("a replicate with no cost gives %d pairs, want it left out (2)", got)
	}
	csv := string(AppraisalCSV(as))
	for _, want := range []string{
		"scenario,baseline,measure,threshold,value,lo,hi,n,note\n",
		"other,base,incremental_cost,,20,",
		"other,base,net_monetary_benefit,70000,",
		"other,base,icer,,10000.0", ",,,3,£10000 per QALY gained\n",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("appraisal.csv lacks %q:\n%s", want, csv)
		}
	}
}

// A scenario identical to its baseline, run on the same seeds, has an
// incremental net monetary benefit of exactly 0 at every threshold.
func TestAppraiseIdenticalIsZero(t *testing.T) {
	cfg := nhs.Defaults()
	cfg.Population.Patients = 5000
	cfg.Run.Years, cfg.Run.WarmupYears = 1.5, 0.5
	res, err := Simulate(context.Background(), []nhs.Config{cfg, cfg}, []uint64{1, 2}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := Appraise([]Scenario{{"base", res[0]}, {"same", res[1]}})[0]
	if c, _ := res[0][0].Metric(nhs.AppraisalCost); !(c > 0) {
		t.Fatalf("appraisal cost %v: the runs cost nothing", c)
	}
	for j, e := range a.NMB {
		if e.Mean != 0 || e.Lo != 0 || e.Hi != 0 {
			t.Errorf("NMB at £%v = %+v, want exactly 0", appraisal.Thresholds[j], e)
		}
	}
	if a.Cost.Mean != 0 || a.QALYs.Mean != 0 || a.ICER.Quadrant != appraisal.Same {
		t.Errorf("identical scenario: cost %v, QALYs %v, %v", a.Cost.Mean, a.QALYs.Mean, a.ICER)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
