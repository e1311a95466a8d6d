package nhs

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// summary renders a result's metrics as the text kept in a golden file.
func summary(r *Result) string {
	var b strings.Builder
	for _, m := range r.Metrics {
		fmt.Fprintf(&b, "%s %s\n", m.Name, strconv.FormatFloat(m.Value, 'g', -1, 64))
	}
	return b.String()
}

// TestGolden pins small fixed-seed runs, so that any change to what the
// model computes shows up in review. Regenerate with go test -update.
func TestGolden(t *testing.T) {
	small := refnetConfig()
	small.Population.Patients = 20000
	small.Run.Years, small.Run.WarmupYears = 2, 0.5
	// england-small is scenarios/england.yaml (the defaults) at 20,000
	// patients: one scaled-down hospital, not representative.
	england := Defaults()
	england.Population.Patients = 20000
	england.Run.Years, england.Run.WarmupYears = 2, 0.5
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"refnet-small", small},
		{"england-small", england},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(Simulate(tc.cfg))
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("summary differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

// The same configuration and seed give identical results; another seed does
// not.
func TestDeterministic(t *testing.T) {
	c := Defaults()
	c.Population.Patients = 20000
	c.Population.PracticeSize = 5000
	c.Run.Years, c.Run.WarmupYears = 1, 0.25
	a, b := summary(Simulate(c)), summary(Simulate(c))
	if a != b {
		t.Fatal("two runs of the same seed differ")
	}
	c.Seed = 2
	if summary(Simulate(c)) == a {
		t.Error("seed 2 gave the same result as seed 1")
	}
}

// Market areas run in parallel, and the result does not depend on how many
// goroutines run them.
func TestParallelIsIdentical(t *testing.T) {
	c := Defaults()
	c.Population.Patients, c.Population.PracticeSize = 100000, 5000
	c.Hospitals.PracticesPerHospital, c.Market.HospitalsPerMarket = 4, 1
	c.Market.PatientChoice = true
	c.Run.Years, c.Run.WarmupYears = 2, 0.5
	one := SimulateParallel(c, 1)
	if one.Metrics[0].Value == 0 {
		t.Fatal("empty run")
	}
	for _, w := range []int{2, 3, 16} {
		r := SimulateParallel(c, w)
		if summary(r) != summary(one) {
			t.Errorf("%d workers: summary differs from 1 worker:\n%s\nvs\n%s", w, summary(r), summary(one))
		}
		for i := range r.Series {
			for j, v := range r.Series[i].Value {
				if u := one.Series[i].Value[j]; v != u && !(v != v && u != u) {
					t.Fatalf("%d workers: series %s month %d is %v, not %v", w, r.Series[i].Name, j+1, v, u)
				}
			}
		}
	}
}
