package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"github.com/nhssim/nhssim/sim/provenance"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// variant is england with three levers changed.
var variant = filepath.Join("testdata", "personal-lists.yaml")

// smallCompare keeps a comparison to about a second: 2 replicates of small
// runs, SVG only, no progress.
var smallCompare = []string{"--replicates", "2", "--patients", "20000", "--years", "2", "--warmup-years", "1", "--format", "svg", "--progress", "none"}

// chartNames are the six charts.
var chartNames = []string{"admissions", "costs", "continuity", "beds", "attribution", "dashboard"}

// readDir returns every file in dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCompareWorkers(t *testing.T) {
	// The same comparison on 1 and 2 workers writes the same files, byte for
	// byte, manifest and charts included.
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, args([]string{"compare", "england", variant, "--out", dir, "--workers", "1"}, smallCompare)...)
	one := readDir(t, dir)
	mustRun(t, args([]string{"compare", "england", variant, "--out", dir, "--workers=2"}, smallCompare)...)
	two := readDir(t, dir)

	want := []string{"SHA256SUMS", "appraisal.csv", "attribution.csv", "construction.csv", "differences.csv", "manifest.json", "metrics.json", "series.csv", "summary.csv"}
	for _, c := range chartNames {
		want = append(want, c+".svg")
		if c != "attribution" { // attribution.csv is its data
			want = append(want, c+".csv")
		}
	}
	slices.Sort(want)
	var names []string
	for n := range one {
		names = append(names, n)
	}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("compare wrote %q, want %q", names, want)
	}
	for _, n := range names {
		if !bytes.Equal(one[n], two[n]) {
			t.Errorf("%s differs between 1 and 2 workers", n)
		}
	}
}

func TestCompareOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out") // compare creates it
	stdout := mustRun(t, args([]string{"compare", "england", variant, "--out", dir, "--seed", "7"}, smallCompare)...)
	files := readDir(t, dir)

	for _, want := range []string{
		"england vs personal-lists: 2 replicates of 20,000 patients",
		"seeds 7–8; 10 runs",
		"emergency_admissions_per_1000", "personal-lists − england",
		"Replicates: 2 ",
		"Trends: each headline's monthly series", "upc_mean (series usual_gp_share)",
		// Lower GP turnover only keeps relationships; pooled booking moves
		// UPC either way, and the discontinuity effect is not classified.
		"Signs fixed by construction",
		"upc_mean: partly: its one-way channels can only make it higher in personal-lists than in england",
		"  higher: GP turnover ends relationships (general_practice.turnover_rate)",
		"  either way: general_practice.pooled_booking_share",
		"  not classified: continuity.discontinuity_or",
		"Lever attribution, england → personal-lists",
		"general_practice.pooled_booking_share: 0.27 → 0.05",
		"sum of the levers alone", "all levers: the whole difference",
		"Appraisal against england, per registered patient over years 1–2",
		"personal-lists − england  ",
		"wrote summary.csv, differences.csv, series.csv, attribution.csv, appraisal.csv, construction.csv, manifest.json, metrics.json and 6 charts (svg, with their data as CSV) to " + dir,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("standard output lacks %q:\n%s", want, stdout)
		}
	}

	summary := readCSV(t, files["summary.csv"])
	if got := strings.Join(summary[0], ","); got != "scenario,metric,mean,lo,hi,n" {
		t.Errorf("summary.csv header %q", got)
	}
	found := 0
	for _, r := range summary[1:] {
		if r[1] == "emergency_admissions_per_1000" {
			found++
			if r[5] != "2" || r[3] == "" || r[4] == "" {
				t.Errorf("summary.csv row %q: want n = 2 and an interval", r)
			}
		}
	}
	if found != 2 {
		t.Errorf("summary.csv has emergency_admissions_per_1000 for %d scenarios, want 2", found)
	}

	diffs := readCSV(t, files["differences.csv"])
	if got := strings.Join(diffs[0], ","); got != "scenario,baseline,metric,difference,lo,hi,n" {
		t.Errorf("differences.csv header %q", got)
	}
	for _, r := range diffs[1:] {
		if r[0] != "personal-lists" || r[1] != "england" {
			t.Fatalf("differences.csv row %q", r)
		}
		// The population is the same in both: a difference of exactly 0.
		if r[2] == "patients" && (r[3] != "0" || r[4] != "0" || r[5] != "0") {
			t.Errorf("patients differ: %q", r)
		}
	}

	appr := readCSV(t, files["appraisal.csv"])
	if got := strings.Join(appr[0], ","); got != "scenario,baseline,measure,threshold,value,lo,hi,n,note" {
		t.Errorf("appraisal.csv header %q", got)
	}
	if len(appr) != 7 || appr[1][0] != "personal-lists" || appr[1][2] != "incremental_cost" || appr[6][2] != "icer" {
		t.Errorf("appraisal.csv: want cost, QALYs, three NMBs and the ICER of personal-lists:\n%q", appr)
	}

	series := readCSV(t, files["series.csv"])
	if got := strings.Join(series[0], ","); got != "scenario,replicate,month,metric,value" {
		t.Errorf("series.csv header %q", got)
	}
	months := map[string]bool{}
	for _, r := range series[1:] {
		if r[0] == "england" && r[1] == "2" && r[3] == "emergency_admissions_per_1000" {
			months[r[2]] = true
		}
	}
	if len(months) != 24 {
		t.Errorf("series.csv has %d months of england's replicate 2, want 24", len(months))
	}

	attr := readCSV(t, files["attribution.csv"])
	var levers []string
	for _, r := range attr[1:] {
		if r[3] == "upc_mean" {
			levers = append(levers, r[0])
		}
	}
	wantLevers := []string{"general_practice.pooled_booking_share", "general_practice.turnover_rate", "continuity.discontinuity_or", "sum of levers", "all levers"}
	if !sameSet(levers, wantLevers) {
		t.Errorf("attribution.csv levers %q, want %q", levers, wantLevers)
	}

	var m struct {
		Version    string   `json:"nhssim_version"`
		Command    string   `json:"command"`
		Replicates int      `json:"replicates"`
		Seeds      []uint64 `json:"seeds"`
		Baseline   string   `json:"baseline"`
		Scenarios  []struct {
			Name       string         `json:"name"`
			Hash       string         `json:"hash"`
			Parameters map[string]any `json:"parameters"`
		} `json:"scenarios"`
		Attribution struct {
			Levers []struct {
				Set  string `json:"set"`
				Hash string `json:"hash"`
			} `json:"levers"`
		} `json:"attribution"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatalf("manifest.json: %v\n%s", err, files["manifest.json"])
	}
	if m.Version != provenance.ReadBuild().Version || m.Replicates != 2 || !slices.Equal(m.Seeds, []uint64{7, 8}) || m.Baseline != "england" || len(m.Scenarios) != 2 {
		t.Errorf("manifest: %+v", m)
	}
	if !strings.HasPrefix(m.Command, "nhssim compare england "+variant+" --out ") || strings.Contains(m.Command, "--progress") {
		t.Errorf("manifest command %q", m.Command)
	}
	for _, s := range m.Scenarios {
		if s.Hash == "" || s.Parameters["population.patients"] != 20000.0 || s.Parameters["seed"] != 7.0 {
			t.Errorf("manifest scenario %s: hash %q, patients %v, seed %v", s.Name, s.Hash, s.Parameters["population.patients"], s.Parameters["seed"])
		}
	}
	if m.Scenarios[1].Parameters["general_practice.pooled_booking_share"] != 0.05 {
		t.Errorf("manifest: personal-lists pooled_booking_share = %v", m.Scenarios[1].Parameters["general_practice.pooled_booking_share"])
	}
	if len(m.Attribution.Levers) != 3 || m.Attribution.Levers[0].Hash == "" {
		t.Errorf("manifest attribution: %+v", m.Attribution)
	}

	for _, c := range chartNames {
		if !bytes.HasPrefix(files[c+".svg"], []byte("<?xml")) {
			t.Errorf("%s.svg is not an SVG", c)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestCompareOneScenario(t *testing.T) {
	// One scenario is a comparison too: its intervals, no differences, no
	// attribution, and every chart but the attribution's still drawn, each
	// with its data.
	dir := t.TempDir()
	stdout := mustRun(t, args([]string{"compare", "england", "--out", dir, "--attribution=false"}, smallCompare)...)
	files := readDir(t, dir)
	if n := len(readCSV(t, files["differences.csv"])); n != 1 {
		t.Errorf("differences.csv has %d lines, want the header alone", n)
	}
	if n := len(readCSV(t, files["attribution.csv"])); n != 1 {
		t.Errorf("attribution.csv has %d lines, want the header alone", n)
	}
	if strings.Contains(stdout, "Lever attribution") {
		t.Errorf("one scenario, yet an attribution:\n%s", stdout)
	}
	if n := len(readCSV(t, files["appraisal.csv"])); n != 1 {
		t.Errorf("appraisal.csv has %d lines, want the header alone", n)
	}
	if strings.Contains(stdout, "Appraisal against") {
		t.Errorf("one scenario, yet an appraisal:\n%s", stdout)
	}
	if n := len(readCSV(t, files["construction.csv"])); n != 1 {
		t.Errorf("construction.csv has %d lines, want the header alone", n)
	}
	if strings.Contains(stdout, "Signs fixed by construction") {
		t.Errorf("one scenario, yet signs fixed by construction:\n%s", stdout)
	}
	if want := 9 + 2*(len(chartNames)-1); len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
}

// A pair that differs in a pooled budget alone: the sign of delayed
// bed-days is fixed by construction, and construction.csv says so.
func TestCompareConstruction(t *testing.T) {
	dir := t.TempDir()
	stdout := mustRun(t, args([]string{"compare", "england", filepath.Join("testdata", "pooled-budget.yaml"), "--out", dir, "--attribution=false"}, smallCompare)...)
	for _, want := range []string{
		"delayed_bed_days_per_1000: fixed: every lever that differs and moves it can only make it lower in pooled-budget than in england\n" +
			"  lower: a pooled budget shortens funding decisions and ends disputes (discharge.pooled_budget)\n" +
			"  shut in both: market-side discharge levers\n",
		"emergency_admissions_per_1000: fixed: every lever that differs and moves it can only make it lower in pooled-budget than in england\n" +
			"  lower: through delayed_bed_days_per_1000: discharge.pooled_budget\n",
		"duplication_transaction_cost_per_head: not fixed: in pooled-budget against england its one-way channels point both ways",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("standard output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "upc_mean: ") {
		t.Errorf("a sign claimed for UPC, which no lever that differs moves:\n%s", stdout)
	}
	recs := readCSV(t, readDir(t, dir)["construction.csv"])
	want := []string{"pooled-budget", "england", "delayed_bed_days_per_1000", "fixed", "one-way", "lower", "a pooled budget shortens funding decisions and ends disputes", "", "discharge.pooled_budget"}
	if !slices.ContainsFunc(recs, func(r []string) bool { return slices.Equal(r, want) }) {
		t.Errorf("construction.csv lacks %q:\n%q", want, recs)
	}
}

func TestCompareNoAttribution(t *testing.T) {
	dir := t.TempDir()
	stdout := mustRun(t, args([]string{"compare", "england", variant, "--out", dir, "--attribution=false"}, smallCompare)...)
	if !strings.Contains(stdout, "Lever attribution: Attribution not run (--attribution=false).") {
		t.Errorf("stdout:\n%s", stdout)
	}
	// No empty page: the dashboard says why there is no attribution.
	files := readDir(t, dir)
	if _, ok := files["attribution.svg"]; ok {
		t.Error("an attribution chart without an attribution")
	}
	if !strings.Contains(string(files["dashboard.svg"]), "--attribution=false") {
		t.Error("dashboard.svg does not say why there is no attribution")
	}
}

// shippedAnalysis is the uncertainty analysis of the default pair that
// docs/uncertainty.md quotes.
var shippedAnalysis = filepath.Join("..", "..", "docs", "uncertainty-default")

// --uncertainty-from quotes an earlier analysis of the same pair in the
// report and under the dashboard, saying where it comes from.
func TestCompareUncertaintyFrom(t *testing.T) {
	dir := t.TempDir()
	stdout := mustRun(t, args([]string{"compare", "market-contract", "regional-collaborative", "--out", dir, "--attribution=false", "--uncertainty-from", shippedAnalysis}, smallCompare)...)
	for _, want := range []string{"\nOver parameter uncertainty, from an earlier analysis (nhssim compare --uncertainty ", "emergency admissions per 1,000 a year: regional-collaborative was better in "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "--out nhssim-out") {
		t.Errorf("the quoted command keeps where it wrote:\n%s", stdout)
	}
	dash := string(readDir(t, dir)["dashboard.svg"])
	for _, want := range []string{"Over parameter uncertainty", " better in ", " draws (median "} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard.svg lacks %q", want)
		}
	}
}

func TestCompareAttributionMax(t *testing.T) {
	// Capped at one lever, the variant's three differing levers leave two
	// out, and both stdout and the manifest say which.
	dir := t.TempDir()
	stdout := mustRun(t, args([]string{"compare", "england", variant, "--out", dir, "--attribution-max", "1"}, smallCompare)...)
	if !strings.Contains(stdout, "2 levers more differ and were left out (--attribution-max 1") {
		t.Errorf("stdout does not say which levers were left out:\n%s", stdout)
	}
	files := readDir(t, dir)
	var m struct {
		Attribution struct {
			Levers  []struct{ Set string } `json:"levers"`
			LeftOut []string               `json:"left_out"`
		} `json:"attribution"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Attribution.Levers) != 1 || len(m.Attribution.LeftOut) != 2 {
		t.Errorf("manifest attribution: %+v, want 1 lever and 2 left out", m.Attribution)
	}
}

