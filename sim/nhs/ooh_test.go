package nhs

import (
	"math"
	"testing"
)

// oohConfig is a local system of three hospital catchments of 40,000
// patients with out-of-hours general practice on, each contact taking
// three times its default clinician time, so that a catchment's one
// clinician is busy most of the out-of-hours period and requests overflow
// often enough to compare in a short run.
func oohConfig() Config {
	c := small()
	c.Population.Patients = 120000
	c.Market.HospitalsPerMarket = 3
	c.OutOfHours.Service = true
	c.OutOfHours.ContactMinutes *= 3
	return c
}

// oohMetrics are the metrics out-of-hours general practice adds.
var oohMetrics = []string{"ooh_contacts_per_1000", "ooh_admissions_per_1000", "ooh_overflow_per_1000"}

func TestOOHPeriodEnd(t *testing.T) {
	for _, tc := range []struct{ t, want float64 }{
		{0, oohOpen},                      // Monday night runs to 08:00
		{oohClose, 1 + oohOpen},           // Monday evening to Tuesday morning
		{3 + oohClose, 4 + oohOpen},       // Thursday evening to Friday morning
		{4 + oohClose, 7 + oohOpen},       // Friday evening to Monday morning
		{5.5, 7 + oohOpen},                // Saturday midday
		{7 + oohOpen - 1e-9, 7 + oohOpen}, // just before Monday's opening
	} {
		if got := oohPeriodEnd(tc.t); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("oohPeriodEnd(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	// A week has 115.5 hours out of practice hours.
	if got := oohHoursShare * 168; math.Abs(got-115.5) > 1e-9 {
		t.Errorf("out-of-hours hours a week = %v, want 115.5", got)
	}
}

// With the service off, its parameters change nothing, and its metrics
// have no value and its cost none.
func TestOOHOffChangesNothing(t *testing.T) {
	c := small()
	base := Simulate(c)
	c.OutOfHours = OutOfHours{
		SingleService: true, RequestsPer1000: 900, RelationshipElasticity: 1, ClinicianHoursPer100k: 1,
		ContactMinutes: 300, MaxWaitHours: 0.1, AdmissionShare: 0.9, LostInformationAdmissionRR: 3,
		EDAdmissionRR: 5, Overflow999Share: 1, ShareOfEmergencyAdmissions: 0.5, ServiceFixedCost: 1e7,
	}
	if got, want := summary(Simulate(c)), summary(base); got != want {
		t.Errorf("out-of-hours parameters changed a run without the service:\n%s\nvs\n%s", got, want)
	}
	for _, name := range oohMetrics {
		if v := metric(t, base, name); !math.IsNaN(v) {
			t.Errorf("%s = %v without the service; want no value", name, v)
		}
	}
	if v := metric(t, base, "cost_per_head_ooh_services"); v != 0 {
		t.Errorf("cost_per_head_ooh_services = %v without the service; want 0", v)
	}
}

// At the default capacity the service takes almost every request, and its
// admissions stand in for the share of emergency admissions they are
// taken from: the total moves by little.
func TestOOHKeepsAdmissions(t *testing.T) {
	c := small()
	c.Population.Patients = 120000
	c.OutOfHours.Service = true
	on := Simulate(c)
	c.OutOfHours.Service = false
	off := Simulate(c)
	a, b := metric(t, on, "emergency_admissions_per_1000"), metric(t, off, "emergency_admissions_per_1000")
	if math.Abs(a/b-1) > 0.03 {
		t.Errorf("emergency admissions per 1,000: %v with the out-of-hours service, %v without; want within 3%%", a, b)
	}
	contacts, overflow := metric(t, on, "ooh_contacts_per_1000"), metric(t, on, "ooh_overflow_per_1000")
	if !(contacts > 80 && contacts < 140) || !(overflow < 0.01*contacts) {
		t.Errorf("%v contacts and %v overflows per 1,000; want about 108 contacts and almost no overflow", contacts, overflow)
	}
	share := metric(t, on, "ooh_admissions_per_1000") / contacts
	if math.Abs(share-0.055) > 0.01 {
		t.Errorf("admissions per contact %v; want about 0.055", share)
	}
}

// Fewer clinician hours: fewer contacts, more requests sent to the
// emergency department or 999, and so more emergency admissions; with none,
// every request goes there.
func TestOOHCapacity(t *testing.T) {
	var contacts, overflow, admissions []float64
	hours := []float64{105, 60, 30, 0}
	for _, h := range hours {
		// One catchment of 300,000: 3, 2, 1 and no clinicians on duty.
		c := small()
		c.Population.Patients = 300000
		c.Hospitals.PracticesPerHospital = 60
		c.Run.Years, c.Run.WarmupYears = 2, 0.5
		c.OutOfHours.Service = true
		c.OutOfHours.ClinicianHoursPer100k = h
		r := Simulate(c)
		contacts = append(contacts, metric(t, r, "ooh_contacts_per_1000"))
		overflow = append(overflow, metric(t, r, "ooh_overflow_per_1000"))
		admissions = append(admissions, metric(t, r, "emergency_admissions_per_1000"))
	}
	for i := 1; i < len(hours); i++ {
		if !(contacts[i] < contacts[i-1]) || !(overflow[i] > overflow[i-1]) || !(admissions[i] > admissions[i-1]) {
			t.Errorf("%v hours: %v contacts, %v overflows, %v admissions per 1,000; %v hours: %v, %v, %v; want fewer contacts, more overflows and more admissions with fewer hours",
				hours[i-1], contacts[i-1], overflow[i-1], admissions[i-1], hours[i], contacts[i], overflow[i], admissions[i])
		}
	}
	if contacts[len(hours)-1] != 0 {
		t.Errorf("%v contacts per 1,000 with no clinicians; want none", contacts[len(hours)-1])
	}
}

// One service for the local system, at the same clinicians: fewer
// requests overflow (a request takes a free clinician of another
// catchment), fewer contacts end in an admission (one boundary to lose
// information at, not two), and two services' running costs and contracts
// fewer.
func TestOOHSingleService(t *testing.T) {
	c := oohConfig()
	split := Simulate(c)
	c.OutOfHours.SingleService = true
	single := Simulate(c)
	perContact := func(r *Result) float64 {
		return metric(t, r, "ooh_admissions_per_1000") / metric(t, r, "ooh_contacts_per_1000")
	}
	for _, tc := range []struct {
		name        string
		split, one  float64
		wantOneLess bool
	}{
		{"ooh_overflow_per_1000", metric(t, split, "ooh_overflow_per_1000"), metric(t, single, "ooh_overflow_per_1000"), true},
		{"ooh_contacts_per_1000", metric(t, split, "ooh_contacts_per_1000"), metric(t, single, "ooh_contacts_per_1000"), false},
		{"admissions per contact", perContact(split), perContact(single), true},
		{"cost_per_head_ooh_services", metric(t, split, "cost_per_head_ooh_services"), metric(t, single, "cost_per_head_ooh_services"), true},
	} {
		if tc.wantOneLess != (tc.one < tc.split) || tc.one == tc.split {
			t.Errorf("%s: %v with a service per catchment, %v with one service; want one service %s", tc.name, tc.split, tc.one, map[bool]string{true: "lower", false: "higher"}[tc.wantOneLess])
		}
	}
}

// Shared records in full use: no information is lost at the hand-off, so
// fewer contacts end in an admission; and a stronger relationship effect
// thins more requests.
func TestOOHRecordsAndContinuity(t *testing.T) {
	c := oohConfig()
	base := Simulate(c)
	rec := c
	rec.Discharge.SharedRecords = true
	rec.Integration.SharedRecordsAdoptionYears = 0
	shared := Simulate(rec)
	perContact := func(r *Result) float64 {
		return metric(t, r, "ooh_admissions_per_1000") / metric(t, r, "ooh_contacts_per_1000")
	}
	if b, s := perContact(base), perContact(shared); !(s < b) {
		t.Errorf("admissions per contact %v without shared records, %v with; want fewer with", b, s)
	}
	flat := c
	flat.OutOfHours.RelationshipElasticity = 0
	if b, f := metric(t, base, "ooh_contacts_per_1000"), metric(t, Simulate(flat), "ooh_contacts_per_1000"); !(b < f) {
		t.Errorf("%v contacts per 1,000 with the relationship effect, %v without; want fewer with", b, f)
	}
}

// With no out-of-hours clinicians in reach, a share of the requests call
// 999: with the ambulance service they are incidents, most of them not
// conveyed (only those to be admitted are), so the share conveyed falls
// and the crews are busier.
func TestOOHOverflowFeeds999(t *testing.T) {
	c := ambulanceConfig()
	c.OutOfHours.Service = true
	with := Simulate(c)
	c.OutOfHours.ClinicianHoursPer100k = 0
	without := Simulate(c)
	if a, b := metric(t, with, "conveyance_rate"), metric(t, without, "conveyance_rate"); !(b < a) {
		t.Errorf("conveyance_rate %v with out-of-hours clinicians, %v with none; want lower with none", a, b)
	}
	if a, b := metric(t, with, "ambulance_response_mean_minutes_cat2"), metric(t, without, "ambulance_response_mean_minutes_cat2"); !(b > a) {
		t.Errorf("category 2 response %v minutes with out-of-hours clinicians, %v with none; want longer with none", a, b)
	}
}
