package nhs

import (
	"math"
	"testing"
)

// gpSmall is the session-booking model at a size where continuity is
// measured on many patients; the practices do not merge unless a test says.
func gpSmall() Config {
	c := small()
	c.GP.MergerRate = 0
	return c
}

// The general-practice mechanisms move continuity in the direction their
// evidence says, all else (and every random stream) equal.
func TestGPMechanisms(t *testing.T) {
	tests := []struct {
		name    string
		metric  string
		set     func(c *Config) // the low setting; the base is the high
		base    func(c *Config)
		lowerBy float64 // the low setting's value is at least this much below the base's
	}{
		{
			name:   "turnover raises consultations with other GPs",
			metric: "preferred_gp_share",
			base:   func(c *Config) { c.GP.TurnoverRate = 0 },
			set:    func(c *Config) { c.GP.TurnoverRate = 0.4 },
		},
		{
			name:    "personal lists raise UPC",
			metric:  "upc_mean",
			base:    func(c *Config) { c.GP.PooledBookingShare = 0 },
			set:     func(c *Config) { c.GP.PooledBookingShare = 0.8 },
			lowerBy: 0.05,
		},
		{
			name:   "tolerating a wait for the preferred GP raises continuity",
			metric: "upc_mean_aged_65_79",
			base: func(c *Config) {
				c.GP.ToleranceDays = [NAges]float64{14, 14, 14, 14, 14}
				c.GP.UrgentShare = 0
			},
			set: func(c *Config) {
				c.GP.ToleranceDays = [NAges]float64{}
				c.GP.MultimorbidityToleranceDays = 0
				c.GP.UrgentShare = 0
			},
			lowerBy: 0.05,
		},
		{
			name:   "uncovered vacancies lengthen waits",
			metric: "gp_wait_mean_days",
			base:   func(c *Config) { c.GP.TurnoverRate, c.GP.LocumCover = 0.3, 0 },
			set:    func(c *Config) { c.GP.TurnoverRate, c.GP.LocumCover = 0.3, 1 },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := gpSmall()
			tc.base(&c)
			hi := metric(t, Simulate(c), tc.metric)
			c = gpSmall()
			tc.set(&c)
			lo := metric(t, Simulate(c), tc.metric)
			if !(lo < hi-tc.lowerBy) {
				t.Errorf("%s: %v with the change, %v without; want it lower by more than %v", tc.metric, lo, hi, tc.lowerBy)
			}
		})
	}
}

// A vacant post covered by a locum keeps its appointments, but a locum
// never becomes anyone's preferred GP: with every post vacant and covered
// from the start of the window, no consultation after the old GPs leave is
// with a preferred GP, yet patients are still seen.
func TestLocumsHaveNoList(t *testing.T) {
	c := gpSmall()
	c.GP.LocumCover, c.GP.VacancyMonths = 1, 1e4 // never refilled in the run
	c.GP.TurnoverRate, c.GP.TurnoverCV = 50, 0   // every GP leaves within days
	r := Simulate(c)
	if got := metric(t, r, "preferred_gp_share"); got > 0.001 {
		t.Errorf("preferred_gp_share %v with only locums in post; want 0", got)
	}
	if got := metric(t, r, "gp_consultations_per_person_year"); got < 4 {
		t.Errorf("%v consultations per person-year with locum cover; want the usual 5 or so", got)
	}
	c.GP.LocumCover = 0
	if got := metric(t, Simulate(c), "gp_consultations_per_person_year"); got > 0.5 {
		t.Errorf("%v consultations per person-year with no GP and no locum; want almost none", got)
	}
}

// Practices that take over their neighbours grow; mergers and closures
// happen at about their rate, and the practice table adds up.
func TestMergersAndPracticeTable(t *testing.T) {
	c := gpSmall()
	c.Population.Patients, c.Population.PracticeSize = 120000, 3000
	c.GP.MergerRate = 0.2
	r := Simulate(c)
	total, grown := 0, 0
	for _, p := range r.Practices {
		total += p.ListSize
		if p.Grown {
			grown++
		}
	}
	if total != c.Population.Patients {
		t.Errorf("practices.csv lists %d patients, want %d", total, c.Population.Patients)
	}
	if grown == 0 {
		t.Error("no practice grew with merger_rate 0.2")
	}
	if n := metric(t, r, "practice_mergers_per_year") + metric(t, r, "practice_closures_per_year"); n == 0 {
		t.Error("no take-overs counted")
	}
	for _, name := range []string{"upc_mean_growing_practices", "upc_mean_stable_practices"} {
		if v := metric(t, r, name); math.IsNaN(v) || v <= 0 || v > 1 {
			t.Errorf("%s = %v", name, v)
		}
	}
}

// spread lays sessions in one run of half-days.
func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		sessions uint8
		off      int
		want     [5]uint8
	}{
		{9, 0, [5]uint8{2, 2, 2, 2, 1}},
		{4, 9, [5]uint8{2, 1, 0, 0, 1}},
		{3, 1, [5]uint8{1, 2, 0, 0, 0}},
		{0, 5, [5]uint8{}},
	} {
		if got := spread(tc.sessions, tc.off); got != tc.want {
			t.Errorf("spread(%d, %d) = %v, want %v", tc.sessions, tc.off, got, tc.want)
		}
	}
}

// The ACSC-by-UPC comparison within patient type undoes confounding by
// type. Young patients (type 0) have low UPC and few admissions, old ones
// (type 1) high UPC and many, so over everyone the highest third of UPC
// has more admissions; within each type the lowest third has twice the
// highest's, and the standardised rates say so.
func TestACSCByUPCWithinType(t *testing.T) {
	m := model{horizon: DaysPerYear} // a window of one year
	add := func(typ uint8, usual uint16, n, admitted int) {
		for i := range n {
			m.pt.typ = append(m.pt.typ, typ)
			m.pt.gp = append(m.pt.gp, gpTie{nUsual: usual, nOther: 10 - usual})
			a := uint8(0)
			if i < admitted {
				a = 1
			}
			m.pt.acsc = append(m.pt.acsc, a)
		}
	}
	add(0, 1, 100, 2) // UPC 0.1: 2 admissions per 100
	add(0, 2, 100, 0)
	add(0, 3, 100, 1) // UPC 0.3: 1 per 100
	add(1, 7, 100, 20)
	add(1, 8, 100, 0)
	add(1, 9, 100, 10)
	low, high := m.acscByUPCWithinType()
	// Each type is half the patients: (20 + 200)/2 and (10 + 100)/2 per 1,000.
	if math.Abs(low-110) > 1e-9 || math.Abs(high-55) > 1e-9 {
		t.Errorf("within type: lowest third %v, highest %v per 1,000; want 110 and 55", low, high)
	}
}

// lineAtMost, which leaves past departures in the line, answers as waiting,
// which removes them, for lines of every length, with and without past
// departures left in them, at every tolerance.
func TestLineAtMostAgreesWithWaiting(t *testing.T) {
	line := func(past, ahead int) *gp {
		d := &gp{}
		for i := range past {
			d.departures.Push(float64(i)) // departed before time 10
		}
		for i := range ahead {
			d.departures.Push(10.5 + float64(i))
		}
		return d
	}
	for past := range 4 {
		for ahead := range 7 {
			for n := range 6 {
				got := line(past, ahead).lineAtMost(10, n)
				want := line(past, ahead).waiting(10) <= n
				if got != want {
					t.Errorf("%d past, %d ahead: lineAtMost(10, %d) = %v, waiting <= %d is %v", past, ahead, n, got, n, want)
				}
			}
		}
	}
}
