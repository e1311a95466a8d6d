package nhs

import (
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
	tie := gpTie{relStart: float32(now), lastOther: float32(math.Inf(-1)), pref: noGP}
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

// listTurnover is the monthly step of list turnover in this kernel's part
// of the model: in each practice, patients move away at
// list_turnover_per_year, each replaced in place by a newcomer. The
// movers are the events of a Poisson process over the month, each a
// patient of the practice drawn uniformly, from the practice's own
// stream; a mover who is not settled stays. The step costs a pass over the
// practices and the movers' records, nothing per request.
func (m *model) listTurnover(_, _ int32) {
	now := m.k.Now()
	if rate := m.cfg.GP.ListTurnover; rate > 0 {
		var movers []int32
		for g := m.span.g0; g < m.span.g1; g++ {
			p := &m.practices[g]
			mean := DaysPerYear / (rate * float64(p.size))
			movers = movers[:0]
			for t := p.moves.Exp(mean); t < DaysPerMonth; t += p.moves.Exp(mean) {
				movers = append(movers, p.first+int32(p.moves.IntN(int(p.size))))
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
	if next := now + DaysPerMonth; next < m.horizon {
		m.k.At(next, 0, evListTurnover, 0, 0)
	}
}
