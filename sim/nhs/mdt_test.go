package nhs

import (
	"math"
	"testing"

	"github.com/nhssim/nhssim/sim"
)

// The normal distribution function and quantile agree with the standard
// library's (whose platform-dependent functions the model may not call)
// to the approximations' stated accuracy, and invert each other.
func TestNormalFunctions(t *testing.T) {
	for _, x := range []float64{-6, -3, -1.645, -0.5, 0, 0.3, 1, 2.5, 5} {
		want := 0.5 * math.Erfc(-x/math.Sqrt2)
		if got := normCDF(x); math.Abs(got-want) > 1.2e-7*math.Max(want, 1e-3) {
			t.Errorf("normCDF(%v) = %v, want %v", x, got, want)
		}
	}
	for _, p := range []float64{1e-9, 0.001, 0.02, 0.05, 0.3, 0.5, 0.77, 0.975, 0.999999} {
		want := math.Sqrt2 * math.Erfinv(2*p-1)
		if got := normQuantile(p); math.Abs(got-want) > 1e-8*math.Max(math.Abs(want), 1) {
			t.Errorf("normQuantile(%v) = %v, want %v", p, got, want)
		}
	}
}

// The frailty multiplier, exp(σz - σ²/2) averaged over each rank's slice
// of the normal, has mean 1 over a type's places,
// so that calibrated rates would not shift even if it multiplied them;
// the affine order gives every place one rank (a permutation) and its
// inverse finds the place again.
func TestFrailtyMeanOneAndOrder(t *testing.T) {
	m := build(small())
	for _, tc := range []struct {
		g     int32
		t     uint8
		sigma float64
	}{{0, typeOf(1, 2, 0), 1}, {3, typeOf(3, 0, 1), 1.2}, {5, typeOf(4, 4, 1), 0.5}, {2, typeOf(2, 1, 0), 0.8}} {
		o := m.frailtyOrder(tc.g, tc.t)
		seen := make(map[uint64]bool)
		sum := 0.0
		for k := range o.n {
			r := (o.a*k + o.b) % o.n
			if seen[r] {
				t.Fatalf("practice %d type %d: rank %d given twice (n %d)", tc.g, tc.t, r, o.n)
			}
			seen[r] = true
			if back := o.ainv * ((r + o.n - o.b) % o.n) % o.n; back != k {
				t.Fatalf("practice %d type %d: place %d has rank %d, whose inverse is %d", tc.g, tc.t, k, r, back)
			}
			sum += frailtyMultiplier(r, o.n, tc.sigma)
		}
		if mean := sum / float64(o.n); math.Abs(mean-1) > 1e-9 {
			t.Errorf("practice %d type %d (n %d): mean multiplier %v at σ %v, want 1", tc.g, tc.t, o.n, mean, tc.sigma)
		}
	}
}

// A candidate admission picks its patient in proportion to frailty: the
// patients in the top 5% of a type by frailty get the share the
// log-normal gives them, Φ(σ - 1.645), and with σ 0 the share is 5%.
func TestFrailtyDrawsInProportion(t *testing.T) {
	for _, sigma := range []float64{0, 1} {
		c := small()
		c.Hospitals.FrailtySD = sigma
		m := build(c)
		p := &m.practices[0]
		p.admits = sim.NewStream(7, "test", 0)
		top, n := 0, 200000
		for range n {
			i, zi := m.drawFrail(0)
			var z float64
			if sigma > 0 {
				z = m.frailtyZ(0, i)
				if z != zi {
					t.Fatalf("drawFrail gave patient %d z %v, frailtyZ %v", i, zi, z)
				}
			} else {
				// Uniform within type: rank by the order all the same.
				c2 := c
				c2.Hospitals.FrailtySD = 1
				m.cfg = c2
				z = m.frailtyZ(0, i)
				m.cfg = c
			}
			if z > 1.6449 {
				top++
			}
		}
		want := normCDF(sigma - 1.6449)
		got := float64(top) / float64(n)
		if se := math.Sqrt(want * (1 - want) / float64(n)); math.Abs(got-want) > 5*se+0.003 {
			t.Errorf("σ %v: the top 5%% by frailty took %.4f of admissions, want %.4f", sigma, got, want)
		}
	}
}

