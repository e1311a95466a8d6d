package nhs

import "math"

// dischargeDelay is the time from being medically fit to being ready for a
// package slot: at each organisational boundary crossed, an assessment and
// (unless budgets are pooled) a funding decision, both shortened by trust,
// and (unless records are shared) a chance that the hand-off loses
// information and adds rework. It draws from the hospital's own delay
// stream, whose number of draws depends on the levers, so that no other
// stream shifts when they change.
func (m *model) dischargeDelay(h, patient int32) float64 {
	d := &m.cfg.Discharge
	hp := &m.hospitals[h]
	p := &m.practices[m.practiceOf(patient)]
	trust := (hp.trust + p.trust) / 2
	mult := 1 - d.TrustEffect*trust
	delay := 0.0
	for range d.Boundaries {
		delay += hp.delays.Exp(d.AssessmentDays * mult)
		if !d.PooledBudget {
			delay += hp.delays.Exp(d.FundingDecisionDays * mult)
		}
		lost := !d.SharedRecords && hp.delays.Bernoulli(d.InformationLossProbability)
		if lost {
			delay += hp.delays.Exp(d.InformationLossDays)
		}
		m.stats.handOff(m.k.Now(), lost)
	}
	return delay
}

// jointWork records a discharge to social care as joint work between the
// hospital, the patient's practice and their social-care team: for each,
// the gap to full trust has closed at the growth rate since it last worked
// with social care.
func (m *model) jointWork(h, patient int32) {
	now := m.k.Now()
	hp := &m.hospitals[h]
	hp.trust, hp.trustAt = grow(hp.trust, hp.trustAt, now, m.cfg.Trust.GrowthRate)
	p := &m.practices[m.practiceOf(patient)]
	p.trust, p.trustAt = grow(p.trust, p.trustAt, now, m.cfg.Trust.GrowthRate)
}

// grow relaxes trust towards 1 at rate per year over the time since last.
func grow(trust, last, now, rate float64) (float64, float64) {
	return 1 - (1-trust)*math.Exp(-rate*(now-last)/DaysPerYear), now
}

// teamTurnover is a change of staff in hospital h's social-care team: trust
// falls.
func (m *model) teamTurnover(h, _ int32) {
	hp := &m.hospitals[h]
	hp.trust *= 1 - m.cfg.Trust.TurnoverShock
	m.k.After(hp.team.Exp(DaysPerYear/m.cfg.Trust.TeamTurnoverRate), 0, evTeamTurnover, h, 0)
}

// practiceOf returns the practice patient i is registered with.
func (m *model) practiceOf(i int32) int32 {
	ps := m.practices
	lo, hi := 0, len(ps)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if ps[mid].first <= i {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int32(lo)
}
