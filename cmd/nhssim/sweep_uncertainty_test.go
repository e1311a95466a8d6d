package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tinyUncertainSweep is a sweep of 2 points of tiny runs (4,000 patients
// for a year), 2 scenarios, 2 replicates; with --uncertainty 3, 24 runs.
const tinyUncertainSweep = `name: tiny-uncertain
scenarios: [market-contract, regional-collaborative]
seed: 3
replicates: 2
patients: 4000
years: 1
warmup_years: 0
vary:
  - {param: social_care.home_care_hours_per_1000, values: [36, 72]}
`

// uncertaintyFiles are the files an uncertainty sweep writes besides a
// sweep's.
var uncertaintyFiles = []string{"levels.csv", "uncertainty.csv", "design.csv", "draws.csv", "uncertainty.json"}

func TestSweepUncertainty(t *testing.T) {
	fakeSlurm(t)
	spec := writeSpec(t, tinyUncertainSweep)
	base := t.TempDir()
	one := filepath.Join(base, "one")
	stdout := mustRun(t, "sweep", spec, "--uncertainty", "3", "--out", one, "--workers", "1", "--progress", "none")
	for _, want := range []string{"6 point×draw units × 4 runs", "Every point ran the same 3 parameter draws (Latin hypercube, design seed 1) × 2 replicates",
		"social_care.home_care_hours_per_1000", // held, not drawn
		"point 0 (social_care.home_care_hours_per_1000=36):", "point 1 (social_care.home_care_hours_per_1000=72):",
		"of 3 parameter draws", "95% UI", "wrote levels.csv, uncertainty.csv, design.csv, draws.csv and uncertainty.json"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	files := tree(t, one)
	for _, name := range uncertaintyFiles {
		if files[name] == "" {
			t.Errorf("no %s", name)
		}
	}
	if head, _, _ := strings.Cut(files["results.csv"], "\n"); head != "scenario,point,draw,replicate,seed,social_care.home_care_hours_per_1000,metric,value" {
		t.Errorf("results.csv header %q", head)
	}
	if !strings.HasPrefix(files["draws.csv"], "point,draw,scenario,replicate,seed,metric,value\n0,1,market-contract,1,3,") {
		t.Errorf("draws.csv starts %.120q", files["draws.csv"])
	}
	// Every point, every difference: P(better) for a metric with a
	// direction, at both points.
	for _, prefix := range []string{"0,36,regional-collaborative,market-contract,emergency_admissions_per_1000,", "1,72,regional-collaborative,market-contract,delayed_bed_days_per_1000,"} {
		if !strings.Contains(files["uncertainty.csv"], "\n"+prefix) {
			t.Errorf("uncertainty.csv lacks a row %q", prefix)
		}
	}
	if strings.Contains(files["design.csv"], "social_care.home_care_hours_per_1000") {
		t.Error("design.csv draws the varied parameter")
	}

	// Byte for byte the same at any worker count, from the spec's
	// uncertainty: field as from the flag, and as a Slurm job array of
	// point×draw tasks.
	many := filepath.Join(base, "many")
	mustRun(t, "sweep", spec, "--uncertainty", "3", "--out", many, "--workers", "3", "--progress", "none")
	if got := tree(t, many); !maps.Equal(got, files) {
		t.Errorf("3 workers wrote %v, unlike 1 worker's", differing(files, got))
	}
	inSpec := writeSpec(t, tinyUncertainSweep+"uncertainty: {draws: 3, seed: 1}\n")
	viaSpec := filepath.Join(base, "spec")
	mustRun(t, "sweep", inSpec, "--out", viaSpec, "--progress", "none")
	got := tree(t, viaSpec)
	for _, name := range append([]string{"results.csv"}, uncertaintyFiles[:4]...) {
		if got[name] != files[name] {
			t.Errorf("the spec's uncertainty: field wrote a different %s from --uncertainty's", name)
		}
	}
	slurm := filepath.Join(base, "slurm")
	stdout = mustRun(t, "sweep", spec, "--uncertainty", "3", "--slurm", "--array-size", "4", "--wait", "--out", slurm)
	for _, want := range []string{"6 point×draw units (2 points × 3 draws) of tiny-uncertain (24 runs) in 4 tasks", "merged 4 shards", "point 1 (social_care"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if script := string(readFile(t, filepath.Join(slurm, "sweep.sbatch"))); !strings.Contains(script, " --uncertainty 3 --design-seed 1 --shard \"$SLURM_ARRAY_TASK_ID/4\"") {
		t.Errorf("sweep.sbatch does not pass the draws to its tasks:\n%s", script)
	}
	got = tree(t, slurm)
	for _, name := range append([]string{"results.csv", "sweep.json"}, uncertaintyFiles...) {
		if got[name] != files[name] {
			t.Errorf("the job array's %s differs from a local run's", name)
		}
	}
}

// differing names the files that two trees hold differently.
func differing(a, b map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if a[k] != b[k] {
			out = append(out, k)
		}
	}
	return out
}

func TestSweepUncertaintyBadInput(t *testing.T) {
	spec := writeSpec(t, tinyUncertainSweep)
	for _, test := range []struct {
		name string
		args []string
		spec string // a spec of its own, if any
		want string
	}{
		{"no draws", []string{"--uncertainty", "0"}, "", "--uncertainty 0: want 2 to 4096 parameter draws at every point"},
		{"one draw", []string{"--uncertainty", "1"}, "", "--uncertainty 1: want 2 to 4096"},
		{"too many draws", []string{"--uncertainty", "4097"}, "", "--uncertainty 4097: want 2 to 4096"},
		{"a seed without draws", []string{"--design-seed", "4"}, "", "--design-seed needs --uncertainty N"},
		{"more shards than units", []string{"--uncertainty", "3", "--shard", "0/7"}, "", "the sweep has only 6 point×draw units (2 points × 3 draws), so at most 6 shards"},
		{"more tasks than units", []string{"--uncertainty", "3", "--slurm", "--dry-run", "--array-size", "7"}, "", "--array-size 7: the sweep has only 6 point×draw units"},
		{"no draws in the spec", nil, "uncertainty: {draws: 0}\n", "spec.yaml:10:22: uncertainty.draws: 0 is too small: at least 2"},
		{"too many draws in the spec", nil, "uncertainty: {draws: 5000}\n", "uncertainty.draws: 5000 is too large: at most 4096"},
		{"draws missing from the spec", nil, "uncertainty: {seed: 2}\n", "uncertainty.draws: missing: the number of parameter draws"},
		{"an unknown field", nil, "uncertainty: {draws: 4, sed: 2}\n", "uncertainty.sed: unknown field"},
	} {
		t.Run(test.name, func(t *testing.T) {
			path := spec
			if test.spec != "" {
				path = writeSpec(t, tinyUncertainSweep+test.spec)
			}
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := nhssim(t, append([]string{"sweep", path, "--out", out, "--progress", "none"}, test.args...)...)
			if code != 2 || !strings.Contains(stderr, test.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s", code, test.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a refused sweep created its results directory")
			}
		})
	}
}
