package nhs

import (
	"math"
	"testing"
)

// Payment by activity adds invoices and their costs; when disputes cost no
// trust and payment changes no behaviour (incentives all zero), nothing
// else depends on payment, so admissions, continuity and delays are exactly
// as under a block budget.
func TestPaymentLeverAlone(t *testing.T) {
	c := small()
	c.Contracts.DisputeTrustLoss = 0
	c.Incentives = Incentives{}
	c.Contracts.Payment = "block"
	block := Simulate(c)
	c.Contracts.Payment = "activity"
	activity := Simulate(c)
	if got := metric(t, block, "cost_per_head_invoicing"); got != 0 {
		t.Errorf("invoicing costs £%v a head under a block budget", got)
	}
	if got := metric(t, activity, "cost_per_head_invoicing"); got <= 0 {
		t.Error("no invoicing cost under activity payment")
	}
	if a, b := metric(t, block, "cost_per_head_contracting"), metric(t, activity, "cost_per_head_contracting"); b <= a {
		t.Errorf("contracting £%v a head under activity, not above £%v under block", b, a)
	}
	for _, name := range []string{"admissions", "upc_mean", "delayed_bed_days", "elective_admissions_per_1000", "bed_occupancy"} {
		if a, b := metric(t, block, name), metric(t, activity, name); a != b {
			t.Errorf("%s: %v under block, %v under activity", name, a, b)
		}
	}
}

// Running and policy costs follow the number of commissioning bodies as the
// parameters say.
func TestCommissionerCosts(t *testing.T) {
	c := small()
	n := float64(c.Population.Patients)
	for _, bodies := range []float64{1, 10} {
		c.Commissioning.PopulationPerBody = n / bodies
		r := Simulate(c)
		wantRunning := (c.Commissioning.FixedCost*bodies + c.Commissioning.CostPerHead*n) / n
		wantPolicy := c.Commissioning.PolicyCost * bodies / n
		if got := metric(t, r, "cost_per_head_commissioner_running"); math.Abs(got-wantRunning) > 1e-9*wantRunning {
			t.Errorf("%v bodies: running £%v a head, want £%v", bodies, got, wantRunning)
		}
		if got := metric(t, r, "cost_per_head_policy"); math.Abs(got-wantPolicy) > 1e-9*wantPolicy {
			t.Errorf("%v bodies: policy £%v a head, want £%v", bodies, got, wantPolicy)
		}
	}
	c.Commissioning.PoliciesWrittenOnce = true
	if got := metric(t, Simulate(c), "cost_per_head_policy"); got != c.Commissioning.PolicyCost/c.Costs.NationalPopulation {
		t.Errorf("policies written once cost £%v a head", got)
	}
}

// The commissioners' running costs are the allowance less the lines counted
// apart: at 211 bodies paying by activity, running costs, policy writing
// and the bodies' activity administration together cost what the CCGs'
// allowance did, ≈£25 a head (£1.34bn), and not £1.6 a head more.
func TestCommissionerAllowanceCountedOnce(t *testing.T) {
	c := Defaults()
	co, n := &c.Commissioning, c.Costs.NationalPopulation
	perBody := co.FixedCost + co.PolicyCost + c.Contracts.ActivityCostPerOrg
	if got := perBody*211/n + co.CostPerHead; math.Abs(got-24.8) > 0.1 {
		t.Errorf("211 bodies cost £%.2f a head with policy writing and activity administration, want the allowance's ≈£24.8", got)
	}
}

// Pooling health and social care money has a running cost while the pool
// is open, and none without it.
func TestPoolAdministration(t *testing.T) {
	c := small()
	c.Integration.PoolRunningCost = 0.3
	c.Discharge.PooledBudget = false
	if got := metric(t, Simulate(c), "cost_per_head_pool_administration"); got != 0 {
		t.Errorf("£%v a head of pool administration without a pool", got)
	}
	c.Discharge.PooledBudget = true
	if got := metric(t, Simulate(c), "cost_per_head_pool_administration"); math.Abs(got-0.3) > 1e-9 {
		t.Errorf("£%v a head of pool administration with a pool, want £0.3", got)
	}
}

// Without tendering no contract changes hands; with it, some do, their
// patients' relationships restart, and tenders cost money.
func TestTendering(t *testing.T) {
	c := small()
	c.Contracts.Tendering = false
	off := Simulate(c)
	if got := metric(t, off, "provider_changes_per_year"); got != 0 {
		t.Errorf("%v provider changes a year without tendering", got)
	}
	c.Contracts.Tendering = true
	c.Contracts.TenderCycleYears = 1
	c.Tenders.Bidders = 3
	on := Simulate(c)
	if got := metric(t, on, "provider_changes_per_year"); got == 0 {
		t.Error("no provider changes with yearly tenders against three rival bidders")
	}
	if got := metric(t, on, "cost_per_head_tendering"); got <= 0 {
		t.Error("tenders cost nothing")
	}
	if a, b := metric(t, off, "relationship_years_mean"), metric(t, on, "relationship_years_mean"); b >= a {
		t.Errorf("relationships average %v years with churn, not shorter than %v without", b, a)
	}
}

