package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// gpRequests handles practice g's consultation requests of one day. The
// event falls at the first of them; that request and every later one before
// the end of its day (or the horizon) is handled in turn, each at its own
// time, and the next day's first request is scheduled. A practice's
// requests touch only its own GPs' lines and its patients' counters, so
// handling a day of them in one event gives each request the same draws and
// the same booking as an event of its own would; what changes is that other
// events falling within that day (an admission, a GP leaving) see the whole
// day's bookings already made. The model's GP lines are counted in days, so
// this is within its resolution, and the practice's day costs one event
// instead of one per request (docs/model.md, Scheduling).
func (m *model) gpRequests(g, _ int32) {
	p := &m.practices[g]
	end := min(math.Floor(p.nextRequest)+1, m.horizon)
	for p.nextRequest < end && p.requestRate > 0 {
		now := p.nextRequest
		p.nextRequest = now + p.demand.Exp(1/p.requestRate)
		m.gpRequest(p, now)
	}
	m.scheduleRequests(g)
}

// scheduleRequests puts practice g's next request on the calendar, unless
// the practice has no demand (a later change of rates restarts it).
func (m *model) scheduleRequests(g int32) {
	if p := &m.practices[g]; p.requestRate > 0 {
		m.k.At(p.nextRequest, 0, evGPRequest, g, 0)
	}
}

// gpRequest handles one consultation request to practice p at time now: it
// draws the patient and routes them to a GP.
func (m *model) gpRequest(p *practice, now float64) {
	// One draw picks the patient within their type (top 32 bits) and
	// whether the request is booked pooled (bottom 32). The booking draw is
	// made whatever the lever's value, so that scenarios that differ in it
	// still share every other draw (common random numbers).
	lo, hi := p.first, p.first+p.size
	if !p.gpUniform {
		t := p.gpTypes.Draw(&p.demand)
		lo, hi = p.typeStart[t], p.typeStart[t+1]
	}
	u := p.demand.Uint64()
	patient := lo + int32((u>>32)*uint64(hi-lo)>>32)
	pooled := float64(uint32(u))*(1.0/(1<<32)) < m.cfg.GP.PooledBookingShare
	j := m.chooseGP(p, int32(m.pt.usualGP[patient]), pooled, now)
	m.book(j, patient, now)
}

// chooseGP is the booking rule. A share of requests (the pooled-booking
// lever) goes to whichever GP has the shortest line. The rest go to the usual
// GP if their line holds at most the tolerated number of patients, else to
// the GP with the shortest line (the lowest index on ties).
func (m *model) chooseGP(p *practice, usual int32, pooled bool, now float64) int32 {
	gps := m.gps[p.gp0 : p.gp0+p.k]
	if !pooled && gps[usual].waiting(now) <= m.cfg.GP.UsualGPQueueTolerance {
		return p.gp0 + usual
	}
	best, bestLen := 0, gps[0].waiting(now)
	for j := 1; j < len(gps); j++ {
		if n := gps[j].waiting(now); n < bestLen {
			best, bestLen = j, n
		}
	}
	return p.gp0 + int32(best)
}

// waiting is the number of patients in GP d's line at time now, not
// counting the one being seen. A GP serves their line first come, first
// served, so each booking's departure time is known when it is made (the
// later of now and the previous departure, plus the consultation): the line
// is the bookings not yet departed, less the one in service. This needs no
// event when a consultation ends.
func (d *gp) waiting(now float64) int {
	for d.departures.Len() > 0 && d.departures.Front() <= now {
		d.departures.Pop()
	}
	return max(d.departures.Len()-1, 0)
}

// book adds a patient to GP j's line: their consultation starts when the
// patient before them leaves, and what happens in it (continuity, the
// window's counts) is recorded at that start.
func (m *model) book(j, patient int32, now float64) {
	d := &m.gps[j]
	p := &m.practices[d.practice]
	start := max(now, d.free)
	d.free = start + d.service.Exp(p.serviceMean)
	d.departures.Push(d.free)
	if start >= m.horizon {
		return // not seen within the run
	}
	usual := j-p.gp0 == int32(m.pt.usualGP[patient])
	if !usual {
		m.pt.lastOther[patient] = float32(start)
	}
	if start >= m.warmup {
		if usual {
			m.pt.nUsual[patient] = satInc(m.pt.nUsual[patient])
		} else {
			m.pt.nOther[patient] = satInc(m.pt.nOther[patient])
		}
	}
	m.stats.consultation(start, start-now, usual)
}

func satInc(x uint16) uint16 {
	if x == ^uint16(0) {
		return x
	}
	return x + 1
}

// gpLeave replaces GP j by a newcomer: the GP's patients keep the slot but
// their relationship with their usual GP starts again.
func (m *model) gpLeave(j, _ int32) {
	m.replaceGP(j)
	if rate := m.cfg.GP.TurnoverRate; rate > 0 {
		m.k.After(m.gps[j].turnover.Exp(DaysPerYear/rate), 0, evGPLeave, j, 0)
	}
}

// replaceGP replaces GP j by a newcomer, for turnover or a reorganisation.
func (m *model) replaceGP(j int32) {
	d := &m.gps[j]
	p := &m.practices[d.practice]
	now := m.k.Now()
	slot := uint8(j - p.gp0)
	for i := p.first; i < p.first+p.size; i++ {
		if m.pt.usualGP[i] == slot {
			m.pt.relStart[i] = float32(now)
		}
	}
	m.stats.gpLeft(now)
	p.trust *= 1 - m.cfg.Trust.TurnoverShock
}

// draw picks one of the practice's patients with probability proportional
// to a rate that depends only on their type: the type from its alias table,
// then a patient of that type uniformly.
func (p *practice) draw(types *sim.Alias, s *sim.Stream) int32 {
	t := types.Draw(s)
	lo, hi := p.typeStart[t], p.typeStart[t+1]
	return lo + int32(s.IntN(int(hi-lo)))
}
