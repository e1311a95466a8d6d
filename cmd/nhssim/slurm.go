package main

import "flag"

// slurmFlags are the flags that run a command as a Slurm job array, shared
// by sweep, calibrate and compare --uncertainty.
type slurmFlags struct {
	slurm, dryRun, wait bool
	arraySize, cpus     int
	partition, time     string
}

// slurmOnly are the flags that go with --slurm.
var slurmOnly = []string{"array-size", "partition", "time", "cpus-per-task", "dry-run", "wait"}

// register registers the flags; what says what a task runs, such as
// "points", for --array-size's default.
func (s *slurmFlags) register(fs *flag.FlagSet, what string) {
	fs.BoolVar(&s.slurm, "slurm", false, "write a Slurm job-array script, one task per shard, and submit it")
	fs.IntVar(&s.arraySize, "array-size", 0, "with --slurm: `K` tasks (default: the smaller of 10 and the "+what+")")
	fs.StringVar(&s.partition, "partition", "", "with --slurm: the `partition` to run on")
	fs.StringVar(&s.time, "time", "", "with --slurm: each task's time `limit`, such as 01:00:00")
	fs.IntVar(&s.cpus, "cpus-per-task", 1, "with --slurm: `C` CPUs per task, each running a simulation")
	fs.BoolVar(&s.dryRun, "dry-run", false, "with --slurm: write the script but do not submit it")
	fs.BoolVar(&s.wait, "wait", false, "with --slurm: wait for the array to finish, then merge")
}

// check checks the flags once parsed: given is the set of flags given.
func (s *slurmFlags) check(given map[string]bool) error {
	switch {
	case s.slurm && (s.arraySize < 0 || given["array-size"] && s.arraySize < 1):
		return usagef("--array-size %d: need at least 1 task", s.arraySize)
	case s.slurm && s.cpus < 1:
		return usagef("--cpus-per-task %d: need at least 1", s.cpus)
	case s.wait && s.dryRun:
		return usagef("--wait and --dry-run: a script that is not submitted cannot be waited for")
	}
	if !s.slurm {
		for _, name := range slurmOnly {
			if given[name] {
				return usagef("--%s goes with --slurm", name)
			}
		}
	}
	return nil
}
