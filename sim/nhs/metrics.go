package nhs

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// MetricKind says where a metric's value comes from.
type MetricKind uint8

const (
	// Emergent metrics come out of the simulation: they depend on what the
	// simulated patients, GPs, hospitals and commissioners did.
	Emergent MetricKind = iota + 1
	// Accounting metrics are assumed unit costs times counts of
	// organisations or transactions: a scenario's structure restated in
	// pounds, partly of simulated counts. Their differences between
	// scenarios are largely the assumptions' doing.
	Accounting
	// Structural metrics restate the configuration: the size of the model.
	Structural
)

var metricKinds = [...]string{Emergent: "emergent", Accounting: "accounting", Structural: "structural"}

func (k MetricKind) String() string {
	if int(k) < len(metricKinds) && metricKinds[k] != "" {
		return metricKinds[k]
	}
	return "unknown"
}

// MarshalText writes the kind's name.
func (k MetricKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Aggregation says how a run forms a metric over its statistics window.
// Across replicates every metric is averaged: compare and sensitivity
// report the mean over replicates with its interval.
type Aggregation uint8

const (
	Total    Aggregation = iota + 1 // a count or sum over the window (series: over the month)
	Rate                            // a window total per head or per year: a ratio of totals
	Share                           // a part of a window total over the whole, 0 to 1
	Mean                            // a mean over the window's events, patients or organisations
	Quantile                        // a quantile over patients
	Spread                          // a spread across organisations: a standard deviation or range
	Fixed                           // set by the configuration; the same in every replicate
)

var aggregations = [...]string{Total: "total", Rate: "rate", Share: "share", Mean: "mean", Quantile: "quantile", Spread: "spread", Fixed: "fixed"}

func (a Aggregation) String() string {
	if int(a) < len(aggregations) && aggregations[a] != "" {
		return aggregations[a]
	}
	return "unknown"
}

// MarshalText writes the aggregation's name.
func (a Aggregation) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// MetricInfo describes one metric of the registry: everything tables,
// charts, documents and the metric dictionary say about it.
type MetricInfo struct {
	Name        string // as in summaries and series, such as "upc_mean"
	Label       string // readable, with its unit, for tables and charts
	Unit        string
	Definition  string
	Kind        MetricKind
	Aggregation Aggregation
	// Min and Max bound the values the metric can take (±Inf where
	// unbounded), so that an interval can be clipped to them.
	Min, Max float64
	// Headline is the metric's place among the headline metrics, from 1,
	// or 0 if it is not one. Comparisons report the headline metrics first,
	// check replicates against them and attribute them to levers;
	// sensitivity analyses explain them.
	Headline int
	// Summary says the metric is in [Result.Metrics]; Series is its place
	// among the monthly series of [Result.Series], from 1, or 0 if it is
	// not a series.
	Summary bool
	Series  int
	// Detect is a difference worth detecting, in the metric's unit, or 0:
	// comparisons say when their replicates are too few to detect it.
	Detect float64
}

// Clip returns v within the metric's bounds.
func (m MetricInfo) Clip(v float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return min(max(v, m.Min), m.Max)
}

// window is what a metric's value is computed from: the finished model,
// its statistics and the summaries several metrics share.
type window struct {
	m                       *model
	s                       *stats
	span, years, patients   float64 // the window in days and years, registered patients
	beds, slots             int64
	depPop                  [NDep]float64
	c                       continuitySummary
	lotterySD, lotteryRange float64
	waitingList             int
	listWait                float64 // median wait of the patients on the lists at the horizon
	ps                      practiceSummary
	hospTrust, pracTrust    float64
	costs                   [len(costCategories)]float64
	costTotal               float64
	transfers               float64 // £ per head a year moved between NHS bodies (coding drift, bailouts)
	qualitySD, qualityMean  float64 // across hospitals at the horizon
	lowMean, lowSD          float64 // across hospitals, of their lowest reserves in the window
	hhi                     float64 // mean over catchments
	appr                    appraisalSummary
}

// metricDef is a registered metric and how it is computed: value for a
// summary metric, series for a monthly one.
type metricDef struct {
	MetricInfo
	value  func(w *window) float64
	series func(w *window) []float64
}

// Bounds of metrics.
var (
	inf      = math.Inf(1)
	nonNeg   = [2]float64{0, inf}
	unitLine = [2]float64{0, 1}
)

// def registers a summary metric.
func def(name, label, unit string, kind MetricKind, agg Aggregation, bounds [2]float64, definition string, value func(w *window) float64) metricDef {
	return metricDef{MetricInfo: MetricInfo{
		Name: name, Label: label, Unit: unit, Definition: definition, Kind: kind, Aggregation: agg,
		Min: bounds[0], Max: bounds[1], Summary: true,
	}, value: value}
}

// headline makes d the rank-th headline metric.
func headline(rank int, d metricDef) metricDef { d.Headline = rank; return d }

// detect gives d a difference worth detecting (see MetricInfo.Detect).
func detect(delta float64, d metricDef) metricDef { d.Detect = delta; return d }

// monthly makes d also the rank-th monthly series, computed by series.
func monthly(rank int, series func(w *window) []float64, d metricDef) metricDef {
	d.Series, d.series = rank, series
	return d
}

// perMonth maps f over the run's months.
func perMonth(w *window, f func(i int, width float64) float64) []float64 {
	out := make([]float64, w.s.months)
	for i := range out {
		out[i] = f(i, min(DaysPerMonth, w.m.horizon-float64(i)*DaysPerMonth))
	}
	return out
}

// per1000 is a window count per 1,000 patients a year.
func per1000(w *window, n int64) float64 { return ratio(1000*float64(n), w.patients*w.years) }

// metricDefs is the metric registry: every metric the model reports, in the
// order of [Result.Metrics]. Adding a metric is adding an entry here.
var metricDefs = slices.Concat([]metricDef{
	monthly(1, func(w *window) []float64 { return w.s.MConsultations },
		def("gp_consultations", "GP consultations", "consultations", Emergent, Total, nonNeg,
			"GP consultations that started in the window.",
			func(w *window) float64 { return float64(w.s.Consultations) })),
	monthly(2, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.MGPWait[i], w.s.MConsultations[i]) })
	}, def("gp_wait_mean_days", "Mean wait for a GP (days)", "days", Emergent, Mean, nonNeg,
		"Mean time from a consultation request to its start.",
		func(w *window) float64 { return ratio(w.s.GpWait, float64(w.s.Consultations)) })),
	monthly(3, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.MUsual[i], w.s.MConsultations[i]) })
	}, def("usual_gp_share", "Share of consultations with the usual GP", "share", Emergent, Share, unitLine,
		"Share of GP consultations that were with the patient's usual GP.",
		func(w *window) float64 { return ratio(float64(w.s.Usual), float64(w.s.Consultations)) })),
	monthly(4, func(w *window) []float64 { return w.s.MAdmissions },
		def("admissions", "Emergency admissions", "admissions", Emergent, Total, nonNeg,
			"Emergency admissions in the window, readmissions included.",
			func(w *window) float64 { return float64(w.s.Admissions) })),
	monthly(7, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.MBedWait[i], w.s.MGranted[i]) })
	}, def("bed_wait_mean_days", "Mean wait for a bed (days)", "days", Emergent, Mean, nonNeg,
		"Mean time an emergency patient waited for a bed, over the beds granted.",
		func(w *window) float64 { return ratio(w.s.BedWait, float64(w.s.Granted)) })),
	monthly(8, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.beds.Buckets[i], w.s.bedCap.Buckets[i]) })
	}, def("bed_occupancy", "Bed occupancy (0 to 1)", "share", Emergent, Share, unitLine,
		"Occupied bed-days over available bed-days (the stock in force each day), emergency and elective.",
		func(w *window) float64 { return ratio(w.s.beds.Area(), w.s.bedCap.Area()) })),
	monthly(9, func(w *window) []float64 { return w.s.delayed.Buckets },
		def("delayed_bed_days", "Delayed bed-days", "bed-days", Emergent, Total, nonNeg,
			"Bed-days of medically fit patients still in a bed, on every discharge pathway: the ward's own process, assessments, funding decisions and queues for care.",
			func(w *window) float64 { return w.s.delayed.Area() })),
	monthly(10, func(w *window) []float64 { return w.s.MPackages },
		def("packages_started", "Care packages started", "packages", Emergent, Total, nonNeg,
			"Places started on discharge pathways 1-3 (home care or reablement, step-down beds, care homes).",
			func(w *window) float64 { return float64(w.s.Packages) })),
	def("package_hours_mean", "Mean hours a week of a home-care package", "hours a week", Emergent, Mean, nonNeg,
		"Mean hours a week of the pathway 1 (home care or reablement) packages started in the window: social_care.package_hours_by_age weighted by who needs them.",
		func(w *window) float64 { return ratio(w.s.PackageHours, float64(w.s.FitN[pathwayHomeCare])) }),
	def("events", "Events simulated", "events", Emergent, Total, nonNeg,
		"Events the kernel processed over the whole run, warm-up included: a measure of work, not of care.",
		func(w *window) float64 { return float64(w.s.Events) }),
	def("gp_consultations_per_person_year", "GP consultations per person a year", "consultations per person-year", Emergent, Rate, nonNeg,
		"GP consultations per registered patient a year.",
		func(w *window) float64 { return ratio(float64(w.s.Consultations), w.patients*w.years) }),
	headline(1, monthly(5, func(w *window) []float64 {
		return perMonth(w, func(i int, width float64) float64 {
			return ratio(1000*w.s.MAdmissions[i], w.patients*width/DaysPerYear)
		})
	}, def("emergency_admissions_per_1000", "Emergency admissions per 1,000 a year", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions per 1,000 registered patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Admissions) }))),
	monthly(6, func(w *window) []float64 {
		return perMonth(w, func(i int, width float64) float64 {
			return ratio(1000*w.s.MACSC[i], w.patients*width/DaysPerYear)
		})
	}, def("acsc_admissions_per_1000", "ACSC admissions per 1,000 a year", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions for ambulatory-care-sensitive conditions per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Acsc) })),
	def("non_acsc_admissions_per_1000", "Non-ACSC admissions per 1,000 a year", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions for other conditions than ambulatory-care-sensitive ones per 1,000 patients a year: emergency_admissions_per_1000 less acsc_admissions_per_1000. Continuity reaches them only through continuity.other_admission_weight, an assumption.",
		func(w *window) float64 { return per1000(w, w.s.Admissions-w.s.Acsc) }),
	def("admissions_per_1000_least_deprived", "Admissions per 1,000 a year, least deprived fifth", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions per 1,000 patients a year in the least deprived quintile.",
		func(w *window) float64 { return ratio(1000*float64(w.s.AdmByDep[0]), w.depPop[0]*w.years) }),
	def("admissions_per_1000_most_deprived", "Admissions per 1,000 a year, most deprived fifth", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions per 1,000 patients a year in the most deprived quintile.",
		func(w *window) float64 { return ratio(1000*float64(w.s.AdmByDep[NDep-1]), w.depPop[NDep-1]*w.years) }),
	def("mean_stay_days", "Mean emergency stay (days)", "days", Emergent, Mean, nonNeg,
		"Mean length of an emergency stay in a bed, delay included, over the discharges.",
		func(w *window) float64 { return ratio(w.s.StayDays, float64(w.s.Discharges)) }),
	headline(4, def("delayed_bed_days_per_1000", "Delayed bed-days per 1,000 a year", "bed-days per 1,000 person-years", Emergent, Rate, nonNeg,
		"Bed-days of medically fit patients still in a bed (every pathway), per 1,000 patients a year.",
		func(w *window) float64 { return ratio(1000*w.s.delayed.Area(), w.patients*w.years) })),
	def("readmission_30d_rate", "30-day readmission rate", "share", Emergent, Share, unitLine,
		"Emergency readmissions within 30 days of a discharge, over the discharges.",
		func(w *window) float64 { return ratio(float64(w.s.Readmissions), float64(w.s.Discharges)) }),
	def("elective_admissions_per_1000", "Elective admissions per 1,000 a year", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Planned overnight (elective) admissions per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Electives) }),
	def("elective_referrals_per_1000", "Elective referrals per 1,000 a year", "referrals per 1,000 person-years", Emergent, Rate, nonNeg,
		"New referral-to-treatment pathways per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Referrals) }),
	def("elective_treatments_per_1000", "Elective pathways completed per 1,000 a year", "treatments per 1,000 person-years", Emergent, Rate, nonNeg,
		"Referral-to-treatment pathways completed (in clinic, as a day case or by an overnight admission) per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Treated) }),
	def("elective_wait_mean_days", "Mean elective wait (days)", "days", Emergent, Mean, nonNeg,
		"Mean time from referral to treatment, over the pathways completed.",
		func(w *window) float64 { return ratio(w.s.ElectiveWait, float64(w.s.Treated)) }),
	def("elective_cancellations_per_1000", "Elective cancellations per 1,000 a year", "cancellations per 1,000 person-years", Emergent, Rate, nonNeg,
		"Elective admissions cancelled for want of a bed, per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Cancellations) }),
	monthly(13, func(w *window) []float64 {
		return perMonth(w, func(i int, width float64) float64 { return ratio(1000*w.s.list.Buckets[i], width*w.patients) })
	}, def("elective_waiting_list_per_1000", "Elective waiting list per 1,000", "patients per 1,000", Emergent, Rate, nonNeg,
		"Patients on an elective (referral-to-treatment) waiting list at the horizon, per 1,000 patients; monthly, the mean over the month.",
		func(w *window) float64 { return ratio(1000*float64(w.waitingList), w.patients) })),
	def("elective_wait_median_days", "Median wait of patients on the elective list (days)", "days", Emergent, Quantile, nonNeg,
		"Median time the patients still on an elective list at the horizon have waited so far (incomplete pathways, as England's RTT statistics report it).",
		func(w *window) float64 { return w.listWait }),
	headline(5, detect(2, monthly(14, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(1000*w.s.MDeaths[i], w.s.MMortalityBase[i]) })
	},
		def("mortality_30d_per_1000_admissions", "Deaths within 30 days per 1,000 emergency admissions", "deaths per 1,000 admissions", Emergent, Rate, nonNeg,
			"Deaths within 30 days of an emergency admission, per 1,000 emergency admissions that took a bed, same-day discharges alive excluded (stays of less than a day that did not end in death), as England's figure counts them; by the month of admission, each counted when its stay ends. A difference of 2 per 1,000 (about 2% of the rate, of the order of the mortality differences between regimes) is the one worth detecting: comparisons say when their replicates are too few for it.",
			func(w *window) float64 { return ratio(1000*float64(w.s.Deaths), float64(w.s.MortalityBase)) })))),
	def("specialist_share", "Share of emergency admissions that are specialist", "share", Emergent, Share, unitLine,
		"Specialist emergency admissions (stroke and similar) over the emergency admissions that took a bed.",
		func(w *window) float64 { return ratio(float64(w.s.Specialist), float64(w.s.Granted)) }),
	def("handoffs_per_episode", "Hand-offs per emergency episode", "hand-offs per discharge", Emergent, Mean, nonNeg,
		"Organisational hand-offs of an emergency episode, over the discharges.",
		func(w *window) float64 { return ratio(float64(w.s.Handoffs), float64(w.s.Discharges)) }),
	def("information_loss_share", "Share of boundary hand-offs losing information", "share", Emergent, Share, unitLine,
		"Hand-offs across an organisational boundary that lost information, over those hand-offs.",
		func(w *window) float64 { return ratio(float64(w.s.LostHandoffs), float64(w.s.BoundaryHandoffs)) }),
	def("virtual_ward_step_ups_per_1000", "Virtual-ward step-ups per 1,000 a year", "step-ups per 1,000 person-years", Emergent, Rate, nonNeg,
		"Patients cared for on a virtual ward instead of being admitted, per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.StepUps) }),
	def("mdt_reviews_per_1000", "Multidisciplinary reviews per 1,000 a year", "reviews per 1,000 person-years", Accounting, Rate, nonNeg,
		"Patients reviewed by integrated multidisciplinary teams and case-managed for integration.mdt_effect_months, per 1,000 patients a year: the teams' capacity as it builds up (integration.mdt_reviews_per_1000 a month at full strength, with a pooled budget), counted, not simulated patient by patient; 0 without case-finding.",
		func(w *window) float64 { return ratio(1000*w.s.MDTReviews, w.patients*w.years) }),
	def("mdt_found_high_risk_share", "Share of high-risk patients found by multidisciplinary review", "share", Emergent, Share, unitLine,
		"Of the patients at high risk (the 5% of the population with the highest true emergency admission hazard: their type's and their frailty, hospitals.frailty_sd), the share case-managed after a multidisciplinary review, from a sample of 2,000 patients a month in each part of the model; NaN without case-finding. With a random choice (integration.mdt_ranking_auc 0.5) it is the caseload's share of the population.",
		func(w *window) float64 { return ratio(float64(w.s.MDTFoundHighRisk), float64(w.s.MDTHighRisk)) }),
	def("virtual_ward_step_downs_per_1000", "Virtual-ward step-downs per 1,000 a year", "step-downs per 1,000 person-years", Emergent, Rate, nonNeg,
		"Patients discharged early from a bed to a virtual ward, per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.StepDowns) }),
	def("trust_hospital_mean", "Mean trust, hospital social-care teams (0 to 1)", "index 0 to 1", Emergent, Mean, unitLine,
		"Relational coordination between each hospital and social care at the horizon, averaged over hospitals.",
		func(w *window) float64 { return w.hospTrust }),
	def("trust_practice_mean", "Mean trust, practices (0 to 1)", "index 0 to 1", Emergent, Mean, unitLine,
		"Relational coordination between each practice and social care at the horizon, averaged over practices.",
		func(w *window) float64 { return w.pracTrust }),
	headline(3, def("upc_mean", "Mean UPC (0 to 1)", "index 0 to 1", Emergent, Mean, unitLine,
		"Usual-provider continuity: the share of a patient's consultations in the window with their usual GP, averaged over patients with at least two.",
		func(w *window) float64 { return w.c.mean })),
	def("upc_mean_aged_65_79", "Mean UPC, patients aged 65 to 79", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over patients aged 65 to 79 with at least two consultations.",
		func(w *window) float64 { return w.c.mean6579 }),
	def("upc_p25", "UPC, lower quartile", "index 0 to 1", Emergent, Quantile, unitLine,
		"Lower quartile of UPC over patients with at least two consultations, in hundredths.",
		func(w *window) float64 { return w.c.p25 }),
	def("upc_median", "UPC, median", "index 0 to 1", Emergent, Quantile, unitLine,
		"Median UPC over patients with at least two consultations, in hundredths.",
		func(w *window) float64 { return w.c.median }),
	def("upc_p75", "UPC, upper quartile", "index 0 to 1", Emergent, Quantile, unitLine,
		"Upper quartile of UPC over patients with at least two consultations, in hundredths.",
		func(w *window) float64 { return w.c.p75 }),
	def("upc_mean_small_practices", "Mean UPC, practices under 6,000", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over the patients of practices with fewer than 6,000 patients.",
		func(w *window) float64 { return w.c.bySize[0] }),
	def("upc_mean_medium_practices", "Mean UPC, practices of 6,000 to 12,000", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over the patients of practices with 6,000 to 11,999 patients.",
		func(w *window) float64 { return w.c.bySize[1] }),
	def("upc_mean_large_practices", "Mean UPC, practices of 12,000 or more", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over the patients of practices with 12,000 patients or more.",
		func(w *window) float64 { return w.c.bySize[2] }),
	def("relationship_years_mean", "Mean years with the usual GP", "years", Emergent, Mean, nonNeg,
		"How long each patient has been with their usual GP at the horizon, averaged over patients.",
		func(w *window) float64 { return w.c.relYears }),
	def("preferred_gp_share", "Share of consultations with the preferred GP", "share", Emergent, Share, unitLine,
		"Share of GP consultations that were with the patient's preferred GP, the GP they have seen most of late (the same count as usual_gp_share).",
		func(w *window) float64 { return ratio(float64(w.s.Usual), float64(w.s.Consultations)) }),
	def("preferred_gp_share_high_turnover_practices", "Share with the preferred GP, high-turnover practices", "share", Emergent, Share, unitLine,
		"preferred_gp_share over the consultations of practices whose GP turnover over the window exceeded 10% a year.",
		func(w *window) float64 { return w.ps.prefHigh }),
	def("preferred_gp_share_low_turnover_practices", "Share with the preferred GP, low-turnover practices", "share", Emergent, Share, unitLine,
		"preferred_gp_share over the consultations of practices whose GP turnover over the window was 10% a year or less.",
		func(w *window) float64 { return w.ps.prefLow }),
	def("upc_mean_aged_65_79_small_practices", "Mean UPC aged 65 to 79, smallest fifth of practices", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC of patients aged 65 to 79 with at least two consultations, in the fifth of practices with the smallest lists at the horizon.",
		func(w *window) float64 { return w.ps.upc6579Small }),
	def("upc_mean_aged_65_79_large_practices", "Mean UPC aged 65 to 79, largest fifth of practices", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC of patients aged 65 to 79 with at least two consultations, in the fifth of practices with the largest lists at the horizon.",
		func(w *window) float64 { return w.ps.upc6579Large }),
	def("upc_mean_growing_practices", "Mean UPC, practices whose list grew", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over the patients of practices whose list grew in the window: they took over a neighbour or, with list growth, registered newcomers from new housing.",
		func(w *window) float64 { return w.ps.upcGrowing }),
	def("upc_mean_stable_practices", "Mean UPC, practices whose list did not grow", "index 0 to 1", Emergent, Mean, unitLine,
		"Mean UPC over the patients of practices whose list did not grow in the window.",
		func(w *window) float64 { return w.ps.upcStable }),
	def("emergency_admissions_per_1000_high_turnover_practices", "Emergency admissions per 1,000, high-turnover practices", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions per 1,000 patients a year of practices whose GP turnover over the window exceeded 10% a year (list at the horizon).",
		func(w *window) float64 { return w.ps.admHigh }),
	def("emergency_admissions_per_1000_low_turnover_practices", "Emergency admissions per 1,000, low-turnover practices", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"Emergency admissions per 1,000 patients a year of practices whose GP turnover over the window was 10% a year or less.",
		func(w *window) float64 { return w.ps.admLow }),
	def("acsc_admissions_per_1000_upc_low_tercile", "ACSC admissions per 1,000, lowest third of UPC", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"ACSC admissions in the window per 1,000 person-years, over patients with at least two consultations whose own UPC is in the lowest third (each over their own time on the list in the window; patients registered at the horizon).",
		func(w *window) float64 { return w.ps.acscUPCLow }),
	def("acsc_admissions_per_1000_upc_high_tercile", "ACSC admissions per 1,000, highest third of UPC", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"ACSC admissions in the window per 1,000 person-years, over patients with at least two consultations whose own UPC is in the highest third (each over their own time on the list in the window).",
		func(w *window) float64 { return w.ps.acscUPCHigh }),
	def("acsc_admissions_per_1000_upc_low_tercile_within_type", "ACSC admissions per 1,000, lowest third of UPC within patient type", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"As acsc_admissions_per_1000_upc_low_tercile, with the thirds of UPC taken within each patient type (age band, deprivation quintile, multimorbidity) and the rates standardised to the types' shares of patients with at least two consultations: the comparison adjusted for the model's patient-level risk factors.",
		func(w *window) float64 { return w.ps.acscUPCLowStrat }),
	def("acsc_admissions_per_1000_upc_high_tercile_within_type", "ACSC admissions per 1,000, highest third of UPC within patient type", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
		"As acsc_admissions_per_1000_upc_high_tercile, with the thirds of UPC taken within each patient type and the rates standardised to the types' shares (see the low-tercile metric).",
		func(w *window) float64 { return w.ps.acscUPCHighStrat }),
}, acscByAgeDefs(), []metricDef{
	def("practice_mergers_per_year", "Practice mergers a year", "mergers per year", Emergent, Rate, nonNeg,
		"Practices taken over by a neighbour whose GPs stay, per year.",
		func(w *window) float64 { return ratio(float64(w.s.Mergers), w.years) }),
	def("practice_closures_per_year", "Practice closures a year", "closures per year", Emergent, Rate, nonNeg,
		"Practices that closed, their list moving to a neighbour and their GPs leaving, per year.",
		func(w *window) float64 { return ratio(float64(w.s.Closures), w.years) }),
	def("list_moves_per_1000", "Patients moving away per 1,000", "moves per 1,000 person-years", Emergent, Rate, nonNeg,
		"Patients who moved away from their practice in the window (list turnover), each replaced by a newcomer of the same type, per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Moved) }),
	def("deaths_replaced_per_1000", "Patients who died and were replaced per 1,000", "deaths per 1,000 person-years", Emergent, Rate, nonNeg,
		"Patients who died within 30 days of an emergency admission and were replaced, at the end of that stay, by a newcomer of the same type, per 1,000 patients a year.",
		func(w *window) float64 { return per1000(w, w.s.Replaced) }),
	def("gp_requests_unmet_share", "Share of GP requests not met", "share", Emergent, Share, unitLine,
		"Requests that found no free appointment with any GP in the days that can be booked, over all requests.",
		func(w *window) float64 { return ratio(float64(w.s.GpUnmet), float64(w.s.GpUnmet+w.s.Consultations)) }),
	def("gp_turnover_per_year", "GP turnover a year", "leavers per post-year", Emergent, Rate, nonNeg,
		"GPs who left in the window per GP post a year.",
		func(w *window) float64 { return ratio(float64(w.s.GpLeavers), float64(len(w.m.gps))*w.years) }),
	def("gp_leavers_per_year", "GP leavers a year", "GPs per year", Emergent, Rate, nonNeg,
		"GPs who left in the window (turnover and lost tenders), per year.",
		func(w *window) float64 { return ratio(float64(w.s.GpLeavers), w.years) }),
	def("deprivation_gradient", "Deprivation gradient of admissions (most / least deprived)", "ratio", Emergent, Rate, nonNeg,
		"Emergency admission rate of the most deprived quintile over that of the least deprived.",
		func(w *window) float64 {
			return ratio(float64(w.s.AdmByDep[NDep-1])*w.depPop[0], float64(w.s.AdmByDep[0])*w.depPop[NDep-1])
		}),
	def("access_variation_sd", "Variation in access between areas (SD)", "share of treatments", Emergent, Spread, [2]float64{0, 0.5},
		"Standard deviation across commissioning bodies of the share of discretionary treatments funded (the postcode lottery), from its own simulation of every body's decisions.",
		func(w *window) float64 { return w.lotterySD }),
	def("access_variation_range", "Variation in access between areas (range)", "share of treatments", Emergent, Spread, unitLine,
		"Range across commissioning bodies of the share of discretionary treatments funded.",
		func(w *window) float64 { return w.lotteryRange }),
	def("patients", "Registered patients", "patients", Structural, Fixed, nonNeg,
		"Registered patients in the model; with list growth, the mean over the window (person-years a year).",
		func(w *window) float64 { return w.patients }),
	def("practices", "GP practices", "practices", Structural, Fixed, nonNeg,
		"GP practices in the model.",
		func(w *window) float64 { return float64(len(w.m.practices)) }),
	def("gps", "GPs", "GPs", Structural, Fixed, nonNeg,
		"GP posts in the model.",
		func(w *window) float64 { return float64(len(w.m.gps)) }),
	def("hospitals", "Hospitals", "hospitals", Structural, Fixed, nonNeg,
		"Hospitals in the model.",
		func(w *window) float64 { return float64(len(w.m.hospitals)) }),
	def("beds", "Beds", "beds", Structural, Fixed, nonNeg,
		"General and acute beds in the model.",
		func(w *window) float64 { return float64(w.beds) }),
	def("home_care_hours", "Home-care hours a week (pathway 1 capacity)", "hours a week", Structural, Fixed, nonNeg,
		"Pathway 1's stock of home-care and reablement hours a week in the model, before any change by a pool, the care market or winter.",
		func(w *window) float64 { return float64(w.slots) }),
}, costDefs(), []metricDef{
	headline(2, def(DuplicationCostPerHead, "Duplication and transaction costs (£ per head a year)", "£ per head-year", Accounting, Rate, nonNeg,
		"The sum of the cost_per_head_ categories: the organisational structure's duplication and transaction costs, not total spending.",
		func(w *window) float64 { return w.costTotal })),
	def(TransfersPerHead, "Transfers between NHS bodies (£ per head a year)", "£ per head-year", Accounting, Rate, nonNeg,
		"Money that moves between NHS bodies without using resources, so not in duplication_transaction_cost_per_head: under activity payment, coding drift, invoiced value beyond the care given (incentives.coding_drift of the episode price on every invoice); and bailouts, what commissioners paid to restore the reserves of hospitals whose losses exceeded them (finances.failure bailout), whose costs are the hospitals' care, counted where it is given.",
		func(w *window) float64 { return w.transfers }),
	def("duplication_transaction_cost_share", "Duplication and transaction costs as a share of spend", "share of spend", Accounting, Share, nonNeg,
		"duplication_transaction_cost_per_head over spend per head (costs.spend_per_head).",
		func(w *window) float64 { return w.costTotal / w.m.cfg.Costs.SpendPerHead }),
	def("budget_balance_per_head", "Budget balance (£ per head)", "£ per head", Accounting, Total, [2]float64{-inf, inf},
		"Commissioners' budget (budget.per_head) less what the costs the model counts, and any GP capacity the balance bought, spent, accumulated over the window, per registered patient: positive under budget, negative over.",
		func(w *window) float64 { return ratio(w.s.Budget, w.patients) }),
	def("provider_changes_per_year", "Provider changes a year", "changes per year", Emergent, Rate, nonNeg,
		"Tenders that moved a practice's contract to another provider, per year.",
		func(w *window) float64 { return ratio(float64(w.s.Changes), w.years) }),
	def("provider_quality_sd", "Spread of hospital quality (SD)", "relative risk", Emergent, Spread, nonNeg,
		"Standard deviation across hospitals, at the horizon, of their quality: the relative risk (mean 1 at the start) that multiplies 30-day mortality and readmission risk. Drift keeps it near providers.quality_sd; responses to lost volume can narrow or widen it.",
		func(w *window) float64 { return w.qualitySD }),
	def("hospital_quality_mean", "Mean hospital quality (relative risk)", "relative risk", Emergent, Mean, nonNeg,
		"Mean across hospitals, at the horizon, of their quality (the relative risk of death and readmission; 1 at the start on average, lower is better).",
		func(w *window) float64 { return w.qualityMean }),
	def("competition_hhi_mean", "Competition: mean HHI of catchments (0 to 1)", "index 0 to 1", Emergent, Mean, unitLine,
		"Herfindahl-Hirschman index of where each hospital catchment's elective referrals in the window went (the sum of squared shares; 1 when all go to one hospital), averaged over catchments.",
		func(w *window) float64 { return w.hhi }),
	def("choice_set_size_mean", "Mean choice set (hospitals)", "hospitals", Emergent, Mean, nonNeg,
		"Hospitals an elective patient could choose among, over the window's referrals: those within choice.reach_km with patient choice, 1 without.",
		func(w *window) float64 { return ratio(float64(w.s.ChoiceSets), float64(w.s.Referrals)) }),
	def("provider_exits", "Providers exited", "providers", Emergent, Total, nonNeg,
		"Providers whose finances failed in the window and who left: practice contract holders paid below cost until their reserves ran out (each contract re-tendered at once), and hospitals whose losses exceeded their reserves under finances.failure exit (each taken over by a rival).",
		func(w *window) float64 { return float64(w.s.Exits) }),
	def("hospital_failures", "Hospital failures", "failures", Emergent, Total, nonNeg,
		"Times in the window a hospital's losses exceeded its reserves and the regulator's support (finances.support_years), whether it was then bailed out or exited (finances.failure).",
		func(w *window) float64 { return float64(w.s.HospitalFailures) }),
	def("hospital_failures_per_hospital_year", "Hospital failures per hospital-year", "failures per hospital-year", Emergent, Rate, nonNeg,
		"Hospital failures (hospital_failures) per hospital per year of the window: the rate England's record of trusts placed in the failure regime is a rate of (docs/calibration.md).",
		func(w *window) float64 {
			return ratio(float64(w.s.HospitalFailures), float64(len(w.m.hospitals))*w.years)
		}),
	def("hospital_balance_mean", "Hospitals' mean balance (share of income)", "share of income a year", Emergent, Mean, [2]float64{-inf, inf},
		"Mean over hospitals' quarterly financial reviews in the window of their balance: income less cost a year, as a share of their reference income (negative: a deficit).",
		func(w *window) float64 { return ratio(w.s.Balance, float64(w.s.Reviews)) }),
	def("hospital_balance_sd", "Spread of hospitals' balances (SD)", "share of income a year", Emergent, Spread, nonNeg,
		"Standard deviation over hospitals' quarterly financial reviews in the window of their balance (hospital_balance_mean).",
		func(w *window) float64 {
			n := float64(w.s.Reviews)
			mean := ratio(w.s.Balance, n)
			return math.Sqrt(max(ratio(w.s.BalanceSq, n)-mean*mean, 0))
		}),
	def("hospital_reserve_low_mean", "Hospitals' lowest reserves (mean)", "years of income", Emergent, Mean, [2]float64{-inf, inf},
		"Mean across hospitals of the lowest reserves each reached at a review in the window, in years of its reference income (negative: its deepest debt to the regulator). With hospital_reserve_low_sd it gives the share of hospitals whose debt would pass a support limit (finances.support_years): the failure rate's tail.",
		func(w *window) float64 { return w.lowMean }),
	def("hospital_reserve_low_sd", "Spread of hospitals' lowest reserves (SD)", "years of income", Emergent, Spread, nonNeg,
		"Standard deviation across hospitals of the lowest reserves each reached at a review in the window (hospital_reserve_low_mean).",
		func(w *window) float64 { return w.lowSD }),
	def("hospitals_in_debt_share", "Share of hospitals in debt to the regulator", "share", Emergent, Share, unitLine,
		"Share of hospitals' quarterly financial reviews in the window that ended with their reserves spent and a debt to the regulator (finances.support_years).",
		func(w *window) float64 { return ratio(float64(w.s.Supported), float64(w.s.Reviews)) }),
	def("provider_entries", "New elective providers", "providers", Emergent, Total, nonNeg,
		"New elective providers (finances.entry) that opened in the window.",
		func(w *window) float64 { return float64(w.s.Entries) }),
	def("tenders_won_by_better_provider_share", "Share of contract changes to a better provider", "share", Emergent, Share, unitLine,
		"Of the tenders in the window that moved a contract to another provider, the share whose new provider's true quality was better than the old one's.",
		func(w *window) float64 { return ratio(float64(w.s.BetterChanges), float64(w.s.Changes)) }),
	monthly(11, func(w *window) []float64 { return w.s.MElectives },
		seriesOnly("elective_admissions", "Elective admissions", "admissions", "Planned (elective) admissions in the month.")),
	monthly(12, func(w *window) []float64 { return w.s.MCancellations },
		seriesOnly("elective_cancellations", "Elective cancellations", "cancellations", "Elective admissions cancelled for want of a bed in the month.")),
	monthly(15, func(w *window) []float64 {
		return perMonth(w, func(i int, width float64) float64 {
			return ratio(1e5*w.s.delayed.Buckets[i], width*w.patients)
		})
	}, def("medically_fit_in_beds_per_100k", "Medically fit patients in beds per 100,000", "patients per 100,000", Emergent, Mean, nonNeg,
		"Mean number of medically fit patients occupying beds (every discharge pathway), per 100,000 patients.",
		func(w *window) float64 { return ratio(1e5*w.s.delayed.Area(), w.span*w.patients) })),
	monthly(16, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.delayed.Buckets[i], w.s.beds.Buckets[i]) })
	}, def("medically_fit_bed_share", "Share of occupied beds held by medically fit patients", "share", Emergent, Share, unitLine,
		"Bed-days of medically fit patients over occupied bed-days (emergency and elective).",
		func(w *window) float64 { return ratio(w.s.delayed.Area(), w.s.beds.Area()) })),
	monthly(17, func(w *window) []float64 {
		return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.MFitWait[i], w.s.MFitN[i]) })
	}, def("fit_to_discharge_wait_mean_days", "Mean wait from medically fit to discharge (days)", "days", Emergent, Mean, nonNeg,
		"Mean time from being medically fit to leaving the bed, over every emergency discharge through the fit state (step-downs to a virtual ward excluded).",
		func(w *window) float64 {
			var n int64
			var sum float64
			for k := range nPathways {
				n += w.s.FitN[k]
				sum += w.s.FitWait[k]
			}
			return ratio(sum, float64(n))
		})),
}, pathwayDefs(), reasonDefs(), orgDefs(), winterDefs(), ambulanceDefs(), mentalHealthDefs(), oohDefs(), appraisalDefs())

