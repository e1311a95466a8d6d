package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// Failure is what happens to a hospital whose losses exceed its reserves
// and the regulator's support: one of [Failures].
type Failure string

// The ways a hospital's failure is resolved.
const (
	FailureBailout Failure = "bailout" // the commissioner pays its deficit
	FailureExit    Failure = "exit"    // it leaves: a rival takes its services over
)

// Failures returns the valid ways a failure is resolved.
func Failures() [2]Failure { return [...]Failure{FailureBailout, FailureExit} }

// Values returns the valid values' names, for the registry.
func (Failure) Values() []string { fs := Failures(); return enumNames(fs[:]) }

// UnmarshalText sets f from its name, or says which names are valid.
func (f *Failure) UnmarshalText(b []byte) error { fs := Failures(); return parseEnum(b, fs[:], f) }

// Successor is which rival takes a failed hospital's services over when
// finances.failure is exit: one of [Successors].
type Successor string

// The rivals that can take a failed hospital over.
const (
	SuccessorBest     Successor = "best"     // the rival whose care is safest
	SuccessorCheapest Successor = "cheapest" // the rival with the lowest unit cost
)

// Successors returns the valid successor rules.
func Successors() [2]Successor { return [...]Successor{SuccessorBest, SuccessorCheapest} }

// Values returns the valid values' names, for the registry.
func (Successor) Values() []string { ss := Successors(); return enumNames(ss[:]) }

// UnmarshalText sets s from its name, or says which names are valid.
func (s *Successor) UnmarshalText(b []byte) error { ss := Successors(); return parseEnum(b, ss[:], s) }

