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
	Name      string   // the sweep's name; the job is nhssim-NAME
	Hash      string   // the sweep's spec hash, for the script's comment
	Binary    string   // absolute path of the nhssim binary
	Spec      string   // absolute path of the spec
	Dir       string   // absolute path of the results directory
	WorkDir   string   // where tasks start: the submission directory
	Tasks     int      // the array's size: the number of shards
	Partition string   // "" for the cluster's default
	Time      string   // time limit of each task, such as 01:00:00; "" for the partition's
	CPUs      int      // CPUs of each task, which it runs that many simulations on
	Args      []string // more arguments for each task, after the spec
}

// Script returns the sbatch script for nhssim version. Every node runs it,
// so a value that could end a line or a quotation early is refused first,
// with an *InputError naming it: see [SlurmJob.Check].
func (j SlurmJob) Script(version string) (string, error) {
	if err := j.Check(); err != nil {
		return "", err
	}
	return JobScript{
		About: fmt.Sprintf(`nhssim sweep %s (spec hash %s) as a Slurm job array of %d tasks,
written by nhssim %s. Task i runs shard i/%d of the sweep (the points p
with p mod %d = i) and writes %s,
whole or not at all, resuming any part an earlier attempt wrote.

Submit with:  sbatch %s
When every task has finished, check and combine the shards with:
  nhssim sweep merge %s
A task's exit status alone proves nothing: merge checks each shard's file.`, j.Name, j.Hash, j.Tasks, version, j.Tasks, j.Tasks,
			filepath.Join(j.Dir, "shard-i-of-"+fmt.Sprint(j.Tasks)+".csv"),
			ShellQuote(filepath.Join(j.Dir, SlurmScript)), ShellQuote(j.Dir)),
		Name: "nhssim-" + SafeName(j.Name), Tasks: j.Tasks, CPUs: j.CPUs, Partition: j.Partition, Time: j.Time,
		Log: filepath.Join(j.Dir, "logs"), WorkDir: j.WorkDir,
		Command: fmt.Sprintf(`%s sweep %s%s --shard "$SLURM_ARRAY_TASK_ID/%d" --out %s --resume --workers %d --progress log`,
			ShellQuote(j.Binary), ShellQuote(j.Spec), quoteArgs(j.Args), j.Tasks, ShellQuote(j.Dir), j.CPUs),
	}.Text(), nil
}

// Check refuses what could not be written into the script safely: see
// [CheckScript].
func (j SlurmJob) Check() error {
	return CheckScript(j.Partition, j.Time,
		ScriptValue{What: "the sweep's name:", Value: j.Name},
		ScriptValue{What: "the spec's path", Value: j.Spec},
		ScriptValue{What: "this nhssim binary's path", Value: j.Binary},
		ScriptValue{What: "--out", Value: j.Dir, InSBATCH: true},
		ScriptValue{What: "the working directory", Value: j.WorkDir, InSBATCH: true})
}

// JobScript is an sbatch script that every node runs: a job array of
// Tasks tasks (or, with Tasks 0, a single job), each starting in WorkDir
// and running Command, a line for sh with the task's index in
// $SLURM_ARRAY_TASK_ID, on CPUs CPUs. Its values must have passed
// [CheckScript].
type JobScript struct {
	About     string // the comment at the top, its lines without "# "
	Name      string // the job's name
	Tasks     int    // the array's size; 0 for a single job
	CPUs      int
	Partition string // "" for the cluster's default
	Time      string // each task's time limit; "" for the partition's
	// Log is the directory of the logs: task i of an array logs to
	// Log/shard-i.out, a single job to Log/LogName.
	Log, LogName string
	WorkDir      string
	Command      string // quoted for sh: see [ShellQuote]
}

// Text returns the script.
func (s JobScript) Text() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	for _, line := range strings.Split(s.About, "\n") {
		b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	// %a is the task index in --output; any other % must be doubled.
	out := strings.ReplaceAll(s.Log, "%", "%%") + "/"
	if s.Tasks > 0 {
		out += "shard-%a.out"
	} else {
		out += strings.ReplaceAll(s.LogName, "%", "%%")
	}
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", s.Name)
	if s.Tasks > 0 {
		fmt.Fprintf(&b, "#SBATCH --array=0-%d\n", s.Tasks-1)
	}
	fmt.Fprintf(&b, "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=%d\n", s.CPUs)
	if s.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", s.Partition)
	}
	if s.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", s.Time)
	}
	fmt.Fprintf(&b, "#SBATCH --output=%s\n#SBATCH --chdir=%s\n", sbatchArg(out), sbatchArg(s.WorkDir))
	fmt.Fprintf(&b, "set -eu\nexec %s\n", s.Command)
	return b.String()
}

// ScriptValue is a value that goes into a job script: What names it in
// an error, and InSBATCH says that it goes into an #SBATCH line too.
type ScriptValue struct {
	What, Value string
	InSBATCH    bool
}

// CheckScript refuses, with an *InputError, what could not be written
// into a job script safely. Paths and names appear in comments, #SBATCH
// lines and the command, quoted for sh where they are run, so they may
// hold anything but a control character (a newline would start a line of
// its own) or, in #SBATCH lines, a double quote. The partition and the
// time limit go to #SBATCH lines as they are, so they must look like a
// partition list and a Slurm time.
func CheckScript(partition, limit string, values ...ScriptValue) error {
	for _, v := range values {
		if i := strings.IndexFunc(v.Value, unicode.IsControl); i >= 0 {
			return inputErrorf("%s %q holds a control character (%U); it cannot go into a job script", v.What, v.Value, []rune(v.Value[i:])[0])
		}
		if v.InSBATCH && strings.Contains(v.Value, `"`) {
			return inputErrorf(`%s %q holds a "; it cannot go into an #SBATCH line`, v.What, v.Value)
		}
	}
	if partition != "" && !partitionRE.MatchString(partition) {
		return inputErrorf("--partition %q: a partition is letters, digits and -_. (a list separated by commas)", partition)
	}
	if limit != "" && !timeRE.MatchString(limit) {
		return inputErrorf("--time %q: want a Slurm time limit such as 90, 01:30:00, 2-00:00:00 or UNLIMITED", limit)
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

// quoteArgs writes args for sh, each after a space.
func quoteArgs(args []string) string {
	var b strings.Builder
	for _, a := range args {
		b.WriteString(" " + ShellQuote(a))
	}
	return b.String()
}

// ShellQuote quotes s for sh.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
