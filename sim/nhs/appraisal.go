package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim/appraisal"
)

// careCategory is a category of the care the model delivers, priced from
// the counts and levels the model already keeps: its metric is
// CarePrefix+name, in £ per registered patient a year.
type careCategory struct {
	name, label, definition string
	// total is the category's cost in the window, £.
	total func(w *window) float64
	// monthly is the same activity by month of the run, in any unit: it
	// times the cost for discounting.
	monthly func(w *window) []float64
}

// careCategories are the categories of the care delivered, from the
// perspective of the NHS and personal social services. Virtual wards are
// not among them: their places are costed, used or not, in
// cost_per_head_virtual_wards.
var careCategories = [nCare]careCategory{
	{"gp", "GP consultations",
		"GP consultations in the window (gp_consultations) at appraisal.gp_consultation_cost.",
		func(w *window) float64 { return float64(w.s.Consultations) * w.m.cfg.Appraisal.GPConsultationCost },
		func(w *window) []float64 { return w.s.MConsultations }},
	{"emergency_spells", "Emergency spells",
		"Emergency admissions that took a bed in the window, readmissions included, at appraisal.non_elective_spell_cost (the clinical stay; delayed days are excess_bed_days).",
		func(w *window) float64 { return float64(w.s.Granted) * w.m.cfg.Appraisal.NonElectiveSpellCost },
		func(w *window) []float64 { return w.s.MGranted }},
	{"elective_spells", "Elective spells",
		"Overnight elective admissions in the window at appraisal.elective_spell_cost.",
		func(w *window) float64 { return float64(w.s.Electives) * w.m.cfg.Appraisal.ElectiveSpellCost },
		func(w *window) []float64 { return w.s.MElectives }},
	{"excess_bed_days", "Delayed (excess) bed-days",
		"Bed-days of medically fit patients waiting to leave (delayed_bed_days) at appraisal.excess_bed_day_cost.",
		func(w *window) float64 { return w.s.delayed.Area() * w.m.cfg.Appraisal.ExcessBedDayCost },
		func(w *window) []float64 { return w.s.delayed.Buckets }},
	{"home_care", "Home care and reablement",
		"Hours of home care and reablement delivered to discharged patients (pathway 1 places held) at social_care.home_care_cost_per_hour.",
		func(w *window) float64 {
			return w.s.care[pathwayHomeCare].Area() / 7 * w.m.cfg.SocialCare.HomeCareCostPerHour
		},
		func(w *window) []float64 { return w.s.care[pathwayHomeCare].Buckets }},
	{"step_down", "Step-down beds",
		"Days in step-down (intermediate-care) beds (pathway 2 places held) at appraisal.step_down_bed_day_cost.",
		func(w *window) float64 {
			return w.s.care[pathwayIntermediate].Area() * w.m.cfg.Appraisal.StepDownBedDayCost
		},
		func(w *window) []float64 { return w.s.care[pathwayIntermediate].Buckets }},
	{"care_home", "Care-home placements",
		"Weeks of care-home placements from hospital (pathway 3 places held) at social_care.care_bed_cost_per_week.",
		func(w *window) float64 {
			return w.s.care[pathwayCareHome].Area() / 7 * w.m.cfg.SocialCare.CareBedCostPerWeek
		},
		func(w *window) []float64 { return w.s.care[pathwayCareHome].Buckets }},
	{"escalation_beds", "Winter escalation beds",
		"Bed-days of winter escalation beds open (hospitals.escalation_beds_share), occupied or not, at hospitals.escalation_bed_day_cost: the cost of opening them; the care of the patients in them is priced as their spells. 0 when none are opened.",
		func(w *window) float64 { return w.s.escalated.Area() * w.m.cfg.Hospitals.EscalationBedDayCost },
		func(w *window) []float64 { return w.s.escalated.Buckets }},
}

// nCare is the number of care categories.
const nCare = 8

// CarePrefix starts the name of every category of the care delivered:
// cost_per_head_care_CATEGORY, in £ per registered patient a year. These
// metrics share CostPrefix but are not duplication and transaction costs.
const CarePrefix = CostPrefix + "care_"

