package nhs

import (
	"math"
	"testing"
)

// Each integration lever costs something on its own cost line, and the
// lines are zero when the levers are off.
func TestIntegrationCostLines(t *testing.T) {
	c := small()
	c.Run.Years = 2
	off := Simulate(c)
	for _, cat := range []string{"shared_records", "case_conferences", "virtual_wards", "case_management"} {
		if got := metric(t, off, CostPrefix+cat); got != 0 {
			t.Errorf("%s = %v with every integration lever off", cat, got)
		}
	}
	c.Discharge.SharedRecords = true
	c.Integration.CaseConferenceShare = 0.02
	c.Community.VirtualWardPlaces = 20
	c.Integration.CaseManagementShare = 0.5
	on := Simulate(c)
	in := &c.Integration
	want := map[string]float64{
		"shared_records":  in.SharedRecordsRunningCost + in.SharedRecordsSetupCost/in.SharedRecordsLifeYears,
		"virtual_wards":   20.0 / 1e5 * in.VirtualWardPlaceCost,
		"case_conference": 0, // checked below: it depends on the sample's GPs
	}
	for cat, w := range want {
		if w == 0 {
			continue
		}
		if got := metric(t, on, CostPrefix+cat); math.Abs(got-w) > 1e-9 {
			t.Errorf("%s = %v, want %v", cat, got, w)
		}
	}
	// Case conferences: 2% of GP appointments, one FTE per patients_per_gp
	// patients, at appointment_cost.
	perHead := 0.02 * c.GP.AppointmentsPerGPYear / float64(c.GP.PatientsPerGP) * in.AppointmentCost
	if got := metric(t, on, CostPrefix+"case_conferences"); math.Abs(got-perHead) > 0.01*perHead {
		t.Errorf("case_conferences = %v, want about %v", got, perHead)
	}
	if got := metric(t, on, CostPrefix+"case_management"); got <= 0 {
		t.Errorf("case_management = %v with half the high-risk patients case-managed", got)
	}
	if a, b := metric(t, on, DuplicationCostPerHead), metric(t, off, DuplicationCostPerHead); a <= b {
		t.Errorf("total cost %v with integration levers, %v without", a, b)
	}
}

// Case conferences take GP time: with a larger share, GP waits lengthen.
func TestCaseConferencesTakeGPCapacity(t *testing.T) {
	c := small()
	c.Run.Years = 2
	base := metric(t, Simulate(c), "gp_wait_mean_days")
	c.Integration.CaseConferenceShare = 0.05
	if got := metric(t, Simulate(c), "gp_wait_mean_days"); got <= base {
		t.Errorf("GP wait %v with 5%% of GP time in case conferences, %v without", got, base)
	}
}

// Case management cuts emergency admissions only through its effect: with
// effect 0 every admission is as without it; with an effect, fewer.
func TestCaseManagementActsThroughItsEffect(t *testing.T) {
	c := small()
	c.Run.Years = 2
	base := metric(t, Simulate(c), "admissions")
	c.Integration.CaseManagementShare = 1
	c.Integration.CaseManagementEffect = 0
	if got := metric(t, Simulate(c), "admissions"); got != base {
		t.Errorf("admissions %v with case management of no effect, %v without", got, base)
	}
	c.Integration.CaseManagementEffect = 0.3
	if got := metric(t, Simulate(c), "admissions"); got >= base {
		t.Errorf("admissions %v with case management cutting the hazard 30%%, %v without", got, base)
	}
}

// Large bodies decide more slowly: the multiplier is 1 at the reference
// size and with no diseconomy, above 1 for larger bodies, below for
// smaller.
func TestDecisionScale(t *testing.T) {
	c := Defaults()
	c.Commissioning.PopulationPerBody = c.Integration.DecisionReferencePopulation
	if got := decisionScale(&c); got != 1 {
		t.Errorf("at the reference size: %v, want 1", got)
	}
	c.Commissioning.PopulationPerBody = 6e6
	if got := decisionScale(&c); got <= 1 {
		t.Errorf("a region of 6m: %v, want above 1", got)
	}
	c.Commissioning.PopulationPerBody = 270000
	if got := decisionScale(&c); got >= 1 {
		t.Errorf("a body of 270,000: %v, want below 1", got)
	}
	c.Integration.DecisionScaleElasticity = 0
	if got := decisionScale(&c); got != 1 {
		t.Errorf("with no diseconomy: %v, want 1", got)
	}
}

