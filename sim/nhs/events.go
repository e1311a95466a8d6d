package nhs

// The model's mechanisms are its event kinds, each with one handler. Adding
// a mechanism is adding a kind to this list and its entry to mechanisms
// below, here: the event loop dispatches through the table, so there is no
// switch to extend. A and B are an event's payload, as each kind's comment
// says.
const (
	evGPRequest    uint8 = iota // A: practice
	evGPLeave                   // A: GP
	evAdmission                 // A: practice
	evStayEnd                   // A: hospital, B: patient
	evPackageEnd                // A: hospital
	evAssessed                  // A: hospital, B: patient ready for a package slot
	evReferral                  // A: practice
	evElectiveSlot              // A: hospital
	evElectiveEnd               // A: hospital, B: patient
	evReadmission               // A: hospital, B: patient
	evStepDown                  // A: hospital, B: patient
	evWardEnd                   // A: hospital
	evTeamTurnover              // A: hospital
	evTender                    // A: practice
	nEventKinds
)

// handler handles one event of its kind at the kernel's current time.
type handler func(m *model, a, b int32)

// mechanisms names each event kind and gives its handler.
var mechanisms = [nEventKinds]struct {
	name   string
	handle handler
}{
	evGPRequest:    {"GP consultation request", func(m *model, a, _ int32) { m.gpRequest(a) }},
	evGPLeave:      {"GP leaves the practice", func(m *model, a, _ int32) { m.gpLeave(a) }},
	evAdmission:    {"emergency admission candidate", func(m *model, a, _ int32) { m.admission(a) }},
	evStayEnd:      {"end of an emergency stay", func(m *model, a, b int32) { m.stayEnd(a, b) }},
	evPackageEnd:   {"end of a care package", func(m *model, a, _ int32) { m.packageEnd(a) }},
	evAssessed:     {"assessed for a care package", func(m *model, a, b int32) { m.assessed(a, b) }},
	evReferral:     {"elective referral", func(m *model, a, _ int32) { m.referral(a) }},
	evElectiveSlot: {"elective theatre slot", func(m *model, a, _ int32) { m.electiveSlot(a) }},
	evElectiveEnd:  {"end of an elective stay", func(m *model, a, b int32) { m.electiveEnd(a, b) }},
	evReadmission:  {"readmission", func(m *model, a, b int32) { m.readmission(a, b) }},
	evStepDown:     {"step-down to a virtual ward", func(m *model, a, b int32) { m.stepDown(a, b) }},
	evWardEnd:      {"end of a virtual-ward stay", func(m *model, a, _ int32) { m.wardEnd(a) }},
	evTeamTurnover: {"social-care team turnover", func(m *model, a, _ int32) { m.teamTurnover(a) }},
	evTender:       {"practice contract tender", func(m *model, a, _ int32) { m.tender(a) }},
}

// handlers is mechanisms indexed by every possible kind, so that the event
// loop's lookup needs no bounds check; a kind without a handler panics.
var handlers = func() (h [256]handler) {
	for k, mech := range mechanisms {
		h[k] = mech.handle
	}
	return h
}()