// CareDelivered is the metric that sums the categories of care delivered.
const CareDelivered = CarePrefix + "delivered"

// CareCategories returns the categories of the care delivered, in the
// order they are reported: each is a metric CarePrefix+category.
func CareCategories() []string {
	out := make([]string, len(careCategories))
	for i, c := range careCategories {
		out[i] = c.name
	}
	return out
}

// The appraisal's metrics, per registered patient over the window.
const (
	AppraisalCost  = "appraisal_cost_per_head"
	AppraisalQALYs = "appraisal_qalys_lost_per_head"
)

// ageRange is each age band's ages, for the life table: the last band
// runs to the oldest age the table follows.
var ageRange = [NAges][2]int{{0, 15}, {16, 44}, {45, 64}, {65, 79}, {80, 129}}

// appraisalSummary is what the appraisal finds, per registered patient
// over the window.
type appraisalSummary struct {
	care      [nCare]float64 // £ per head a year, not discounted
	careTotal float64
	cost      float64 // present value, £: care, organisational costs and optimism bias
	bias      float64 // the optimism bias in cost, £
	qalys     float64 // QALYs lost to deaths, discounted
	lifeYears float64 // life-years lost to deaths, not discounted
}

// appraise values the window's care and deaths (see docs/appraisal.md).
// Year 0 of the discounting is the window's first year; a month belongs
// to the year its middle falls in.
func (m *model) appraise(w *window, costs *[len(costCategories)]float64, st structural) appraisalSummary {
	a := &m.cfg.Appraisal
	var out appraisalSummary
	personYears := w.patients * w.years
	nYears := len(st.years)
	costRate := appraisal.Rate{Rate: a.DiscountRateCosts, Declining: a.DecliningRates}
	dc := costRate.Factors(nYears)
	yearOf := func(month int) int {
		mid := (float64(month) + 0.5) * DaysPerMonth
		if mid < m.warmup {
			return -1
		}
		return min(int((mid-m.warmup)/DaysPerYear), nYears-1)
	}
	// factor is the mean discount factor of an activity by month.
	factor := func(monthly []float64, d []float64) float64 {
		var sum, disc float64
		for i, v := range monthly {
			if n := yearOf(i); n >= 0 {
				sum += v
				disc += v * d[n]
			}
		}
		return ratio(disc, sum)
	}
	// span[k] is the length of year k of the window, in years: 1 but for
	// a last part-year.
	span := make([]float64, nYears)
	var even float64 // the discounted years of the window
	for k := range span {
		span[k] = min(w.years-float64(k), 1)
		even += span[k] * dc[k]
	}
	// The care delivered is per registered patient over the window (as
	// the rates per 1,000 are), the organisational costs per
	// population.patients, as their categories are: the same without list
	// growth.
	for i, c := range careCategories {
		total := c.total(w)
		out.care[i] = ratio(total, personYears)
		out.careTotal += out.care[i]
		if total != 0 {
			f := factor(c.monthly(w), dc)
			if math.IsNaN(f) { // activity counted in the window but in no month of it
				f = even / w.years
			}
			out.cost += total * f / w.patients
		}
	}

	// Organisational costs, £ per head a year: the structural ones year by
	// year, the one-off reorganisations in their year, the rest spread
	// evenly over the window.
	n := float64(m.cfg.Population.Patients)
	var oneOff, setup float64
	for k, y := range st.years {
		oneOff += y.oneOff * dc[k] / n
		setup += y.setup * span[k] * dc[k]
	}
	for i, c := range costCategories {
		switch {
		case c.notCost != "":
		case c.regime:
			for k, y := range st.years {
				out.cost += y.avg[i] * span[k] * dc[k]
			}
		case c.name == "reorganisation":
			// The timeline's one-offs in their years; failed hospitals'
			// exits, whose times are not kept, evenly.
			out.cost += oneOff + (costs[i]-st.oneOff/(n*w.years))*even
		default:
			out.cost += costs[i] * even
		}
	}
	if a.OptimismBias {
		out.bias = a.OptimismBiasReorganisation*oneOff + a.OptimismBiasSharedRecords*setup
		out.cost += out.bias
	}

	// Deaths: each loses the quality-adjusted life expectancy of the
	// general population at its age and sex, scaled by
	// life_expectancy_share, discounted from its year.
	healthRate := appraisal.Rate{Rate: a.DiscountRateHealth, Declining: a.DecliningRates}
	lt := appraisal.England()
	for b := range NAges {
		deaths := float64(w.s.DeathsByAge[b])
		if deaths == 0 {
			continue
		}
		var inWindow float64
		byYear := make([]float64, nYears)
		for i, v := range w.s.MDeathsByAge[b] {
			if k := yearOf(i); k >= 0 {
				byYear[k] += v
				inWindow += v
			}
		}
		lo, hi := ageRange[b][0], ageRange[b][1]
		for k, d := range byYear {
			if d == 0 {
				continue
			}
			loss := lt.Band(lo, hi, k, appraisal.AraBrazier, healthRate)
			share := deaths * d / inWindow
			out.qalys += share * loss.QALYs * a.LifeExpectancyShare / w.patients
			out.lifeYears += share * loss.LifeYears * a.LifeExpectancyShare / w.patients
		}
	}
	return out
}

