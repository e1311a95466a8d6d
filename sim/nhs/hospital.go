package nhs

// admission handles one emergency admission to hospital h and starts the next.
// The patient takes a free bed at once or waits in the boarding queue.
func (m *model) admission(h int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	m.k.After(hp.arrivals.Exp(1/hp.admissionRate), 0, evAdmission, h, 0)
	m.stats.admission(now)
	// The patient is not drawn: in this model nothing yet depends on who is
	// admitted, and every admission is independent of the rest.
	w := waiting{since: now, patient: -1}
	if hp.freeBeds == 0 {
		hp.boarding.Push(w)
		return
	}
	m.admit(h, w)
}

func (m *model) admit(h int32, w waiting) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	hp.freeBeds--
	m.stats.bedGranted(now, now-w.since)
	m.k.After(hp.stays.Exp(m.cfg.Hospitals.LOSMeanDays), 0, evStayEnd, h, w.patient)
}

// stayEnd ends a clinical stay. A patient who needs a care package keeps the
// bed until a slot is free (a delayed discharge); the rest leave.
func (m *model) stayEnd(h, patient int32) {
	hp := &m.hospitals[h]
	if hp.stays.Bernoulli(m.cfg.SocialCare.PackageProbability) {
		m.stats.delayedChange(m.k.Now(), +1)
		if hp.freeSlots > 0 {
			m.startPackage(h, patient)
		} else {
			hp.delayed.Push(patient)
		}
		return
	}
	m.freeBed(h)
}

func (m *model) startPackage(h, patient int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	hp.freeSlots--
	m.stats.delayedChange(now, -1)
	m.stats.packageStarted(now)
	m.freeBed(h)
	m.k.After(hp.packages.Exp(m.cfg.SocialCare.PackageMeanDays), 0, evPackageEnd, h, patient)
}

func (m *model) packageEnd(h int32) {
	hp := &m.hospitals[h]
	hp.freeSlots++
	if hp.delayed.Len() > 0 {
		m.startPackage(h, hp.delayed.Pop())
	}
}

// freeBed releases a bed and gives it to the longest-boarding patient.
func (m *model) freeBed(h int32) {
	hp := &m.hospitals[h]
	hp.freeBeds++
	m.stats.bedsChange(m.k.Now(), -1)
	if hp.boarding.Len() > 0 {
		m.admit(h, hp.boarding.Pop())
	}
}