// The budget's balance follows the budget, and with savings_use capacity,
// money moves GP capacity both ways: a generous budget buys appointments
// (shorter waits), a budget below spending cuts them (longer waits).
func TestBudgetMovesCapacityBothWays(t *testing.T) {
	c := small()
	c.Run.Years = 3
	c.Budget.CapacityLagMonths = 3
	c.Budget.PerHead = 200
	rich := Simulate(c)
	c.Budget.PerHead = 0
	poor := Simulate(c)
	if a, b := metric(t, rich, "budget_balance_per_head"), metric(t, poor, "budget_balance_per_head"); a <= 0 || b >= 0 {
		t.Errorf("balance %v with a budget of £200 a head, %v with none: want positive and negative", a, b)
	}
	// With savings_use none, the budget changes nothing but the balance.
	if a, b := metric(t, rich, "gp_wait_mean_days"), metric(t, poor, "gp_wait_mean_days"); a != b {
		t.Errorf("GP wait %v and %v with savings_use none: the budget should change nothing", a, b)
	}
	c.Budget.SavingsUse = SavingsCapacity
	cut := metric(t, Simulate(c), "gp_wait_mean_days")
	c.Budget.PerHead = 200
	bought := Simulate(c)
	base := metric(t, rich, "gp_wait_mean_days")
	if got := metric(t, bought, "gp_wait_mean_days"); got >= base {
		t.Errorf("GP wait %v with savings spent on capacity, %v with savings kept", got, base)
	}
	if cut <= base {
		t.Errorf("GP wait %v with an overspend recovered from capacity, %v without", cut, base)
	}
	// Spent on capacity, the surplus leaves the balance (all but what the
	// lag holds back).
	if a, b := metric(t, bought, "budget_balance_per_head"), metric(t, rich, "budget_balance_per_head"); a >= b {
		t.Errorf("balance %v with savings spent, %v kept", a, b)
	}
}

// Activity payment's administration is charged per organisation (provider
// organisations and commissioning bodies), never per practice contract.
func TestActivityCostIsPerOrganisation(t *testing.T) {
	c := small()
	c.Run.Years = 2
	c.Contracts.Payment = PaymentActivity
	m := build(c)
	b := m.costBasis(&m.cfg, 1)
	cat := costCategories[3]
	if cat.name != "contracting" {
		t.Fatalf("category 3 is %s", cat.name)
	}
	before := cat.value(&b)
	c2 := c
	c2.Contracts.ActivityCostPerOrg += 100000
	b2 := m.costBasis(&c2, 1)
	orgs := b.bodies + b.hospitals/c.Market.HospitalsPerOrganisation
	if got, want := cat.value(&b2)-before, orgs*100000/b.n; math.Abs(got-want) > 1e-9 {
		t.Errorf("+£100k per organisation adds %v a head, want %v (%v organisations, %v practices)", got, want, orgs, b.practices)
	}
	c2 = c
	c2.Contracts.Payment = PaymentBlock
	b2 = m.costBasis(&c2, 1)
	if got, want := before-cat.value(&b2), orgs*c.Contracts.ActivityCostPerOrg/b.n; math.Abs(got-want) > 1e-9 {
		t.Errorf("activity payment adds %v a head over block, want %v", got, want)
	}
}

// Step-up places a pool buys take the admissions they can serve: more
// places serve more, while few are open (as they are built) fewer, and
// each costs its running cost while open. Without a pooled budget the
// lever changes nothing.
func TestPoolStepUp(t *testing.T) {
	run := func(places, build float64, pooled bool) *Result {
		c := small()
		c.Discharge.PooledBudget = pooled
		c.Community.PoolStepUpPlaces, c.Community.StepUpBuildMonths = places, build
		return Simulate(c)
	}
	none := run(0, 0, true)
	few := run(5, 0, true) // 2 places: fewer than the ACSC admissions they could take
	many := run(30, 0, true)
	slow := run(5, 36, true) // two thirds built, on average, over years 1-3
	steps := func(r *Result) float64 { return metric(t, r, "virtual_ward_step_ups_per_1000") }
	adm := func(r *Result) float64 { return metric(t, r, "emergency_admissions_per_1000") }
	for _, tc := range []struct {
		what        string
		more, fewer *Result
		least       float64 // step-ups per 1,000
		admissions  bool    // the difference in admissions is beyond the noise of a small run
	}{
		{"places against none", few, none, 1, true},
		{"more places against fewer", many, few, 1, true},
		{"places open at once against built over 36 months", few, slow, 0.3, false},
	} {
		if a, b := steps(tc.more), steps(tc.fewer); a-b < tc.least {
			t.Errorf("%s: step-ups %v against %v per 1,000; want at least %v more", tc.what, a, b, tc.least)
		}
		if a, b := adm(tc.more), adm(tc.fewer); tc.admissions && a >= b {
			t.Errorf("%s: emergency admissions %v against %v per 1,000; want fewer", tc.what, a, b)
		}
	}
	want := math.Round(40000*5/1e5) * Defaults().Integration.VirtualWardPlaceCost / 40000
	if got := metric(t, few, CostPrefix+"pool_step_up"); math.Abs(got-want) > 0.01*want {
		t.Errorf("pool step-up cost £%v a head, want £%v (2 places a year)", got, want)
	}
	if got := metric(t, none, CostPrefix+"pool_step_up"); got != 0 {
		t.Errorf("pool step-up cost £%v a head with no places", got)
	}
	assertSameMetrics(t, run(0, 18, false), run(30, 18, false), "step-up places without a pooled budget")
}
