package nhs

import (
	"iter"
	"math"
	"slices"
)

// Population dynamics of the lists. A patient who dies or moves away is
// replaced in place by a newcomer of the same type, who takes over their
// record (their id): the records of a practice stay grouped by type, every
// pending event that holds the id stays valid, and the practice's mix of
// patient types is held stationary (an assumption: the population neither
// ages nor changes its needs through turnover; demand.* does that).

// newcomer makes patient i of practice g a newcomer: no preferred GP (with
// queue booking, where every patient has a usual GP, the GP that i's place
// is dealt at the start, with the relationship starting now), no
// consultations or ACSC admissions in the window. Their stay fields
// (admitted, lastOut) are left to the caller.
func (m *model) newcomer(g, i int32, now float64) {
	tie := gpTie{relStart: float32(now), lastOther: float32(math.Inf(-1)), pref: noGP, joined: uint16(min(math.Ceil(now/2), math.MaxUint16))}
	if !m.sessions {
		p := &m.practices[g]
		tie.pref = uint8((i - p.first) % p.k)
		tie.hold = uint8(min(m.cfg.GP.PreferenceMemory, noGP))
	}
	m.pt.gp[i] = tie
	m.pt.acsc[i] = 0
}

// markDied records that the emergency patient i, just given a bed, dies
// within 30 days: admitted holds -1 - the day of admission, so that the
// stay goes on with its own start and the discharge knows to replace the
// patient (see stayOf). It needs no state of its own.
func (m *model) markDied(i int32) { m.pt.admitted[i] = -1 - m.pt.admitted[i] }

// stayOf returns the start of patient i's current (or last) emergency
// stay and whether the patient dies of it. Before any admission admitted
// is -Inf: no stay, no death.
func (m *model) stayOf(i int32) (start float64, died bool) {
	a := m.pt.admitted[i]
	if a >= 0 || math.IsInf(float64(a), -1) {
		return float64(a), false
	}
	return float64(-1 - a), true
}

// replaceDead replaces patient i, discharged at now after the stay
// (begun at start) that they died of, by a newcomer: the death is at the
// end of the stay (three in four of the deaths within 30 days of an
// emergency admission are in hospital), and no readmission follows. The
// stay fields stay as the discharge left them: admitted goes back to the
// stay's start, unmarked, and lastOut is the discharge. They are shared by
// every stay of the record, and a record can be admitted again while in a
// bed (about 0.4% of admissions): such an overlapping stay then ends on
// finite times, as before. The price is small and rare: a newcomer
// admitted within readmission_days of the death counts as a readmission,
// and a readmission set up by a discharge before the fatal admission that
// falls due after its end reaches the newcomer.
func (m *model) replaceDead(i int32, start, now float64) {
	m.newcomer(m.practiceOf(i), i, now)
	m.pt.admitted[i] = float32(start)
	m.stats.replaced(now)
}

// settled says whether patient i can move away at now: not in an
// emergency stay (admitted after their last discharge), and not fit and
// waiting to leave a bed or discharged within the readmission window
// (lastOut within it), so that no stay, wait or pending readmission of the
// leaver passes to the newcomer. A patient who is not settled stays this
// month. A patient waiting for a bed (boarding) or on the elective list is
// not seen here: the newcomer inherits the place in the queue (rare for
// boarding; the elective list holds needs of the type, not people).
func (m *model) settled(i int32, now float64) bool {
	start, _ := m.stayOf(i)
	out := float64(m.pt.lastOut[i])
	return start <= out && now-out > m.cfg.Hospitals.ReadmissionDays+1
}

// listChange is the monthly step of the lists in this kernel's part of the
// model. In each practice, patients move away at list_turnover_per_year,
// each replaced in place by a newcomer: the movers are the events of a
// Poisson process over the month, each a patient of the practice drawn
// uniformly, from the practice's own stream; a mover who is not settled
// stays. Then, with list growth, newcomers from new housing register
// (grow). The step costs a pass over the practices and the records it
// changes, nothing per request.
func (m *model) listChange(_, _ int32) {
	now := m.k.Now()
	if rate := m.cfg.GP.ListTurnover; rate > 0 {
		var movers []int32
		for g := m.span.g0; g < m.span.g1; g++ {
			p := &m.practices[g]
			mean := DaysPerYear / (rate * float64(p.size))
			movers = movers[:0]
			for t := p.moves.Exp(mean); t < DaysPerMonth; t += p.moves.Exp(mean) {
				movers = append(movers, p.activeSlot(int32(p.moves.IntN(int(p.size)))))
			}
			// In order of the records, so that the reads run forward
			// through memory.
			slices.Sort(movers)
			for _, i := range movers {
				if m.settled(i, now) {
					m.newcomer(g, i, now)
					m.stats.moved(now)
				}
			}
		}
	}
	if m.cfg.GP.ListGrowth > 0 {
		gpW, admW, refW := typeWeights(&m.cfg, m.year)
		for g := m.span.g0; g < m.span.g1; g++ {
			m.grow(g, now, &gpW, &admW, &refW)
		}
	}
	if next := now + DaysPerMonth; next < m.horizon {
		m.k.At(next, 0, evListChange, 0, 0)
	}
}

