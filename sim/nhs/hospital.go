package nhs

// admission handles one candidate emergency admission from practice g and
// schedules the next. Candidates arrive at the practice's highest possible
// hazard; each is admitted with probability equal to the patient's hazard
// over that maximum (thinning), so the patient's continuity at this moment
// sets their hazard exactly.
func (m *model) admission(g int32) {
	p := &m.practices[g]
	now := m.k.Now()
	m.k.After(p.admits.Exp(1/p.admitRate), 0, evAdmission, g, 0)

	patient := p.draw(&p.admTypes, &p.admits)
	u := p.admits.Float64() * m.thinMax
	acsc := m.cfg.Hospitals.ACSCShare
	mA := m.continuityMultiplier(patient)
	mO := 1 + m.cfg.Continuity.OtherAdmissionWeight*(mA-1)
	var isACSC bool
	switch {
	case u < acsc*mA:
		isACSC = true
	case u < acsc*mA+(1-acsc)*mO:
	default:
		return // thinned: no admission
	}
	m.stats.admission(now, m.pt.typ[patient], isACSC)
	h := p.hospital
	hp := &m.hospitals[h]
	w := waiting{since: now, patient: patient}
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
	m.pt.admitted[w.patient] = float32(now)
	m.stats.bedGranted(now, now-w.since)
	los := m.cfg.Hospitals.LOSMeanDays * m.cfg.Hospitals.LOSByAge[ageOf(m.pt.typ[w.patient])]
	m.k.After(hp.stays.Exp(los), 0, evStayEnd, h, w.patient)
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
	m.discharge(h, patient)
}

func (m *model) startPackage(h, patient int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	hp.freeSlots--
	m.stats.delayedChange(now, -1)
	m.stats.packageStarted(now)
	m.discharge(h, patient)
	m.k.After(hp.packages.Exp(m.cfg.SocialCare.PackageMeanDays), 0, evPackageEnd, h, patient)
}

func (m *model) packageEnd(h int32) {
	hp := &m.hospitals[h]
	hp.freeSlots++
	if hp.delayed.Len() > 0 {
		m.startPackage(h, hp.delayed.Pop())
	}
}

// discharge releases the patient's bed and gives it to the longest-boarding
// patient.
func (m *model) discharge(h, patient int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	hp.freeBeds++
	m.stats.discharged(now, now-float64(m.pt.admitted[patient]))
	if hp.boarding.Len() > 0 {
		m.admit(h, hp.boarding.Pop())
	}
}
