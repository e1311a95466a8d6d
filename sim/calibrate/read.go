package calibrate

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// ReadTargets reads and checks a targets file; waves, if not 0, overrides
// its wave limit (a command's --waves). Bad input is an *InputError.
func ReadTargets(path string, waves int) (*Targets, error) {
	data, err := scenario.ReadFile(path, scenario.MaxFileSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &InputError{path + ": no such targets file"}
		}
		return nil, &InputError{fmt.Sprintf("%s: %v", path, err)}
	}
	tg, err := Parse(path, data)
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			return nil, &InputError{se.List("the targets file")}
		}
		return nil, err
	}
	if waves < 0 || waves > 20 {
		return nil, &InputError{fmt.Sprintf("--waves %d: want 1 to 20", waves)}
	}
	if waves > 0 {
		tg.Method.Waves = waves
	}
	return tg, nil
}

// NewSlurm is where and how each wave of points runs as a Slurm job
// array: this binary, from the working directory, in tasks tasks (0 for
// the smaller of sweep.DefaultArraySize and the points).
func NewSlurm(tasks, points int, partition, limit string, cpus int) (*Slurm, error) {
	bin, err := os.Executable()
	if err != nil {
		return nil, err
	}
	wd, _ := os.Getwd()
	if tasks == 0 {
		tasks = min(sweep.DefaultArraySize, points)
	}
	return &Slurm{Binary: bin, WorkDir: wd, Tasks: tasks, Partition: partition, Time: limit, CPUs: cpus, Poll: time.Second}, nil
}

// SpliceFile writes report into the document at path, between its
// calibrate markers; with check, it only checks that it could. A document
// that cannot be read or lacks the markers is an *InputError.
func SpliceFile(path, report string, check bool) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return &InputError{fmt.Sprintf("--report %s: %v", path, err)}
	}
	out, err := Splice(string(doc), report)
	if err != nil {
		return &InputError{fmt.Sprintf("--report %s: %v", path, err)}
	}
	if check {
		return nil
	}
	return runner.WriteFile(path, []byte(out))
}
