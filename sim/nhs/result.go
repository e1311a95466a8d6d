package nhs

import (
	"math"
	"time"
)

// Metric is one named figure of a run.
type Metric struct {
	Name  string
	Value float64 // NaN where undefined, such as a mean of nothing
}

// Series is one monthly time series: Value[i] belongs to month i+1 of the run,
// warm-up included.
type Series struct {
	Name  string
	Value []float64
}

// Result is what a run produces: summary metrics over the statistics window
// [warm-up, horizon), monthly series over the whole run, and counts of what
// the model held.
type Result struct {
	Metrics     []Metric
	Series      []Series
	WarmupMonth int // the first month wholly inside the statistics window, from 1
	Elapsed     time.Duration
}

// Metric returns the named metric's value and whether it exists.
func (r *Result) Metric(name string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m.Value, true
		}
	}
	return 0, false
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func (m *model) result() *Result {
	s := &m.stats
	window := m.horizon - m.warmup
	var beds, slots int64
	for _, h := range m.hospitals {
		beds += int64(h.beds)
		slots += int64(h.slots)
	}
	patients := float64(m.cfg.Population.Patients)
	r := &Result{
		Metrics: []Metric{
			{"gp_consultations", float64(s.consultations)},
			{"gp_wait_mean_days", ratio(s.gpWait, float64(s.consultations))},
			{"usual_gp_share", ratio(float64(s.usual), float64(s.consultations))},
			{"admissions", float64(s.admissions)},
			{"bed_wait_mean_days", ratio(s.bedWait, float64(s.granted))},
			{"bed_occupancy", ratio(s.beds.Area(), window*float64(beds))},
			{"delayed_bed_days", s.delayed.Area()},
			{"packages_started", float64(s.packages)},
			{"events", float64(m.k.Events())},
			{"gp_consultations_per_person_year", ratio(float64(s.consultations), patients*window/DaysPerYear)},
			{"emergency_admissions_per_1000", ratio(1000*float64(s.admissions), patients*window/DaysPerYear)},
			{"patients", patients},
			{"practices", float64(len(m.practices))},
			{"gps", float64(len(m.gps))},
			{"hospitals", float64(len(m.hospitals))},
			{"beds", float64(beds)},
			{"package_slots", float64(slots)},
		},
		WarmupMonth: int(math.Ceil(m.warmup/DaysPerMonth-1e-9)) + 1,
	}
	perMonth := func(name string, v []float64) { r.Series = append(r.Series, Series{name, v}) }
	n := s.months
	share, gpWait, bedWait := make([]float64, n), make([]float64, n), make([]float64, n)
	occ, per1000 := make([]float64, n), make([]float64, n)
	for i := range n {
		share[i] = ratio(s.mUsual[i], s.mConsultations[i])
		gpWait[i] = ratio(s.mGPWait[i], s.mConsultations[i])
		bedWait[i] = ratio(s.mBedWait[i], s.mGranted[i])
		width := min(DaysPerMonth, m.horizon-float64(i)*DaysPerMonth)
		occ[i] = ratio(s.beds.Buckets[i], width*float64(beds))
		per1000[i] = ratio(1000*s.mAdmissions[i], patients*width/DaysPerYear)
	}
	perMonth("gp_consultations", s.mConsultations)
	perMonth("gp_wait_mean_days", gpWait)
	perMonth("usual_gp_share", share)
	perMonth("admissions", s.mAdmissions)
	perMonth("emergency_admissions_per_1000", per1000)
	perMonth("bed_wait_mean_days", bedWait)
	perMonth("bed_occupancy", occ)
	perMonth("delayed_bed_days", s.delayed.Buckets)
	perMonth("packages_started", s.mPackages)
	return r
}
