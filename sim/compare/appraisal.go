package compare

import (
	"math"
	"strconv"

	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/stats"
)

// Appraisal is a scenario's economic appraisal against the baseline, per
// registered patient over the statistics window: its incremental cost and
// QALYs, replicate by replicate, and what follows from them.
type Appraisal struct {
	Scenario, Baseline string
	// Pairs are the incremental cost (£, discounted) and QALYs
	// (discounted; positive = health gained) of each replicate, paired
	// on its seed. Replicates missing either figure are left out.
	Pairs []appraisal.Pair
	Cost  stats.Estimate // mean incremental cost with its 95% interval
	QALYs stats.Estimate // mean incremental QALYs with its 95% interval
	// NMB is the net monetary benefit at each of appraisal.Thresholds,
	// the mean over replicates with its 95% interval.
	NMB [len(appraisal.Thresholds)]stats.Estimate
	// ICER is the ratio of the mean incremental cost to the mean
	// incremental QALYs, with its quadrant.
	ICER appraisal.ICER
}

// Appraise returns the appraisal of every scenario after the first against
// the first, from the metrics nhs.AppraisalCost and nhs.AppraisalQALYs
// (QALYs lost) of each replicate. Every output is a function of the
// replicates' (ΔC, ΔQ) pairs.
func Appraise(scs []Scenario) []Appraisal {
	var out []Appraisal
	for i := 1; i < len(scs); i++ {
		out = append(out, appraise(&scs[0], &scs[i]))
	}
	return out
}

func appraise(base, sc *Scenario) Appraisal {
	a := Appraisal{Scenario: sc.Name, Baseline: base.Name}
	bc, sc0 := base.Values(nhs.AppraisalCost), sc.Values(nhs.AppraisalCost)
	bq, sq := base.Values(nhs.AppraisalQALYs), sc.Values(nhs.AppraisalQALYs)
	for r := range min(len(bc), len(sc0)) {
		// QALYs are reported as QALYs lost: fewer lost is health gained.
		p := appraisal.Pair{Cost: sc0[r] - bc[r], QALY: bq[r] - sq[r]}
		if !math.IsNaN(p.Cost) && !math.IsNaN(p.QALY) {
			a.Pairs = append(a.Pairs, p)
		}
	}
	return FromPairs(a.Scenario, a.Baseline, a.Pairs)
}

// FromPairs returns the appraisal of scenario against baseline from pairs
// of incremental cost and QALYs: one per replicate, or one per draw of the
// parameters, whose mean and interval it then reports.
func FromPairs(scenario, baseline string, pairs []appraisal.Pair) Appraisal {
	a := Appraisal{Scenario: scenario, Baseline: baseline, Pairs: pairs}
	costs, qalys := make([]float64, len(a.Pairs)), make([]float64, len(a.Pairs))
	for i, p := range a.Pairs {
		costs[i], qalys[i] = p.Cost, p.QALY
	}
	a.Cost, a.QALYs = stats.MeanCI(costs, Level), stats.MeanCI(qalys, Level)
	for j, w := range appraisal.Thresholds {
		nmb := make([]float64, len(a.Pairs))
		for i, p := range a.Pairs {
			nmb[i] = appraisal.NMB(p, w)
		}
		a.NMB[j] = stats.MeanCI(nmb, Level)
	}
	a.ICER = appraisal.ICEROf(appraisal.Pair{Cost: a.Cost.Mean, QALY: a.QALYs.Mean})
	return a
}

// AppraisalCSV writes appraisals, one measure a row:
// scenario,baseline,measure,threshold,value,lo,hi,n,note. The measures are
// incremental_cost and incremental_qalys (per head over the window,
// discounted), net_monetary_benefit at each threshold (£ per QALY) and icer
// (£ per QALY, empty in the quadrants where a ratio would mislead; note says
// what it means).
func AppraisalCSV(as []Appraisal) []byte {
	var recs [][]string
	row := func(a *Appraisal, measure string, threshold float64, e stats.Estimate, note string) {
		t := ""
		if threshold > 0 {
			t = strconv.FormatFloat(threshold, 'f', -1, 64)
		}
		recs = append(recs, []string{a.Scenario, a.Baseline, measure, t, num(e.Mean), num(e.Lo), num(e.Hi), strconv.Itoa(e.N), note})
	}
	for i := range as {
		a := &as[i]
		row(a, "incremental_cost", 0, a.Cost, "£ per head over the window, discounted")
		row(a, "incremental_qalys", 0, a.QALYs, "QALYs per head over the window, discounted; positive = health gained")
		for j, w := range appraisal.Thresholds {
			row(a, "net_monetary_benefit", w, a.NMB[j], "£ per head over the window")
		}
		row(a, "icer", 0, stats.Estimate{Mean: a.ICER.Value, Lo: math.NaN(), Hi: math.NaN(), N: a.Cost.N}, a.ICER.String())
	}
	return table([]string{"scenario", "baseline", "measure", "threshold", "value", "lo", "hi", "n", "note"}, len(recs), func(i int) []string { return recs[i] })
}