// reasonDefs registers, for each reason a medically fit patient is still in
// a bed beyond the ward's own work, its share of that time.
func reasonDefs() []metricDef {
	labels := [nReasons]string{"awaiting completion of assessment", "awaiting public funding (a funding decision)", "awaiting further non-acute NHS care (the step-down queue, pathway 2)", "awaiting a care package in their own home (pathway 1's queue)", "awaiting a residential or nursing home place (pathway 3's queue)", "patient or family choice (of a care home)", "disputes between health and social care", "other reasons (information lost at a hand-off)"}
	var out []metricDef
	for r := range nReasons {
		out = append(out, def("fit_bed_days_share_"+reasonNames[r], "Share of delay: "+labels[r], "share", Emergent, Share, unitLine,
			fmt.Sprintf("Time medically fit patients spent in beds beyond the ward's own work (letters, medicines, transport) for reason %s, over that time for every reason (the reasons sum to 1; the ward's own work, counted in delayed_bed_days, is in none: NHS England's delayed transfers of care counted delays past it). Each part is counted when it is known: a process time when it is drawn, a queue's wait when the place is taken.", reasonNames[r]),
			func(w *window) float64 {
				var sum float64
				for _, x := range w.s.FitDays {
					sum += x
				}
				return ratio(w.s.FitDays[r], sum)
			}))
	}
	return out
}

