package nhs

import (
	"math"
	"testing"

	"github.com/nhssim/nhssim/sim"
)

// system is a small sample of one whole local system: three hospitals of
// 40,000 patients each, so that patients have a choice.
func system() Config {
	c := small()
	c.Population.Patients = 120000
	return c
}

// Hospitals differ by providers.quality_sd, and not at all without it.
func TestProvidersDiffer(t *testing.T) {
	for _, tc := range []struct {
		sd     float64
		lo, hi float64
	}{{0, 0, 0}, {0.1, 0.01, 0.3}, {0.3, 0.05, 1}} {
		c := system()
		c.Providers.QualitySD = tc.sd
		got := metric(t, Simulate(c), "provider_quality_sd")
		if got < tc.lo || got > tc.hi {
			t.Errorf("quality_sd %v: provider_quality_sd %v, want within [%v, %v]", tc.sd, got, tc.lo, tc.hi)
		}
	}
}

// Without a spread every hospital has quality 1 and stays of the mean
// length; with one, hospitals differ. (TestProviderResponse checks that
// better quality means fewer deaths.)
func TestQualityMovesOutcomes(t *testing.T) {
	c := system()
	c.Providers.QualitySD, c.Providers.EfficiencySD = 0, 0
	base := Simulate(c)
	m := build(c)
	for h := range m.hospitals {
		if m.hospitals[h].quality != 1 || m.hospitals[h].losMult != 1 {
			t.Fatalf("hospital %d: quality %v, stay multiplier %v with no spread", h, m.hospitals[h].quality, m.hospitals[h].losMult)
		}
	}
	c.Providers.QualitySD = 0.3
	spread := Simulate(c)
	if a, b := metric(t, base, "provider_quality_sd"), metric(t, spread, "provider_quality_sd"); b <= a {
		t.Errorf("spread %v not above %v", b, a)
	}
}

// Choice has no flat effect: when distance outweighs everything, patients
// stay at home and every outcome is as without choice; only the choice set
// says choice was on.
func TestChoiceHasNoFlatEffect(t *testing.T) {
	c := system()
	off := Simulate(c)
	c.Market.PatientChoice = true
	c.Choice.DistanceWeight = 100
	on := Simulate(c)
	if got := metric(t, off, "choice_set_size_mean"); got != 1 {
		t.Errorf("choice set %v without choice, want 1", got)
	}
	if got := metric(t, on, "choice_set_size_mean"); got <= 1 {
		t.Errorf("choice set %v with choice, want more than 1", got)
	}
	for _, name := range []string{"mortality_30d_per_1000_admissions", "mean_stay_days", "readmission_30d_rate", "elective_wait_mean_days", "competition_hhi_mean"} {
		// Equal but for rounding: a mean summed in another order may
		// differ in its last digits.
		if a, b := metric(t, off, name), metric(t, on, name); math.Abs(a-b) > 1e-12*math.Abs(a) {
			t.Errorf("%s: %v without choice, %v with choice nobody uses", name, a, b)
		}
	}
}

// With choice, referrals spread across hospitals (HHI below 1), and a wider
// reach gives bigger choice sets.
func TestChoiceRoutes(t *testing.T) {
	c := system()
	c.Market.PatientChoice = true
	near := Simulate(c)
	if got := metric(t, near, "competition_hhi_mean"); got >= 1 || got < 1.0/3 {
		t.Errorf("HHI %v with choice, want within [1/3, 1)", got)
	}
	c.Choice.ReachKm = 100
	far := Simulate(c)
	if a, b := metric(t, near, "choice_set_size_mean"), metric(t, far, "choice_set_size_mean"); b <= a || b != 3 {
		t.Errorf("choice set %v at 30 km, %v at 100 km; want larger, and 3", a, b)
	}
}

// Under a national tariff hospitals facing competition improve; under
// negotiated prices with a negative quality response they get worse; under
// block payment they do not respond at all.
func TestProviderResponse(t *testing.T) {
	c := system()
	c.Run.Years = 6
	c.Market.PatientChoice = true
	c.Choice.QualityWeight = 3
	c.Choice.ResponseLagMonths = 6
	c.Contracts.Payment = PaymentActivity
	c.Choice.QualityResponse, c.Choice.NegotiatedQuality = 0, 0
	noneRun := Simulate(c)
	none := metric(t, noneRun, "hospital_quality_mean")
	c.Choice.QualityResponse = 2
	tariffRun := Simulate(c)
	tariff := metric(t, tariffRun, "hospital_quality_mean")
	if a, b := metric(t, noneRun, "mortality_30d_per_1000_admissions"), metric(t, tariffRun, "mortality_30d_per_1000_admissions"); b >= a {
		t.Errorf("mortality %v per 1,000 admissions after hospitals improved, not below %v", b, a)
	}
	c.Choice.NegotiatedPrices, c.Choice.NegotiatedQuality = true, -2
	negotiated := metric(t, Simulate(c), "hospital_quality_mean")
	c.Contracts.Payment = PaymentBlock
	block := metric(t, Simulate(c), "hospital_quality_mean")
	if !(tariff < none && none < negotiated) {
		t.Errorf("mean quality (relative risk) %v at a tariff, %v with no response, %v at negotiated prices; want increasing", tariff, none, negotiated)
	}
	if block != none {
		t.Errorf("mean quality %v under block payment, want %v as with no response", block, none)
	}
}

