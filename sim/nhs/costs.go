package nhs

import (
	"math"
	"slices"

	"github.com/nhssim/nhssim/sim"
)

// costCategory is a category of duplication and transaction costs: its
// metric is CostPrefix+name, in £ per registered patient a year.
type costCategory struct {
	name, label, definition string
	value                   func(b *costBasis) float64
	// regime says the category is a cost of the organisational structure,
	// averaged over the window's regimes (see structuralOverWindow).
	regime bool
	// notCost, if set, says why the appraisal's cost (appraisal.go) leaves
	// the category out: a transfer between NHS bodies, or care already
	// priced as care delivered.
	notCost string
	// setup, for a regime category, is the part of its value that is a
	// set-up cost, which optimism bias uplifts; nil for none.
	setup func(b *costBasis) float64
}

// costCategories are the categories of duplication and transaction costs,
// in the order they are reported. Adding a category is adding an entry.
var costCategories = [...]costCategory{
	{"commissioner_running", "Commissioners' running costs",
		"Commissioning bodies' fixed costs and running cost per head.",
		func(b *costBasis) float64 {
			c := &b.cfg.Commissioning
			return (c.FixedCost*b.bodies + c.CostPerHead*b.n) / b.n
		}, true, "", nil},
	{"policy", "Policy writing",
		"Writing commissioning policies: once per body, or once nationally when policies are written once.",
		func(b *costBasis) float64 {
			c := &b.cfg.Commissioning
			if c.PoliciesWrittenOnce {
				return c.PolicyCost / b.cfg.Costs.NationalPopulation
			}
			return c.PolicyCost * b.bodies / b.n
		}, true, "", nil},
	{"provider_running", "Providers' running costs",
		"Provider organisations' fixed costs: one board per hospitals_per_organisation hospitals.",
		func(b *costBasis) float64 {
			return b.cfg.Market.ProviderFixedCost * b.hospitals / b.cfg.Market.HospitalsPerOrganisation / b.n
		}, true, "", nil},
	{"contracting", "Contracting",
		"Agreeing and monitoring contracts: one per practice (practice_contract_cost) and one per hospital-body pair (hospital_contract_cost); under activity payment, each provider organisation and commissioning body also carries activity_cost_per_organisation.",
		func(b *costBasis) float64 {
			c := &b.cfg.Contracts
			cost := b.practices*c.PracticeContractCost + b.hospitalContracts*c.HospitalContractCost
			if c.Payment == PaymentActivity {
				cost += (b.bodies + b.hospitals/b.cfg.Market.HospitalsPerOrganisation) * c.ActivityCostPerOrg
			}
			return cost / b.n
		}, true, "", nil},
	{"tendering", "Tendering",
		"Running tenders for practice contracts, as they happen.",
		func(b *costBasis) float64 { return b.s.TenderCost / b.perYear }, false, "", nil},
	{"invoicing", "Invoicing",
		"Invoices raised under activity payment, at the cost of an invoice.",
		func(b *costBasis) float64 { return float64(b.s.Invoices) * b.cfg.Contracts.InvoiceCost / b.perYear }, false, "", nil},
	{"disputes", "Disputes",
		"Disputed invoices, at the cost of a dispute.",
		func(b *costBasis) float64 { return float64(b.s.Disputes) * b.cfg.Contracts.DisputeCost / b.perYear }, false, "", nil},
	{"buying_premium", "Local buying premium",
		"The premium of buying supplies locally rather than centrally.",
		func(b *costBasis) float64 {
			if b.cfg.Costs.CentralBuying {
				return 0
			}
			return b.cfg.Costs.LocalBuyingPremium * b.cfg.Costs.SuppliesPerHead
		}, true, "", nil},
	{"defensive_work", "Defensive work",
		"Defensive documentation and checking when trust is low, as it happens.",
		func(b *costBasis) float64 { return b.s.Defense / b.perYear }, false, "", nil},
	{"reorganisation", "Reorganisation",
		"One-off costs of the timeline's reorganisations in the window: each commissioning body or provider organisation abolished or created, at reorganisation.cost_per_organisation; and of failed hospitals' exits (finances.failure exit), each a hospital's share of an organisation, scaled by the full-size hospitals a simulated one stands for (less than one in a sample smaller than a local system).",
		func(b *costBasis) float64 { return (b.reorganisation + b.s.ExitCost) / b.perYear }, false, "", nil},
	{"entrants", "Entrants' contracts",
		"Contracts with new elective providers (finances.entry): hospital_contract_cost a year each, and activity_cost_per_organisation under activity payment, from their opening, scaled by the full-size hospitals a simulated one stands for.",
		func(b *costBasis) float64 { return b.s.EntrantCost / b.perYear }, false, "", nil},
	{"shared_records", "Shared records",
		"Shared records' running cost and their set-up cost annualised over shared_records_life_years, while records are shared.",
		func(b *costBasis) float64 {
			if !b.cfg.Discharge.SharedRecords {
				return 0
			}
			in := &b.cfg.Integration
			return in.SharedRecordsRunningCost + in.SharedRecordsSetupCost/in.SharedRecordsLifeYears
		}, true, "",
		func(b *costBasis) float64 {
			if !b.cfg.Discharge.SharedRecords {
				return 0
			}
			in := &b.cfg.Integration
			return in.SharedRecordsSetupCost / in.SharedRecordsLifeYears
		}},
	{"pool_administration", "Pooled budget administration",
		"Running a pooled health and social care budget (integration.pool_running_cost), while discharge.pooled_budget is on.",
		func(b *costBasis) float64 {
			if !b.cfg.Discharge.PooledBudget {
				return 0
			}
			return b.cfg.Integration.PoolRunningCost
		}, true, "", nil},
	{"case_conferences", "Case conferences",
		"GP time spent in case conferences and care coordination (case_conference_share of appointment capacity), valued at appointment_cost: the same time is taken from appointments.",
		func(b *costBasis) float64 {
			in := &b.cfg.Integration
			return in.CaseConferenceShare * b.gpFTE * b.cfg.GP.AppointmentsPerGPYear * in.AppointmentCost / b.n
		}, true, "", nil},
	{"virtual_wards", "Virtual wards",
		"Running cost of the virtual-ward places, occupied or not.",
		func(b *costBasis) float64 {
			return b.cfg.Community.VirtualWardPlaces / 1e5 * b.cfg.Integration.VirtualWardPlaceCost
		}, true, "", nil},
	{"pool_capacity", "Care capacity bought by the pool",
		"What the care capacity a pooled budget buys (social_care.pool_capacity_spend) costs while it is open: home-care hours at home_care_cost_per_hour, step-down beds and care-home places at care_bed_cost_per_week.",
		func(b *costBasis) float64 { return b.s.PoolCost / b.perYear }, false,
		"the places the pool buys are priced as care delivered when they are used (cost_per_head_care_); capacity bought and left idle is not costed", nil},
	{"pool_step_up", "Step-up places bought by the pool",
		"What the step-up (virtual-ward) places a pooled budget buys (community.pool_step_up_places) cost while they are open, at integration.virtual_ward_place_cost a year each, occupied or not.",
		func(b *costBasis) float64 { return b.s.PoolStepUpCost / b.perYear }, false, "", nil},
	{"mdt_case_management", "Case management after multidisciplinary review",
		"The caseload of patients whom integrated teams found by a risk score and case-manage (integration.mdt_reviews_per_1000 × mdt_effect_months per 1,000, as the teams build up), at integration.case_management_cost each a year, paid by the pooled budget.",
		func(b *costBasis) float64 { return b.s.MDTCost / b.perYear }, false, "", nil},
	{"case_management", "Case management",
		"Case management of the share case_management_share of the highest-risk patients, at case_management_cost each a year.",
		func(b *costBasis) float64 {
			in := &b.cfg.Integration
			return in.CaseManagementShare * b.highRisk * in.CaseManagementCost / b.n
		}, true, "", nil},
	{"mh_out_of_area", "Out-of-area mental health placements",
		"Mental health admissions placed out of area because their provider's beds were full, at mental_health.out_of_area_cost_per_day for each placement-day (counted when the placement starts).",
		func(b *costBasis) float64 { return b.s.MHOutDays * b.cfg.MentalHealth.OutOfAreaCostPerDay / b.perYear }, false, "", nil},
	{"mh_providers", "Mental health providers' boards and contracts",
		"Each mental health provider organisation's board (market.provider_fixed_cost) and contract with its commissioners (contracts.hospital_contract_cost, and activity_cost_per_organisation under activity payment), while mental_health.service is on: one provider per local system with mental_health.pooled_beds, otherwise one per hospital catchment.",
		func(b *costBasis) float64 {
			mh := &b.cfg.MentalHealth
			if !mh.Service {
				return 0
			}
			return b.services(mh.PooledBeds, b.cfg.Market.ProviderFixedCost)
		}, true, "", nil},
	{"ooh_services", "Out-of-hours GP services' running costs and contracts",
		"Each out-of-hours service organisation's running cost (out_of_hours.service_fixed_cost) and contract with its commissioners (contracts.hospital_contract_cost, and activity_cost_per_organisation under activity payment), while out_of_hours.service is on: one service per local system with out_of_hours.single_service, otherwise one per hospital catchment. The clinicians' time is a stock, as GP time is, and is not counted here.",
		func(b *costBasis) float64 {
			o := &b.cfg.OutOfHours
			if !o.Service {
				return 0
			}
			return b.services(o.SingleService, o.ServiceFixedCost)
		}, true, "", nil},
	{"ambulance_services", "Ambulance services' boards and contracts",
		"Each ambulance service's board (market.provider_fixed_cost) and contract with its commissioners (contracts.hospital_contract_cost, and activity_cost_per_organisation under activity payment), while ambulance.service is on: one service per ambulance.population_per_service patients, fractional as commissioning bodies are.",
		func(b *costBasis) float64 {
			// n / population_per_service services, per head of n.
			if a := &b.cfg.Ambulance; a.Service {
				return b.orgCost(b.cfg.Market.ProviderFixedCost) / a.PopulationPerService
			}
			return 0
		}, true, "", nil},
}

