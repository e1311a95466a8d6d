package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

var cmdCalibrate = &command{
	name:      "calibrate",
	usageLine: "nhssim calibrate TARGETS.yaml [--out DIR] [--resume] [--waves N] [--workers W] [--progress MODE] [--report FILE [--note TEXT]] [--slurm [--array-size K] [--partition P] [--time T] [--cpus-per-task C]]",
	short:     "fit a scenario to published figures by history matching, here or on Slurm",
	long:      helpText("calibrate"),
}

func runCalibrate(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdCalibrate, e)
	var f sweepFlags
	f.register(fs)
	waves := fs.Int("waves", 0, "at most `N` waves (default: the targets file's)")
	reportTo := fs.String("report", "", "also write the report into `FILE` between its calibrate markers")
	note := fs.String("note", "", "say `TEXT` (such as the commit) in the report's first line")
	pos, err := parse(fs, cmdCalibrate, e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("calibrate takes one targets file\nusage: %s", cmdCalibrate.usageLine)
	}
	if err := f.check(fs); err != nil {
		return err
	}
	if f.shard != "" || f.dryRun || f.wait {
		return usagef("--shard, --dry-run and --wait are sweep's: calibrate runs and waits for every wave")
	}
	tg, err := calibrate.ReadTargets(pos[0], *waves)
	if err != nil {
		return inputErr(err)
	}
	cfg, base, err := calibrate.Base(scenarios.Loader(), tg.Spec)
	if err != nil {
		return usagef("the base scenario with the targets file's set: values is not valid: %s", scenario.FirstIssue(err))
	}
	if err := checkMemory(e, "calibrate "+tg.Spec.Name, []nhs.Config{cfg}, f.workers, tg.Method.Points*tg.Method.Replicates); err != nil && !f.slurm {
		return err
	}
	if f.out == "" {
		f.out = filepath.Join(defaultOut, sweep.DirName(tg.Spec.Name)+"-calibration")
	}
	if err := inputErr(calibrate.CheckDir(f.out, f.resume)); err != nil {
		return err
	}
	if *reportTo != "" { // a document without markers is bad input, found before any run
		if err := calibrate.SpliceFile(*reportTo, "", true); err != nil {
			return inputErr(err)
		}
	}
	r := &calibrate.Runner{Spec: tg.Spec, Loader: scenarios.Loader(), Targets: tg.Targets, Dir: f.out, Workers: f.workers, Build: e.build, Command: commandLineOf("calibrate", args), Log: e.stderr,
		Progress: func(label string, runs int) (func(), func()) {
			p := startProgress(e.stderr, f.progress, "calibrate "+tg.Spec.Name+": "+label, runs)
			return p.Add, p.Finish
		}}
	if f.slurm {
		if r.Slurm, err = calibrate.NewSlurm(f.arraySize, tg.Method.Points, f.partition, f.time, f.cpus); err != nil {
			return err
		}
	}
	start := time.Now()
	res, err := calibrate.Match(ctx, tg.Spec.LHS.Factors, tg.Targets, tg.Method, r.Evaluate, e.stderr)
	if err != nil {
		return interrupted(inputErr(sweepErr(err)), "the waves complete so far are kept; run the same command with --resume")
	}
	res.Base = base
	about := fmt.Sprintf("%s, targets `%s`", e.build, filepath.ToSlash(pos[0]))
	if *note != "" {
		about = *note + "; " + about
	}
	files, err := cmpreport.CalibrationSet(ctx, res, tg, about, provenance.Footer(e.build, nil))
	if err != nil {
		return interrupted(err, "nothing of the results written; the waves run so far are kept: run the same command with --resume")
	}
	if err := runner.WriteSet(f.out, files); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "calibrate %s: %d waves in %.0f s (%s); wrote %s\n", tg.Spec.Name, len(res.Waves), time.Since(start).Seconds(), res.Stop, f.out)
	if *reportTo != "" {
		return inputErr(calibrate.SpliceFile(*reportTo, res.Report(about), false))
	}
	return nil
}
