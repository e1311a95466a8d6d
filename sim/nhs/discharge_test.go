package nhs

import (
	"math"
	"testing"
)

// ampleCare gives every discharge pathway far more places than it needs,
// so that the delays measured are the process's, not the queues'.
func ampleCare(c *Config) {
	c.SocialCare.PackageSlotsPer1000 = 20
	c.SocialCare.IntermediateBedsPer1000 = 5
	c.SocialCare.CareHomePlacesPer1000 = 10
}

// noProcess removes every process delay: a place, once free, is taken at
// once.
func noProcess(c *Config) {
	c.Discharge.AssessmentDays, c.Discharge.FundingDecisionDays = 0, 0
	c.Discharge.InformationLossDays, c.Discharge.WardProcessDays = 0, 0
}

// With every process delay at zero, a pathway whose places are short still
// keeps medically fit patients in beds: the delay is the capacity's. With
// ample places and no process, nobody waits at all.
func TestCapacityDelaysRemainWithoutProcess(t *testing.T) {
	c := small()
	noProcess(&c)
	c.SocialCare.PackageSlotsPer1000 = 3 // about half of what pathway 1 needs
	short := Simulate(c)
	if got := metric(t, short, "fit_to_discharge_wait_mean_days_pathway_1"); got < 1 {
		t.Errorf("pathway 1 wait %v days with no process delay and half the places needed; want at least a day of queueing", got)
	}
	if got := metric(t, short, "care_utilisation_pathway_1"); got < 0.95 {
		t.Errorf("pathway 1 utilisation %v with too few places; want it near 1", got)
	}
	ampleCare(&c)
	ample := Simulate(c)
	for _, name := range []string{"delayed_bed_days", "fit_to_discharge_wait_mean_days"} {
		// Moments are stored in float32, so a zero wait is zero to within
		// a few seconds.
		if got := metric(t, ample, name); math.Abs(got) > 1e-3 {
			t.Errorf("%s = %v with ample places and no process delay; want 0", name, got)
		}
	}
}

// More places on a pathway never lengthen its wait, and cut it when the
// pathway is short (same seeds: common random numbers).
func TestMoreCareCapacityCutsWaits(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		c := small()
		c.Seed = seed
		c.SocialCare.PackageSlotsPer1000 = 4
		base := metric(t, Simulate(c), "fit_to_discharge_wait_mean_days_pathway_1")
		c.SocialCare.PackageSlotsPer1000 = 8
		more := metric(t, Simulate(c), "fit_to_discharge_wait_mean_days_pathway_1")
		if more >= base {
			t.Errorf("seed %d: pathway 1 wait %v days with 8 places per 1,000, %v with 4", seed, more, base)
		}
	}
}

// Pooling money without spending any of it on capacity changes only the
// funding decision: with ample places (so that no queue mixes the effects)
// the waits on the funded pathways (1 and 3) fall by about the decision's
// mean, the waits on pathways 0 and 2 (no funding decision) stay about what
// they were (the delay stream's draws shift, so not exactly), and the
// places open stay exactly what they were.
func TestPoolingWithoutSpendChangesOnlyFunding(t *testing.T) {
	c := small()
	// Pathway 3 is rare: a sample five times small's gives it enough
	// discharges for its mean wait to be within the tolerance.
	c.Population.Patients *= 5
	ampleCare(&c)
	c.Discharge.TrustEffect = 0 // so that trust, which joint work moves, cannot mix in
	c.Discharge.InformationLossProbability = 0
	c.SocialCare.DeconditioningPerDay, c.Discharge.ReadmissionPerDelayDay = 0, 0
	separate := Simulate(c)
	c.Discharge.PooledBudget = true
	pooled := Simulate(c)
	for _, k := range []string{"1", "3"} {
		a := metric(t, separate, "fit_to_discharge_wait_mean_days_pathway_"+k)
		b := metric(t, pooled, "fit_to_discharge_wait_mean_days_pathway_"+k)
		if d := a - b; math.Abs(d-c.Discharge.FundingDecisionDays) > 0.25 {
			t.Errorf("pathway %s: pooling cut the wait by %v days (%v to %v); want about the funding decision's %v", k, d, a, b, c.Discharge.FundingDecisionDays)
		}
	}
	for _, k := range []string{"0", "2"} {
		a := metric(t, separate, "fit_to_discharge_wait_mean_days_pathway_"+k)
		b := metric(t, pooled, "fit_to_discharge_wait_mean_days_pathway_"+k)
		if math.Abs(a-b) > 0.25 { // the tolerance of the funded pathways' check
			t.Errorf("pathway %s: wait %v days separate, %v pooled; pooling should not change a pathway without a funding decision", k, a, b)
		}
	}
	if a, b := metric(t, separate, "package_slots"), metric(t, pooled, "package_slots"); a != b {
		t.Errorf("package_slots: %v separate, %v pooled; pooling without spending bought places", a, b)
	}
}

