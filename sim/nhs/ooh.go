package nhs

import (
	"math"
	"slices"

	"github.com/nhssim/nhssim/sim/pmath"
)

// Out-of-hours general practice (out_of_hours.service). Urgent requests
// outside practice hours (weekdays 18:30 to 08:00, and weekends) go to an
// out-of-hours service: each hospital catchment's own, contracted apart
// (and triaged by a separately contracted NHS 111), or, with
// single_service, one service for the whole local system, its clinicians
// one pool behind one dispatch. A catchment's requests come at a rate per
// head, spread over its practices by their GP demand, and thinned by the
// requester's relationship with their usual GP (Sandvik 2022: a longer
// relationship, less out-of-hours use). The service's clinicians take
// requests first come, first served; a request no clinician can start
// within max_wait_hours goes to the emergency department, or to 999, where
// an admission is likelier. A contact ends in an admission with
// admission_share, more often when information was lost at the hand-off
// from the patient's practice (and from a separate triage service) to the
// clinician; shared records (discharge.shared_records, as adopted) prevent
// the loss. The admissions that follow out-of-hours contacts are a share of
// England's emergency admissions (share_of_emergency_admissions), which the
// practices' own admission stream gives up while the service runs.
//
// A service's requests of one out-of-hours period are drawn and served
// together in one event at the period's start, in time order (across the
// catchments of a single service too): first come, first served with a
// fixed patience, each request's start is known when it arrives, from the
// clinicians' times free. Admissions and overflows then happen at their own
// times, as events. The patients' continuity is read at the period's start,
// within the model's resolution (no GP consultation falls out of hours).

