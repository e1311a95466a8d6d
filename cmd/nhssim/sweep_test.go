package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/sweep"
)

// TestMain lets the test binary stand in for nhssim: with NHSSIM_AS_MAIN
// set, it runs main instead of the tests, as a cluster task runs the binary
// that submitted it.
func TestMain(m *testing.M) {
	if os.Getenv("NHSSIM_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// tinySweep is a sweep of 8 points of tiny runs (4,000 patients for a
// year): 2 values × 4 Latin-hypercube points, 2 scenarios, 1 replicate.
const tinySweep = `name: tiny
scenarios: [market-contract, regional-collaborative]
seed: 3
patients: 4000
years: 1
warmup_years: 0
vary:
  - {param: contracts.payment, values: [activity, block]}
latin_hypercube:
  points: 4
  params: [general_practice.pooled_booking_share, discharge.boundaries]
`

// writeSpec writes a spec into a new directory and returns its path.
func writeSpec(t *testing.T, spec string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tree reads every file under dir by its path relative to dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			files[rel] = string(data)
		}
		return nil
	})
	return files
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSweep(t *testing.T) {
	spec := writeSpec(t, tinySweep)
	base := t.TempDir()
	one, two := filepath.Join(base, "one"), filepath.Join(base, "two")
	stdout := mustRun(t, "sweep", spec, "--out", one, "--workers", "1", "--progress", "none")
	if want := "sweep tiny: 8 points × 2 runs in "; !strings.Contains(stdout, want) {
		t.Errorf("stdout %q lacks %q", stdout, want)
	}
	mustRun(t, "sweep", "--workers=2", spec, "--out", two, "--progress", "none")
	a, b := tree(t, one), tree(t, two)
	if !maps.Equal(a, b) {
		t.Error("the results differ between 1 and 2 workers")
	}
	if _, ok := a["results.csv"]; !ok || len(a) != 3 || a["metrics.json"] == "" {
		t.Fatalf("files %v, want results.csv, sweep.json and metrics.json", keys(a))
	}
	recs := readCSV(t, []byte(a["results.csv"]))
	if got, want := strings.Join(recs[0], ","), "scenario,point,replicate,seed,contracts.payment,general_practice.pooled_booking_share,discharge.boundaries,metric,value"; got != want {
		t.Errorf("header %s", got)
	}
	points := map[string]bool{}
	for _, r := range recs[1:] {
		points[r[1]] = true
		if r[3] != "3" || r[2] != "1" {
			t.Fatalf("row %q: want replicate 1, seed 3", r)
		}
	}
	if len(points) != 8 {
		t.Errorf("%d points in the results, want 8", len(points))
	}

	// Interrupted after 3 points, then resumed: the same bytes.
	dir := filepath.Join(base, "resumed")
	ctx, cancel := context.WithCancel(context.Background())
	written := 0
	pointWritten := func() {
		if written++; written == 3 {
			cancel()
		}
	}
	var out, errw bytes.Buffer
	code := report(run(ctx, []string{"sweep", spec, "--out", dir, "--progress", "none"}, &env{stdout: &out, stderr: &errw, pointWritten: pointWritten}), &errw)
	if code != 1 || !strings.Contains(errw.String(), "interrupted: ") || !strings.Contains(errw.String(), "--resume to finish") {
		t.Fatalf("interrupted sweep: exit %d\n%s", code, errw.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "results.csv")); err == nil {
		t.Fatal("an interrupted sweep wrote results.csv")
	}
	code, _, stderr := nhssim(t, "sweep", spec, "--out", dir)
	if code != 2 || !strings.Contains(stderr, "add --resume to finish it") {
		t.Errorf("rerun without --resume: exit %d\n%s", code, stderr)
	}
	stdout = mustRun(t, "sweep", spec, "--out", dir, "--resume", "--progress", "none")
	if !strings.Contains(stdout, "sweep tiny: ") {
		t.Errorf("resumed: %s", stdout)
	}
	if !maps.Equal(tree(t, dir), a) {
		t.Error("an interrupted and resumed sweep differs from a straight one")
	}
	if stdout := mustRun(t, "sweep", spec, "--out", dir, "--resume"); !strings.Contains(stdout, "is complete: nothing to do") {
		t.Errorf("resuming a complete sweep: %s", stdout)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSweepShards(t *testing.T) {
	spec := writeSpec(t, tinySweep)
	base := t.TempDir()
	whole := filepath.Join(base, "whole")
	mustRun(t, "sweep", spec, "--out", whole, "--progress", "none")
	dir := filepath.Join(base, "shards")
	for _, s := range []string{"2/3", "0/3", "1/3"} {
		stdout := mustRun(t, "sweep", spec, "--shard", s, "--out", dir, "--progress", "none")
		if !strings.Contains(stdout, "nhssim sweep merge "+dir) {
			t.Errorf("shard %s: %s", s, stdout)
		}
	}
	// A missing shard: merge says which, writes nothing and exits 1.
	hidden := filepath.Join(base, "hidden.csv")
	os.Rename(filepath.Join(dir, "shard-1-of-3.csv"), hidden)
	code, _, stderr := nhssim(t, "sweep", "merge", dir)
	if code != 1 || !strings.Contains(stderr, "shard 1/3: missing") {
		t.Errorf("merge with a shard missing: exit %d\n%s", code, stderr)
	}
	os.Rename(hidden, filepath.Join(dir, "shard-1-of-3.csv"))
	stdout := mustRun(t, "sweep", "merge", dir)
	if !strings.Contains(stdout, "merged 3 shards: 8 points") {
		t.Errorf("merge: %s", stdout)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "results.csv")), readFile(t, filepath.Join(whole, "results.csv"))) {
		t.Error("merged shards differ from the whole sweep")
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "sweep.json")), readFile(t, filepath.Join(whole, "sweep.json"))) {
		t.Error("the shards' sweep.json differs from the whole sweep's")
	}
}