// Finances sets hospitals' money: what each is paid under the payment in
// force (contracts.payment), what its care costs, its reserves, what
// happens when its losses exceed them, and the entry of new elective
// providers. Amounts are relative to a hospital's reference income,
// income_per_head times its catchment: what a hospital of average cost
// is paid for its catchment's expected activity.
type Finances struct {
	Failure             Failure   `yaml:"failure" default:"bailout" doc:"lever: what happens when a hospital's losses exceed its reserves and the regulator's support (finances.support_years): bailout (the commissioner pays the deficit and restores its reserves, a transfer between NHS bodies, reported in transfers_per_head) or exit (a rival of its local system takes over its services: they move takeover_convergence of the way to the rival's quality and efficiency, pay a reorganisation's one-off cost and productivity dip, and the hospital's trust with social care falls back to where new relationships start)"`
	Successor           Successor `yaml:"successor" default:"best" source:"best: regulators were to credential high-performing trusts to take over failing ones [dalton2014], though a trust good overall is not good in every service (second-hand, Health Foundation response); cheapest (a rescue on price) is an assumption" doc:"lever: under exit, which rival of the local system takes a failed hospital's services over: best (the lowest risk of death, as a regulator choosing a successful trust would) or cheapest (the lowest unit cost, which, since better care costs more, tends to be the riskier)"`
	IncomePerHead       float64   `yaml:"income_per_head" default:"1100" domain:"[0,1e5]" range:"800,1400" unit:"£ per head-year" source:"assumption: acute hospitals' share of NHS spending, of the order of 40% of costs.spend_per_head" doc:"a hospital's reference income per head of its catchment a year: sets the size in £ of its reserves and of a bailout"`
	ElectiveShare       float64   `yaml:"elective_share" default:"0.3" domain:"[0,1]" range:"0.2,0.45" unit:"1" source:"assumption: elective inpatient, day-case and outpatient work as a share of an acute hospital's income" doc:"share of a hospital's reference income earned by elective treatments; the rest (emergency work) follows its catchment's expected admissions whatever the payment"`
	FixedCostShare      float64   `yaml:"fixed_cost_share" default:"0.5" domain:"[0,1]" range:"0.3,0.7" unit:"1" source:"assumption: beds, theatres and staff are fixed in the short run" doc:"share of a hospital's costs that do not vary with its activity; they scale with its capacity (providers.capacity_sd)"`
	QualityCost         float64   `yaml:"quality_cost" default:"0.5" domain:"[0,10]" range:"0,1" unit:"1" source:"assumption: better care costs more to provide (as tenders.quality_cost for practice providers); the range includes no cost, as where competition lowered mortality it did so at the same cost [gaynor2013]" doc:"a hospital's unit cost is its efficiency times quality^(−quality_cost): a hospital that improves its quality pays for it"`
	BlockCostBasis      float64   `yaml:"block_cost_basis" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption: block contracts were negotiated from a hospital's past spending and its commissioner's allocation, so partly from its own cost; NHS trusts paid by block did run deficits. 1 (income follows the hospital's own cost, so that it cannot fail, as earlier versions assumed) and 0 (a contract price that ignores its cost) are the range's ends" doc:"under block payment, the share of a hospital's income set from its own cost at the last review (the rest at the reference income, as a contract price): below 1 a costly block-paid hospital runs a deficit; under activity payment it is paid a national tariff per unit of activity and under capitation a national amount per head, so a costly hospital loses money"`
	ReserveYears        float64   `yaml:"reserve_years" default:"0.05" domain:"[0,10]" range:"0.02,0.15" unit:"years of reference income" source:"assumption; for scale, about 5 trusts a year entered special measures (for quality) in 2013-17 [special-measures-2017], and a franchised hospital's operator withdrew after its losses reached its capped stake [hinchingbrooke-2015]" doc:"a hospital's reserves at the start and after a bailout or a takeover: losses beyond them are borrowed from the regulator, up to finances.support_years"`
	SupportYears        float64   `yaml:"support_years" default:"0.4" domain:"[0,10]" range:"0,1" unit:"years of reference income" source:"calibrated to England's record, about 0.002 failures a trust-year [pq-tsa], [monitor-2015-tsa-lessons] (hospital_failures_per_hospital_year; docs/calibration.md), within what the regulator lent: in 2015-16 more than half of acute trusts drew revenue support, 19 of them more than a tenth of a year's income and two about 0.3 [hsj-2016-bailouts]; one trust's loans reached about half a year's income by 2019 without the failure regime [nuffield-2019-loans]; 0 (no support: a failure when reserves run out, as earlier versions assumed) is the range's other end" doc:"lever: the regulator's revenue support: a hospital whose reserves run out borrows from the regulator (interim revenue support, repaid from later surpluses), and fails (finances.failure) only when its debt exceeds this many years of its reference income: 0 = no support"`
	Entry               bool      `yaml:"entry" default:"false" doc:"lever: under activity payment, a new elective provider (an independent-sector treatment centre) enters a hospital's catchment entry_lag_months after its expected wait first exceeds entry_wait_days, adding entry_capacity_share of its elective capacity (without beds) and its own contract"`
	EntryWaitDays       float64   `yaml:"entry_wait_days" default:"126" domain:"[0,10000]" range:"63,182" unit:"days" source:"definition: the 18-week referral-to-treatment standard (126 days); the range is an assumption" doc:"expected wait (the list over elective capacity) above which an entrant decides to come"`
	EntryLagMonths      float64   `yaml:"entry_lag_months" default:"12" domain:"[0,240]" range:"6,24" unit:"months" source:"assumption: procuring, building and staffing a treatment centre" doc:"months from an entrant's decision to its first treatment"`
	TakeoverConvergence float64   `yaml:"takeover_convergence" default:"0" domain:"[0,1]" range:"0,1" unit:"1" source:"mergers of NHS hospitals in 1997-2006 brought no gain in quality or productivity within four years [gaynor2012], so by default a takeover changes neither; 1 (the successor's quality and efficiency at once, as earlier versions assumed) is the range's other end, an assumption" doc:"under exit, the share of the way a failed hospital's log quality and log efficiency move towards its successor's when it is taken over: 0 = no change, 1 = the successor's own"`
	EntryCapacityShare  float64   `yaml:"entry_capacity_share" default:"0.1" domain:"[0,10]" range:"0,0.2" unit:"1" source:"assumption, of the order of the 8% of patients offered a private provider in 2009-10 [dixon2010]; the range includes none" doc:"an entrant's elective capacity as a share of its host hospital's reference elective capacity"`
}

