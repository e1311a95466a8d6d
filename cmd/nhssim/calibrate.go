package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
)

var cmdCalibrate = &command{
	name:      "calibrate",
	usageLine: "nhssim calibrate TARGETS.yaml [--out DIR] [--resume] [--waves N] [--workers W] [--progress MODE] [--report FILE [--note TEXT]] [--slurm [--array-size K] [--partition P] [--time T] [--cpus-per-task C]]",
	short:     "fit a scenario to published figures by history matching, here or on Slurm",
	long: `
Calibrate history-matches a scenario to observed figures. A targets file is
a sweep spec (see nhssim help sweep) naming one base scenario, its size,
fixed values, replicates and seed, and a latin_hypercube whose params are
the parameters to fit (their plausible ranges, or narrower ones) and whose
points are the runs per wave; with two more fields:

  history_matching: {waves: 4, cutoff: 3, implausibility: max, candidates: 20000, shrink: 0.2}
  targets:
    - {metric: mean_stay_days, observed: 4.5, tolerance: 0.5, source: hf-2023-los}
    - {metric: acsc_admissions_per_1000, observed: 15.4, observation_variance: 1,
       discrepancy_variance: 0.5, source: steventon2018}

A target names a summary metric of the registry (nhssim metrics), the
observed value and its uncertainty: observation_variance (with an optional
discrepancy_variance for the model's known shortfall) or a tolerance, read
as three standard deviations. Each wave runs its points (a Latin hypercube
in wave 1, then a maximin design inside the region left) with replicates,
fits a Gaussian-process emulator to each target, and keeps the candidate
points whose implausibility |z - E[f(x)]| / sqrt(Var_em + Var_obs +
Var_disc + Var_stoch), the largest (or second largest) over the targets, is
at most the cut-off under every wave's emulators. It stops at the wave
limit (--waves overrides the file's), when a wave shrinks the region by
less than shrink, or when nothing is left.

Each wave is a sweep in DIR/waves/wave-N (spec.yaml, results.csv), run here
or, with --slurm, as a job array whose shards are merged as 'nhssim sweep'
does; an interrupted calibration resumes with --resume, reading the waves
that are complete. The results, written whole into DIR:

  report.md                   the waves, emulator checks, fitted ranges and targets
  wave-N-nonimplausible.csv   each wave's non-implausible region (a sample)
  wave-N-pairs.svg            its pair plot
  emulators.csv               each emulator's hyperparameters and leave-one-out checks
  ranges.csv, fitted.csv      the parameters' ranges; the best run against the targets
  fitted.yaml                 a scenario extending the base with the best run's values

--report FILE also writes report.md into FILE between the lines
<!-- calibrate:begin --> and <!-- calibrate:end -->; --note TEXT puts TEXT
(such as the commit the binary was built from) in its first line.

Exit status: 0 on success; 2 for bad usage or input (a bad targets file: an
unknown metric or parameter, a range outside a parameter's domain, a
non-positive variance), with nothing run; 1 for a failure or interruption.`,
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
	tg, err := readTargets(pos[0], *waves)
	if err != nil {
		return err
	}
	cfg, base, err := calibrate.Base(scenarios.Loader(), tg.Spec)
	if err != nil {
		return usagef("the base scenario with the targets file's set: values is not valid: %s", scenario.FirstIssue(err))
	}
	job := memlimit.Job{What: "calibrate " + tg.Spec.Name, PerRun: nhs.EstimateMemory(cfg), Patients: cfg.Population.Patients, Concurrent: min(f.workers, tg.Method.Points*tg.Method.Replicates)}
	if err := e.mem.Check(job); err != nil && !f.slurm {
		return usagef("%v", err)
	}
	if f.out == "" {
		f.out = filepath.Join(defaultOut, dirName(tg.Spec.Name)+"-calibration")
	}
	if err := calibErr(calibrate.CheckDir(f.out, f.resume)); err != nil {
		return err
	}
	if *reportTo != "" { // a document without markers is bad input, found before any run
		if err := spliceReport(*reportTo, "", true); err != nil {
			return err
		}
	}
	r := &calibrate.Runner{Spec: tg.Spec, Loader: scenarios.Loader(), Targets: tg.Targets, Dir: f.out, Workers: f.workers, Build: e.build, Command: commandLineOf("calibrate", args), Log: e.stderr,
		Progress: func(label string, runs int) (func(), func()) {
			p := startProgress(e.stderr, f.progress, "calibrate "+tg.Spec.Name+": "+label, runs)
			return p.add, p.finish
		}}
	if f.slurm {
		if r.Slurm, err = calibrationSlurm(&f, tg.Method.Points); err != nil {
			return err
		}
	}
	start := time.Now()
	res, err := calibrate.Match(ctx, tg.Spec.LHS.Factors, tg.Targets, tg.Method, r.Evaluate, e.stderr)
	if err != nil {
		return interrupted(calibErr(sweepErr(err)), "the waves complete so far are kept; run the same command with --resume")
	}
	res.Base = base
	about := fmt.Sprintf("%s, targets `%s`", e.build, filepath.ToSlash(pos[0]))
	if *note != "" {
		about = *note + "; " + about
	}
	if err := writeCalibration(ctx, f.out, res, tg, about, provenance.Footer(e.build, nil)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "calibrate %s: %d waves in %.0f s (%s); wrote %s\n", tg.Spec.Name, len(res.Waves), time.Since(start).Seconds(), res.Stop, f.out)
	if *reportTo != "" {
		return spliceReport(*reportTo, res.Report(about), false)
	}
	return nil
}

