package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

var nan = math.NaN()

// uncertaintyReplicates is R under --uncertainty when --replicates is not
// given: the draws, not the replicates, carry most of the spread.
const uncertaintyReplicates = 2

// uncertaintyFlags are compare's flags for an uncertainty analysis.
type uncertaintyFlags struct {
	draws         int
	designSeed    uint64
	distributions string
	bands         string
	calibrated    string
}

func (u *uncertaintyFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&u.draws, "uncertainty", 0, fmt.Sprintf("draw the uncertain parameters `N` times (2 to %d) and report the probability that each scenario is better", uncertainty.MaxDraws))
	fs.Uint64Var(&u.designSeed, "design-seed", 1, "with --uncertainty: the `seed` of the Latin hypercube of draws")
	fs.StringVar(&u.distributions, "distributions", "", "with --uncertainty: a YAML `file` of parameter distributions that replace the registry's")
	fs.StringVar(&u.calibrated, "calibrated", "", "with --uncertainty: draw the calibrated parameters from the non-implausible sample that 'nhssim calibrate' left in `DIR`")
	fs.StringVar(&u.bands, "bands", "", "with --uncertainty: a calibration targets `file` (such as scenarios/targets/england.yaml); report the share of draws outside its bands")
}

// check checks the uncertainty flags once parsed: given is the set of
// flags given on the command line.
func (u *uncertaintyFlags) check(given map[string]bool) error {
	if !given["uncertainty"] {
		for _, name := range []string{"design-seed", "distributions", "bands", "calibrated"} {
			if given[name] {
				return usagef("--%s needs --uncertainty N", name)
			}
		}
		return nil
	}
	if u.draws < 2 || u.draws > uncertainty.MaxDraws {
		return usagef("--uncertainty %d: want 2 to %d parameter draws", u.draws, uncertainty.MaxDraws)
	}
	return nil
}

