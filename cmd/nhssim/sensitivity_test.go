package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tinySensitivity keeps an analysis to a fraction of a second: runs of
// 4,000 patients for a year, SVG only, no progress.
var tinySensitivity = []string{"--patients", "4000", "--years", "1", "--warmup-years", "0", "--format", "svg", "--progress", "none"}

var headline = []string{"emergency_admissions_per_1000", "duplication_transaction_cost_per_head", "upc_mean", "delayed_bed_days_per_1000", "mortality_30d_per_1000_admissions"}

func TestSensitivityMorris(t *testing.T) {
	params := "general_practice.pooled_booking_share,discharge.boundaries,hospitals.los_mean_days"
	one := filepath.Join(t.TempDir(), "out")
	stdout := mustRun(t, args([]string{"sensitivity", "england", "--params", params, "--trajectories", "3", "--out", one, "--workers", "1"}, tinySensitivity)...)
	for _, want := range []string{
		"Morris screening of 3 parameters: 3 trajectories of 4 points on england (4,000 patients, statistics over all 1 year): 12 points × 1 replicate = 12 runs on 1 worker",
		"Mean UPC (0 to 1) (upc_mean)", "general_practice.pooled_booking_share", "μ* (95% interval)",
		"warning: underpowered: no set of up to 5 leading parameters has a μ* 95% interval clear of the rest", // 3 trajectories are too few
		"wrote indices.csv, runs.csv, manifest.json, metrics.json and 6 charts (svg) to " + one,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	a := tree(t, one)
	mustRun(t, args([]string{"sensitivity", "england", "--params", params, "--trajectories", "3", "--out", one, "--workers", "2"}, tinySensitivity)...)
	if !maps.Equal(a, tree(t, one)) {
		t.Error("the outputs differ between 1 and 2 workers")
	}
	want := []string{"SHA256SUMS", "indices.csv", "manifest.json", "metrics.json", "morris.svg", "runs.csv"}
	for _, m := range headline {
		want = append(want, "morris-"+m+".svg")
	}
	slices.Sort(want)
	got := keys(a)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}

	recs := readCSV(t, []byte(a["indices.csv"]))
	if h := strings.Join(recs[0], ","); h != "method,metric,param,mu,mu_star,mu_star_lo,mu_star_hi,sigma,S,S_lo,S_hi,ST,ST_lo,ST_hi" {
		t.Errorf("indices.csv header %s", h)
	}
	if len(recs) != 1+3*len(headline) {
		t.Fatalf("indices.csv has %d rows, want 3 parameters × %d metrics", len(recs)-1, len(headline))
	}
	for _, r := range recs[1:] {
		if r[0] != "morris" || r[4] == "" || r[5] == "" || r[6] == "" || r[8] != "" {
			t.Errorf("row %q: want morris with mu* and its interval, and no S", r)
		}
		// Pooled booking lowers continuity; the others barely touch it.
		if r[1] == "upc_mean" && r[2] == "general_practice.pooled_booking_share" {
			if mu, _ := strconv.ParseFloat(r[3], 64); mu >= 0 {
				t.Errorf("pooled booking's mu on UPC is %g, want negative", mu)
			}
		}
	}
	runs := readCSV(t, []byte(a["runs.csv"]))
	if h := strings.Join(runs[0], ","); h != "point,replicate,seed,"+params+",metric,value" || len(runs) != 1+12*len(headline) {
		t.Errorf("runs.csv: header %s, %d rows", h, len(runs)-1)
	}
	if !strings.Contains(a["manifest.json"], `"method": "morris"`) || strings.Contains(a["manifest.json"], "workers") {
		t.Errorf("manifest.json:\n%s", a["manifest.json"])
	}
}

