package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// stats accumulates the window statistics and the monthly series.
type stats struct {
	warmup, horizon float64
	months          int

	consultations, usual int64
	gpWait               float64
	admissions, acsc     int64
	admByDep             [NDep]int64
	granted              int64
	bedWait              float64
	discharges           int64
	stayDays             float64
	packages             int64
	gpLeavers            int64
	readmissions         int64
	handoffs             int64
	boundaryHandoffs     int64
	lostHandoffs         int64
	stepUps, stepDowns   int64
	electives            int64
	electiveWait         float64
	cancellations        int64
	invoices, disputes   int64
	tenders, changes     int64
	tenderCost, defense  float64

	beds, delayed sim.Level

	// monthly, indexed by month from the start of the run
	mConsultations, mUsual, mGPWait []float64
	mAdmissions, mACSC              []float64
	mElectives, mCancellations      []float64
	mGranted, mBedWait              []float64
	mPackages                       []float64
}

func (s *stats) init(m *model) {
	s.warmup, s.horizon = m.warmup, m.horizon
	s.months = int(math.Ceil(s.horizon/DaysPerMonth - 1e-9))
	mk := func() []float64 { return make([]float64, s.months) }
	s.mConsultations, s.mUsual, s.mGPWait = mk(), mk(), mk()
	s.mAdmissions, s.mACSC = mk(), mk()
	s.mElectives, s.mCancellations = mk(), mk()
	s.mGranted, s.mBedWait = mk(), mk()
	s.mPackages = mk()
	s.beds = sim.Level{From: s.warmup, To: s.horizon, Width: DaysPerMonth, Buckets: mk()}
	s.delayed = sim.Level{From: s.warmup, To: s.horizon, Width: DaysPerMonth, Buckets: mk()}
}

func (s *stats) month(t float64) int {
	return min(int(t/DaysPerMonth), s.months-1)
}

func (s *stats) consultation(now, wait float64, usual bool) {
	i := s.month(now)
	s.mConsultations[i]++
	s.mGPWait[i] += wait
	if usual {
		s.mUsual[i]++
	}
	if now >= s.warmup {
		s.consultations++
		s.gpWait += wait
		if usual {
			s.usual++
		}
	}
}

func (s *stats) admission(now float64, typ uint8, acsc, readmitted bool) {
	i := s.month(now)
	s.mAdmissions[i]++
	if acsc {
		s.mACSC[i]++
	}
	if now >= s.warmup {
		s.admissions++
		s.admByDep[depOf(typ)]++
		if acsc {
			s.acsc++
		}
		if readmitted {
			s.readmissions++
		}
	}
}

func (s *stats) bedGranted(now, wait float64) {
	s.beds.Add(now, +1)
	i := s.month(now)
	s.mGranted[i]++
	s.mBedWait[i] += wait
	if now >= s.warmup {
		s.granted++
		s.bedWait += wait
	}
}

// discharged records the end of an emergency patient's time in a bed and
// the organisational hand-offs of their episode.
func (s *stats) discharged(now, stay float64, handoffs int) {
	if now >= s.warmup {
		s.discharges++
		s.stayDays += stay
		s.handoffs += int64(handoffs)
	}
}

func (s *stats) bedsChange(now, delta float64) { s.beds.Add(now, delta) }

func (s *stats) handOff(now float64, lost bool) {
	if now >= s.warmup {
		s.boundaryHandoffs++
		if lost {
			s.lostHandoffs++
		}
	}
}

func (s *stats) steppedUp(now float64) {
	if now >= s.warmup {
		s.stepUps++
	}
}

func (s *stats) steppedDown(now float64) {
	if now >= s.warmup {
		s.stepDowns++
	}
}

func (s *stats) electiveAdmitted(now, wait float64) {
	s.beds.Add(now, +1)
	s.mElectives[s.month(now)]++
	if now >= s.warmup {
		s.electives++
		s.electiveWait += wait
	}
}

func (s *stats) electiveCancelled(now float64) {
	s.mCancellations[s.month(now)]++
	if now >= s.warmup {
		s.cancellations++
	}
}

func (s *stats) delayedChange(now, delta float64) { s.delayed.Add(now, delta) }

func (s *stats) packageStarted(now float64) {
	s.mPackages[s.month(now)]++
	if now >= s.warmup {
		s.packages++
	}
}

func (s *stats) gpLeft(now float64) {
	if now >= s.warmup {
		s.gpLeavers++
	}
}

func (s *stats) close(horizon float64) {
	s.beds.Close(horizon)
	s.delayed.Close(horizon)
}

func (s *stats) invoiced(now float64, disputed bool) {
	if now >= s.warmup {
		s.invoices++
		if disputed {
			s.disputes++
		}
	}
}

func (s *stats) defensiveWork(now, cost float64) {
	if now >= s.warmup {
		s.defense += cost
	}
}

func (s *stats) tendered(now, cost float64, changed bool, leavers int) {
	if now >= s.warmup {
		s.tenders++
		s.tenderCost += cost
		if changed {
			s.changes++
		}
		s.gpLeavers += int64(leavers)
	}
}
