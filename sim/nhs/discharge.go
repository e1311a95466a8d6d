package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// Discharge pathways (DHSC's discharge-to-assess model).
const (
	pathwayHome         = iota // 0: home, no new support
	pathwayHomeCare            // 1: home with new home care or reablement
	pathwayIntermediate        // 2: a step-down (intermediate-care) bed
	pathwayCareHome            // 3: a new care-home placement
	nPathways
)

// pathwayShift puts a pathway in the high bits of an event's hospital
// payload: hospitals are fewer than 1<<pathwayShift.
const pathwayShift = 28

// lostFlag marks, in an evAssessed payload above the pathway, a patient
// whose hand-off across a boundary lost information.
const lostFlag = 1 << (pathwayShift + 2)

// careStock is one pathway's capacity in a hospital's catchment: a stock
// set per head, which only the pool's spending, the care market and winter
// change. Its unit is a home-care hour a week on pathway 1 (a package needs
// several) and a bed or place on pathways 2 and 3 (a client needs one).
type careStock struct {
	base   float64           // capacity per head × catchment, before any change
	target float64           // the capacity the stock is moving to, before winter
	places int32             // units now
	free   int32             // units not held; negative after capacity is cut, until enough clients leave
	queue  sim.FIFO[waiting] // patients waiting for a place, and since when
}

// unitShift puts a client's units (hours a week on pathway 1) above the
// pathway in an evPackageEnd payload.
const unitShift = 2

// packageHours returns, for each patient type, the whole hours a week of
// home care their pathway 1 package needs: package_hours_by_age for their
// age band, times multimorbidity_hours with two or more long-term
// conditions, at least 1.
func packageHours(cfg *Config) (out [nTypes]int32) {
	sc := &cfg.SocialCare
	for t := range uint8(nTypes) {
		h := sc.PackageHoursByAge[ageOf(t)]
		if mmOf(t) == 1 {
			h *= sc.MultimorbidityHours
		}
		out[t] = int32(max(math.Round(h), 1))
	}
	return out
}

// units returns the units of pathway k's capacity that patient needs.
func (m *model) units(k int, patient int32) int32 {
	if k == pathwayHomeCare {
		return m.pkgHours[m.pt.typ[patient]]
	}
	return 1
}

// pathwayThresholds returns, for each patient type, the cumulative
// probabilities of pathways 3, 3+2 and 3+2+1: the relative need of the type
// times each pathway's base share, scaled down if they would pass 1.
func pathwayThresholds(cfg *Config) (out [nTypes][3]float64) {
	sc := &cfg.SocialCare
	for t := range uint8(nTypes) {
		need := sc.NeedByAge[ageOf(t)]
		if mmOf(t) == 1 {
			need *= sc.MultimorbidityNeed
		}
		p3, p2, p1 := sc.Pathway3Share*need, sc.Pathway2Share*need, sc.PackageProbability*need
		if sum := p1 + p2 + p3; sum > 1 {
			p1, p2, p3 = p1/sum, p2/sum, p3/sum
		}
		out[t] = [3]float64{p3, p3 + p2, p3 + p2 + p1}
	}
	return out
}

// pathway draws the discharge pathway of a patient who has become medically
// fit: one draw from the hospital's stay stream, whatever the shares.
func (m *model) pathway(h, patient int32) int {
	u := m.hospitals[h].stays.Float64()
	th := &m.pathCum[m.pt.typ[patient]]
	switch {
	case u < th[0]:
		return pathwayCareHome
	case u < th[1]:
		return pathwayIntermediate
	case u < th[2]:
		return pathwayHomeCare
	}
	return pathwayHome
}

// Reasons a medically fit patient is still in a bed beyond the ward's own
// work, as NHS England's delayed transfers of care statistics (2010-2020)
// named them: the queue for each pathway's care is its own reason.
const (
	reasonAssessment  = iota // awaiting completion of assessment
	reasonFunding            // awaiting public funding
	reasonNonAcute           // awaiting further non-acute NHS care: finding a step-down bed (pathway 2), and its queue
	reasonCarePackage        // awaiting a care package in their own home: finding one (pathway 1), and its queue
	reasonCareHome           // awaiting a residential or nursing home place: finding one (pathway 3), and its queue
	reasonChoice             // patient or family choice
	reasonDispute            // disputes
	reasonOther              // the rest: information lost at a hand-off
	nReasons
)