// appraisalDefs registers the care delivered and the appraisal's metrics.
func appraisalDefs() []metricDef {
	out := make([]metricDef, 0, len(careCategories)+5)
	for i, c := range careCategories {
		out = append(out, def(CarePrefix+c.name, c.label+", care delivered (£ per head a year)", "£ per head-year", Accounting, Rate, nonNeg,
			c.definition+" Prices of "+PriceYear+"; not discounted.",
			func(w *window) float64 { return w.appr.care[i] }))
	}
	return append(out,
		def(CareDelivered, "Care delivered (£ per head a year)", "£ per head-year", Accounting, Rate, nonNeg,
			"The sum of the cost_per_head_care_ categories: the cost of the care the model delivers (GP consultations, emergency and elective spells, delayed bed-days, home care, step-down beds, care homes, winter escalation beds) to the NHS and personal social services, not discounted. Prices of "+PriceYear+".",
			func(w *window) float64 { return w.appr.careTotal }),
		def(AppraisalCost, "Appraisal cost, discounted (£ per head over the window)", "£ per head", Accounting, Total, nonNeg,
			"Present value at the start of the window (appraisal.discount_rate_costs) of the cost to the NHS and personal social services per registered patient over the whole window: the care delivered, the organisational costs (the cost_per_head_ categories less transfers, coding drift and bailouts, and less the pool's capacity, priced as care delivered when used) and, with appraisal.optimism_bias, the uplift of set-up costs. Prices of "+PriceYear+".",
			func(w *window) float64 { return w.appr.cost }),
		def("appraisal_optimism_bias_per_head", "Optimism bias in the appraisal cost (£ per head over the window)", "£ per head", Accounting, Total, nonNeg,
			"The part of appraisal_cost_per_head that is optimism bias: appraisal.optimism_bias_reorganisation of the timeline's one-off reorganisation costs and appraisal.optimism_bias_shared_records of shared records' set-up cost, discounted.",
			func(w *window) float64 { return w.appr.bias }),
		def(AppraisalQALYs, "QALYs lost to deaths, discounted (per head over the window)", "QALYs per head", Emergent, Total, nonNeg,
			"QALYs lost to the deaths within 30 days of an emergency admission in the window, per registered patient: each death loses the quality-adjusted life expectancy of England's population at its age band (ages and sexes weighted as the life table's deaths; ONS life table for 2022, Ara and Brazier's EQ-5D norms) times appraisal.life_expectancy_share, discounted at appraisal.discount_rate_health from the year of the death.",
			func(w *window) float64 { return w.appr.qalys }),
		def("appraisal_life_years_lost_per_head", "Life-years lost to deaths (per head over the window)", "life-years per head", Emergent, Total, nonNeg,
			"Life-years lost to the deaths within 30 days of an emergency admission in the window, per registered patient: as appraisal_qalys_lost_per_head, neither quality-adjusted nor discounted.",
			func(w *window) float64 { return w.appr.lifeYears }),
	)
}
