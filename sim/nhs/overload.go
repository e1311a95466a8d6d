package nhs

import (
	"fmt"
	"math"

	"github.com/nhssim/nhssim/sim/pmath"
)

// Thresholds of the overload warnings.
const (
	saturatedOccupancy = 0.99 // a month at or above this saturates the beds
	queueGrowthRatio   = 2.0  // a wait this many times longer at the end than at the start of the window...
	queueGrowthDays    = 1.0  // ...and at least this many days longer, is a queue growing without bound
	listGrowthPerYear  = 0.2  // an elective list growing faster than this a year is out of control
)

// overload returns a warning for each resource the run saturated: a
// hospital's beds at or above 99% occupancy for a month; GP, bed (boarding)
// or care-package waits, over the last three months of the window, more
// than twice as long and a day longer than over its first three; or an elective waiting list
// growing by more than 20% a year. The monthly series of r must be set.
func (m *model) overload(r *Result) []string {
	series := map[string][]float64{}
	for _, s := range r.Series {
		series[s.Name] = s.Value
	}
	first := r.WarmupMonth - 1
	last := len(series["bed_occupancy"])
	if first >= last {
		return nil
	}
	var out []string
	if w := m.bedsSaturated(first, last); w != "" {
		out = append(out, w)
	}
	if last-first < 6 {
		return out
	}
	mean := func(v []float64) float64 {
		sum, n := 0.0, 0
		for _, x := range v {
			if !math.IsNaN(x) {
				sum += x
				n++
			}
		}
		return ratio(sum, float64(n))
	}
	ends := func(name string) (float64, float64) {
		v := series[name]
		return mean(v[first : first+3]), mean(v[last-3 : last])
	}
	delayedPerDay := make([]float64, last)
	for i, v := range series["delayed_bed_days"][:last] {
		delayedPerDay[i] = v / DaysPerMonth
	}
	series["delayed_per_day"] = delayedPerDay
	for _, q := range []struct{ series, what string }{
		{"gp_wait_mean_days", "GP appointments: the mean wait"},
		{"bed_wait_mean_days", "beds: the mean wait for a bed (boarding)"},
	} {
		a, b := ends(q.series)
		if b > queueGrowthRatio*a && b-a > queueGrowthDays {
			out = append(out, fmt.Sprintf("%s grew from %.1f to %.1f days over the window", q.what, a, b))
		}
	}
	if a, b := ends("delayed_per_day"); b > queueGrowthRatio*a && b-a > queueGrowthDays*float64(len(m.hospitals)) {
		out = append(out, fmt.Sprintf("discharge: medically fit patients in beds (waiting for care or for the process) grew from %.0f to %.0f over the window", a, b))
	}
	if a, b := ends("elective_waiting_list_per_1000"); a > 0 {
		years := float64(last-first-3) / 12
		if growth := pmath.Pow(b/a, 1/years) - 1; growth > listGrowthPerYear {
			out = append(out, fmt.Sprintf("elective treatment: the waiting list grew from %.0f to %.0f per 1,000 (%.0f%% a year)", a, b, 100*growth))
		}
	}
	return out
}

// bedsSaturated returns a warning if any hospital's beds were at or above
// 99% occupancy in a month of the window (months first .. last-1), or "".
// Each hospital is judged on its own beds, so one full hospital among idle
// ones is flagged; the warning names how many, and the fullest.
func (m *model) bedsSaturated(first, last int) string {
	hit, worst, peak := 0, 0, 0.0
	for i := range m.hospitals {
		hp := &m.hospitals[i]
		full := 0
		for k := first; k < last && k < len(hp.stock.Buckets); k++ {
			if hp.stock.Buckets[k] <= 0 {
				continue
			}
			occ := hp.occupied.Buckets[k] / hp.stock.Buckets[k]
			if occ >= saturatedOccupancy {
				full++
			}
			peak = max(peak, occ)
		}
		if full > 0 {
			hit++
		}
		worst = max(worst, full)
	}
	if hit == 0 {
		return ""
	}
	return fmt.Sprintf("beds saturated: occupancy at or above %.0f%% for a month or more at %d of %d hospitals (the fullest: %d of %d months; the highest month %.1f%%)",
		100*saturatedOccupancy, hit, len(m.hospitals), worst, last-first, 100*peak)
}