// reasonNames are the reasons as metric names spell them.
var reasonNames = [nReasons]string{"assessment", "public_funding", "non_acute_nhs", "care_package", "care_home", "choice", "disputes", "other"}

// Organisations responsible for a delay, as NHS England's delayed
// transfers of care statistics attributed each delayed day: the NHS,
// social care, or both.
const (
	orgNHS = iota
	orgSocialCare
	orgBoth
	nOrgs
)

// orgNames are the organisations as metric names spell them.
var orgNames = [nOrgs]string{"nhs", "social_care", "both"}

// attribution returns, for each reason, the shares of its delay attributed
// to the NHS, social care and both (each row sums to 1). Further non-acute
// NHS care is the NHS's and disputes between health and social care are
// both's, by the reasons' definitions; the other reasons are split by the
// discharge.*_share parameters, as England's statistics split them. It is
// accounting of the reasons' time: no delay depends on it.
func attribution(d *Discharge) (out [nReasons][nOrgs]float64) {
	split := func(socialCare, both float64) [nOrgs]float64 {
		return [nOrgs]float64{1 - socialCare - both, socialCare, both}
	}
	out[reasonAssessment] = split(d.AssessmentSocialCareShare, d.AssessmentJointShare)
	out[reasonFunding] = split(1-d.FundingNHSShare, 0)
	out[reasonNonAcute] = split(0, 0)
	out[reasonCarePackage] = split(d.CarePackageSocialCareShare, 0)
	out[reasonCareHome] = split(d.CareHomeSocialCareShare, 0)
	out[reasonChoice] = split(d.ChoiceSocialCareShare, 0)
	out[reasonDispute] = split(0, 1)
	out[reasonOther] = split(0, d.InformationLossJointShare)
	return out
}

// queueReason is the reason the search for a place on pathway k and a wait
// in its queue are counted under.
var queueReason = [nPathways]int{reasonOther, reasonCarePackage, reasonNonAcute, reasonCareHome}

// dischargeDelay is the process time from being medically fit to being
// ready to leave on pathway k: the ward's own work (letters, medicines,
// transport) and, on pathways 1-3, an assessment (one when health and
// social care are one organisation, one at each boundary otherwise) and,
// at each boundary, for funded care (pathways 1 and 3) a funding decision
// (shortened by pooled_funding_cut when budgets are pooled) and, with
// separate budgets, a chance of a dispute over who is responsible; a
// chance that the hand-off loses information unless records are shared;
// on pathway 3 the family's choice of a home; and on pathways 1-3 the
// search for a place, which lengthens as the stock fills. Assessments and
// decisions are shortened by trust. Under activity payment the hospital's
// own part (the ward's work and the assessments) is shortened by its
// incentive to discharge (paymentDischarge); with discharge-to-assess
// funding, part of each assessment, decision and dispute happens after the
// patient has left (inHospital). Each part beyond the ward's work is
// counted under its reason. It draws from the hospital's own delay stream,
// whose number of draws depends on the levers, so that no other stream
// shifts when they change. It also reports whether a hand-off lost
// information.
func (m *model) dischargeDelay(h, patient int32, k int) (delay float64, anyLost bool) {
	d := &m.cfg.Discharge
	hp := &m.hospitals[h]
	now := m.k.Now()
	push := paymentDischarge(&m.cfg)
	delay = hp.delays.Exp(d.WardProcessDays * push)
	if k == pathwayHome {
		return delay, false
	}
	p := &m.practices[m.practiceOf(patient)]
	trust := (hp.trust + p.trust) / 2
	mult := 1 - d.TrustEffect*trust
	funded := k != pathwayIntermediate
	in := inHospital(d)
	for i := range max(d.Boundaries, 1) {
		x := hp.delays.Exp(d.AssessmentDays * mult * push * in)
		m.stats.fitDays(now, reasonAssessment, x)
		delay += x
		if i >= d.Boundaries {
			break
		}
		if funded {
			if cut := fundingLeft(d); cut > 0 {
				x = hp.delays.Exp(d.FundingDecisionDays * cut * mult * decisionScale(&m.cfg) * in)
				m.stats.fitDays(now, reasonFunding, x)
				delay += x
			}
			if !d.PooledBudget && d.DisputeProbability > 0 && hp.delays.Bernoulli(d.DisputeProbability) {
				x = hp.delays.Exp(d.DisputeDays * in)
				m.stats.fitDays(now, reasonDispute, x)
				delay += x
			}
		}
		lost := hp.delays.Bernoulli(d.InformationLossProbability * (1 - m.adoption()))
		if lost {
			x = hp.delays.Exp(d.InformationLossDays)
			m.stats.fitDays(now, reasonOther, x)
			delay += x
		}
		m.stats.handOff(now, lost)
		anyLost = anyLost || lost
	}
	if k == pathwayCareHome && d.ChoiceDays > 0 {
		x := hp.delays.Exp(d.ChoiceDays)
		m.stats.fitDays(now, reasonChoice, x)
		delay += x
	}
	if s := sourcingDays(&m.cfg.SocialCare, k); s > 0 {
		x := hp.delays.Exp(s * charged(d, k) * congestion(&hp.care[k]))
		m.stats.fitDays(now, queueReason[k], x)
		delay += x
	}
	return delay, anyLost
}

