package main

import (
	"context"
	"fmt"

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
	after := func(id string) error { return job.SubmitMerge(ctx, e.stdout, id) }
	err = sweep.Submission{Script: script, Tasks: k, DryRun: u.dryRun, Wait: u.wait, MergeHint: "sbatch " + mergeScript, After: after,
		Merge: func() error { waited = true; return nil }}.Run(ctx, e.stdout, e.stderr)
	return k, waited, err
}