// Frailty changes who is admitted, not how many: emergency admissions
// per 1,000 stay within the noise of a small run.
func TestFrailtyKeepsAdmissionRates(t *testing.T) {
	c := small()
	off := metric(t, Simulate(c), "emergency_admissions_per_1000")
	c.Hospitals.FrailtySD = 1
	on := metric(t, Simulate(c), "emergency_admissions_per_1000")
	if math.Abs(on/off-1) > 0.03 {
		t.Errorf("emergency admissions %v per 1,000 with frailty, %v without; want within 3%%", on, off)
	}
}

// The case-finding levers' off settings leave every output as it was:
// frailty 0 with no reviews whatever the other MDT parameters, and reviews
// without a pooled budget.
func TestMDTOffIsIdentical(t *testing.T) {
	base := small()
	base.Discharge.PooledBudget = true
	ref := Simulate(base)
	for _, tc := range []struct {
		what string
		set  func(c *Config)
	}{
		{"MDT parameters with no reviews", func(c *Config) {
			c.Integration.MDTBuildMonths, c.Integration.MDTEffectMonths, c.Integration.MDTRankingAUC = 3, 11, 0.6
		}},
		{"reviews without a pooled budget", func(c *Config) {
			c.Discharge.PooledBudget = false
			c.Integration.MDTReviewsPer1000 = 4
		}},
	} {
		c := base
		tc.set(&c)
		want := ref
		if !c.Discharge.PooledBudget {
			d := base
			d.Discharge.PooledBudget = false
			want = Simulate(d)
		}
		assertSameMetrics(t, want, Simulate(c), tc.what)
	}
	for _, name := range []string{"mdt_reviews_per_1000", CostPrefix + "mdt_case_management"} {
		if got := metric(t, ref, name); got != 0 {
			t.Errorf("%s = %v without case-finding", name, got)
		}
	}
}

// Case-finding moves admissions through its effect, its capacity and its
// targeting: with an effect, fewer emergency admissions than without
// reviews, and fewer with an accurate score than with a random choice;
// with effect 0, the same admissions (only the cost differs). Reviews and
// cost follow the capacity.
func TestMDTMovesAdmissions(t *testing.T) {
	run := func(reviews, effect, auc float64) *Result {
		c := small()
		c.Discharge.PooledBudget = true
		c.Hospitals.FrailtySD = 1
		c.Integration.MDTReviewsPer1000, c.Integration.MDTBuildMonths = reviews, 0
		c.Integration.CaseManagementEffect, c.Integration.MDTRankingAUC = effect, auc
		return Simulate(c)
	}
	none, zero, some, random := run(0, 0.3, 0.77), run(4, 0, 0.77), run(4, 0.3, 0.77), run(4, 0.3, 0.5)
	c := small()
	c.Discharge.PooledBudget, c.Hospitals.FrailtySD = true, 1
	c.Integration.MDTReviewsPer1000, c.Integration.MDTBuildMonths = 4, 36
	slow := Simulate(c)
	adm := func(r *Result) float64 { return metric(t, r, "emergency_admissions_per_1000") }
	t.Logf("emergency admissions per 1,000: none %.2f, no effect %.2f, c-statistic 0.77 %.2f, random %.2f", adm(none), adm(zero), adm(some), adm(random))
	if a, b := adm(zero), adm(none); a != b {
		t.Errorf("emergency admissions %v with reviews of no effect, %v without reviews; want the same", a, b)
	}
	if a, b := adm(some), adm(none); a >= b-1 {
		t.Errorf("emergency admissions %v with reviews (effect 0.3), %v without; want at least 1 per 1,000 fewer", a, b)
	}
	// The same capacity choosing at random finds patients of average risk,
	// so it avoids fewer admissions.
	if a, b := adm(some), adm(random); a >= b-1 {
		t.Errorf("emergency admissions %v with a score of c-statistic 0.77, %v with a random choice; want at least 1 per 1,000 fewer", a, b)
	}
	// 4 a month per 1,000: 48 a year.
	if got := metric(t, some, "mdt_reviews_per_1000"); math.Abs(got-48) > 0.5 {
		t.Errorf("mdt_reviews_per_1000 = %v, want 48", got)
	}
	// Teams built over 36 months from the start hold, at the window's
	// monthly reviews (months 12 to 35), k/36 of full strength: 23.5/36 on
	// average.
	if want := 48 * 23.5 / 36; math.Abs(metric(t, slow, "mdt_reviews_per_1000")-want) > 0.01 {
		t.Errorf("mdt_reviews_per_1000 = %v with teams built over 36 months, want %v", metric(t, slow, "mdt_reviews_per_1000"), want)
	}
	// The caseload, 24 per 1,000, at case_management_cost a year.
	want := 0.024 * Defaults().Integration.CaseManagementCost
	if got := metric(t, some, CostPrefix+"mdt_case_management"); math.Abs(got-want) > 0.01*want {
		t.Errorf("mdt_case_management = £%v a head, want £%v", got, want)
	}
}