// inHospital is the share of each boundary's assessment, funding decision
// and dispute that happens while the patient is still in the bed: 1 -
// assess_after_discharge with discharge-to-assess funding, all of it
// otherwise.
func inHospital(d *Discharge) float64 {
	if d.DischargeToAssess {
		return 1 - d.AssessAfterDischarge
	}
	return 1
}

// charged is the share of the search for a place on pathway k left when
// the NHS charges councils for delays: 1 - charge_response on the pathways
// councils arrange (1 and 3), with separate budgets and a boundary to
// charge across; 1 otherwise.
func charged(d *Discharge, k int) float64 {
	if d.ReimbursementCharges && !d.PooledBudget && d.Boundaries > 0 && k != pathwayIntermediate {
		return 1 - d.ChargeResponse
	}
	return 1
}

// maxSourcingUtilisation caps the utilisation the search for a place sees,
// so that its mean stays finite (at most 9 times its mean at half full);
// past it, the queue for places takes over.
const maxSourcingUtilisation = 0.9

// sourcingDays is pathway k's mean search time for a place at half
// utilisation.
func sourcingDays(sc *SocialCare, k int) float64 {
	switch k {
	case pathwayHomeCare:
		return sc.HomeCareSourcingDays
	case pathwayIntermediate:
		return sc.StepDownSourcingDays
	case pathwayCareHome:
		return sc.CareHomeSourcingDays
	}
	return 0
}

// congestion is u/(1-u) at the stock's utilisation u now (held over open,
// at most maxSourcingUtilisation): the mean wait of a single server in
// units of its service time. A stock of thousands of hours behaves as one
// pool only on paper; a place must be found with a provider that has one
// free where and when the patient needs it, and that search lengthens as
// the stock fills. It is 1 at half full.
func congestion(st *careStock) float64 {
	u := maxSourcingUtilisation
	if st.places > 0 {
		u = min(max(1-float64(st.free)/float64(st.places), 0), maxSourcingUtilisation)
	}
	return u / (1 - u)
}

// fundingLeft is the share of a boundary's funding decision that is left:
// all of it with separate budgets, 1 - pooled_funding_cut with a pooled one.
func fundingLeft(d *Discharge) float64 {
	if d.PooledBudget {
		return 1 - d.PooledFundingCut
	}
	return 1
}

// stayEnd ends a clinical stay: the patient is medically fit. They keep the
// bed while the ward, the assessments and the funding decisions of their
// pathway take their time, and then, on pathways 1-3, until a place is
// free. While they wait, lastOut holds the moment they became fit: it is
// read when they leave, and otherwise only if the same patient is drawn for
// another emergency admission meanwhile (rare), whose readmission window
// then counts from it.
func (m *model) stayEnd(h, patient int32) {
	now := m.k.Now()
	k := m.pathway(h, patient)
	m.stats.fitChange(now, +1)
	m.pt.lastOut[patient] = float32(now)
	a := h | int32(k)<<pathwayShift
	d, lost := m.dischargeDelay(h, patient, k)
	if lost {
		a |= lostFlag
	}
	if d > 0 {
		m.k.At(now+d, 0, evAssessed, a, patient)
		return
	}
	m.assessed(a, patient) // no process time: no event
}

