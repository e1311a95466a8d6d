package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinyTargets calibrates two parameters of tiny runs (4,000 patients for a
// year) to two targets, in at most 2 waves of 8 points.
const tinyTargets = `name: tiny
scenarios: [england]
replicates: 2
seed: 3
patients: 4000
years: 1
warmup_years: 0
latin_hypercube:
  points: 8
  params: [hospitals.los_mean_days, {param: hospitals.emergency_admission_rate, from: 0.04, to: 0.08}]
history_matching: {waves: 2, candidates: 2000}
targets:
  - {metric: mean_stay_days, observed: 4.5, tolerance: 0.6, source: test}
  - {metric: emergency_admissions_per_1000, observed: 110, observation_variance: 9, discrepancy_variance: 4, source: test}
`

func TestCalibrate(t *testing.T) {
	targets := writeSpec(t, tinyTargets)
	dir := filepath.Join(t.TempDir(), "out")
	stdout := mustRun(t, "calibrate", targets, "--out", dir, "--progress", "none")
	if !strings.Contains(stdout, "calibrate tiny: ") {
		t.Errorf("stdout: %s", stdout)
	}
	files := tree(t, dir)
	for _, want := range []string{"report.md", "emulators.csv", "fitted.csv", "ranges.csv", "fitted.yaml", "SHA256SUMS",
		"wave-1-nonimplausible.csv", "wave-1-pairs.svg", "waves/wave-1/spec.yaml", "waves/wave-1/results.csv"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s among %q", want, keys(files))
		}
	}
	// The fitted scenario runs.
	fitted := filepath.Join(dir, "fitted.yaml")
	mustRun(t, args([]string{"run", fitted}, small)...)
	// A wave's spec is a sweep spec: nhssim sweep gives the same results.
	again := filepath.Join(t.TempDir(), "again")
	mustRun(t, "sweep", filepath.Join(dir, "waves", "wave-1", "spec.yaml"), "--out", again, "--progress", "none")
	if !bytes.Equal(readFile(t, filepath.Join(again, "results.csv")), readFile(t, filepath.Join(dir, "waves", "wave-1", "results.csv"))) {
		t.Error("nhssim sweep on wave 1's spec gives other results")
	}

	// Without --resume a directory with waves is refused; with it, the
	// complete waves are read and the result is the same.
	code, _, stderr := nhssim(t, "calibrate", targets, "--out", dir, "--progress", "none")
	if code != 2 || !strings.Contains(stderr, "add --resume") {
		t.Errorf("rerun without --resume: exit %d: %s", code, stderr)
	}
	report := files["report.md"]
	os.Remove(filepath.Join(dir, "report.md"))
	_, _, stderr = nhssim(t, "calibrate", targets, "--out", dir, "--progress", "none", "--resume")
	if !strings.Contains(stderr, "wave 1: complete") {
		t.Errorf("resumed: %s", stderr)
	}
	if got := string(readFile(t, filepath.Join(dir, "report.md"))); got != report {
		t.Errorf("resumed report differs:\n%s\nwas\n%s", got, report)
	}

	// --report splices the report into a document between its markers.
	doc := filepath.Join(t.TempDir(), "doc.md")
	os.WriteFile(doc, []byte("# Doc\n<!-- calibrate:begin -->\nold\n<!-- calibrate:end -->\nafter\n"), 0o644)
	mustRun(t, "calibrate", targets, "--out", dir, "--resume", "--progress", "none", "--report", doc, "--note", "at commit abc")
	if got := string(readFile(t, doc)); !strings.Contains(got, "<!-- calibrate:begin -->\nHistory matching of 2 parameters to 2 targets: at commit abc; ") || strings.Contains(got, "old") || !strings.HasSuffix(got, "<!-- calibrate:end -->\nafter\n") {
		t.Errorf("spliced document:\n%s", got)
	}
}

