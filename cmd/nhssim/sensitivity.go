package main

import (
	"context"
	"flag"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sensitivity"
	"github.com/nhssim/nhssim/sim/sweep"
)

// sensitivityMetrics are the headline metrics a sensitivity analysis
// explains, with readable names: the registry's.
var sensitivityMetrics = func() []struct{ name, label string } {
	var out []struct{ name, label string }
	for _, m := range nhs.HeadlineMetrics() {
		out = append(out, struct{ name, label string }{m, nhs.MetricLabel(m)})
	}
	return out
}()

// sensitivityMetricNames are the metrics' names, in order.
func sensitivityMetricNames() []string {
	names := make([]string, len(sensitivityMetrics))
	for j, m := range sensitivityMetrics {
		names[j] = m.name
	}
	return names
}

// runSize are the parameters that set a run's size rather than the model;
// --patients, --years and --warmup-years set them, and Morris screening
// leaves them out.
var runSize = []string{"population.patients", "run.years", "run.warmup_years"}

// screenedOut are the ranged parameters Morris leaves out by default: the
// run's size, and the appraisal's parameters, which value a run and change
// nothing it simulates, so that no headline metric moves with them.
func screenedOut() []string {
	out := slices.Clone(runSize)
	for _, p := range nhs.Params() {
		if strings.HasPrefix(p.Path, "appraisal.") {
			out = append(out, p.Path)
		}
	}
	return out
}

// Defaults of a sensitivity analysis: small runs, since there are many.
const (
	sensPatients      = "20000"
	sensYears         = "2"
	sensWarmup        = "1"
	defaultTraj       = 10
	defaultLevels     = 4
	defaultSamples    = 64
	defaultBootstrap  = 1000
	sensitivityLevel  = 0.95
	maxSobolFactors   = sensitivity.MaxSobolDim / 2
	defaultSensOutDir = "nhssim-out/sensitivity"
)

var cmdSensitivity = &command{
	name:      "sensitivity",
	usageLine: "nhssim sensitivity SCENARIO [--method morris|sobol] [--params a,b,...] [--trajectories R] [--levels P] [--samples N] [--bootstrap B] [--replicates R] [--seed N] [--patients N] [--years Y] [--warmup-years W] [--set path=value]... [--workers W] [--out DIR] [--format svg,png,pdf] [--progress auto|bar|log|none]",
	short:     "which parameters drive the headline metrics: Morris screening, Sobol indices",
	long: `
Sensitivity varies a scenario's parameters over their plausible ranges (the
registry's, in docs/model.md) and measures how much each drives the headline
metrics (docs/metrics.md):
` + strings.Join(nhs.HeadlineMetrics(), ", ") + `.

--method morris (the default) screens parameters by elementary effects
(Morris 1991; Campolongo et al. 2007): R trajectories (--trajectories,
default ` + strconv.Itoa(defaultTraj) + `) on a P-level grid (--levels, default ` + strconv.Itoa(defaultLevels) + `), R(k+1) runs for
k parameters. With no --params it screens every ranged numeric parameter
except the run's size (` + strings.Join(runSize, ", ") + `)
and the appraisal's (appraisal.*, which change nothing simulated):
about 80, so 10 trajectories are about 800 runs. mu* (the mean absolute
effect) ranks them, in the metric's units per the parameter's whole range;
mu's sign says whether raising the parameter raises the metric; sigma is
large for a nonlinear or interacting one. mu* has a ` + strconv.Itoa(int(sensitivityLevel*100)) + `% bootstrap
interval over the trajectories (--bootstrap resamples), and each metric's
table says whether the leading parameters stand clear of the rest or warns
that the ranking is underpowered (more trajectories would settle it).

--method sobol estimates first-order (S) and total (ST) Sobol' indices for
the few parameters named by --params (required), from N base samples
(--samples, default ` + strconv.Itoa(defaultSamples) + `; a power of two) of a Saltelli design: N(k+2) runs,
with ` + strconv.Itoa(int(sensitivityLevel*100)) + `% bootstrap intervals (--bootstrap resamples, default ` + strconv.Itoa(defaultBootstrap) + `).
An N that is not a power of two is refused (the Sobol' sequence is balanced
only at powers of two), with the nearest two to choose from; a warning says
when the ST intervals do not settle which parameters lead.

Unit-cube points map linearly onto each parameter's range; integers are
rounded to the nearest, other values to 6 significant digits. Every run
uses the same seed (--seed, default the scenario's): common random numbers,
so differences between points are the parameters' doing. --replicates R
averages R seeds (seed to seed+R-1) at every point, for R times the runs.
The number of runs is printed before anything starts.

Runs are small by default, --patients ` + sensPatients + ` --years ` + sensYears + ` --warmup-years ` + sensWarmup + `;
the flags and --set change them as in 'nhssim run'. Results are identical
whatever --workers is.

Output, in DIR (default ./` + defaultSensOutDir + `), as one set with SHA256SUMS last
(the new set whole, or the earlier one left as it was):
  indices.csv     method,metric,param,mu,mu_star,mu_star_lo,mu_star_hi,sigma,
                  S,S_lo,S_hi,ST,ST_lo,ST_hi
  runs.csv        point,replicate,seed,<each parameter>,metric,value
  manifest.json   version, scenario and hash, method, design, seeds, parameters
  charts, in each --format (default svg,png): morris-METRIC (a tornado of
  mu*, 25 largest) and morris (the 10 largest per metric); or sobol-METRIC
  (S and ST with intervals) and sobol

Exit status: 0 on success, 2 for bad usage or input (an unknown parameter,
one without a range, a point that is not a valid scenario; nothing is
written), 1 for a failure or an interruption, 3 for an internal error (a
bug).`,
}

