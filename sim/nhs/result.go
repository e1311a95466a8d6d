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

	// UPCHistogram is the distribution of usual-provider continuity over
	// the patients with at least two consultations in the statistics
	// window: the share of them whose UPC is in [k/UPCBins, (k+1)/UPCBins),
	// the last bin including UPC = 1. It sums to 1, or is all zeros if no
	// patient had two consultations.
	UPCHistogram []float64

	// Warnings name the resources the run saturated: a month of bed
	// occupancy at or above 99%, or a queue that grew through the window
	// (the thresholds are in overload.go).
	Warnings []string
}

// UPCBins is the number of bins of [Result.UPCHistogram], each 0.05 wide.
const UPCBins = 20

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
	years := window / DaysPerYear
	var beds, slots int64
	for _, h := range m.hospitals {
		beds += int64(h.beds)
		slots += int64(h.slots)
	}
	patients := float64(m.cfg.Population.Patients)
	var depPop [NDep]float64
	for _, t := range m.pt.typ {
		depPop[depOf(t)]++
	}
	c := m.continuity()
	lotterySD, lotteryRange := m.postcodeLottery()
	listWait, waitingList := m.listMedianWait()
	var hospTrust, pracTrust float64
	for _, h := range m.hospitals {
		hospTrust += h.trust / float64(len(m.hospitals))
	}
	for _, p := range m.practices {
		pracTrust += p.trust / float64(len(m.practices))
	}
	r := &Result{
		Metrics: []Metric{
			{"gp_consultations", float64(s.Consultations)},
			{"gp_wait_mean_days", ratio(s.GpWait, float64(s.Consultations))},
			{"usual_gp_share", ratio(float64(s.Usual), float64(s.Consultations))},
			{"admissions", float64(s.Admissions)},
			{"bed_wait_mean_days", ratio(s.BedWait, float64(s.Granted))},
			{"bed_occupancy", ratio(s.beds.Area(), s.bedCap.Area())},
			{"delayed_bed_days", s.delayed.Area()},
			{"packages_started", float64(s.Packages)},
			{"events", float64(s.Events)},
			{"gp_consultations_per_person_year", ratio(float64(s.Consultations), patients*years)},
			{"emergency_admissions_per_1000", ratio(1000*float64(s.Admissions), patients*years)},
			{"acsc_admissions_per_1000", ratio(1000*float64(s.Acsc), patients*years)},
			{"admissions_per_1000_least_deprived", ratio(1000*float64(s.AdmByDep[0]), depPop[0]*years)},
			{"admissions_per_1000_most_deprived", ratio(1000*float64(s.AdmByDep[NDep-1]), depPop[NDep-1]*years)},
			{"mean_stay_days", ratio(s.StayDays, float64(s.Discharges))},
			{"delayed_bed_days_per_1000", ratio(1000*s.delayed.Area(), patients*years)},
			{"readmission_30d_rate", ratio(float64(s.Readmissions), float64(s.Discharges))},
			{"elective_admissions_per_1000", ratio(1000*float64(s.Electives), patients*years)},
			{"elective_referrals_per_1000", ratio(1000*float64(s.Referrals), patients*years)},
			{"elective_treatments_per_1000", ratio(1000*float64(s.Treated), patients*years)},
			{"elective_wait_mean_days", ratio(s.ElectiveWait, float64(s.Treated))},
			{"elective_cancellations_per_1000", ratio(1000*float64(s.Cancellations), patients*years)},
			{"elective_waiting_list_per_1000", ratio(1000*float64(waitingList), patients)},
			{"elective_wait_median_days", listWait},
			{"mortality_30d_per_1000_admissions", ratio(1000*float64(s.Deaths), float64(s.Admissions))},
			{"specialist_share", ratio(float64(s.Specialist), float64(s.Granted))},
			{"handoffs_per_episode", ratio(float64(s.Handoffs), float64(s.Discharges))},
			{"information_loss_share", ratio(float64(s.LostHandoffs), float64(s.BoundaryHandoffs))},
			{"virtual_ward_step_ups_per_1000", ratio(1000*float64(s.StepUps), patients*years)},
			{"virtual_ward_step_downs_per_1000", ratio(1000*float64(s.StepDowns), patients*years)},
			{"trust_hospital_mean", hospTrust},
			{"trust_practice_mean", pracTrust},
			{"upc_mean", c.mean},
			{"upc_mean_aged_65_79", c.mean6579},
			{"upc_p25", c.p25},
			{"upc_median", c.median},
			{"upc_p75", c.p75},
			{"upc_mean_small_practices", c.bySize[0]},
			{"upc_mean_medium_practices", c.bySize[1]},
			{"upc_mean_large_practices", c.bySize[2]},
			{"relationship_years_mean", c.relYears},
			{"gp_leavers_per_year", ratio(float64(s.GpLeavers), years)},
			{"deprivation_gradient", ratio(float64(s.AdmByDep[NDep-1])*depPop[0], float64(s.AdmByDep[0])*depPop[NDep-1])},
			{"access_variation_sd", lotterySD},
			{"access_variation_range", lotteryRange},
			{"patients", patients},
			{"practices", float64(len(m.practices))},
			{"gps", float64(len(m.gps))},
			{"hospitals", float64(len(m.hospitals))},
			{"beds", float64(beds)},
			{"package_slots", float64(slots)},
		},
		WarmupMonth: int(math.Ceil(m.warmup/DaysPerMonth-1e-9)) + 1,
	}
	r.Metrics = append(r.Metrics, m.costMetrics(years)...)
	r.UPCHistogram = c.hist[:]
	perMonth := func(name string, v []float64) { r.Series = append(r.Series, Series{name, v}) }
	n := s.months
	share, gpWait, bedWait := make([]float64, n), make([]float64, n), make([]float64, n)
	occ, per1000, acsc1000 := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		share[i] = ratio(s.MUsual[i], s.MConsultations[i])
		gpWait[i] = ratio(s.MGPWait[i], s.MConsultations[i])
		bedWait[i] = ratio(s.MBedWait[i], s.MGranted[i])
		width := min(DaysPerMonth, m.horizon-float64(i)*DaysPerMonth)
		occ[i] = ratio(s.beds.Buckets[i], s.bedCap.Buckets[i])
		per1000[i] = ratio(1000*s.MAdmissions[i], patients*width/DaysPerYear)
		acsc1000[i] = ratio(1000*s.MACSC[i], patients*width/DaysPerYear)
	}
	perMonth("gp_consultations", s.MConsultations)
	perMonth("gp_wait_mean_days", gpWait)
	perMonth("usual_gp_share", share)
	perMonth("admissions", s.MAdmissions)
	perMonth("emergency_admissions_per_1000", per1000)
	perMonth("acsc_admissions_per_1000", acsc1000)
	perMonth("bed_wait_mean_days", bedWait)
	perMonth("bed_occupancy", occ)
	perMonth("delayed_bed_days", s.delayed.Buckets)
	perMonth("packages_started", s.MPackages)
	perMonth("elective_admissions", s.MElectives)
	perMonth("elective_cancellations", s.MCancellations)
	list := make([]float64, n)
	for i := range n {
		width := min(DaysPerMonth, m.horizon-float64(i)*DaysPerMonth)
		list[i] = ratio(1000*s.list.Buckets[i], width*patients)
	}
	perMonth("elective_waiting_list_per_1000", list)
	perMonth("deaths_30d", s.MDeaths)
	r.Warnings = m.overload(r)
	return r
}

