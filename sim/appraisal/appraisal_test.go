package appraisal

import (
	"fmt"
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Discount factors against values worked by hand.
func TestDiscountFactors(t *testing.T) {
	tests := []struct {
		name string
		r    Rate
		n    int
		want float64
	}{
		{"year 0 is the base year", Rate{Rate: 0.035}, 0, 1},
		{"3.5%, year 1", Rate{Rate: 0.035}, 1, 1 / 1.035},
		// 1.035^10 = 1.410598761...
		{"3.5%, year 10", Rate{Rate: 0.035}, 10, 0.708918813},
		// 1.015^10 = 1.160540825...
		{"1.5%, year 10", Rate{Rate: 0.015}, 10, 0.861667232},
		{"declining changes nothing to year 31", Rate{Rate: 0.035, Declining: true}, 31, math.Pow(1.035, -31)},
		// 31 years at 3.5%, then year 31 at 3.0%: 1.035^-31 / 1.03
		{"declining, year 32", Rate{Rate: 0.035, Declining: true}, 32, math.Pow(1.035, -31) / 1.03},
		// health: 31 years at 1.5%, 45 at 1.2857%, 4 at 1.0714%
		{"declining health, year 80", Rate{Rate: 0.015, Declining: true}, 80,
			math.Pow(1.015, -31) * math.Pow(1+0.015*3/3.5, -45) * math.Pow(1+0.015*2.5/3.5, -4)},
		{"no discounting", Rate{}, 50, 1},
	}
	for _, tc := range tests {
		if got := tc.r.Factor(tc.n); !near(got, tc.want, 1e-9) {
			t.Errorf("%s: Factor(%d) = %.9f, want %.9f", tc.name, tc.n, got, tc.want)
		}
		if fs := tc.r.Factors(tc.n + 1); !near(fs[tc.n], tc.want, 1e-9) {
			t.Errorf("%s: Factors(%d)[%d] = %.9f, want %.9f", tc.name, tc.n+1, tc.n, fs[tc.n], tc.want)
		}
	}
}

// The Green Book's declining schedule, by year, at the standard and the
// health rates.
func TestDecliningSchedule(t *testing.T) {
	tests := []struct {
		n           int
		std, health float64
	}{
		{0, 0.035, 0.015}, {30, 0.035, 0.015}, {31, 0.030, 0.0129}, {75, 0.030, 0.0129},
		{76, 0.025, 0.0107}, {126, 0.020, 0.0086}, {201, 0.015, 0.0064}, {301, 0.010, 0.0043},
	}
	for _, tc := range tests {
		if got := (Rate{0.035, true}).Year(tc.n); !near(got, tc.std, 1e-12) {
			t.Errorf("standard rate in year %d = %v, want %v", tc.n, got, tc.std)
		}
		if got := (Rate{0.015, true}).Year(tc.n); !near(got, tc.health, 5e-5) {
			t.Errorf("health rate in year %d = %v, want %v", tc.n, got, tc.health)
		}
	}
}

func TestPresent(t *testing.T) {
	// 100 a year for three years at 3.5%: 100 + 100/1.035 + 100/1.035^2
	got := Rate{Rate: 0.035}.Present([]float64{100, 100, 100})
	if want := 100 + 96.618357488 + 93.351070036; !near(got, want, 1e-6) {
		t.Errorf("Present = %.9f, want %.9f", got, want)
	}
}

// The QALY arithmetic on a toy life table: half die in their first year,
// the rest in their second.
func TestDeathOnToyTable(t *testing.T) {
	lt := &LifeTable{Qx: [2][]float64{{0.5, 1}, {0.5, 1}}}
	flat := func(float64, Sex) float64 { return 0.8 }
	// Person-years: (1 + 0.5)/2 = 0.75 in the first year, (0.5 + 0)/2 =
	// 0.25 in the second.
	got := lt.Death(0, Female, 0, flat, Rate{})
	if !near(got.LifeYears, 1, 1e-12) || !near(got.QALYs, 0.8, 1e-12) {
		t.Errorf("undiscounted loss = %+v, want 1 life-year and 0.8 QALYs", got)
	}
	got = lt.Death(0, Male, 0, flat, Rate{Rate: 0.035})
	if want := 0.8 * (0.75 + 0.25/1.035); !near(got.QALYs, want, 1e-12) || !near(got.LifeYears, 1, 1e-12) {
		t.Errorf("discounted loss = %+v, want %v QALYs and 1 life-year", got, want)
	}
	// A death in year 2 of the appraisal is discounted from there.
	got = lt.Death(0, Male, 2, flat, Rate{Rate: 0.035})
	if want := 0.8 * (0.75/math.Pow(1.035, 2) + 0.25/math.Pow(1.035, 3)); !near(got.QALYs, want, 1e-12) {
		t.Errorf("loss of a death in year 2 = %v QALYs, want %v", got.QALYs, want)
	}
	// At age 1 everyone dies within the year: 0.5 person-years.
	if got := lt.Death(1, Female, 0, flat, Rate{}); !near(got.LifeYears, 0.5, 1e-12) || !near(got.QALYs, 0.4, 1e-12) {
		t.Errorf("loss at age 1 = %+v, want 0.5 life-years and 0.4 QALYs", got)
	}
	// Band 0-1 weights the ages by deaths: d_0 = 0.5 and d_1 = 0.5 of each
	// sex, so its loss is the mean of ages 0 and 1.
	band := lt.Band(0, 1, 0, flat, Rate{})
	if !near(band.LifeYears, 0.75, 1e-12) || !near(band.QALYs, 0.6, 1e-12) {
		t.Errorf("Band(0, 1) = %+v, want 0.75 life-years and 0.6 QALYs", band)
	}
}

func TestEnglandLifeExpectancy(t *testing.T) {
	lt := England()
	none := func(float64, Sex) float64 { return 1 }
	for _, tc := range []struct {
		s      Sex
		age    int
		lo, hi float64
	}{
		{Male, 0, 78.5, 80}, {Female, 0, 82.5, 84}, {Male, 65, 17.5, 19.5}, {Female, 65, 20, 22},
	} {
		e := lt.Death(tc.age, tc.s, 0, none, Rate{}).LifeYears
		if e < tc.lo || e > tc.hi {
			t.Errorf("life expectancy at %d, sex %d = %.2f, want within [%v, %v]", tc.age, tc.s, e, tc.lo, tc.hi)
		}
	}
	// Older bands lose fewer QALYs.
	prev := math.Inf(1)
	for _, b := range [][2]int{{0, 15}, {16, 44}, {45, 64}, {65, 79}, {80, maxAge - 1}} {
		l := lt.Band(b[0], b[1], 0, AraBrazier, Rate{Rate: 0.035})
		if !(l.QALYs < prev) || l.QALYs <= 0 || l.QALYs > l.LifeYears {
			t.Errorf("band %v: %+v QALYs not below %v and between 0 and its life-years", b, l, prev)
		}
		prev = l.QALYs
	}
}

func TestAraBrazier(t *testing.T) {
	// By hand: 0.9508566 + 0.0212126 - 0.0002587*50 - 0.0000332*2500
	if got, want := AraBrazier(50, Male), 0.9508566+0.0212126-0.012935-0.083; !near(got, want, 1e-12) {
		t.Errorf("AraBrazier(50, male) = %v, want %v", got, want)
	}
	if got, want := AraBrazier(80, Female), 0.9508566-0.020696-0.21248; !near(got, want, 1e-12) {
		t.Errorf("AraBrazier(80, female) = %v, want %v", got, want)
	}
}

// ICER sign conventions in all four quadrants and on the lines between.
func TestICERQuadrants(t *testing.T) {
	tests := []struct {
		p     Pair
		q     Quadrant
		value float64 // NaN where there is no ratio to report
		says  string
	}{
		{Pair{1000, 0.1}, NorthEast, 10000, "£10000 per QALY gained"},
		{Pair{-1000, 0.1}, SouthEast, math.NaN(), "dominant"},
		{Pair{-1000, -0.1}, SouthWest, 10000, "£10000 saved per QALY lost"},
		{Pair{1000, -0.1}, NorthWest, math.NaN(), "dominated"},
		{Pair{0, 0.1}, SouthEast, math.NaN(), "dominant"},
		{Pair{0, -0.1}, NorthWest, math.NaN(), "dominated"},
		{Pair{-5, 0}, SouthEast, math.NaN(), "dominant"},
		{Pair{5, 0}, NorthWest, math.NaN(), "dominated"},
		{Pair{0, 0}, Same, math.NaN(), "no difference"},
	}
	for _, tc := range tests {
		got := ICEROf(tc.p)
		if got.Quadrant != tc.q {
			t.Errorf("%+v: quadrant %v, want %v", tc.p, got.Quadrant, tc.q)
		}
		if math.IsNaN(tc.value) != math.IsNaN(got.Value) || (!math.IsNaN(tc.value) && !near(got.Value, tc.value, 1e-6)) {
			t.Errorf("%+v: ICER %v, want %v", tc.p, got.Value, tc.value)
		}
		if s := got.String(); len(s) < len(tc.says) || s[:len(tc.says)] != tc.says {
			t.Errorf("%+v: says %q, want it to start %q", tc.p, s, tc.says)
		}
		// The decision at a threshold agrees with the quadrant: in the
		// north-east, worth it iff the ICER is below the threshold; in the
		// south-west, iff the saving per QALY lost is above it.
		for _, w := range Thresholds {
			b := NMB(tc.p, w)
			switch tc.q {
			case SouthEast:
				if b < 0 {
					t.Errorf("%+v: dominant but NMB %v at %v", tc.p, b, w)
				}
			case NorthWest:
				if b > 0 {
					t.Errorf("%+v: dominated but NMB %v at %v", tc.p, b, w)
				}
			case NorthEast:
				if (b > 0) != (got.Value < w) {
					t.Errorf("%+v: NMB %v at %v against ICER %v", tc.p, b, w, got.Value)
				}
			case SouthWest:
				if (b > 0) != (got.Value > w) {
					t.Errorf("%+v: NMB %v at %v against saving per QALY %v", tc.p, b, w, got.Value)
				}
			}
		}
	}
}

func TestNMB(t *testing.T) {
	if got := NMB(Pair{Cost: 500, QALY: 0.02}, 20000); got != -100 {
		t.Errorf("NMB = %v, want -100", got)
	}
	if got := NMB(Pair{}, 70000); got != 0 {
		t.Errorf("NMB of no difference = %v, want exactly 0", got)
	}
}

func TestCEACAndEVPI(t *testing.T) {
	pairs := []Pair{{100, 0.01}, {300, 0.01}, {-50, -0.001}, {0, 0}}
	// NMB at 20,000: 100, -100, 30, 0 -> 2 positive, one half.
	// NMB at 5,000: -50, -250, 45, 0 -> 1 positive, one half.
	got := CEAC(pairs, []float64{5000, 20000})
	if want := []float64{1.5 / 4, 2.5 / 4}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CEAC = %v, want %v", got, want)
	}
	// EVPI at 20,000: mean of max(NMB, 0) = (100 + 0 + 30 + 0)/4 = 32.5;
	// mean NMB = 30/4 = 7.5; EVPI = 25.
	if got := EVPI(pairs, 20000); !near(got, 25, 1e-9) {
		t.Errorf("EVPI = %v, want 25", got)
	}
	// No uncertainty about the decision: no value in removing it.
	if got := EVPI([]Pair{{-1, 0.1}, {-2, 0.2}}, 20000); got != 0 {
		t.Errorf("EVPI with every draw on one side = %v, want 0", got)
	}
	if got := PopulationEVPI(25, 57.7e6); got != 25*57.7e6 {
		t.Errorf("PopulationEVPI = %v", got)
	}
}

// BenchmarkTenYears is what a run's appraisal does at its end for a
// 10-year window: each age band's loss in each year.
func BenchmarkTenYears(b *testing.B) {
	lt := England()
	bands := [][2]int{{0, 15}, {16, 44}, {45, 64}, {65, 79}, {80, maxAge - 1}}
	for b.Loop() {
		for n := range 10 {
			for _, bd := range bands {
				lt.Band(bd[0], bd[1], n, AraBrazier, Rate{Rate: 0.035})
			}
		}
	}
}
