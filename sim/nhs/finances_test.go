package nhs

import (
	"fmt"
	"math"
	"testing"
)

// costly returns a part of a model of system() with the given payment and
// failure rule, whose hospital 0 costs half as much again as its rivals,
// which cost the average; the hospital's index is returned too. A takeover
// brings the successor's quality and efficiency in full, and the regulator
// lends nothing (finances.support_years 0): a failure is reserves run out.
func costly(t *testing.T, pay Payment, failure Failure) (*model, int32) {
	t.Helper()
	c := system()
	c.Contracts.Payment = pay
	c.Finances.Failure = failure
	c.Providers.QualitySD, c.Providers.EfficiencySD, c.Providers.CapacitySD = 0, 0, 0
	c.Finances.TakeoverConvergence = 1
	c.Finances.SupportYears = 0
	m := build(c)
	p := m.part(m.markets()[0])
	if n := p.span.h1 - p.span.h0; n != 3 {
		t.Fatalf("%d hospitals in the local system, want 3", n)
	}
	h := p.span.h0
	p.hospitals[h].le = math.Log(1.5)
	p.hospitals[h].lastCost = referenceCost(&p.cfg, &p.hospitals[h])
	p.settle(h)
	return p, h
}

// A hospital paid below its cost fails when its losses exceed its
// reserves: under activity payment (a national tariff), capitation (a
// national amount per head) and block payment set partly at a contract
// price, not under block payment set wholly from its own cost. With exit, its services pass to a rival (its quality and
// efficiency: the rivals here are alike) and the exit's one-off cost is spent; with bailout it
// stays as it was and the commissioner pays its deficit.
func TestHospitalFailure(t *testing.T) {
	for _, tc := range []struct {
		pay     Payment
		failure Failure
		basis   float64 // block_cost_basis
		fails   bool
	}{
		{PaymentActivity, FailureExit, 0.5, true},
		{PaymentActivity, FailureBailout, 0.5, true},
		{PaymentCapitation, FailureExit, 0.5, true},
		{PaymentBlock, FailureExit, 1, false},
		{PaymentBlock, FailureBailout, 1, false},
		{PaymentBlock, FailureExit, 0.5, true},
		{PaymentBlock, FailureBailout, 0, true},
	} {
		p, h := costly(t, tc.pay, tc.failure)
		p.cfg.Finances.BlockCostBasis = tc.basis
		hp := &p.hospitals[h]
		f := &p.cfg.Finances
		// One review of a year at the catchment's expected activity.
		expected := float64(hp.people) / 1000 * p.cfg.Hospitals.ElectiveTreatmentsPer1000
		p.hospitalFinances(h, 1, int64(expected))
		spent := p.money.spent
		name := fmt.Sprintf("%s/%s/basis %v", tc.pay, tc.failure, tc.basis)
		switch {
		case !tc.fails:
			if hp.le != math.Log(1.5) || spent != 0 || math.Abs(hp.reserve-f.ReserveYears) > 0.01 {
				t.Errorf("%s: log efficiency %v, spent £%v, reserves %v; want no failure", name, hp.le, spent, hp.reserve)
			}
		case tc.failure == FailureExit:
			if hp.le != 0 || hp.reserve != f.ReserveYears {
				t.Errorf("%s: log efficiency %v and reserves %v after exit; want the rival's 0 and %v", name, hp.le, hp.reserve, f.ReserveYears)
			}
			if want := p.cfg.Reorganisation.CostPerOrganisation; spent != want {
				t.Errorf("%s: spent £%v on the exit, want £%v", name, spent, want)
			}
		default:
			if hp.le != math.Log(1.5) {
				t.Errorf("%s: log efficiency %v after a bailout, want it unchanged", name, hp.le)
			}
			if spent <= 0 || hp.reserve != f.ReserveYears {
				t.Errorf("%s: bailout of £%v, reserves %v; want a positive bailout restoring %v", name, spent, hp.reserve, f.ReserveYears)
			}
		}
	}
}