// grow registers practice g's newcomers from new housing over the month
// about now: the events of a Poisson process at (1 + growth)^(1/12) - 1 a
// patient-month (so that the list grows by the rate a year), each newcomer's type drawn
// as populate draws the practice's patients, from the practice's own
// list-growth stream. A newcomer takes the next reserve place of their
// type (a type's reserve full, for which it was sized not to be, loses
// the newcomer: stats.GrowthLost), starts fresh (newcomer) and counts in
// every list, rate and denominator from now: the practice's demand rates
// are set again from its new list (at the type weights gpW, admW, refW),
// and the days of the window before the newcomer came are kept, so that
// per-1,000 figures are over person-years. The practice's share of the
// stock of GP time grows with its list, so GP capacity per head is held
// (an assumption: a practice is paid per registered patient and recruits;
// the stock, patients_per_gp at the start, does not otherwise change).
func (m *model) grow(g int32, now float64, gpW, admW, refW *[nTypes]float64) {
	p := &m.practices[g]
	if p.growth <= 0 {
		return
	}
	pop := &m.cfg.Population
	r := &m.practices[p.root]
	size, req := p.size, p.requestRate
	mean := DaysPerMonth / (math.Expm1(math.Log1p(p.growth)/12) * float64(p.size))
	added := false
	for t := p.grows.Exp(mean); t < DaysPerMonth; t += p.grows.Exp(mean) {
		a, d := m.ages.Draw(&p.grows), m.deps.Draw(&p.grows)
		if p.grows.Bernoulli(pop.DeprivationClustering) {
			d = int(p.localDep)
		}
		mm := 0
		if p.grows.Bernoulli(pop.MultimorbidityByAge[a]) {
			mm = 1
		}
		ty := typeOf(a, d, mm)
		i := p.typeEnd[ty]
		if i >= p.typeStart[ty+1] {
			m.stats.GrowthLost++
			continue
		}
		p.typeEnd[ty]++
		p.size++
		r.list++
		m.pt.typ[i] = ty
		m.newcomer(g, i, now)
		if now < m.warmup {
			r.listAtWarm = r.list
		} else if now < m.horizon {
			late := now - m.warmup
			r.missing += late
			m.stats.Missing += late
			m.stats.MissingByAge[a] += late
			m.stats.MissingByDep[d] += late
		}
		added = true
	}
	if added {
		p.setRates(&m.cfg, gpW, admW, refW)
		p.admitRate *= p.thin
		// GP capacity follows the list: its shares of the stock grow
		// with it (the stock per head is held).
		p.listShare *= float64(p.size) / float64(size)
		if req > 0 {
			p.needShare *= p.requestRate / req
		}
		m.gpCapacity(g)
	}
}

// active is the practice's patients' records, type by type (without
// list growth, first .. first+size-1).
func (p *practice) active() iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for t := range nTypes {
			for i := p.typeStart[t]; i < p.typeEnd[t]; i++ {
				if !yield(i) {
					return
				}
			}
		}
	}
}

// activeSlot is the record of the practice's k-th patient (from 0), type
// by type.
func (p *practice) activeSlot(k int32) int32 {
	if p.slots == p.size {
		return p.first + k
	}
	for t := range nTypes {
		if n := p.typeEnd[t] - p.typeStart[t]; k < n {
			return p.typeStart[t] + k
		} else {
			k -= n
		}
	}
	panic("nhs: patient beyond the practice's list")
}

// slotsEnd is the end of the places of practice g and the practices that
// it has taken over (which follow it).
func (m *model) slotsEnd(g int32) int32 {
	if e := g + m.practices[g].members; int(e) < len(m.practices) {
		return m.practices[e].first
	}
	return int32(len(m.pt.typ))
}

// rootActive is the patients' records of root practice g and the
// practices it has taken over.
func (m *model) rootActive(g int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for x := g; x < g+m.practices[g].members; x++ {
			for i := range m.practices[x].active() {
				if !yield(i) {
					return
				}
			}
		}
	}
}

// exposure is the years of the statistics window patient i has been
// registered: from the later of the window's start and their registration
// (to within two days), so that rates over patients are over their
// person-years however long they have been on the list.
func (m *model) exposure(i int32) float64 {
	from := max(m.warmup, 2*float64(m.pt.gp[i].joined))
	return max(m.horizon-from, 0) / DaysPerYear
}
