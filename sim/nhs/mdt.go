package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// Frailty and case-finding by multidisciplinary review (MDT).
//
// Frailty: within its type, patient i's emergency admission hazard is
// multiplied by f = exp(σz − σ²/2), a log-normal multiplier with mean 1
// (σ = hospitals.frailty_sd). z is the standard normal quantile of the
// patient's place in a scrambled order of its type's places in the
// practice (an affine permutation seeded by the run's seed, the practice
// and the type), so it costs no memory and does not change while the
// patient is registered. The type's admission rate is not changed: the
// candidate admission of a type picks its patient in proportion to f
// rather than uniformly, so only who is admitted changes, not how many.
//
// Case-finding: with a pooled budget, integrated teams review
// integration.mdt_reviews_per_1000 patients per 1,000 a month, built up
// over mdt_build_months. Each review starts an episode of case management
// of mdt_effect_months. A patient's review cycles are mdt_effect_months
// long, offset by a hash; at each cycle their risk score is
// a·(log type hazard + σz) + e, with fresh noise e ~ N(0, 1), and they are
// case-managed for the cycle if the score is above the cut that puts the
// caseload, mdt_reviews_per_1000 × mdt_effect_months per 1,000 (times the
// build-up), above it in the population. a is set so that the score ranks
// admitted patients above the population with c-statistic mdt_ranking_auc.
// No patient is scanned: the cut comes from the population's mixture of
// normals by type, and a patient's status is computed when they are a
// candidate for admission.

// normCDF is the standard normal distribution function, from erfc
// (Numerical Recipes' erfcc, fractional error under 1.2e-7), with pmath's
// portable exponential.
func normCDF(x float64) float64 {
	z := math.Abs(x) / math.Sqrt2
	t := 1 / (1 + 0.5*z)
	r := t * pmath.Exp(-z*z-1.26551223+t*(1.00002368+t*(0.37409196+t*(0.09678418+
		t*(-0.18628806+t*(0.27886807+t*(-1.13520398+t*(1.48851587+
			t*(-0.82215223+t*0.17087277)))))))))
	if x >= 0 {
		return 1 - r/2
	}
	return r / 2
}

// normQuantile is the standard normal quantile function at p in (0, 1)
// (Acklam's rational approximation, relative error under 1.2e-9).
func normQuantile(p float64) float64 {
	const lo, hi = 0.02425, 1 - 0.02425
	a := [...]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := [...]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := [...]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := [...]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	case p < lo:
		q := math.Sqrt(-2 * pmath.Log(p))
		return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p > hi:
		q := math.Sqrt(-2 * pmath.Log(1-p))
		return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	}
	q := p - 0.5
	r := q * q
	return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
}

// mix64 is SplitMix64's finaliser: a fixed bijective hash of 64 bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// unit maps a hash to (0, 1).
func unit(h uint64) float64 { return (float64(h>>11) + 0.5) * (1.0 / (1 << 53)) }

// frailtyOrder is the affine permutation k ↦ (a·k + b) mod n of the n
// places of type t in practice g (its patients and its reserve places
// for list growth, so that the order does not change as the list grows): a
// patient's frailty rank. a is coprime to n and near 0.618 n, so that
// neighbouring places get distant ranks; a and b come from a hash of the
// run's seed, the practice and the type.
type frailtyOrder struct{ a, ainv, b, n uint64 }