// sensFlags are sensitivity's flags.
type sensFlags struct {
	runFlags
	method, params                 string
	trajectories, levels, samples  int
	bootstrap, replicates, workers int
	out, format, progress          string
}

// registerSens registers sensitivity's flags: run's, with a smaller
// default size, and the design's.
func (f *sensFlags) registerSens(fs *flag.FlagSet) {
	f.register(fs)
	f.patients, f.years, f.warmup = sensPatients, sensYears, sensWarmup
	fs.Lookup("patients").DefValue, fs.Lookup("years").DefValue, fs.Lookup("warmup-years").DefValue = sensPatients, sensYears, sensWarmup
	fs.StringVar(&f.method, "method", sweep.Morris, "`method`: morris (screening) or sobol (indices)")
	fs.StringVar(&f.params, "params", "", "comma-separated parameter `paths` (morris: default every ranged one; sobol: required)")
	fs.IntVar(&f.trajectories, "trajectories", defaultTraj, "morris: `R` trajectories, at least 2")
	fs.IntVar(&f.levels, "levels", defaultLevels, "morris: `P` grid levels, even")
	fs.IntVar(&f.samples, "samples", defaultSamples, "sobol: `N` base samples, at least 2 (a power of two)")
	fs.IntVar(&f.bootstrap, "bootstrap", defaultBootstrap, "`B` bootstrap resamples for the intervals (of μ* over trajectories, of S and ST over samples)")
	fs.IntVar(&f.replicates, "replicates", 1, "average `R` seeds at every point")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "`W` simulations at once (the default is every core)")
	fs.StringVar(&f.out, "out", defaultSensOutDir, "write indices, runs and charts to `DIR`")
	fs.StringVar(&f.format, "format", "svg,png", "chart `formats`, comma-separated: svg, png, pdf")
	fs.StringVar(&f.progress, "progress", "auto", "progress on standard error: `mode` auto, bar, log or none")
}

// varyRunSize lets a run-size parameter named in --params be varied rather
// than held at the default size, unless its flag was given too (and then
// checking the factors reports it).
func varyRunSize(fs *flag.FlagSet, f *sensFlags) {
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, p := range strings.Split(f.params, ",") {
		switch p = strings.TrimSpace(p); {
		case p == "run.years" && !given["years"]:
			f.years = ""
		case p == "run.warmup_years" && !given["warmup-years"]:
			f.warmup = ""
		}
	}
}

// runSensitivityPoints runs every design point with every seed, showing
// progress, and returns each run's sensitivity metrics.
func runSensitivityPoints(ctx context.Context, e *env, f *sensFlags, cfgs []nhs.Config, seeds []uint64, runs int) ([][]float64, error) {
	prog := startProgress(e.stderr, f.progress, fmt.Sprintf("sensitivity: %d runs, %d workers", runs, f.workers), runs)
	defer prog.finish()
	return sweep.RunPoints(ctx, cfgs, seeds, sensitivityMetricNames(), f.workers, prog.add)
}

// parseSensitivity parses and checks sensitivity's flags and its one
// scenario, before anything is loaded.
func parseSensitivity(e *env, args []string) (f *sensFlags, ref string, formats []string, err error) {
	fs := flagSet(cmdSensitivity, e)
	f = new(sensFlags)
	f.registerSens(fs)
	pos, err := parse(fs, cmdSensitivity, e, args)
	if err != nil {
		return nil, "", nil, err
	}
	if len(pos) != 1 {
		return nil, "", nil, usagef("sensitivity takes one scenario\nusage: %s", cmdSensitivity.usageLine)
	}
	if formats, err = parseFormats(f.format); err != nil {
		return nil, "", nil, err
	}
	if err := checkSensitivityFlags(f); err != nil {
		return nil, "", nil, err
	}
	varyRunSize(fs, f)
	return f, pos[0], formats, nil
}

