package uncertainty

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// What SummaryCSV and DriversCSV write, ReadSummaries reads back whole,
// and Quote states the probability, the interval and the driver.
func TestReadSummariesRoundTrip(t *testing.T) {
	const n = 128
	o := fundingDriven(n, 0.1)
	want := o.Summarise()
	got, err := ReadSummaries(SummaryCSV(want), DriversCSV(want))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d summaries, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Columns != g.Columns {
			t.Errorf("%s: %d columns read, want %d", w.Metric, g.Columns, w.Columns)
		}
		if !reflect.DeepEqual(nanless(w), nanless(g)) {
			t.Errorf("%s: read\n%+v\nwant\n%+v", w.Metric, g, w)
		}
	}
	q := Quote(got)
	for _, s := range []string{"| Delayed bed-days per 1,000 a year | a, 75% of 128 draws |", "`discharge.funding_decision_days` (", "; chance 0."} {
		if !strings.Contains(q, s) {
			t.Errorf("Quote lacks %q:\n%s", s, q)
		}
	}
	if _, err := ReadSummaries([]byte("scenario,baseline\n"), nil); err == nil {
		t.Error("a summary without its columns was read")
	}
}

// nanless replaces NaNs, which are never equal, by a sentinel.
func nanless(s Summary) Summary {
	for _, p := range []*float64{&s.Median, &s.Lo, &s.Hi, &s.PBetter, &s.PWorse, &s.MID, &s.PBetterMID, &s.PWorseMID, &s.NoiseLo, &s.NoiseHi, &s.NoiseShare, &s.Floor} {
		if math.IsNaN(*p) {
			*p = -12345
		}
	}
	return s
}