// assessed: the patient's process delays are over; on pathway 0 they
// leave, on the others they take a place or join the end of the queue for
// one (first come, first served: a package whose hours are not free holds
// up lighter ones behind it).
func (m *model) assessed(a, patient int32) {
	h, k, lost := a&(1<<pathwayShift-1), int(a>>pathwayShift)&(lostFlag>>pathwayShift-1), a&lostFlag != 0
	if k == pathwayHome {
		m.leave(h, patient, 0, lost)
		return
	}
	st := &m.hospitals[h].care[k]
	if st.queue.Len() == 0 && st.free >= m.units(k, patient) {
		m.place(h, k, patient, lost)
		return
	}
	st.queue.Push(waiting{since: m.k.Now(), patient: patient, lost: lost})
}

// deconditioningCapDays caps the wait that lengthens later care: the loss
// of function documented happens over a stay, and three weeks is the NHS's
// threshold of a long stay (an assumption; without a cap a queue that
// lengthens care would feed itself without bound).
const deconditioningCapDays = 21

// place gives a patient a place on pathway k (their hours, on pathway 1).
// The longer they waited in the bed once fit, the longer they hold the
// place (deconditioning).
func (m *model) place(h int32, k int, patient int32, lost bool) {
	hp := &m.hospitals[h]
	now := m.k.Now()
	st := &hp.care[k]
	u := m.units(k, patient)
	st.free -= u
	m.stats.careChange(now, k, float64(u))
	if k == pathwayHomeCare && now >= m.warmup {
		m.stats.PackageHours += float64(u)
	}
	wait := max(now-float64(m.pt.lastOut[patient]), 0)
	mean := m.careMeanDays[k] * (1 + m.cfg.SocialCare.DeconditioningPerDay*min(wait, deconditioningCapDays))
	m.k.After(hp.packages.Exp(mean), 0, evPackageEnd, h, int32(k)|u<<unitShift)
	m.jointWork(h, patient)
	m.leave(h, patient, k, lost)
}

// leave ends a medically fit patient's wait in the bed; lost says their
// hand-off lost information.
func (m *model) leave(h, patient int32, k int, lost bool) {
	now := m.k.Now()
	wait := max(now-float64(m.pt.lastOut[patient]), 0) // float32: within seconds
	m.stats.fitLeft(now, k, wait)
	boundaries := 0
	if k != pathwayHome {
		boundaries = m.cfg.Discharge.Boundaries
	}
	m.discharge(h, patient, boundaries, wait, lost)
}

// packageEnd frees a client's units on pathway k (b holds both) and gives
// them to the patients waiting longest, if the stock has enough free after
// any cut.
func (m *model) packageEnd(h, b int32) {
	k, u := int(b&(1<<unitShift-1)), b>>unitShift
	m.stats.careChange(m.k.Now(), k, -float64(u))
	st := &m.hospitals[h].care[k]
	st.free += u
	m.fillPlaces(h, k)
}

// fillPlaces starts waiting patients on pathway k in order while the first
// one's units are free.
func (m *model) fillPlaces(h int32, k int) {
	st := &m.hospitals[h].care[k]
	for st.queue.Len() > 0 && st.free >= m.units(k, st.queue.Front().patient) {
		w := st.queue.Pop()
		m.stats.fitDays(m.k.Now(), queueReason[k], m.k.Now()-w.since)
		m.place(h, k, w.patient, w.lost)
	}
}

// startCare opens each pathway's capacity in span sp, a share
// initial_occupancy of it already held by clients whose remaining time is
// exponential with the pathway's mean. Pathway 1's first clients hold the
// mean hours of the packages that discharges from the span would need (the
// last one the remainder).
func (m *model) startCare(sp span) {
	occ := m.cfg.SocialCare.InitialOccupancy
	first := [nPathways]int32{1, m.meanPackageHours(sp), 1, 1}
	for h := sp.h0; h < sp.h1; h++ {
		hp := &m.hospitals[h]
		for k := pathwayHomeCare; k < nPathways; k++ {
			st := &hp.care[k]
			m.stats.capacityChange(0, k, float64(st.places))
			n := int32(math.Round(occ * float64(st.places)))
			st.free = st.places - n
			m.stats.careChange(0, k, float64(n))
			for n > 0 {
				u := min(first[k], n)
				n -= u
				m.k.After(hp.packages.Exp(m.careMeanDays[k]), 0, evPackageEnd, h, int32(k)|u<<unitShift)
			}
		}
	}
	if capacityMoves(&m.cfg) {
		for h := sp.h0; h < sp.h1; h++ {
			m.k.After(DaysPerMonth, 0, evCareMarket, h, 0)
		}
	}
}