// When a contract changes hands, a relationship with a GP who stays carries
// on with probability relationship_kept_on_transfer: keeping them all makes
// relationships longer than restarting them all, a share between gives
// something between, and a GP who leaves ends their patients' relationships
// whatever the share (with every GP leaving, both ends give the same run),
// under either booking.
func TestRelationshipKeptOnTransfer(t *testing.T) {
	for _, booking := range []Booking{BookingSessions, BookingQueue} {
		c := small()
		c.GP.Booking = booking
		c.Contracts.Tendering = true
		c.Contracts.TenderCycleYears = 1
		c.Tenders.Bidders = 3
		c.Contracts.StaffLossOnChange = 0
		years := map[float64]float64{}
		for _, kept := range []float64{0, 0.5, 1} {
			c.Contracts.RelationshipKept = kept
			years[kept] = metric(t, Simulate(c), "relationship_years_mean")
		}
		if !(years[0] < years[0.5] && years[0.5] < years[1]) {
			t.Errorf("%s: relationships average %v years when every one restarts, %v when half carry on and %v when all do; want increasing", booking, years[0], years[0.5], years[1])
		}
		c.Contracts.StaffLossOnChange = 1
		c.Contracts.RelationshipKept = 0
		restart := summary(Simulate(c))
		c.Contracts.RelationshipKept = 1
		if kept := summary(Simulate(c)); kept != restart {
			t.Errorf("%s: with every GP leaving, keeping relationships changed the run:\n%s\nvs\n%s", booking, kept, restart)
		}
	}
}

// Allocation by activity leaves needier practices busier than need-weighted
// allocation does, which steepens the deprivation gradient of admissions
// through continuity. Queue booking shows the congestion as the wait; with
// session booking a congested practice's patients wait less for their own
// GP (who is fully booked within their tolerance) and more for anyone, so
// its mean wait is not a measure of congestion.
func TestAllocationLever(t *testing.T) {
	c := small()
	c.GP.Booking = BookingQueue
	c.Population.Patients = 100000
	c.Continuity.DiscontinuityOR = 2
	c.Run.Years = 4
	c.Commissioning.NeedWeightedAllocation = true
	need := Simulate(c)
	c.Commissioning.NeedWeightedAllocation = false
	activity := Simulate(c)
	if a, b := metric(t, need, "gp_wait_mean_days"), metric(t, activity, "gp_wait_mean_days"); b <= a {
		t.Errorf("mean GP wait %v days with activity allocation, not above %v with need weighting", b, a)
	}
}

// Bodies that all follow national guidance fund the same treatments.
func TestPostcodeLottery(t *testing.T) {
	c := small()
	c.Commissioning.GuidanceAdherence = 1
	if got := metric(t, Simulate(c), "access_variation_sd"); got != 0 {
		t.Errorf("access varies (SD %v) though every body follows national guidance", got)
	}
	c.Commissioning.GuidanceAdherence = 0
	if got := metric(t, Simulate(c), "access_variation_sd"); got == 0 {
		t.Error("no variation in access when every body decides alone")
	}
}

// Explicit coverage sets the run's bodies: two bodies cost two bodies'
// fixed costs, however large population_per_body is.
func TestExplicitCoverage(t *testing.T) {
	c := small()
	c.Population.Areas = 4
	c.Commissioning.Coverage = [][]int{{0, 1}, {2, 3}}
	c.Commissioning.PopulationPerBody = 1e8
	n := float64(c.Population.Patients)
	want := (2*c.Commissioning.FixedCost + c.Commissioning.CostPerHead*n) / n
	if got := metric(t, Simulate(c), "cost_per_head_commissioner_running"); math.Abs(got-want) > 1e-9*want {
		t.Errorf("running cost £%v a head with two bodies, want £%v", got, want)
	}
	for _, tc := range []struct {
		name string
		cov  [][]int
		path string
	}{
		{"empty body", [][]int{{0, 1, 2, 3}, {}}, "commissioning.coverage[1]"},
		{"overlap", [][]int{{0, 1, 2}, {2, 3}}, "commissioning.coverage[1][0]"},
		{"no such area", [][]int{{0, 1, 2, 3, 4}}, "commissioning.coverage[0][4]"},
		{"uncovered", [][]int{{0, 1}, {3}}, "commissioning.coverage"},
	} {
		c.Commissioning.Coverage = tc.cov
		probs := c.Validate()
		if len(probs) != 1 || probs[0].Path != tc.path {
			t.Errorf("%s: Validate() = %v, want one problem at %s", tc.name, probs, tc.path)
		}
	}
}