func (m *model) frailtyOrder(g int32, t uint8) frailtyOrder {
	p := &m.practices[g]
	n := uint64(p.typeStart[t+1] - p.typeStart[t])
	o := frailtyOrder{n: n}
	if n <= 1 {
		o.a, o.ainv = 1, 1
		return o
	}
	h := mix64(m.frailtyKey ^ uint64(g)<<8 ^ uint64(t))
	o.b = h % n
	a := uint64(float64(n)*0.6180339887) + mix64(h)%max(n/8, 1)
	a = max(a%n, 1)
	for gcd(a, n) != 1 {
		a = a%n + 1
	}
	o.a, o.ainv = a, modInverse(a, n)
	return o
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// modInverse is the inverse of a modulo n (a and n coprime).
func modInverse(a, n uint64) uint64 {
	t, nt := int64(0), int64(1)
	r, nr := int64(n), int64(a)
	for nr != 0 {
		q := r / nr
		t, nt = nt, t-q*nt
		r, nr = nr, r-q*nr
	}
	if t < 0 {
		t += int64(n)
	}
	return uint64(t)
}

// frailtyZ is patient i's frailty quantile z (0 without frailty).
func (m *model) frailtyZ(g int32, i int32) float64 {
	if m.cfg.Hospitals.FrailtySD <= 0 {
		return 0
	}
	t := m.pt.typ[i]
	o := m.frailtyOrder(g, t)
	k := uint64(i - m.practices[g].typeStart[t])
	r := (o.a*k + o.b) % o.n
	return normQuantile((float64(r) + 0.5) / float64(o.n))
}

// frailtyMultiplier is the hazard multiplier of the patient of rank r among
// n places at spread σ: the mean of exp(σz − σ²/2) over the rank's slice of
// the normal, n·[Φ(z₁ − σ) − Φ(z₀ − σ)] for the slice's quantiles z₀, z₁.
// Over the n ranks it has mean 1 exactly, and it is the chance (over n)
// that drawFrail picks the rank.
func frailtyMultiplier(r, n uint64, sd float64) float64 {
	lo, hi := 0.0, 1.0
	if r > 0 {
		lo = normCDF(normQuantile(float64(r)/float64(n)) - sd)
	}
	if r+1 < n {
		hi = normCDF(normQuantile(float64(r+1)/float64(n)) - sd)
	}
	return float64(n) * (hi - lo)
}

// drawFrail draws a patient of practice g for an emergency admission
// candidate: a type at the practice's rates, then, with frailty, a patient
// of that type in proportion to their frailty multiplier (a rank drawn from
// the size-biased distribution, z ~ N(σ, 1), mapped back through the
// type's order; a rank on an empty reserve place is drawn again), and
// without it uniformly, as before. It returns the patient and their
// frailty quantile z (frailtyZ; 0 without frailty).
func (m *model) drawFrail(g int32) (int32, float64) {
	p := &m.practices[g]
	sd := m.cfg.Hospitals.FrailtySD
	if sd <= 0 {
		return p.draw(&p.admTypes, &p.admits), 0
	}
	t := uint8(p.admTypes.Draw(&p.admits))
	o := m.frailtyOrder(g, t)
	lo, end := p.typeStart[t], p.typeEnd[t]
	for {
		z := sd + normQuantile(p.admits.Float64())
		r := min(uint64(normCDF(z)*float64(o.n)), o.n-1)
		k := o.ainv * ((r + o.n - o.b) % o.n) % o.n
		if i := lo + int32(k); i < end {
			return i, normQuantile((float64(r) + 0.5) / float64(o.n))
		}
	}
}

// mdtState is what the monthly review sets for case-finding.
type mdtState struct {
	share  float64         // caseload share of the population now (0: no case-finding)
	cut    float64         // the score above which a patient is case-managed
	weight float64         // a: the score's weight on the true log risk
	logH   [nTypes]float64 // log relative emergency hazard of each type
	typeW  [nTypes]float64 // expected share of each type in the population
	hrCut  float64         // true log risk above which a patient is in the top high_risk share
	ready  bool            // weight and hrCut are set, for logH, typeW, sd and auc
	sd     float64         // hospitals.frailty_sd they were set for
	auc    float64         // integration.mdt_ranking_auc they were set for
	sample sim.Stream      // draws the patients whose status the review samples
}

// mdtHighRiskShare is the share of the population, by true risk, that
// mdt_found_high_risk_share calls high risk.
const mdtHighRiskShare = 0.05

// mdtSamples is how many patients each monthly review samples to measure
// the share of high-risk patients found.
const mdtSamples = 2000

// mdtInit seeds the stream of the monthly reviews' samples. It draws
// nothing.
func (m *model) mdtInit() {
	m.mdt.sample = sim.NewStream(m.cfg.Seed, "mdt-sample", uint64(m.span.g0))
}

// mdtRisk sets what the score ranks on, from the configuration in force:
// the types' hazards (this year's demand) and expected shares, the score's
// weight for the ranking's c-statistic, and the high-risk cut. The weight
// and the cut are worked out again only when what they depend on has
// changed (a new year of demand, a timeline's change), since the weight's
// search sums over every pair of types.
func (m *model) mdtRisk() {
	s := &m.mdt
	_, admW, _ := typeWeights(&m.cfg, m.year)
	pop := &m.cfg.Population
	var typeW, logH [nTypes]float64
	for t := range uint8(nTypes) {
		a, d := ageOf(t), depOf(t)
		pm := pop.MultimorbidityByAge[a]
		if mmOf(t) == 0 {
			pm = 1 - pm
		}
		typeW[t] = pop.AgeShares[a] * pop.DeprivationShares[d] * pm
		logH[t] = math.Inf(-1)
		if admW[t] > 0 {
			logH[t] = pmath.Log(admW[t])
		}
	}
	sd, auc := m.cfg.Hospitals.FrailtySD, m.cfg.Integration.MDTRankingAUC
	if s.ready && typeW == s.typeW && logH == s.logH && sd == s.sd && auc == s.auc {
		return
	}
	s.ready, s.typeW, s.logH, s.sd, s.auc = true, typeW, logH, sd, auc
	s.weight = scoreWeight(&s.typeW, &s.logH, sd, auc)
	s.hrCut = mixtureCut(&s.typeW, &s.logH, 1, sd, 0, mdtHighRiskShare)
}

// rankingAUC is the c-statistic of the score a·L + e (e ~ N(0, 1)) for
// emergency admission, L the true log hazard (the type's, plus σz): the
// chance that an admitted patient's score is above a random patient's.
// Admitted patients are the population weighted by hazard: type weights
// w·h and z ~ N(σ, 1).
func rankingAUC(w, logH *[nTypes]float64, sd, a float64) float64 {
	sdev := math.Sqrt(2 * (a*a*sd*sd + 1))
	var ew [nTypes]float64
	sum := 0.0
	for t := range ew {
		if !math.IsInf(logH[t], -1) {
			ew[t] = w[t] * pmath.Exp(logH[t])
			sum += ew[t]
		}
	}
	auc := 0.0
	for t := range ew {
		if ew[t] == 0 {
			continue
		}
		for u := range w {
			if w[u] == 0 || math.IsInf(logH[u], -1) {
				continue
			}
			auc += ew[t] / sum * w[u] * normCDF(a*(logH[t]+sd*sd-logH[u])/sdev)
		}
	}
	// Types with no hazard rank below every other: they are never admitted.
	tot := 0.0
	for u := range w {
		tot += w[u]
	}
	zero := 0.0
	for u := range w {
		if math.IsInf(logH[u], -1) {
			zero += w[u]
		}
	}
	return (auc + zero) / tot
}

// scoreWeight is the weight a at which the score's c-statistic is auc, by
// bisection; the largest weight tried (ranking by true risk alone, nearly)
// when auc is beyond what the risk's spread allows.
func scoreWeight(w, logH *[nTypes]float64, sd, auc float64) float64 {
	if auc <= 0.5 {
		return 0
	}
	lo, hi := 0.0, 1000.0
	if rankingAUC(w, logH, sd, hi) <= auc {
		return hi
	}
	for range 60 {
		mid := (lo + hi) / 2
		if rankingAUC(w, logH, sd, mid) < auc {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// mixtureCut is the value above which a share of the population's
// a·L + noise lies, L = logH[t] + sd·z: a mixture over types of normals
// with means a·logH[t] and variance a²sd² + noise².
func mixtureCut(w, logH *[nTypes]float64, a, sd, noise, share float64) float64 {
	sdev := math.Sqrt(a*a*sd*sd + noise*noise)
	tot := 0.0
	for t := range w {
		tot += w[t]
	}
	above := func(x float64) float64 {
		sum := 0.0
		for t := range w {
			if w[t] == 0 || math.IsInf(logH[t], -1) {
				continue
			}
			mean := a * logH[t]
			if sdev == 0 {
				if mean > x {
					sum += w[t]
				}
				continue
			}
			sum += w[t] * (1 - normCDF((x-mean)/sdev))
		}
		return sum / tot
	}
	lo, hi := -100.0, 100.0
	for _, v := range logH {
		if !math.IsInf(v, -1) {
			lo, hi = min(lo, a*v-10*sdev-10), max(hi, a*v+10*sdev+10)
		}
	}
	for range 100 {
		mid := (lo + hi) / 2
		if above(mid) > share {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// mdtReview is the monthly review of case-finding: the caseload share
// the teams built so far can hold; what the score ranks on and its cut,
// from the parameters in force (so that a timeline may change them); the
// reviews and what the caseload costs (paid from the pool); and a sample
// of patients for the share of high-risk patients found.
func (m *model) mdtReview() {
	in := &m.cfg.Integration
	if in.MDTReviewsPer1000 <= 0 {
		return
	}
	s := &m.mdt
	now := m.k.Now()
	s.share = 0
	if m.cfg.Discharge.PooledBudget {
		built := 1.0
		if build := in.MDTBuildMonths * decisionScale(&m.cfg) * DaysPerMonth; build > 0 {
			built = min(max((now-m.poolFrom)/build, 0), 1)
		}
		s.share = min(in.MDTReviewsPer1000/1000*in.MDTEffectMonths*built, 1)
	}
	if s.share <= 0 {
		return
	}
	m.mdtRisk()
	s.cut = mixtureCut(&s.typeW, &s.logH, s.weight, m.cfg.Hospitals.FrailtySD, 1, s.share)
	month := DaysPerMonth / DaysPerYear
	managed := s.share * m.money.patients
	cost := managed * in.CaseManagementCost * month
	m.money.spent += cost
	if now < m.warmup || now+1e-6 >= m.horizon {
		return
	}
	st := &m.stats
	st.MDTCost += cost
	st.MDTReviews += managed / in.MDTEffectMonths
	// A sample of the part's patients: of those at high risk, how many
	// are case-managed now.
	first := m.practices[m.span.g0].first
	last := m.practices[m.span.g1-1]
	n := int(last.first + last.slots - first)
	for range mdtSamples {
		i := first + int32(s.sample.IntN(n))
		g := m.practiceOf(i)
		t := m.pt.typ[i]
		if i >= m.practices[g].typeEnd[t] {
			continue // an empty reserve place
		}
		z := m.frailtyZ(g, i)
		if s.logH[t]+m.cfg.Hospitals.FrailtySD*z <= s.hrCut {
			continue
		}
		st.MDTHighRisk++
		if m.mdtManagedZ(i, t, z, now) {
			st.MDTFoundHighRisk++
		}
	}
}

// mdtManaged reports whether patient i, of frailty quantile z, is
// case-managed now after a multidisciplinary review.
func (m *model) mdtManaged(i int32, z float64) bool {
	if m.mdt.share <= 0 {
		return false
	}
	return m.mdtManagedZ(i, m.pt.typ[i], z, m.k.Now())
}

// mdtManagedZ is mdtManaged for a patient of type t and frailty quantile
// z: their score for the current review cycle against the cut.
func (m *model) mdtManagedZ(i int32, t uint8, z, now float64) bool {
	s := &m.mdt
	if s.share <= 0 {
		return false
	}
	d := m.cfg.Integration.MDTEffectMonths
	h := mix64(m.frailtyKey ^ 0x9e3779b97f4a7c15 ^ uint64(i))
	months := now/DaysPerMonth + unit(h)*d
	cycle := uint64(months / d)
	e := normQuantile(unit(mix64(h ^ cycle*0xd1b54a32d192ed03)))
	return s.weight*(s.logH[t]+m.cfg.Hospitals.FrailtySD*z)+e > s.cut
}