// A hospital responds to the competition it faces, −log HHI of where its
// catchment's referrals went, whether or not it wins patients back from
// its rivals: identical hospitals of a symmetric market all improve, one
// whose catchment stays at home does not, and under block payment none
// does.
func TestCompetitionPressure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pay    Payment
		recent []int64 // the catchment's referrals by hospital, its own first
		want   float64 // competition C
	}{
		{"spread", PaymentActivity, []int64{60, 20, 20}, -math.Log(0.44)},
		{"at home", PaymentActivity, []int64{100, 0, 0}, 0},
		{"none referred", PaymentActivity, []int64{0, 0, 0}, 0},
		{"block", PaymentBlock, []int64{60, 20, 20}, 0},
	} {
		c := system()
		c.Market.PatientChoice = true
		c.Contracts.Payment = tc.pay
		c.Providers.QualitySD, c.Providers.EfficiencySD, c.Providers.CapacitySD = 0, 0, 0
		c.Choice.ResponseLagMonths = 1e-6 // the pressure is this review's competition
		m := build(c)
		p := m.part(m.markets()[0])
		h := p.span.h0
		copy(p.hospitals[h].recent, tc.recent)
		p.review(h, 0)
		dt := c.Providers.ReviewMonths / 12
		if got, want := p.hospitals[h].lq, -c.Choice.QualityResponse*tc.want*dt; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: log quality %v after a review, want %v", tc.name, got, want)
		}
		if got, want := p.hospitals[h].le, -c.Choice.EfficiencyResp*tc.want*dt; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: log efficiency %v after a review, want %v", tc.name, got, want)
		}
		for _, k := range p.hospitals[h].recent {
			if k != 0 {
				t.Errorf("%s: referrals since the review %v, want them cleared", tc.name, p.hospitals[h].recent)
				break
			}
		}
	}
}

// Tenders select: judged without error on quality alone, every change of
// hands is to a better provider; judged with large error among many
// bidders, some are worse (the winner's curse). Bids at or above cost never
// fail; bids whose cost is misjudged and won on price alone do.
func TestTendersSelect(t *testing.T) {
	c := small()
	c.Contracts.Tendering, c.Contracts.TenderCycleYears = true, 1
	c.Tenders.QualityWeight, c.Tenders.QualityObservationSD, c.Tenders.Bidders = 1, 0, 3
	c.Tenders.CostEstimateSD = 0
	exact := Simulate(c)
	if got := metric(t, exact, "tenders_won_by_better_provider_share"); got != 1 {
		t.Errorf("share of changes to a better provider %v with exact judgement, want 1", got)
	}
	if got := metric(t, exact, "provider_exits"); got != 0 {
		t.Errorf("%v exits with bids at cost plus margin, want 0", got)
	}
	c.Tenders.QualityObservationSD, c.Tenders.Bidders = 1, 5
	noisy := metric(t, Simulate(c), "tenders_won_by_better_provider_share")
	if noisy >= 0.9 {
		t.Errorf("share of changes to a better provider %v with noisy judgement, want well below 1", noisy)
	}
	c.Tenders.QualityWeight, c.Tenders.CostEstimateSD, c.Tenders.BidMargin = 0, 0.1, 0
	if got := metric(t, Simulate(c), "provider_exits"); got == 0 {
		t.Error("no provider exits when contracts go to the lowest bid and costs are misjudged")
	}
}

