package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/sweep"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// Files of an uncertainty analysis run on Slurm, in its --out.
const (
	uncertaintyScript      = "uncertainty.sbatch"       // the job array of shards
	uncertaintyMergeScript = "uncertainty-merge.sbatch" // the job that merges them
)

// submitUncertainty writes compare --uncertainty --slurm's two scripts in
// --out — a job array whose task I runs this command with --shard I/K,
// and a job that merges the K shards with --merge-shards K — and, unless
// --dry-run, submits the array. With --wait it waits for the array and
// returns waited true, for the shards to be merged here; otherwise it
// submits the merge job to start when the array has ended.
func submitUncertainty(ctx context.Context, e *env, f *compareFlags, set *uncertainty.Setup, args []string) (k int, waited bool, err error) {
	u := &f.unc
	k = u.arraySize
	if k == 0 {
		k = min(sweep.DefaultArraySize, u.draws)
	}
	dir, err := filepath.Abs(f.out)
	if err != nil {
		return 0, false, err
	}
	bin, err := os.Executable()
	if err != nil {
		return 0, false, fmt.Errorf("finding this nhssim binary for the tasks to run: %w", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return 0, false, err
	}
	values := []sweep.ScriptValue{
		{What: "this nhssim binary's path", Value: bin},
		{What: "--out", Value: dir, InSBATCH: true},
		{What: "the working directory", Value: wd, InSBATCH: true},
	}
	rest := taskArgs(args)
	quoted := make([]string, len(rest))
	for i, a := range rest {
		values = append(values, sweep.ScriptValue{What: "the argument", Value: a})
		quoted[i] = sweep.ShellQuote(a)
	}
	if err := sweep.CheckScript(u.partition, u.time, values...); err != nil {
		return 0, false, sweepErr(err)
	}
	// The flags go before the scenarios, which may follow a --.
	given := strings.Join(quoted, " ")
	shardCmd := fmt.Sprintf(`%s compare --out %s --shard "$SLURM_ARRAY_TASK_ID/%d" --workers %d --progress log %s`,
		sweep.ShellQuote(bin), sweep.ShellQuote(dir), k, u.cpus, given)
	mergeCmd := fmt.Sprintf("%s compare --out %s --merge-shards %d --progress log %s", sweep.ShellQuote(bin), sweep.ShellQuote(dir), k, given)
	script, mergeScript := filepath.Join(dir, uncertaintyScript), filepath.Join(dir, uncertaintyMergeScript)
	logs := filepath.Join(dir, "logs")
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
of one run here; a task's exit status alone proves nothing.`, commandLine(args), k, e.build.ID(), set.Describe(), k, k,
			filepath.Join(dir, "uncertainty-shard-i-of-"+fmt.Sprint(k)+".csv"), sweep.ShellQuote(script), sweep.ShellQuote(mergeScript)),
		Name: "nhssim-uncertainty", Tasks: k, CPUs: u.cpus, Partition: u.partition, Time: u.time,
		Log: logs, WorkDir: wd, Command: shardCmd,
	}
	merge := sweep.JobScript{
		About: fmt.Sprintf(`The merge of the %d shards that %s writes
(%s). It fails, naming them, if any shard is missing or damaged.`, k, uncertaintyScript, sweep.ShellQuote(script)),
		Name: "nhssim-uncertainty-merge", CPUs: 1, Partition: u.partition, Time: u.time,
		Log: logs, LogName: "merge.out", WorkDir: wd, Command: mergeCmd,
	}
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return 0, false, err
	}
	if err := runner.WriteFile(script, []byte(array.Text())); err != nil {
		return 0, false, err
	}
	if err := runner.WriteFile(mergeScript, []byte(merge.Text())); err != nil {
		return 0, false, err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s in %d tasks, and %s, which merges their shards\n", script, set.Describe(), k, mergeScript)
	after := func(id string) error {
		mid, err := sweep.Submit(ctx, mergeScript, "--dependency=afterany:"+id)
		if err != nil {
			return fmt.Errorf("the array is submitted as job %s, but its merge is not: %v; when the array has finished, run sbatch %s", id, err, mergeScript)
		}
		fmt.Fprintf(e.stdout, "submitted job %s, which merges the shards into %s when job %s has ended; its log: %s\n", mid, dir, id, filepath.Join(logs, "merge.out"))
		return nil
	}
	err = submitArray(ctx, e, &u.slurmFlags, script, k, "sbatch "+mergeScript, after, func() error { waited = true; return nil })
	return k, waited, err
}

// taskArgs are compare's arguments less those that a task of the array
// is given anew (--out, --workers, --progress) and the --slurm flags.
func taskArgs(args []string) []string {
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
