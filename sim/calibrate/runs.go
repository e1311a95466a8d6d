package calibrate

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// Slurm says how to run each wave as a Slurm job array: the fields of
// [sweep.SlurmJob] that are not the wave's own.
type Slurm struct {
	Binary    string // absolute path of the nhssim binary the tasks run
	WorkDir   string
	Tasks     int // tasks per wave (at most its points)
	Partition string
	Time      string
	CPUs      int
	Poll      time.Duration // how often to ask squeue whether a wave is done
}

// Runner runs the waves of a calibration as sweeps of the simulator: wave
// w is the sweep spec Dir/waves/wave-w/spec.yaml — the targets file's base
// scenario, size, fixed values, seeds and replicates at the wave's points —
// with its results in that directory, as 'nhssim sweep' writes them. A
// wave whose results are complete there is read, not run again, so an
// interrupted calibration resumes where it stopped; with Slurm, each wave
// is a job array whose shards are merged as a sweep's are.
type Runner struct {
	Spec    *sweep.Spec
	Loader  scenario.Loader
	Targets []Target
	Dir     string
	Workers int
	// Build and Command are what each wave's sweep manifest records: the
	// build of nhssim and the command line of the calibration.
	Build   provenance.Build
	Command string
	Slurm   *Slurm // nil: here
	// Progress, if set, is called before a wave's runs with a label and
	// their number; it returns a function to call after each run and one
	// to call at the end.
	Progress func(label string, runs int) (add, finish func())
	Log      io.Writer
}

// WaveDir is the directory of wave w's sweep.
func WaveDir(dir string, w int) string { return filepath.Join(dir, "waves", fmt.Sprintf("wave-%d", w)) }

// WaveSpec writes wave w's sweep spec: the calibration's base at points.
func (r *Runner) WaveSpec(w int, points [][]float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Wave %d of calibrating %s, written by nhssim calibrate: run it with\n# nhssim sweep on this file as any sweep.\n", w, r.Spec.Name)
	fmt.Fprintf(&b, "name: %s-wave-%d\n", r.Spec.Name, w)
	fmt.Fprintf(&b, "scenarios: [%s]\nreplicates: %d\n", strconv.Quote(BaseRef(r.Spec)), r.Spec.Replicates)
	if r.Spec.SeedSet {
		fmt.Fprintf(&b, "seed: %d\n", r.Spec.Seed)
	}
	if len(r.Spec.Fixed) > 0 {
		b.WriteString("set:\n")
		for _, o := range r.Spec.Fixed {
			fmt.Fprintf(&b, "  %s: %s\n", o.Path, o.Value)
		}
	}
	factors := r.Spec.LHS.Factors
	names := make([]string, len(factors))
	for j, f := range factors {
		names[j] = f.Param.Path
	}
	values := make([][]string, len(points))
	for i, x := range points {
		values[i] = make([]string, len(x))
		for j, f := range factors {
			values[i][j] = f.Format(x[j])
		}
	}
	b.WriteString(sweep.PointsYAML(names, values))
	return b.String()
}

// BaseRef is a spec's base scenario as a loader anywhere finds it: a path
// (relative to the spec) made absolute, or a shipped scenario's name.
func BaseRef(spec *sweep.Spec) string {
	ref := spec.Scenarios[0]
	if scenario.IsPath(ref) {
		if !filepath.IsAbs(ref) {
			ref = filepath.Join(filepath.Dir(spec.File), ref)
		}
		if abs, err := filepath.Abs(ref); err == nil {
			ref = abs
		}
	}
	return ref
}

// Base loads the spec's base scenario with its fixed values (the size of
// the calibration's runs) and returns its configuration and its values of
// the factors: what the calibration is an alternative to.
func Base(l scenario.Loader, spec *sweep.Spec) (nhs.Config, []float64, error) {
	sets := make([]string, len(spec.Fixed))
	for i, o := range spec.Fixed {
		sets[i] = o.String()
	}
	sc, err := l.Load(BaseRef(spec), sets...)
	if err != nil {
		return nhs.Config{}, nil, err
	}
	out := make([]float64, len(spec.LHS.Factors))
	for j, f := range spec.LHS.Factors {
		out[j], _ = f.Param.Number(&sc.Config)
	}
	return sc.Config, out, nil
}

// Evaluate runs wave w at points, here or on Slurm, and reads its results.
func (r *Runner) Evaluate(ctx context.Context, w int, points [][]float64) ([][][]float64, error) {
	dir := WaveDir(r.Dir, w)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	specPath := filepath.Join(dir, "spec.yaml")
	text := r.WaveSpec(w, points)
	if err := runner.WriteFile(specPath, []byte(text)); err != nil {
		return nil, err
	}
	spec, err := sweep.ParseSpec(specPath, []byte(text))
	if err != nil {
		return nil, fmt.Errorf("wave %d's spec does not read back (a bug): %w", w, err)
	}
	plan, err := sweep.NewPlan(spec, r.Loader)
	if err != nil {
		return nil, err
	}
	if err := plan.Check(ctx, sweep.Shard{}.Points(len(plan.Points)), r.Workers); err != nil {
		return nil, err
	}
	if r.Slurm != nil {
		err = r.slurm(ctx, w, plan, specPath, dir)
	} else {
		err = r.local(ctx, w, plan, dir)
	}
	if err != nil {
		return nil, err
	}
	return r.read(filepath.Join(dir, sweep.ResultsFile), len(points))
}

