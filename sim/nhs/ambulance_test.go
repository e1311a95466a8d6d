package nhs

import (
	"math"
	"strings"
	"testing"
)

// ambulanceConfig is the default model with the ambulance service and
// release to respond after 45 minutes, as in scenarios/england.yaml, at one
// hospital of full size (300,000 patients), so that its crews and its
// department's places are England's per head, for two years.
func ambulanceConfig() Config {
	c := Defaults()
	c.Population.Patients = 300000
	c.Run.Years, c.Run.WarmupYears = 2, 0.5
	c.Ambulance.Service = true
	c.Ambulance.ReleaseMinutes = 45
	return c
}

// ambulanceMetrics are the metrics the ambulance service adds.
var ambulanceMetrics = []string{
	"ambulance_response_mean_minutes_cat1", "ambulance_response_mean_minutes_cat2",
	"handover_delay_mean_minutes", "handovers_over_60_min_per_1000_conveyances", "conveyance_rate",
}

// With the service off, its parameters change nothing, every other metric
// is what it was before the service existed (the golden files pin that),
// and its own metrics have no value.
func TestAmbulanceOffChangesNothing(t *testing.T) {
	c := small()
	base := Simulate(c)
	c.Ambulance = Ambulance{
		IncidentsPer1000: 500, HearAndTreatShare: 0.3, ConveyanceShare: 0.3, AdmittedShare: 0.9,
		CategoryShares: [4]float64{0.25, 0.25, 0.25, 0.25}, CrewsPer100k: 0.5, CallMinutes: 30,
		TravelMinutes: 30, SceneMinutes: 90, ToHospitalMinutes: 60, HandoverMinutes: 60,
		TurnaroundMinutes: 30, EDPlacesPer100k: 1, BedReserve: 0.5, EDHours: 10, InformationLossMinutes: 60, ReleaseMinutes: 5,
		RapidRespondersPer100k: 1, PopulationPerService: 1000,
	}
	if got, want := summary(Simulate(c)), summary(base); got != want {
		t.Errorf("ambulance parameters changed a run without the service:\n%s\nvs\n%s", got, want)
	}
	for _, name := range ambulanceMetrics {
		if v := metric(t, base, name); !math.IsNaN(v) {
			t.Errorf("%s = %v without the service; want no value", name, v)
		}
	}
}

// The service reroutes admissions through the ambulance and the
// department; it creates none and loses none (beyond those still on their
// way at the horizon), and it reproduces the conveyance share it is given.
func TestAmbulanceKeepsAdmissions(t *testing.T) {
	c := ambulanceConfig()
	on := Simulate(c)
	c.Ambulance.Service = false
	off := Simulate(c)
	a, b := metric(t, on, "emergency_admissions_per_1000"), metric(t, off, "emergency_admissions_per_1000")
	if math.Abs(a/b-1) > 0.02 {
		t.Errorf("emergency admissions per 1,000: %v with the ambulance service, %v without; want within 2%%", a, b)
	}
	if v := metric(t, on, "conveyance_rate"); math.Abs(v-0.5) > 0.01 {
		t.Errorf("conveyance_rate = %v; want ambulance.conveyance_share 0.5 within 0.01", v)
	}
	for _, name := range ambulanceMetrics {
		if v := metric(t, on, name); math.IsNaN(v) || v <= 0 {
			t.Errorf("%s = %v with the service; want a positive value", name, v)
		}
	}
}

// A free crew takes the most urgent waiting call first, so category 1
// calls are reached sooner than category 2.
func TestAmbulanceCategoryPriority(t *testing.T) {
	r := Simulate(ambulanceConfig())
	c1, c2 := metric(t, r, "ambulance_response_mean_minutes_cat1"), metric(t, r, "ambulance_response_mean_minutes_cat2")
	if !(c1 < c2) {
		t.Errorf("category 1 mean response %v minutes, category 2 %v; want category 1 shorter", c1, c2)
	}
}

