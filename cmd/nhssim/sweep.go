package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/sweep"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

var cmdSweep = &command{
	name: "sweep",
	usageLine: `nhssim sweep SPEC.yaml [--out DIR] [--resume] [--workers W] [--progress auto|bar|log|none] [--shard I/K] [--uncertainty N [--design-seed S]]
       nhssim sweep SPEC.yaml --slurm [--array-size K] [--partition P] [--time T] [--cpus-per-task C] [--dry-run] [--wait] [--out DIR]
       nhssim sweep merge DIR [--shards K]`,
	short: "run scenarios over many parameter values, here or on a Slurm cluster",
	long:  helpText("sweep", "defaultOut", defaultOut),
}

// sweepFlags are sweep's flags.
type sweepFlags struct {
	out, progress, shard string
	resume               bool
	workers              int
	draws                int    // --uncertainty N
	designSeed           uint64 // --design-seed

	slurmFlags

	origin sweep.Origin // what the manifests record of this command
}

// register registers sweep's flags.
func (f *sweepFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.out, "out", "", "write the results to `DIR` (default "+defaultOut+"/NAME)")
	fs.BoolVar(&f.resume, "resume", false, "finish an interrupted sweep in DIR, keeping its points")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "`W` simulations at once (the default is every core)")
	fs.StringVar(&f.progress, "progress", "auto", "progress on standard error: `mode` auto, bar, log or none")
	fs.StringVar(&f.shard, "shard", "", "run shard `I/K` only: the points p with p mod K = I")
	fs.IntVar(&f.draws, "uncertainty", 0, fmt.Sprintf("run `N` draws of the uncertain parameters (2 to %d) at every point, the same at each", uncertainty.MaxDraws))
	fs.Uint64Var(&f.designSeed, "design-seed", 1, "with --uncertainty: the `seed` of the Latin hypercube of draws")
	f.slurmFlags.register(fs, "points")
}

// check checks sweep's flags, before the spec is read.
func (f *sweepFlags) check(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case f.workers < 1:
		return usagef("--workers %d: need at least 1", f.workers)
	case !slices.Contains(progressModes, f.progress):
		return usagef("--progress %q: want one of %s", f.progress, strings.Join(progressModes, ", "))
	case f.slurm && f.shard != "":
		return usagef("--slurm and --shard: --slurm runs every shard as a task of its own")
	case set["uncertainty"] && (f.draws < 2 || f.draws > uncertainty.MaxDraws):
		return usagef("--uncertainty %d: want 2 to %d parameter draws at every point", f.draws, uncertainty.MaxDraws)
	}
	return f.slurmFlags.check(set)
}

func runSweep(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "merge" {
		return runMerge(ctx, e, args[1:])
	}
	fs := flagSet(cmdSweep, e)
	var f sweepFlags
	f.register(fs)
	pos, err := parse(fs, cmdSweep, e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sweep takes one spec file\nusage: %s", cmdSweep.usageLine)
	}
	if err := f.check(fs); err != nil {
		return err
	}

	plan, err := sweep.Load(pos[0], scenarios.Loader())
	if err != nil {
		return sweepErr(err)
	}
	design, err := f.prepareDraws(ctx, fs, plan)
	if err != nil {
		return err
	}
	if f.out == "" {
		f.out = filepath.Join(defaultOut, sweep.DirName(plan.Spec.Name))
	}
	var shard sweep.Shard
	if f.shard != "" {
		if shard, err = sweep.ParseShard(f.shard); err != nil {
			return sweepErr(err)
		}
		if shard.K > plan.Units() {
			return usagef("--shard %s: the sweep has only %s, so at most %d shards", f.shard, plan.DescribeUnits(), plan.Units())
		}
	}
	f.origin = sweep.Origin{Build: e.build, Command: "nhssim sweep " + pos[0], Shard: commandLineOf("sweep", args)}
	if design != nil {
		f.origin.Command += fmt.Sprintf(" --uncertainty %d --design-seed %d", design.N(), design.Seed)
	}
	if f.slurm {
		return submitSlurm(ctx, e, plan, design, pos[0], &f)
	}
	return runLocal(ctx, e, plan, design, shard, &f)
}

