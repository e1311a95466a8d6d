package nhs

import (
	"math"
	"testing"
)

// Escalation beds open in winter lower winter occupancy and cost their
// bed-days; off (share 0), their cost changes nothing and costs nothing.
func TestEscalationBeds(t *testing.T) {
	c := small()
	c.Run.Years = 3
	off := Simulate(c)
	c.Hospitals.EscalationBedDayCost = 999
	assertSameMetrics(t, off, Simulate(c), "an escalation bed-day cost with no escalation beds")
	if v := metric(t, off, CarePrefix+"escalation_beds"); v != 0 {
		t.Errorf("escalation beds cost %v a head with none opened", v)
	}
	tests := []struct {
		share float64
	}{{0.03}, {0.08}}
	prev := metric(t, off, "bed_occupancy_winter")
	for _, tt := range tests {
		c.Hospitals.EscalationBedsShare = tt.share
		on := Simulate(c)
		occ := metric(t, on, "bed_occupancy_winter")
		if occ >= prev {
			t.Errorf("share %g: winter occupancy %v, want below %v (fewer escalation beds)", tt.share, occ, prev)
		}
		prev = occ
		// Three months a year of share × the beds, at the cost.
		beds := metric(t, off, "beds")
		want := tt.share * beds * 3 * DaysPerMonth * c.Hospitals.EscalationBedDayCost / float64(c.Population.Patients)
		if got := metric(t, on, CarePrefix+"escalation_beds"); math.Abs(got/want-1) > 0.1 {
			t.Errorf("share %g: escalation beds cost £%v a head-year, want about £%v", tt.share, got, want)
		}
		if a, b := metric(t, on, "bed_occupancy"), metric(t, off, "bed_occupancy"); a >= b {
			t.Errorf("share %g: occupancy over the year %v, want below %v", tt.share, a, b)
		}
	}
}