// More crews: shorter responses.
func TestAmbulanceCrewsShortenResponses(t *testing.T) {
	c := ambulanceConfig()
	a := metric(t, Simulate(c), "ambulance_response_mean_minutes_cat2")
	c.Ambulance.CrewsPer100k *= 1.5
	if b := metric(t, Simulate(c), "ambulance_response_mean_minutes_cat2"); !(b < a) {
		t.Errorf("category 2 response %v minutes with 50%% more crews, %v before; want shorter", b, a)
	}
}

// The chain, step 1: more delayed discharges leave fewer usable beds, so
// conveyed patients to admit wait longer in the department, which holds
// its places, and handovers at the door take longer. The delays are
// lengthened through the assessments on the discharge pathways alone,
// eightfold, so that occupancy reaches England's (about 0.915 from 0.85).
// Release to respond is off here: it caps the wait at the door by design,
// and with it at 45 minutes the chain is faint at this occupancy (mean
// handover 33.6 and 33.7 minutes over seeds 1-2; docs/validation.md).
func TestChainDelayedDischargesLengthenHandovers(t *testing.T) {
	c := ambulanceConfig()
	c.Ambulance.ReleaseMinutes = 0
	base := Simulate(c)
	c.Discharge.AssessmentDays *= 8
	slow := Simulate(c)
	for _, name := range []string{"medically_fit_in_beds_per_100k", "bed_occupancy", "handover_delay_mean_minutes", "handovers_over_60_min_per_1000_conveyances"} {
		if a, b := metric(t, base, name), metric(t, slow, name); !(b > a) {
			t.Errorf("%s: %v with assessments eight times as long, %v before; want more", name, b, a)
		}
	}
}

// The chain, step 2: longer handovers hold crews at the door, so the next
// category 2 caller waits longer. The handover is lengthened directly (its
// own process time), with discharge and beds as they were.
func TestChainLongerHandoversLengthenResponses(t *testing.T) {
	c := ambulanceConfig()
	base := Simulate(c)
	c.Ambulance.HandoverMinutes += 10
	slow := Simulate(c)
	for _, name := range []string{"handover_delay_mean_minutes", "ambulance_response_mean_minutes_cat2"} {
		if a, b := metric(t, base, name), metric(t, slow, name); !(b > a) {
			t.Errorf("%s: %v with handovers 10 minutes longer, %v before; want more", name, b, a)
		}
	}
	// A control, not the claim: discharge is untouched, so medically fit
	// patients in beds stay put up to noise (admissions shift in time, and
	// the binding care queues of issue 26 make that noise ±10%, not ±5%).
	if a, b := metric(t, base, "medically_fit_in_beds_per_100k"), metric(t, slow, "medically_fit_in_beds_per_100k"); math.Abs(b/a-1) > 0.10 {
		t.Errorf("medically fit patients in beds moved from %v to %v with handovers alone; want the same within 10%%", a, b)
	}
}

// The whole chain: more delayed discharges give longer category 2
// responses. One hospital's occupancy differs much from seed to seed
// (0.85-0.95 at this size), and below about 0.87 the chain barely moves
// handovers, so the claim is on the mean over three seeds, not on one.
func TestChainDelayedDischargesLengthenResponses(t *testing.T) {
	var a, b float64
	for seed := uint64(1); seed <= 3; seed++ {
		c := ambulanceConfig()
		c.Seed = seed
		a += metric(t, Simulate(c), "ambulance_response_mean_minutes_cat2") / 3
		c.Discharge.AssessmentDays *= 4
		b += metric(t, Simulate(c), "ambulance_response_mean_minutes_cat2") / 3
	}
	if !(b > a) {
		t.Errorf("category 2 response %v minutes over seeds 1-3 with assessments four times as long, %v before; want longer", b, a)
	}
}

// The handover crosses the boundary between the ambulance service and the
// hospital: without shared records it loses information as often as a
// discharge's hand-off does, and takes longer.
func TestSharedRecordsShortenHandovers(t *testing.T) {
	c := ambulanceConfig()
	c.Ambulance.InformationLossMinutes = 30
	a := metric(t, Simulate(c), "handover_delay_mean_minutes")
	c.Discharge.SharedRecords = true
	c.Integration.SharedRecordsAdoptionYears = 0
	if b := metric(t, Simulate(c), "handover_delay_mean_minutes"); !(b < a) {
		t.Errorf("mean handover %v minutes with shared records, %v without; want shorter", b, a)
	}
}