// TestCalibrateSlurm runs the waves as job arrays on the fake Slurm of
// TestSweepSlurm: the result is the local run's.
func TestCalibrateSlurm(t *testing.T) {
	fakeSlurm(t)
	targets := writeSpec(t, tinyTargets)
	local := filepath.Join(t.TempDir(), "local")
	mustRun(t, "calibrate", targets, "--out", local, "--progress", "none")
	dir := filepath.Join(t.TempDir(), "slurm")
	mustRun(t, "calibrate", targets, "--out", dir, "--slurm", "--array-size", "3", "--progress", "none")
	for _, f := range []string{"report.md", "emulators.csv", "wave-1-nonimplausible.csv", "fitted.yaml"} {
		if !bytes.Equal(readFile(t, filepath.Join(dir, f)), readFile(t, filepath.Join(local, f))) {
			t.Errorf("%s differs between the job arrays and a local run", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "waves", "wave-1", "shard-2-of-3.csv")); err != nil {
		t.Errorf("wave 1 was not run as 3 shards: %v", err)
	}
}

func TestCalibrateBadInput(t *testing.T) {
	// A --report document without markers is refused before any run.
	noMarkers := filepath.Join(t.TempDir(), "doc.md")
	os.WriteFile(noMarkers, []byte("# no markers\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := nhssim(t, "calibrate", writeSpec(t, tinyTargets), "--out", out, "--report", noMarkers)
	if code != 2 || !strings.Contains(stderr, "lacks the lines") {
		t.Errorf("--report without markers: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "waves")); err == nil {
		t.Error("waves were run for a --report document without markers")
	}
	for _, test := range []struct {
		name, targets string
		want          []string
	}{
		{"unknown metric", strings.Replace(tinyTargets, "metric: mean_stay_days", "metric: mean_stay", 1),
			[]string{"spec.yaml:13:14: targets[0].metric: unknown metric \"mean_stay\"", `did you mean "mean_stay_days"?`}},
		{"unknown parameter", strings.Replace(tinyTargets, "params: [hospitals.los_mean_days", "params: [hospitals.los_mean_dys", 1),
			[]string{`spec.yaml:10:12: latin_hypercube.params[0]: unknown parameter "hospitals.los_mean_dys"`}},
		{"range outside the domain", strings.Replace(tinyTargets, "from: 0.04, to: 0.08", "from: -1, to: 0.08", 1),
			[]string{"latin_hypercube.params[1].from: -1 is outside hospitals.emergency_admission_rate's valid domain"}},
		{"zero variance", strings.Replace(tinyTargets, "observation_variance: 9", "observation_variance: 0", 1),
			[]string{"spec.yaml:14:82: targets[1].observation_variance: observation_variance must be positive; got 0"}},
		{"negative tolerance", strings.Replace(tinyTargets, "tolerance: 0.6", "tolerance: -0.6", 1),
			[]string{"targets[0].tolerance: tolerance must be positive"}},
		{"unknown field", strings.Replace(tinyTargets, "source: test}", "source: test, weight: 2}", 1),
			[]string{`targets[0].weight: unknown field "weight"`}},
		{"wrong type", strings.Replace(tinyTargets, "observed: 110", "observed: lots", 1),
			[]string{`targets[1].observed: expected a finite number, got "lots"`}},
		{"no uncertainty", strings.Replace(tinyTargets, "tolerance: 0.6, ", "", 1),
			[]string{"targets[0]: give the observation's uncertainty"}},
		{"bad cut-off", strings.Replace(tinyTargets, "waves: 2,", "waves: 2, cutoff: 0,", 1),
			[]string{"history_matching.cutoff: the cut-off must be positive"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			targets := writeSpec(t, test.targets)
			dir := filepath.Join(t.TempDir(), "out")
			code, _, stderr := nhssim(t, "calibrate", targets, "--out", dir)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, w := range test.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was created for bad input", dir)
			}
		})
	}
}
