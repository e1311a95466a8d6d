package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// The ambulance service and the handover at the emergency department
// (ambulance.service). Each hospital's catchment has its crews and its
// department's places for ambulance patients. A 999 incident is either an
// emergency admission that arrives by ambulance (a share of the admission
// candidates that pass thinning) or one of the catchment's other incidents,
// which come at the rate that makes up ambulance.incidents_per_1000 and
// take crew time (and department places, when conveyed) without an
// admission. An incident is heard and treated on the telephone, seen and
// treated on scene, or conveyed to the patient's hospital; a conveyed
// patient is handed over when the department has a free place, and the
// crew waits with them until then. The department's places are held by the
// patients it is assessing and by the admitted patients waiting for a bed
// (the hospital's boarding queue), so full beds hold crews at the door and
// the next caller waits longer for a crew.

// nCategories is the number of response categories with a crew (1-4).
const nCategories = 4

// minutesPerDay turns the ambulance parameters' minutes into days.
const minutesPerDay = 24 * 60

// acscFlag marks, in an ambulance event's hospital payload, an admission
// for an ambulatory-care-sensitive condition (hospitals are fewer than
// 1<<pathwayShift).
const acscFlag = 1 << pathwayShift

// call is an incident waiting for a crew or a conveyed patient waiting for
// the handover: when it started, the patient who will be admitted (-1 if
// none) and whether the admission is for an ACSC; and, for a category 1
// call that a solo responder attends, when the responder arrives.
type call struct {
	since     float64
	first     float64 // the solo responder's arrival (responder only)
	patient   int32
	acsc      bool
	convey    bool
	responder bool
}

// ambulance is one hospital catchment's ambulance crews and its emergency
// department's places for ambulance patients.
type ambulance struct {
	crews, free    int32
	solo, soloFree int32 // solo responders (ambulance.rapid_responders_per_100k), and those free
	places, held   int32 // department places, and those held by patients being assessed
	waiting        [nCategories]sim.FIFO[call]
	handovers      sim.FIFO[call] // conveyed patients waiting at the door
	toWard         sim.FIFO[call] // conveyed patients to admit, waiting in the department for a usable bed
	stream         sim.Stream     // every ambulance draw of the catchment
	incidentsRate  float64        // the catchment's incidents per day, before winter
}

// startAmbulance sizes each hospital's crews and department places in span
// sp and schedules its first incident without an admission.
func (m *model) startAmbulance(sp span) {
	a := &m.cfg.Ambulance
	if !a.Service {
		return
	}
	for h := sp.h0; h < sp.h1; h++ {
		hp := &m.hospitals[h]
		am := &hp.amb
		people := float64(hp.people)
		// Rounded up, so that a catchment smaller than a hospital's (a
		// small sample) never has fewer crews or places per head than
		// the parameters say: a queue with too few servers for its load
		// would grow without bound and hold up its admissions.
		am.crews = int32(max(math.Ceil(a.CrewsPer100k*people/1e5-1e-9), 1))
		am.free = am.crews
		am.solo = int32(max(math.Ceil(a.RapidRespondersPer100k*people/1e5-1e-9), 0))
		am.soloFree = am.solo
		am.places = int32(max(math.Ceil(a.EDPlacesPer100k*people/1e5-1e-9), 1))
		am.incidentsRate = a.IncidentsPer1000 / 1000 * people / DaysPerYear
		m.scheduleIncident(h)
	}
}

// otherRate is the rate per day of hospital h's incidents that lead to no
// admission: all incidents less the admissions that arrive by ambulance.
func (m *model) otherRate(h int32) float64 {
	hp := &m.hospitals[h]
	return max(hp.amb.incidentsRate*m.season(m.k.Now())-m.cfg.Ambulance.AdmittedShare*hp.admits, 0)
}

// scheduleIncident schedules hospital h's next incident without an
// admission, at the rate of the moment (the season follows
// demand.monthly_profile and demand.winter_peak).
// If the admissions by ambulance make up every incident, it looks again a
// day later.
func (m *model) scheduleIncident(h int32) {
	r := m.otherRate(h)
	if r <= 0 {
		m.k.After(1, 0, evIncident, h, -1)
		return
	}
	m.k.After(m.hospitals[h].amb.stream.Exp(1/r), 0, evIncident, h, 0)
}

