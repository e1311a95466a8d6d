package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// CostCategories are the categories of duplication and transaction costs,
// in the order they are reported. Each is a metric
// "cost_per_head_<category>" in £ per registered patient per year.
var CostCategories = []string{
	"commissioner_running", "policy", "provider_running", "contracting",
	"tendering", "invoicing", "disputes", "buying_premium", "defensive_work",
	"reorganisation",
}

// structural returns cfg's costs of organisational structure, in £ per
// head per year, by category: they scale with the fractional number of
// organisations the sample's population implies.
func (m *model) structural(cfg *Config) map[string]float64 {
	n := float64(cfg.Population.Patients)
	bodies, hospitals, catchment := organisations(cfg)
	// One contract per practice, and one per hospital for each body whose
	// population it serves.
	contracts := float64(len(m.practices)) + hospitals*max(1, catchment/cfg.Commissioning.PopulationPerBody)
	if len(cfg.Commissioning.Coverage) > 0 {
		contracts = float64(len(m.practices)) + float64(m.hospitalContracts(cfg))
	}
	policy := cfg.Commissioning.PolicyCost * bodies / n
	if cfg.Commissioning.PoliciesWrittenOnce {
		policy = cfg.Commissioning.PolicyCost / cfg.Costs.NationalPopulation
	}
	perContract := cfg.Contracts.BudgetContractCost
	if cfg.Contracts.Payment == "activity" {
		perContract = cfg.Contracts.ActivityContractCost
	}
	premium := cfg.Costs.LocalBuyingPremium * cfg.Costs.SuppliesPerHead
	if cfg.Costs.CentralBuying {
		premium = 0
	}
	return map[string]float64{
		"commissioner_running": (cfg.Commissioning.FixedCost*bodies + cfg.Commissioning.CostPerHead*n) / n,
		"policy":               policy,
		"provider_running":     cfg.Market.ProviderFixedCost * hospitals / cfg.Market.HospitalsPerOrganisation / n,
		"contracting":          contracts * perContract / n,
		"buying_premium":       premium,
	}
}

// organisations returns the sample's share of cfg's commissioning bodies
// and of the hospitals its population would have at full size (one per
// practices_per_hospital practices of practice_size), so that a small
// sample, whose one hospital serves few people, does not carry a whole
// board's cost; and a hospital's catchment.
func organisations(cfg *Config) (bodies, hospitals, catchment float64) {
	n := float64(cfg.Population.Patients)
	bodies = n / cfg.Commissioning.PopulationPerBody
	if cov := cfg.Commissioning.Coverage; len(cov) > 0 {
		bodies = float64(len(cov))
	}
	catchment = float64(cfg.Hospitals.PracticesPerHospital) * float64(cfg.Population.PracticeSize)
	return bodies, n / catchment, catchment
}

// reorganisationCost is the one-off cost of moving from configuration a to
// b, in £: every commissioning body and every provider organisation of a
// structure that changes is abolished and its successors created, each at
// cost_per_organisation, whichever the direction.
func reorganisationCost(a, b *Config) float64 {
	ba, ha, _ := organisations(a)
	bb, hb, _ := organisations(b)
	pa, pb := ha/a.Market.HospitalsPerOrganisation, hb/b.Market.HospitalsPerOrganisation
	var orgs float64
	if ba != bb || !slicesEqual(a.Commissioning.Coverage, b.Commissioning.Coverage) {
		orgs += ba + bb
	}
	if pa != pb {
		orgs += pa + pb
	}
	return orgs * b.Reorganisation.CostPerOrganisation
}

