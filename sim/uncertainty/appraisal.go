package uncertainty

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// CEACThresholds are the values of a QALY, in £, at which the
// acceptability curve is tabulated: 0 to £100,000 in steps of £5,000,
// which include NICE's £20,000 and £30,000 and the £70,000 of the Green
// Book's wellbeing value.
var CEACThresholds = func() []float64 {
	var out []float64
	for w := 0.0; w <= 100000; w += 5000 {
		out = append(out, w)
	}
	return out
}()

// Appraisal is a scenario's appraisal against the baseline over the draws:
// each draw's incremental cost and QALYs per head (the mean of its
// replicates; draws missing either are left out), the acceptability curve
// and the expected value of perfect information.
type Appraisal struct {
	Scenario, Baseline string
	Pairs              []appraisal.Pair // one per draw: the cost-effectiveness plane
	CEAC               []float64        // at CEACThresholds: the share of draws with a positive NMB
	EVPI               []float64        // per person, at appraisal.Thresholds
}

// Appraisals returns every scenario's appraisal against the first, from
// the metrics nhs.AppraisalCost and nhs.AppraisalQALYs (QALYs lost), or
// nil if the runs do not report them.
func (o *Outcome) Appraisals() []Appraisal {
	c, q := slices.Index(o.Metrics, nhs.AppraisalCost), slices.Index(o.Metrics, nhs.AppraisalQALYs)
	if c < 0 || q < 0 {
		return nil
	}
	var out []Appraisal
	for s := 1; s < len(o.Scenarios); s++ {
		a := Appraisal{Scenario: o.Scenarios[s], Baseline: o.Scenarios[0]}
		for i := range o.Design.N() {
			var p appraisal.Pair
			for r := range o.Seeds {
				p.Cost += (o.Y[s][i][r][c] - o.Y[0][i][r][c]) / float64(len(o.Seeds))
				// QALYs lost: fewer lost is health gained.
				p.QALY += (o.Y[0][i][r][q] - o.Y[s][i][r][q]) / float64(len(o.Seeds))
			}
			if !math.IsNaN(p.Cost) && !math.IsNaN(p.QALY) {
				a.Pairs = append(a.Pairs, p)
			}
		}
		if len(a.Pairs) == 0 {
			continue
		}
		a.CEAC = appraisal.CEAC(a.Pairs, CEACThresholds)
		for _, w := range appraisal.Thresholds {
			a.EVPI = append(a.EVPI, appraisal.EVPI(a.Pairs, w))
		}
		out = append(out, a)
	}
	return out
}

// AppraisalCSV writes the appraisals in tidy form,
// scenario,baseline,measure,threshold,draw,value: each draw's
// incremental_cost and incremental_qalys (the cost-effectiveness plane),
// the acceptability curve (p_cost_effective at each threshold) and the
// EVPI per person at each of appraisal.Thresholds.
func AppraisalCSV(as []Appraisal) []byte {
	rows := [][]string{{"scenario", "baseline", "measure", "threshold", "draw", "value"}}
	for _, a := range as {
		row := func(measure, threshold, draw string, v float64) {
			rows = append(rows, []string{csvField(a.Scenario), csvField(a.Baseline), measure, threshold, draw, num(v)})
		}
		for i, p := range a.Pairs {
			row("incremental_cost", "", strconv.Itoa(i+1), p.Cost)
			row("incremental_qalys", "", strconv.Itoa(i+1), p.QALY)
		}
		for k, w := range CEACThresholds {
			row("p_cost_effective", num(w), "", a.CEAC[k])
		}
		for k, w := range appraisal.Thresholds {
			row("evpi_per_person", num(w), "", a.EVPI[k])
		}
	}
	return writeCSV(rows)
}

// ReportAppraisals prints, per scenario, the probability that it is cost
// effective and the EVPI at each of appraisal.Thresholds, per person and
// for a population of people.
func ReportAppraisals(w io.Writer, as []Appraisal, people float64) {
	for _, a := range as {
		fmt.Fprintf(w, "Appraisal of %s against %s over %d draws (discounted, per head over the window):", a.Scenario, a.Baseline, len(a.Pairs))
		for k, t := range appraisal.Thresholds {
			i := slices.Index(CEACThresholds, t)
			fmt.Fprintf(w, " at £%s a QALY, cost effective in %s of draws, EVPI £%s a head (£%s for %s people)",
				numfmt.Group(t), pct(a.CEAC[i]), numfmt.Human(a.EVPI[k]), numfmt.Human(appraisal.PopulationEVPI(a.EVPI[k], people)), numfmt.Group(people))
			if k < len(appraisal.Thresholds)-1 {
				fmt.Fprint(w, ";")
			}
		}
		fmt.Fprintln(w, ".")
	}
}