// Who gets found: a score of c-statistic 0.5 finds high-risk patients at
// the caseload's share of the population, no more than chance; a score of
// 0.77 finds several times more.
func TestMDTTargeting(t *testing.T) {
	run := func(auc float64) float64 {
		c := small()
		c.Discharge.PooledBudget = true
		c.Hospitals.FrailtySD = 1
		c.Integration.MDTReviewsPer1000, c.Integration.MDTBuildMonths = 4, 0
		c.Integration.MDTRankingAUC = auc
		return metric(t, Simulate(c), "mdt_found_high_risk_share")
	}
	const chance = 0.024 // 4 a month × 6 months per 1,000
	// mdtSamples patients sampled a month for 24 months, 5% of them at
	// high risk.
	se := math.Sqrt(chance * (1 - chance) / (mdtSamples * 24 * mdtHighRiskShare))
	if got := run(0.5); math.Abs(got-chance) > 4*se {
		t.Errorf("random choice found %.4f of high-risk patients, want the caseload's share %.4f (±%.4f)", got, chance, 4*se)
	}
	if got := run(0.77); got < 4*chance {
		t.Errorf("a score of c-statistic 0.77 found %.4f of high-risk patients, want at least 4 × chance (%.4f)", got, chance)
	}
}

// The c-statistic of the score rises with its weight, from 0.5 at none,
// and the weight found for a target reproduces it.
func TestScoreWeight(t *testing.T) {
	c := small()
	c.Integration.MDTReviewsPer1000 = 1
	c.Hospitals.FrailtySD = 1
	m := build(c)
	m.mdtRisk()
	s := &m.mdt
	if got := rankingAUC(&s.typeW, &s.logH, 1, 0); math.Abs(got-0.5) > 1e-7 {
		t.Errorf("c-statistic at weight 0 = %v, want 0.5", got)
	}
	prev := 0.5
	for _, a := range []float64{0.2, 0.5, 1, 3} {
		got := rankingAUC(&s.typeW, &s.logH, 1, a)
		if got <= prev {
			t.Errorf("c-statistic %v at weight %v, not above %v", got, a, prev)
		}
		prev = got
	}
	for _, auc := range []float64{0.6, 0.7, 0.77} {
		a := scoreWeight(&s.typeW, &s.logH, 1, auc)
		if got := rankingAUC(&s.typeW, &s.logH, 1, a); math.Abs(got-auc) > 1e-6 {
			t.Errorf("weight %v for c-statistic %v gives %v", a, auc, got)
		}
	}
}

// Case management by type and by review cannot both be on.
func TestMDTWithCaseManagementShare(t *testing.T) {
	// Case-finding by review and case management by type may run together
	// (a sensitivity design draws both): a patient either route manages
	// gets case_management_effect once (admission), and each route's
	// caseload is costed.
	c := small()
	c.Discharge.PooledBudget = true
	c.Hospitals.FrailtySD = 1
	c.Integration.MDTReviewsPer1000, c.Integration.CaseManagementShare = 3.3, 0.5
	if probs := c.Validate(); len(probs) > 0 {
		t.Fatalf("Validate refuses both routes together: %v", probs)
	}
	r := Simulate(c)
	if v := metric(t, r, "mdt_reviews_per_1000"); !(v > 0) {
		t.Errorf("mdt_reviews_per_1000 = %v with both routes; want reviews", v)
	}
	for _, line := range []string{"cost_per_head_case_management", "cost_per_head_mdt_case_management"} {
		if v := metric(t, r, line); !(v > 0) {
			t.Errorf("%s = %v with both routes; want each caseload costed", line, v)
		}
	}
}