// incident is one of hospital h's incidents that lead to no admission. Of
// all incidents, hear_and_treat_share are closed on the telephone and
// conveyance_share conveyed; the admissions by ambulance are conveyed, so
// the other incidents are conveyed in the share that makes up the rest,
// and the others seen and treated. Two draws, whatever the shares (b is
// -1 for a look without an incident).
func (m *model) incident(h, b int32) {
	a := &m.cfg.Ambulance
	hp := &m.hospitals[h]
	am := &hp.amb
	now := m.k.Now()
	all := am.incidentsRate * m.season(now)
	other := m.otherRate(h)
	m.scheduleIncident(h)
	if b < 0 || other <= 0 {
		return
	}
	u := am.stream.Float64()
	cat := m.category(&am.stream)
	hear := a.HearAndTreatShare * all / other
	convey := max(a.ConveyanceShare*all-(all-other), 0) / other
	switch {
	case u < hear:
		m.stats.incident(now, outcomeHear)
	case u < hear+convey:
		m.stats.incident(now, outcomeConvey)
		m.call(h, cat, call{since: now, patient: -1, convey: true})
	default:
		m.stats.incident(now, outcomeSee)
		m.call(h, cat, call{since: now, patient: -1})
	}
}

// The outcomes of an incident.
const (
	outcomeHear   = iota // heard and treated on the telephone
	outcomeSee           // seen and treated on scene
	outcomeConvey        // conveyed to the emergency department
	nOutcomes
)

// category draws an incident's response category (0 for category 1).
func (m *model) category(s *sim.Stream) int {
	u := s.Float64()
	sh := &m.cfg.Ambulance.CategoryShares
	for c := range nCategories - 1 {
		if u < sh[c] {
			return c
		}
		u -= sh[c]
	}
	return nCategories - 1
}

// byAmbulance starts the 999 call of an emergency admission of patient to
// hospital h that arrives by ambulance, and reports whether it does (a
// share ambulance.admitted_share of them; two draws whatever the share).
func (m *model) byAmbulance(h, patient int32, acsc bool) bool {
	am := &m.hospitals[h].amb
	yes := am.stream.Bernoulli(m.cfg.Ambulance.AdmittedShare)
	cat := m.category(&am.stream)
	if !yes {
		return false
	}
	m.convey(h, cat, patient, acsc)
	return true
}

// convey is the 999 call, of category cat, of a patient of hospital h's
// catchment who will be conveyed and admitted.
func (m *model) convey(h int32, cat int, patient int32, acsc bool) {
	now := m.k.Now()
	// The admission counts now, when it happens, as without the service;
	// the patient seeks a bed when the department is done (edEnd).
	m.countAdmission(patient, acsc)
	m.stats.incident(now, outcomeConvey)
	m.call(h, cat, call{since: now, patient: patient, acsc: acsc, convey: true})
}

// call sends a free crew to an incident of category cat at hospital h's
// catchment, or puts it in its category's queue. A category 1 call that
// finds none of h's crews free gets a free solo responder of h's
// (ambulance.rapid_responders_per_100k) as well: under the Ambulance
// Response Programme the clock stops at the first arrival, and the
// responder stays until the crew comes. With shared dispatch
// (ambulance.shared_dispatch), a free crew of another catchment of the
// local system goes when none of h's is free, at the extra journey
// cross_catchment_minutes; it then belongs to h's catchment, where it
// finishes. The responder goes whether the crew comes from another
// catchment or waits in the queue, so sharing the fleet never takes a
// responder from a category 1 call.
func (m *model) call(h int32, cat int, c call) {
	am := &m.hospitals[h].amb
	if am.free > 0 {
		am.free--
		m.dispatch(h, cat, c, 0)
		return
	}
	if cat == 0 && am.soloFree > 0 {
		// None of h's crews is free: a solo responder of the catchment
		// goes at once (the call's handling and its journey), and a crew
		// follows, from another catchment or when one is free, to treat
		// and convey.
		am.soloFree--
		c.responder = true
		a := &m.cfg.Ambulance
		c.first = c.since + (am.stream.Exp(a.CallMinutes)+am.stream.Exp(a.TravelMinutes))/minutesPerDay
	}
	if m.cfg.Ambulance.SharedDispatch {
		for o := m.span.h0; o < m.span.h1; o++ {
			if oa := &m.hospitals[o].amb; o != h && oa.free > 0 {
				oa.free--
				m.dispatch(h, cat, c, m.cfg.Ambulance.CrossCatchmentMinutes)
				return
			}
		}
	}
	am.waiting[cat].Push(c)
}