func TestSensitivitySobol(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	stdout := mustRun(t, args([]string{"sensitivity", "market-contract", "--method", "sobol", "--params", "general_practice.pooled_booking_share,continuity.discontinuity_or",
		"--samples", "8", "--bootstrap", "50", "--out", dir}, tinySensitivity)...)
	if !strings.Contains(stdout, "Sobol indices of 2 parameters: 8 base samples × 4 on market-contract") || !strings.Contains(stdout, "32 runs") {
		t.Errorf("stdout:\n%s", stdout)
	}
	files := tree(t, dir)
	for _, name := range []string{"sobol.svg", "sobol-upc_mean.svg", "indices.csv"} {
		if files[name] == "" {
			t.Errorf("no %s", name)
		}
	}
	for _, r := range readCSV(t, []byte(files["indices.csv"]))[1:] {
		if r[0] != "sobol" || r[3] != "" {
			t.Errorf("row %q: want sobol and no mu", r)
		}
		if r[1] == "upc_mean" && r[2] == "general_practice.pooled_booking_share" {
			st, _ := strconv.ParseFloat(r[11], 64)
			lo, _ := strconv.ParseFloat(r[12], 64)
			hi, _ := strconv.ParseFloat(r[13], 64)
			if !(st > 0.5 && lo <= st && st <= hi) {
				t.Errorf("pooled booking's total index on UPC %g (%g, %g): want most of the variance", st, lo, hi)
			}
		}
	}
}

func TestSensitivityBadInput(t *testing.T) {
	for _, test := range []struct {
		name string
		args []string
		want string
	}{
		{"sobol without params", []string{"england", "--method", "sobol"}, "--method sobol needs --params"},
		{"samples not a power of two", []string{"england", "--method", "sobol", "--params", "continuity.discontinuity_or", "--samples", "100"}, "--samples 100: Sobol' base samples must be a power of two, where the Sobol' sequence is balanced; use 64 or 128"},
		{"unknown parameter", []string{"england", "--params", "continuity.discontinuity"}, `unknown parameter "continuity.discontinuity"`},
		{"parameter without a range", []string{"england", "--params", "population.age_shares"}, "population.age_shares is not a single number"},
		{"parameter twice", []string{"england", "--params", "discharge.boundaries,discharge.boundaries"}, "discharge.boundaries is listed twice"},
		{"fixed and varied", []string{"england", "--params", "discharge.boundaries", "--set", "discharge.boundaries=2"}, "also fixed by --set"},
		{"odd levels", []string{"england", "--levels", "3"}, "--levels 3: need an even number"},
		{"unknown method", []string{"england", "--method", "fast"}, `--method "fast": want morris or sobol`},
		{"bad scenario", []string{"no-such-scenario"}, `unknown scenario "no-such-scenario"`},
		{"population varied", []string{"england", "--params", "population.patients"}, "population.patients sets the size of every run"},
		{"run size fixed and varied", []string{"england", "--params", "run.years", "--years", "3"}, "run.years is also fixed by --set or a flag"},
		{"invalid point", []string{"england", "--params", "run.years"}, "run.warmup_years: 1 must be less than run.years (1)"},
		{"huge trajectories", []string{"england", "--trajectories", "100000000000000"}, "--trajectories 100000000000000: at most 1000000"},
		{"trajectories times parameters", []string{"england", "--trajectories", "900000", "--params", "discharge.boundaries,continuity.discontinuity_or"}, "--trajectories 900000: the design would have 900000 × 3 points, more than 1000000"},
		{"huge samples", []string{"england", "--method", "sobol", "--params", "discharge.boundaries", "--samples", "100000000000000"}, "--samples 100000000000000: at most 1000000"},
		{"samples times parameters", []string{"england", "--method", "sobol", "--params", "discharge.boundaries", "--samples", "524288"}, "--samples 524288: the design would have 524288 × 3 points, more than 1000000"},
		{"huge replicates", []string{"england", "--replicates", "100000000000000"}, "--replicates 100000000000000: at most 10000"},
		{"huge bootstrap", []string{"england", "--method", "sobol", "--params", "discharge.boundaries", "--bootstrap", "100000000000000"}, "--bootstrap 100000000000000: at most 100000"},
		{"huge levels", []string{"england", "--levels", "100000000000000"}, "--levels 100000000000000: at most 1000"},
		{"runs", []string{"england", "--trajectories", "40000", "--replicates", "10000", "--params", "discharge.boundaries"}, "sensitivity: 80000 × 10000 runs is more than 10000000"},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, _, stderr := nhssim(t, args([]string{"sensitivity"}, test.args, []string{"--out", dir, "--progress", "none"})...)
			if code != 2 || !strings.Contains(stderr, test.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s", code, test.want, stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Error("bad input created the output directory")
			}
		})
	}
}