func TestCompareDefault(t *testing.T) {
	// With no scenario, compare compares defaultCompare and writes to
	// ./nhssim-out.
	abs, err := filepath.Abs(variant)
	if err != nil {
		t.Fatal(err)
	}
	old := defaultCompare
	defaultCompare = []string{"england", abs}
	t.Cleanup(func() { defaultCompare = old })
	t.Chdir(t.TempDir())
	small := slices.Clone(smallCompare)
	small[1] = "3"
	stdout := mustRun(t, args([]string{"compare"}, small)...)
	if !strings.Contains(stdout, "england vs personal-lists: 3 replicates") || !strings.Contains(stdout, "to "+defaultOut) {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(defaultOut, "dashboard.svg")); err != nil {
		t.Error(err)
	}
}

func TestCompareBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name     string
		args     []string // smallCompare and --out DIR are added before these
		defaults []string // defaultCompare for the test
		out      string   // --out, if not a fresh directory
		stderr   string   // part of the message
	}{
		{"NoScenario", []string{"compare"}, []string{}, "", "compare needs at least one scenario"},
		{"DefaultsNotShipped", []string{"compare"}, []string{"no-such-a", "no-such-b"}, "", "does not ship no-such-a yet"},
		{"OneReplicate", []string{"compare", "england", "--replicates", "1"}, nil, "", "--replicates 1: 95% intervals need at least 2 replicates"},
		{"NoReplicates", []string{"compare", "england", "--replicates=0"}, nil, "", "need at least 2 replicates"},
		{"UnknownFormat", []string{"compare", "england", "--format", "svg,gif"}, nil, "", `unknown format "gif"`},
		{"EmptyFormat", []string{"compare", "england", "--format", ""}, nil, "", `unknown format ""`},
		{"UnwritableDir", []string{"compare", "england"}, nil, filepath.Join(file, "out"), "--out " + filepath.Join(file, "out")},
		{"NoWorkers", []string{"compare", "england", "--workers", "0"}, nil, "", "--workers 0"},
		{"BadProgress", []string{"compare", "england", "--progress", "loud"}, nil, "", `--progress "loud"`},
		{"UnknownScenario", []string{"compare", "england", "no-such-scenario"}, nil, "", `unknown scenario "no-such-scenario"`},
		{"BadSet", []string{"compare", "england", "--set", "hospitals.los_mean_days=-1"}, nil, "", "hospitals.los_mean_days: -1 is outside"},
		{"SameName", []string{"compare", "england", "england"}, nil, "", `both named "england"`},
		{"BadFlag", []string{"compare", "england", "--attribution=maybe"}, nil, "", "invalid boolean value"},
		{"NegativeAttributionMax", []string{"compare", "england", "--attribution-max", "-1"}, nil, "", "--attribution-max -1: need 0 (every lever) or more"},
		{"HugeReplicates", []string{"compare", "england", "--replicates", "100000000000000"}, nil, "", "--replicates 100000000000000: at most 10000"},
		{"HugeReplicatesExponent", []string{"compare", "england", "--replicates", "1e14"}, nil, "", `invalid value "1e14"`},
		{"HugeReplicatesOverflow", []string{"compare", "england", "--replicates", "99999999999999999999"}, nil, "", `value out of range`},
		{"UncertaintyFromMissing", []string{"compare", "england", variant, "--uncertainty-from", file + "-none"}, nil, "", "--uncertainty-from " + file + "-none: not an uncertainty analysis"},
		{"UncertaintyFromOtherPair", []string{"compare", "england", variant, "--uncertainty-from", shippedAnalysis}, nil, "", "no headline of personal-lists − england in this analysis (it has regional-collaborative − market-contract)"},
		{"UncertaintyFromWithUncertainty", []string{"compare", "england", variant, "--uncertainty", "2", "--uncertainty-from", shippedAnalysis}, nil, "", "cannot be given with --uncertainty"},
	} {
		t.Run(test.name, func(t *testing.T) {
			if test.defaults != nil {
				old := defaultCompare
				defaultCompare = test.defaults
				t.Cleanup(func() { defaultCompare = old })
			}
			dir := test.out
			if dir == "" {
				dir = filepath.Join(t.TempDir(), "out")
			}
			a := args(test.args[:1], smallCompare, []string{"--out", dir}, test.args[1:])
			code, stdout, stderr := nhssim(t, a...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			// A warning that the sample is small may come first.
			msg := stderr
			for strings.HasPrefix(msg, "warning: ") {
				_, msg, _ = strings.Cut(msg, "\n")
			}
			if !strings.HasPrefix(msg, "nhssim: ") || !strings.Contains(stderr, test.stderr) {
				t.Errorf("stderr %q, want an nhssim: message with %q", stderr, test.stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("--out %s was created", dir)
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	for _, test := range []struct {
		args []string
		want string
	}{
		{nil, "nhssim compare"},
		{[]string{"a", "--workers", "2", "b"}, "nhssim compare a b"},
		{[]string{"a", "-workers=2", "--progress=none", "--seed", "3"}, "nhssim compare a --seed 3"},
		{[]string{"--progress", "log", "--set", "x=1", "a"}, "nhssim compare --set x=1 a"},
	} {
		if got := commandLine(test.args); got != test.want {
			t.Errorf("commandLine(%q) = %q, want %q", test.args, got, test.want)
		}
	}
}

// A negative unit cost or a discount rate of 100% is bad input: exit 2,
// each at its file, line and field, before anything runs.
func TestCompareBadAppraisal(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad-appraisal.yaml")
	if err := os.WriteFile(bad, []byte("name: bad-appraisal\nappraisal:\n  excess_bed_day_cost: -5\n  discount_rate_costs: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nhssim(t, args([]string{"compare", "england", bad, "--out", t.TempDir()}, smallCompare)...)
	for _, want := range []string{
		bad + ":3:24: appraisal.excess_bed_day_cost: -5 is outside [0, 100000]",
		bad + ":4:24: appraisal.discount_rate_costs: 1 is outside [0, 1)",
	} {
		if code != 2 || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, stdout, stderr, want)
		}
	}
}