// Each payment changes behaviour: activity payment shortens stays and adds
// elective work; block payment lengthens lists; capitation's investment
// cuts ACSC admissions. Each test compares the payment with its incentive
// on and off, so only the behaviour differs.
func TestPaymentBehaviour(t *testing.T) {
	run := func(p Payment, set func(*Incentives)) *Result {
		c := small()
		c.Contracts.Payment = p
		c.Contracts.DisputeTrustLoss = 0
		c.Incentives = Incentives{}
		if set != nil {
			set(&c.Incentives)
		}
		return Simulate(c)
	}
	neutral := run(PaymentActivity, nil)
	activity := run(PaymentActivity, func(in *Incentives) { in.ActivityLOSCut, in.ActivityElectiveUplift, in.CodingDrift = 0.05, 0.05, 0.02 })
	if a, b := metric(t, neutral, "mean_stay_days"), metric(t, activity, "mean_stay_days"); b >= a {
		t.Errorf("activity: mean stay %v with the incentive, not below %v without", b, a)
	}
	if a, b := metric(t, neutral, "elective_treatments_per_1000"), metric(t, activity, "elective_treatments_per_1000"); b <= a {
		t.Errorf("activity: %v elective treatments per 1,000 with the incentive, not above %v without", b, a)
	}
	// Coding drift is a transfer between NHS bodies, reported apart from
	// the costs and not in their total.
	if got := metric(t, activity, TransfersPerHead); got <= 0 {
		t.Errorf("activity: coding drift moves £%v a head", got)
	}
	if a, b := metric(t, neutral, DuplicationCostPerHead), metric(t, activity, DuplicationCostPerHead); math.Abs(a-b) > 0.05*a {
		t.Errorf("activity: coding drift moved the costs' total from £%v to £%v a head", a, b)
	}
	if got := metric(t, neutral, TransfersPerHead); got != 0 {
		t.Errorf("activity without drift: £%v a head of transfers", got)
	}
	slack := run(PaymentBlock, func(in *Incentives) { in.BlockElectiveSlack = 0.05 })
	if a, b := metric(t, run(PaymentBlock, nil), "elective_waiting_list_per_1000"), metric(t, slack, "elective_waiting_list_per_1000"); b <= a {
		t.Errorf("block: waiting list %v per 1,000 with slack, not above %v without", b, a)
	}
	capNone := run(PaymentCapitation, nil)
	capOn := run(PaymentCapitation, func(in *Incentives) { in.CapitationACSCCut, in.CapitationPrevention = 0.1, 0.01 })
	if a, b := metric(t, capNone, "acsc_admissions_per_1000"), metric(t, capOn, "acsc_admissions_per_1000"); b >= a {
		t.Errorf("capitation: %v ACSC admissions per 1,000 with investment, not below %v without", b, a)
	}
	if a, b := metric(t, capNone, "elective_treatments_per_1000"), metric(t, capOn, "elective_treatments_per_1000"); b >= a {
		t.Errorf("capitation: %v elective treatments per 1,000 with money diverted to prevention, not below %v", b, a)
	}
	// The same incentives do nothing under the other payments.
	if a, b := metric(t, run(PaymentBlock, nil), "acsc_admissions_per_1000"), metric(t, run(PaymentBlock, func(in *Incentives) { in.CapitationACSCCut, in.ActivityLOSCut = 0.1, 0.05 }), "acsc_admissions_per_1000"); a != b {
		t.Errorf("block: ACSC admissions %v and %v; capitation's and activity's incentives should not act", a, b)
	}
}

// Drift keeps a provider's log quality at its stationary spread and mean
// over time, and moves it: after many persistence times it no longer
// remembers where it started.
func TestDriftIsStationary(t *testing.T) {
	for _, sd := range []float64{0.05, 0.2} {
		s := sim.NewStream(1, "drift-test", 0)
		const n = 4000
		var sum, sq, moved float64
		for range n {
			x0 := drawLogQuality(&s, sd)
			x := x0
			for range 40 { // ten years of quarterly reviews, persistence 5 years
				x = ou(x, sd, 0.25, 5, &s)
			}
			sum += x
			sq += x * x
			moved += math.Abs(x - x0)
		}
		mean := sum / n
		got := math.Sqrt(sq/n - mean*mean)
		if math.Abs(got-sd) > 0.05*sd || math.Abs(mean+sd*sd/2) > 0.05*sd {
			t.Errorf("sd %v: after ten years the spread is %v and the mean %v; want %v and %v", sd, got, mean, sd, -sd*sd/2)
		}
		if moved/n < 0.5*sd {
			t.Errorf("sd %v: mean change over ten years %v, want of the order of the spread", sd, moved/n)
		}
	}
}

// Each practice's choice set starts with its home hospital, holds only
// hospitals of its own local system within reach, and has just the home
// hospital when nothing else is within reach.
func TestChoiceSets(t *testing.T) {
	for _, tc := range []struct {
		reach    float64
		min, max int
	}{{0, 1, 1}, {30, 2, 3}, {1000, 3, 3}} {
		c := system()
		c.Choice.ReachKm = tc.reach
		m := build(c)
		for g, p := range m.practices {
			if p.reach[0].h != p.hospital {
				t.Fatalf("reach %v: practice %d's choice set starts with hospital %d, not its own %d", tc.reach, g, p.reach[0].h, p.hospital)
			}
			if n := len(p.reach); n < tc.min || n > tc.max {
				t.Errorf("reach %v: practice %d has %d hospitals in reach, want %d to %d", tc.reach, g, n, tc.min, tc.max)
			}
			for _, r := range p.reach[1:] {
				if r.km > tc.reach {
					t.Errorf("reach %v: practice %d reaches hospital %d at %v km", tc.reach, g, r.h, r.km)
				}
			}
		}
	}
}