// The regulator's support: a hospital whose reserves run out borrows, and
// fails only when its debt exceeds finances.support_years of its income;
// a bailout then writes the debt off and restores its reserves, and a
// surplus repays the debt. Here a hospital loses half its income for a year
// (from reserves of 0.05 years, a debt of 0.45).
func TestRegulatorSupport(t *testing.T) {
	for _, tc := range []struct {
		support float64
		fails   bool
	}{
		{0, true},
		{0.4, true},
		{0.44, true},
		{0.5, false},
		{1, false},
	} {
		p, h := costly(t, PaymentActivity, FailureBailout)
		f := &p.cfg.Finances
		f.SupportYears = tc.support
		p.stats.warmup = 0 // count from the start
		hp := &p.hospitals[h]
		expected := float64(hp.people) / 1000 * p.cfg.Hospitals.ElectiveTreatmentsPer1000
		p.hospitalFinances(h, 1, int64(expected))
		debt := f.ReserveYears - hp.reserve // what it lost over the year, had it not failed
		switch {
		case tc.fails:
			if p.stats.HospitalFailures != 1 || hp.reserve != f.ReserveYears || p.money.spent <= 0 {
				t.Errorf("support %v: %d failures, reserves %v, bailout £%v; want a failure whose bailout restores %v", tc.support, p.stats.HospitalFailures, hp.reserve, p.money.spent, f.ReserveYears)
			}
		default:
			if p.stats.HospitalFailures != 0 || p.money.spent != 0 || math.Abs(debt-0.5) > 0.01 || p.stats.Supported != 1 {
				t.Errorf("support %v: %d failures, bailout £%v, reserves %v, %d reviews in debt; want none, reserves ≈ −0.45 and one review in debt", tc.support, p.stats.HospitalFailures, p.money.spent, hp.reserve, p.stats.Supported)
			}
			// A year at a cost below the tariff repays part of the debt.
			hp.le = math.Log(0.8)
			p.settle(h)
			before := hp.reserve
			p.hospitalFinances(h, 1, int64(expected))
			if hp.reserve <= before || p.stats.HospitalFailures != 0 {
				t.Errorf("support %v: reserves %v after a surplus year, from %v; want them higher and no failure", tc.support, hp.reserve, before)
			}
		}
	}
}

// Under exit, finances.successor picks who takes a failed hospital over:
// best, the rival whose care is safest, though it costs more; cheapest, the
// rival with the lowest unit cost, here the riskier one.
func TestSuccessor(t *testing.T) {
	safer, riskier := math.Log(0.8), math.Log(1.2)
	for _, tc := range []struct {
		rule Successor
		want float64
	}{
		{SuccessorBest, safer},
		{SuccessorCheapest, riskier},
	} {
		p, h := costly(t, PaymentActivity, FailureExit)
		p.cfg.Finances.Successor = tc.rule
		p.hospitals[h+1].lq, p.hospitals[h+2].lq = safer, riskier
		p.settle(h + 1)
		p.settle(h + 2)
		expected := float64(p.hospitals[h].people) / 1000 * p.cfg.Hospitals.ElectiveTreatmentsPer1000
		p.hospitalFinances(h, 1, int64(expected))
		if got := p.hospitals[h].lq; got != tc.want {
			t.Errorf("successor %s: log quality %v after exit, want %v", tc.rule, got, tc.want)
		}
	}
}

// A takeover moves the failed hospital's services takeover_convergence of
// the way to the successor's quality and efficiency: none at 0, all at 1.
func TestTakeoverConvergence(t *testing.T) {
	safer, own := math.Log(0.8), 0.3
	for _, k := range []float64{0, 0.5, 1} {
		p, h := costly(t, PaymentActivity, FailureExit)
		p.cfg.Finances.TakeoverConvergence = k
		p.hospitals[h].lq = own
		p.hospitals[h+1].lq, p.hospitals[h+2].lq = safer, safer
		p.settle(h)
		p.settle(h + 1)
		p.settle(h + 2)
		expected := float64(p.hospitals[h].people) / 1000 * p.cfg.Hospitals.ElectiveTreatmentsPer1000
		p.hospitalFinances(h, 1, int64(expected))
		if want := p.cfg.Reorganisation.CostPerOrganisation; p.money.spent != want {
			t.Fatalf("convergence %v: spent £%v, not an exit's £%v", k, p.money.spent, want)
		}
		want := own + k*(safer-own)
		wantLE := math.Log(1.5) * (1 - k)
		if got := p.hospitals[h].lq; math.Abs(got-want) > 1e-12 {
			t.Errorf("convergence %v: log quality %v after the takeover, want %v", k, got, want)
		}
		if got := p.hospitals[h].le; math.Abs(got-wantLE) > 1e-12 {
			t.Errorf("convergence %v: log efficiency %v after the takeover, want %v", k, got, wantLE)
		}
	}
}

// Over a run, costly hospitals paid by activity fail: with exit they leave
// (provider_exits, the reorganisation cost line) and nothing is paid to
// bail them out; with bailout nobody leaves and the bailouts are transfers
// (transfers_per_head). Without spread in costs nobody fails.
func TestFailureRules(t *testing.T) {
	c := system()
	c.Run.Years = 4
	c.Contracts.Payment = PaymentActivity
	c.Providers.EfficiencySD = 0.3
	c.Incentives.CodingDrift = 0 // so that transfers_per_head is the bailouts alone
	c.Finances.SupportYears = 0  // a failure when reserves run out
	c.Finances.Failure = FailureExit
	exit := Simulate(c)
	c.Finances.Failure = FailureBailout
	bail := Simulate(c)
	if metric(t, exit, "hospital_failures") == 0 || metric(t, bail, "hospital_failures") == 0 {
		t.Fatalf("hospital failures %v with exit, %v with bailout; want some", metric(t, exit, "hospital_failures"), metric(t, bail, "hospital_failures"))
	}
	if got := metric(t, exit, "provider_exits"); got == 0 {
		t.Errorf("provider_exits %v with exit, want some", got)
	}
	if got := metric(t, exit, CostPrefix+"reorganisation"); got <= 0 {
		t.Errorf("reorganisation cost %v with exit, want the exits' one-off costs", got)
	}
	if got := metric(t, exit, TransfersPerHead); got != 0 {
		t.Errorf("bailouts (transfers) %v with exit, want none", got)
	}
	if got := metric(t, bail, "provider_exits"); got != 0 {
		t.Errorf("provider_exits %v with bailout, want none", got)
	}
	if got := metric(t, bail, TransfersPerHead); got <= 0 {
		t.Errorf("bailouts (transfers) %v with bailout, want some", got)
	}
	c.Providers.EfficiencySD, c.Providers.QualitySD, c.Providers.CapacitySD = 0, 0, 0
	c.Market.PatientChoice = false
	if got := metric(t, Simulate(c), "hospital_failures"); got != 0 {
		t.Errorf("%v hospital failures among identical hospitals, want none", got)
	}
}