func slicesEqual(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// structuralOverWindow averages the structural costs over the statistics
// window, day by day: after a timeline entry, each category moves from the
// value it had to the new structure's linearly over benefit_years (savings
// and extra costs build up rather than arriving at once). It also returns
// the one-off costs of the reorganisations in the window, in £.
func (m *model) structuralOverWindow() (map[string]float64, float64) {
	cur := m.structural(&m.cfg)
	tl := m.cfg.Timeline
	if len(tl) == 0 {
		return cur, 0
	}
	from, to := cur, cur
	since, ramp := 0.0, 0.0
	next, oneOff := 0, 0.0
	regime := m.cfg
	avg := map[string]float64{}
	days := 0
	for t := 0.5; t < m.horizon; t++ {
		for next < len(tl) && tl[next].At <= t {
			c := &tl[next]
			prev := regime
			c.Apply(&regime)
			from, to = cur, m.structural(&regime)
			since, ramp = c.At, regime.Reorganisation.BenefitYears*DaysPerYear
			if c.At >= m.warmup && anyOf(c.Paths) != "" {
				oneOff += reorganisationCost(&prev, &regime)
			}
			next++
		}
		f := 1.0
		if ramp > 0 {
			f = min((t-since)/ramp, 1)
		}
		cur = map[string]float64{}
		for k := range to {
			cur[k] = from[k] + f*(to[k]-from[k])
		}
		if t >= m.warmup {
			for k, v := range cur {
				avg[k] += v
			}
			days++
		}
	}
	for k := range avg {
		avg[k] /= float64(max(days, 1))
	}
	return avg, oneOff
}

// costMetrics turns the organisational structure and the window's
// transactions into £ per head per year by category, their total and its
// share of spend. Structural costs are averaged over the window's regimes;
// transaction costs are counted as they happen; reorganisation costs are
// the one-off costs of the timeline's reorganisations in the window.
func (m *model) costMetrics(years float64) []Metric {
	cfg := &m.cfg
	n := float64(cfg.Population.Patients)
	perYear := n * years
	values, oneOff := m.structuralOverWindow()
	s := &m.stats
	values["tendering"] = s.TenderCost / perYear
	values["invoicing"] = float64(s.Invoices) * cfg.Contracts.InvoiceCost / perYear
	values["disputes"] = float64(s.Disputes) * cfg.Contracts.DisputeCost / perYear
	values["defensive_work"] = s.Defense / perYear
	values["reorganisation"] = oneOff / perYear
	var out []Metric
	total := 0.0
	for _, c := range CostCategories {
		out = append(out, Metric{"cost_per_head_" + c, values[c]})
		total += values[c]
	}
	return append(out,
		Metric{"duplication_transaction_cost_per_head", total},
		Metric{"duplication_transaction_cost_share", total / cfg.Costs.SpendPerHead},
		Metric{"provider_changes_per_year", ratio(float64(s.Changes), years)},
	)
}

// postcodeLottery simulates the funding decisions of every commissioning
// body in the country (national_population / population_per_body of them)
// on the discretionary treatments: each follows the national decision with
// probability guidance_adherence and otherwise decides alone. It returns the
// standard deviation and the range, across bodies, of the share of
// treatments funded: variation in access by area.
func (m *model) postcodeLottery() (sd, spread float64) {
	c := &m.cfg.Commissioning
	bodies := max(1, int(math.Round(m.cfg.Costs.NationalPopulation/c.PopulationPerBody)))
	if len(c.Coverage) > 0 {
		bodies = len(c.Coverage) // the run's own bodies
	}
	s := sim.NewStream(m.cfg.Seed, "postcode-lottery", 0)
	national := make([]bool, c.DiscretionaryTreatments)
	for d := range national {
		national[d] = s.Bernoulli(c.FundProbability)
	}
	shares := make([]float64, bodies)
	for b := range shares {
		funded := 0
		for d := range national {
			follow := s.Bernoulli(c.GuidanceAdherence)
			own := s.Bernoulli(c.FundProbability)
			if (follow && national[d]) || (!follow && own) {
				funded++
			}
		}
		shares[b] = float64(funded) / float64(len(national))
	}
	mean, lo, hi := 0.0, 1.0, 0.0
	for _, x := range shares {
		mean += x / float64(bodies)
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi == lo {
		return 0, 0 // every body funds the same share; no rounding noise
	}
	ss := 0.0
	for _, x := range shares {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(bodies)), hi - lo
}

// area returns the area practice g lies in: areas are equal contiguous
// shares of the population.
func (m *model) area(g int) int {
	return int(int64(m.practices[g].first) * int64(m.cfg.Population.Areas) / int64(m.cfg.Population.Patients))
}

// hospitalContracts counts, with explicit coverage, the distinct
// (hospital, body) pairs: each hospital holds a contract with every body
// whose areas its practices lie in.
func (m *model) hospitalContracts(cfg *Config) int {
	owner := make(map[int]int)
	for b, areas := range cfg.Commissioning.Coverage {
		for _, a := range areas {
			owner[a] = b
		}
	}
	pairs := make(map[[2]int]bool)
	for g := range m.practices {
		pairs[[2]int{int(m.practices[g].hospital), owner[m.area(g)]}] = true
	}
	return len(pairs)
}