// The service's parameters that are set up at the start cannot change on
// a timeline.
func TestAmbulanceFixedMidRun(t *testing.T) {
	for _, p := range []string{"ambulance.service", "ambulance.crews_per_100k", "ambulance.ed_places_per_100k"} {
		if why := FixedMidRun(p); !strings.Contains(why, "start") {
			t.Errorf("FixedMidRun(%q) = %q; want it fixed at the start", p, why)
		}
	}
	if why := FixedMidRun("ambulance.handover_minutes"); why != "" {
		t.Errorf("ambulance.handover_minutes is fixed mid-run (%q); want it free to change", why)
	}
}

// Shared dispatch makes a local system's crews one fleet: with no extra
// journey for a crew from another catchment, category 2 responses are
// shorter than with each catchment's crews alone. Without it, the extra
// journey changes nothing.
func TestSharedDispatchPoolsCrews(t *testing.T) {
	c := ambulanceConfig()
	c.Population.Patients = 900000 // one local system: three catchments
	base := Simulate(c)
	c.Ambulance.CrossCatchmentMinutes = 0
	if got, want := summary(Simulate(c)), summary(base); got != want {
		t.Errorf("cross_catchment_minutes changed a run without shared dispatch:\n%s\nvs\n%s", got, want)
	}
	c.Ambulance.SharedDispatch = true
	a, b := metric(t, base, "ambulance_response_mean_minutes_cat2"), metric(t, Simulate(c), "ambulance_response_mean_minutes_cat2")
	if !(b < a) {
		t.Errorf("category 2 response %v minutes with shared dispatch, %v without; want shorter", b, a)
	}
}

// Release to respond (ambulance.release_minutes): off (0), or with a time
// no crew waits, nothing changes; when departments are short of places,
// crews that hand over to a corridor after a while reach the next
// category 2 caller sooner, and no wait at the door lasts much beyond the
// release (the handover's own time, a mean of 20 minutes, comes after).
func TestReleaseToRespond(t *testing.T) {
	c := ambulanceConfig()
	// The events metric counts the looks at the door, which find no one.
	noEvents := func(r *Result) string {
		var b strings.Builder
		for line := range strings.Lines(summary(r)) {
			if !strings.HasPrefix(line, "events ") {
				b.WriteString(line)
			}
		}
		return b.String()
	}
	c.Ambulance.ReleaseMinutes = 0
	off := noEvents(Simulate(c))
	c.Ambulance.ReleaseMinutes = 6000
	if got := noEvents(Simulate(c)); got != off {
		t.Errorf("release after 100 hours changed a run where no crew waits that long:\n%s\nvs\n%s", got, off)
	}
	c.Ambulance.ReleaseMinutes = 0
	c.Ambulance.EDPlacesPer100k = 2.5 // 8 places: long waits at the door
	base := Simulate(c)
	c.Ambulance.ReleaseMinutes = 30
	rel := Simulate(c)
	if a, b := metric(t, base, "ambulance_response_mean_minutes_cat2"), metric(t, rel, "ambulance_response_mean_minutes_cat2"); !(b < a) {
		t.Errorf("category 2 response %v minutes with release after 30 minutes, %v without; want shorter", b, a)
	}
	if a, b := metric(t, base, "handover_delay_mean_minutes"), metric(t, rel, "handover_delay_mean_minutes"); !(b < a && b < 30+c.Ambulance.HandoverMinutes+10) {
		t.Errorf("mean handover %v minutes with release after 30 minutes, %v without; want shorter, and under the release plus the handover's own time", b, a)
	}
}