// Practice size bands for continuity by practice size: small lists are
// below 6,000 patients, large ones 12,000 or more.
const smallPractice, largePractice = 6000, 12000

// continuitySummary is usual-provider continuity (UPC: the share of a
// patient's consultations in the window that were with their usual GP) over
// patients with at least two consultations, and relationship length at the
// horizon.
type continuitySummary struct {
	mean, mean6579, p25, median, p75 float64
	bySize                           [3]float64
	relYears                         float64
	hist                             [UPCBins]float64 // share of patients by UPC bin
}

func (m *model) continuity() continuitySummary {
	var c continuitySummary
	var hist [101]int64 // UPC in hundredths
	var bins [UPCBins]int64
	var sum, sum6579 float64
	var n, n6579 int64
	var sizeSum [3]float64
	var sizeN [3]int64
	relSum := 0.0
	for g := range m.practices {
		p := &m.practices[g]
		band := 1
		if p.size < smallPractice {
			band = 0
		} else if p.size >= largePractice {
			band = 2
		}
		for i := p.first; i < p.first+p.size; i++ {
			relSum += (m.horizon - float64(m.pt.relStart[i])) / DaysPerYear
			u, o := float64(m.pt.nUsual[i]), float64(m.pt.nOther[i])
			if u+o < 2 {
				continue
			}
			upc := u / (u + o)
			sum += upc
			n++
			hist[int(math.Round(upc*100))]++
			// In integers, so that a UPC on a bin's edge, such as 7/20,
			// falls in the bin above it whatever the rounding.
			bins[min(UPCBins*int(m.pt.nUsual[i])/(int(m.pt.nUsual[i])+int(m.pt.nOther[i])), UPCBins-1)]++
			sizeSum[band] += upc
			sizeN[band]++
			if ageOf(m.pt.typ[i]) == 3 {
				sum6579 += upc
				n6579++
			}
		}
	}
	c.mean = ratio(sum, float64(n))
	c.mean6579 = ratio(sum6579, float64(n6579))
	for b := range sizeSum {
		c.bySize[b] = ratio(sizeSum[b], float64(sizeN[b]))
	}
	c.relYears = ratio(relSum, float64(len(m.pt.typ)))
	if n > 0 {
		for k, b := range bins {
			c.hist[k] = float64(b) / float64(n)
		}
	}
	quantile := func(q float64) float64 {
		if n == 0 {
			return math.NaN()
		}
		target := int64(math.Ceil(q * float64(n)))
		var acc int64
		for i, h := range hist {
			acc += h
			if acc >= target {
				return float64(i) / 100
			}
		}
		return 1
	}
	c.p25, c.median, c.p75 = quantile(0.25), quantile(0.5), quantile(0.75)
	return c
}
