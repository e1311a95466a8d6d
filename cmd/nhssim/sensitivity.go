package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/sweep"
)

// Defaults of a sensitivity analysis: small runs, since there are many.
const (
	sensPatients      = "20000"
	sensYears         = "2"
	sensWarmup        = "1"
	defaultTraj       = 10
	defaultLevels     = 4
	defaultSamples    = 64
	defaultBootstrap  = 1000
	defaultSensOutDir = "nhssim-out/sensitivity"
)

var cmdSensitivity = &command{
	name:      "sensitivity",
	usageLine: "nhssim sensitivity SCENARIO [--method morris|sobol] [--params a,b,...] [--trajectories R] [--levels P] [--samples N] [--bootstrap B] [--replicates R] [--seed N] [--patients N] [--years Y] [--warmup-years W] [--set path=value]... [--workers W] [--out DIR] [--format svg,png,pdf] [--progress auto|bar|log|none]",
	short:     "which parameters drive the headline metrics: Morris screening, Sobol indices",
	long:      helpText("sensitivity", "headlines", strings.Join(nhs.HeadlineMetrics(), ", "), "trajectories", strconv.Itoa(defaultTraj), "levels", strconv.Itoa(defaultLevels), "runSize", strings.Join(sweep.RunSize, ", "), "level", strconv.Itoa(int(sweep.SensitivityLevel*100)), "samples", strconv.Itoa(defaultSamples), "bootstrap", strconv.Itoa(defaultBootstrap), "patients", sensPatients, "years", sensYears, "warmup", sensWarmup, "out", defaultSensOutDir),
}

// sensFlags are sensitivity's flags.
type sensFlags struct {
	runFlags
	sweep.SensitivityOptions
	params                string
	workers               int
	out, format, progress string
}

// registerSens registers sensitivity's flags: run's, with a smaller
// default size, and the design's.
func (f *sensFlags) registerSens(fs *flag.FlagSet) {
	f.register(fs)
	f.patients, f.years, f.warmup = sensPatients, sensYears, sensWarmup
	fs.Lookup("patients").DefValue, fs.Lookup("years").DefValue, fs.Lookup("warmup-years").DefValue = sensPatients, sensYears, sensWarmup
	fs.StringVar(&f.Method, "method", sweep.Morris, "`method`: morris (screening) or sobol (indices)")
	fs.StringVar(&f.params, "params", "", "comma-separated parameter `paths` (morris: default every ranged one; sobol: required)")
	fs.IntVar(&f.Trajectories, "trajectories", defaultTraj, "morris: `R` trajectories, at least 2")
	fs.IntVar(&f.Levels, "levels", defaultLevels, "morris: `P` grid levels, even")
	fs.IntVar(&f.Samples, "samples", defaultSamples, "sobol: `N` base samples, at least 2 (a power of two)")
	fs.IntVar(&f.Bootstrap, "bootstrap", defaultBootstrap, "`B` bootstrap resamples for the intervals (of μ* over trajectories, of S and ST over samples)")
	fs.IntVar(&f.Replicates, "replicates", 1, "average `R` seeds at every point")
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
	st, err := sweep.NewStudy(&f.SensitivityOptions, f.params, sets, base.Config.Seed)
	if err != nil {
		return sweepErr(err)
	}
	runs, c := st.Runs(), &base.Config
	fmt.Fprintf(e.stdout, "%s on %s (%s patients, statistics %s): %d points × %s = %d runs on %s\n",
		st.What, base.Name, group(float64(c.Population.Patients)), cmpreport.Window(c.Run.WarmupYears, c.Run.Years),
		st.Points, plural(len(st.Seeds), "replicate"), runs, plural(f.workers, "worker"))
	if err := st.Load(scenarios.Loader(), ref, sets); err != nil {
		return sweepErr(err)
	}
	if err := checkMemory(e, "sensitivity", st.Configs, f.workers, runs); err != nil {
		return err
	}
	if err := prepareOut(f.out); err != nil {
		return err
	}
	start := time.Now()
	prog := startProgress(e.stderr, f.progress, fmt.Sprintf("sensitivity: %d runs, %d workers", runs, f.workers), runs)
	pv := provenance.Provenance{Build: e.build, Command: commandLineOf("sensitivity", args), Seeds: st.Seeds, Scenarios: []provenance.Scenario{provenance.Of(base)}}
	indices, files, err := st.Run(ctx, pv, f.workers, prog.Add)
	prog.Finish()
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)
	charts := cmpreport.StudyCharts(st, base, indices, e.build)
	if err := writeOutputs(ctx, e, f.out, files, charts, formats); err != nil {
		return err
	}
	sweep.PrintIndices(e.stdout, f.Method, st.Metrics, slices.Concat(indices...))
	fmt.Fprintf(e.stdout, "\n%d runs in %.1f s; wrote indices.csv, runs.csv, manifest.json, metrics.json and %d charts (%s) to %s\n",
		runs, elapsed.Seconds(), len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

// checkSensitivityFlags checks sensitivity's flags before anything is
// loaded or allocated.
func checkSensitivityFlags(f *sensFlags) error {
	if err := f.Check(); err != nil {
		return sweepErr(err)
	}
	switch {
	case f.workers < 1:
		return usagef("--workers %d: need at least 1", f.workers)
	case !slices.Contains(progressModes, f.progress):
		return usagef("--progress %q: want one of %s", f.progress, strings.Join(progressModes, ", "))
	}
	return nil
}