// services is, in £ per head a year, the cost of the organisations of a
// service that has one per hospital catchment, or one per local system if
// single: each its running cost fixed and a contract with its
// commissioners (hospital_contract_cost, and activity_cost_per_organisation
// under activity payment).
func (b *costBasis) services(single bool, fixed float64) float64 {
	n := b.hospitals
	if single {
		n /= float64(b.cfg.Market.HospitalsPerMarket)
	}
	return n * b.orgCost(fixed) / b.n
}

// orgCost is what one provider organisation outside the hospitals (a
// mental health provider, an ambulance service, an out-of-hours service)
// costs a year: its running cost fixed, its contract with its
// commissioners, and the administration of activity payment under it.
func (b *costBasis) orgCost(fixed float64) float64 {
	cost := fixed + b.cfg.Contracts.HospitalContractCost
	if b.cfg.Contracts.Payment == PaymentActivity {
		cost += b.cfg.Contracts.ActivityCostPerOrg
	}
	return cost
}

// transfers returns, in £ per head a year, the money that moves between
// NHS bodies without using resources: under activity payment, coding drift
// (invoiced value beyond the care given, incentives.coding_drift of the
// episode price on every invoice); and bailouts (what commissioners pay to
// restore the reserves of hospitals whose losses exceeded them, under
// finances.failure bailout: the costs behind the losses are the hospital's
// care, counted where it is given). It is reported apart from the costs.
func (m *model) transfers(years float64) float64 {
	perYear := float64(m.cfg.Population.Patients) * years
	drift := float64(m.stats.Invoices) * m.cfg.Incentives.CodingDrift * m.cfg.Contracts.EpisodePrice
	return (drift + m.stats.Bailouts) / perYear
}