// hospitalSizes draws each hospital's capacity (beds and elective
// sessions) relative to its catchment: lognormal with log standard
// deviation providers.capacity_sd, scaled within each local system so that
// the system's capacity per head stays at the stocks' (beds_per_1000,
// elective_treatments_per_1000). A system of one hospital has size 1.
func (m *model) hospitalSizes(people []int) []float64 {
	size := make([]float64, len(m.hospitals))
	s := sim.NewStream(m.cfg.Seed, "hospital-size", 0)
	sd := m.cfg.Providers.CapacitySD
	for _, sp := range m.markets() {
		var pop, drawn float64
		for h := sp.h0; h < sp.h1; h++ {
			size[h] = pmath.Exp(sd*norm(&s) - sd*sd/2)
			pop += float64(people[h])
			drawn += float64(people[h]) * size[h]
		}
		for h := sp.h0; h < sp.h1; h++ {
			if drawn > 0 {
				size[h] *= pop / drawn
			} else {
				size[h] = 1
			}
		}
	}
	return size
}

// unitCost is hospital hp's cost per unit of activity relative to a
// hospital of average efficiency and quality: its efficiency times
// quality^(−quality_cost).
func unitCost(cfg *Config, hp *hospital) float64 {
	return pmath.Exp(hp.le - cfg.Finances.QualityCost*hp.lq)
}

// referenceCost is what hospital hp's care costs at its catchment's
// expected activity, relative to its reference income: what a block
// budget set from its own cost pays before it has a history.
func referenceCost(cfg *Config, hp *hospital) float64 {
	f := &cfg.Finances
	return unitCost(cfg, hp) * (f.FixedCostShare*hp.size + 1 - f.FixedCostShare)
}

// hospitalFinances settles hospital h's money for the review period of dt
// years in which it received received referrals: its activity is its
// catchment's expected emergency work plus the elective treatments it
// completed (received less the growth of its list, less what an entrant
// treated); what it is paid follows the payment in force; its cost is its
// unit cost times its fixed costs (scaling with its capacity) and its
// variable costs (with its activity). The balance moves its reserves;
// below zero it borrows from the regulator, and a debt beyond
// finances.support_years is a failure, resolved by finances.failure (a
// bailout writes the debt off and restores its reserves). Under
// activity payment an entrant may come when the expected wait is long.
func (m *model) hospitalFinances(h int32, dt float64, received int64) {
	cfg := &m.cfg
	f := &cfg.Finances
	hp := &m.hospitals[h]
	now := m.k.Now()
	list := int64(hp.waitingList.Len())
	treated := float64(received - (list - hp.lastList))
	hp.lastList = list
	if c := hp.electiveRate + hp.clinicRate; c > 0 {
		treated *= (c - hp.entrantRate) / c
	}
	expected := float64(hp.people) / 1000 * cfg.Hospitals.ElectiveTreatmentsPer1000 * dt
	activity := 1 - f.ElectiveShare
	if expected > 0 {
		activity += f.ElectiveShare * max(treated, 0) / expected
	}
	unit := unitCost(cfg, hp)
	cost := unit * (f.FixedCostShare*hp.size + (1-f.FixedCostShare)*activity)
	income := 1.0 // capitation: a national amount per head
	switch cfg.Contracts.Payment {
	case PaymentActivity:
		income = activity // a national tariff per unit of activity
	case PaymentBlock:
		income = 1 - f.BlockCostBasis + f.BlockCostBasis*hp.lastCost
	}
	hp.lastCost = cost
	hp.reserve += (income - cost) * dt
	m.stats.reviewed(now, income-cost, hp.reserve < 0)
	if now >= m.warmup {
		hp.low = min(hp.low, hp.reserve)
	}
	// Below zero the hospital borrows from the regulator; it fails when its
	// debt exceeds the support on offer.
	if hp.reserve < -f.SupportYears {
		m.stats.hospitalFailed(now)
		if f.Failure == FailureExit {
			m.exitHospital(h)
		} else {
			bailout := (f.ReserveYears - hp.reserve) * f.IncomePerHead * float64(hp.people)
			m.money.spent += bailout
			m.stats.bailedOut(now, bailout)
			hp.reserve = f.ReserveYears
		}
	}
	m.entry(h, now, dt)
}

// lowestReserves returns the mean and standard deviation across hospitals
// of the lowest reserves each reached at a review in the window, in years
// of its reference income (negative: a debt to the regulator).
func (m *model) lowestReserves() (mean, sd float64) {
	n := float64(len(m.hospitals))
	for _, hp := range m.hospitals {
		mean += hp.low / n
	}
	for _, hp := range m.hospitals {
		sd += (hp.low - mean) * (hp.low - mean) / n
	}
	return mean, math.Sqrt(sd)
}