// OutOfHours sets out-of-hours general practice (issue 30, item 2) and
// whether a local system has one service or one per hospital catchment
// (item 4).
type OutOfHours struct {
	Service                    bool    `yaml:"service" default:"false" doc:"lever: urgent requests outside practice hours go to an out-of-hours GP service (or, when it is full, to the emergency department or 999), and a share of emergency admissions follows its contacts; off, nothing of it is simulated"`
	SingleService              bool    `yaml:"single_service" default:"false" doc:"lever: one out-of-hours service for a whole local system (market.hospitals_per_market catchments), with one dispatch and records shared across its triage and clinicians: a request takes the first free clinician anywhere in it, and its contacts cross one boundary (the patient's practice to the service); otherwise each hospital catchment has a service of its own, contracted apart and triaged by a separately contracted NHS 111 service (two boundaries), whose requests wait for its own clinicians only"`
	RequestsPer1000            float64 `yaml:"requests_per_1000" default:"124" domain:"[0,10000]" range:"105,150" unit:"requests per 1,000 patients a year" source:"set so that contacts are ≈108 per 1,000 a year, 5.8m cases in 2013-14 [nao-2014-ooh] over 53.9m people [ons2023] (derived), once relationship_elasticity thins them (mean thinning ≈0.87 in the england scenario); 159 calls per 1,000 in 1997-98 [salisbury2000] and 8.6m cases in 2007-08 [nao-2014-ooh] bound the range" doc:"urgent requests to the out-of-hours service per 1,000 registered patients a year from patients whose relationship with their usual GP is a year or less (relationship_elasticity thins the others); spread over a catchment's practices, and their patients' types, by GP consultation demand (an assumption: out-of-hours use is highest among young children [salisbury2000]); no season or growth"`
	RelationshipElasticity     float64 `yaml:"relationship_elasticity" default:"0.13" domain:"[0,2]" range:"0,0.2" unit:"1" source:"fit to out-of-hours use OR 0.87 at 2-3 years and 0.70 at over 15 years vs 1 year, ≈ L^-0.13 [sandvik2022] (Norway, observational)" doc:"a request from a patient with a relationship of L years with their usual GP (L between 1 and 15) happens with probability L^-e; 0 = no effect"`
	ClinicianHoursPer100k      float64 `yaml:"clinician_hours_per_100k" default:"105" domain:"[0,100000]" range:"70,150" unit:"clinician hours a week per 100,000 patients" source:"derived: 5.8m cases in 2013-14, 2.5m by telephone, 2.5m at a base and 0.8m home visits [nao-2014-ooh], at an assumed 10, 20 and 60 minutes (with travel) ≈ 2.0m clinician hours a year, ≈73 hours a week per 100,000 people, over an assumed utilisation of 0.7 for peaks; ≈25 sessions of 4 hours" doc:"the stock of out-of-hours clinician time: hours a week per 100,000 patients of each hospital catchment, spread evenly over the 115.5 out-of-hours hours of a week (clinicians on duty = hours × people / 100,000 / 115.5, rounded, at least 1 where there are any); 0 means no service in reach, and every request goes to the emergency department or 999"`
	ContactMinutes             float64 `yaml:"contact_minutes" default:"22" domain:"(0,6000]" range:"15,30" unit:"minutes" source:"derived from the mix of 2013-14: 43% telephone advice, 43% at a base, 14% home visits [nao-2014-ooh], at an assumed 10, 20 and 60 minutes" doc:"mean clinician time of a contact (exponential)"`
	MaxWaitHours               float64 `yaml:"max_wait_hours" default:"2" domain:"(0,72]" range:"1,6" unit:"hours" source:"assumption: the national quality requirements ask that urgent patients are seen face to face within 2 hours and less urgent ones within 6 [nao-2014-ooh]" doc:"a request that no clinician can start within this long goes to the emergency department or 999 instead (at that time)"`
	AdmissionShare             float64 `yaml:"admission_share" default:"0.053" domain:"[0,1]" range:"0.045,0.087" unit:"1" source:"hospital admission followed 5.5% of out-of-hours calls (1997-98, 20 cooperatives) [salisbury2000], less the admissions lost information adds at the default loss (÷1.03, derived); 8.7% of a London cooperative's contacts and 6.8% of a deputising service's [salisbury1997]" doc:"share of out-of-hours contacts that end in an emergency admission when the clinician has the patient's information"`
	LostInformationAdmissionRR float64 `yaml:"lost_information_admission_rr" default:"1.2" domain:"[0.1,10]" range:"1,1.5" unit:"1" source:"assumption: out-of-hours GPs said the Summary Care Record informed their decisions [pulse-2010-scr], and a systematic review found no measured outcome of primary care records used in unscheduled care [bowden2017]; the range includes no effect" doc:"multiplier of admission_share for a contact (or an emergency department visit) whose information was lost at a hand-off across a boundary (discharge.information_loss_probability at each boundary, none with shared records in use)"`
	EDAdmissionRR              float64 `yaml:"ed_admission_rr" default:"2" domain:"[0.1,20]" range:"1,4" unit:"1" source:"assumption: an emergency department admits about a quarter of its type 1 attendances [nhse-ae-2024] against 5.5% of out-of-hours calls [salisbury2000], but the patients who overflow are the service's, less ill than the department's; the range runs from no difference" doc:"multiplier of admission_share for a request that goes to the emergency department or 999 because no clinician was free"`
	Overflow999Share           float64 `yaml:"overflow_999_share" default:"0.2" domain:"[0,1]" range:"0.1,0.4" unit:"1" source:"assumption: people who had not heard of the out-of-hours service were almost five times as likely to call 999 at night [nao-2014-ooh]" doc:"share of the requests that overflow that call 999 (an ambulance incident, with ambulance.service) rather than go to the emergency department themselves"`
	ShareOfEmergencyAdmissions float64 `yaml:"share_of_emergency_admissions" default:"0.054" domain:"[0,0.9]" range:"0.04,0.08" unit:"1" source:"derived: 5.8m contacts [nao-2014-ooh] × 5.5% admitted [salisbury2000] ≈ 5.9 admissions per 1,000 a year over ≈110 emergency admissions per 1,000 [nhse-ae-2024]" doc:"share of the emergency admissions of hospitals.emergency_admission_rate that come through the out-of-hours service: while it runs, the practices' own stream of admissions is thinned by this share and the service's contacts and overflows make them instead, so that at England's arrangement the total is unchanged and the levers move it"`
	ServiceFixedCost           float64 `yaml:"service_fixed_cost" default:"150000" domain:"[0,1e8]" range:"50000,400000" unit:"£ per service-year" source:"assumption: an out-of-hours service's management, call handling system and registration; the cost of a case ranged from under £29 to over £134 between areas (2013-14) [nao-2014-ooh]" doc:"running cost of one out-of-hours service organisation a year, beyond its clinicians"`
}

// oohOpen and oohClose are practice hours on a weekday, in days from
// midnight: 08:00 to 18:30 (the GMS contract's core hours [nao-2014-ooh]).
const (
	oohOpen  = 8.0 / 24
	oohClose = 18.5 / 24
)

// oohHoursShare is the share of a week's hours out of practice hours.
const oohHoursShare = (7*24 - 5*10.5) / (7 * 24.0)

// Flags of an out-of-hours event's hospital payload, above acscFlag.
const (
	oohAdmitFlag = acscFlag << 1 // the overflowing patient is admitted
	ooh999Flag   = acscFlag << 2 // the overflowing patient calls 999
	oohFlags     = acscFlag | oohAdmitFlag | ooh999Flag
)

// oohPeriodEnd is the end of the out-of-hours period that contains time t
// (days from a Monday midnight): the next weekday opening after t.
func oohPeriodEnd(t float64) float64 {
	d := math.Floor(t)
	for {
		if wd := int(d) % 7; wd < 5 && d+oohOpen > t {
			return d + oohOpen
		}
		d++
	}
}

