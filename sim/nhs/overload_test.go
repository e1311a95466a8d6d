package nhs

import (
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim"
)

// TestBedsSaturatedPerHospital checks that each hospital is judged on its
// own beds: one full hospital beside an idle one is flagged, although the
// two together are half full.
func TestBedsSaturatedPerHospital(t *testing.T) {
	// occupancy of each hospital in each of four months
	month := func(occ ...float64) sim.Level {
		l := sim.Level{Buckets: make([]float64, len(occ))}
		for i, o := range occ {
			l.Buckets[i] = o * 100 * DaysPerMonth
		}
		return l
	}
	stock := month(1, 1, 1, 1)
	for _, tc := range []struct {
		name  string
		occ   []sim.Level
		first int
		want  string // "" for no warning, else a part of it
	}{
		{"all below 99%", []sim.Level{month(0.98, 0.9, 0.5, 0.97), month(0.2, 0.2, 0.2, 0.2)}, 0, ""},
		{"one full beside an idle one", []sim.Level{month(0.995, 1, 0.5, 0.5), month(0.01, 0.01, 0.01, 0.01)},
			0, "at 1 of 2 hospitals (the fullest: 2 of 4 months; the highest month 100.0%)"},
		{"both full in some month", []sim.Level{month(0.995, 0.5, 0.5, 0.5), month(0.5, 0.5, 1, 1)},
			0, "at 2 of 2 hospitals (the fullest: 2 of 4 months"},
		{"full only in the warm-up", []sim.Level{month(1, 0.5, 0.5, 0.5), month(1, 0.5, 0.5, 0.5)}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &model{hospitals: make([]hospital, len(tc.occ))}
			for i := range tc.occ {
				m.hospitals[i].occupied, m.hospitals[i].stock = tc.occ[i], stock
			}
			got := m.bedsSaturated(tc.first, 4)
			switch {
			case tc.want == "" && got != "":
				t.Errorf("warning %q, want none", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("warning %q, want one containing %q", got, tc.want)
			}
		})
	}
}