// orgDefs registers, for each organisation responsible for delays (the
// NHS, social care, both), its share of the time counted under the
// reasons: each reason's time split as discharge.*_share attributes it.
func orgDefs() []metricDef {
	labels := [nOrgs]string{"attributed to the NHS", "attributed to social care", "attributed to both the NHS and social care"}
	var out []metricDef
	for o := range nOrgs {
		out = append(out, def("fit_bed_days_share_org_"+orgNames[o], "Share of delay "+labels[o], "share", Emergent, Share, unitLine,
			fmt.Sprintf("Time medically fit patients spent in beds beyond the ward's own work, counted under each reason as the fit_bed_days_share_ metrics are, attributed to %s as NHS England's delayed transfers of care statistics attributed it (each reason's split is set by the discharge.*_share parameters; further non-acute NHS care is the NHS's, disputes both's), over that time for every reason (nhs, social_care and both sum to 1). Accounting of the reasons' simulated time: it moves only as the reasons' shares move.", orgNames[o]),
			func(w *window) float64 {
				att := attribution(&w.m.cfg.Discharge)
				var sum, x float64
				for r, d := range w.s.FitDays {
					sum += d
					x += d * att[r][o]
				}
				return ratio(x, sum)
			}))
	}
	return out
}

// winterMonths are the months of a run counted as winter, December to
// February, by their index in a year that starts on 1 April (as
// demand.winter_peak_day assumes).
var winterMonths = [...]int{8, 9, 10}

