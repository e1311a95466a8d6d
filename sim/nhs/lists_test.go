package nhs

import (
	"math"
	"testing"
	"unsafe"
)

// Every patient who dies of an emergency stay is replaced when the stay
// ends, and only they: without deaths nobody is, and with them the
// replacements in the window match the deaths (the few whose stay ends
// outside the window aside).
func TestDeathsReplacePatients(t *testing.T) {
	c := small()
	c.GP.ListTurnover = 0
	c.Hospitals.Mortality30dByAge, c.Hospitals.SpecialistMortality30d = [NAges]float64{}, 0
	if got := metric(t, Simulate(c), "deaths_replaced_per_1000"); got != 0 {
		t.Errorf("%v deaths replaced per 1,000 with no deaths; want 0", got)
	}
	c.Hospitals.Mortality30dByAge = [NAges]float64{0.5, 0.5, 0.5, 0.5, 0.5}
	c.Hospitals.SpecialistMortality30d = 0.5
	m := build(c)
	var deaths, replaced int64
	for _, sp := range m.markets() {
		p := m.part(sp)
		p.run()
		deaths += p.stats.Deaths
		replaced += p.stats.Replaced
	}
	if deaths < 100 || math.Abs(float64(replaced-deaths)) > 0.05*float64(deaths) {
		t.Errorf("%d deaths in the window and %d patients replaced; want them within 5%%", deaths, replaced)
	}
}

// List turnover moves patients away at its rate (less the few in a bed or
// just out of one), and the start is its stationary state: with queue
// booking, no GP turnover and no deaths, the mean relationship length is
// about 1/rate and stays so as the run goes on, where without turnover it
// grows a year a year.
func TestListTurnoverIsStationary(t *testing.T) {
	c := small()
	c.GP.Booking = BookingQueue
	c.GP.TurnoverRate = 0
	c.Hospitals.Mortality30dByAge, c.Hospitals.SpecialistMortality30d = [NAges]float64{}, 0
	c.GP.ListTurnover = 0.2
	r := Simulate(c)
	if got := metric(t, r, "list_moves_per_1000"); math.Abs(got-200) > 10 {
		t.Errorf("%v moves per 1,000 patient-years at list_turnover_per_year 0.2; want about 200", got)
	}
	a := metric(t, r, "relationship_years_mean")
	c.Run.Years += 3
	b := metric(t, Simulate(c), "relationship_years_mean")
	if math.Abs(a-5) > 0.25 || math.Abs(b-a) > 0.25 {
		t.Errorf("relationship_years_mean %v after %v years and %v after 3 more at turnover 0.2; want both about 5", a, c.Run.Years-3, b)
	}
	c.GP.ListTurnover = 0
	if got := metric(t, Simulate(c), "list_moves_per_1000"); got != 0 {
		t.Errorf("%v moves per 1,000 with list_turnover_per_year 0; want 0", got)
	}
}

// A newcomer's tie to general practice starts fresh, and the stay fields
// are left to the stay: stayOf decodes a death's mark, and a patient in a
// bed or just out of one does not move.
func TestNewcomerAndStayFields(t *testing.T) {
	c := small()
	m := build(c)
	m = m.part(m.markets()[0])
	const i = 7
	m.pt.gp[i] = gpTie{relStart: 3, lastOther: 4, nUsual: 5, nOther: 6, pref: 1, hold: 2}
	m.pt.acsc[i] = 3
	m.newcomer(m.practiceOf(i), i, 100)
	if tie := m.pt.gp[i]; tie.pref != noGP || tie.hold != 0 || tie.nUsual != 0 || tie.nOther != 0 || tie.relStart != 100 || !math.IsInf(float64(tie.lastOther), -1) || m.pt.acsc[i] != 0 {
		t.Errorf("newcomer's tie %+v, ACSC count %d; want no preferred GP, no history", tie, m.pt.acsc[i])
	}
	rd := c.Hospitals.ReadmissionDays
	for _, tc := range []struct {
		name              string
		admitted, lastOut float64
		died, settled     bool
	}{
		{"never admitted", math.Inf(-1), math.Inf(-1), false, true},
		{"in a bed", 90, 20, false, false},
		{"in a bed, dying", 90, 20, true, false},
		{"fit, waiting to leave", 90, 99, false, false},
		{"just discharged", 90, 100 - rd, false, false},
		{"discharged long ago", 10, 20, false, true},
	} {
		m.pt.admitted[i], m.pt.lastOut[i] = float32(tc.admitted), float32(tc.lastOut)
		if tc.died {
			m.markDied(i)
		}
		start, died := m.stayOf(i)
		if start != tc.admitted || died != tc.died {
			t.Errorf("%s: stayOf = %v, %v; want %v, %v", tc.name, start, died, tc.admitted, tc.died)
		}
		if got := m.settled(i, 100); got != tc.settled {
			t.Errorf("%s: settled = %v, want %v", tc.name, got, tc.settled)
		}
	}
}

