package sweep

import (
	"errors"
	"strings"
	"testing"
)

func TestSlurmScript(t *testing.T) {
	job := SlurmJob{
		Name: "lhs market/regional", Hash: "abc123", Binary: "/opt/nhssim/bin/nhssim", Spec: "/home/me/it's.yaml",
		Dir: "/scratch/out 1", WorkDir: "/home/me", Tasks: 4, Partition: "short", Time: "00:30:00", CPUs: 2,
	}
	s, err := job.Script("1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#!/bin/sh\n",
		"# nhssim sweep lhs market/regional (spec hash abc123) as a Slurm job array of 4 tasks,",
		"#SBATCH --job-name=nhssim-lhs-market-regional\n",
		"#SBATCH --array=0-3\n",
		"#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=2\n",
		"#SBATCH --partition=short\n#SBATCH --time=00:30:00\n",
		`#SBATCH --output="/scratch/out 1/logs/shard-%a.out"` + "\n",
		"#SBATCH --chdir=/home/me\n",
		"set -eu\n",
		`exec /opt/nhssim/bin/nhssim sweep '/home/me/it'\''s.yaml' --shard "$SLURM_ARRAY_TASK_ID/4" --out '/scratch/out 1' --resume --workers 2 --progress log` + "\n",
		"nhssim sweep merge '/scratch/out 1'",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
	// Every #SBATCH line comes before the first command, or sbatch ignores it.
	cmd := strings.Index(s, "set -eu")
	if last := strings.LastIndex(s, "#SBATCH"); last > cmd {
		t.Error("an #SBATCH line follows a command")
	}
	// No partition or time: no lines for them; a % in the directory is
	// doubled in --output.
	s, err = SlurmJob{Name: "x", Binary: "/b", Spec: "/s.yaml", Dir: "/o/100%", WorkDir: "/", Tasks: 1, CPUs: 1}.Script("v")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "--partition") || strings.Contains(s, "--time") || !strings.Contains(s, "#SBATCH --array=0-0\n") {
		t.Errorf("minimal script:\n%s", s)
	}
	if !strings.Contains(s, "#SBATCH --output=/o/100%%/logs/shard-%a.out\n") {
		t.Errorf("a %% in the directory is not doubled:\n%s", s)
	}
}

// hostileSlurm are values that would add a line to the job script, or run
// something, if they were written into it as they are: each field the
// script carries gets each. They are also FuzzSlurmScript's seeds.
var hostileSlurm = []string{
	"evil\ntouch /tmp/x\n#",
	"a\rb",
	"x\x00y",
	"$(touch /tmp/x)",
	"`touch /tmp/x`",
	"a;touch /tmp/x",
	"a' ; touch /tmp/x; '",
	`a" --wrap="touch /tmp/x`,
	"a b",
	"\u2028line separator",
}

// withField returns job with the field i (in SlurmJob.Check's list, then
// the partition and the time) set to v.
func withField(job SlurmJob, i int, v string) (SlurmJob, string) {
	names := []string{"name", "spec", "binary", "dir", "workdir", "partition", "time"}
	ptrs := []*string{&job.Name, &job.Spec, &job.Binary, &job.Dir, &job.WorkDir, &job.Partition, &job.Time}
	*ptrs[i%len(ptrs)] = v
	return job, names[i%len(ptrs)]
}

var safeJob = SlurmJob{Name: "s", Hash: "h", Binary: "/b/nhssim", Spec: "/s.yaml", Dir: "/o", WorkDir: "/w", Tasks: 2, CPUs: 1, Partition: "short", Time: "1:00:00"}

// Every hostile value in every field is refused, naming the field, or
// written so that the script is still the same commands: one exec line
// with the value inside single quotes, and no other line that is not a
// comment or #SBATCH line.
func TestSlurmScriptHostile(t *testing.T) {
	for i := range 7 {
		for _, v := range hostileSlurm {
			job, field := withField(safeJob, i, v)
			t.Run(field, func(t *testing.T) { checkScriptSafe(t, job, field, v) })
		}
	}
	for _, test := range []struct {
		field, value string
		ok           bool
	}{
		{"partition", "short,long", true}, {"partition", "gpu-a100_x.2", true}, {"partition", "a b", false}, {"partition", "a=b", false},
		{"time", "90", true}, {"time", "01:30:00", true}, {"time", "2-00:00:00", true}, {"time", "2-12", true}, {"time", "UNLIMITED", true},
		{"time", "1h", false}, {"time", "01:30:00 --wrap=x", false},
	} {
		job := safeJob
		if test.field == "partition" {
			job.Partition = test.value
		} else {
			job.Time = test.value
		}
		if _, err := job.Script("v"); (err == nil) != test.ok {
			t.Errorf("--%s %q: error %v, want ok %v", test.field, test.value, err, test.ok)
		}
	}
}

func checkScriptSafe(t *testing.T, job SlurmJob, field, v string) {
	t.Helper()
	s, err := job.Script("v")
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("%q: error %T %v, want an *InputError", v, err, err)
		}
		return
	}
	var commands []string
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if !strings.HasPrefix(line, "#") {
			commands = append(commands, line)
		}
	}
	if len(commands) != 2 || commands[0] != "set -eu" || !strings.HasPrefix(commands[1], "exec ") {
		t.Fatalf("%q: the script's commands are\n%s", v, strings.Join(commands, "\n"))
	}
	if strings.Contains(v, "\n") || strings.Contains(v, "\r") {
		t.Fatalf("%q with a line break was accepted", v)
	}
	// A path the command carries is there as one word for sh: quoted
	// unless it is made of safe characters only.
	if field == "spec" || field == "binary" || field == "dir" {
		word := v
		if v == "" || strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+") != "" {
			word = "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
		}
		if !strings.Contains(commands[1], " "+word+" ") {
			t.Fatalf("%s %q is not one quoted word in the command: %s", field, v, commands[1])
		}
	}
}

func FuzzSlurmScript(f *testing.F) {
	for i, v := range hostileSlurm {
		f.Add(i, v)
	}
	f.Fuzz(func(t *testing.T, i int, v string) {
		job, field := withField(safeJob, int(uint(i)%7), v)
		checkScriptSafe(t, job, field, v)
	})
}