// winterSum adds f(i, days) over the winter months of the window, days
// being the part of month i inside the window, and returns the sum of f and
// of the days.
func winterSum(w *window, f func(i int) float64) (sum, days float64) {
	for i := range w.s.months {
		if !slices.Contains(winterMonths[:], i%12) {
			continue
		}
		lo, hi := max(float64(i)*DaysPerMonth, w.m.warmup), min(float64(i+1)*DaysPerMonth, w.m.horizon)
		if hi <= lo {
			continue
		}
		sum += f(i)
		days += hi - lo
	}
	return sum, days
}

// winterDefs registers the winter (December to February) means of
// medically fit patients in beds and of bed occupancy.
func winterDefs() []metricDef {
	return []metricDef{
		def("medically_fit_in_beds_per_100k_winter", "Medically fit patients in beds per 100,000, winter", "patients per 100,000", Emergent, Mean, nonNeg,
			"Mean number of medically fit patients occupying beds (every discharge pathway), per 100,000 patients, over the window's days from December to February (a run starts on 1 April).",
			func(w *window) float64 {
				area, days := winterSum(w, func(i int) float64 { return w.s.delayed.Buckets[i] })
				return ratio(1e5*area, days*w.patients)
			}),
		def("bed_occupancy_winter", "Bed occupancy, winter (0 to 1)", "share", Emergent, Share, unitLine,
			"Occupied bed-days over available bed-days, emergency and elective, over the window's days from December to February (a run starts on 1 April).",
			func(w *window) float64 {
				occ, _ := winterSum(w, func(i int) float64 { return w.s.beds.Buckets[i] })
				open, _ := winterSum(w, func(i int) float64 { return w.s.bedCap.Buckets[i] })
				return ratio(occ, open)
			}),
	}
}

