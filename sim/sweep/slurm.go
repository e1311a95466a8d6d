package sweep

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
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

// Script returns the sbatch script for nhssim version. Every node runs it,
// so a value that could end a line or a quotation early is refused first,
// with an *InputError naming it: see [SlurmJob.Check].
func (j SlurmJob) Script(version string) (string, error) {
	if err := j.Check(); err != nil {
		return "", err
	}
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
	return b.String(), nil
}

// Check refuses what could not be written into the script safely. Paths
// and the name appear in comments, #SBATCH lines and the command, quoted
// for sh where they are run, so they may hold anything but a control
// character (a newline would start a line of its own) or, in #SBATCH
// lines, a double quote. The partition and the time limit go to #SBATCH
// lines as they are, so they must look like a partition list and a Slurm
// time.
func (j SlurmJob) Check() error {
	for _, f := range []struct{ field, value, also string }{
		{"the sweep's name:", j.Name, ""},
		{"the spec's path", j.Spec, ""},
		{"this nhssim binary's path", j.Binary, ""},
		{"--out", j.Dir, `"`},
		{"the working directory", j.WorkDir, `"`},
	} {
		if i := strings.IndexFunc(f.value, unicode.IsControl); i >= 0 {
			return inputErrorf("%s %q holds a control character (%U); it cannot go into a job script", f.field, f.value, []rune(f.value[i:])[0])
		}
		if f.also != "" && strings.ContainsAny(f.value, f.also) {
			return inputErrorf("%s %q holds a %s; it cannot go into an #SBATCH line", f.field, f.value, f.also)
		}
	}
	if j.Partition != "" && !partitionRE.MatchString(j.Partition) {
		return inputErrorf("--partition %q: a partition is letters, digits and -_. (a list separated by commas)", j.Partition)
	}
	if j.Time != "" && !timeRE.MatchString(j.Time) {
		return inputErrorf("--time %q: want a Slurm time limit such as 90, 01:30:00, 2-00:00:00 or UNLIMITED", j.Time)
	}
	return nil
}

var (
	partitionRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$`)
	timeRE      = regexp.MustCompile(`^([0-9]+(-[0-9]+)?(:[0-9]+){0,2}|UNLIMITED|unlimited|INFINITE|infinite)$`)
)

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