// Lists grow from new housing at list_growth_per_year, and every rate is
// over the patients actually registered: with the continuity effects off
// (so that busier GPs cannot move admissions), emergency admissions per
// 1,000 patient-years are the same with growth as without, as they would
// not be over the starting population. No newcomer finds their type's
// reserve full, and with the growth in a share of practices those are the
// practices whose list grew.
func TestListGrowth(t *testing.T) {
	c := small()
	c.Population.Patients = 120000
	c.Run.Years = 4
	c.Continuity.RelationshipElasticity, c.Continuity.DiscontinuityOR = 0, 1
	c.GP.MergerRate = 0
	base := Simulate(c)
	c.GP.ListGrowth = 0.1
	m := build(c)
	var lost int64
	for _, sp := range m.markets() {
		p := m.part(sp)
		p.run()
		lost += p.stats.GrowthLost
		m.stats.add(&p.stats)
	}
	if lost != 0 {
		t.Errorf("%d newcomers found their type's reserve full", lost)
	}
	grown := m.result()
	total := 0
	for _, p := range grown.Practices {
		total += p.ListSize
	}
	want := float64(c.Population.Patients) * math.Pow(1.1, c.Run.Years)
	if math.Abs(float64(total)-want) > 0.01*want {
		t.Errorf("%d patients registered at the horizon at 10%% growth a year; want about %.0f", total, want)
	}
	// The mean over the window 1-4 of a list growing 10% a year.
	mean := float64(c.Population.Patients) * (math.Pow(1.1, 4) - 1.1) / math.Log(1.1) / 3
	if got := metric(t, grown, "patients"); math.Abs(got-mean) > 0.01*mean {
		t.Errorf("patients %v with growth; want the window's mean, about %.0f", got, mean)
	}
	for _, name := range []string{"emergency_admissions_per_1000", "gp_consultations_per_person_year"} {
		a, b := metric(t, base, name), metric(t, grown, name)
		if math.Abs(b-a) > 0.03*a {
			t.Errorf("%s %v with 10%% list growth a year, %v without; want the same within 3%%", name, b, a)
		}
	}
	c.GP.ListGrowthShare = 0.3
	r := Simulate(c)
	n, growing := 0, 0
	for _, p := range r.Practices {
		n++
		if p.Grown {
			growing++
		}
	}
	if share := float64(growing) / float64(n); math.Abs(share-0.3) > 0.15 {
		t.Errorf("%d of %d practices grew with list_growth_share 0.3", growing, n)
	}
	if math.IsNaN(metric(t, r, "upc_mean_stable_practices")) || math.IsNaN(metric(t, r, "upc_mean_growing_practices")) {
		t.Error("with growth in a share of practices, both growing and stable practices should have a mean UPC")
	}
}

// A newcomer's registration day rides in the padding of the 16-byte GP
// tie (no memory per patient), and their exposure counts from it.
func TestNewcomerExposure(t *testing.T) {
	if n := unsafe.Sizeof(gpTie{}); n != 16 {
		t.Errorf("gpTie is %d bytes; want 16 (one read a booking)", n)
	}
	c := small() // window: years 1 to 3
	m := build(c)
	m = m.part(m.markets()[0])
	const i = 11
	if got := m.exposure(i); got != 2 {
		t.Errorf("a patient registered from the start is exposed %v years; want the window's 2", got)
	}
	m.newcomer(m.practiceOf(i), i, 2*DaysPerYear)
	if got := m.exposure(i); math.Abs(got-1) > 2/DaysPerYear {
		t.Errorf("a newcomer of year 2 is exposed %v years; want 1", got)
	}
	m.newcomer(m.practiceOf(i), i, 100)
	if got := m.exposure(i); got != 2 {
		t.Errorf("a newcomer of the warm-up is exposed %v years; want 2", got)
	}
}