// runLocal runs a sweep, or one shard of it, here (sweep.Local), and
// reports it.
func runLocal(ctx context.Context, e *env, plan *sweep.Plan, design *uncertainty.Design, shard sweep.Shard, f *sweepFlags) error {
	l := &sweep.Local{Plan: plan, Shard: shard, Dir: f.out, Resume: f.resume, Workers: f.workers, Origin: f.origin, Mem: e.mem, CheckDir: checkWritableDir, Written: e.pointWritten,
		Progress: func(label string, total int) (func(), func()) {
			p := startProgress(e.stderr, f.progress, label, total)
			return p.Add, p.Finish
		}}
	res, err := l.Run(ctx)
	if err != nil {
		return interrupted(sweepErr(err), "while checking the sweep's points; nothing written")
	}
	if res.Complete {
		fmt.Fprintf(e.stdout, "%s is complete: nothing to do\n", res.Path)
		return f.summarise(ctx, e, plan, design, shard)
	}
	fmt.Fprintf(e.stdout, "sweep %s: %s × %s in %.1f s; wrote %s\n", plan.Spec.Name, plural(res.Ran, plan.UnitName()),
		plural(plan.Runs(), "run"), res.Elapsed.Seconds(), res.Path)
	if !shard.Whole() {
		fmt.Fprintf(e.stdout, "when every shard is done, combine them with: %s\n", f.mergeHint(plan, f.out))
	}
	return f.summarise(ctx, e, plan, design, shard)
}

// sweepErr makes the sweep package's errors for bad input usage errors,
// which exit 2.
func sweepErr(err error) error {
	if msg, ok := sweep.InputMessage(err); ok {
		return usagef("%s", msg)
	}
	return err
}

// submitSlurm writes the job-array script for the sweep and, unless
// --dry-run, submits it.
func submitSlurm(ctx context.Context, e *env, plan *sweep.Plan, design *uncertainty.Design, specPath string, f *sweepFlags) error {
	a := sweep.Array{Tasks: f.arraySize, Partition: f.partition, Time: f.time, CPUs: f.cpus, Resume: f.resume}
	if design != nil {
		a.Args = []string{"--uncertainty", strconv.Itoa(design.N()), "--design-seed", strconv.FormatUint(design.Seed, 10)}
	}
	script, k, err := plan.WriteArray(ctx, specPath, f.out, a, e.build.ID(), f.origin, checkWritableDir)
	if err != nil {
		return interrupted(sweepErr(err), "while checking the sweep's points; nothing written")
	}
	dir := filepath.Dir(script)
	fmt.Fprintf(e.stdout, "wrote %s: %s of %s (%s) in %s tasks\n", script, plan.DescribeUnits(), plan.Spec.Name,
		plural(plan.Units()*plan.Runs(), "run"), strconv.Itoa(k))
	return sweep.Submission{Script: script, Tasks: k, DryRun: f.dryRun, Wait: f.wait, MergeHint: f.mergeHint(plan, dir), Merge: func() error {
		if err := merge(ctx, e, dir, k); err != nil {
			return err
		}
		return f.summarise(ctx, e, plan, design, sweep.Shard{})
	}}.Run(ctx, e.stdout, e.stderr)
}

func runMerge(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdSweep, e)
	shards := fs.Int("shards", 0, "expect `K` shards (default: as the sweep was submitted, or as the shard files say)")
	pos, err := parse(fs, cmdSweep, e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sweep merge takes one results directory\nusage: nhssim sweep merge DIR [--shards K]")
	}
	if *shards < 0 {
		return usagef("--shards %d: need at least 1", *shards)
	}
	return merge(ctx, e, pos[0], *shards)
}

func merge(ctx context.Context, e *env, dir string, k int) error {
	res, err := sweep.Merge(ctx, dir, k)
	if err != nil {
		return interrupted(sweepErr(err), "nothing written")
	}
	if res.Unchanged {
		fmt.Fprintf(e.stdout, "%s: already merged; the %d shards give the same table\n", res.Path, res.Shards)
		return nil
	}
	fmt.Fprintf(e.stdout, "merged %d shards: %s, %d rows, into %s\n", res.Shards, plural(res.Points, "point"), res.Rows, res.Path)
	return nil
}
