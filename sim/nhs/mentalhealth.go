package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// Mental health beds (mental_health.service). Each hospital catchment's
// people are admitted for severe mental illness at a rate per head, to the
// adult acute mental health beds of their provider. With pooled beds, one
// provider runs the beds of the whole local system (market.hospitals_per_
// market catchments), and an admission takes any of them; otherwise each
// catchment has a provider of its own, and an admission finds only that
// provider's beds, even when another provider of the local system has one
// free. An admission that finds no free bed is placed out of area, at a
// cost per day and for a longer stay, and is counted; it never queues (a
// bed is bought elsewhere the same day).

// MentalHealth sets the mental health beds and their out-of-area
// placements (issue 30, item 3) and whether a local system's beds are held
// by one provider or split among several (item 4).
type MentalHealth struct {
	Service             bool    `yaml:"service" default:"false" doc:"lever: admissions for severe mental illness to adult acute mental health beds, with out-of-area placements when the provider's beds are full, are simulated; off, nothing of it is"`
	PooledBeds          bool    `yaml:"pooled_beds" default:"false" doc:"lever: one mental health provider holds the beds of a whole local system (market.hospitals_per_market catchments), so an admission takes a free bed anywhere in it; otherwise each hospital catchment has a provider of its own, whose admissions go out of area when its beds are full even if another provider's bed is free"`
	AdmissionsPer100k   float64 `yaml:"admissions_per_100k" default:"135" domain:"[0,100000]" range:"110,160" unit:"admissions per 100,000 patients a year" source:"derived: ≈6,700 adult acute beds (37% of just over 18,000 adult beds [cmh-benchmarking-2019]) at 95% occupancy [cmh-benchmarking-2019], plus ≈700 inappropriate out-of-area placements active at a time [nuffield-oap], over a mean stay of 33 days [cmh-benchmarking-2019], ≈78,000 admissions a year over 57.7m people [ons2023]" doc:"admissions for severe mental illness to adult acute mental health beds per 100,000 registered patients a year (Poisson, constant over the year: an assumption)"`
	BedsPer100k         float64 `yaml:"beds_per_100k" default:"11.6" domain:"[0,10000]" range:"10,13.5" unit:"beds per 100,000 patients" source:"derived: adult acute beds are 37% of just over 18,000 adult mental health beds in England [cmh-benchmarking-2019], ≈6,700 over 57.7m people [ons2023]; KH03 counted 17,600-18,400 mental illness beds of all kinds in 2018-2021 [pq-2020-mh-beds]" doc:"adult acute mental health beds per 100,000 patients of each hospital catchment (rounded, at least 1 if the catchment has patients)"`
	LengthOfStayDays    float64 `yaml:"length_of_stay_days" default:"33" domain:"(0,3650]" range:"30,39" unit:"days" source:"mean stay in an adult acute bed 33 days in England (2018/19) [cmh-benchmarking-2019]; 32 days in 2014 and 39 in 2023 [kingsfund-mh360]" doc:"mean stay in an adult acute mental health bed (exponential: an assumption; stays are skewed, many short and some very long)"`
	OutOfAreaExtraStay  float64 `yaml:"out_of_area_extra_stay" default:"0.1" domain:"[0,10]" range:"0,0.3" unit:"1" source:"assumption: treatment close to home shortens stays [rcpsych-oap-2022]; no published ratio of stays out of area to stays at home was found" doc:"share by which a stay out of area is longer than the same stay in the patient's own provider's bed"`
	OutOfAreaCostPerDay float64 `yaml:"out_of_area_cost_per_day" default:"550" domain:"[0,100000]" range:"450,650" unit:"£ per placement-day" source:"derived: £120.65m spent on inappropriate out-of-area placements in 2021 [rcpsych-oap-2022] over ≈235,000 placement-days (58,735 in October-December 2021, times four) ≈ £510 a day; one trust paid £620 a bed-day in 2021/22 [ghc-foi-2023]" doc:"cost of a day of an out-of-area placement (a bed bought at short notice, usually from an independent provider): the provider's own beds are a fixed stock paid whether full or not, so the whole cost is extra"`
}