// startOOH sizes each catchment's out-of-hours clinicians in span sp, pools
// them with single_service, and schedules each service's first period.
func (m *model) startOOH(sp span) {
	c := &m.cfg.OutOfHours
	if !c.Service {
		return
	}
	// Requests per patient-year of GP demand, so that the population's
	// mean is requests_per_1000 at the start.
	var demand, people float64
	for g := range m.practices {
		demand += m.practices[g].requestRate
		people += float64(m.practices[g].size)
	}
	if demand > 0 {
		m.oohPerDemand = c.RequestsPer1000 / 1000 / DaysPerYear * people / demand / oohHoursShare
	}
	for h := sp.h0; h < sp.h1; h++ {
		n := 0
		if per := c.ClinicianHoursPer100k * float64(m.hospitals[h].people) / 1e5 / (oohHoursShare * 7 * 24); per > 0 {
			n = int(max(math.Round(per), 1))
		}
		s := m.oohService(h)
		m.hospitals[s].oohFree = append(m.hospitals[s].oohFree, make([]float64, n)...)
		if s == h {
			m.k.At(0, 0, evOOHPeriod, h, 0)
		}
	}
	m.oohNext = make([]oohNext, sp.h1-sp.h0)
}

// oohService is the catchment that holds the clinicians of catchment h's
// out-of-hours service.
func (m *model) oohService(h int32) int32 {
	if m.cfg.OutOfHours.SingleService {
		return m.span.h0
	}
	return h
}

// oohNext is a catchment's next request of the period being served and
// the cumulative GP demand of its practices, for drawing the requester's
// practice.
type oohNext struct {
	at   float64
	rate float64
	cum  []float64
}

// oohPeriod serves the out-of-hours period that starts now for the service
// held at catchment s: every catchment's requests, in time order, and
// schedules the next period.
func (m *model) oohPeriod(s, _ int32) {
	now := m.k.Now()
	end := min(oohPeriodEnd(now), m.horizon)
	if next := math.Floor(end) + oohClose; next < m.horizon {
		m.k.At(next, 0, evOOHPeriod, s, 0)
	}
	m.oohLeast = pmath.Pow(15, -m.cfg.OutOfHours.RelationshipElasticity)
	h0, h1 := s, s+1
	if m.cfg.OutOfHours.SingleService {
		h0, h1 = m.span.h0, m.span.h1
	}
	for h := h0; h < h1; h++ {
		x := &m.oohNext[h-m.span.h0]
		hp := &m.hospitals[h]
		x.cum = x.cum[:0]
		sum := 0.0
		for g := hp.g0; g < hp.g1; g++ {
			sum += m.practices[g].requestRate
			x.cum = append(x.cum, sum)
		}
		x.rate = sum * m.oohPerDemand
		x.at = math.Inf(1)
		if x.rate > 0 {
			x.at = now + hp.oohStream.Exp(1/x.rate)
		}
	}
	for {
		h := int32(-1)
		for c := h0; c < h1; c++ {
			if at := m.oohNext[c-m.span.h0].at; at < end && (h < 0 || at < m.oohNext[h-m.span.h0].at) {
				h = c
			}
		}
		if h < 0 {
			return
		}
		x := &m.oohNext[h-m.span.h0]
		t := x.at
		m.oohRequest(s, h, t, x.cum)
		x.at = t + m.hospitals[h].oohStream.Exp(1/x.rate)
	}
}

