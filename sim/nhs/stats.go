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

	beds, delayed sim.Level

	// monthly, indexed by month from the start of the run
	mConsultations, mUsual, mGPWait []float64
	mAdmissions, mACSC              []float64
	mGranted, mBedWait              []float64
	mPackages                       []float64
}

func (s *stats) init(m *model) {
	s.warmup, s.horizon = m.warmup, m.horizon
	s.months = int(math.Ceil(s.horizon/DaysPerMonth - 1e-9))
	mk := func() []float64 { return make([]float64, s.months) }
	s.mConsultations, s.mUsual, s.mGPWait = mk(), mk(), mk()
	s.mAdmissions, s.mACSC = mk(), mk()
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

func (s *stats) admission(now float64, typ uint8, acsc bool) {
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

func (s *stats) discharged(now, stay float64) {
	s.beds.Add(now, -1)
	if now >= s.warmup {
		s.discharges++
		s.stayDays += stay
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