// Solo responders (ambulance.rapid_responders_per_100k): with no category 1
// calls they are never sent and change nothing, byte for byte; with crews
// held at the door, they reach category 1 calls sooner, since the clock
// stops at the first arrival, and category 2, which they do not attend,
// is left within noise.
func TestRapidResponders(t *testing.T) {
	c := ambulanceConfig()
	c.Ambulance.CategoryShares = [4]float64{0, 0.7, 0.25, 0.05}
	off := summary(Simulate(c))
	c.Ambulance.RapidRespondersPer100k = 1
	if got := summary(Simulate(c)); got != off {
		t.Errorf("solo responders changed a run without category 1 calls:\n%s\nvs\n%s", got, off)
	}
	c = ambulanceConfig()
	base := Simulate(c)
	c.Ambulance.RapidRespondersPer100k = 0.6
	with := Simulate(c)
	if a, b := metric(t, base, "ambulance_response_mean_minutes_cat1"), metric(t, with, "ambulance_response_mean_minutes_cat1"); !(b < a) {
		t.Errorf("category 1 response %v minutes with solo responders, %v without; want shorter", b, a)
	}
	if a, b := metric(t, base, "ambulance_response_mean_minutes_cat2"), metric(t, with, "ambulance_response_mean_minutes_cat2"); math.Abs(b/a-1) > 0.1 {
		t.Errorf("category 2 response %v minutes with solo responders, %v without; want the same within 10%%", b, a)
	}
	// Sharing the fleet takes no responder from a category 1 call: when
	// a crew comes from another catchment, the local responder goes too,
	// and the clock stops at the first arrival. So in a local system of
	// three catchments, shared dispatch answers category 1 no slower than
	// separate fleets with the same responders (a rule that sent the
	// neighbour's crew instead of the responder made it slower: 7.99
	// against 7.60 minutes here).
	c.Population.Patients = 900000
	separate := metric(t, Simulate(c), "ambulance_response_mean_minutes_cat1")
	c.Ambulance.SharedDispatch = true
	if shared := metric(t, Simulate(c), "ambulance_response_mean_minutes_cat1"); shared > separate {
		t.Errorf("category 1 response %v minutes with shared dispatch and solo responders, %v with separate fleets; want no slower", shared, separate)
	}
}

// Ambulance services as organisations: each carries a board and a
// contract, one service per ambulance.population_per_service patients, so
// services of a catchment each cost more per head than services of a
// region, and activity payment adds its administration. Without the
// service the line is 0.
func TestAmbulanceServicesCost(t *testing.T) {
	c := small()
	c.Run.Years, c.Run.WarmupYears = 1, 0.5
	cost := func(c Config) float64 { return metric(t, Simulate(c), "cost_per_head_ambulance_services") }
	if v := cost(c); v != 0 {
		t.Errorf("cost_per_head_ambulance_services = %v without the service; want 0", v)
	}
	c.Ambulance.Service = true
	c.Ambulance.PopulationPerService = 5e6
	region := cost(c)
	want := (c.Market.ProviderFixedCost + c.Contracts.HospitalContractCost) / 5e6
	if c.Contracts.Payment == PaymentActivity {
		want += c.Contracts.ActivityCostPerOrg / 5e6
	}
	if math.Abs(region/want-1) > 1e-9 {
		t.Errorf("cost per head %v with a service per 5 million; want board and contract over 5 million, %v", region, want)
	}
	c.Ambulance.PopulationPerService = 3e5
	if local := cost(c); math.Abs(local/region-5e6/3e5) > 1e-6 {
		t.Errorf("cost per head %v with a service per 300,000, %v per 5 million; want %v times", local, region, 5e6/3e5)
	}
	for _, p := range []Payment{PaymentBlock, PaymentActivity} {
		c.Contracts.Payment = p
		v := cost(c)
		want := (c.Market.ProviderFixedCost + c.Contracts.HospitalContractCost) / 3e5
		if p == PaymentActivity {
			want += c.Contracts.ActivityCostPerOrg / 3e5
		}
		if math.Abs(v/want-1) > 1e-9 {
			t.Errorf("payment %s: cost per head %v; want %v", p, v, want)
		}
	}
}
