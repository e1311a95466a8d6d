package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/nhssim/nhssim/sim/sweep"
	"github.com/nhssim/nhssim/sim/uncertainty"
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
	job := uncertainty.SlurmJob{Args: uncertainty.TaskArgs(args), Command: commandLine(args), Version: e.build.ID(),
		Tasks: k, CPUs: u.cpus, Partition: u.partition, Time: u.time}
	if err := job.Locate(f.out); err != nil {
		return 0, false, err
	}
	script, mergeScript, err := job.Write(set.Describe())
	if err != nil {
		return 0, false, sweepErr(err)
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s in %d tasks, and %s, which merges their shards\n", script, set.Describe(), k, mergeScript)
	after := func(id string) error {
		mid, err := sweep.Submit(ctx, mergeScript, "--dependency=afterany:"+id)
		if err != nil {
			return fmt.Errorf("the array is submitted as job %s, but its merge is not: %v; when the array has finished, run sbatch %s", id, err, mergeScript)
		}
		fmt.Fprintf(e.stdout, "submitted job %s, which merges the shards into %s when job %s has ended; its log: %s\n", mid, job.Dir, id, filepath.Join(job.Dir, "logs", "merge.out"))
		return nil
	}
	err = sweep.Submission{Script: script, Tasks: k, DryRun: u.dryRun, Wait: u.wait, MergeHint: "sbatch " + mergeScript, After: after,
		Merge: func() error { waited = true; return nil }}.Run(ctx, e.stdout, e.stderr)
	return k, waited, err
}