func TestSweepBadInput(t *testing.T) {
	spec := writeSpec(t, tinySweep)
	done := filepath.Join(t.TempDir(), "done")
	mustRun(t, "sweep", spec, "--out", done, "--progress", "none")
	other := writeSpec(t, strings.Replace(tinySweep, "points: 4", "points: 5", 1))
	for _, test := range []struct {
		name string
		args []string
		spec string // written to a file that replaces SPEC in args
		want []string
	}{
		{"unknown parameter", []string{"sweep", "SPEC"}, "scenarios: [england]\nvary:\n  - {param: general_practice.turnover_rat, values: [0.1]}\n",
			[]string{"the sweep spec has 1 problem:", "spec.yaml:3:13: vary[0].param: unknown parameter \"general_practice.turnover_rat\"", `did you mean "general_practice.turnover_rate"?`}},
		{"range outside the domain", []string{"sweep", "SPEC"}, "scenarios: [england]\nlatin_hypercube: {points: 4, params: [{param: general_practice.pooled_booking_share, from: 0, to: 1.2}]}\n",
			[]string{"latin_hypercube.params[0].to: 1.2 is outside general_practice.pooled_booking_share's valid domain [0, 1]"}},
		{"a point that is not a valid scenario", []string{"sweep", "SPEC"}, "scenarios: [england]\nyears: 1\nvary:\n  - {param: run.warmup_years, values: [0, 1]}\n",
			[]string{"1 of the sweep's 2 scenario points are not valid scenarios", "run.warmup_years: 1 must be less than run.years (1)"}},
		{"shard out of range", []string{"sweep", spec, "--shard", "3/3", "--out", done}, "", []string{"--shard 3/3: the shard index is out of range: with 3 shards it is 0 to 2"}},
		{"shard not I/K", []string{"sweep", spec, "--shard", "1", "--out", done}, "", []string{`--shard "1": want I/K`}},
		{"more shards than points", []string{"sweep", spec, "--shard", "0/9", "--out", done}, "", []string{"the sweep has only 8 points, so at most 8 shards"}},
		{"results of another spec, resuming", []string{"sweep", other, "--out", done, "--resume"}, "", []string{done + " holds the results of a different sweep (tiny, spec hash"}},
		{"results already there", []string{"sweep", spec, "--out", done}, "", []string{"results.csv exists: the whole sweep is complete there"}},
		{"no such spec", []string{"sweep", "no-such-spec.yaml"}, "", []string{"no-such-spec.yaml: no such sweep spec"}},
		{"no spec", []string{"sweep"}, "", []string{"sweep takes one spec file"}},
		{"slurm flag alone", []string{"sweep", spec, "--array-size", "4"}, "", []string{"--array-size goes with --slurm"}},
		{"slurm and shard", []string{"sweep", spec, "--slurm", "--shard", "0/2"}, "", []string{"--slurm and --shard"}},
		{"too many tasks", []string{"sweep", spec, "--slurm", "--array-size", "9", "--dry-run", "--out", done}, "", []string{"--array-size 9: the sweep has only 8 points"}},
		{"slurm over results", []string{"sweep", spec, "--slurm", "--dry-run", "--out", done}, "", []string{"already holds results (results.csv): add --resume"}},
		{"merge of nothing", []string{"sweep", "merge", filepath.Join(t.TempDir(), "nothing")}, "", []string{"is not a sweep's results directory"}},
		// Issue 10: values that would run on every node of a cluster, and
		// counts that would panic or exhaust memory.
		{"newline in the name", []string{"sweep", "SPEC", "--slurm", "--dry-run"}, "name: \"evil\\ntouch /tmp/x\\n#\"\n" + tinySweep[strings.Index(tinySweep, "\n")+1:],
			[]string{"spec.yaml:1:7: name: \"evil\\ntouch /tmp/x\\n#\" holds a control character"}},
		{"newline in --partition", []string{"sweep", "SPEC", "--slurm", "--dry-run", "--partition", "short\ntouch /tmp/x"}, tinySweep,
			[]string{`--partition "short\ntouch /tmp/x": a partition is letters, digits`}},
		{"command in --time", []string{"sweep", "SPEC", "--slurm", "--dry-run", "--time", "1:00:00\n$(touch /tmp/x)"}, tinySweep,
			[]string{`--time "1:00:00\n$(touch /tmp/x)": want a Slurm time limit`}},
		{"huge replicates", []string{"sweep", "SPEC"}, tinySweep + "replicates: 1e14\n", []string{"spec.yaml:12:13: replicates: 1e14 is too large: at most 10000"}},
		{"huge grid", []string{"sweep", "SPEC"}, "scenarios: [england]\nvary:\n  - {param: general_practice.turnover_rate, grid: {from: 0, to: 0.2, steps: 1e14}}\n",
			[]string{"vary[0].grid.steps: 1e14 is too large: at most 1000000"}},
		{"huge hypercube", []string{"sweep", "SPEC"}, "scenarios: [england]\nlatin_hypercube: {points: 100000000000000, params: [discharge.boundaries]}\n",
			[]string{"latin_hypercube.points: 100000000000000 is too large: at most 1000000"}},
		{"too many points", []string{"sweep", "SPEC"}, "scenarios: [england]\nvary:\n  - {param: general_practice.turnover_rate, grid: {from: 0, to: 0.2, steps: 1001}}\n" +
			"latin_hypercube: {points: 1000, params: [discharge.boundaries]}\n", []string{"the sweep has 1001000 points, more than 1000000; split it"}},
		{"spec is a directory", []string{"sweep", "DIR"}, "", []string{"not a regular file but a directory"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			args := test.args
			for i, a := range args {
				if a == "DIR" {
					args = slices.Clone(args)
					args[i] = t.TempDir()
				}
			}
			if test.spec != "" {
				path := writeSpec(t, test.spec)
				args = []string{}
				for _, a := range test.args {
					if a == "SPEC" {
						a = path
					}
					args = append(args, a)
				}
				args = append(args, "--out", filepath.Join(filepath.Dir(path), "out"))
			}
			before := tree(t, done)
			code, _, stderr := nhssim(t, args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\n%s", code, stderr)
			}
			for _, w := range test.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if !maps.Equal(before, tree(t, done)) {
				t.Error("a refused sweep changed the results directory")
			}
			if test.spec != "" {
				if _, err := os.Stat(filepath.Join(filepath.Dir(args[1]), "out")); err == nil {
					t.Error("a refused sweep created its results directory")
				}
			}
		})
	}
}