// mentalHealth is one hospital catchment's mental health beds: those its
// people bring to their provider, and, in the catchment that holds a
// provider's beds (each catchment's own, or the local system's first with
// pooled beds), the provider's beds and how many are occupied.
type mentalHealth struct {
	beds           int32      // this catchment's beds
	pool, occupied int32      // the provider's beds and those occupied (in the catchment that holds them)
	rate           float64    // admissions per day
	stream         sim.Stream // every mental health draw of the catchment
}

// startMentalHealth sizes each catchment's mental health beds in span sp,
// gives them to their provider and schedules each catchment's first
// admission.
func (m *model) startMentalHealth(sp span) {
	c := &m.cfg.MentalHealth
	if !c.Service {
		return
	}
	for h := sp.h0; h < sp.h1; h++ {
		mh := &m.hospitals[h].mh
		people := float64(m.hospitals[h].people)
		if people > 0 {
			mh.beds = int32(max(math.Round(c.BedsPer100k*people/1e5), 1))
		}
		m.hospitals[m.mhProvider(h)].mh.pool += mh.beds
		m.stats.mhCap.Add(0, float64(mh.beds))
		mh.rate = c.AdmissionsPer100k / 1e5 * people / DaysPerYear
		m.scheduleMHAdmission(h)
	}
}

// mhProvider is the catchment that holds the beds of catchment h's
// mental health provider.
func (m *model) mhProvider(h int32) int32 {
	if m.cfg.MentalHealth.PooledBeds {
		return m.span.h0
	}
	return h
}

// scheduleMHAdmission schedules catchment h's next admission for severe
// mental illness.
func (m *model) scheduleMHAdmission(h int32) {
	mh := &m.hospitals[h].mh
	if mh.rate <= 0 {
		return
	}
	m.k.After(mh.stream.Exp(1/mh.rate), 0, evMHAdmission, h, 0)
}

// mhAdmission admits one of catchment h's people to a free bed of their
// provider, or places them out of area if there is none. One draw for the
// stay, whatever happens.
func (m *model) mhAdmission(h, _ int32) {
	c := &m.cfg.MentalHealth
	now := m.k.Now()
	m.scheduleMHAdmission(h)
	stay := m.hospitals[h].mh.stream.Exp(c.LengthOfStayDays)
	p := m.mhProvider(h)
	if o := &m.hospitals[p].mh; o.occupied < o.pool {
		o.occupied++
		m.stats.mhOcc.Add(now, 1)
		m.k.After(stay, 0, evMHDischarge, p, 0)
		return
	}
	days := stay * (1 + c.OutOfAreaExtraStay)
	m.stats.placedOutOfArea(now, days)
	m.money.spent += days * c.OutOfAreaCostPerDay
}

// mhDischarge frees one of the mental health beds held in catchment p.
func (m *model) mhDischarge(p, _ int32) {
	m.hospitals[p].mh.occupied--
	m.stats.mhOcc.Add(m.k.Now(), -1)
}

// mentalHealthDefs registers the mental health beds' metrics
// (mental_health.service; without it they have no value).
func mentalHealthDefs() []metricDef {
	return []metricDef{
		def("mh_out_of_area_placements_per_100k", "Out-of-area mental health placements per 100,000 a year", "placements per 100,000 person-years", Emergent, Rate, nonNeg,
			"Admissions for severe mental illness placed out of area because their provider's adult acute beds were full, per 100,000 registered patients a year (placements started in the window).",
			func(w *window) float64 {
				if !w.m.cfg.MentalHealth.Service {
					return math.NaN()
				}
				return ratio(1e5*float64(w.s.MHPlacements), w.patients*w.years)
			}),
		def("mh_bed_occupancy", "Mental health bed occupancy (0 to 1)", "share", Emergent, Share, unitLine,
			"Occupied adult acute mental health bed-days over available bed-days in the window (the providers' own beds; out-of-area placements are not counted).",
			func(w *window) float64 { return ratio(w.s.mhOcc.Area(), w.s.mhCap.Area()) }),
	}
}
