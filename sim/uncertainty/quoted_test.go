package uncertainty

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
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
		if want := strings.TrimSuffix(tc.command, " --out x"); tc.command != "" && q.Origin() != want {
			t.Errorf("%s: origin %q, want %q", tc.path, q.Origin(), want)
		} else if tc.command == "" && q.Origin() != tc.path {
			t.Errorf("%s: origin %q, want the path", tc.path, q.Origin())
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

// Compares holds a quoted analysis to exactly its own scenarios: any
// parameter but the run settings that differs, or that one side lacks,
// makes it another pair.
func TestQuotedCompares(t *testing.T) {
	params := func(c *nhs.Config) map[string]any {
		data, err := json.Marshal(provenance.ParametersOf(c))
		if err != nil {
			t.Fatal(err)
		}
		var ps map[string]any
		if err := json.Unmarshal(data, &ps); err != nil {
			t.Fatal(err)
		}
		return ps
	}
	base := nhs.Defaults()
	other := nhs.Defaults()
	other.Discharge.FundingDecisionDays++
	analysed := func() *Quoted {
		return &Quoted{Source: "q", Scenarios: []QuotedScenario{{"a", params(&base)}, {"b", params(&other)}}}
	}
	resized := other
	resized.Population.Patients *= 3
	resized.Run.Years++
	resized.Seed++
	resized.Name = "renamed"
	changed := other
	changed.Discharge.FundingDecisionDays++
	for _, test := range []struct {
		name string
		q    func() *Quoted
		cfgs []nhs.Config
		want string // "" for the same pair
	}{
		{"same", analysed, []nhs.Config{base, other}, ""},
		{"other size, length, seed and name", analysed, []nhs.Config{base, resized}, ""},
		{"a parameter changed", analysed, []nhs.Config{base, changed}, "discharge.funding_decision_days was"},
		{"swapped", analysed, []nhs.Config{other, base}, "discharge.funding_decision_days was"},
		{"one scenario", analysed, []nhs.Config{base}, "compared 2 scenarios, not 1"},
		{"a parameter the analysis lacks", func() *Quoted {
			q := analysed()
			delete(q.Scenarios[1].Parameters, "discharge.funding_decision_days")
			return q
		}, []nhs.Config{base, other}, "is not among b's parameters"},
		{"a parameter no longer in the registry", func() *Quoted {
			q := analysed()
			q.Scenarios[0].Parameters["gone.away"] = 1.0
			return q
		}, []nhs.Config{base, other}, "a's gone.away is not a parameter any more"},
		{"no manifest", func() *Quoted { return &Quoted{Source: "q"} }, []nhs.Config{base, other}, "compared 0 scenarios"},
	} {
		t.Run(test.name, func(t *testing.T) {
			cfgs := make([]*nhs.Config, len(test.cfgs))
			for i := range test.cfgs {
				cfgs[i] = &test.cfgs[i]
			}
			err := test.q().Compares(cfgs...)
			if (err == nil) != (test.want == "") || err != nil && !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %v, want %q", err, test.want)
			}
		})
	}
}