// meanPackageHours is the mean of pathway 1's package hours over the
// discharges span sp's patients would make at the start: each type's
// hours weighted by its patients, emergency admission rate and chance of
// pathway 1 (rounded, at least 1).
func (m *model) meanPackageHours(sp span) int32 {
	_, admW, _ := typeWeights(&m.cfg, 0)
	var w, sum float64
	for g := sp.g0; g < sp.g1; g++ {
		p := &m.practices[g]
		for t := range nTypes {
			x := float64(p.typeStart[t+1]-p.typeStart[t]) * admW[t] * (m.pathCum[t][2] - m.pathCum[t][1])
			w += x
			sum += x * float64(m.pkgHours[t])
		}
	}
	if w == 0 {
		return 1
	}
	return int32(max(math.Round(sum/w), 1))
}

// capacityMoves reports whether care capacity moves under cfg: a pool that
// buys capacity or step-up places, a care market that responds to fees, or
// winter.
func capacityMoves(cfg *Config) bool {
	sc := &cfg.SocialCare
	return sc.MarketResponse || (cfg.Discharge.PooledBudget && (sc.PoolCapacitySpend > 0 || cfg.Community.PoolStepUpPlaces > 0)) || sc.WinterCapacityDip > 0
}

// winter is the share of care capacity open at time t: 1 less
// winter_capacity_dip at the winter peak (demand.winter_peak_day), 1 at the
// summer trough, a cosine between.
func winter(cfg *Config, t float64) float64 {
	dip := cfg.SocialCare.WinterCapacityDip
	if dip == 0 {
		return 1
	}
	return 1 - dip*(1+math.Cos(2*math.Pi*(t-cfg.Demand.WinterPeakDay)/DaysPerYear))/2
}

// stepDownPer1000 is pathway 2's stock per 1,000 patients: the
// intermediate-care beds, and under activity payment the beds the
// commissioner buys by contract.
func stepDownPer1000(cfg *Config) float64 {
	beds := cfg.SocialCare.IntermediateBedsPer1000
	if cfg.Contracts.Payment == PaymentActivity && cfg.SocialCare.ContractedStepDown > 0 {
		beds += cfg.SocialCare.ContractedStepDown
	}
	return beds
}

// careMeanDays is the mean time a place is held, by pathway.
func careMeanDays(cfg *Config) [nPathways]float64 {
	sc := &cfg.SocialCare
	return [nPathways]float64{0, sc.PackageMeanDays, sc.IntermediateMeanDays, sc.CareHomeMeanDays}
}

