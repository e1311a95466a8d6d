package nhs

import "math"

// admission handles one candidate emergency admission from practice g and
// schedules the next. Candidates arrive at the practice's highest possible
// hazard; each is admitted with probability equal to the patient's hazard
// over that maximum (thinning), so the patient's continuity at this moment
// sets their hazard exactly.
func (m *model) admission(g, _ int32) {
	p := &m.practices[g]
	m.k.After(p.admits.Exp(1/p.admitRate), 0, evAdmission, g, 0)

	patient, z := m.drawFrail(g)
	u := p.admits.Float64() * p.thin / m.season(m.k.Now())
	if o := &m.cfg.OutOfHours; o.Service {
		// The share of admissions that comes through the out-of-hours
		// service instead (ooh.go).
		u /= 1 - o.ShareOfEmergencyAdmissions
	}
	acsc := m.cfg.Hospitals.ACSCShare
	mA := m.continuityMultiplier(g, patient)
	mO := 1 + m.cfg.Continuity.OtherAdmissionWeight*(mA-1)
	if m.caseManaged(patient) || m.mdtManaged(patient, z) {
		cm := 1 - m.cfg.Integration.CaseManagementEffect
		mA, mO = mA*cm, mO*cm
	}
	var isACSC bool
	switch {
	case u < acsc*mA*p.acsc:
		isACSC = true
	case u < acsc*mA*p.acsc+(1-acsc)*mO:
	default:
		return // thinned: no admission
	}
	m.emergency(p.hospital, patient, isACSC)
}

// emergency starts the emergency admission of patient to hospital h: a
// virtual ward, an ambulance or the bed queue.
func (m *model) emergency(h, patient int32, isACSC bool) {
	hp := &m.hospitals[h]
	// Step-up: a free virtual-ward place can take an ACSC admission. The
	// draw is made whatever the lever's value, for common random numbers.
	stepUp := hp.community.Bernoulli(m.cfg.Community.StepUpShare)
	if isACSC && stepUp && hp.freeWard > 0 {
		hp.freeWard--
		m.stats.steppedUp(m.k.Now())
		m.k.After(hp.community.Exp(m.cfg.Community.StepUpDays), 0, evWardEnd, h, patient)
		return
	}
	if m.cfg.Ambulance.Service && m.byAmbulance(h, patient, isACSC) {
		return // arrives when the ambulance and the department are done
	}
	m.arrive(h, patient, isACSC)
}

// readmission is an emergency readmission after a discharge.
func (m *model) readmission(h, patient int32) {
	m.arrive(h, patient, false)
}

// arrive admits an emergency patient: they take a free bed or board.
func (m *model) arrive(h, patient int32, isACSC bool) {
	m.countAdmission(patient, isACSC)
	m.seekBed(h, patient)
}

// countAdmission records an emergency admission of patient now.
func (m *model) countAdmission(patient int32, isACSC bool) {
	now := m.k.Now()
	readmitted := now-float64(m.pt.lastOut[patient]) <= m.cfg.Hospitals.ReadmissionDays
	m.stats.admission(now, m.pt.typ[patient], isACSC, readmitted)
	if now >= m.warmup {
		r := &m.practices[m.practices[m.practiceOf(patient)].root]
		r.admissions++
		if isACSC {
			r.acscN++
			if a := &m.pt.acsc[patient]; *a < math.MaxUint8 {
				*a++
			}
		}
	}
}

// seekBed gives an admitted emergency patient a free bed at hospital h, or
// puts them in its boarding queue.
func (m *model) seekBed(h, patient int32) {
	hp := &m.hospitals[h]
	w := waiting{since: m.k.Now(), patient: patient}
	if hp.freeBeds <= 0 {
		hp.boarding.Push(w)
		return
	}
	m.admit(h, w)
}

// admit gives a bed to an emergency patient and schedules the end of their
// clinical stay, or, if the stay can finish on a virtual ward, the moment
// they could step down.
func (m *model) admit(h int32, w waiting) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	hp.freeBeds--
	hp.occupied.Add(now, +1)
	m.pt.admitted[w.patient] = float32(now)
	m.stats.bedGranted(now, now-w.since)
	los := m.meanStay(h, w.patient)
	// Specialist cases are shorter in a concentrated high-volume centre.
	// The draw is made whatever the lever's value.
	specialist := hp.stays.Bernoulli(m.cfg.Market.SpecialistShare)
	concentrated := specialist && m.cfg.Market.ConcentratedSpecialisms
	if concentrated {
		los = max(los-m.cfg.Market.ConcentrationLOSDays*hp.losMult, 0.5*los)
	}
	m.mortality(h, w.patient, specialist, concentrated)
	down := hp.community.Bernoulli(m.cfg.Community.StepDownShare)
	if down && hp.wardPlaces > 0 {
		m.k.After(hp.stays.Exp(los*(1-m.cfg.Community.StepDownFraction)), 0, evStepDown, h, w.patient)
		return
	}
	m.k.After(hp.stays.Exp(los), 0, evStayEnd, h, w.patient)
}

