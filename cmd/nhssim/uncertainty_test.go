package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallUncertainty keeps an uncertainty analysis to a few seconds.
var smallUncertainty = []string{"--patients", "20000", "--years", "2", "--warmup-years", "1", "--format", "svg", "--progress", "none"}

func TestCompareUncertainty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	out := mustRun(t, args([]string{"compare", "england", variant, "--uncertainty", "8", "--out", dir, "--workers", "1"}, smallUncertainty)...)
	for _, want := range []string{"8 parameter draws (Latin hypercube, design seed 1) × 2 replicates", "parameter draws", "95% UI", "noise alone", "P(better)"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	one := readDir(t, dir)
	for _, name := range []string{"uncertainty.csv", "drivers.csv", "design.csv", "draws.csv", "manifest.json", "uncertainty-probability.svg", "uncertainty-differences.svg", "uncertainty-drivers.svg", "ce-plane.svg", "ce-plane.csv", "ceac.svg", "ceac.csv"} {
		if len(one[name]) == 0 {
			t.Errorf("%s not written", name)
		}
	}
	if !bytes.HasPrefix(one["draws.csv"], []byte("draw,scenario,replicate,seed,metric,value\n")) {
		t.Errorf("draws.csv starts %q", one["draws.csv"][:60])
	}
	if recs := readCSV(t, one["design.csv"]); len(recs) != 9 {
		t.Errorf("design.csv has %d rows, want a header and 8 draws", len(recs))
	}
	// The same design seed writes the same files whatever the workers.
	mustRun(t, args([]string{"compare", "england", variant, "--uncertainty", "8", "--out", dir, "--workers", "2"}, smallUncertainty)...)
	two := readDir(t, dir)
	for name, data := range one {
		if !bytes.Equal(data, two[name]) {
			t.Errorf("%s differs between 1 and 2 workers", name)
		}
	}
}

func TestCompareUncertaintyBadInput(t *testing.T) {
	tmp := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	unknown := write("unknown.yaml", "discharge.funding_decision_days: uniform\ncontinuity.relationship_elasticity: gamma(1, 2)\n")
	lonely := write("lonely.yaml", "discharge.funding_decision_days: uniform link=alone\n")
	for _, test := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"Zero", []string{"--uncertainty", "0"}, "--uncertainty 0: want 2 to"},
		{"One", []string{"--uncertainty", "1"}, "--uncertainty 1: want 2 to"},
		{"TooMany", []string{"--uncertainty", "100000"}, "--uncertainty 100000: want 2 to 4096"},
		{"SeedAlone", []string{"--design-seed", "3"}, "--design-seed needs --uncertainty N"},
		{"UnknownDistribution", []string{"--uncertainty", "4", "--distributions", unknown}, unknown + `:2: continuity.relationship_elasticity: unknown distribution "gamma"`},
		{"LonelyLink", []string{"--uncertainty", "4", "--distributions", lonely}, lonely + `:1: discharge.funding_decision_days: link "alone" has no other parameter`},
		{"MissingFile", []string{"--uncertainty", "4", "--distributions", filepath.Join(tmp, "none.yaml")}, "--distributions: open"},
		// --slurm
		{"NoUncertainty", []string{"--slurm"}, "--slurm needs --uncertainty N"},
		{"ArraySizeAlone", []string{"--array-size", "2"}, "--array-size needs --uncertainty N"},
		{"WithShard", []string{"--uncertainty", "4", "--slurm", "--shard", "0/2"}, "--slurm with --shard or --merge-shards"},
		{"WithMerge", []string{"--uncertainty", "4", "--slurm", "--merge-shards", "2"}, "--slurm with --shard or --merge-shards"},
		{"WithoutSlurm", []string{"--uncertainty", "4", "--dry-run"}, "--dry-run goes with --slurm"},
		{"TooManyTasks", []string{"--uncertainty", "4", "--slurm", "--array-size", "5"}, "--array-size 5: the analysis has only 4 draws"},
		{"NoTasks", []string{"--uncertainty", "4", "--slurm", "--array-size", "0"}, "--array-size 0: need at least 1 task"},
		{"WaitDryRun", []string{"--uncertainty", "4", "--slurm", "--wait", "--dry-run"}, "--wait and --dry-run"},
		{"BadPartition", []string{"--uncertainty", "4", "--slurm", "--dry-run", "--partition", "a b"}, `--partition "a b"`},
		{"Quoting", []string{"--uncertainty", "4", "--slurm", "--dry-run", "--uncertainty-from", "x"}, "--uncertainty-from quotes an earlier analysis"},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(tmp, "out-"+test.name)
			code, _, stderr := nhssim(t, args([]string{"compare", "england", variant, "--out", dir}, smallUncertainty, test.args)...)
			if code != 2 || !strings.Contains(stderr, test.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, test.stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s written on bad input", dir)
			}
		})
	}
}

