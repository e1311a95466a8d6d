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
}

// costMetrics turns the organisational structure and the window's
// transactions into £ per head per year by category, their total and its
// share of spend. Structural costs scale with the fractional number of
// organisations the sample's population implies; transaction costs are
// counted as they happen.
func (m *model) costMetrics(years float64) []Metric {
	cfg := &m.cfg
	n := float64(cfg.Population.Patients)
	perYear := n * years
	bodies := n / cfg.Commissioning.PopulationPerBody
	// Hospitals, like bodies, count as the run's share of the hospitals its
	// population would have at full size (one per practices_per_hospital
	// practices of practice_size), so that a small sample, whose one
	// hospital serves few people, does not carry a whole board's cost.
	catchment := float64(cfg.Hospitals.PracticesPerHospital) * float64(cfg.Population.PracticeSize)
	hospitals := n / catchment
	// One contract per practice, and one per hospital for each body whose
	// population it serves.
	contracts := float64(len(m.practices)) + hospitals*max(1, catchment/cfg.Commissioning.PopulationPerBody)
	if cov := cfg.Commissioning.Coverage; len(cov) > 0 {
		bodies = float64(len(cov))
		contracts = float64(len(m.practices)) + float64(m.hospitalContracts())
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
	s := &m.stats
	values := map[string]float64{
		"commissioner_running": (cfg.Commissioning.FixedCost*bodies + cfg.Commissioning.CostPerHead*n) / n,
		"policy":               policy,
		"provider_running":     cfg.Market.ProviderFixedCost * hospitals / cfg.Market.HospitalsPerOrganisation / n,
		"contracting":          contracts * perContract / n,
		"tendering":            s.TenderCost / perYear,
		"invoicing":            float64(s.Invoices) * cfg.Contracts.InvoiceCost / perYear,
		"disputes":             float64(s.Disputes) * cfg.Contracts.DisputeCost / perYear,
		"buying_premium":       premium,
		"defensive_work":       s.Defense / perYear,
	}
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
func (m *model) hospitalContracts() int {
	owner := make(map[int]int)
	for b, areas := range m.cfg.Commissioning.Coverage {
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