// meanStay is the mean clinical stay of patient at hospital h: by age, times
// the hospital's multiplier (its efficiency and quality, and the payment).
func (m *model) meanStay(h, patient int32) float64 {
	return m.cfg.Hospitals.LOSMeanDays * m.cfg.Hospitals.LOSByAge[ageOf(m.pt.typ[patient])] * m.hospitals[h].losMult
}

// stepDown moves a patient to a virtual ward for the rest of their stay if a
// place is free; otherwise they finish it in the bed.
func (m *model) stepDown(h, patient int32) {
	hp := &m.hospitals[h]
	rest := m.meanStay(h, patient) * m.cfg.Community.StepDownFraction
	if hp.freeWard > 0 {
		hp.freeWard--
		m.stats.steppedDown(m.k.Now())
		m.discharge(h, patient, 1, 0, false)
		m.k.After(hp.community.Exp(rest), 0, evWardEnd, h, patient)
		return
	}
	m.k.After(hp.stays.Exp(rest), 0, evStayEnd, h, patient)
}

func (m *model) wardEnd(h, _ int32) { m.hospitals[h].freeWard++ }

// discharge ends an emergency patient's time in a bed, having crossed the
// given number of organisational boundaries on the way out after waiting
// wait days once medically fit, and may set up an emergency readmission,
// likelier after a longer wait, and after a hand-off that lost information
// (lost). A patient who dies of the stay is replaced
// by a newcomer instead; the readmission draws are made all the same, for
// common random numbers.
func (m *model) discharge(h, patient int32, boundaries int, wait float64, lost bool) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	start, died := m.stayOf(patient)
	m.stats.discharged(now, now-start, 1+boundaries)
	m.stats.mortalityOutcome(start, now-start, died, m.pt.typ[patient])
	m.episodeCosts(h)
	m.pt.lastOut[patient] = float32(now)
	risk := m.cfg.Hospitals.ReadmissionProbability * hp.quality * max(1+m.cfg.Discharge.ReadmissionPerDelayDay*wait, 0)
	if lost {
		risk *= m.cfg.Discharge.LostHandOffReadmissionRR
	}
	readmit := hp.stays.Bernoulli(min(risk, 1))
	when := hp.stays.Float64() * m.cfg.Hospitals.ReadmissionDays
	switch {
	case died:
		m.replaceDead(patient, start, now)
	case readmit:
		m.k.After(when, 0, evReadmission, h, patient)
	}
	m.releaseBed(h)
}

// releaseBed frees a bed and gives it to the longest-boarding patient.
func (m *model) releaseBed(h int32) {
	hp := &m.hospitals[h]
	hp.freeBeds++
	hp.occupied.Add(m.k.Now(), -1)
	m.stats.bedsChange(m.k.Now(), -1)
	if hp.boarding.Len() > 0 {
		m.admit(h, hp.boarding.Pop())
	}
	if m.cfg.Ambulance.Service {
		m.wards(h) // a bed, or a department place, may be free
	}
}

// mortality decides whether an emergency patient dies within 30 days of
// admission: by age band, or at the specialist rate, lower in a concentrated
// high-volume centre (volume and outcome), times the hospital's quality.
// The stay goes on as drawn (its bed-days stand for the days before the
// death), and at its end the patient is replaced by a newcomer of the same
// type (replaceDead). One draw from the hospital's own stream.
func (m *model) mortality(h, patient int32, specialist, concentrated bool) {
	hp := &m.hospitals[h]
	c := &m.cfg
	risk := c.Hospitals.Mortality30dByAge[ageOf(m.pt.typ[patient])]
	if specialist {
		risk = c.Hospitals.SpecialistMortality30d
		m.stats.specialist(m.k.Now())
	}
	if concentrated {
		risk *= c.Market.ConcentrationMortalityRR
	}
	if hp.deaths.Float64() < risk*hp.quality {
		m.markDied(patient) // counted at the end of the stay (see mortalityOutcome)
	}
}
