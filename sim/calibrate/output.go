package calibrate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/runner"
)

// Output files of a calibration, besides each wave's region
// (RegionFile) and the charts the caller draws.
const (
	EmulatorsFile = "emulators.csv"
	FittedFile    = "fitted.csv"
	RangesFile    = "ranges.csv"
	ScenarioFile  = "fitted.yaml"
	ReportFile    = "report.md"
)

// RegionFile is the name of wave w's non-implausible region.
func RegionFile(w int) string { return fmt.Sprintf("wave-%d-nonimplausible.csv", w) }

// g writes x to six significant digits, by numfmt's one rule for numbers
// in files (a plain decimal from 1e-6 to 1e21), or "" if it is undefined.
func g(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return numfmt.Exact(r)
}

func table(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(rows)
	return b.Bytes()
}

// Files returns the calibration's output files: each wave's region,
// the emulators' diagnostics, the best point's fit to the targets, the
// parameters' ranges, a scenario with the fitted values that extends base
// (as written in a scenario's extends:), and a report in Markdown. about
// says what was run (the build, the commit), for the report.
func (r *Result) Files(base, name, about string) []runner.File {
	var files []runner.File
	for _, w := range r.Waves {
		rows := [][]string{append(r.paramNames(), "implausibility")}
		for i, x := range w.Region {
			row := make([]string, 0, len(x)+1)
			for _, v := range x {
				row = append(row, g(v))
			}
			rows = append(rows, append(row, g(w.RegionI[i])))
		}
		files = append(files, runner.File{Name: RegionFile(w.Number), Data: table(rows)})
	}
	files = append(files,
		runner.File{Name: EmulatorsFile, Data: table(r.emulatorRows())},
		runner.File{Name: FittedFile, Data: table(r.fittedRows())},
		runner.File{Name: RangesFile, Data: table(r.rangeRows())},
		runner.File{Name: ScenarioFile, Data: []byte(r.Scenario(base, name))},
		runner.File{Name: ReportFile, Data: []byte(r.Report(about))},
	)
	return files
}

func formatAll(xs []float64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%.2f", x)
	}
	return out
}

func (r *Result) paramNames() []string {
	out := make([]string, len(r.Factors))
	for j, f := range r.Factors {
		out[j] = f.Param.Path
	}
	return out
}