// pathwayNames are the discharge pathways as metric names and labels say them.
var pathwayNames = [nPathways]string{"home with no new support", "home with new care or reablement", "a step-down bed", "a new care-home placement"}

// pathwayDefs registers, for each discharge pathway, its share of
// discharges and mean wait from medically fit to discharge, and for
// pathways 1-3 the utilisation of their places (also monthly).
func pathwayDefs() []metricDef {
	var out []metricDef
	for k := range nPathways {
		out = append(out,
			def(fmt.Sprintf("discharge_share_pathway_%d", k), fmt.Sprintf("Share of discharges, pathway %d", k), "share", Emergent, Share, unitLine,
				fmt.Sprintf("Discharges through the medically fit state on pathway %d (%s), over all of them.", k, pathwayNames[k]),
				func(w *window) float64 {
					var n int64
					for j := range nPathways {
						n += w.s.FitN[j]
					}
					return ratio(float64(w.s.FitN[k]), float64(n))
				}),
			def(fmt.Sprintf("fit_to_discharge_wait_mean_days_pathway_%d", k), fmt.Sprintf("Mean wait from medically fit to discharge, pathway %d (days)", k), "days", Emergent, Mean, nonNeg,
				fmt.Sprintf("Mean time from being medically fit to leaving the bed, over discharges on pathway %d (%s).", k, pathwayNames[k]),
				func(w *window) float64 { return ratio(w.s.FitWait[k], float64(w.s.FitN[k])) }))
		if k == pathwayHome {
			continue
		}
		out = append(out, monthly(17+k, func(w *window) []float64 {
			return perMonth(w, func(i int, _ float64) float64 { return ratio(w.s.care[k].Buckets[i], w.s.capacity[k].Buckets[i]) })
		}, def(fmt.Sprintf("care_utilisation_pathway_%d", k), fmt.Sprintf("Utilisation of pathway %d capacity (0 to 1)", k), "share", Emergent, Share, [2]float64{0, inf},
			fmt.Sprintf("Capacity held over capacity open, integrated over the window, on pathway %d (%s): hours a week held over hours a week open on pathway 1, place-days on pathways 2 and 3; above 1 only while a cut in capacity waits for clients to leave.", k, pathwayNames[k]),
			func(w *window) float64 { return ratio(w.s.care[k].Area(), w.s.capacity[k].Area()) })))
	}
	return out
}

