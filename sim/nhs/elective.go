package nhs

import (
	"math"
	"slices"

	"github.com/nhssim/nhssim/sim/pmath"
)

// initialList fills hospital h's elective waiting list at the start of the
// run: initial_waiting_list_per_1000 of each practice's patients in its
// catchment, with waits spread evenly over the time the hospital's capacity
// takes to treat them, as in a list in steady state.
func (m *model) initialList(h int32) {
	hp := &m.hospitals[h]
	per1000 := m.cfg.Hospitals.InitialWaitingListPer1000 / 1000
	capacity := hp.electiveRate + hp.clinicRate
	if per1000 == 0 || capacity <= 0 {
		return
	}
	var counts []int
	total := 0
	for g := m.span.g0; g < m.span.g1; g++ {
		n := 0
		if m.practices[g].hospital == h {
			n = int(math.Round(float64(m.practices[g].size) * per1000))
		}
		counts = append(counts, n)
		total += n
	}
	k := 0
	for i, n := range counts {
		p := &m.practices[m.span.g0+int32(i)]
		for range n {
			since := -float64(total-k) / capacity
			hp.waitingList.Push(waiting{since: since, patient: p.draw(&p.refTypes, &p.referrals)})
			m.stats.listChange(0, +1)
			k++
		}
	}
}

// referral adds a patient of practice g to an elective waiting list and
// schedules the next referral. Without choice the GP refers to the home
// hospital; with it the patient chooses among the hospitals within reach.
// The choice's draw is made whatever the lever, for common random numbers.
func (m *model) referral(g, _ int32) {
	p := &m.practices[g]
	m.k.After(p.referrals.Exp(1/p.referRate), 0, evReferral, g, 0)
	patient := p.draw(&p.refTypes, &p.referrals)
	u := p.referrals.Float64()
	now := m.k.Now()
	home := p.hospital
	h, options := home, 1
	if m.cfg.Market.PatientChoice && len(p.reach) > 1 {
		h, options = m.choose(p, u, now), len(p.reach)
	}
	m.hospitals[h].received++
	per := int32(m.cfg.Market.HospitalsPerMarket)
	hp := &m.hospitals[home]
	hp.recent[h-home/per*per]++
	if now >= m.warmup {
		hp.sent[h-home/per*per]++
	}
	m.clinics(h, now)
	m.hospitals[h].waitingList.Push(waiting{since: now, patient: patient})
	m.stats.referred(now, options)
}

// choose picks a hospital from practice p's choice set by a multinomial
// logit, given a uniform draw u: each hospital's utility falls with its
// distance, its expected wait (its list over its elective capacity) and
// its log quality, with the weights of choice:.
func (m *model) choose(p *practice, u, now float64) int32 {
	ch := &m.cfg.Choice
	var buf [8]float64
	v := buf[:0]
	if len(p.reach) > len(buf) {
		v = make([]float64, 0, len(p.reach))
	}
	top := math.Inf(-1)
	for _, r := range p.reach {
		m.clinics(r.h, now)
		hp := &m.hospitals[r.h]
		wait := 0.0
		if c := hp.electiveRate + hp.clinicRate; c > 0 {
			wait = float64(hp.waitingList.Len()) / c
		}
		x := -ch.DistanceWeight*r.km - ch.WaitWeight*wait - ch.QualityWeight*hp.lq
		v = append(v, x)
		top = max(top, x)
	}
	total := 0.0
	for i, x := range v {
		v[i] = pmath.Exp(x - top) // the best option weighs 1: no underflow
		total += v[i]
	}
	x := u * total
	for i, w := range v {
		if x < w {
			return p.reach[i].h
		}
		x -= w
	}
	return p.reach[len(p.reach)-1].h
}

// electiveSlot is a slot of hospital h's capacity for overnight elective
// admissions (a share elective_bed_share of its treatment capacity). The
// patient at the head of the list is admitted unless beds are too full, in
// which case the admission is cancelled and they stay at the head of the
// list. The stay is drawn whatever happens, for common random numbers.
func (m *model) electiveSlot(h, _ int32) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	m.k.After(hp.electives.Exp(1/hp.electiveRate), 0, evElectiveSlot, h, 0)
	los := hp.electives.Exp(m.cfg.Hospitals.ElectiveLOSDays * hp.losMult)
	m.clinics(h, now)
	if hp.waitingList.Len() == 0 {
		return
	}
	occupied := float64(hp.beds-hp.freeBeds) / float64(hp.beds)
	if hp.freeBeds <= 0 || occupied >= m.cfg.Hospitals.CancelOccupancy {
		m.stats.electiveCancelled(now)
		return
	}
	w := hp.waitingList.Pop()
	hp.freeBeds--
	hp.occupied.Add(now, +1)
	m.stats.electiveTreated(now, now, now-w.since)
	m.stats.electiveAdmitted(now)
	m.episodeCosts(h)
	m.k.After(los, 0, evElectiveEnd, h, w.patient)
}

func (m *model) electiveEnd(h, patient int32) { m.releaseBed(h) }

// clinics catches up, to time now, hospital h's elective treatments that
// need no bed (clinic and day-case sessions, a Poisson process at
// clinicRate): each treats the head of the list at its own time. They
// change nothing but the list, so they need no event of their own: they are
// done just before anything reads or changes the list. The list's level is
// recorded at now, so that it changes in time order.
func (m *model) clinics(h int32, now float64) {
	hp := &m.hospitals[h]
	for hp.nextClinic <= now {
		t := hp.nextClinic
		hp.nextClinic += hp.clinics.Exp(1 / hp.clinicRate)
		if hp.waitingList.Len() > 0 {
			w := hp.waitingList.Pop()
			m.stats.electiveTreated(now, t, t-w.since)
		}
	}
}

// listMedianWait is the median time, at the horizon, that the patients on
// the elective waiting lists have waited so far (incomplete pathways, as
// England's referral-to-treatment statistics report it), and the number
// waiting.
func (m *model) listMedianWait() (float64, int) {
	var waits []float64
	for h := range m.hospitals {
		l := &m.hospitals[h].waitingList
		for i := range l.Len() {
			waits = append(waits, m.horizon-l.At(i).since)
		}
	}
	if len(waits) == 0 {
		return math.NaN(), 0
	}
	return median(waits), len(waits)
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
