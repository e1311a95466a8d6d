package nhs

import "math"

// The model's mechanisms are its event kinds, each with one handler. Adding
// a mechanism is adding a kind to this list and its entry to mechanisms
// below, here: the event loop dispatches through the table, so there is no
// switch to extend, and a kind that starts itself schedules its first
// events in its entry's start. A and B are an event's payload, as each
// kind's comment says.
const (
	evGPRequest     uint8 = iota // A: practice
	evGPLeave                    // A: GP post, B: generation (stale ones are void)
	evAdmission                  // A: practice
	evStayEnd                    // A: hospital, B: patient
	evPackageEnd                 // A: hospital, B: pathway whose place is freed
	evAssessed                   // A: hospital | pathway<<pathwayShift (| lostFlag), B: medically fit patient whose process delays are over
	evReferral                   // A: practice
	evElectiveSlot               // A: hospital
	evElectiveEnd                // A: hospital, B: patient
	evReadmission                // A: hospital, B: patient
	evStepDown                   // A: hospital, B: patient
	evWardEnd                    // A: hospital
	evTeamTurnover               // A: hospital
	evTender                     // A: practice
	evGPArrive                   // A: GP post, which a new GP takes
	evMerger                     // A: practice, which takes over its neighbour, B: generation
	evCareMarket                 // A: hospital: monthly review of care capacity
	evChange                     // A: moment (a timeline entry, a year of growth, a dip's end)
	evReview                     // A: hospital: periodic review of providers and their practices
	evBudget                     // monthly review of the budget; no payload
	evListChange                 // monthly step of list turnover and growth; no payload
	evIncident                   // A: hospital: a 999 incident of its catchment that leads to no admission (B: -1 for a look without one)
	evCrewFree                   // A: hospital: one of its ambulance crews is free
	evAtED                       // A: hospital | acscFlag, B: patient to admit or -1: an ambulance reaches the emergency department
	evEDEnd                      // A: hospital | acscFlag, B: patient to admit or -1: a conveyed patient's time in the department ends
	evMHAdmission                // A: hospital: an admission for severe mental illness from its catchment
	evMHDischarge                // A: hospital that holds the provider's mental health beds: one of them is freed
	evEscalation                 // A: hospital: monthly review of its winter escalation beds
	evRelease                    // A: hospital: a crew waiting at its door reaches ambulance.release_minutes
	evOOHPeriod                  // A: hospital that holds an out-of-hours service: the start of an out-of-hours period
	evOOHAdmit                   // A: hospital | acscFlag, B: patient: an admission after an out-of-hours contact
	evOOHOverflow                // A: hospital | oohFlags, B: patient: a request the out-of-hours service could not take reaches the emergency department or 999
	evResponderFree              // A: hospital: one of its solo responders is free (its category 1 patient's crew has arrived)
	nEventKinds
)

// handler handles one event of its kind at the kernel's current time, given
// its payload. Handlers are methods of model with this signature, so that
// the table holds them as method expressions and dispatch is one indirect
// call.
type handler func(m *model, a, b int32)

// mechanism is an event kind: its name, its handler and, for a kind that
// starts itself, what schedules its first events in a span of the model.
type mechanism struct {
	name   string
	handle handler
	start  func(m *model, sp span)
}