// calibrationSlurm is where and how each wave runs as a Slurm job array.
func calibrationSlurm(f *sweepFlags, points int) (*calibrate.Slurm, error) {
	bin, err := os.Executable()
	if err != nil {
		return nil, err
	}
	wd, _ := os.Getwd()
	tasks := f.arraySize
	if tasks == 0 {
		tasks = min(defaultArraySize, points)
	}
	return &calibrate.Slurm{Binary: bin, WorkDir: wd, Tasks: tasks, Partition: f.partition, Time: f.time, CPUs: f.cpus, Poll: time.Second}, nil
}

// writeCalibration writes a calibration's results and its pair plots, each
// with the provenance footer, into dir as one set. A Ctrl-C (ctx cancelled)
// between charts stops it with nothing written.
func writeCalibration(ctx context.Context, dir string, res *calibrate.Result, tg *calibrate.Targets, about, footer string) error {
	files := res.Files(calibrate.BaseRef(tg.Spec), tg.Spec.Name+"-fitted", about)
	for _, c := range calibrationCharts(res) {
		if ctx.Err() != nil {
			return interrupted(ctx.Err(), "nothing of the results written; the waves run so far are kept: run the same command with --resume")
		}
		c.Footer = footer
		svg, err := c.Render("svg")
		if err != nil {
			return err
		}
		files = append(files, runner.File{Name: c.Name + ".svg", Data: svg})
	}
	return runner.WriteSet(dir, files)
}

// readTargets reads and checks a targets file; --waves, if given,
// overrides its wave limit.
func readTargets(path string, waves int) (*calibrate.Targets, error) {
	data, err := scenario.ReadFile(path, scenario.MaxFileSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("%s: no such targets file", path)
		}
		return nil, usagef("%s: %v", path, err)
	}
	tg, err := calibrate.Parse(path, data)
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			lines := make([]string, len(se.Issues))
			for i, is := range se.Issues {
				lines[i] = "  " + is.Error()
			}
			return nil, usagef("the targets file has %s:\n%s", plural(len(se.Issues), "problem"), strings.Join(lines, "\n"))
		}
		return nil, err
	}
	if waves < 0 || waves > 20 {
		return nil, usagef("--waves %d: want 1 to 20", waves)
	}
	if waves > 0 {
		tg.Method.Waves = waves
	}
	return tg, nil
}

// calibErr makes the calibrate package's errors for bad input usage
// errors, which exit 2.
func calibErr(err error) error {
	var ie *calibrate.InputError
	if errors.As(err, &ie) {
		return usagef("%s", ie.Msg)
	}
	return err
}

// calibrationCharts draws each wave's non-implausible region as a pair
// plot over the parameters' ranges, marking the least implausible run.
func calibrationCharts(res *calibrate.Result) []*plots.Chart {
	k := len(res.Factors)
	names, lo, hi := make([]string, k), make([]float64, k), make([]float64, k)
	for j, f := range res.Factors {
		names[j], lo[j], hi[j] = f.Param.Path, f.Lo, f.Hi
	}
	var out []*plots.Chart
	for _, w := range res.Waves {
		title := fmt.Sprintf("Non-implausible region after wave %d (%s of the prior's volume)", w.Number, numfmt.Human(w.Volume))
		out = append(out, plots.PairsChart(fmt.Sprintf("wave-%d-pairs", w.Number), title,
			"Each dot is a sampled parameter set that no target rules out; the cross is the least implausible run.",
			names, lo, hi, w.Region, res.BestValues()))
	}
	return out
}

// spliceReport writes report into the document at path, between its
// calibrate markers; with check, it only checks that it could.
func spliceReport(path, report string, check bool) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return usagef("--report %s: %v", path, err)
	}
	out, err := calibrate.Splice(string(doc), report)
	if err != nil {
		return usagef("--report %s: %v", path, err)
	}
	if check {
		return nil
	}
	return runner.WriteFile(path, []byte(out))
}