func runSensitivity(ctx context.Context, e *env, args []string) error {
	f, ref, formats, err := parseSensitivity(e, args)
	if err != nil {
		return err
	}
	sets := f.overrides()
	base, err := scenarios.Load(ref, sets...)
	if err != nil {
		return err
	}
	factors, err := sweep.SensitivityFactors(f.method, f.params, sets, screenedOut(), maxSobolFactors)
	if err != nil {
		return usagef("%v", err)
	}
	points, err := sweep.DesignPoints(f.method, len(factors), f.trajectories, f.samples)
	if err != nil {
		return sweepErr(err)
	}
	if err := runner.CheckRuns("sensitivity", points, f.replicates); err != nil {
		return usagef("%v", err)
	}
	seeds := runner.Seeds(base.Config.Seed, f.replicates)
	designSeed := base.Config.Seed
	design, what := newDesign(f, factors, designSeed)
	runs := points * len(seeds)
	c := &base.Config
	fmt.Fprintf(e.stdout, "%s on %s (%s patients, statistics %s): %d points × %s = %d runs on %s\n",
		what, base.Name, group(float64(c.Population.Patients)), cmpreport.Window(c.Run.WarmupYears, c.Run.Years),
		points, plural(len(seeds), "replicate"), runs, plural(f.workers, "worker"))

	cfgs, err := sweep.LoadDesign(scenarios.Loader(), ref, sets, design)
	if err != nil {
		return sweepErr(err)
	}
	if err := checkMemory(e, "sensitivity", cfgs, f.workers, runs); err != nil {
		return err
	}
	if err := prepareOut(f.out); err != nil {
		return err
	}

	start := time.Now()
	outs, err := runSensitivityPoints(ctx, e, f, cfgs, seeds, runs)
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)

	chart := &plots.Sensitivity{
		Title:  fmt.Sprintf("%s of %s: %d runs of %s patients", methodName(f.method), base.Name, runs, group(float64(c.Population.Patients))),
		Note:   fmt.Sprintf("Each parameter over its plausible range; common random numbers (%s).", seedNote(seeds)),
		Footer: provenance.Footer(e.build, seeds),
	}
	indices := analyse(f.method, design, outs, len(seeds), f.bootstrap, designSeed, chart)
	files := []outFile{
		{Name: "indices.csv", Data: sweep.IndicesCSV(indices)},
		{Name: "runs.csv", Data: design.RunsCSV(seeds, sensitivityMetricNames(), outs)},
		{Name: "manifest.json", Data: sensitivityManifest(e, base, f, design, seeds, args)},
	}
	charts := plots.SensitivityCharts(chart)
	if err := writeOutputs(ctx, e, f.out, files, charts, formats); err != nil {
		return err
	}
	sweep.PrintIndices(e.stdout, f.method, sensitivityMetricNames(), indices)
	fmt.Fprintf(e.stdout, "\n%d runs in %.1f s; wrote indices.csv, runs.csv, manifest.json, metrics.json and %d charts (%s) to %s\n",
		runs, elapsed.Seconds(), len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

// analyse averages each metric over the replicates at every point,
// computes the design's indices and adds each metric's panel to chart.
func analyse(method string, design *sweep.Design, outs [][]float64, reps, bootstrap int, designSeed uint64, chart *plots.Sensitivity) []sweep.Index {
	var indices []sweep.Index
	for j, m := range sensitivityMetrics {
		y := sweep.MeanOverReplicates(outs, reps, j)
		idx := design.Analyse(m.name, y, bootstrap, sensitivityLevel, designSeed)
		indices = append(indices, idx...)
		if method == sweep.Morris {
			p := plots.MorrisPanel{Name: m.name, Metric: m.label}
			for _, ix := range idx {
				p.Effects = append(p.Effects, plots.MorrisEffect{Param: ix.Param, Mu: ix.Mu, MuStar: ix.MuStar, Sigma: ix.Sigma,
					MuStarLo: ix.MuStarLo, MuStarHi: ix.MuStarHi})
			}
			chart.Morris = append(chart.Morris, p)
		} else {
			p := plots.SobolPanel{Name: m.name, Metric: m.label}
			for _, ix := range idx {
				p.Indices = append(p.Indices, plots.SobolIndex{Param: ix.Param,
					S: plots.Estimate{Mean: ix.S, Lo: ix.SLo, Hi: ix.SHi}, ST: plots.Estimate{Mean: ix.ST, Lo: ix.STLo, Hi: ix.STHi}})
			}
			chart.Sobol = append(chart.Sobol, p)
		}
	}
	return indices
}

// newDesign builds the Morris or Sobol design of factors and says what it
// is, for people.
func newDesign(f *sensFlags, factors []sweep.Factor, seed uint64) (*sweep.Design, string) {
	if f.method == sweep.Morris {
		return sweep.NewMorrisDesign(factors, f.trajectories, f.levels, seed),
			fmt.Sprintf("Morris screening of %s: %s of %d points", plural(len(factors), "parameter"), pluralWord(f.trajectories, "trajectory", "trajectories"), len(factors)+1)
	}
	return sweep.NewSobolDesign(factors, f.samples, seed),
		fmt.Sprintf("Sobol indices of %s: %d base samples × %d", plural(len(factors), "parameter"), f.samples, len(factors)+2)
}

// checkSensitivityFlags checks sensitivity's flags before anything is
// loaded or allocated; every count is bounded.
func checkSensitivityFlags(f *sensFlags) error {
	switch {
	case f.method != sweep.Morris && f.method != sweep.Sobol:
		return usagef("--method %q: want morris or sobol", f.method)
	case f.levels%2 != 0:
		return usagef("--levels %d: need an even number, at least 2", f.levels)
	case f.workers < 1:
		return usagef("--workers %d: need at least 1", f.workers)
	case !slices.Contains(progressModes, f.progress):
		return usagef("--progress %q: want one of %s", f.progress, strings.Join(progressModes, ", "))
	}
	for _, c := range []struct {
		flag      string
		n, lo, hi int
	}{
		{"--trajectories", f.trajectories, 2, sweep.MaxPoints},
		{"--levels", f.levels, 2, 1000},
		{"--samples", f.samples, 2, sweep.MaxPoints},
		{"--bootstrap", f.bootstrap, 1, 100_000},
		{"--replicates", f.replicates, 1, runner.MaxReplicates},
	} {
		if err := runner.CheckCount(c.flag, c.n, c.lo, c.hi); err != nil {
			return usagef("%v", err)
		}
	}
	if f.method == sweep.Sobol && f.samples&(f.samples-1) != 0 {
		lo := 1 << (bits.Len(uint(f.samples)) - 1)
		return usagef("--samples %d: Sobol' base samples must be a power of two, where the Sobol' sequence is balanced; use %d or %d", f.samples, lo, 2*lo)
	}
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func methodName(m string) string {
	if m == sweep.Morris {
		return "Morris screening"
	}
	return "Sobol indices"
}

func seedNote(seeds []uint64) string {
	if len(seeds) == 1 {
		return fmt.Sprintf("every run has seed %d", seeds[0])
	}
	return fmt.Sprintf("every point averages seeds %d–%d", seeds[0], seeds[len(seeds)-1])
}

func sensitivityManifest(e *env, sc *scenario.Scenario, f *sensFlags, d *sweep.Design, seeds []uint64, args []string) []byte {
	m := sensManifest{
		Provenance: provenance.Provenance{Build: e.build, Command: commandLineOf("sensitivity", args), Seeds: seeds,
			Scenarios: []provenance.Scenario{provenance.Of(sc)}},
		Method: f.method, DesignSeed: sc.Config.Seed, Points: len(d.Values),
	}
	if f.method == sweep.Morris {
		m.Trajectories, m.Levels = f.trajectories, f.levels
	} else {
		m.BaseSamples, m.Bootstrap, m.Level = f.samples, f.bootstrap, sensitivityLevel
	}
	for _, fa := range d.Factors {
		m.Parameters = append(m.Parameters, sensRange{fa.Param.Path, fa.Lo, fa.Hi, fa.Param.Unit})
	}
	out, err := provenance.Encode(m)
	if err != nil {
		panic(err) // a manifest of plain values always encodes
	}
	return out
}

// sensManifest is sensitivity's manifest.json.
type sensManifest struct {
	provenance.Provenance
	Method       string      `json:"method"`
	DesignSeed   uint64      `json:"design_seed"`
	Trajectories int         `json:"trajectories,omitempty"`
	Levels       int         `json:"levels,omitempty"`
	BaseSamples  int         `json:"base_samples,omitempty"`
	Bootstrap    int         `json:"bootstrap,omitempty"`
	Level        float64     `json:"level,omitempty"`
	Points       int         `json:"points"`
	Parameters   []sensRange `json:"parameters"`
}

// sensRange is a parameter varied and its range.
type sensRange struct {
	Path string  `json:"path"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Unit string  `json:"unit"`
}