func TestSweepSlurmDryRun(t *testing.T) {
	spec := writeSpec(t, tinySweep)
	dir := filepath.Join(t.TempDir(), "out")
	stdout := mustRun(t, "sweep", spec, "--slurm", "--dry-run", "--array-size", "3", "--partition", "short", "--time", "00:10:00", "--out", dir)
	for _, want := range []string{"sweep.sbatch: 8 points of tiny (16 runs) in 3 tasks", "not submitted (--dry-run)", "sbatch " + filepath.Join(dir, "sweep.sbatch"), "nhssim sweep merge " + dir} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	files := tree(t, dir)
	script := files["sweep.sbatch"]
	for _, want := range []string{"#SBATCH --array=0-2\n", "#SBATCH --partition=short\n", "#SBATCH --time=00:10:00\n", "--shard \"$SLURM_ARRAY_TASK_ID/3\"", spec} {
		if !strings.Contains(script, want) {
			t.Errorf("sweep.sbatch lacks %q:\n%s", want, script)
		}
	}
	if files["shards.json"] != "{\"shards\":3}\n" || files["sweep.json"] == "" {
		t.Errorf("files %v, shards.json %q", keys(files), files["shards.json"])
	}
}

// fakeSlurm puts an sbatch and a squeue on PATH that run a job array here:
// sbatch runs every task of the script (its last argument) in turn, or a
// script without an array as task 0, (each a run of this test
// binary standing in for nhssim) and prints a job id; squeue says the
// queue is empty. A task listed in FAKE_SLURM_FAIL exits 3 without running,
// and sbatch still exits 0, as sbatch --wait can when a task's record is
// gone.
func fakeSlurm(t *testing.T) {
	t.Helper()
	bin := t.TempDir()
	sbatch := `#!/bin/sh
for a; do script=$a; done
n=$(sed -n 's/^#SBATCH --array=0-\([0-9]*\)$/\1/p' "$script")
n=${n:-0}
out=$(sed -n 's/^#SBATCH --output=\(.*\)$/\1/p' "$script")
i=0
while [ "$i" -le "$n" ]; do
  log=$(echo "$out" | sed "s/%a/$i/")
  case " $FAKE_SLURM_FAIL " in
    *" $i "*) echo "task $i: failing on purpose" >"$log" ;;
    *) SLURM_ARRAY_TASK_ID=$i sh "$script" >"$log" 2>&1 ;;
  esac
  i=$((i+1))
done
echo 4242
`
	for name, body := range map[string]string{"sbatch": sbatch, "squeue": "#!/bin/sh\nexit 0\n"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("NHSSIM_AS_MAIN", "1")
}

func TestSweepSlurm(t *testing.T) {
	fakeSlurm(t)
	spec := writeSpec(t, tinySweep)
	base := t.TempDir()
	whole := filepath.Join(base, "whole")
	mustRun(t, "sweep", spec, "--out", whole, "--progress", "none")

	dir := filepath.Join(base, "slurm")
	stdout := mustRun(t, "sweep", spec, "--slurm", "--array-size", "4", "--wait", "--out", dir)
	for _, want := range []string{"submitted job 4242 (tasks 0-3)", "merged 4 shards: 8 points"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "results.csv")), readFile(t, filepath.Join(whole, "results.csv"))) {
		t.Error("the job array's merged results differ from a local run's")
	}
	if log := string(readFile(t, filepath.Join(dir, "logs", "shard-2.out"))); !strings.Contains(log, "shard 2/4") {
		t.Errorf("task 2's log: %s", log)
	}

	// A task that fails is caught by its missing shard, though sbatch
	// reports success.
	t.Setenv("FAKE_SLURM_FAIL", "1")
	dir = filepath.Join(base, "failed")
	code, stdout, stderr := nhssim(t, "sweep", spec, "--slurm", "--array-size", "4", "--wait", "--out", dir)
	if code != 1 || !strings.Contains(stderr, "1 of 4 shards cannot be merged") || !strings.Contains(stderr, "shard 1/4: missing") || !strings.Contains(stderr, "task 1: failing on purpose") {
		t.Errorf("a failed task: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// Resubmitted with --resume, only the missing task has work to do.
	t.Setenv("FAKE_SLURM_FAIL", "")
	stdout = mustRun(t, "sweep", spec, "--slurm", "--array-size", "4", "--wait", "--resume", "--out", dir)
	if !strings.Contains(stdout, "merged 4 shards") {
		t.Errorf("resubmitted: %s", stdout)
	}
	if log := string(readFile(t, filepath.Join(dir, "logs", "shard-0.out"))); !strings.Contains(log, "is complete: nothing to do") {
		t.Errorf("task 0 ran again: %s", log)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "results.csv")), readFile(t, filepath.Join(whole, "results.csv"))) {
		t.Error("the resubmitted array's merged results differ from a local run's")
	}
}

func TestSweepHelpSpec(t *testing.T) {
	// The spec in 'nhssim help sweep' is a valid one.
	long := cmdSweep.long
	start := strings.Index(long, "  name: ")
	end := strings.Index(long, "\nPoints are numbered")
	if start < 0 || end < start {
		t.Fatal("no spec in the help")
	}
	var spec strings.Builder
	for _, line := range strings.Split(long[start:end], "\n") {
		spec.WriteString(strings.TrimPrefix(line, "  ") + "\n")
	}
	p, err := sweep.Load(writeSpec(t, spec.String()), scenarios.Loader())
	if err != nil {
		t.Fatalf("%v\n%s", err, spec.String())
	}
	if len(p.Points) != 3*5*2*200 || len(p.Seeds) != 2 {
		t.Errorf("%d points, %d replicates", len(p.Points), len(p.Seeds))
	}
}