func (r *Runner) local(ctx context.Context, w int, plan *sweep.Plan, dir string) error {
	out, err := sweep.Open(dir, plan, sweep.Shard{}, true, sweep.Origin{Build: r.Build, Command: r.Command, Shard: r.Command})
	if err != nil {
		return err
	}
	if out.Complete() {
		fmt.Fprintf(r.Log, "calibrate: wave %d: complete in %s; read, not run again\n", w, dir)
		return nil
	}
	add, finish := func() {}, func() {}
	if r.Progress != nil {
		label := fmt.Sprintf("wave %d runs", w)
		if out.Written() > 0 {
			label += fmt.Sprintf(", resuming after %d points", out.Written())
		}
		add, finish = r.Progress(label, len(out.Pending())*plan.Runs())
	}
	err = plan.Run(ctx, out.Pending(), r.Workers, out.Write, add)
	finish()
	if err != nil {
		out.Close()
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted in wave %d: %d of %d points are written in %s; run the same command with --resume to finish", w, out.Written(), out.Points(), dir)
		}
		return err
	}
	return out.Finish()
}

func (r *Runner) slurm(ctx context.Context, w int, plan *sweep.Plan, specPath, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, sweep.ResultsFile)); err == nil {
		fmt.Fprintf(r.Log, "calibrate: wave %d: merged results in %s; read, not run again\n", w, dir)
		return nil
	}
	s := r.Slurm
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	absSpec, err := filepath.Abs(specPath)
	if err != nil {
		return err
	}
	k := min(s.Tasks, len(plan.Points))
	job := sweep.SlurmJob{Name: plan.Spec.Name, Hash: plan.Hash, Binary: s.Binary, Spec: absSpec, Dir: absDir, WorkDir: s.WorkDir,
		Tasks: k, Partition: s.Partition, Time: s.Time, CPUs: s.CPUs}
	text, err := job.Script(r.Build.ID())
	if err != nil {
		return err
	}
	if err := sweep.CheckShardsDir(absDir, k, true); err != nil {
		return err
	}
	// The tasks run the wave's spec as a sweep; each shard's manifest
	// records its own command line.
	if err := sweep.WriteManifest(absDir, plan.Manifest(sweep.Origin{Build: r.Build, Command: "nhssim sweep " + absSpec})); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(absDir, "logs"), 0o755); err != nil {
		return err
	}
	if err := sweep.WriteShards(absDir, k); err != nil {
		return err
	}
	script := filepath.Join(absDir, sweep.SlurmScript)
	if err := runner.WriteFile(script, []byte(text)); err != nil {
		return err
	}
	id, err := sweep.Submit(ctx, script)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.Log, "calibrate: wave %d: submitted job %s (%d tasks); waiting\n", w, id, k)
	if err := sweep.WaitForJob(ctx, id, s.Poll); err != nil {
		return err
	}
	_, err = sweep.Merge(ctx, absDir, k)
	return err
}

// read reads a wave's results: y[point][replicate][target].
func (r *Runner) read(path string, points int) ([][][]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := func(name string) int { return slices.Index(head, name) }
	pc, rc, mc, vc := col("point"), col("replicate"), col("metric"), col("value")
	if pc < 0 || rc < 0 || mc < 0 || vc < 0 {
		return nil, fmt.Errorf("%s: not a sweep's results (header %q)", path, head)
	}
	reps := r.Spec.Replicates
	y := make([][][]float64, points)
	for i := range y {
		y[i] = make([][]float64, reps)
		for rep := range y[i] {
			y[i][rep] = make([]float64, len(r.Targets))
			for t := range y[i][rep] {
				y[i][rep][t] = math.NaN()
			}
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t := slices.IndexFunc(r.Targets, func(tg Target) bool { return tg.Metric == rec[mc] })
		if t < 0 {
			continue
		}
		p, err1 := strconv.Atoi(rec[pc])
		rep, err2 := strconv.Atoi(rec[rc])
		if err1 != nil || err2 != nil || p < 0 || p >= points || rep < 1 || rep > reps {
			return nil, fmt.Errorf("%s: bad row %q", path, rec)
		}
		if v, err := strconv.ParseFloat(rec[vc], 64); err == nil {
			y[p][rep-1][t] = v
		}
	}
	return y, nil
}