func TestCompareUncertaintyOneScenario(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := nhssim(t, args([]string{"compare", "england", "--uncertainty", "4", "--out", dir}, smallUncertainty)...)
	if code != 2 || !strings.Contains(stderr, "--uncertainty compares scenarios") {
		t.Errorf("one scenario: exit %d, %s", code, stderr)
	}
}

func TestCompareUncertaintyCalibrated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	out := mustRun(t, args([]string{"compare", "england", variant, "--uncertainty", "4", "--out", dir,
		"--calibrated", filepath.Join("..", "..", "sim", "uncertainty", "testdata", "calibrated")}, smallUncertainty)...)
	if !strings.Contains(out, "the calibrated ones jointly from the 4 points of") {
		t.Errorf("stdout:\n%s", out)
	}
	code, _, stderr := nhssim(t, args([]string{"compare", "england", variant, "--uncertainty", "4", "--out", dir + "2", "--calibrated", t.TempDir()}, smallUncertainty)...)
	if code != 2 || !strings.Contains(stderr, "no wave-N-nonimplausible.csv") {
		t.Errorf("an empty --calibrated: exit %d, %s", code, stderr)
	}
}

// An analysis run as shards (as the tasks of a Slurm array would) and
// merged writes the same draws.csv, uncertainty.csv and drivers.csv as one
// run of it; a merge with a shard missing names it and writes nothing.
func TestCompareUncertaintyShards(t *testing.T) {
	tiny := []string{"--patients", "3000", "--years", "1", "--warmup-years", "0.25", "--format", "svg", "--progress", "none", "--uncertainty", "4"}
	whole := filepath.Join(t.TempDir(), "whole")
	mustRun(t, args([]string{"compare", "england", variant, "--out", whole}, tiny)...)
	sharded := filepath.Join(t.TempDir(), "sharded")
	mustRun(t, args([]string{"compare", "england", variant, "--out", sharded, "--shard", "0/2"}, tiny)...)
	code, _, stderr := nhssim(t, args([]string{"compare", "england", variant, "--out", sharded, "--merge-shards", "2"}, tiny)...)
	if code != 1 || !strings.Contains(stderr, "uncertainty-shard-1-of-2.csv missing") {
		t.Errorf("a merge without shard 1: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(sharded, "draws.csv")); err == nil {
		t.Error("draws.csv written with a shard missing")
	}
	mustRun(t, args([]string{"compare", "england", variant, "--out", sharded, "--shard", "1/2", "--workers", "1"}, tiny)...)
	mustRun(t, args([]string{"compare", "england", variant, "--out", sharded, "--merge-shards", "2"}, tiny)...)
	a, b := readDir(t, whole), readDir(t, sharded)
	for _, name := range []string{"draws.csv", "design.csv", "uncertainty.csv", "drivers.csv", "appraisal.csv"} {
		if len(a[name]) == 0 || !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s of the merged shards differs from one run's", name)
		}
	}
	code, _, stderr = nhssim(t, args([]string{"compare", "england", variant, "--out", sharded, "--shard", "0/2", "--merge-shards", "2"}, tiny)...)
	if code != 2 || !strings.Contains(stderr, "--shard and --merge-shards") {
		t.Errorf("--shard with --merge-shards: exit %d, %s", code, stderr)
	}
}

