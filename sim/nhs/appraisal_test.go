package nhs

import (
	"math"
	"strings"
	"testing"
)

func relNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// appraisalRun runs the defaults small and returns its metrics by name.
func appraisalRun(t *testing.T, set func(c *Config)) map[string]float64 {
	t.Helper()
	cfg := Defaults()
	cfg.Population.Patients = 20000
	cfg.Run.Years, cfg.Run.WarmupYears = 2, 0.5
	set(&cfg)
	out := map[string]float64{}
	for _, m := range Simulate(cfg).Metrics {
		out[m.Name] = m.Value
	}
	return out
}

// The appraisal's arithmetic against the counts it is computed from.
func TestAppraisalArithmetic(t *testing.T) {
	undiscounted := appraisalRun(t, func(c *Config) {
		c.Appraisal.DiscountRateCosts, c.Appraisal.DiscountRateHealth = 0, 0
		c.Appraisal.OptimismBias = false
	})
	m := undiscounted
	years := 1.5
	a := Defaults().Appraisal
	if got, want := m[CarePrefix+"gp"], m["gp_consultations_per_person_year"]*a.GPConsultationCost; !relNear(got, want, 1e-12) {
		t.Errorf("care_gp = %v, want consultations per person-year × cost = %v", got, want)
	}
	if got, want := m[CarePrefix+"emergency_spells"], m["emergency_admissions_per_1000"]/1000*a.NonElectiveSpellCost; math.Abs(got-want) > 0.1*want {
		// Beds granted in the window need not be its admissions one for
		// one: a patient admitted before it may take a bed within it.
		t.Errorf("care_emergency_spells = %v, want near (within 10%% of) admissions per head × cost = %v", got, want)
	}
	var sum float64
	for _, c := range CareCategories() {
		if m[CarePrefix+c] < 0 {
			t.Errorf("%s%s = %v, negative", CarePrefix, c, m[CarePrefix+c])
		}
		sum += m[CarePrefix+c]
	}
	if !relNear(m[CareDelivered], sum, 1e-12) || sum <= 0 {
		t.Errorf("care_delivered = %v, want the categories' sum %v (positive)", m[CareDelivered], sum)
	}
	// Undiscounted, with no timeline, the appraisal cost is the yearly
	// costs over the window's 1.5 years: care delivered and the
	// organisational costs that are not transfers or the pool's capacity.
	org := 0.0
	for _, c := range costCategories {
		if c.notCost == "" {
			org += m[CostPrefix+c.name]
		}
	}
	if got, want := m[AppraisalCost], (sum+org)*years; !relNear(got, want, 1e-9) {
		t.Errorf("undiscounted appraisal cost = %v, want (care %v + organisation %v) × %v years = %v", got, want/years-org, org, years, want)
	}
	if m["appraisal_optimism_bias_per_head"] != 0 {
		t.Errorf("optimism bias off, yet %v", m["appraisal_optimism_bias_per_head"])
	}
	// Undiscounted QALYs lost are below the life-years lost and positive.
	q, ly := m[AppraisalQALYs], m["appraisal_life_years_lost_per_head"]
	if !(q > 0 && q < ly) {
		t.Errorf("QALYs lost %v, life-years lost %v: want 0 < QALYs < life-years", q, ly)
	}

	discounted := appraisalRun(t, func(c *Config) { c.Appraisal.LifeExpectancyShare = 0.5 })
	// The simulation is the same; only its valuation differs.
	for _, name := range []string{"gp_consultations", "admissions", CareDelivered} {
		if discounted[name] != m[name] {
			t.Errorf("%s = %v with other appraisal settings, %v without: the appraisal changed the simulation", name, discounted[name], m[name])
		}
	}
	// The window's second year (half a year) is discounted at 3.5%: the
	// cost falls, but by less than a whole year's discount.
	if got := discounted[AppraisalCost]; !(got < m[AppraisalCost] && got > m[AppraisalCost]/1.035) {
		t.Errorf("discounted cost %v, undiscounted %v: want between it/1.035 and it", got, m[AppraisalCost])
	}
	// Half the life expectancy halves the life-years exactly.
	if got, want := discounted["appraisal_life_years_lost_per_head"], ly/2; !relNear(got, want, 1e-12) {
		t.Errorf("life-years lost with life_expectancy_share 0.5 = %v, want %v", got, want)
	}
	if got := discounted[AppraisalQALYs]; !(got < q/2) {
		t.Errorf("discounted QALYs at half the life expectancy = %v, want below %v", got, q/2)
	}
}

// Optimism bias uplifts the one-off cost of a reorganisation on the
// timeline, and the set-up of shared records, and nothing else.
func TestAppraisalOptimismBias(t *testing.T) {
	withTimeline := func(bias bool) func(c *Config) {
		return func(c *Config) {
			to := *c
			to.Commissioning.PopulationPerBody = 6000000
			to.Discharge.SharedRecords = true
			c.Timeline = []Change{{At: 0.75 * DaysPerYear, Paths: []string{"commissioning.population_per_body", "discharge.shared_records"}, Config: to}}
			c.Appraisal.OptimismBias = bias
		}
	}
	on, off := appraisalRun(t, withTimeline(true)), appraisalRun(t, withTimeline(false))
	bias := on["appraisal_optimism_bias_per_head"]
	if !(bias > 0) {
		t.Fatalf("optimism bias of a reorganisation = %v, want positive", bias)
	}
	if got, want := on[AppraisalCost]-off[AppraisalCost], bias; !relNear(got, want, 1e-9) {
		t.Errorf("cost with bias - without = %v, want the bias %v", got, want)
	}
	// By hand: 10% of the reorganisation's one-off cost, which falls a
	// quarter of a year into the window (year 0, not discounted); and 200%
	// of shared records' set-up a year (£1.6 over 10 years), which builds
	// up linearly over benefit_years (2) from the change at 0.75 years:
	// ∫(t-0.75)/2 dt is 0.75²/4 over the rest of year 0 (to 1.5 years) and
	// (1.25²-0.75²)/4 over year 1 (to the horizon, 2 years), discounted
	// once. The model integrates by day, so within 0.5%.
	oneOff := on[CostPrefix+"reorganisation"] * 1.5 // £ per head, all in year 0
	want := 0.1*oneOff + 2*0.16*(0.75*0.75/4+(1.25*1.25-0.75*0.75)/4/1.035)
	if !relNear(bias, want, 0.005) {
		t.Errorf("optimism bias %v, want %v by hand (one-off %v)", bias, want, oneOff)
	}
}

func TestCareCategoriesAreNotDuplicationCosts(t *testing.T) {
	for _, c := range CostCategories() {
		if strings.HasPrefix(CostPrefix+c, CarePrefix) {
			t.Errorf("cost category %q has the care prefix", c)
		}
	}
}