// costBasis is what the cost categories are computed from. Structural
// costs scale with the fractional number of organisations the sample's
// population implies; transaction costs are counted as they happen.
type costBasis struct {
	cfg        *Config
	s          *stats
	n, perYear float64 // patients, and patient-years in the window
	bodies     float64 // commissioning bodies
	hospitals  float64
	// practices and hospitalContracts count the contracts: one per
	// practice, and one per hospital for each body whose population it
	// serves.
	practices, hospitalContracts float64
	gpFTE                        float64 // FTE GPs of the sample
	highRisk                     float64 // patients eligible for case management
	// reorganisation is the one-off cost, in £, of the reorganisations in
	// the window.
	reorganisation float64
}

// costs returns each category's cost in £ per head a year, in the order of
// costCategories, and their total; and the structural costs by year of
// the window, for the appraisal (see structuralOverWindow).
func (m *model) costs(years float64) (out [len(costCategories)]float64, total float64, st structural) {
	b := m.costBasis(&m.cfg, years)
	st = m.structuralOverWindow(years)
	b.reorganisation = st.oneOff
	for i, c := range costCategories {
		out[i] = c.value(&b)
		if c.regime {
			out[i] = st.avg[i]
		}
		total += out[i]
	}
	return out, total, st
}

// costBasis returns what the cost categories of cfg are computed from.
func (m *model) costBasis(cfg *Config, years float64) costBasis {
	n := float64(cfg.Population.Patients)
	b := costBasis{cfg: cfg, s: &m.stats, n: n, perYear: n * years}
	var catchment float64
	b.bodies, b.hospitals, catchment = organisations(cfg)
	b.practices = float64(len(m.practices))
	b.hospitalContracts = b.hospitals * max(1, catchment/cfg.Commissioning.PopulationPerBody)
	if len(cfg.Commissioning.Coverage) > 0 {
		b.hospitalContracts = float64(m.hospitalContracts(cfg))
	}
	b.gpFTE, b.highRisk = m.gpFTE, float64(m.highRisk)
	return b
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
	if ba != bb || !slices.EqualFunc(a.Commissioning.Coverage, b.Commissioning.Coverage, slices.Equal[[]int]) {
		orgs += ba + bb
	}
	if pa != pb {
		orgs += pa + pb
	}
	return orgs * b.Reorganisation.CostPerOrganisation
}

