package uncertainty

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/sweep"
)

// Files of an analysis run on Slurm, in its output directory.
const (
	SlurmScript      = "uncertainty.sbatch"       // the job array of shards
	SlurmMergeScript = "uncertainty-merge.sbatch" // the job that merges them
)

// SlurmJob is an analysis run as a Slurm job array: task I runs the
// command with --shard I/K, and a job of its own merges the K shards
// with --merge-shards K.
type SlurmJob struct {
	Binary          string   // absolute path of the nhssim binary
	Dir             string   // absolute path of the output directory
	WorkDir         string   // where the tasks start: the submission directory
	Args            []string // compare's arguments, as [TaskArgs] leaves them
	Command         string   // the command line, for the scripts' comment
	Version         string   // the build of nhssim
	Tasks           int
	CPUs            int    // each task's, which it runs that many simulations on
	Partition, Time string // "" for the cluster's defaults
}

// Locate sets the job's paths for this process: Dir to out made
// absolute, Binary to this binary and WorkDir to the working directory.
func (j *SlurmJob) Locate(out string) error {
	var err error
	if j.Dir, err = filepath.Abs(out); err != nil {
		return err
	}
	if j.Binary, err = os.Executable(); err != nil {
		return fmt.Errorf("finding this nhssim binary for the tasks to run: %w", err)
	}
	j.WorkDir, err = os.Getwd()
	return err
}

// Write checks every value that goes into the scripts (see
// [sweep.CheckScript]; a bad one is its *sweep.InputError) and writes the
// array's script and the merge's, and the logs directory, in Dir. It
// returns the scripts' paths. describe says what the analysis runs.
func (j SlurmJob) Write(describe string) (script, merge string, err error) {
	values := []sweep.ScriptValue{
		{What: "this nhssim binary's path", Value: j.Binary},
		{What: "--out", Value: j.Dir, InSBATCH: true},
		{What: "the working directory", Value: j.WorkDir, InSBATCH: true},
	}
	quoted := make([]string, len(j.Args))
	for i, a := range j.Args {
		values = append(values, sweep.ScriptValue{What: "the argument", Value: a})
		quoted[i] = sweep.ShellQuote(a)
	}
	if err := sweep.CheckScript(j.Partition, j.Time, values...); err != nil {
		return "", "", err
	}
	// The flags go before the scenarios, which may follow a --.
	given := strings.Join(quoted, " ")
	bin, dir, k := sweep.ShellQuote(j.Binary), sweep.ShellQuote(j.Dir), j.Tasks
	script, merge = filepath.Join(j.Dir, SlurmScript), filepath.Join(j.Dir, SlurmMergeScript)
	logs := filepath.Join(j.Dir, "logs")
	array := sweep.JobScript{
		About: fmt.Sprintf(`%s
as a Slurm job array of %d tasks, written by nhssim %s: %s.
Task i runs shard i/%d (the draws d with d mod %d = i) and writes
%s,
whole or not at all.

Submit with:  sbatch %s
and the merge after it:  sbatch --dependency=afterany:JOBID %s
(nhssim compare --slurm without --dry-run submits both.) The merge checks
every shard's file and writes the analysis's outputs, byte for byte those
of one run here; a task's exit status alone proves nothing.`, j.Command, k, j.Version, describe, k, k,
			filepath.Join(j.Dir, "uncertainty-shard-i-of-"+fmt.Sprint(k)+".csv"), sweep.ShellQuote(script), sweep.ShellQuote(merge)),
		Name: "nhssim-uncertainty", Tasks: k, CPUs: j.CPUs, Partition: j.Partition, Time: j.Time,
		Log: logs, WorkDir: j.WorkDir,
		Command: fmt.Sprintf(`%s compare --out %s --shard "$SLURM_ARRAY_TASK_ID/%d" --workers %d --progress log %s`, bin, dir, k, j.CPUs, given),
	}
	mergeJob := sweep.JobScript{
		About: fmt.Sprintf(`The merge of the %d shards that %s writes
(%s). It fails, naming them, if any shard is missing or damaged.`, k, SlurmScript, sweep.ShellQuote(script)),
		Name: "nhssim-uncertainty-merge", CPUs: 1, Partition: j.Partition, Time: j.Time,
		Log: logs, LogName: "merge.out", WorkDir: j.WorkDir,
		Command: fmt.Sprintf("%s compare --out %s --merge-shards %d --progress log %s", bin, dir, k, given),
	}
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return "", "", err
	}
	if err := runner.WriteFile(script, []byte(array.Text())); err != nil {
		return "", "", err
	}
	return script, merge, runner.WriteFile(merge, []byte(mergeJob.Text()))
}

// SubmitMerge submits the job's merge script (in Dir) to start when the
// array, job id, has ended, and says so on w.
func (j SlurmJob) SubmitMerge(ctx context.Context, w io.Writer, id string) error {
	merge := filepath.Join(j.Dir, SlurmMergeScript)
	mid, err := sweep.Submit(ctx, merge, "--dependency=afterany:"+id)
	if err != nil {
		return fmt.Errorf("the array is submitted as job %s, but its merge is not: %v; when the array has finished, run sbatch %s", id, err, merge)
	}
	fmt.Fprintf(w, "submitted job %s, which merges the shards into %s when job %s has ended; its log: %s\n", mid, j.Dir, id, filepath.Join(j.Dir, "logs", "merge.out"))
	return nil
}

// TaskArgs are compare's arguments less those that a task of the array
// is given anew (--out, --workers, --progress) and the --slurm flags.
func TaskArgs(args []string) []string {
	valued := map[string]bool{"out": true, "workers": true, "progress": true, "array-size": true, "partition": true, "time": true, "cpus-per-task": true}
	bools := map[string]bool{"slurm": true, "dry-run": true, "wait": true}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case !strings.HasPrefix(a, "-"):
		case bools[name]:
			continue
		case valued[name]:
			if !hasValue {
				i++ // skip the value
			}
			continue
		}
		out = append(out, a)
	}
	return out
}
