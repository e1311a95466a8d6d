package scenario

import (
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		days float64
		bad  bool
	}{
		{"2y", 730, false},
		{"18m", 18 * nhs.DaysPerMonth, false},
		{"365d", 365, false},
		{"0.5y", 182.5, false},
		{"2", 0, true},
		{"y", 0, true},
		{"2w", 0, true},
		{"twoy", 0, true},
		{"", 0, true},
		{"1e9y", 0, true},
	} {
		got, err := ParseTime(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && got != tc.days) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v (bad: %v)", tc.in, got, err, tc.days, tc.bad)
		}
	}
}

// loadText loads a scenario given as text, as file t.yaml.
func loadText(text string) (*Scenario, error) {
	l := Loader{ReadFile: func(name string) ([]byte, error) {
		if name == "t.yaml" {
			return []byte(text), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}}
	return l.Load("t.yaml")
}

func TestTimelineGood(t *testing.T) {
	sc, err := loadText(`run: {years: 10}
commissioning: {population_per_body: 270000}
timeline:
  - at: 5y
    set: {hospitals.beds_per_1000: 2}
  - at: 24m
    set:
      contracts.payment: block
      commissioning.population_per_body: 6000000
  - at: 5y
    set: {market.patient_choice: true}
`)
	if err != nil {
		t.Fatal(err)
	}
	tl := sc.Config.Timeline
	if len(tl) != 3 {
		t.Fatalf("%d changes, want 3", len(tl))
	}
	// In time order, each on top of the one before.
	if tl[0].At != 730 || tl[0].Config.Contracts.Payment != "block" || tl[0].Config.Commissioning.PopulationPerBody != 6e6 {
		t.Errorf("first change: %+v", tl[0].Paths)
	}
	if tl[1].At != 1825 || tl[1].Config.Hospitals.BedsPer1000 != 2 || tl[1].Config.Contracts.Payment != "block" {
		t.Errorf("second change at %v: beds %v, payment %q", tl[1].At, tl[1].Config.Hospitals.BedsPer1000, tl[1].Config.Contracts.Payment)
	}
	if !tl[2].Config.Market.PatientChoice || tl[2].Config.Hospitals.BedsPer1000 != 2 {
		t.Errorf("third change does not hold the second's")
	}
	if sc.Config.Contracts.Payment != "block" && sc.Config.Commissioning.PopulationPerBody != 270000 {
		t.Errorf("the start changed")
	}
	// The timeline is part of what the hash covers.
	plain, err := loadText("run: {years: 10}\ncommissioning: {population_per_body: 270000}\n")
	if err != nil {
		t.Fatal(err)
	}
	if Hash(&plain.Config) == Hash(&sc.Config) {
		t.Errorf("a timeline does not change the hash")
	}
}

func TestTimelineBad(t *testing.T) {
	for _, tc := range []struct {
		name, text, at, path, msg string
	}{
		{"before start", "timeline: [{at: 0y, set: {contracts.payment: block}}]", "t.yaml:1:17", "timeline[0].at", "at or before the start"},
		{"negative", "timeline: [{at: -1m, set: {contracts.payment: block}}]", "t.yaml:1:17", "timeline[0].at", "at or before the start"},
		{"after horizon", "run: {years: 5}\ntimeline: [{at: 6y, set: {contracts.payment: block}}]", "t.yaml:2:17", "timeline[0].at", "at or after the horizon (run.years: 5)"},
		{"bad time", "timeline: [{at: 2 years, set: {contracts.payment: block}}]", "t.yaml:1:17", "timeline[0].at", "expected a time such as 2y"},
		{"no at", "timeline: [{set: {contracts.payment: block}}]", "t.yaml:1:12", "timeline[0].at", "missing"},
		{"no set", "timeline: [{at: 2y}]", "t.yaml:1:12", "timeline[0].set", "missing"},
		{"unknown key", "timeline: [{at: 2y, when: 3y, set: {contracts.payment: block}}]", "t.yaml:1:21", "timeline[0].when", `unknown field "when"`},
		{"not a list", "timeline: {at: 2y}", "t.yaml:1:11", "timeline", "expected a list of changes"},
		{"fixed lever", "timeline: [{at: 2y, set: {population.patients: 5000}}]", "t.yaml:1:27", "timeline[0].set.population.patients", "cannot change during a run: the sample"},
		{"fixed market", "timeline: [{at: 2y, set: {market.hospitals_per_market: 2}}]", "t.yaml:1:27", "timeline[0].set.market.hospitals_per_market", "cannot change during a run: local systems"},
		{"twice at once", "timeline:\n  - {at: 2y, set: {contracts.payment: block}}\n  - {at: 24m, set: {contracts.payment: activity}}", "t.yaml:3:21", "timeline[1].set.contracts.payment", "changed twice at the same time (also at t.yaml:2:20)"},
		{"unknown path", "timeline: [{at: 2y, set: {contracts.paymnet: block}}]", "t.yaml:1:27", "timeline[0].set.contracts.paymnet", `did you mean "payment"?`},
		{"bad value", "timeline: [{at: 2y, set: {contracts.payment: by-the-hour}}]", "t.yaml:1:46", "timeline[0].set.contracts.payment", `unknown value "by-the-hour"`},
		{"wrong type", "timeline: [{at: 2y, set: {hospitals.beds_per_1000: many}}]", "t.yaml:1:52", "timeline[0].set.hospitals.beds_per_1000", `expected a number, got "many"`},
		{"negative capacity", "timeline: [{at: 2y, set: {hospitals.beds_per_1000: -1}}]", "t.yaml:1:52", "timeline[0].set.hospitals.beds_per_1000", "-1 is outside [0, 100]"},
		{"empty path", "timeline: [{at: 2y, set: {hospitals..beds_per_1000: 1}}]", "t.yaml:1:27", "timeline[0].set.hospitals..beds_per_1000", "expected a field path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadText(tc.text)
			if err == nil {
				t.Fatal("loaded")
			}
			e := err.(*Error)
			is := e.Issues[0]
			if is.At.String() != tc.at || is.Path != tc.path || !strings.Contains(is.Msg, tc.msg) {
				t.Errorf("got %v\nwant %s: %s: …%s…", err, tc.at, tc.path, tc.msg)
			}
		})
	}
}

// FuzzParseTime: ParseTime never panics, and a time it accepts is finite.
// FuzzLoad's corpus (testdata/fuzz/FuzzLoad/timeline_*) holds timelines.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2y", "18m", "365d", "-1y", "1e400y", "NaNy", "y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseTime(s)
		if err == nil && (math.IsNaN(d) || math.IsInf(d, 0)) {
			t.Fatalf("ParseTime(%q) = %v", s, d)
		}
	})
}