func (r *Result) emulatorRows() [][]string {
	head := []string{"wave", "metric", "scale", "points", "signal_variance", "nugget_variance", "stochastic_variance", "loo_rmse", "loo_within_2sd", "loo_beyond_3sd", "cuts"}
	for _, n := range r.paramNames() {
		head = append(head, "length_"+n)
	}
	rows := [][]string{head}
	for _, w := range r.Waves {
		for t, e := range w.Emulators {
			s2 := e.scale * e.scale
			row := []string{strconv.Itoa(w.Number), r.Targets[t].Metric, r.Targets[t].scale(), strconv.Itoa(len(e.X)), g(e.Signal * s2), g(e.Nugget * s2), g(w.StochVar[t]),
				g(w.LOO[t].RMSE), g(w.LOO[t].Within2), g(w.LOO[t].Beyond3), strconv.FormatBool(w.cuts(t))}
			for _, l := range e.Length {
				row = append(row, g(l))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// Emulated returns, for target t, the smallest and largest expectation of
// the last wave's emulator over the final region: the values the region
// predicts.
func (r *Result) Emulated(t int) (lo, hi float64) {
	w := r.Final()
	lo, hi = math.NaN(), math.NaN()
	us := unitsOf(w.Region, r.Factors)
	for i, u := range us {
		if i == 2000 {
			break
		}
		m := r.Targets[t].back(w.Emulators[t].mean(u))
		if i == 0 || m < lo {
			lo = m
		}
		if i == 0 || m > hi {
			hi = m
		}
	}
	return lo, hi
}

func (r *Result) fittedRows() [][]string {
	rows := [][]string{{"metric", "observed", "sd", "source", "best_mean", "best_lo", "best_hi", "best_implausibility", "region_lo", "region_hi"}}
	w := r.Waves[r.BestWave]
	reps := float64(r.Method.Replicates)
	for t, tg := range r.Targets {
		e := r.BestEstimate(t)
		sd := math.Sqrt(tg.ObsVar + tg.DiscVar)
		imp := math.Abs(tg.fwd(tg.Observed)-tg.fwd(e.Mean)) / math.Sqrt(tg.zVar()+w.StochVar[t]*(1+1/reps))
		lo, hi := r.Emulated(t)
		rows = append(rows, []string{tg.Metric, g(tg.Observed), g(sd), tg.Source, g(e.Mean), g(e.Lo), g(e.Hi), g(imp), g(lo), g(hi)})
	}
	return rows
}

func (r *Result) rangeRows() [][]string {
	rows := [][]string{{"param", "prior_lo", "prior_hi", "region_lo", "region_hi", "best"}}
	best := r.BestValues()
	for j, rg := range r.Ranges() {
		f := r.Factors[j]
		rows = append(rows, []string{f.Param.Path, g(f.Lo), g(f.Hi), g(rg[0]), g(rg[1]), f.Format(best[j])})
	}
	return rows
}

// Scenario is a scenario file that extends base with the best run's
// values: name is its name.
func (r *Result) Scenario(base, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s with the values of the calibration's least implausible run\n# (written by nhssim calibrate; see %s for the ranges that fit as well).\n", name, base, ReportFile)
	fmt.Fprintf(&b, "name: %s\nextends: %s\n", name, strconv.Quote(base))
	best := r.BestValues()
	// Group by section: a scenario nests hospitals.los_mean_days as
	// hospitals: {los_mean_days: ...}.
	var order []string
	sections := map[string][]string{}
	for j, f := range r.Factors {
		sec, field, ok := strings.Cut(f.Param.Path, ".")
		if !ok {
			sec, field = "", f.Param.Path
		}
		if _, seen := sections[sec]; !seen {
			order = append(order, sec)
		}
		sections[sec] = append(sections[sec], fmt.Sprintf("%s: %s", field, f.Format(best[j])))
	}
	for _, sec := range order {
		if sec == "" {
			for _, l := range sections[sec] {
				b.WriteString(l + "\n")
			}
			continue
		}
		b.WriteString(sec + ":\n")
		for _, l := range sections[sec] {
			b.WriteString("  " + l + "\n")
		}
	}
	return b.String()
}

// Report is the calibration in Markdown: the method, each wave, the
// emulators' checks, the fitted ranges and the best run against the
// targets.
func (r *Result) Report(about string) string {
	var b strings.Builder
	m := r.Method
	rank := "the largest"
	if m.Rank == 2 {
		rank = "the second largest"
	}
	fmt.Fprintf(&b, "History matching of %d parameters to %d targets: %s. Each wave ran %d points × %d replicates; implausibility is %s over the targets, cut-off %g. Stopped because %s.\n\n",
		len(r.Factors), len(r.Targets), about, m.Points, m.Replicates, rank, m.Cutoff, r.Stop)
	b.WriteString("| wave | runs | candidates tried | non-implausible | region's share of the prior | added by a random walk, for the next design |\n|---|---|---|---|---|---|\n")
	for _, w := range r.Waves {
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %s | %d |\n", w.Number, len(w.Points)*m.Replicates, w.Tried, w.Accepted, numfmt.Human(w.Volume), len(w.Walk))
	}
	b.WriteString("\nWhen a wave's uniform sample finds fewer non-implausible points than a wave runs, a random walk from them inside the region adds more for the next wave's design (not for the region's volume or ranges, which are the uniform sample's).\n\n")
	var logs []string
	for _, tg := range r.Targets {
		if tg.Transform != "" {
			logs = append(logs, fmt.Sprintf("`%s` (%s)", tg.Metric, tg.Transform))
		}
	}
	if len(logs) > 0 {
		fmt.Fprintf(&b, "Emulated on a log scale, with the implausibility computed there (the observation's and discrepancy's variances by the delta method): %s.\n\n", strings.Join(logs, ", "))
	}
	fmt.Fprintf(&b, "Emulator checks (leave-one-out, on the emulated scale: RMSE in log units for a log target; a good emulator has about 95%% within ±2 sd and none beyond ±3). Only an emulator with at least %g within ±2 sd and at most %g beyond ±3 rules points out in its wave; one that fails is reported but does not cut:\n\n| wave | metric | scale | points | LOO RMSE | within ±2 sd | beyond ±3 sd | cuts |\n|---|---|---|---|---|---|---|---|\n", minWithin2, maxBeyond3)
	for _, w := range r.Waves {
		for t, e := range w.Emulators {
			l := w.LOO[t]
			cuts := "yes"
			if !w.cuts(t) {
				cuts = "**no**"
			}
			fmt.Fprintf(&b, "| %d | `%s` | %s | %d | %s | %.2f | %.2f | %s |\n", w.Number, r.Targets[t].Metric, r.Targets[t].scale(), len(e.X), numfmt.Human(l.RMSE), l.Within2, l.Beyond3, cuts)
		}
	}
	b.WriteString("\nParameters: prior range, the range of the final non-implausible region, and the least implausible run:\n\n| parameter | prior | non-implausible | best run |\n|---|---|---|---|\n")
	best := r.BestValues()
	for j, rg := range r.Ranges() {
		f := r.Factors[j]
		fmt.Fprintf(&b, "| `%s` | %s – %s | %s – %s | %s |\n", f.Param.Path, g(f.Lo), g(f.Hi), g(rg[0]), g(rg[1]), f.Format(best[j]))
	}
	if imp := r.BaseImplausibility(); imp != nil {
		worst := slices.Max(imp)
		verdict := "non-implausible: the base scenario's values are among those that fit"
		if worst > m.Cutoff {
			verdict = "implausible: the base scenario's values are ruled out"
		}
		vals := make([]string, len(r.Base))
		for j, f := range r.Factors {
			vals[j] = f.Format(r.Base[j])
		}
		fmt.Fprintf(&b, "\nThe base scenario's own values (%s, in the order above) have implausibility %s under the waves' emulators in turn: %s.\n",
			strings.Join(vals, ", "), strings.Join(formatAll(imp), ", "), verdict)
		r.explainBase(&b)
	}
	fmt.Fprintf(&b, "\nTargets at the least implausible run (wave %d, point %d; implausibility %.2f), with 95%% intervals for its replicates' mean (from the wave's pooled run-to-run variance), and the range the final region's emulators predict:\n\n| metric | observed | sd (obs. + discrepancy) | source | simulated | 95%% interval | region predicts |\n|---|---|---|---|---|---|---|\n",
		r.BestWave+1, r.Best, r.BestI)
	for t, tg := range r.Targets {
		e := r.BestEstimate(t)
		lo, hi := r.Emulated(t)
		label := tg.Metric
		if info, ok := nhs.LookupMetric(tg.Metric); ok {
			label = info.Label + " (`" + tg.Metric + "`)"
		}
		h := numfmt.Human
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s – %s | %s – %s |\n", label, g(tg.Observed), h(math.Sqrt(tg.ObsVar+tg.DiscVar)), tg.Source, h(e.Mean), h(e.Lo), h(e.Hi), h(lo), h(hi))
	}
	return b.String()
}
