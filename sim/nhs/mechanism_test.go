package nhs

import (
	"math"
	"testing"
)

// small is the default (England-like) model at a size that runs in a
// fraction of a second.
func small() Config {
	c := Defaults()
	c.Population.Patients = 40000
	c.Population.PracticeSize = 5000
	c.Hospitals.PracticesPerHospital = 8
	c.Run.Years, c.Run.WarmupYears = 3, 1
	return c
}

func metric(t *testing.T, r *Result, name string) float64 {
	t.Helper()
	v, ok := r.Metric(name)
	if !ok {
		t.Fatalf("no metric %s", name)
	}
	return v
}

// With no GP turnover, relationships only lengthen: a run two years longer
// ends with every relationship exactly two years older.
func TestNoTurnoverRelationshipsGrowLinearly(t *testing.T) {
	c := small()
	c.GP.TurnoverRate = 0
	a := metric(t, Simulate(c), "relationship_years_mean")
	c.Run.Years += 2
	b := metric(t, Simulate(c), "relationship_years_mean")
	if math.Abs(b-a-2) > 1e-3 {
		t.Errorf("relationship_years_mean went from %v to %v over 2 more years; want +2 exactly", a, b)
	}
	c.GP.TurnoverRate = 0.5
	if d := metric(t, Simulate(c), "relationship_years_mean"); d >= b {
		t.Errorf("with turnover 0.5 a year the mean relationship is %v years, not shorter than %v without", d, b)
	}
}

// With the continuity multipliers neutral, admissions cannot depend on
// continuity: changing the booking rule, which changes continuity, leaves
// every admission as it was (the streams are shared). With them on, worse
// continuity means more admissions.
func TestContinuityModifiers(t *testing.T) {
	c := small()
	c.Continuity.RelationshipElasticity, c.Continuity.DiscontinuityOR = 0, 1
	c.GP.PooledBookingShare = 0
	personal := Simulate(c)
	c.GP.PooledBookingShare = 0.9
	pooled := Simulate(c)
	if u0, u1 := metric(t, personal, "usual_gp_share"), metric(t, pooled, "usual_gp_share"); u1 >= u0-0.1 {
		t.Fatalf("pooled booking should cut continuity: usual-GP share %v (personal) vs %v (pooled)", u0, u1)
	}
	for _, name := range []string{"admissions", "acsc_admissions_per_1000"} {
		if a, b := metric(t, personal, name), metric(t, pooled, name); a != b {
			t.Errorf("%s: %v with personal lists, %v with pooled, though continuity has no effect", name, a, b)
		}
	}

	c = small()
	c.Continuity.DiscontinuityOR = 2.32
	c.GP.PooledBookingShare = 0
	personal = Simulate(c)
	c.GP.PooledBookingShare = 0.9
	pooled = Simulate(c)
	if a, b := metric(t, personal, "acsc_admissions_per_1000"), metric(t, pooled, "acsc_admissions_per_1000"); b <= a {
		t.Errorf("ACSC admissions per 1,000: %v with personal lists, %v with pooled; discontinuity should raise them", a, b)
	}
}

// Doubling package capacity never increases delayed bed-days.
func TestMorePackageSlotsNeverMoreDelay(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		c := small()
		c.Seed = seed
		c.SocialCare.SlotUtilisation = 1.05
		base := metric(t, Simulate(c), "delayed_bed_days")
		c.SocialCare.SlotUtilisation /= 2
		doubled := metric(t, Simulate(c), "delayed_bed_days")
		if doubled > base {
			t.Errorf("seed %d: delayed bed-days %v with twice the slots, %v before", seed, doubled, base)
		}
	}
}

// The deprivation multipliers shape the gradient of admissions.
func TestDeprivationGradient(t *testing.T) {
	c := small()
	r := Simulate(c)
	lo, hi := metric(t, r, "admissions_per_1000_least_deprived"), metric(t, r, "admissions_per_1000_most_deprived")
	if hi <= lo {
		t.Errorf("most deprived %v per 1,000 vs least %v: want a gradient", hi, lo)
	}
	c.Hospitals.DeprivationMultiplier = [NDep]float64{1, 1, 1, 1, 1}
	r = Simulate(c)
	lo, hi = metric(t, r, "admissions_per_1000_least_deprived"), metric(t, r, "admissions_per_1000_most_deprived")
	if math.Abs(hi-lo) > 0.15*lo {
		t.Errorf("flat multipliers, yet most deprived %v per 1,000 vs least %v", hi, lo)
	}
}
