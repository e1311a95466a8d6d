package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
)

// small keeps the runs in these tests to a fraction of a second: two
// practices, one hospital, one year of statistics after a year of warm-up.
var small = []string{"--patients", "20000", "--years", "2", "--warmup-years", "1"}

// nhssim runs the command line args and returns its exit status, standard
// output and standard error.
func nhssim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	err := run(context.Background(), args, &env{stdout: &out, stderr: &errw})
	code = report(err, &errw)
	return code, out.String(), errw.String()
}

// mustRun runs args and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := nhssim(t, args...)
	if code != 0 {
		t.Fatalf("nhssim %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// args joins argument lists.
func args(lists ...[]string) []string { return slices.Concat(lists...) }

// summary is the JSON object of run --json and summary.json.
type summary struct {
	Scenario string              `json:"scenario"`
	Seed     uint64              `json:"seed"`
	Metrics  map[string]*float64 `json:"metrics"` // nil for a mean of nothing
}

// decodeSummary decodes exactly one JSON object with exactly the fields of
// summary.
func decodeSummary(t *testing.T, data string) summary {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	var s summary
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("decoding %q: %v", data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("more than one JSON value in %q", data)
	}
	return s
}

// workloadKeys are the outputs that WORKLOAD.md requires of every
// implementation of refnet (bench/refnet/WORKLOAD.md, "Outputs").
var workloadKeys = []string{
	"gp_consultations", "gp_wait_mean_days", "usual_gp_share", "admissions",
	"bed_wait_mean_days", "bed_occupancy", "delayed_bed_days", "packages_started", "events",
}

func TestRunJSON(t *testing.T) {
	out := mustRun(t, args([]string{"run", "refnet", "--json"}, small)...)
	s := decodeSummary(t, out)
	if s.Scenario != "refnet" || s.Seed != 1 {
		t.Errorf("scenario %q, seed %d; want refnet, 1 (refnet's seed)", s.Scenario, s.Seed)
	}
	for _, k := range workloadKeys {
		v, ok := s.Metrics[k]
		if !ok {
			t.Errorf("metric %s missing", k)
			continue
		}
		if v == nil {
			t.Errorf("metric %s is null", k)
		}
	}
	// Sanity, not calibration: 20,000 patients at 5 consultations a year
	// (refnet's rate_gp) give about 100,000 in the year of statistics.
	if v := s.Metrics["gp_consultations"]; v != nil && (*v < 90000 || *v > 110000) {
		t.Errorf("gp_consultations = %g, want about 100,000", *v)
	}
	for _, k := range []string{"usual_gp_share", "bed_occupancy"} {
		if v := s.Metrics[k]; v != nil && (*v < 0 || *v > 1) {
			t.Errorf("%s = %g, want a share in [0, 1]", k, *v)
		}
	}
}

func TestRunFlagOrder(t *testing.T) {
	// Flags may come before or after the scenario, in any mix.
	after := mustRun(t, args([]string{"run", "refnet", "--json", "--seed", "3"}, small)...)
	before := mustRun(t, args([]string{"run", "--json", "--seed=3"}, small, []string{"refnet"})...)
	mixed := mustRun(t, "run", "--patients", "20000", "--json", "refnet", "--years=2", "--seed", "3", "--warmup-years", "1")
	if before != after || mixed != after {
		t.Errorf("flag order changed the output:\nafter:  %s\nbefore: %s\nmixed:  %s", after, before, mixed)
	}
}

func TestRunSeed(t *testing.T) {
	run := func(seed string) string {
		return mustRun(t, args([]string{"run", "refnet", "--json", "--seed", seed}, small)...)
	}
	a, b, c := run("7"), run("7"), run("8")
	if a != b {
		t.Errorf("the same seed gave different output:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same output:\n%s", a)
	}
	if s := decodeSummary(t, c); s.Seed != 8 {
		t.Errorf("seed = %d, want 8", s.Seed)
	}
	// --seed is a shorthand for --set seed=N.
	if d := mustRun(t, args([]string{"run", "refnet", "--json", "--set", "seed=7"}, small)...); d != a {
		t.Errorf("--set seed=7 and --seed 7 differ:\n%s\n%s", d, a)
	}
}

func TestRunText(t *testing.T) {
	out := mustRun(t, args([]string{"run", "refnet"}, small)...)
	for _, want := range []string{"refnet: 20,000 patients, seed 1, statistics over years 1–2 (1 year after a 1-year warm-up)", "gp_consultations", "bed_occupancy", "bed-days"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestRunOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out") // run creates it
	stdout := mustRun(t, args([]string{"run", "refnet", "--json", "--out", dir}, small)...)

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// Nothing else: no temporary files or write probes left behind.
	if want := []string{"SHA256SUMS", "manifest.json", "metrics.json", "practices.csv", "series.csv", "summary.json"}; !slices.Equal(names, want) {
		t.Errorf("--out wrote %q, want %q", names, want)
	}

	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if got := read("summary.json"); got != stdout {
		t.Errorf("summary.json differs from --json output:\n%s\n%s", got, stdout)
	}
	decodeSummary(t, read("summary.json"))

	lines := strings.Split(strings.TrimSuffix(read("series.csv"), "\n"), "\n")
	if lines[0] != "month,metric,value" {
		t.Errorf("series.csv header %q, want month,metric,value", lines[0])
	}
	months := map[string]bool{}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != 3 {
			t.Fatalf("series.csv line %q has %d fields, want 3", l, len(f))
		}
		months[f[0]] = true
	}
	// Two years, warm-up included, is 24 months.
	if len(months) != 24 || !months["1"] || !months["24"] {
		t.Errorf("series.csv covers %d months, want 1 to 24", len(months))
	}

	var manifest struct {
		Version   string   `json:"nhssim_version"`
		Seeds     []uint64 `json:"seeds"`
		Scenarios []struct {
			Name       string         `json:"name"`
			Hash       string         `json:"hash"`
			Parameters map[string]any `json:"parameters"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(read("manifest.json")), &manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if manifest.Version != provenance.ReadBuild().Version || len(manifest.Scenarios) != 1 || manifest.Scenarios[0].Name != "refnet" || manifest.Scenarios[0].Hash == "" || !slices.Equal(manifest.Seeds, []uint64{1}) {
		t.Errorf("manifest: %+v", manifest)
	}
	if got := manifest.Scenarios[0].Parameters["population.patients"]; got != 20000.0 {
		t.Errorf("manifest population.patients = %#v, want the number 20000", got)
	}

	// A second run into the same directory replaces the files whole.
	mustRun(t, args([]string{"run", "refnet", "--json", "--seed", "2", "--out", dir}, small)...)
	if s := decodeSummary(t, read("summary.json")); s.Seed != 2 {
		t.Errorf("summary.json not replaced: seed %d, want 2", s.Seed)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 6 {
		t.Errorf("after a second run --out holds %d files, want 6", len(entries))
	}
	// The manifest, like the results, is the same whatever --workers is.
	before := tree(t, dir)
	mustRun(t, args([]string{"run", "refnet", "--json", "--workers", "3", "--seed", "2", "--out", dir}, small)...)
	if after := tree(t, dir); !maps.Equal(before, after) {
		t.Errorf("--workers 3 changed the files:\n%s\n%s", before["manifest.json"], after["manifest.json"])
	}
}

func TestRunOutNotWritten(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("hospitals:\n  beds_per_1000: -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name string
		args []string // --out DIR is added
	}{
		{"BadScenario", []string{"run", bad}},
		{"UnknownScenario", []string{"run", "no-such-scenario"}},
		{"BadSet", []string{"run", "refnet", "--set", "hospitals.los_mean_days=-1"}},
		{"BadFlagValue", []string{"run", "refnet", "--json=maybe"}},
		{"BadShorthandValue", []string{"run", "refnet", "--seed", "many"}},
		{"UnknownFlag", []string{"run", "refnet", "--no-such-flag"}},
		{"TwoScenarios", []string{"run", "refnet", "refnet"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := nhssim(t, args(test.args, small, []string{"--out", dir})...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.HasPrefix(stderr, "nhssim: ") {
				t.Errorf("stderr %q, want an nhssim: message", stderr)
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				t.Errorf("--out holds %d files, want none", len(entries))
			} else if err == nil {
				t.Errorf("--out %s was created", dir)
			}
		})
	}
}

func TestRunBadScenarioMessage(t *testing.T) {
	code, _, stderr := nhssim(t, args([]string{"run", "refnet", "--set", "hospitals.los_mean_dayz=7", "--set", "seed=x"}, small)...)
	// In the order of the fields: seed is refnet's, hospitals.los_mean_dayz new.
	want := `nhssim: the scenario has 2 problems:
  --set seed=x: seed: expected a whole number, got "x"
  --set hospitals.los_mean_dayz=7: hospitals.los_mean_dayz: unknown field "los_mean_dayz" (did you mean "los_mean_days"?)
`
	if code != 2 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2, stderr:\n%s", code, stderr, want)
	}
}

func TestUsage(t *testing.T) {
	for _, test := range []struct {
		args   []string
		code   int
		stdout string // part of standard output
		stderr string // part of standard error
	}{
		{nil, 2, "", "Usage:"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"--no-such-flag"}, 2, "", `unknown command "--no-such-flag"`},
		{[]string{"valdate", "england"}, 2, "", `unknown command "valdate" (did you mean validate?)`},
		{[]string{"run", "refnet", "--wokers", "2"}, 2, "", "flag provided but not defined: -wokers (did you mean --workers?)"},
		{[]string{"validate", "englnd"}, 2, "", `unknown scenario "englnd": did you mean england?`},
		{[]string{"help"}, 0, "The commands are:", ""},
		{[]string{"-h"}, 0, "The commands are:", ""},
		{[]string{"--help"}, 0, "The commands are:", ""},
		{[]string{"help", "run"}, 0, "usage: nhssim run SCENARIO", ""},
		{[]string{"help", "validate"}, 0, "usage: nhssim validate SCENARIO", ""},
		{[]string{"help", "frobnicate"}, 2, "", `unknown help topic "frobnicate"`},
		{[]string{"run", "--help"}, 0, "-warmup-years", ""},
		{[]string{"run", "-h"}, 0, "usage: nhssim run SCENARIO", ""},
		{[]string{"validate", "--help"}, 0, "usage: nhssim validate SCENARIO", ""},
		{[]string{"run"}, 2, "", "run takes one scenario"},
		{[]string{"validate"}, 2, "", "validate takes one scenario"},
		{[]string{"scenarios", "extra"}, 2, "", "scenarios takes no arguments"},
		{[]string{"run", "refnet", "--seed"}, 2, "", "flag needs an argument: -seed"},
		{[]string{"help", "serve"}, 0, "--addr 0.0.0.0:8080 listens on every network interface", ""},
		{[]string{"serve", "extra"}, 2, "", "serve takes no arguments"},
		{[]string{"serve", "--runs", "0"}, 2, "", "--runs must be at least 1"},
		{[]string{"serve", "--addr", "256.0.0.1:1"}, 2, "", "cannot listen on 256.0.0.1:1"},
		{[]string{"serve", "--allow-host", "evil.example:80"}, 2, "", "is not a host name"},
	} {
		t.Run(strings.Join(test.args, " "), func(t *testing.T) {
			code, stdout, stderr := nhssim(t, test.args...)
			if code != test.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, test.code, stdout, stderr)
			}
			if !strings.Contains(stdout, test.stdout) || (test.stdout == "" && stdout != "") {
				t.Errorf("stdout:\n%s\nwant it to contain %q", stdout, test.stdout)
			}
			if !strings.Contains(stderr, test.stderr) || (test.stderr == "" && stderr != "") {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, test.stderr)
			}
		})
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	out := mustRun(t, "help")
	for _, c := range commands {
		if !strings.Contains(out, "\t"+c.name) {
			t.Errorf("help does not list %s:\n%s", c.name, out)
		}
		if h := mustRun(t, "help", c.name); !strings.HasPrefix(h, "usage: "+c.usageLine) {
			t.Errorf("help %s:\n%s", c.name, h)
		}
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "extends: refnet\nname: good\nhospitals:\n  los_mean_days: 7\n")
	bad := write("bad.yaml", "name: bad\nhospitals:\n  los_mean_days: -1\n  beds_per_100: 0.9\n")

	t.Run("Shipped", func(t *testing.T) {
		out := mustRun(t, "validate", "refnet")
		if !strings.HasPrefix(out, "scenarios/reference/refnet.yaml: valid (scenario refnet, hash ") {
			t.Errorf("stdout %q", out)
		}
	})
	t.Run("File", func(t *testing.T) {
		if out := mustRun(t, "validate", good); !strings.HasPrefix(out, good+": valid (scenario good, hash ") {
			t.Errorf("stdout %q", out)
		}
	})
	t.Run("Set", func(t *testing.T) {
		// The hash follows the parameters.
		a, b := mustRun(t, "validate", "refnet"), mustRun(t, "validate", "refnet", "--set", "seed=2")
		if a == b {
			t.Errorf("--set seed=2 did not change the hash: %s", a)
		}
	})
	t.Run("Bad", func(t *testing.T) {
		code, stdout, stderr := nhssim(t, "validate", bad)
		want := "nhssim: the scenario has 2 problems:\n" +
			"  " + bad + `:4:3: hospitals.beds_per_100: unknown field "beds_per_100" (did you mean "beds_per_1000"?)` + "\n" +
			"  " + bad + ":3:18: hospitals.los_mean_days: -1 is outside (0, 1000]\n"
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 2 and stderr:\n%s", code, stdout, stderr, want)
		}
	})
	t.Run("BadSet", func(t *testing.T) {
		code, _, stderr := nhssim(t, "validate", good, "--set", "population.patients=0")
		if code != 2 || !strings.Contains(stderr, "--set population.patients=0: population.patients: 0 is outside [1, ") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		code, _, stderr := nhssim(t, "validate", filepath.Join(dir, "missing.yaml"))
		if code != 2 || !strings.Contains(stderr, "missing.yaml: no such file") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
}

func TestScenarios(t *testing.T) {
	out := mustRun(t, "scenarios")
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			t.Errorf("line %q has no description", l)
			continue
		}
		names = append(names, f[0])
	}
	if !slices.Contains(names, "refnet") {
		t.Errorf("scenarios does not list refnet:\n%s", out)
	}
}

func TestMetrics(t *testing.T) {
	out := mustRun(t, "metrics")
	for _, want := range []string{"duplication_transaction_cost_per_head", "accounting", "emergent", "bed_occupancy"} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics does not list %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "cost_per_head_total") {
		t.Error("metrics lists cost_per_head_total, which nothing computes")
	}
	var d struct {
		Metrics []struct{ Name, Unit, Definition, Kind string } `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "metrics", "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Metrics) != len(nhs.Metrics()) || d.Metrics[0].Unit == "" || d.Metrics[0].Kind == "" {
		t.Errorf("metrics --json: %+v", d.Metrics[:min(len(d.Metrics), 2)])
	}
	if code, _, stderr := nhssim(t, "metrics", "extra"); code != 2 || !strings.Contains(stderr, "no arguments") {
		t.Errorf("metrics extra: exit %d, %s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	b := provenance.Build{Version: "v1.2.3", Revision: "0123abc", Modified: true, GoVersion: "go1.26"}
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, "nhssim v1.2.3, revision 0123abc, with uncommitted changes, go1.26\n"},
		{[]string{"version", "--json"}, "{\n  \"nhssim_version\": \"v1.2.3\",\n  \"vcs_revision\": \"0123abc\",\n  \"vcs_modified\": true,\n  \"go_version\": \"go1.26\"\n}\n"},
	} {
		var out, errw bytes.Buffer
		if err := run(context.Background(), test.args, &env{stdout: &out, stderr: &errw, build: b}); err != nil {
			t.Fatalf("%v: %v", test.args, err)
		}
		if out.String() != test.want {
			t.Errorf("%v printed %q, want %q", test.args, out.String(), test.want)
		}
	}
}