// ambulanceDefs registers the ambulance service's metrics (ambulance.service;
// without it they have no value).
func ambulanceDefs() []metricDef {
	response := func(cat int) func(w *window) float64 {
		return func(w *window) float64 { return ratio(w.s.AmbResponse[cat], float64(w.s.AmbResponses[cat])) }
	}
	return []metricDef{
		def("ambulance_response_mean_minutes_cat1", "Mean category 1 ambulance response (minutes)", "minutes", Emergent, Mean, nonNeg,
			"Mean time from a category 1 (life-threatening) 999 call to a crew's arrival on scene: the wait for a free crew, the call's handling and the journey, over the window's category 1 incidents.",
			response(0)),
		def("ambulance_response_mean_minutes_cat2", "Mean category 2 ambulance response (minutes)", "minutes", Emergent, Mean, nonNeg,
			"Mean time from a category 2 (emergency) 999 call to a crew's arrival on scene, over the window's category 2 incidents: it lengthens when crews are held at the emergency department.",
			response(1)),
		def("handover_delay_mean_minutes", "Mean ambulance handover (minutes)", "minutes", Emergent, Mean, nonNeg,
			"Mean time from an ambulance's arrival at the emergency department to the end of the handover: the wait for a free place in the department (held by patients being assessed and admitted patients waiting for a bed) and the handover itself.",
			func(w *window) float64 { return ratio(w.s.HandoverDelay, float64(w.s.Handovers)) }),
		def("handovers_over_60_min_per_1000_conveyances", "Handovers over 60 minutes per 1,000 conveyances", "per 1,000 conveyances", Emergent, Rate, [2]float64{0, 1000},
			"Handovers that took more than 60 minutes from the ambulance's arrival, per 1,000 handovers at the emergency department.",
			func(w *window) float64 { return ratio(1000*float64(w.s.Handovers60), float64(w.s.Handovers)) }),
		def("conveyance_rate", "Share of 999 incidents conveyed to an emergency department", "share", Emergent, Share, unitLine,
			"999 incidents conveyed to an emergency department over all incidents (heard and treated, seen and treated, conveyed): set by ambulance.conveyance_share except where admissions by ambulance exceed it.",
			func(w *window) float64 {
				var n int64
				for _, c := range w.s.AmbOutcomes {
					n += c
				}
				return ratio(float64(w.s.AmbOutcomes[outcomeConvey]), float64(n))
			}),
	}
}