// careMarket is hospital h's monthly review of care capacity. Money is not
// capacity: a pooled budget adds capacity only in the share
// pool_capacity_spend says, and only once capacity_lag_months have passed
// (providers must recruit); from then on the pool pays for it a month ahead,
// at home_care_cost_per_hour and care_bed_cost_per_week. With
// market_response, the independent providers' capacity (pathways 1 and 3)
// closes 1/adjustment_months of the gap to base × fee_index^supply_elasticity
// (plus what the pool buys) each month: they leave when fees are below cost
// and come when above. Without it, capacity is fixed but for the pool's
// purchase. Winter then takes its share of the capacity for the month.
func (m *model) careMarket(h, _ int32) {
	sc := &m.cfg.SocialCare
	now := m.k.Now()
	hp := &m.hospitals[h]
	pool := 0.0
	if m.cfg.Discharge.PooledBudget && now >= m.poolFrom+sc.CapacityLagMonths*decisionScale(&m.cfg)*DaysPerMonth-1e-9 {
		pool = sc.PoolCapacitySpend
	}
	if pool > 0 {
		weeks := DaysPerMonth / 7
		cost := pool * weeks * (hp.care[pathwayHomeCare].base*sc.HomeCareCostPerHour +
			(hp.care[pathwayIntermediate].base+hp.care[pathwayCareHome].base)*sc.CareBedCostPerWeek)
		m.money.spent += cost
		if now >= m.warmup && now+1e-6 < m.horizon { // the month ahead is in the window
			m.stats.PoolCost += cost
		}
	}
	m.poolStepUp(h)
	open := winter(&m.cfg, now)
	for k := pathwayHomeCare; k < nPathways; k++ {
		st := &hp.care[k]
		target := st.base * (1 + pool)
		if sc.MarketResponse && k != pathwayIntermediate {
			target *= pmath.Pow(sc.FeeIndex, sc.SupplyElasticity)
			st.target += (target - st.target) / sc.AdjustmentMonths
		} else {
			st.target = target
		}
		places := int32(math.Round(st.target * open))
		if delta := places - st.places; delta != 0 {
			st.places, st.free = places, st.free+delta
			m.stats.capacityChange(now, k, float64(delta))
			m.fillPlaces(h, k)
		}
	}
	m.k.After(DaysPerMonth, 0, evCareMarket, h, 0)
}

// poolStepUp is hospital h's monthly review of the step-up places a pooled
// budget buys: pool_step_up_places per 100,000 of its catchment, opening
// evenly over step_up_build_months (times the span-of-control multiplier)
// from when budgets were pooled, none without a pool. Places taken away
// leave free places negative until enough patients leave. The pool pays
// for the places open a month ahead.
func (m *model) poolStepUp(h int32) {
	hp := &m.hospitals[h]
	cm := &m.cfg.Community
	want := int32(0)
	if m.cfg.Discharge.PooledBudget && cm.PoolStepUpPlaces > 0 {
		now := m.k.Now()
		built := 1.0
		if build := cm.StepUpBuildMonths * decisionScale(&m.cfg) * DaysPerMonth; build > 0 {
			built = min(max((now-m.poolFrom)/build, 0), 1)
		}
		want = int32(math.Round(float64(hp.people) * cm.PoolStepUpPlaces / 1e5 * built))
	}
	if d := want - hp.poolWard; d != 0 {
		hp.poolWard += d
		hp.wardPlaces += d
		hp.freeWard += d
	}
	if hp.poolWard > 0 {
		cost := float64(hp.poolWard) * m.cfg.Integration.VirtualWardPlaceCost * DaysPerMonth / DaysPerYear
		m.money.spent += cost
		if now := m.k.Now(); now >= m.warmup && now+1e-6 < m.horizon { // the month ahead is in the window
			m.stats.PoolStepUpCost += cost
		}
	}
}

// jointWork records a discharge to social care as joint work between the
// hospital, the patient's practice and their social-care team: for each,
// the gap to full trust has closed at the growth rate since it last worked
// with social care.
func (m *model) jointWork(h, patient int32) {
	now := m.k.Now()
	hp := &m.hospitals[h]
	hp.trust, hp.trustAt = grow(hp.trust, hp.trustAt, now, m.cfg.Trust.GrowthRate)
	p := &m.practices[m.practiceOf(patient)]
	p.trust, p.trustAt = grow(p.trust, p.trustAt, now, m.cfg.Trust.GrowthRate)
}

// grow relaxes trust towards 1 at rate per year over the time since last.
func grow(trust, last, now, rate float64) (float64, float64) {
	return 1 - (1-trust)*pmath.Exp(-rate*(now-last)/DaysPerYear), now
}

// teamTurnover is a change of staff in hospital h's social-care team: trust
// falls.
func (m *model) teamTurnover(h, _ int32) {
	hp := &m.hospitals[h]
	hp.trust *= 1 - m.cfg.Trust.TurnoverShock
	if rate := m.cfg.Trust.TeamTurnoverRate; rate > 0 {
		m.k.After(hp.team.Exp(DaysPerYear/rate), 0, evTeamTurnover, h, 0)
	}
}

// practiceOf returns the practice patient i is registered with.
func (m *model) practiceOf(i int32) int32 {
	ps := m.practices
	lo, hi := 0, len(ps)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if ps[mid].first <= i {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int32(lo)
}
