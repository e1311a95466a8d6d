package sweep

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nhssim/nhssim/sim/runner"
)

// DefaultArraySize caps the default number of Slurm tasks: each costs a
// second or two of scheduling, so a task should hold several points.
const DefaultArraySize = 10

// DirName makes a sweep's name a safe directory name: letters, digits and
// -_. only, and never . or ..
func DirName(name string) string {
	s := SafeName(name)
	if strings.Trim(s, ".") == "" {
		return "sweep"
	}
	return s
}

// Array is a sweep's Slurm job array: how many tasks, and where and how
// each runs.
type Array struct {
	Tasks     int // 0 for the smaller of DefaultArraySize and the points
	Partition string
	Time      string
	CPUs      int
	Resume    bool // keep the shards already in the directory
	// Args are more arguments for every task's command, such as
	// --uncertainty N: whatever, beside the spec, the plan depends on.
	Args []string
}

// WriteArray readies the plan (read from specPath) to run as a Slurm job
// array of a.Tasks shards in dir: it checks every point, then writes the
// manifest, the logs directory, the shards' count and the script
// (SlurmScript), each task running this binary on one shard. checkDir
// checks, before anything is written, that dir can be written. It returns
// the script's path and the number of tasks. Bad input is an
// *InputError, or the *PointError or *scenario.Error of a point.
func (p *Plan) WriteArray(ctx context.Context, specPath, dir string, a Array, buildID string, origin Origin, checkDir func(string) error) (string, int, error) {
	k := a.Tasks
	if k == 0 {
		k = min(DefaultArraySize, p.Units())
	}
	if k > p.Units() {
		return "", 0, inputErrorf("--array-size %d: the sweep has only %s, so at most %d tasks", k, p.DescribeUnits(), p.Units())
	}
	if err := p.Check(ctx, Shard{}.Points(len(p.Points)), runtime.GOMAXPROCS(0)); err != nil {
		return "", 0, err
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", 0, err
	}
	bin, err := os.Executable()
	if err != nil {
		return "", 0, fmt.Errorf("finding this nhssim binary for the tasks to run: %w", err)
	}
	spec, err := filepath.Abs(specPath)
	if err != nil {
		return "", 0, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", 0, err
	}
	job := SlurmJob{
		Name: p.Spec.Name, Hash: p.Hash, Binary: bin, Spec: spec, Dir: dir, WorkDir: wd,
		Tasks: k, Partition: a.Partition, Time: a.Time, CPUs: a.CPUs, Args: a.Args,
	}
	// The script is made, and every value in it checked, before anything
	// is written.
	text, err := job.Script(buildID)
	if err != nil {
		return "", 0, err
	}
	if err := CheckShardsDir(dir, k, a.Resume); err != nil {
		return "", 0, err
	}
	if err := checkDir(dir); err != nil {
		return "", 0, err
	}
	if err := WriteManifest(dir, p.Manifest(origin)); err != nil {
		return "", 0, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return "", 0, err
	}
	if err := WriteShards(dir, k); err != nil {
		return "", 0, err
	}
	script := filepath.Join(dir, SlurmScript)
	return script, k, runner.WriteFile(script, []byte(text))
}