// runUncertainty runs compare --uncertainty: every scenario at N draws of
// the uncertain parameters, R replicates each.
func runUncertainty(ctx context.Context, e *env, f *compareFlags, refs, formats []string, args []string) error {
	u := f.unc
	var dists map[string]nhs.Dist
	if u.distributions != "" {
		data, err := os.ReadFile(u.distributions)
		if err != nil {
			return usagef("--distributions: %v", err)
		}
		if dists, err = uncertainty.ParseDistributions(u.distributions, data); err != nil {
			return usagef("--distributions:\n%v", err)
		}
	}
	var sample *uncertainty.Sample
	if u.calibrated != "" {
		var err error
		if sample, err = uncertainty.ReadSample(u.calibrated); err != nil {
			return usagef("--calibrated: %v", err)
		}
	}
	var bands []uncertainty.Band
	if u.bands != "" {
		data, err := os.ReadFile(u.bands)
		if err != nil {
			return usagef("--bands: %v", err)
		}
		t, err := calibrate.Parse(u.bands, data)
		if err != nil {
			return err
		}
		bands = uncertainty.Bands(t.Targets)
	}
	spec := cmpreport.Spec{Loader: scenarios.Loader(), Replicates: f.replicates, Command: commandLine(args), Build: e.build}
	for _, ref := range refs {
		spec.Scenarios = append(spec.Scenarios, cmpreport.Ref{Ref: ref, Sets: f.overrides()})
	}
	job, err := cmpreport.Prepare(spec)
	var ie *cmpreport.InputError
	if errors.As(err, &ie) {
		return usagef("%s", ie.Msg)
	}
	if err != nil {
		return err
	}
	scs := job.Scenarios()
	if len(scs) < 2 {
		return usagef("--uncertainty compares scenarios: name at least two (or none, for %s)", strings.Join(defaultCompare, " with "))
	}
	names := make([]string, len(scs))
	cfgs := make([]nhs.Config, len(scs))
	var held []string
	for i, s := range scs {
		names[i], cfgs[i] = s.Name, s.Config
		for _, l := range compare.Levers(&scs[0].Config, &s.Config) {
			if !slices.Contains(held, l.Path) {
				held = append(held, l.Path)
			}
		}
	}
	design, err := uncertainty.NewDesign(dists, held, u.draws, u.designSeed, sample)
	if err != nil {
		return usagef("--uncertainty: %v", err)
	}
	if err := design.Check(names, cfgs); err != nil {
		return usagef("--uncertainty: %v", err)
	}
	seeds := runner.Seeds(cfgs[0].Seed, f.replicates)
	runs := len(cfgs) * design.N() * len(seeds)
	if err := runner.CheckRuns("compare --uncertainty", len(cfgs)*design.N(), len(seeds)); err != nil {
		return usagef("%v", err)
	}
	if err := checkMemory(e, "compare", cfgs, f.workers, runs); err != nil {
		return err
	}
	if err := checkWritableDir(f.out); err != nil {
		return err
	}

	label := fmt.Sprintf("compare --uncertainty: %d runs (%d scenarios × %d draws × %d replicates), %d workers", runs, len(cfgs), design.N(), len(seeds), f.workers)
	prog := startProgress(e.stderr, f.progress, label, runs)
	start := time.Now()
	o, err := uncertainty.Run(ctx, design, names, cfgs, seeds, f.workers, prog.add)
	prog.finish()
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)

	sums := o.Summarise()
	apprs := o.Appraisals()
	pv := provenance.Provenance{Build: e.build, Command: commandLine(args), Seeds: seeds}
	for _, s := range scs {
		pv.Scenarios = append(pv.Scenarios, provenance.Of(s))
	}
	files := []outFile{
		{Name: "uncertainty.csv", Data: uncertainty.SummaryCSV(sums)},
		{Name: "drivers.csv", Data: uncertainty.DriversCSV(sums)},
		{Name: "design.csv", Data: design.DesignCSV()},
		{Name: "draws.csv", Data: o.DrawsCSV()},
		{Name: "appraisal.csv", Data: uncertainty.AppraisalCSV(apprs)},
		{Name: "manifest.json", Data: o.Manifest(pv, u.distributions, u.bands)},
	}
	footer := provenance.Footer(e.build, seeds)
	pu := uncertaintyChartData(o, cfgs, sums, footer)
	charts := plots.UncertaintyCharts(pu)
	if len(apprs) > 0 {
		charts = append(charts, plots.AppraisalCharts(appraisalChartData(apprs, pu.Title, footer))...)
	}
	if err := writeOutputs(ctx, e, f.out, files, charts, formats); err != nil {
		return err
	}
	o.Report(e.stdout, sums, bands, elapsed)
	if len(apprs) > 0 {
		fmt.Fprintln(e.stdout)
		uncertainty.ReportAppraisals(e.stdout, apprs, cfgs[0].Costs.NationalPopulation)
	}
	fmt.Fprintf(e.stdout, "\nwrote uncertainty.csv, drivers.csv, design.csv, draws.csv, appraisal.csv, manifest.json, metrics.json and %d charts (%s, with their data as CSV) to %s\n",
		len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

// appraisalChartData gathers what the appraisal charts show: each
// scenario's draws on the cost-effectiveness plane and its acceptability
// curve, with NICE's thresholds drawn as lines.
func appraisalChartData(as []uncertainty.Appraisal, title, footer string) *plots.Appraisal {
	pa := &plots.Appraisal{Title: title, Footer: footer, Thresholds: appraisal.Thresholds[:2]}
	for _, a := range as {
		c := plots.CostEffectiveness{Scenario: a.Scenario, Baseline: a.Baseline, WTP: uncertainty.CEACThresholds, P: a.CEAC}
		for _, p := range a.Pairs {
			c.Cost, c.QALY = append(c.Cost, p.Cost), append(c.QALY, p.QALY)
		}
		pa.Comparisons = append(pa.Comparisons, c)
	}
	return pa
}

// uncertaintyChartData gathers what the uncertainty charts show: each
// headline difference's draws, probabilities and drivers.
func uncertaintyChartData(o *uncertainty.Outcome, cfgs []nhs.Config, sums []uncertainty.Summary, footer string) *plots.Uncertainty {
	pu := &plots.Uncertainty{
		Title:  fmt.Sprintf("%s: %d parameter draws × %d replicates", strings.Join(o.Scenarios, " vs "), o.Design.N(), len(o.Seeds)),
		Footer: footer,
	}
	if c := cfgs[0]; !slices.ContainsFunc(cfgs, func(o nhs.Config) bool { return o.Population.Patients != c.Population.Patients || o.Run != c.Run }) {
		pu.Title += fmt.Sprintf(" of %s patients, %s", cmpreport.Group(float64(c.Population.Patients)), cmpreport.Window(c.Run.WarmupYears, c.Run.Years))
	}
	for _, s := range sums {
		info, ok := nhs.LookupMetric(s.Metric)
		if !ok || info.Headline == 0 || s.Draws == 0 {
			continue
		}
		h := plots.UncertainHeadline{
			Name: s.Metric, Metric: info.Label, Scenario: s.Scenario, Baseline: s.Baseline,
			Differences: o.DrawDifferences(s.Scenario, s.Metric),
			Median:      s.Median, Lo: s.Lo, Hi: s.Hi, NoiseLo: s.NoiseLo, NoiseHi: s.NoiseHi,
			PBetter: s.PBetter, PWorse: s.PWorse, PBetterMID: s.PBetterMID, PWorseMID: s.PWorseMID, MID: s.MID, Fixed: s.Fixed, Floor: s.Floor,
		}
		for _, d := range s.TopDrivers(10, 0) {
			h.Drivers = append(h.Drivers, plots.SobolIndex{Param: d.Param, S: plots.Estimate{Mean: d.Index, Lo: nan, Hi: nan}, ST: plots.Estimate{Mean: nan, Lo: nan, Hi: nan}})
		}
		pu.Headlines = append(pu.Headlines, h)
	}
	return pu
}