// Money buys capacity only when a scenario spends it, and only after the
// lag: a pool that spends on capacity cuts waits when places are short; the
// same pool with a lag beyond the run changes no wait.
func TestPoolBuysCapacityOnlyWhenSpentAndAfterLag(t *testing.T) {
	c := small()
	noProcess(&c)
	c.SocialCare.PackageSlotsPer1000 = 4
	c.Discharge.PooledBudget = true
	unspent := Simulate(c)
	c.SocialCare.PoolCapacitySpend, c.SocialCare.CapacityLagMonths = 0.5, 3
	spent := Simulate(c)
	if a, b := metric(t, unspent, "delayed_bed_days"), metric(t, spent, "delayed_bed_days"); b >= 0.5*a {
		t.Errorf("delayed bed-days %v with half as many places again bought by the pool, %v without; want well under half", b, a)
	}
	c.SocialCare.CapacityLagMonths = 12 * c.Run.Years
	late := Simulate(c)
	if a, b := metric(t, unspent, "delayed_bed_days"), metric(t, late, "delayed_bed_days"); math.Abs(a-b) > 1e-9*a {
		t.Errorf("delayed bed-days %v with capacity bought after the run, %v without; want equal", b, a)
	}
}

// The care market "off" keeps capacity fixed whatever the fees; on, fees
// below cost shrink the market's places (pathways 1 and 3) and lengthen
// waits, while the NHS's step-down beds stay.
func TestCareMarket(t *testing.T) {
	c := small()
	c.SocialCare.FeeIndex = 0.7
	off := Simulate(c)
	c.SocialCare.FeeIndex = 1
	fixed := Simulate(c)
	for _, r := range off.Metrics {
		if v, _ := fixed.Metric(r.Name); v != r.Value && !(math.IsNaN(v) && math.IsNaN(r.Value)) {
			t.Errorf("%s: %v with fees at 0.7, %v at 1, with the market off", r.Name, r.Value, v)
		}
	}
	c.SocialCare.MarketResponse = true
	same := Simulate(c)
	if a, b := metric(t, fixed, "delayed_bed_days"), metric(t, same, "delayed_bed_days"); a != b {
		t.Errorf("a responsive market at fees equal to cost changed delayed bed-days: %v to %v", a, b)
	}
	c.SocialCare.FeeIndex = 0.7
	under := Simulate(c)
	if a, b := metric(t, fixed, "fit_to_discharge_wait_mean_days_pathway_1"), metric(t, under, "fit_to_discharge_wait_mean_days_pathway_1"); b <= a {
		t.Errorf("pathway 1 wait %v days with an underfunded responsive market, %v with capacity fixed", b, a)
	}
}

// Longer waits once fit raise readmissions when readmission_per_delay_day
// is positive, and leave them alone when it is zero.
func TestDelayRaisesReadmission(t *testing.T) {
	c := small()
	c.SocialCare.PackageSlotsPer1000 = 4
	c.Discharge.ReadmissionPerDelayDay = 0
	flat := metric(t, Simulate(c), "readmission_30d_rate")
	c.Discharge.ReadmissionPerDelayDay = 0.05
	if got := metric(t, Simulate(c), "readmission_30d_rate"); got <= flat {
		t.Errorf("readmission rate %v with risk rising 5%% a day of delay, %v with none", got, flat)
	}
}