// acscByAgeDefs registers acsc_admissions_per_1000_aged_BAND for each age
// band.
func acscByAgeDefs() []metricDef {
	out := make([]metricDef, NAges)
	for a, band := range AgeBands() {
		name := "acsc_admissions_per_1000_aged_" + strings.NewReplacer("-", "_", "+", "_plus").Replace(band)
		out[a] = def(name, "ACSC admissions per 1,000 aged "+band, "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
			"ACSC admissions in the window per 1,000 patients aged "+band+" a year.",
			func(w *window) float64 { return w.ps.acscByAge[a] })
	}
	return out
}

// seriesOnly registers a metric reported only as a monthly series.
func seriesOnly(name, label, unit, definition string) metricDef {
	return metricDef{MetricInfo: MetricInfo{
		Name: name, Label: label, Unit: unit, Definition: definition,
		Kind: Emergent, Aggregation: Total, Min: 0, Max: inf,
	}}
}

// costDefs registers a metric cost_per_head_CATEGORY for each cost category.
func costDefs() []metricDef {
	out := make([]metricDef, len(costCategories))
	for i, c := range costCategories {
		out[i] = def(CostPrefix+c.name, c.label+" (£ per head a year)", "£ per head-year", Accounting, Rate, nonNeg,
			c.definition, func(w *window) float64 { return w.costs[i] })
	}
	return out
}

