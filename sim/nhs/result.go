package nhs

import (
	"math"
	"sort"
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

	// Practices is one row per practice at the horizon, for practices.csv.
	Practices []PracticeRow

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
	r.Practices = w.ps.rows
	r.Warnings = m.overload(r)
	return r
}

// window gathers what the metrics are computed from.
func (m *model) window() *window {
	w := &window{m: m, s: &m.stats, span: m.horizon - m.warmup}
	w.years = w.span / DaysPerYear
	// Registered patients over the window, in person-years a year: those
	// at the horizon less the days of the window before newcomers from
	// list growth came (without growth, population.patients).
	listed := 0
	for g := range m.practices {
		p := &m.practices[g]
		listed += int(p.size)
		for i := range p.active() {
			w.depPop[depOf(m.pt.typ[i])]++
		}
	}
	w.patients = float64(listed) - m.stats.Missing/w.span
	for d := range w.depPop {
		w.depPop[d] -= m.stats.MissingByDep[d] / w.span
	}
	for _, h := range m.hospitals {
		w.beds += int64(h.beds)
		w.slots += int64(math.Round(h.care[pathwayHomeCare].base))
	}
	w.c = m.continuity()
	w.ps = m.practiceSummary(w.years)
	w.lotterySD, w.lotteryRange = m.postcodeLottery()
	w.listWait, w.waitingList = m.listMedianWait()
	for _, h := range m.hospitals {
		w.hospTrust += h.trust / float64(len(m.hospitals))
	}
	for _, p := range m.practices {
		w.pracTrust += p.trust / float64(len(m.practices))
	}
	var st structural
	w.costs, w.costTotal, st = m.costs(w.years)
	w.transfers = m.transfers(w.years)
	w.appr = m.appraise(w, &w.costs, st)
	w.qualityMean, w.qualitySD, w.hhi = m.competition()
	w.lowMean, w.lowSD = m.lowestReserves()
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
	relSum, listed := 0.0, 0
	for g := range m.practices {
		p := &m.practices[g]
		band := 1
		if p.size < smallPractice {
			band = 0
		} else if p.size >= largePractice {
			band = 2
		}
		listed += int(p.size)
		for i := range p.active() {
			relSum += m.relationshipYears(int32(g), i, m.horizon)
			u, o := float64(m.pt.gp[i].nUsual), float64(m.pt.gp[i].nOther)
			if u+o < 2 {
				continue
			}
			upc := u / (u + o)
			sum += upc
			n++
			hist[int(math.Round(upc*100))]++
			// In integers, so that a UPC on a bin's edge, such as 7/20,
			// falls in the bin above it whatever the rounding.
			bins[min(UPCBins*int(m.pt.gp[i].nUsual)/(int(m.pt.gp[i].nUsual)+int(m.pt.gp[i].nOther)), UPCBins-1)]++
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
	c.relYears = ratio(relSum, float64(listed))
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

// PracticeRow is one practice at the horizon (a practice that has taken
// others over includes them), with its window statistics.
type PracticeRow struct {
	Practice            int     // index of the practice (its first list)
	ListSize            int     // registered patients at the horizon
	ListAtWarmup        int     // registered patients when the window opened
	GPPosts             int     // GP posts, filled or vacant
	GPsInPost           int     // posts filled at the horizon (locums not counted)
	FTE                 float64 // sessions of the GPs in post over sessions_per_fte
	TurnoverPerYear     float64 // GPs leaving per post-year over the window
	UPCMean             float64 // mean UPC of its patients with at least two consultations
	PreferredGPShare    float64 // share of its consultations with the preferred GP
	AdmissionsPer1000   float64 // emergency admissions per 1,000 patient-years
	ACSCPer1000         float64 // ACSC admissions per 1,000 patient-years
	HighTurnover, Grown bool
}

// Practice groups for the practice-level metrics.
const highTurnover = 0.1 // GP turnover above this a year makes a high-turnover practice

// practiceSummary is continuity and admissions by groups of practices and
// of patients, and the per-practice table.
type practiceSummary struct {
	rows                       []PracticeRow
	prefHigh, prefLow          float64
	upc6579Small, upc6579Large float64
	upcGrowing, upcStable      float64
	admHigh, admLow            float64
	acscUPCLow, acscUPCHigh    float64
	// The same within patient types, standardised (acscByUPCWithinType).
	acscUPCLowStrat, acscUPCHighStrat float64
	acscByAge                         [NAges]float64
}

func (m *model) practiceSummary(years float64) practiceSummary {
	var ps practiceSummary
	var roots []int
	for g := range m.practices {
		if p := &m.practices[g]; p.root == int32(g) {
			p.postsTo(m.horizon, m.warmup)
			roots = append(roots, g)
		}
	}
	// Per-patient UPC: terciles over patients with two consultations or
	// more, in thousandths.
	var hist [1001]int64
	var n int64
	upcOf := func(i int32) (float64, bool) {
		u, o := int(m.pt.gp[i].nUsual), int(m.pt.gp[i].nOther)
		if u+o < 2 {
			return 0, false
		}
		return float64(u) / float64(u+o), true
	}
	for i := range m.pt.typ {
		if v, ok := upcOf(int32(i)); ok {
			hist[int(math.Round(v*1000))]++
			n++
		}
	}
	cut := func(q float64) int {
		var acc int64
		for k, h := range hist {
			acc += h
			if float64(acc) >= q*float64(n) {
				return k
			}
		}
		return 1000
	}
	lowCut, highCut := cut(1.0/3), cut(2.0/3)
	var terN, terACSC [2]float64
	var agePop [NAges]float64
	type acc struct{ sum, n float64 }
	var a6579 = make([]acc, len(roots))
	var pref, adm, upcAll [2]acc // by turnover: 0 low, 1 high; growth: 0 stable, 1 growing
	var growth [2]acc
	for r, g := range roots {
		p := &m.practices[g]
		row := PracticeRow{Practice: g, ListSize: int(p.list), ListAtWarmup: int(p.listAtWarm), GPPosts: int(p.k)}
		var upc acc
		for i := range m.rootActive(int32(g)) {
			t := m.pt.typ[i]
			agePop[ageOf(t)]++
			v, ok := upcOf(i)
			if !ok {
				continue
			}
			upc.sum, upc.n = upc.sum+v, upc.n+1
			if ageOf(t) == 3 {
				a6579[r].sum, a6579[r].n = a6579[r].sum+v, a6579[r].n+1
			}
			k := int(math.Round(v * 1000))
			if k <= lowCut {
				terN[0] += m.exposure(i)
				terACSC[0] += float64(m.pt.acsc[i])
			} else if k > highCut {
				terN[1] += m.exposure(i)
				terACSC[1] += float64(m.pt.acsc[i])
			}
		}
		sessions := 0
		for j := p.gp0; j < p.gp0+p.k; j++ {
			if d := &m.gps[j]; !d.vacant {
				row.GPsInPost++
				sessions += int(d.sessions)
			}
		}
		if !m.sessions {
			sessions = row.GPsInPost
			row.FTE = float64(sessions)
		} else {
			row.FTE = float64(sessions) / m.cfg.GP.SessionsPerFTE
		}
		row.TurnoverPerYear = ratio(float64(p.leavers)*DaysPerYear, p.postDays)
		row.UPCMean = ratio(upc.sum, upc.n)
		row.PreferredGPShare = ratio(float64(p.usual), float64(p.consults))
		py := float64(p.list)*years - p.missing/DaysPerYear // person-years
		row.AdmissionsPer1000 = ratio(1000*float64(p.admissions), py)
		row.ACSCPer1000 = ratio(1000*float64(p.acscN), py)
		row.HighTurnover = row.TurnoverPerYear > highTurnover
		row.Grown = p.list > p.listAtWarm
		ps.rows = append(ps.rows, row)
		h := 0
		if row.HighTurnover {
			h = 1
		}
		pref[h].sum += float64(p.usual)
		pref[h].n += float64(p.consults)
		adm[h].sum += float64(p.admissions)
		adm[h].n += py
		gr := 0
		if row.Grown {
			gr = 1
		}
		growth[gr].sum += upc.sum
		growth[gr].n += upc.n
		upcAll[0].sum += upc.sum
		upcAll[0].n += upc.n
	}
	ps.prefLow, ps.prefHigh = ratio(pref[0].sum, pref[0].n), ratio(pref[1].sum, pref[1].n)
	ps.admLow, ps.admHigh = ratio(1000*adm[0].sum, adm[0].n), ratio(1000*adm[1].sum, adm[1].n)
	ps.upcStable, ps.upcGrowing = ratio(growth[0].sum, growth[0].n), ratio(growth[1].sum, growth[1].n)
	ps.acscUPCLow = ratio(1000*terACSC[0], terN[0]) // terN in person-years
	ps.acscUPCHigh = ratio(1000*terACSC[1], terN[1])
	ps.acscUPCLowStrat, ps.acscUPCHighStrat = m.acscByUPCWithinType()
	for a := range NAges {
		ps.acscByAge[a] = ratio(1000*float64(m.stats.AcscByAge[a]), agePop[a]*years-m.stats.MissingByAge[a]/DaysPerYear)
	}
	// Bottom and top fifths of practices by list size (ties by index).
	order := make([]int, len(roots))
	for r := range order {
		order[r] = r
	}
	sort.SliceStable(order, func(x, y int) bool { return m.practices[roots[order[x]]].list < m.practices[roots[order[y]]].list })
	fifth := len(order) / 5
	var small, large acc
	for _, r := range order[:fifth] {
		small.sum, small.n = small.sum+a6579[r].sum, small.n+a6579[r].n
	}
	for _, r := range order[len(order)-fifth:] {
		large.sum, large.n = large.sum+a6579[r].sum, large.n+a6579[r].n
	}
	ps.upc6579Small, ps.upc6579Large = ratio(small.sum, small.n), ratio(large.sum, large.n)
	return ps
}

// acscByUPCWithinType compares ACSC admissions between the lowest and
// highest thirds of patients' own UPC within each patient type (age band,
// deprivation quintile, multimorbidity), over patients with two
// consultations or more, and standardises each third's rates to the types'
// shares of those patients. Within a type every patient has the same
// admission hazard but for continuity, so what the comparison shows is
// continuity's own effect; across types, older and multimorbid patients
// both wait longer for their GP (tolerance_days) and are admitted more,
// which the unadjusted terciles mix in. A type whose thirds are not both
// populated (UPC takes few values at few consultations) is left out.
func (m *model) acscByUPCWithinType() (low, high float64) {
	const res = 1000
	var hist [nTypes][res + 1]int32
	var n [nTypes]int64
	for i := range m.pt.typ {
		u, o := int(m.pt.gp[i].nUsual), int(m.pt.gp[i].nOther)
		if u+o < 2 {
			continue
		}
		t := m.pt.typ[i]
		hist[t][res*u/(u+o)]++
		n[t]++
	}
	var lowCut, highCut [nTypes]int
	for t := range nTypes {
		var acc int64
		lowCut[t], highCut[t] = res, res
		for k, h := range hist[t] {
			acc += int64(h)
			if 3*acc >= n[t] && lowCut[t] == res {
				lowCut[t] = k
			}
			if 3*acc >= 2*n[t] {
				highCut[t] = k
				break
			}
		}
	}
	var terN, terACSC [nTypes][2]float64 // person-years and ACSC admissions
	for i := range m.pt.typ {
		u, o := int(m.pt.gp[i].nUsual), int(m.pt.gp[i].nOther)
		if u+o < 2 {
			continue
		}
		t := m.pt.typ[i]
		switch k := res * u / (u + o); {
		case k <= lowCut[t]:
			terN[t][0] += m.exposure(int32(i))
			terACSC[t][0] += float64(m.pt.acsc[i])
		case k > highCut[t]:
			terN[t][1] += m.exposure(int32(i))
			terACSC[t][1] += float64(m.pt.acsc[i])
		}
	}
	var w, sumLow, sumHigh float64
	for t := range nTypes {
		if terN[t][0] == 0 || terN[t][1] == 0 {
			continue
		}
		wt := float64(n[t])
		w += wt
		sumLow += wt * terACSC[t][0] / terN[t][0]
		sumHigh += wt * terACSC[t][1] / terN[t][1]
	}
	return ratio(1000*sumLow, w), ratio(1000*sumHigh, w)
}