// exitHospital resolves hospital h's failure by exit: the rival of its
// local system that finances.successor names (the safest or the cheapest)
// takes its services over, or, alone in its system, a successor drawn like
// any provider; the services move takeover_convergence of the way to the
// successor's quality and efficiency (none by default); the takeover costs a
// reorganisation's one-off cost (the hospital's share of an organisation,
// scaled by the full-size hospitals it stands for) and its productivity dip
// in elective capacity, and the hospital's trust
// with social care falls back towards where new relationships start.
func (m *model) exitHospital(h int32) {
	cfg := &m.cfg
	hp := &m.hospitals[h]
	now := m.k.Now()
	rank := func(r int32) float64 { return m.hospitals[r].lq }
	if cfg.Finances.Successor == SuccessorCheapest {
		rank = func(r int32) float64 { return unitCost(cfg, &m.hospitals[r]) }
	}
	best := int32(-1)
	for r := m.span.h0; r < m.span.h1; r++ {
		if r != h && (best < 0 || rank(r) < rank(best)) {
			best = r
		}
	}
	var lq, le float64 // the successor's
	if best >= 0 {
		lq, le = m.hospitals[best].lq, m.hospitals[best].le
	} else {
		lq = drawLogQuality(&hp.review, cfg.Providers.QualitySD)
		le = drawLogQuality(&hp.review, cfg.Providers.EfficiencySD)
	}
	// The successor's quality and efficiency reach the failed hospital's
	// services takeover_convergence of the way (exactly, at 1).
	if k := cfg.Finances.TakeoverConvergence; k == 1 {
		hp.lq, hp.le = lq, le
	} else {
		hp.lq, hp.le = hp.lq+k*(lq-hp.lq), hp.le+k*(le-hp.le)
	}
	r := &cfg.Reorganisation
	cost := r.CostPerOrganisation / max(cfg.Market.HospitalsPerOrganisation, 1) * m.hospitalShare
	m.money.spent += cost
	m.stats.exitedHospital(now, cost)
	hp.trust -= r.TrustReset * (hp.trust - cfg.Trust.Initial)
	hp.trustAt = now
	hp.reserve, hp.pressure = cfg.Finances.ReserveYears, 0
	hp.lastCost = referenceCost(cfg, hp)
	m.settle(h)
	if r.Dip > 0 {
		hp.dip, hp.dipEnd = r.Dip, now+r.DipMonths*DaysPerMonth
		m.recapacity(h)
	}
}

// entry lets a new elective provider into hospital h's catchment: under
// activity payment with finances.entry, once the expected wait exceeds
// entry_wait_days an entrant decides to come, and entry_lag_months later
// its capacity opens. Each catchment has at most one entrant; its contract
// costs hospital_contract_cost a year, and activity_cost_per_organisation
// under activity payment (cost line entrants).
func (m *model) entry(h int32, now, dt float64) {
	cfg := &m.cfg
	f := &cfg.Finances
	hp := &m.hospitals[h]
	if hp.entrant {
		c := &cfg.Contracts
		cost := c.HospitalContractCost * dt
		if c.Payment == PaymentActivity {
			cost += c.ActivityCostPerOrg * dt
		}
		cost *= m.hospitalShare
		m.money.spent += cost
		m.stats.entrantCost(now, cost)
		return
	}
	if hp.entryAt == 0 && f.Entry && cfg.Contracts.Payment == PaymentActivity && f.EntryCapacityShare > 0 {
		if c := hp.electiveRate + hp.clinicRate; c > 0 && float64(hp.waitingList.Len())/c > f.EntryWaitDays {
			hp.entryAt = now + f.EntryLagMonths*DaysPerMonth
		}
	}
	if hp.entryAt > 0 && now >= hp.entryAt {
		hp.entrant = true
		m.stats.entered(now)
		m.recapacity(h)
	}
}

// recapacity recomputes hospital h's capacity after a change of its own
// (a dip, its end, an entrant) and draws its next treatment without a bed
// at the new rate.
func (m *model) recapacity(h int32) {
	now := m.k.Now()
	m.clinics(h, now)
	hp := &m.hospitals[h]
	beds := hp.beds
	hp.capacity(&m.cfg, hp.admits, m.dip)
	m.stats.bedCapacity(now, float64(hp.beds-beds))
	hp.nextClinic = math.Inf(1)
	if hp.clinicRate > 0 {
		hp.nextClinic = now + hp.clinics.Exp(1/hp.clinicRate)
	}
}