// DuplicationCostPerHead is the metric that sums the cost categories: the
// duplication and transaction costs per head a year.
const DuplicationCostPerHead = "duplication_transaction_cost_per_head"

// TransfersPerHead is the metric of money moved between NHS bodies without
// using resources (coding drift), in £ per head a year: not a cost category,
// and not in [DuplicationCostPerHead].
const TransfersPerHead = "transfers_per_head"

// CostPrefix starts the name of every cost category's metric:
// cost_per_head_CATEGORY, in £ per registered patient a year.
const CostPrefix = "cost_per_head_"

// Metrics returns the metric registry, in the order of [Result.Metrics]
// (series-only metrics last).
func Metrics() []MetricInfo {
	out := make([]MetricInfo, len(metricDefs))
	for i, d := range metricDefs {
		out[i] = d.MetricInfo
	}
	return out
}

// LookupMetric returns the named metric's entry in the registry.
func LookupMetric(name string) (MetricInfo, bool) {
	for _, d := range metricDefs {
		if d.Name == name {
			return d.MetricInfo, true
		}
	}
	return MetricInfo{}, false
}

// MetricLabel returns the named metric's label, or the name itself if it is
// not registered.
func MetricLabel(name string) string {
	if m, ok := LookupMetric(name); ok {
		return m.Label
	}
	return name
}

// HeadlineMetrics returns the names of the headline metrics, in order.
func HeadlineMetrics() []string {
	var hs []MetricInfo
	for _, d := range metricDefs {
		if d.Headline > 0 {
			hs = append(hs, d.MetricInfo)
		}
	}
	slices.SortFunc(hs, func(a, b MetricInfo) int { return cmp.Compare(a.Headline, b.Headline) })
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Name
	}
	return out
}

// CostCategories returns the categories of duplication and transaction
// costs, in the order they are reported: each is a metric
// CostPrefix+category.
func CostCategories() []string {
	out := make([]string, len(costCategories))
	for i, c := range costCategories {
		out[i] = c.name
	}
	return out
}

// seriesDefs returns the registered series in their order.
func seriesDefs() []metricDef {
	var out []metricDef
	for _, d := range metricDefs {
		if d.Series > 0 {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b metricDef) int { return cmp.Compare(a.Series, b.Series) })
	return out
}
