package sweep

import (
	"strings"
	"testing"
)

func TestSlurmScript(t *testing.T) {
	job := SlurmJob{
		Name: "lhs market/regional", Hash: "abc123", Binary: "/opt/nhssim/bin/nhssim", Spec: "/home/me/it's.yaml",
		Dir: "/scratch/out 1", WorkDir: "/home/me", Tasks: 4, Partition: "short", Time: "00:30:00", CPUs: 2,
	}
	s := job.Script("1.2.3")
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
	s = SlurmJob{Name: "x", Binary: "/b", Spec: "/s.yaml", Dir: "/o/100%", WorkDir: "/", Tasks: 1, CPUs: 1}.Script("v")
	if strings.Contains(s, "--partition") || strings.Contains(s, "--time") || !strings.Contains(s, "#SBATCH --array=0-0\n") {
		t.Errorf("minimal script:\n%s", s)
	}
	if !strings.Contains(s, "#SBATCH --output=/o/100%%/logs/shard-%a.out\n") {
		t.Errorf("a %% in the directory is not doubled:\n%s", s)
	}
}
