package nhs

// referral adds a patient of practice g to their hospital's elective waiting
// list and schedules the next referral.
func (m *model) referral(g, _ int32) {
	p := &m.practices[g]
	m.k.After(p.referrals.Exp(1/p.referRate), 0, evReferral, g, 0)
	patient := p.draw(&p.refTypes, &p.referrals)
	h := p.hospital
	// With choice, the patient goes to whichever of their own hospital and
	// the next in their market area has the shorter list.
	if m.cfg.Market.PatientChoice {
		alt := h + 1
		if alt == m.span.h1 {
			alt = m.span.h0
		}
		if m.hospitals[alt].waitingList.Len() < m.hospitals[h].waitingList.Len() {
			h = alt
		}
	}
	m.hospitals[h].waitingList.Push(waiting{since: m.k.Now(), patient: patient})
}

// electiveSlot is a planned elective admission at hospital h. The patient at
// the head of the list is admitted unless beds are too full, in which case
// the admission is cancelled and they stay at the head of the list.
func (m *model) electiveSlot(h, _ int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	m.k.After(hp.electives.Exp(1/hp.electiveRate), 0, evElectiveSlot, h, 0)
	los := hp.electives.Exp(m.cfg.Hospitals.ElectiveLOSDays * m.losFactor)
	if hp.waitingList.Len() == 0 {
		return
	}
	occupied := float64(hp.beds-hp.freeBeds) / float64(hp.beds)
	if hp.freeBeds == 0 || occupied >= m.cfg.Hospitals.CancelOccupancy {
		m.stats.electiveCancelled(now)
		return
	}
	w := hp.waitingList.Pop()
	hp.freeBeds--
	m.stats.electiveAdmitted(now, now-w.since)
	m.episodeCosts(h)
	m.k.After(los, 0, evElectiveEnd, h, w.patient)
}

func (m *model) electiveEnd(h, patient int32) { m.releaseBed(h) }
