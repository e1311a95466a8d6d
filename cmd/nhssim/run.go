package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/runner"
)

var cmdRun = &command{
	name:      "run",
	usageLine: "nhssim run SCENARIO [--seed N] [--patients N] [--years Y] [--warmup-years W] [--set path=value]... [--out DIR] [--json]",
	short:     "simulate one scenario and report its statistics",
	long:      helpText("run"),
}

// runFlags are the flags shared by commands that simulate.
type runFlags struct {
	seed, patients, years, warmup string
	sets                          multiFlag
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.seed, "seed", "", "master random seed `N` (default: the scenario's)")
	fs.StringVar(&f.patients, "patients", "", "registered patients `N` (default: the scenario's)")
	fs.StringVar(&f.years, "years", "", "simulated horizon in `years` (default: the scenario's)")
	fs.StringVar(&f.warmup, "warmup-years", "", "warm-up in `years` before statistics start (default: the scenario's)")
	fs.Var(&f.sets, "set", "override a parameter: `path=value` (repeatable)")
}

// overrides turns the shorthand flags into --set overrides, before the
// explicit ones so that those win.
func (f *runFlags) overrides() []string {
	var out []string
	for _, s := range []struct{ v, path string }{
		{f.seed, "seed"}, {f.patients, "population.patients"},
		{f.years, "run.years"}, {f.warmup, "run.warmup_years"},
	} {
		if s.v != "" {
			out = append(out, s.path+"="+s.v)
		}
	}
	return append(out, f.sets...)
}

func runRun(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdRun, e)
	var rf runFlags
	rf.register(fs)
	out := fs.String("out", "", "write summary.json, series.csv, manifest.json, metrics.json and practices.csv to `DIR`")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a readable summary")
	workers := fs.Int("workers", runtime.NumCPU(), "run market areas on up to `W` goroutines (results do not depend on W)")
	pos, err := parse(fs, cmdRun, e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("run takes one scenario\nusage: %s", cmdRun.usageLine)
	}
	sc, err := scenarios.Load(pos[0], rf.overrides()...)
	if err != nil {
		return err
	}
	if *workers < 1 {
		return usagef("--workers must be at least 1")
	}
	// The market areas share one model, so a run needs one model's memory
	// whatever --workers is.
	if err := checkMemory(e, fmt.Sprintf("%s with %s patients", sc.Name, group(float64(sc.Config.Population.Patients))), []nhs.Config{sc.Config}, 1, 1); err != nil {
		return err
	}
	if *out != "" {
		if err := prepareOut(*out); err != nil {
			return err
		}
	}

	warnRepresentative(e.stderr, sc.Name, &sc.Config)
	start := time.Now()
	res, err := nhs.SimulateContext(ctx, sc.Config, *workers)
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)

	summary := res.SummaryJSON(sc.Name, sc.Config.Seed)
	if *out != "" {
		if err := writeOutputs(ctx, e, *out, cmpreport.RunFiles(e.build, commandLineOf("run", args), sc, res, summary), nil, nil); err != nil {
			return err
		}
	}
	if *asJSON {
		printOverload(e.stderr, "warning: ", res.Warnings)
		_, err := e.stdout.Write(summary)
		return err
	}
	cmpreport.PrintRun(e.stdout, sc, res, elapsed)
	if *out != "" {
		fmt.Fprintf(e.stdout, "\nwrote summary.json, series.csv, manifest.json, metrics.json and practices.csv to %s\n", *out)
	}
	return nil
}

// group writes a whole number with thousands separators.
func group(v float64) string { return numfmt.Group(v) }

// prepareOut is runner.PrepareDir for --out: a directory that cannot be
// written is bad usage.
func prepareOut(dir string) error { return outErr(runner.PrepareDir(dir)) }

// checkWritableDir is runner.CheckWritableDir for --out.
func checkWritableDir(dir string) error { return outErr(runner.CheckWritableDir(dir)) }

func outErr(err error) error {
	if err != nil {
		return usagef("--out %v", err)
	}
	return nil
}

// checkMemory refuses, before any work starts, a job that cannot fit in
// the memory this machine, its cgroup or its Slurm allocation allows:
// workers runs at once, the largest of cfgs each.
func checkMemory(e *env, what string, cfgs []nhs.Config, workers, runs int) error {
	j := memlimit.Job{What: what, Concurrent: min(workers, runs)}
	for _, c := range cfgs {
		j.PerRun = max(j.PerRun, nhs.EstimateMemory(c))
		j.Patients = max(j.Patients, c.Population.Patients)
	}
	if err := e.mem.Check(j); err != nil {
		return usagef("%v", err)
	}
	return nil
}
