package sweep

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// CheckShardsDir refuses, with an *InputError, a results directory that
// already holds shard results (unless resume) or shards of a job array of
// other than k tasks. A directory that does not exist yet is fine.
func CheckShardsDir(dir string, k int, resume bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return inputErrorf("--out %s: %v", dir, err)
	}
	for _, en := range entries {
		name := en.Name()
		var i, kk int
		n, _ := fmt.Sscanf(name, "shard-%d-of-%d.", &i, &kk)
		if n == 2 && kk != k {
			return inputErrorf("%s holds shards of a %d-task run (%s): use the same --array-size, or another --out", dir, kk, name)
		}
		if !resume && (n == 2 || name == ResultsFile) {
			return inputErrorf("%s already holds results (%s): add --resume to run what is unfinished, or use another --out", dir, name)
		}
	}
	return nil
}

// ErrNoSbatch is returned by Submit when sbatch is not on PATH.
var ErrNoSbatch = errors.New("sbatch not found")

// Submit submits script with sbatch --parsable and any further options
// (such as --dependency=afterany:ID) and returns the job's id.
func Submit(ctx context.Context, script string, options ...string) (id string, err error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sbatch", append(append([]string{"--parsable"}, options...), script)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", ErrNoSbatch
		}
		return "", fmt.Errorf("sbatch %s: %v: %s", script, err, strings.TrimSpace(stderr.String()))
	}
	id, _, _ = strings.Cut(strings.TrimSpace(stdout.String()), ";")
	if id == "" {
		return "", fmt.Errorf("sbatch %s gave no job id: %s", script, strings.TrimSpace(stderr.String()))
	}
	return id, nil
}

// WaitForJob polls squeue every poll until job id has left the queue, and
// gives up after 10 failures of squeue in a row. sbatch --wait is not used:
// it polls slowly, and its exit status can hide a failed task (see
// .ci/slurm/README.md); merging checks each shard's files instead.
func WaitForJob(ctx context.Context, id string, poll time.Duration) error {
	failures := 0
	for {
		var stdout, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, "squeue", "-h", "-j", id, "-o", "%i")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("interrupted while waiting for job %s, which goes on running: merge its shards when it has finished", id)
		case err == nil && strings.TrimSpace(stdout.String()) == "":
			return nil
		case err != nil && strings.Contains(stderr.String(), "Invalid job id"):
			return nil // finished and already purged
		case err != nil:
			if failures++; failures == 10 {
				return fmt.Errorf("squeue -j %s failed 10 times: %v: %s", id, err, strings.TrimSpace(stderr.String()))
			}
		default:
			failures = 0
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll):
		}
	}
}

// Submission is a job array's written script, to submit with sbatch.
type Submission struct {
	Script    string // the script's path
	Tasks     int
	DryRun    bool   // only say how to submit it
	Wait      bool   // wait for the array to leave the queue, then call Merge
	MergeHint string // the command that combines the shards, said when they are not merged here
	// After, if not nil, is called with the array's job id once it is
	// submitted and not waited for (to submit a job that depends on it,
	// say); without it, Run says how to combine the shards.
	After func(id string) error
	// Merge is called, with Wait, once the array has ended.
	Merge func() error
	// Poll is how often squeue is asked, with Wait; the default is a second.
	Poll time.Duration
}

// Run submits the script unless DryRun and, with Wait, waits for the
// array (WaitForJob) and calls Merge. It says what it does on w, and that
// it waits on log.
func (s Submission) Run(ctx context.Context, w, log io.Writer) error {
	if s.DryRun {
		fmt.Fprintf(w, "not submitted (--dry-run); submit it with:\n  sbatch %s\nand when it has finished, combine the shards with:\n  %s\n", s.Script, s.MergeHint)
		return nil
	}
	id, err := Submit(ctx, s.Script)
	if errors.Is(err, ErrNoSbatch) {
		return fmt.Errorf("sbatch not found: is this a Slurm login node? The script is written; submit it elsewhere with sbatch %s, or use --dry-run", s.Script)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "submitted job %s (tasks 0-%d); logs in %s\n", id, s.Tasks-1, filepath.Join(filepath.Dir(s.Script), "logs"))
	if !s.Wait {
		if s.After != nil {
			return s.After(id)
		}
		fmt.Fprintf(w, "when it has finished, combine the shards with:\n  %s\n", s.MergeHint)
		return nil
	}
	fmt.Fprintf(log, "nhssim: waiting for job %s to finish\n", id)
	if err := WaitForJob(ctx, id, cmp.Or(s.Poll, time.Second)); err != nil {
		return err
	}
	return s.Merge()
}