// Entry: under activity payment with long waits, entrants open (their
// contracts a cost line) and waits fall; under block payment, or without
// the lever, none do.
func TestEntry(t *testing.T) {
	c := system()
	c.Run.Years = 4
	c.Contracts.Payment = PaymentActivity
	c.Finances.EntryWaitDays, c.Finances.EntryLagMonths = 30, 12 // open in the window
	none := Simulate(c)
	c.Finances.Entry = true
	entered := Simulate(c)
	if got := metric(t, none, "provider_entries"); got != 0 {
		t.Errorf("%v entries without the lever", got)
	}
	if got := metric(t, entered, "provider_entries"); got == 0 {
		t.Errorf("no entries with waits above %v days", c.Finances.EntryWaitDays)
	}
	if got := metric(t, entered, CostPrefix+"entrants"); got <= 0 {
		t.Errorf("entrants' contracts cost %v, want a cost", got)
	}
	if a, b := metric(t, none, "elective_wait_mean_days"), metric(t, entered, "elective_wait_mean_days"); b >= a {
		t.Errorf("elective wait %v days with entrants, not below %v without", b, a)
	}
	c.Contracts.Payment = PaymentBlock
	if got := metric(t, Simulate(c), "provider_entries"); got != 0 {
		t.Errorf("%v entries under block payment", got)
	}
}

// Hospitals differ in capacity by providers.capacity_sd, and every local
// system keeps its beds per head: without a spread each hospital has the
// stock per head of its catchment.
func TestCapacityDiffers(t *testing.T) {
	for _, sd := range []float64{0, 0.3} {
		c := system()
		c.Providers.CapacitySD = sd
		m := build(c)
		var beds, people float64
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, hp := range m.hospitals {
			per := float64(hp.beds) / float64(hp.people) * 1000
			lo, hi = min(lo, per), max(hi, per)
			beds += float64(hp.beds)
			people += float64(hp.people)
		}
		if got := beds / people * 1000; math.Abs(got-c.Hospitals.BedsPer1000) > 0.01 {
			t.Errorf("capacity_sd %v: %v beds per 1,000 in the system, want %v", sd, got, c.Hospitals.BedsPer1000)
		}
		if spread := hi - lo; (sd == 0) != (spread < 0.02) {
			t.Errorf("capacity_sd %v: beds per 1,000 from %v to %v", sd, lo, hi)
		}
	}
}

// A simulated hospital stands for as many full-size hospitals as its share
// of a catchment: one in a whole local system, a fifteenth at 20,000
// patients of catchments of 300,000. Costs that come whole per organisation
// (an exit, an entrant's contract) are scaled by it, so that a small sample
// does not spread a whole organisation's cost over its few patients.
func TestHospitalShare(t *testing.T) {
	c := system()
	whole := RepresentativePatients(c)
	catchment := float64(c.Hospitals.PracticesPerHospital * c.Population.PracticeSize)
	for _, tc := range []struct {
		patients int
		want     float64
	}{
		{whole, 1},
		{4 * whole, 1},
		{20000, 20000 / catchment},
	} {
		c := c
		c.Population.Patients = tc.patients
		m := build(c)
		if math.Abs(m.hospitalShare-tc.want) > 1e-12 {
			t.Errorf("%d patients: a simulated hospital stands for %v, want %v", tc.patients, m.hospitalShare, tc.want)
		}
	}
	// The exit's one-off cost at 20,000 patients is the hospital's share.
	c.Population.Patients = 20000
	c.Contracts.Payment, c.Finances.Failure = PaymentActivity, FailureExit
	p := build(c)
	m := p.part(p.markets()[0])
	m.exitHospital(m.span.h0)
	want := c.Reorganisation.CostPerOrganisation / c.Market.HospitalsPerOrganisation * 20000 / catchment
	if math.Abs(m.money.spent-want) > 1e-6 {
		t.Errorf("exit at 20,000 patients spent £%v, want £%v", m.money.spent, want)
	}
}
