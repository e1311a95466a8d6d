package nhs

import (
	"math"
	"slices"
)

// escalate is hospital h's monthly review of its winter escalation beds:
// in the months of winterMonths (December to February) it keeps open
// hospitals.escalation_beds_share of its general and acute beds on top of
// them, and none in the others. Beds opened take the patients waiting for
// one; beds closed while occupied close as their patients leave (free beds
// may go below zero, as when capacity falls on a timeline). The month is
// judged at its middle, so that the review at a month's start is not
// misplaced by rounding.
func (m *model) escalate(h, _ int32) {
	now := m.k.Now()
	hp := &m.hospitals[h]
	want := int32(0)
	if slices.Contains(winterMonths[:], monthOfYear(now+DaysPerMonth/2)) {
		want = int32(math.Round(float64(hp.beds-hp.escalation) * m.cfg.Hospitals.EscalationBedsShare))
	}
	if d := want - hp.escalation; d != 0 {
		hp.escalation = want
		hp.beds += d
		hp.freeBeds += d
		m.stats.bedCapacity(now, float64(d))
		m.stats.escalated.Add(now, float64(d))
		hp.stock.Add(now, float64(d))
		for hp.freeBeds > 0 && hp.boarding.Len() > 0 {
			m.admit(h, hp.boarding.Pop())
		}
		if m.cfg.Ambulance.Service {
			m.wards(h) // a department's patients may take the new beds
		}
	}
	if next := now + DaysPerMonth; next < m.horizon {
		m.k.At(next, 0, evEscalation, h, 0)
	}
}