// mechanisms names each event kind and gives its handler. The start
// functions run in this order at the start of a run.
var mechanisms = [nEventKinds]mechanism{
	evGPRequest: {"GP consultation requests of a practice-day", (*model).gpRequests,
		func(m *model, sp span) {
			for g := sp.g0; g < sp.g1; g++ {
				if p := &m.practices[g]; p.requestRate > 0 {
					p.nextRequest = m.k.Now() + p.demand.Exp(1/p.requestRate)
					m.scheduleRequests(g)
				}
			}
		}},
	evGPLeave: {"GP leaves the practice", (*model).gpLeave,
		func(m *model, sp span) {
			for j := sp.j0; j < sp.j1; j++ {
				m.scheduleLeave(j)
			}
		}},
	evAdmission: {"emergency admission candidate", (*model).admission,
		func(m *model, sp span) {
			for g := sp.g0; g < sp.g1; g++ {
				if p := &m.practices[g]; p.admitRate > 0 {
					m.k.After(p.admits.Exp(1/p.admitRate), 0, evAdmission, g, 0)
				}
			}
		}},
	evStayEnd:    {"end of an emergency stay", (*model).stayEnd, nil},
	evPackageEnd: {"end of a place on a discharge pathway", (*model).packageEnd, (*model).startCare},
	evAssessed:   {"ready to leave a bed on a discharge pathway", (*model).assessed, nil},
	evReferral: {"elective referral", (*model).referral,
		func(m *model, sp span) {
			for g := sp.g0; g < sp.g1; g++ {
				if p := &m.practices[g]; p.referRate > 0 {
					m.k.After(p.referrals.Exp(1/p.referRate), 0, evReferral, g, 0)
				}
			}
		}},
	evElectiveSlot: {"elective slot for an overnight admission", (*model).electiveSlot,
		func(m *model, sp span) {
			for h := sp.h0; h < sp.h1; h++ {
				m.initialList(h)
				hp := &m.hospitals[h]
				if hp.electiveRate > 0 {
					m.k.After(hp.electives.Exp(1/hp.electiveRate), 0, evElectiveSlot, h, 0)
				}
				// Treatments without a bed need no event: they are
				// caught up whenever the list is read or changed.
				hp.nextClinic = math.Inf(1)
				if hp.clinicRate > 0 {
					hp.nextClinic = hp.clinics.Exp(1 / hp.clinicRate)
				}
			}
		}},
	evElectiveEnd: {"end of an elective stay", (*model).electiveEnd, nil},
	evReadmission: {"readmission", (*model).readmission, nil},
	evStepDown:    {"step-down to a virtual ward", (*model).stepDown, nil},
	evWardEnd:     {"end of a virtual-ward stay", (*model).wardEnd, nil},
	evTeamTurnover: {"social-care team turnover", (*model).teamTurnover,
		func(m *model, sp span) {
			if rate := m.cfg.Trust.TeamTurnoverRate; rate > 0 {
				for h := sp.h0; h < sp.h1; h++ {
					m.k.After(m.hospitals[h].team.Exp(DaysPerYear/rate), 0, evTeamTurnover, h, 0)
				}
			}
		}},
	evCareMarket: {"monthly review of care capacity", (*model).careMarket, nil},
	evEscalation: {"monthly review of winter escalation beds", (*model).escalate,
		func(m *model, sp span) {
			if m.cfg.Hospitals.EscalationBedsShare > 0 {
				for h := sp.h0; h < sp.h1; h++ {
					m.k.At(0, 0, evEscalation, h, 0)
				}
			}
		}},
	evTender: {"practice contract tender", (*model).tender,
		func(m *model, sp span) {
			if m.cfg.Contracts.Tendering {
				for g := sp.g0; g < sp.g1; g++ {
					// Contracts start at staggered points of their cycle.
					m.k.After(m.practices[g].tenders.Float64()*m.cfg.Contracts.TenderCycleYears*DaysPerYear, 0, evTender, g, 0)
				}
			}
		}},
	evGPArrive: {"a new GP takes a vacant post", (*model).gpArrive, nil},
	evMerger: {"practice takes over its neighbour", (*model).merger,
		func(m *model, sp span) {
			for g := sp.g0; g < sp.g1; g++ {
				m.scheduleMerger(g)
			}
		}},
	evChange: {"timeline change, growth step or end of a dip", (*model).change,
		func(m *model, sp span) {
			for h := sp.h0; h < sp.h1; h++ {
				m.stats.bedCapacity(0, float64(m.hospitals[h].beds))
				m.hospitals[h].stock.Add(0, float64(m.hospitals[h].beds))
			}
			for i, mo := range m.moments {
				m.k.At(mo.at, 0, evChange, int32(i), 0)
			}
		}},
	evReview: {"periodic review of providers", (*model).review,
		func(m *model, sp span) {
			for h := sp.h0; h < sp.h1; h++ {
				// The list at the start, so that the first review counts
				// what was treated since.
				m.hospitals[h].lastList = int64(m.hospitals[h].waitingList.Len())
				m.k.After(m.cfg.Providers.ReviewMonths*DaysPerMonth, 0, evReview, h, 0)
			}
		}},
	evBudget: {"monthly review of the budget", (*model).budgetReview,
		func(m *model, sp span) { m.k.After(DaysPerMonth, 0, evBudget, 0, 0) }},
	evListChange: {"monthly step of list turnover and growth", (*model).listChange,
		func(m *model, sp span) {
			// Mid-month, each step standing for its month.
			if DaysPerMonth/2 < m.horizon {
				m.k.At(DaysPerMonth/2, 0, evListChange, 0, 0)
			}
		}},
	evIncident:      {"999 incident without an admission", (*model).incident, (*model).startAmbulance},
	evCrewFree:      {"ambulance crew free", (*model).crewFree, nil},
	evAtED:          {"ambulance at the emergency department", (*model).atED, nil},
	evEDEnd:         {"end of a conveyed patient's time in the department", (*model).edEnd, nil},
	evMHAdmission:   {"admission for severe mental illness", (*model).mhAdmission, (*model).startMentalHealth},
	evMHDischarge:   {"discharge from a mental health bed", (*model).mhDischarge, nil},
	evRelease:       {"ambulance crew released from the door", (*model).release, nil},
	evOOHPeriod:     {"out-of-hours period of a GP out-of-hours service", (*model).oohPeriod, (*model).startOOH},
	evOOHAdmit:      {"admission after an out-of-hours contact", (*model).oohAdmit, nil},
	evOOHOverflow:   {"out-of-hours request sent to the emergency department or 999", (*model).oohOverflow, nil},
	evResponderFree: {"solo responder free", (*model).responderFree, nil},
}

// handlers is mechanisms indexed by every possible kind, so that the event
// loop's lookup needs no bounds check; a kind without a handler panics.
var handlers = func() (h [256]handler) {
	for k, mech := range mechanisms {
		h[k] = mech.handle
	}
	return h
}()
