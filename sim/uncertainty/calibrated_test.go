package uncertainty

import (
	"path/filepath"
	"strings"
	"testing"
)

// The calibrated parameters are drawn jointly from the last wave's
// non-implausible points: every draw is one of them, whole.
func TestCalibratedSample(t *testing.T) {
	s, err := ReadSample(filepath.Join("testdata", "calibrated"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 4 || !strings.HasSuffix(s.File, "wave-2-nonimplausible.csv") {
		t.Fatalf("read %s with %d points, want wave 2's 4", s.File, len(s.Rows))
	}
	d, err := NewDesign(nil, nil, 8, 1, s)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for f, fa := range d.Factors {
		col[fa.Param.Path] = f
	}
	los, pooled := col["hospitals.los_mean_days"], col["general_practice.pooled_booking_share"]
	if d.Factors[los].Sampled < 0 || d.Factors[pooled].Sampled < 0 {
		t.Fatal("the sample's parameters are not sampled")
	}
	used := map[float64]int{}
	for i := range d.N() {
		x, y := d.Values[i][los][0], d.Values[i][pooled][0]
		found := false
		for _, row := range s.Rows {
			found = found || row[0] == x && row[1] == y
		}
		if !found {
			t.Errorf("draw %d: (%g, %g) is not a point of the sample", i+1, x, y)
		}
		used[x]++
	}
	if len(used) != 4 {
		t.Errorf("8 stratified draws used %d of the 4 points, want all", len(used))
	}
	// A lever of the comparison is held, not sampled.
	d, _ = NewDesign(nil, []string{"general_practice.pooled_booking_share"}, 8, 1, s)
	for _, fa := range d.Factors {
		if fa.Param.Path == "general_practice.pooled_booking_share" {
			t.Error("a held lever was drawn from the sample")
		}
	}
}

func TestParseSampleErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"a.b,implausibility\n1,1\n", "r.csv:1: a.b: not a single-number parameter"},
		{"hospitals.los_mean_days,implausibility\n-1,1\n", `r.csv:2: hospitals.los_mean_days: "-1" is not a value it can take`},
		{"hospitals.los_mean_days,implausibility\n", "at least one point"},
		{"hospitals.los_mean_days\n1\n", "want a header"},
	} {
		if _, err := ParseSample("r.csv", []byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.text, err, tc.want)
		}
	}
	if _, err := ReadSample(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no wave-N-nonimplausible.csv") {
		t.Errorf("an empty directory: err = %v", err)
	}
}
