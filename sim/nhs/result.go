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
	w := m.window()
	r := &Result{
		WarmupMonth:  int(math.Ceil(m.warmup/DaysPerMonth-1e-9)) + 1,
		UPCHistogram: w.c.hist[:],
	}
	for _, d := range metricDefs {
		if d.value != nil {
			r.Metrics = append(r.Metrics, Metric{d.Name, d.value(w)})
		}
	}
	for _, d := range seriesDefs() {
		r.Series = append(r.Series, Series{d.Name, d.series(w)})
	}
	r.Warnings = m.overload(r)
	return r
}

// window gathers what the metrics are computed from.
func (m *model) window() *window {
	w := &window{m: m, s: &m.stats, span: m.horizon - m.warmup}
	w.years = w.span / DaysPerYear
	w.patients = float64(m.cfg.Population.Patients)
	for _, h := range m.hospitals {
		w.beds += int64(h.beds)
		w.slots += int64(math.Round(h.care[pathwayHomeCare].base))
	}
	for _, t := range m.pt.typ {
		w.depPop[depOf(t)]++
	}
	w.c = m.continuity()
	w.lotterySD, w.lotteryRange = m.postcodeLottery()
	w.listWait, w.waitingList = m.listMedianWait()
	for _, h := range m.hospitals {
		w.hospTrust += h.trust / float64(len(m.hospitals))
	}
	for _, p := range m.practices {
		w.pracTrust += p.trust / float64(len(m.practices))
	}
	w.costs, w.costTotal = m.costs(w.years)
	w.qualityMean, w.qualitySD, w.hhi = m.competition()
	return w
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
