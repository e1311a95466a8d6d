package nhs

// gpRequest handles one consultation request to practice g: it picks the
// patient, routes them to a GP and starts the next request.
func (m *model) gpRequest(g int32) {
	p := &m.practices[g]
	now := m.k.Now()
	m.k.After(p.demand.Exp(1/p.requestRate), 0, evGPRequest, g, 0)

	patient := p.first + int32(p.demand.IntN(int(p.size)))
	j := m.chooseGP(p, int32(m.usualGP[patient]))
	d := &m.gps[j]
	w := waiting{since: now, patient: patient}
	if d.busy {
		d.line.Push(w)
		return
	}
	m.startConsultation(j, w)
}

// chooseGP is the usual-GP routing rule: the usual GP if their waiting line
// holds at most the tolerated number of patients, else the practice's GP with
// the shortest line (the lowest index on ties).
func (m *model) chooseGP(p *practice, usual int32) int32 {
	gps := m.gps[p.gp0 : p.gp0+int32(m.cfg.GP.GPsPerPractice)]
	if gps[usual].line.Len() <= m.cfg.GP.UsualGPQueueTolerance {
		return p.gp0 + usual
	}
	best := 0
	for j := 1; j < len(gps); j++ {
		if gps[j].line.Len() < gps[best].line.Len() {
			best = j
		}
	}
	return p.gp0 + int32(best)
}

func (m *model) startConsultation(j int32, w waiting) {
	d := &m.gps[j]
	d.busy = true
	now := m.k.Now()
	k := int32(m.cfg.GP.GPsPerPractice)
	usual := j%k == int32(m.usualGP[w.patient])
	m.stats.consultation(now, now-w.since, usual)
	p := &m.practices[j/k]
	m.k.After(d.service.Exp(p.serviceMean), 0, evGPDone, j, 0)
}

func (m *model) gpDone(j int32) {
	d := &m.gps[j]
	d.busy = false
	if d.line.Len() > 0 {
		m.startConsultation(j, d.line.Pop())
	}
}
