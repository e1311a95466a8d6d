package sweep

import (
	"fmt"
	"path/filepath"
	"strings"
)

// SlurmScript is the file name of the job-array script in a results
// directory.
const SlurmScript = "sweep.sbatch"

// SlurmJob is a sweep run as a Slurm job array: task i runs shard i of
// Tasks with the same binary and spec, so every node makes the same plan.
type SlurmJob struct {
	Name      string // the sweep's name; the job is nhssim-NAME
	Hash      string // the sweep's spec hash, for the script's comment
	Binary    string // absolute path of the nhssim binary
	Spec      string // absolute path of the spec
	Dir       string // absolute path of the results directory
	WorkDir   string // where tasks start: the submission directory
	Tasks     int    // the array's size: the number of shards
	Partition string // "" for the cluster's default
	Time      string // time limit of each task, such as 01:00:00; "" for the partition's
	CPUs      int    // CPUs of each task, which it runs that many simulations on
}

// Script returns the sbatch script for nhssim version.
func (j SlurmJob) Script(version string) string {
	var b strings.Builder
	// %a is the task index in --output; any other % must be doubled.
	out := strings.ReplaceAll(filepath.Join(j.Dir, "logs"), "%", "%%") + "/shard-%a.out"
	fmt.Fprintf(&b, `#!/bin/sh
# nhssim sweep %s (spec hash %s) as a Slurm job array of %d tasks,
# written by nhssim %s. Task i runs shard i/%d of the sweep (the points p
# with p mod %d = i) and writes %s,
# whole or not at all, resuming any part an earlier attempt wrote.
#
# Submit with:  sbatch %s
# When every task has finished, check and combine the shards with:
#   nhssim sweep merge %s
# A task's exit status alone proves nothing: merge checks each shard's file.
#SBATCH --job-name=%s
#SBATCH --array=0-%d
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=%d
`, j.Name, j.Hash, j.Tasks, version, j.Tasks, j.Tasks,
		filepath.Join(j.Dir, "shard-i-of-"+fmt.Sprint(j.Tasks)+".csv"),
		shellQuote(filepath.Join(j.Dir, SlurmScript)), shellQuote(j.Dir),
		"nhssim-"+SafeName(j.Name), j.Tasks-1, j.CPUs)
	if j.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", j.Partition)
	}
	if j.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", j.Time)
	}
	fmt.Fprintf(&b, "#SBATCH --output=%s\n#SBATCH --chdir=%s\n", sbatchArg(out), sbatchArg(j.WorkDir))
	fmt.Fprintf(&b, `set -eu
exec %s sweep %s --shard "$SLURM_ARRAY_TASK_ID/%d" --out %s --resume --workers %d --progress log
`, shellQuote(j.Binary), shellQuote(j.Spec), j.Tasks, shellQuote(j.Dir), j.CPUs)
	return b.String()
}

// SafeName keeps the letters, digits and -_. of a name and turns anything
// else into -, for job and directory names.
func SafeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '-'
	}, name)
}

// sbatchArg writes a path as an #SBATCH option's value, quoted if it has
// spaces.
func sbatchArg(path string) string {
	if strings.ContainsAny(path, " \t") {
		return `"` + path + `"`
	}
	return path
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