// dispatch sends a crew to incident c of hospital h's catchment: the
// response is the wait for the crew, the call's handling and the journey
// (extra minutes longer for a crew from another catchment), or, if a solo
// responder arrives first, the responder's: the clock stops at the first
// arrival. The responder is free when the crew arrives. The crew then
// treats on scene and is free, or conveys the patient to the department.
func (m *model) dispatch(h int32, cat int, c call, extra float64) {
	a := &m.cfg.Ambulance
	am := &m.hospitals[h].amb
	now := m.k.Now()
	reach := (am.stream.Exp(a.CallMinutes) + am.stream.Exp(a.TravelMinutes) + extra) / minutesPerDay
	scene := am.stream.Exp(a.SceneMinutes) / minutesPerDay
	if c.responder {
		m.stats.responded(c.since, cat, min(now+reach, c.first)-c.since)
		m.k.After(reach, 0, evResponderFree, h, 0)
	} else {
		m.stats.responded(c.since, cat, now-c.since+reach)
	}
	if !c.convey {
		m.k.After(reach+scene, 0, evCrewFree, h, 0)
		return
	}
	journey := am.stream.Exp(a.ToHospitalMinutes) / minutesPerDay
	flags := h
	if c.acsc {
		flags |= acscFlag
	}
	m.k.After(reach+scene+journey, 0, evAtED, flags, c.patient)
}

// crewFree frees one of hospital h's crews and sends it to the most urgent
// waiting incident of its catchment. With shared dispatch the fleet is one:
// the crew takes the most urgent category waiting anywhere in the local
// system, its own catchment's first within a category, then the other
// catchments' in order of hospital, at the extra journey.
func (m *model) crewFree(h, _ int32) {
	am := &m.hospitals[h].amb
	shared := m.cfg.Ambulance.SharedDispatch
	for cat := range nCategories {
		if q := &am.waiting[cat]; q.Len() > 0 {
			m.dispatch(h, cat, q.Pop(), 0)
			return
		}
		if !shared {
			continue
		}
		for o := m.span.h0; o < m.span.h1; o++ {
			if q := &m.hospitals[o].amb.waiting[cat]; o != h && q.Len() > 0 {
				m.dispatch(o, cat, q.Pop(), m.cfg.Ambulance.CrossCatchmentMinutes)
				return
			}
		}
	}
	am.free++
}

// responderFree frees one of hospital h's solo responders, when the crew
// of the category 1 call it attended arrives (or, if the crew came first,
// is stood down). It waits for the next category 1 call; it does not take
// one already waiting for a crew.
func (m *model) responderFree(h, _ int32) { m.hospitals[h].amb.soloFree++ }

// atED is a conveyed patient's arrival at the emergency department: they
// are handed over at once if a place is free and no crew is waiting
// before them, and otherwise wait with their crew.
func (m *model) atED(a, patient int32) {
	h := a &^ acscFlag
	am := &m.hospitals[h].amb
	am.handovers.Push(call{since: m.k.Now(), patient: patient, acsc: a&acscFlag != 0, convey: true})
	m.handovers(h)
	if r := m.cfg.Ambulance.ReleaseMinutes; r > 0 && am.handovers.Len() > 0 {
		m.k.After(r/minutesPerDay, 0, evRelease, h, 0)
	}
}

