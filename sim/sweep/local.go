package sweep

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
)

// Load reads the spec at path and plans it with l. A missing or unreadable
// file is an *InputError naming it; a bad spec is ParseSpec's
// *scenario.Error; a point that is not a valid scenario is NewPlan's error.
func Load(path string, l scenario.Loader) (*Plan, error) {
	data, err := scenario.ReadFile(path, scenario.MaxFileSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, inputErrorf("%s: no such sweep spec", path)
		}
		return nil, inputErrorf("%s: %v", path, err)
	}
	spec, err := ParseSpec(path, data)
	if err != nil {
		return nil, err
	}
	return NewPlan(spec, l)
}

// Local is a sweep, or one shard of it, run in this process into Dir.
type Local struct {
	Plan    *Plan
	Shard   Shard // the zero Shard for the whole sweep
	Dir     string
	Resume  bool // keep the points an interrupted run left in Dir
	Workers int
	Origin  Origin
	Mem     memlimit.Env // where memory limits are read; the zero value reads this machine

	// CheckDir checks, before anything is written, that Dir can be written.
	CheckDir func(dir string) error
	// Progress, if not nil, starts reporting the progress of total runs
	// under label; it returns the function each finished run calls and
	// the one that ends the report.
	Progress func(label string, total int) (add, finish func())
	// Written, if not nil, is called after each point is written (tests
	// interrupt with it).
	Written func()
}

// LocalResult is what Local.Run did.
type LocalResult struct {
	Path     string // the results file, or the shard's
	Complete bool   // Path was complete already: nothing ran
	Ran      int    // units (points, or point×draw units) run
	Elapsed  time.Duration
}

// UnitName is what a unit of the plan is called: "point", or with draws
// "point×draw unit".
func (p *Plan) UnitName() string {
	if p.Draws > 0 {
		return "point×draw unit"
	}
	return "point"
}

// Run checks every point of the shard and the memory the largest needs,
// opens Dir (Open) with the metric dictionary (metrics.json) beside the
// results, and runs the pending points into it.
//
// Bad input is an *InputError, or the *PointError or *scenario.Error of
// a point. A cancellation while the points are checked is ctx's error,
// with nothing written; one while they run is an error saying how many
// points are kept for a run with Resume.
func (l *Local) Run(ctx context.Context) (LocalResult, error) {
	p := l.Plan
	points := l.Shard.Points(len(p.Points))
	big, err := p.Inspect(ctx, points, l.Workers)
	if err != nil {
		return LocalResult{}, err
	}
	job := memlimit.Job{What: "sweep " + p.Spec.Name, PerRun: big.Memory, Patients: big.Patients, Concurrent: min(l.Workers, len(points)*p.Runs())}
	if err := l.Mem.Check(job); err != nil {
		return LocalResult{}, &InputError{err.Error()}
	}
	if l.CheckDir != nil {
		if err := l.CheckDir(l.Dir); err != nil {
			return LocalResult{}, err
		}
	}
	out, err := Open(l.Dir, p, l.Shard, l.Resume, l.Origin)
	if err != nil {
		return LocalResult{}, err
	}
	if err := runner.WriteFile(filepath.Join(l.Dir, "metrics.json"), nhs.MetricDictionary()); err != nil {
		out.Close()
		return LocalResult{}, err
	}
	if out.Complete() {
		return LocalResult{Path: out.Path(), Complete: true}, nil
	}
	pending := out.Pending()
	add, finish := func() {}, func() {}
	if l.Progress != nil {
		add, finish = l.Progress(l.label(len(pending), out.Written()), len(pending)*p.Runs())
	}
	start := time.Now()
	write := out.Write
	if l.Written != nil {
		write = func(point int, rows []byte) error {
			err := out.Write(point, rows)
			l.Written()
			return err
		}
	}
	err = p.Run(ctx, pending, l.Workers, write, add)
	finish()
	if err != nil {
		out.Close()
		if errors.Is(err, context.Canceled) {
			return LocalResult{}, fmt.Errorf("interrupted: %d of %d points are written to %s.partial; run the same command with --resume to finish", out.Written(), out.Points(), out.Path())
		}
		return LocalResult{}, err
	}
	if err := out.Finish(); err != nil {
		return LocalResult{}, err
	}
	return LocalResult{Path: out.Path(), Ran: len(pending), Elapsed: time.Since(start)}, nil
}

// label is the progress label of a run of pending units, after written
// points kept from an interrupted run.
func (l *Local) label(pending, written int) string {
	p, unit := l.Plan, l.Plan.UnitName()
	s := fmt.Sprintf("sweep %s: %s × %s × %s = %d runs, %s",
		p.Spec.Name, numfmt.Count(pending, unit, unit+"s"), numfmt.Count(len(p.Names), "scenario", "scenarios"),
		numfmt.Count(len(p.Seeds), "replicate", "replicates"), pending*p.Runs(), numfmt.Count(l.Workers, "worker", "workers"))
	if !l.Shard.Whole() {
		s += ", " + l.Shard.String()
	}
	if written > 0 {
		s += fmt.Sprintf(", resuming after %d points", written)
	}
	return s
}
