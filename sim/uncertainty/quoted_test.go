package uncertainty

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An analysis is read back from its output directory or from copies named
// by a prefix, with or without its manifest; Pair finds the headlines of
// one pair and names the pairs it has otherwise; Short states who was
// better in what share of the draws.
func TestReadQuoted(t *testing.T) {
	sums := fundingDriven(64, 0.1).Summarise()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	write("out/uncertainty.csv", string(SummaryCSV(sums)))
	write("out/drivers.csv", string(DriversCSV(sums)))
	write("out/manifest.json", `{"command": "nhssim compare --uncertainty 64 --out x"}`)
	write("p.csv", string(SummaryCSV(sums)))
	write("p-drivers.csv", string(DriversCSV(sums)))
	write("bad.csv", "scenario,baseline\nx,y\n")
	write("bad-drivers.csv", "")

	for _, tc := range []struct {
		path, command, err string
	}{
		{out, "nhssim compare --uncertainty 64 --out x", ""},
		{filepath.Join(dir, "p"), "", ""},
		{filepath.Join(dir, "missing"), "", "not an uncertainty analysis"},
		{filepath.Join(dir, "bad"), "", "no column"},
	} {
		q, err := ReadQuoted(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one saying %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if q.Command != tc.command {
			t.Errorf("%s: command %q, want %q", tc.path, q.Command, tc.command)
		}
		got, err := q.Pair("b", "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Metric != "delayed_bed_days_per_1000" {
			t.Fatalf("%s: pair b − a gave %+v, want the one headline", tc.path, got)
		}
		if s, want := got[0].Short(), "delayed bed-days per 1,000 a year: a better in 75% of 64 draws (median +"; !strings.HasPrefix(s, want) {
			t.Errorf("Short() = %q, want it to start %q", s, want)
		}
		if _, err := q.Pair("a", "b"); err == nil || !strings.Contains(err.Error(), "it has b − a") {
			t.Errorf("pair a − b: error %v, want one naming the pair it has", err)
		}
	}
}