// release hands over, whether or not the department has a free place,
// the patients at hospital h's door who have waited
// ambulance.release_minutes (release to respond): the crew hands the
// patient to the department's care in a corridor and leaves. They are the
// first in the queue at the door, which is in order of arrival; a patient
// handed over in the meantime has no one to release.
func (m *model) release(h, _ int32) {
	am := &m.hospitals[h].amb
	limit := m.k.Now() - m.cfg.Ambulance.ReleaseMinutes/minutesPerDay
	for am.handovers.Len() > 0 && am.handovers.Front().since <= limit+1e-9 {
		m.handOver(h, am.handovers.Pop())
	}
}

// edFull reports whether hospital h's department has no free place: its
// places are held by patients being assessed and by admitted patients
// waiting for a bed.
func (m *model) edFull(h int32) bool {
	hp := &m.hospitals[h]
	return hp.amb.held+int32(hp.boarding.Len()) >= hp.amb.places
}

// handovers hands over the patients waiting at hospital h's door, in
// order, while its department has free places.
func (m *model) handovers(h int32) {
	am := &m.hospitals[h].amb
	for am.handovers.Len() > 0 && !m.edFull(h) {
		m.handOver(h, am.handovers.Pop())
	}
}

// handOver hands over conveyed patient c at hospital h's department. The
// handover takes its own time (longer when information is lost at the
// boundary between the services, unless records are shared), then the
// crew turns round and is free, and the patient holds a place (beyond the
// department's places if released to it) until they are admitted or go
// home.
func (m *model) handOver(h int32, c call) {
	a := &m.cfg.Ambulance
	am := &m.hospitals[h].amb
	now := m.k.Now()
	am.held++
	// Erlang-2: a handover is steps of work, less variable than one
	// exponential time.
	process := am.stream.Exp(a.HandoverMinutes/2) + am.stream.Exp(a.HandoverMinutes/2)
	lost := am.stream.Bernoulli(m.cfg.Discharge.InformationLossProbability * (1 - m.adoption()))
	if lost {
		process += am.stream.Exp(a.InformationLossMinutes)
	}
	process /= minutesPerDay
	m.stats.handedOver(c.since, now-c.since+process)
	m.k.After(process+a.TurnaroundMinutes/minutesPerDay, 0, evCrewFree, h, 0)
	flags := h
	if c.acsc {
		flags |= acscFlag
	}
	m.k.After(process+am.stream.Exp(a.EDHours/24), 0, evEDEnd, flags, c.patient)
}

// edEnd ends a conveyed patient's assessment in the department. A patient
// who is not admitted goes home and frees their place. A patient to admit
// (counted as an admission at the call) moves to a ward (seekBed) if the
// hospital has more free beds than its reserve (ambulance.bed_reserve:
// beds are not interchangeable, so the last few free beds are rarely the
// right ones), and otherwise waits in the department, holding the place,
// until a bed frees (wards).
func (m *model) edEnd(a, patient int32) {
	h := a &^ acscFlag
	am := &m.hospitals[h].amb
	if patient >= 0 {
		c := call{since: m.k.Now(), patient: patient, acsc: a&acscFlag != 0}
		if am.toWard.Len() > 0 || !m.usableBed(h) {
			am.toWard.Push(c)
			return
		}
		am.held--
		m.seekBed(h, patient)
	} else {
		am.held--
	}
	m.handovers(h)
}

// usableBed reports whether hospital h has more free beds than its reserve.
func (m *model) usableBed(h int32) bool {
	hp := &m.hospitals[h]
	return float64(hp.freeBeds) > m.cfg.Ambulance.BedReserve*float64(hp.beds)
}

// wards moves the department's patients waiting for a ward to a bed while
// usable beds are free, then hands over the patients at the door while
// places are free. It runs whenever a bed is freed.
func (m *model) wards(h int32) {
	am := &m.hospitals[h].amb
	for am.toWard.Len() > 0 && m.usableBed(h) {
		c := am.toWard.Pop()
		am.held--
		m.seekBed(h, c.patient)
	}
	m.handovers(h)
}