func TestCompareUncertaintySlurm(t *testing.T) {
	tiny := []string{"--patients", "3000", "--years", "1", "--warmup-years", "0.25", "--format", "svg", "--progress", "none", "--uncertainty", "4"}
	base := t.TempDir()
	whole := filepath.Join(base, "whole")
	mustRun(t, args([]string{"compare", "england", variant, "--out", whole}, tiny)...)
	same := func(dir string) {
		t.Helper()
		a, b := tree(t, whole), tree(t, dir)
		for _, name := range []string{"draws.csv", "design.csv", "uncertainty.csv", "drivers.csv", "appraisal.csv"} {
			if len(a[name]) == 0 || a[name] != b[name] {
				t.Errorf("%s: %s differs from one run's", dir, name)
			}
		}
	}

	// --dry-run writes the two scripts and submits nothing.
	dry := filepath.Join(base, "dry")
	out := mustRun(t, args([]string{"compare", "england", variant, "--out", dry, "--slurm", "--dry-run", "--array-size", "3", "--partition", "short", "--time", "00:20:00", "--cpus-per-task", "2"}, tiny)...)
	for _, want := range []string{"in 3 tasks", "not submitted (--dry-run)", "sbatch " + filepath.Join(dry, "uncertainty.sbatch"), "sbatch " + filepath.Join(dry, "uncertainty-merge.sbatch")} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	files := tree(t, dry)
	script, merge := files["uncertainty.sbatch"], files["uncertainty-merge.sbatch"]
	for _, want := range []string{
		"#SBATCH --array=0-2\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --partition=short\n", "#SBATCH --time=00:20:00\n",
		"#SBATCH --output=" + filepath.Join(dry, "logs") + "/shard-%a.out\n",
		` compare --out ` + dry + ` --shard "$SLURM_ARRAY_TASK_ID/3" --workers 2 --progress log england ` + variant + " --patients 3000",
		"--uncertainty 4\n",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("uncertainty.sbatch lacks %q:\n%s", want, script)
		}
	}
	for _, want := range []string{"#SBATCH --output=" + filepath.Join(dry, "logs", "merge.out") + "\n", " compare --out " + dry + " --merge-shards 3 --progress log england " + variant} {
		if !strings.Contains(merge, want) {
			t.Errorf("uncertainty-merge.sbatch lacks %q:\n%s", want, merge)
		}
	}
	for _, s := range []string{script, merge} {
		if strings.Contains(s, "--slurm") && strings.Contains(s, "exec ") && strings.Contains(s[strings.Index(s, "exec "):], "--slurm") {
			t.Errorf("a task runs --slurm again:\n%s", s)
		}
		if strings.Contains(s[strings.Index(s, "exec "):], "--dry-run") || strings.Contains(s[strings.Index(s, "exec "):], "none") {
			t.Errorf("a task keeps --dry-run or the command's own --progress:\n%s", s)
		}
	}
	if len(files) != 2 || len(files["draws.csv"]) != 0 {
		t.Errorf("--dry-run wrote %d files", len(files))
	}

	// Submitted: the array, then the merge that depends on it (the fake
	// sbatch runs each at once); or the array alone, waited for and
	// merged here. Either way the outputs are one run's.
	fakeSlurm(t)
	queued := filepath.Join(base, "queued")
	out = mustRun(t, args([]string{"compare", "england", variant, "--out", queued, "--slurm", "--array-size", "2"}, tiny)...)
	for _, want := range []string{"submitted job 4242 (tasks 0-1)", "submitted job 4242, which merges the shards into " + queued + " when job 4242 has ended"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	same(queued)
	waited := filepath.Join(base, "waited")
	out = mustRun(t, args([]string{"compare", "england", variant, "--out", waited, "--slurm", "--array-size", "2", "--wait"}, tiny)...)
	if !strings.Contains(out, "P(better)") {
		t.Errorf("--wait did not report the merged analysis:\n%s", out)
	}
	same(waited)
}
