package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim/pmath"
)

// highRisk reports whether patients of type t are among the highest-risk
// patients that case management covers: aged 65 and over with two or more
// long-term conditions.
func highRisk(t uint8) bool { return ageOf(t) >= 3 && mmOf(t) == 1 }

// caseManaged reports whether patient i is case-managed: a high-risk
// patient whose fixed position in a scrambled order of patients falls in
// the covered share. The choice uses no random stream, so that scenarios
// that differ in the share still share every draw.
func (m *model) caseManaged(i int32) bool {
	share := m.cfg.Integration.CaseManagementShare
	if share <= 0 || !highRisk(m.pt.typ[i]) {
		return false
	}
	u := uint32(i) * 2654435761 // Knuth's multiplicative hash
	return float64(u)*(1.0/(1<<32)) < share
}

// adoption is the share of clinicians using shared records now: 0 without
// them, and 1 - exp(-t / adoption_years) t days after they were switched
// on (at the start, or on the timeline).
func (m *model) adoption() float64 {
	if !m.cfg.Discharge.SharedRecords {
		return 0
	}
	years := m.cfg.Integration.SharedRecordsAdoptionYears
	if years <= 0 {
		return 1
	}
	return 1 - pmath.Exp(-(m.k.Now()-m.recordsFrom)/(years*DaysPerYear))
}

// decisionScale is the span-of-control multiplier of decision times:
// (people per commissioning body / decision_reference_population)^
// decision_scale_elasticity. With explicit coverage, a body's population is
// the run's over its bodies.
func decisionScale(cfg *Config) float64 {
	in := &cfg.Integration
	if in.DecisionScaleElasticity == 0 {
		return 1
	}
	perBody := cfg.Commissioning.PopulationPerBody
	if cov := cfg.Commissioning.Coverage; len(cov) > 0 {
		perBody = float64(cfg.Population.Patients) / float64(len(cov))
	}
	return pmath.Pow(perBody/in.DecisionReferencePopulation, in.DecisionScaleElasticity)
}

// money is one part of the model's share of the commissioners' budget.
type money struct {
	patients float64 // registered patients of the part
	spent    float64 // transaction and one-off costs since the start, £
	seen     float64 // spent at the last review
	// surplus holds each month's budget less spending, £, before what the
	// budget bought or cut in GP capacity.
	surplus  []float64
	capacity float64 // multiplier of GP capacity bought (above 1) or cut (below)
}

// structuralPerHead is the running cost per head a year of the structure in
// force: the cost categories that are costs of the organisational
// structure (see costCategory.regime).
func (m *model) structuralPerHead() float64 {
	b := m.costBasis(&m.cfg, 1)
	sum := 0.0
	for _, c := range costCategories {
		if c.regime {
			sum += c.value(&b)
		}
	}
	return sum
}

// budgetReview is the monthly review of this part's budget. The month's
// spending is the structure's running costs plus the transaction and
// one-off costs incurred; budget less spending accumulates in the window's
// balance. With savings_use capacity, the mean monthly surplus of the year
// that ended capacity_lag_months ago (times the span-of-control multiplier)
// buys GP appointments at appointment_cost, or, when negative, cuts them:
// less waste becomes capacity and more waste costs capacity. What capacity
// costs or saves is itself spending.
func (m *model) budgetReview(_, _ int32) {
	now := m.k.Now()
	mo := &m.money
	b := &m.cfg.Budget
	m.k.After(DaysPerMonth, 0, evBudget, 0, 0)
	m.mdtReview()
	year := DaysPerMonth / DaysPerYear
	spent := m.structuralPerHead()*mo.patients*year + mo.spent - mo.seen
	mo.seen = mo.spent
	surplus := b.PerHead*mo.patients*year - spent
	mo.surplus = append(mo.surplus, surplus)
	// GP appointments a month in this part at full capacity, and what the
	// capacity bought or cut this month cost or saved.
	appts := m.gpFTE * m.cfg.GP.AppointmentsPerGPYear * mo.patients / float64(m.cfg.Population.Patients) * year
	unit := appts * m.cfg.Integration.AppointmentCost
	balance := surplus - (mo.capacity-1)*unit
	if now >= m.warmup {
		m.stats.Budget += balance
	}
	if b.SavingsUse != SavingsCapacity || unit <= 0 {
		return
	}
	lag := int(math.Round(b.CapacityLagMonths * decisionScale(&m.cfg)))
	last := len(mo.surplus) - 1 - lag
	if last < 0 {
		return
	}
	first := max(0, last-11)
	mean := 0.0
	for _, s := range mo.surplus[first : last+1] {
		mean += s
	}
	mean /= float64(last - first + 1)
	c := 1 + min(max(mean/unit, -b.MaxCapacityChange), b.MaxCapacityChange)
	if c == mo.capacity {
		return
	}
	mo.capacity = c
	for g := m.span.g0; g < m.span.g1; g++ {
		p := &m.practices[g]
		p.serviceMean = m.gpServiceMean(p)
	}
}