// structural is what structuralOverWindow finds: the structural cost
// categories averaged over the window, and the one-off costs of the
// reorganisations in it, in all and by year of the window.
type structural struct {
	avg    [len(costCategories)]float64 // £ per head a year (regime categories only)
	oneOff float64                      // £
	years  []structuralYear
}

// structuralYear is one year of the window (the last may be part of one).
type structuralYear struct {
	days   int
	avg    [len(costCategories)]float64 // £ per head a year over the year's days
	setup  float64                      // the set-up part of avg, £ per head a year
	oneOff float64                      // £ of reorganisations in the year
}

// structuralOverWindow averages the structural cost categories over the
// statistics window, day by day: after a timeline entry, each moves from
// the value it had to the new structure's linearly over benefit_years
// (savings and extra costs build up rather than arriving at once). It also
// returns the one-off costs of the reorganisations in the window, in £,
// and the same by year of the window, for discounting.
func (m *model) structuralOverWindow(years float64) structural {
	regime := m.cfg
	type vec = [len(costCategories) + 1]float64 // the categories, then the set-up part
	values := func(cfg *Config) (v vec) {
		b := m.costBasis(cfg, years)
		for i, c := range costCategories {
			if c.regime {
				v[i] = c.value(&b)
				if c.setup != nil {
					v[len(costCategories)] += c.setup(&b)
				}
			}
		}
		return v
	}
	nYears := max(1, int(math.Ceil((m.horizon-m.warmup)/DaysPerYear-1e-9)))
	st := structural{years: make([]structuralYear, nYears)}
	yearOf := func(t float64) int { return min(int((t-m.warmup)/DaysPerYear), nYears-1) }
	cur := values(&regime)
	tl := m.cfg.Timeline
	from, to := cur, cur
	since, ramp := 0.0, 0.0
	next, days := 0, 0
	for t := 0.5; t < m.horizon; t++ {
		for next < len(tl) && tl[next].At <= t {
			c := &tl[next]
			prev := regime
			c.Apply(&regime)
			from, to = cur, values(&regime)
			since, ramp = c.At, regime.Reorganisation.BenefitYears*DaysPerYear
			if c.At >= m.warmup && anyOf(c.Paths) != "" {
				cost := reorganisationCost(&prev, &regime)
				st.oneOff += cost
				st.years[yearOf(c.At)].oneOff += cost
			}
			next++
		}
		if next > 0 {
			f := 1.0
			if ramp > 0 {
				f = min((t-since)/ramp, 1)
			}
			for i := range cur {
				cur[i] = from[i] + f*(to[i]-from[i])
			}
		}
		if t >= m.warmup {
			y := &st.years[yearOf(t)]
			for i := range st.avg {
				st.avg[i] += cur[i]
				y.avg[i] += cur[i]
			}
			y.setup += cur[len(costCategories)]
			y.days++
			days++
		}
	}
	for i := range st.avg {
		st.avg[i] /= float64(max(days, 1))
	}
	for n := range st.years {
		y := &st.years[n]
		for i := range y.avg {
			y.avg[i] /= float64(max(y.days, 1))
		}
		y.setup /= float64(max(y.days, 1))
	}
	if len(tl) == 0 {
		// One regime throughout: its values exactly, not a sum of days.
		copy(st.avg[:], cur[:len(costCategories)])
		for n := range st.years {
			copy(st.years[n].avg[:], cur[:len(costCategories)])
			st.years[n].setup = cur[len(costCategories)]
		}
	}
	return st
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
