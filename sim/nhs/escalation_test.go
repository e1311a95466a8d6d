package nhs

import (
	"math"
	"testing"
)

// Escalation beds open in winter lower winter occupancy and cost their
// bed-days; off (share 0), their cost changes nothing and costs nothing.
// One small hospital's occupancy differs by more from seed to seed
// (0.78-1.0) than the beds move it, so occupancy is compared as the mean
// over seeds 1-3.
func TestEscalationBeds(t *testing.T) {
	c := small()
	c.Run.Years = 3
	off := Simulate(c)
	c.Hospitals.EscalationBedDayCost = 999
	assertSameMetrics(t, off, Simulate(c), "an escalation bed-day cost with no escalation beds")
	if v := metric(t, off, CarePrefix+"escalation_beds"); v != 0 {
		t.Errorf("escalation beds cost %v a head with none opened", v)
	}
	// occupancy is the mean winter and whole-year occupancy over seeds 1-3.
	occupancy := func(c Config) (winter, year float64) {
		for seed := uint64(1); seed <= 3; seed++ {
			c.Seed = seed
			r := Simulate(c)
			winter += metric(t, r, "bed_occupancy_winter") / 3
			year += metric(t, r, "bed_occupancy") / 3
		}
		return winter, year
	}
	prev, offYear := occupancy(c)
	for _, share := range []float64{0.03, 0.08} {
		c.Hospitals.EscalationBedsShare = share
		on := Simulate(c)
		occ, year := occupancy(c)
		if occ >= prev {
			t.Errorf("share %g: winter occupancy %v over seeds 1-3, want below %v (fewer escalation beds)", share, occ, prev)
		}
		prev = occ
		if year >= offYear {
			t.Errorf("share %g: occupancy over the year %v over seeds 1-3, want below %v", share, year, offYear)
		}
		// Three months a year of share × the beds, at the cost.
		beds := metric(t, off, "beds")
		want := share * beds * 3 * DaysPerMonth * c.Hospitals.EscalationBedDayCost / float64(c.Population.Patients)
		if got := metric(t, on, CarePrefix+"escalation_beds"); math.Abs(got/want-1) > 0.1 {
			t.Errorf("share %g: escalation beds cost £%v a head-year, want about £%v", share, got, want)
		}
	}
}
