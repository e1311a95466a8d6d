package nhs

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// steady is small() with constant demand: no growth and no season.
func steady() Config {
	c := small()
	c.Demand.EmergencyTrend, c.Demand.OlderGrowth, c.Demand.MultimorbidityDrift = 0, 0, 0
	c.Demand.WinterPeak = 1
	c.Demand.MonthlyProfile = flatYear
	return c
}

// flatYear is a monthly profile without a season.
var flatYear = [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

func series(t *testing.T, r *Result, name string) []float64 {
	t.Helper()
	for _, s := range r.Series {
		if s.Name == name {
			return s.Value
		}
	}
	t.Fatalf("no series %s", name)
	return nil
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// with returns c with a timeline of one change at day at, made by set.
func with(c Config, at float64, paths []string, set func(*Config)) Config {
	next := c
	set(&next)
	c.Timeline = []Change{{At: at, Paths: paths, Config: next}}
	return c
}

// A change takes effect at its time: GP demand doubled at month 24 doubles
// the monthly consultations from then on and leaves the months before as
// they were without the change (the same random draws).
func TestTimelineChangeTakesEffectOnTime(t *testing.T) {
	c := steady()
	c.Run.Years = 4
	c.GP.AppointmentsPerGPYear *= 3 // ample GP time, so consultations follow demand
	base := Simulate(c)
	changed := Simulate(with(c, 2*DaysPerYear, []string{"general_practice.consultation_rate"}, func(n *Config) { n.GP.ConsultationRate *= 2 }))
	a, b := series(t, base, "gp_consultations"), series(t, changed, "gp_consultations")
	for i := range 24 {
		if a[i] != b[i] {
			t.Fatalf("month %d before the change differs: %v vs %v", i+1, a[i], b[i])
		}
	}
	before, after := mean(a[24:]), mean(b[24:])
	if r := after / before; math.Abs(r-2) > 0.05 {
		t.Errorf("after the change consultations are %.3f× the unchanged run's, want 2", r)
	}
}

// Capacity changes on the timeline: beds cut at year 2 raise occupancy
// from then on, and occupancy is measured against the beds there were.
func TestTimelineCapacity(t *testing.T) {
	c := steady()
	c.Run.Years = 4
	cut := Simulate(with(c, 2*DaysPerYear, []string{"hospitals.beds_per_1000"}, func(n *Config) { n.Hospitals.BedsPer1000 *= 0.8 }))
	occ := series(t, cut, "bed_occupancy")
	if b, a := mean(occ[12:24]), mean(occ[30:]); a <= b+0.03 {
		t.Errorf("occupancy %.3f before the cut and %.3f after", b, a)
	}
	for i, x := range occ {
		if x > 1+1e-9 {
			t.Errorf("month %d: occupancy %v above 1", i+1, x)
		}
	}
}

// Care capacity changes on the timeline too: pathway 1's hours doubled at
// year 2 (month 12 of the statistics window) lower their utilisation from
// then on, and the months before are as in the run without the change.
func TestTimelineCareCapacity(t *testing.T) {
	c := steady()
	c.Run.Years = 4
	base := Simulate(c)
	more := Simulate(with(c, 2*DaysPerYear, []string{"social_care.home_care_hours_per_1000"}, func(n *Config) { n.SocialCare.HomeCareHoursPer1000 *= 2 }))
	a, b := series(t, base, "care_utilisation_pathway_1"), series(t, more, "care_utilisation_pathway_1")
	for i := range 12 {
		if a[i] != b[i] {
			t.Fatalf("month %d before the change differs: %v vs %v", i+1, a[i], b[i])
		}
	}
	if before, after := mean(b[6:12]), mean(b[18:]); after > 0.75*before {
		t.Errorf("pathway 1 utilisation %.3f before doubling its places and %.3f after", before, after)
	}
}

// Reorganisations cost the same in either direction: the one-off cost
// counts the organisations abolished and created, whichever way.
func TestReorganisationCostSymmetric(t *testing.T) {
	market, collab := steady(), steady()
	market.Commissioning.PopulationPerBody, market.Market.HospitalsPerOrganisation = 270000, 1
	market.Contracts.Payment = "activity"
	collab.Commissioning.PopulationPerBody, collab.Market.HospitalsPerOrganisation = 6e6, 15
	collab.Contracts.Payment = "block"
	paths := []string{"commissioning.population_per_body", "market.hospitals_per_organisation", "contracts.payment"}
	forward := market
	forward.Timeline = []Change{{At: 2 * DaysPerYear, Paths: paths, Config: collab}}
	backward := collab
	backward.Timeline = []Change{{At: 2 * DaysPerYear, Paths: paths, Config: market}}
	f := metric(t, Simulate(forward), "cost_per_head_reorganisation")
	b := metric(t, Simulate(backward), "cost_per_head_reorganisation")
	if f <= 0 || math.Abs(f-b) > 1e-9*f {
		t.Errorf("reorganisation cost per head: %v forward, %v backward; want equal and positive", f, b)
	}
	// Staying costs nothing.
	if s := metric(t, Simulate(market), "cost_per_head_reorganisation"); s != 0 {
		t.Errorf("no timeline, reorganisation cost %v", s)
	}
	// A change that is not organisational pays no one-off cost.
	beds := with(market, 2*DaysPerYear, []string{"hospitals.beds_per_1000"}, func(n *Config) { n.Hospitals.BedsPer1000 = 2 })
	if s := metric(t, Simulate(beds), "cost_per_head_reorganisation"); s != 0 {
		t.Errorf("a change of beds costs %v as a reorganisation", s)
	}
}

// A reorganisation loses relationships: continuity with the usual GP and
// trust fall after it, against the same run without it.
func TestReorganisationLags(t *testing.T) {
	c := steady()
	c.Run.Years = 4
	c.Reorganisation.GPLoss = 0.5
	base := Simulate(c)
	reorg := Simulate(with(c, 2*DaysPerYear, []string{"commissioning.population_per_body"}, func(n *Config) { n.Commissioning.PopulationPerBody = 6e6 }))
	if a, b := metric(t, base, "relationship_years_mean"), metric(t, reorg, "relationship_years_mean"); b >= a-0.3 {
		t.Errorf("relationship years %.2f without and %.2f with a reorganisation losing half the GPs", a, b)
	}
	if a, b := metric(t, base, "gp_leavers_per_year"), metric(t, reorg, "gp_leavers_per_year"); b <= a {
		t.Errorf("GP leavers a year %.1f without and %.1f with the reorganisation", a, b)
	}
}

// Demand grows: with the population ageing fast, the last year's
// admissions exceed the first's; with no growth they do not (beyond noise).
func TestGrowthVisible(t *testing.T) {
	c := steady()
	c.Run.Years, c.Run.WarmupYears = 5, 0
	c.Hospitals.BedsPer1000 = 5 // ample beds
	flat := series(t, Simulate(c), "emergency_admissions_per_1000")
	c.Demand.OlderGrowth = 0.1
	grown := series(t, Simulate(c), "emergency_admissions_per_1000")
	rf := mean(flat[48:]) / mean(flat[:12])
	rg := mean(grown[48:]) / mean(grown[:12])
	if rg < rf+0.15 {
		t.Errorf("year 5 over year 1 admissions: %.3f with ageing 10%% a year, %.3f without", rg, rf)
	}
}

// The season shows in the monthly admissions: with a winter peak of 1.11
// on day 290 (mid-January for an April start), December-February
// admissions exceed June-August's by about 11% in expectation; a profile
// that raises December and January by 20% raises their admissions by about
// that over the other months. One run's ratio varies by about ±0.02 with
// the seed, so each case pools seeds.
func TestSeasonVisible(t *testing.T) {
	others := []int{0, 1, 2, 3, 4, 5, 6, 7, 10, 11}
	tests := []struct {
		name     string
		set      func(c *Config)
		seeds    uint64
		years    float64
		high, lo []int // months from April (0)
		min, max float64
	}{
		{"winter peak 1.11", func(c *Config) { c.Demand.WinterPeak = 1.11 }, 4, 5, []int{8, 9, 10}, []int{2, 3, 4}, 1.05, 1.15},
		{"profile +20% in December and January", func(c *Config) {
			c.Demand.MonthlyProfile = [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.2, 1, 1}
		}, 3, 4, []int{8, 9}, others, 1.12, 1.28},
	}
	for _, tt := range tests {
		var high, lo []float64
		for seed := uint64(1); seed <= tt.seeds; seed++ {
			c := steady()
			c.Seed = seed
			c.Run.Years, c.Run.WarmupYears = tt.years, 0
			c.Hospitals.BedsPer1000 = 5
			tt.set(&c)
			for i, x := range series(t, Simulate(c), "emergency_admissions_per_1000") {
				switch {
				case slices.Contains(tt.high, i%12):
					high = append(high, x)
				case slices.Contains(tt.lo, i%12):
					lo = append(lo, x)
				}
			}
		}
		if r := mean(high) / mean(lo); r < tt.min || r > tt.max {
			t.Errorf("%s: admissions %.3f times as many in the high months, want %g to %g", tt.name, r, tt.min, tt.max)
		}
	}
}

// The monthly profile is scaled to mean 1 and bounds the season; a flat
// profile leaves the cosine of demand.winter_peak exactly as it was before
// the profile, so winter_peak 1.03 with a flat profile is the earlier
// seasonal model.
func TestMonthlyProfile(t *testing.T) {
	def := Defaults()
	tests := []struct {
		name    string
		profile [12]float64
		peak    float64
		top     float64 // the bound season() must never exceed
	}{
		{"flat, no peak", flatYear, 1, 1},
		{"flat, the earlier cosine", flatYear, 1.03, 1 + 0.03/2.03},
		{"doubled flat", [12]float64{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 1, 1},
		{"one month high", [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1.22, 1, 1, 1}, 1, 1.22 / (12.22 / 12)},
		{"the default", def.Demand.MonthlyProfile, def.Demand.WinterPeak, 0},
		{"unset (all zero): flat", [12]float64{}, 1, 1},
	}
	for _, tt := range tests {
		c := small()
		c.Demand.MonthlyProfile, c.Demand.WinterPeak = tt.profile, tt.peak
		m := &model{cfg: c, amp: seasonAmp(&c.Demand)}
		var top float64
		m.profile, top = monthlyProfile(&c.Demand)
		sum := 0.0
		for _, v := range m.profile {
			sum += v
		}
		if math.Abs(sum-12) > 1e-9 {
			t.Errorf("%s: profile sums to %g, want 12", tt.name, sum)
		}
		if tt.top > 0 && math.Abs((1+m.amp)*top-tt.top) > 1e-12 {
			t.Errorf("%s: bound %g, want %g", tt.name, (1+m.amp)*top, tt.top)
		}
		for day := 0.0; day < 2*DaysPerYear; day += 0.5 {
			s := m.season(day)
			if s > (1+m.amp)*top+1e-12 || s <= 0 {
				t.Fatalf("%s: season(%g) = %g, outside (0, %g]", tt.name, day, s, (1+m.amp)*top)
			}
			if tt.profile == flatYear {
				want := 1.0
				if m.amp != 0 {
					want = 1 + m.amp*math.Cos(2*math.Pi*(day-c.Demand.WinterPeakDay)/DaysPerYear)
				}
				if s != want {
					t.Fatalf("%s: season(%g) = %v, want the cosine's %v exactly", tt.name, day, s, want)
				}
			}
		}
	}
	for _, tc := range []struct {
		t    float64
		want int
	}{{0, 0}, {DaysPerMonth - 1e-9, 0}, {DaysPerMonth, 1}, {8.5 * DaysPerMonth, 8}, {DaysPerYear - 1e-9, 11}, {DaysPerYear, 0}, {DaysPerYear + 9.5*DaysPerMonth, 9}} {
		if got := monthOfYear(tc.t); got != tc.want {
			t.Errorf("monthOfYear(%g) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

// Every parameter is either fixed mid-run with a reason or may change, and
// every organisational lever is a parameter that may change.
func TestFixedAndReorganisingLevers(t *testing.T) {
	known := map[string]bool{}
	for _, p := range Params() {
		known[p.Path] = true
	}
	for _, l := range ReorganisingLevers() {
		if !known[l] {
			t.Errorf("organisational lever %s is not a parameter", l)
		}
		if FixedMidRun(l) != "" {
			t.Errorf("organisational lever %s cannot change mid-run", l)
		}
	}
	if FixedMidRun("population.patients") == "" || FixedMidRun("contracts.payment") != "" {
		t.Errorf("FixedMidRun misclassifies")
	}
}

// The general-practice levers change mid-run through the same
// re-derivation: each change made when the statistics window opens moves
// its window metric as the same setting from the start does, in the
// direction its mechanism says, where a change that did not re-derive
// would leave it as in the unchanged run.
func TestTimelineGP(t *testing.T) {
	tests := []struct {
		paths  string // space-separated
		set    func(c *Config)
		metric string
		check  func(base, changed float64) bool
		want   string
	}{
		{"general_practice.turnover_rate", func(c *Config) { c.GP.TurnoverRate = 0 }, "gp_leavers_per_year",
			func(b, c float64) bool { return b > 0 && c == 0 }, "no GP leaves once turnover stops"},
		{"general_practice.merger_rate general_practice.closure_share", func(c *Config) { c.GP.MergerRate, c.GP.ClosureShare = 0.5, 0 }, "practice_mergers_per_year",
			func(b, c float64) bool { return b == 0 && c > 0 }, "take-overs start"},
		{"general_practice.appointments_per_gp_year", func(c *Config) { c.GP.AppointmentsPerGPYear *= 0.5 }, "gp_wait_mean_days",
			func(b, c float64) bool { return c > b+1 }, "waits lengthen when GP time halves"},
		{"general_practice.tolerance_days", func(c *Config) { c.GP.ToleranceDays = [NAges]float64{}; c.GP.UrgentShare = 1 }, "upc_mean",
			func(b, c float64) bool { return c < b-0.03 }, "continuity falls when no one waits for their GP"},
		{"general_practice.working_weeks", func(c *Config) { c.GP.WorkingWeeks = 30 }, "preferred_gp_share",
			func(b, c float64) bool { return c < b-0.01 }, "more leave, fewer consultations with the preferred GP"},
	}
	for _, tc := range tests {
		t.Run(tc.paths, func(t *testing.T) {
			c := steady()
			c.GP.MergerRate = 0
			base := metric(t, Simulate(c), tc.metric)
			changed := metric(t, Simulate(with(c, c.Run.WarmupYears*DaysPerYear, strings.Fields(tc.paths), tc.set)), tc.metric)
			if !tc.check(base, changed) {
				t.Errorf("%s: %v without the change, %v with it; want %s", tc.metric, base, changed, tc.want)
			}
		})
	}
}

// The way GP time is modelled and the rota cannot change mid-run.
func TestGPFixedMidRun(t *testing.T) {
	for _, path := range []string{"general_practice.booking", "general_practice.sessions_per_week", "general_practice.sessions_per_fte"} {
		if FixedMidRun(path) == "" {
			t.Errorf("%s may change mid-run, but nothing re-derives it", path)
		}
	}
}
