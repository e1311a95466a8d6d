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

// With queue booking and no turnover of GPs or of patients (no one moves
// away or dies), relationships only lengthen: a run two years longer ends
// with every relationship exactly two years older. (With session booking
// preferences also move to the GP a patient sees most, so relationships
// restart without turnover too.) Deaths alone, each patient replaced by a
// newcomer, make the gain less than two years.
func TestNoTurnoverRelationshipsGrowLinearly(t *testing.T) {
	c := small()
	c.GP.Booking = BookingQueue
	c.GP.TurnoverRate, c.GP.ListTurnover = 0, 0
	mortality := c.Hospitals
	c.Hospitals.Mortality30dByAge, c.Hospitals.SpecialistMortality30d = [NAges]float64{}, 0
	a := metric(t, Simulate(c), "relationship_years_mean")
	c.Run.Years += 2
	b := metric(t, Simulate(c), "relationship_years_mean")
	if math.Abs(b-a-2) > 1e-3 {
		t.Errorf("relationship_years_mean went from %v to %v over 2 more years; want +2 exactly", a, b)
	}
	c.Hospitals = mortality
	c.Run.Years -= 2
	a = metric(t, Simulate(c), "relationship_years_mean")
	c.Run.Years += 2
	if d := metric(t, Simulate(c), "relationship_years_mean"); d-a >= 2-1e-3 {
		t.Errorf("with deaths replaced relationship_years_mean went from %v to %v over 2 more years; want less than +2", a, d)
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

// Doubling home-care hours never increases delayed bed-days.
func TestMorePackageSlotsNeverMoreDelay(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		c := small()
		c.Seed = seed
		c.SocialCare.HomeCareHoursPer1000 = 40.5
		base := metric(t, Simulate(c), "delayed_bed_days")
		c.SocialCare.HomeCareHoursPer1000 *= 2
		doubled := metric(t, Simulate(c), "delayed_bed_days")
		if doubled > base {
			t.Errorf("seed %d: delayed bed-days %v with twice the hours, %v before", seed, doubled, base)
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

// Pooled budgets and shared records cut the delays at the boundary; with no
// boundary every episode has exactly one hand-off (into hospital). Package
// slots are ample here, so that the delays measured are the boundary's.
func TestDischargeLevers(t *testing.T) {
	c := small()
	ampleCare(&c)
	separate := Simulate(c)
	c.Discharge.PooledBudget, c.Discharge.SharedRecords = true, true
	adopting := Simulate(c)
	c.Integration.SharedRecordsAdoptionYears = 0 // in full use at once
	pooled := Simulate(c)
	if a, b := metric(t, separate, "delayed_bed_days"), metric(t, pooled, "delayed_bed_days"); b >= a {
		t.Errorf("delayed bed-days %v with pooled budgets and shared records, %v without", b, a)
	}
	if got := metric(t, pooled, "information_loss_share"); got != 0 {
		t.Errorf("information lost at %v of hand-offs with shared records in full use", got)
	}
	// While records are being adopted, some information is still lost,
	// less than with separate records.
	if a, b := metric(t, adopting, "information_loss_share"), metric(t, separate, "information_loss_share"); a <= 0 || a >= b {
		t.Errorf("information lost at %v of hand-offs while shared records are adopted, %v with separate records: want between 0 and that", a, b)
	}
	if got := metric(t, separate, "information_loss_share"); got == 0 {
		t.Error("no information lost at hand-offs with separate records")
	}
	c.Discharge.Boundaries = 0
	if got := metric(t, Simulate(c), "handoffs_per_episode"); got != 1 {
		t.Errorf("handoffs_per_episode = %v with no boundary and no virtual wards, want 1", got)
	}
}

// With trust_effect 0 trust changes nothing: a different growth rate leaves
// every admission, delay and bed-day as it was. Package slots are ample, so
// that the delays measured are the boundary's.
func TestTrustActsOnlyThroughItsEffect(t *testing.T) {
	c := small()
	ampleCare(&c)
	c.Discharge.TrustEffect = 0
	a := Simulate(c)
	c.Trust.GrowthRate *= 4
	b := Simulate(c)
	if ta, tb := metric(t, a, "trust_hospital_mean"), metric(t, b, "trust_hospital_mean"); tb <= ta {
		t.Errorf("a faster growth rate gave trust %v, not above %v", tb, ta)
	}
	for _, name := range []string{"admissions", "delayed_bed_days", "bed_occupancy", "elective_admissions_per_1000"} {
		if x, y := metric(t, a, name), metric(t, b, name); x != y {
			t.Errorf("%s: %v vs %v, though trust has no effect", name, x, y)
		}
	}
	c.Discharge.TrustEffect = 0.5
	if x, y := metric(t, a, "delayed_bed_days"), metric(t, Simulate(c), "delayed_bed_days"); y >= x {
		t.Errorf("trust that shortens delays gave %v delayed bed-days, not fewer than %v", y, x)
	}
}

// Virtual-ward places take step-up care off the emergency admissions.
func TestVirtualWards(t *testing.T) {
	c := small()
	none := Simulate(c)
	c.Community.VirtualWardPlaces = 40
	some := Simulate(c)
	if n := metric(t, none, "virtual_ward_step_ups_per_1000"); n != 0 {
		t.Errorf("%v step-ups per 1,000 with no places", n)
	}
	if n := metric(t, some, "virtual_ward_step_ups_per_1000"); n == 0 {
		t.Error("no step-ups with 40 places per 100,000")
	}
	if a, b := metric(t, none, "emergency_admissions_per_1000"), metric(t, some, "emergency_admissions_per_1000"); b >= a {
		t.Errorf("emergency admissions %v per 1,000 with virtual wards, not below %v without", b, a)
	}
}

// Elective capacity below demand makes the waiting list grow; readmissions
// follow their probability.
func TestElectivesAndReadmissions(t *testing.T) {
	c := small()
	c.Hospitals.ElectiveTreatmentsPer1000 = 250
	short := Simulate(c)
	c.Hospitals.ElectiveTreatmentsPer1000 = 350
	ample := Simulate(c)
	if a, b := metric(t, short, "elective_waiting_list_per_1000"), metric(t, ample, "elective_waiting_list_per_1000"); a <= b {
		t.Errorf("waiting list %v per 1,000 with capacity 0.8, not above %v with 1.2", a, b)
	}
	c.Hospitals.ReadmissionProbability = 0
	low := metric(t, Simulate(c), "readmission_30d_rate")
	c.Hospitals.ReadmissionProbability = 0.2
	high := metric(t, Simulate(c), "readmission_30d_rate")
	if high < low+0.15 {
		t.Errorf("30-day readmission rate %v with probability 0.2 vs %v with 0", high, low)
	}
}

// The UPC histogram is a distribution, and its mean at the bins' midpoints
// is within half a bin (0.025) of upc_mean, since every UPC is at most that
// far from its bin's midpoint.
func TestUPCHistogram(t *testing.T) {
	for _, pooled := range []float64{0, 0.9} {
		c := small()
		c.GP.PooledBookingShare = pooled
		r := Simulate(c)
		if len(r.UPCHistogram) != UPCBins {
			t.Fatalf("pooled %v: %d bins, want %d", pooled, len(r.UPCHistogram), UPCBins)
		}
		sum, mean := 0.0, 0.0
		for k, h := range r.UPCHistogram {
			if h < 0 || math.IsNaN(h) {
				t.Errorf("pooled %v: bin %d is %v", pooled, k, h)
			}
			sum += h
			mean += h * (float64(k) + 0.5) / UPCBins
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("pooled %v: histogram sums to %v, want 1", pooled, sum)
		}
		if want := metric(t, r, "upc_mean"); math.Abs(mean-want) > 0.03 {
			t.Errorf("pooled %v: histogram mean %v, upc_mean %v", pooled, mean, want)
		}
	}
}

// Emergency admissions are the ACSC and the other (non-ACSC) ones, each
// reported apart.
func TestAdmissionsSplit(t *testing.T) {
	r := Simulate(small())
	all, acsc, other := metric(t, r, "emergency_admissions_per_1000"), metric(t, r, "acsc_admissions_per_1000"), metric(t, r, "non_acsc_admissions_per_1000")
	if acsc <= 0 || other <= 0 || math.Abs(acsc+other-all) > 1e-9*all {
		t.Errorf("ACSC %v + other %v admissions per 1,000, want both positive and summing to all %v", acsc, other, all)
	}
}

// 30-day mortality is counted as its source counts it: same-day discharges
// alive are not in the denominator, so the rate is above deaths over all
// admissions, and the more stays are shorter than a day, the further above.
func TestMortalityLeavesOutSameDayDischarges(t *testing.T) {
	rate := func(losMean float64) (counted, all float64) {
		c := small()
		c.Hospitals.LOSMeanDays = losMean
		r := Simulate(c)
		return metric(t, r, "mortality_30d_per_1000_admissions"),
			1000 * metric(t, r, "deaths_replaced_per_1000") / metric(t, r, "emergency_admissions_per_1000")
	}
	counted, all := rate(Defaults().Hospitals.LOSMeanDays)
	if counted <= all {
		t.Errorf("%v deaths per 1,000 admissions counted, not above %v over all admissions", counted, all)
	}
	short, _ := rate(0.2)
	if short <= 2*counted {
		t.Errorf("with stays of hours, %v deaths per 1,000 counted admissions, not well above %v", short, counted)
	}
}