// oohRequest is a request at time t from catchment h to the service held
// at catchment s. Every draw is made whatever happens to the request, so
// that scenarios that differ in the levers share them.
func (m *model) oohRequest(s, h int32, t float64, cum []float64) {
	c := &m.cfg.OutOfHours
	hp := &m.hospitals[h]
	st := &hp.oohStream
	i, _ := slices.BinarySearch(cum, st.Float64()*cum[len(cum)-1])
	g := hp.g0 + int32(min(i, len(cum)-1))
	p := &m.practices[g]
	patient := p.draw(&p.gpTypes, st)
	thin := st.Float64()
	minutes := st.Exp(c.ContactMinutes)
	uLost, uAdmit, uACSC, u999 := st.Float64(), st.Float64(), st.Float64(), st.Float64()
	// Below the smallest multiplier (15 years' relationship) every
	// candidate is a request, without reading the patient's record.
	if e := c.RelationshipElasticity; e != 0 && thin >= m.oohLeast {
		l := min(max(m.relationshipYears(g, patient, t), 1), 15)
		if thin >= pmath.Pow(l, -e) {
			return // no request
		}
	}
	loss := m.cfg.Discharge.InformationLossProbability * (1 - m.adoption())
	flags := h
	if uACSC < m.cfg.Hospitals.ACSCShare {
		flags |= acscFlag
	}
	// The clinician free first takes the request, if within the wait.
	free := m.hospitals[s].oohFree
	j := -1 // the first clinician free soonest
	for k, f := range free {
		if j < 0 || f < free[j] {
			j = k
		}
	}
	if j >= 0 && free[j]-t <= c.MaxWaitHours/24 {
		start := max(t, free[j])
		free[j] = start + minutes/minutesPerDay
		m.stats.oohContact(t)
		boundaries := 1.0
		if !c.SingleService {
			boundaries = 2
		}
		q := c.AdmissionShare
		if uLost < 1-pmath.Pow(1-loss, boundaries) {
			q *= c.LostInformationAdmissionRR
		}
		if uAdmit < q {
			m.k.At(free[j], 0, evOOHAdmit, flags, patient)
		}
		return
	}
	// No clinician in time: the emergency department or 999.
	m.stats.oohOverflow(t)
	q := c.AdmissionShare * c.EDAdmissionRR
	if uLost < loss {
		q *= c.LostInformationAdmissionRR
	}
	if uAdmit < q {
		flags |= oohAdmitFlag
	}
	if u999 < c.Overflow999Share {
		flags |= ooh999Flag
	}
	if flags&oohAdmitFlag != 0 || (flags&ooh999Flag != 0 && m.cfg.Ambulance.Service) {
		m.k.At(t+c.MaxWaitHours/24, 0, evOOHOverflow, flags, patient)
	}
}

// oohAdmit admits a patient after an out-of-hours contact, by the way
// every emergency admission comes (a virtual ward, an ambulance, a bed).
func (m *model) oohAdmit(a, patient int32) {
	m.stats.oohAdmission(m.k.Now())
	m.emergency(a&^oohFlags, patient, a&acscFlag != 0)
}

// oohOverflow is a request the out-of-hours service could not take in
// time, reaching the emergency department or 999: with the ambulance
// service a 999 call is an incident (a conveyance if the patient is to be
// admitted; else heard and treated or seen and treated, in the ambulance's
// shares), and an admission counts as every emergency admission does.
func (m *model) oohOverflow(a, patient int32) {
	h := a &^ oohFlags
	acsc := a&acscFlag != 0
	admit := a&oohAdmitFlag != 0
	if a&ooh999Flag != 0 && m.cfg.Ambulance.Service {
		am := &m.hospitals[h].amb
		cat := m.category(&am.stream)
		hear := am.stream.Bernoulli(m.cfg.Ambulance.HearAndTreatShare)
		now := m.k.Now()
		switch {
		case admit:
			m.convey(h, cat, patient, acsc)
		case hear:
			m.stats.incident(now, outcomeHear)
		default:
			m.stats.incident(now, outcomeSee)
			m.call(h, cat, call{since: now, patient: -1})
		}
		return
	}
	if admit {
		m.arrive(h, patient, acsc)
	}
}

// oohDefs registers out-of-hours general practice's metrics
// (out_of_hours.service; without it they have no value).
func oohDefs() []metricDef {
	on := func(f func(w *window) float64) func(w *window) float64 {
		return func(w *window) float64 {
			if !w.m.cfg.OutOfHours.Service {
				return math.NaN()
			}
			return f(w)
		}
	}
	return []metricDef{
		def("ooh_contacts_per_1000", "Out-of-hours GP contacts per 1,000 a year", "contacts per 1,000 person-years", Emergent, Rate, nonNeg,
			"Urgent requests outside practice hours that the out-of-hours service's clinicians took (telephone advice, a base or a home visit) per 1,000 registered patients a year, by the time of the request.",
			on(func(w *window) float64 { return per1000(w, w.s.OOHContacts) })),
		def("ooh_admissions_per_1000", "Emergency admissions after out-of-hours contacts per 1,000 a year", "admissions per 1,000 person-years", Emergent, Rate, nonNeg,
			"Emergency admissions that followed an out-of-hours contact per 1,000 registered patients a year, by the time of the admission (part of emergency_admissions_per_1000; admissions of requests that overflowed to the emergency department or 999 are not among them).",
			on(func(w *window) float64 { return per1000(w, w.s.OOHAdmissions) })),
		def("ooh_overflow_per_1000", "Out-of-hours requests sent to the emergency department or 999 per 1,000 a year", "requests per 1,000 person-years", Emergent, Rate, nonNeg,
			"Urgent requests outside practice hours that no out-of-hours clinician could start within out_of_hours.max_wait_hours, and that went to the emergency department or 999 instead, per 1,000 registered patients a year.",
			on(func(w *window) float64 { return per1000(w, w.s.OOHOverflow) })),
	}
}
