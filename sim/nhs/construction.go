package nhs

import (
	"math"
	"slices"
)

// The headline metrics whose signs the table below is about (registry
// names; see metricdoc.go).
const (
	metricAdmissions = "emergency_admissions_per_1000"
	metricUPC        = "upc_mean"
	metricDelayed    = "delayed_bed_days_per_1000"
	metricMortality  = "mortality_30d_per_1000_admissions"
	metricCost       = DuplicationCostPerHead
)

// Channel is one way the model's construction lets a lever move a headline
// metric in one direction only: the mechanism can push the metric one way
// and has no code path that pushes it the other. Whether a difference
// between two scenarios has its sign fixed by construction is read from
// this table and the levers that differ (see sim/compare's Construction),
// never from the runs and never from scenario names.
type Channel struct {
	// Name says what the mechanism does, in a few words.
	Name string
	// Metric is the headline metric it moves.
	Metric string
	// Sign is +1 if the metric rises as Strength grows, -1 if it falls.
	Sign int
	// Levers are the parameters Strength reads: a difference in any of
	// them is a difference in this channel.
	Levers []string
	// Group, if set, names a family of channels that the report mentions
	// when all of them are shut in both scenarios.
	Group string
	// Why is the model's reason, as the code has it.
	Why string
	// Strength is how far the channel is open under a configuration: 0
	// when shut, growing with its effect; NaN when it is open but its
	// parameters lie where its direction is no longer fixed (an effect
	// set below no effect), so that it counts as two-way.
	Strength func(*Config) float64
}

// Reach declares that a parameter moves the headline metrics listed in
// either direction (two-way): the model has code paths that push them both
// ways, or whose direction depends on who gains and who loses. A Reach with
// no metrics declares a parameter that moves no headline metric. A
// parameter named by no Channel and no Reach is not classified, and a
// difference in it keeps any sign from counting as fixed.
type Reach struct {
	Lever   string
	Metrics []string
	Why     string
	// When, if set, says under which configurations the reach applies;
	// it applies if it holds in either scenario.
	When func(*Config) bool
}

// Follow declares that a headline metric moves with another through what
// the model counts, so that every channel and reach of Source reaches
// Metric too ("through" Source).
type Follow struct {
	Metric, Source string
	// Sign is +1 if Metric moves the same way as Source, -1 the opposite
	// way, 0 if either; ok is false if Metric does not follow Source
	// under the configuration.
	Sign func(*Config) (sign int, ok bool)
	Why  string
}

// Channels returns the one-way channels of the headline metrics.
func Channels() []Channel { return slices.Clone(channels) }

// Reaches returns the parameters that move headline metrics both ways, or
// none.
func Reaches() []Reach { return slices.Clone(reaches) }

// Follows returns the headline metrics that move with another.
func Follows() []Follow { return slices.Clone(follows) }

// ConstructionMetrics returns the metrics the construction table covers:
// the headline metrics.
func ConstructionMetrics() []string { return HeadlineMetrics() }

func on(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// notBelow is x if x ≥ 0, else NaN: an effect set below no effect reverses
// its direction.
func notBelow(x float64) float64 {
	if x < 0 {
		return math.NaN()
	}
	return x
}

// activity reports activity payment.
func activity(c *Config) bool { return c.Contracts.Payment == PaymentActivity }

// continuityAdmits reports whether continuity of GP care changes the
// emergency admission hazard at all.
func continuityAdmits(c *Config) bool {
	return c.Continuity.RelationshipElasticity > 0 || c.Continuity.DiscontinuityOR > 1
}

// fundingDecided reports whether funded discharges wait for a funding
// decision at a boundary.
func fundingDecided(c *Config) bool {
	return c.Discharge.Boundaries > 0 && c.Discharge.FundingDecisionDays > 0 && fundingLeft(&c.Discharge) > 0
}

// tenderStrength is how often tendering ends a GP relationship: the share
// of GPs who leave a practice whose contract changes hands, per cycle.
func tenderStrength(c *Config) float64 {
	if !c.Contracts.Tendering {
		return 0
	}
	return c.Contracts.StaffLossOnChange / c.Contracts.TenderCycleYears
}

// oohServices is the number of out-of-hours (or mental health) service
// organisations per hospital: 1 with one per catchment, 1 /
// hospitals_per_market with one per local system, 0 with no service.
func oohServices(service, single bool, c *Config) float64 {
	switch {
	case !service:
		return 0
	case single:
		return 1 / float64(c.Market.HospitalsPerMarket)
	}
	return 1
}

const (
	groupMarketDischarge = "market-side discharge levers"
	groupAccounting      = "accounting lines"
)

var channels = []Channel{
	// Continuity of GP care.
	{Name: "tendering takes GPs away", Metric: metricUPC, Sign: -1,
		Levers:   []string{"contracts.tendering", "contracts.staff_loss_on_change", "contracts.tender_cycle_years"},
		Why:      "a contract that changes hands loses staff_loss_on_change of its GPs, and their patients must see someone else; no code path gives a patient back a GP",
		Strength: tenderStrength},
	{Name: "tendering ends GP relationships", Metric: metricAdmissions, Sign: +1,
		Levers: []string{"contracts.tendering", "contracts.staff_loss_on_change", "contracts.tender_cycle_years", "contracts.relationship_kept_on_transfer"},
		Why:    "relationships end with the GPs who leave, and with relationship_kept_on_transfer below 1 some that stay restart; shorter relationships and seeing another GP only raise the admission hazard",
		Strength: func(c *Config) float64 {
			if !c.Contracts.Tendering || !continuityAdmits(c) {
				return 0
			}
			loss := c.Contracts.StaffLossOnChange
			return (loss + (1-loss)*(1-c.Contracts.RelationshipKept)) / c.Contracts.TenderCycleYears
		}},
	{Name: "GP turnover ends relationships", Metric: metricUPC, Sign: -1,
		Levers:   []string{"general_practice.turnover_rate"},
		Why:      "a GP who leaves ends their patients' relationship with them",
		Strength: func(c *Config) float64 { return c.GP.TurnoverRate }},

	// Out of hours.
	{Name: "an out-of-hours service per catchment", Metric: metricAdmissions, Sign: +1,
		Levers: []string{"out_of_hours.single_service"},
		Why:    "a service per catchment crosses two boundaries (NHS 111 and the service) where one service crosses one, so more contacts lose information, and its clinicians cannot cover one another, so more requests overflow to the emergency department; lost information and overflow only raise the admission share while their relative risks are at least 1",
		Strength: func(c *Config) float64 {
			o := &c.OutOfHours
			if !o.Service || o.SingleService {
				return 0
			}
			if o.LostInformationAdmissionRR < 1 || o.EDAdmissionRR < 1 {
				return math.NaN()
			}
			return 1
		}},

	// Information at hand-offs.
	{Name: "shared records stop information being lost", Metric: metricAdmissions, Sign: -1,
		Levers: []string{"discharge.shared_records"},
		Why:    "shared records take the chance of losing information at a hand-off to 0 as they are adopted; lost information raises the out-of-hours admission share (lost_information_admission_rr) and readmissions (lost_hand_off_readmission_rr)",
		Strength: func(c *Config) float64 {
			if !c.Discharge.SharedRecords || c.Discharge.InformationLossProbability == 0 {
				return 0
			}
			ooh := c.OutOfHours.Service && c.OutOfHours.LostInformationAdmissionRR != 1
			if !ooh && c.Discharge.LostHandOffReadmissionRR == 1 {
				return 0
			}
			if c.OutOfHours.LostInformationAdmissionRR < 1 || c.Discharge.LostHandOffReadmissionRR < 1 {
				return math.NaN()
			}
			return 1
		}},
	{Name: "shared records stop information being lost", Metric: metricDelayed, Sign: -1,
		Levers: []string{"discharge.shared_records"},
		Why:    "a hand-off that loses information adds information_loss_days to the discharge; shared records take that chance to 0 as they are adopted",
		Strength: func(c *Config) float64 {
			d := &c.Discharge
			return on(d.SharedRecords && d.Boundaries > 0 && d.InformationLossProbability > 0 && d.InformationLossDays > 0)
		}},

	// The discharge process.
	{Name: "a pooled budget shortens funding decisions and ends disputes", Metric: metricDelayed, Sign: -1,
		Levers: []string{"discharge.pooled_budget", "discharge.pooled_funding_cut"},
		Why:    "with a pooled budget each boundary's funding decision is cut by pooled_funding_cut and no dispute over who pays is drawn; nothing is added",
		Strength: func(c *Config) float64 {
			d := &c.Discharge
			if !d.PooledBudget || d.Boundaries == 0 {
				return 0
			}
			return notBelow(d.PooledFundingCut) + on(d.DisputeProbability > 0)
		}},
	{Name: "more organisational boundaries", Metric: metricDelayed, Sign: +1,
		Levers:   []string{"discharge.boundaries"},
		Why:      "each boundary adds an assessment, a funding decision, a chance of a dispute and a chance of lost information",
		Strength: func(c *Config) float64 { return float64(c.Discharge.Boundaries) }},
	{Name: "longer assessments", Metric: metricDelayed, Sign: +1,
		Levers:   []string{"discharge.assessment_days"},
		Why:      "each assessment's mean time",
		Strength: func(c *Config) float64 { return c.Discharge.AssessmentDays }},
	{Name: "longer funding decisions", Metric: metricDelayed, Sign: +1,
		Levers: []string{"discharge.funding_decision_days"},
		Why:    "each funding decision's mean time",
		Strength: func(c *Config) float64 {
			if c.Discharge.Boundaries == 0 {
				return 0
			}
			return c.Discharge.FundingDecisionDays
		}},
	{Name: "larger commissioning bodies decide more slowly", Metric: metricDelayed, Sign: +1,
		Levers: []string{"commissioning.population_per_body", "integration.decision_scale_elasticity", "integration.decision_reference_population"},
		Why:    "span of control: funding decisions, and the lag before a pool buys care capacity, are multiplied by (population_per_body / decision_reference_population)^decision_scale_elasticity",
		Strength: func(c *Config) float64 {
			pool := c.Discharge.PooledBudget && c.SocialCare.PoolCapacitySpend > 0
			if c.Integration.DecisionScaleElasticity == 0 || (!fundingDecided(c) && !pool) {
				return 0
			}
			return decisionScale(c)
		}},
	{Name: "trust shortens assessments and decisions", Metric: metricDelayed, Sign: -1,
		Levers:   []string{"discharge.trust_effect"},
		Why:      "assessment and funding delays are multiplied by 1 - trust_effect × trust",
		Strength: func(c *Config) float64 { return notBelow(c.Discharge.TrustEffect) }},
	{Name: "higher starting trust", Metric: metricDelayed, Sign: -1,
		Levers:   []string{"trust.initial"},
		Why:      "trust starts (and restarts after a change of hands) at trust.initial and only grows from it by joint work",
		Strength: func(c *Config) float64 { return c.Trust.Initial * on(c.Discharge.TrustEffect > 0) }},
	{Name: "faster-growing trust", Metric: metricDelayed, Sign: -1,
		Levers:   []string{"trust.growth_rate"},
		Why:      "joint work closes the gap to full trust at trust.growth_rate",
		Strength: func(c *Config) float64 { return c.Trust.GrowthRate * on(c.Discharge.TrustEffect > 0) }},
	{Name: "social-care team turnover", Metric: metricDelayed, Sign: +1,
		Levers: []string{"trust.team_turnover_rate", "trust.turnover_shock"},
		Why:    "each change of staff in a hospital's social-care team takes turnover_shock of its trust",
		Strength: func(c *Config) float64 {
			return c.Trust.TeamTurnoverRate * c.Trust.TurnoverShock * on(c.Discharge.TrustEffect > 0)
		}},
	{Name: "tendering resets practices' trust", Metric: metricDelayed, Sign: +1,
		Levers: []string{"contracts.tendering", "contracts.tender_cycle_years"},
		Why:    "a practice whose contract changes hands goes back to trust.initial, and a practice's trust never falls below it otherwise",
		Strength: func(c *Config) float64 {
			if !c.Contracts.Tendering || c.Discharge.TrustEffect <= 0 {
				return 0
			}
			return 1 / c.Contracts.TenderCycleYears
		}},
	{Name: "disputed invoices erode hospitals' trust", Metric: metricDelayed, Sign: +1,
		Levers: []string{"contracts.payment", "contracts.dispute_probability", "contracts.dispute_trust_loss"},
		Why:    "under activity payment each disputed invoice takes some of the hospital's trust with social care",
		Strength: func(c *Config) float64 {
			if !activity(c) || c.Discharge.TrustEffect <= 0 {
				return 0
			}
			return c.Contracts.DisputeProbability * c.Contracts.DisputeTrustLoss
		}},
	{Name: "more home-care hours", Metric: metricDelayed, Sign: -1,
		Levers:   []string{"social_care.home_care_hours_per_1000"},
		Why:      "a larger stock of home care shortens the search for a package and its queue",
		Strength: func(c *Config) float64 { return c.SocialCare.HomeCareHoursPer1000 }},
	{Name: "a pool buys care capacity", Metric: metricDelayed, Sign: -1,
		Levers: []string{"discharge.pooled_budget", "social_care.pool_capacity_spend"},
		Why:    "a pooled budget adds pool_capacity_spend of each pathway's capacity after its lag",
		Strength: func(c *Config) float64 {
			return on(c.Discharge.PooledBudget) * c.SocialCare.PoolCapacitySpend
		}},
	// The market-side levers of issue 26.
	{Name: "reimbursement charges", Metric: metricDelayed, Sign: -1, Group: groupMarketDischarge,
		Levers: []string{"discharge.reimbursement_charges", "discharge.charge_response", "discharge.pooled_budget", "discharge.boundaries"},
		Why:    "with separate budgets and a boundary to charge across, the council's search for a home-care package or a care-home place is shortened by charge_response",
		Strength: func(c *Config) float64 {
			d := &c.Discharge
			if !d.ReimbursementCharges || d.PooledBudget || d.Boundaries == 0 {
				return 0
			}
			return notBelow(d.ChargeResponse)
		}},
	{Name: "discharge-to-assess funding", Metric: metricDelayed, Sign: -1, Group: groupMarketDischarge,
		Levers: []string{"discharge.discharge_to_assess", "discharge.assess_after_discharge"},
		Why:    "assess_after_discharge of each assessment, funding decision and dispute happens after the patient has left the bed",
		Strength: func(c *Config) float64 {
			return on(c.Discharge.DischargeToAssess) * c.Discharge.AssessAfterDischarge
		}},
	{Name: "step-down beds bought by contract", Metric: metricDelayed, Sign: -1, Group: groupMarketDischarge,
		Levers: []string{"social_care.contracted_step_down_per_1000", "contracts.payment"},
		Why:    "under activity payment the commissioner's contracted step-down beds add to pathway 2's stock",
		Strength: func(c *Config) float64 {
			return on(activity(c)) * c.SocialCare.ContractedStepDown
		}},
	{Name: "the hospital's incentive to discharge", Metric: metricDelayed, Sign: -1, Group: groupMarketDischarge,
		Levers: []string{"incentives.activity_discharge_cut", "contracts.payment"},
		Why:    "under activity payment the hospital's own part of the wait once fit is shortened by activity_discharge_cut",
		Strength: func(c *Config) float64 {
			if !activity(c) {
				return 0
			}
			return notBelow(c.Incentives.ActivityDischargeCut)
		}},

	// Routes from integration to admissions.
	{Name: "virtual-ward places take admissions", Metric: metricAdmissions, Sign: -1,
		Levers:   []string{"community.virtual_ward_places"},
		Why:      "a free place takes step_up_share of ACSC admissions instead of a bed",
		Strength: func(c *Config) float64 { return c.Community.VirtualWardPlaces * on(c.Community.StepUpShare > 0) }},
	{Name: "step-up places bought by the pool", Metric: metricAdmissions, Sign: -1,
		Levers: []string{"discharge.pooled_budget", "community.pool_step_up_places"},
		Why:    "a pooled budget buys pool_step_up_places, which take ACSC admissions as virtual wards do",
		Strength: func(c *Config) float64 {
			return on(c.Discharge.PooledBudget && c.Community.StepUpShare > 0) * c.Community.PoolStepUpPlaces
		}},
	{Name: "multidisciplinary review", Metric: metricAdmissions, Sign: -1,
		Levers: []string{"discharge.pooled_budget", "integration.mdt_reviews_per_1000"},
		Why:    "with a pooled budget, teams case-manage the patients a risk score finds, cutting their hazard by case_management_effect",
		Strength: func(c *Config) float64 {
			return on(c.Discharge.PooledBudget && c.Integration.CaseManagementEffect > 0) * c.Integration.MDTReviewsPer1000
		}},
	{Name: "case management", Metric: metricAdmissions, Sign: -1,
		Levers: []string{"integration.case_management_share"},
		Why:    "case-managed patients' hazard is cut by case_management_effect",
		Strength: func(c *Config) float64 {
			return c.Integration.CaseManagementShare * on(c.Integration.CaseManagementEffect > 0)
		}}, {Name: "virtual-ward places take stays out of beds", Metric: metricDelayed, Sign: -1,
		Levers: []string{"community.virtual_ward_places", "discharge.pooled_budget", "community.pool_step_up_places"},
		Why:    "a stay that steps down to a free virtual-ward place leaves the bed before it is medically fit, so it never waits in one; places also take admissions",
		Strength: func(c *Config) float64 {
			cm := &c.Community
			if cm.StepDownShare == 0 && cm.StepUpShare == 0 {
				return 0
			}
			return cm.VirtualWardPlaces + on(c.Discharge.PooledBudget)*cm.PoolStepUpPlaces
		}},
	{Name: "a rising trend in emergency demand", Metric: metricAdmissions, Sign: +1,
		Levers:   []string{"demand.emergency_trend_per_year"},
		Why:      "the emergency admission rate grows by the trend each year",
		Strength: func(c *Config) float64 { return c.Demand.EmergencyTrend }},

	// Mortality.
	{Name: "specialisms concentrated in high-volume centres", Metric: metricMortality, Sign: -1,
		Levers: []string{"market.concentrated_specialisms"},
		Why:    "a specialist admission in a concentrated centre dies with relative risk concentration_mortality_rr, below 1 across its range",
		Strength: func(c *Config) float64 {
			if !c.Market.ConcentratedSpecialisms {
				return 0
			}
			return notBelow(1 - c.Market.ConcentrationMortalityRR)
		}},

	// Accounting: unit costs times counts the levers fix.
	{Name: "more commissioning bodies", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"commissioning.population_per_body"},
		Why:    "each body carries a fixed cost, its own policies unless written once, a contract with each hospital and, under activity payment, activity administration",
		Strength: func(c *Config) float64 {
			if cov := c.Commissioning.Coverage; len(cov) > 0 {
				return float64(len(cov)) / float64(c.Population.Patients)
			}
			return 1 / c.Commissioning.PopulationPerBody
		}},
	{Name: "policies written by every body", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"commissioning.policies_written_once"},
		Why:      "policies written once are paid for once nationally",
		Strength: func(c *Config) float64 { return on(!c.Commissioning.PoliciesWrittenOnce) }},
	{Name: "more provider boards", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"market.hospitals_per_organisation"},
		Why:      "one board per hospitals_per_organisation hospitals",
		Strength: func(c *Config) float64 { return 1 / c.Market.HospitalsPerOrganisation }},
	{Name: "activity payment's invoices and administration", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"contracts.payment"},
		Why:      "under activity payment every episode is invoiced, some disputed, and every organisation carries activity administration",
		Strength: func(c *Config) float64 { return on(activity(c)) }},
	{Name: "local buying", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"costs.central_buying"},
		Why:      "supplies bought locally carry local_buying_premium",
		Strength: func(c *Config) float64 { return on(!c.Costs.CentralBuying) * c.Costs.LocalBuyingPremium }},
	{Name: "tenders' costs", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"contracts.tendering"},
		Why:      "each tender costs tender_cost_share of the contract's value",
		Strength: func(c *Config) float64 { return on(c.Contracts.Tendering) * c.Contracts.TenderCostShare }},
	{Name: "more out-of-hours services", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"out_of_hours.service", "out_of_hours.single_service"},
		Why:    "each out-of-hours service has a running cost and a contract",
		Strength: func(c *Config) float64 {
			return oohServices(c.OutOfHours.Service, c.OutOfHours.SingleService, c)
		}},
	{Name: "more mental health providers", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"mental_health.service", "mental_health.pooled_beds"},
		Why:    "each provider has a board and a contract, and beds held apart fill and send patients out of area more often",
		Strength: func(c *Config) float64 {
			return oohServices(c.MentalHealth.Service, c.MentalHealth.PooledBeds, c)
		}},
	{Name: "more ambulance services", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"ambulance.population_per_service"},
		Why:    "each ambulance service has a board and a contract",
		Strength: func(c *Config) float64 {
			return on(c.Ambulance.Service) / c.Ambulance.PopulationPerService
		}},
	{Name: "shared records' running and set-up costs", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"discharge.shared_records"},
		Why:      "shared records cost shared_records_running_cost and their set-up annualised",
		Strength: func(c *Config) float64 { return on(c.Discharge.SharedRecords) }},
	{Name: "shared records halve duplicate tests", Metric: metricCost, Sign: -1,
		Levers:   []string{"discharge.shared_records"},
		Why:      "defensive work per episode is halved once shared records are adopted",
		Strength: func(c *Config) float64 { return on(c.Discharge.SharedRecords && c.Costs.DuplicateTestCost > 0) }},
	{Name: "a pooled budget's administration and purchases", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"discharge.pooled_budget", "social_care.pool_capacity_spend", "community.pool_step_up_places", "integration.mdt_reviews_per_1000"},
		Why:    "a pool costs pool_running_cost, and pays for the care capacity, step-up places and case management it buys",
		Strength: func(c *Config) float64 {
			return on(c.Discharge.PooledBudget) * (1 + c.SocialCare.PoolCapacitySpend + c.Community.PoolStepUpPlaces + c.Integration.MDTReviewsPer1000)
		}},
	{Name: "case conferences and case management", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"integration.case_conference_share", "integration.case_management_share"},
		Why:    "GP time in case conferences and each case-managed patient are costed",
		Strength: func(c *Config) float64 {
			return c.Integration.CaseConferenceShare*c.Integration.AppointmentCost + c.Integration.CaseManagementShare*c.Integration.CaseManagementCost
		}},
	{Name: "virtual-ward places' running cost", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers:   []string{"community.virtual_ward_places"},
		Why:      "each place costs virtual_ward_place_cost a year, occupied or not",
		Strength: func(c *Config) float64 { return c.Community.VirtualWardPlaces }},
	{Name: "entrants' contracts", Metric: metricCost, Sign: +1,
		Levers:   []string{"finances.entry"},
		Why:      "under activity payment each new elective provider's contract is costed",
		Strength: func(c *Config) float64 { return on(c.Finances.Entry && activity(c)) }},
	{Name: "higher starting trust cuts defensive work", Metric: metricCost, Sign: -1,
		Levers:   []string{"trust.initial"},
		Why:      "defensive work per episode falls in proportion to the hospital's trust, which starts at trust.initial",
		Strength: func(c *Config) float64 { return c.Trust.Initial }},
	{Name: "faster-growing trust cuts defensive work", Metric: metricCost, Sign: -1,
		Levers:   []string{"trust.growth_rate"},
		Why:      "defensive work per episode falls in proportion to the hospital's trust",
		Strength: func(c *Config) float64 { return c.Trust.GrowthRate }},
	{Name: "social-care team turnover adds defensive work", Metric: metricCost, Sign: +1,
		Levers:   []string{"trust.team_turnover_rate", "trust.turnover_shock"},
		Why:      "each change of staff takes some of the hospital's trust, and defensive work rises as trust falls",
		Strength: func(c *Config) float64 { return c.Trust.TeamTurnoverRate * c.Trust.TurnoverShock }},
	{Name: "disputed invoices", Metric: metricCost, Sign: +1, Group: groupAccounting,
		Levers: []string{"contracts.payment", "contracts.dispute_probability", "contracts.dispute_trust_loss"},
		Why:    "under activity payment each disputed invoice costs dispute_cost and takes trust, and defensive work rises as trust falls",
		Strength: func(c *Config) float64 {
			p := c.Contracts.DisputeProbability
			return on(activity(c)) * p * (1 + c.Contracts.DisputeTrustLoss)
		}},
	{Name: "larger commissioning bodies build more slowly", Metric: metricAdmissions, Sign: +1,
		Levers: []string{"commissioning.population_per_body", "integration.decision_scale_elasticity", "integration.decision_reference_population"},
		Why:    "span of control: the months to build multidisciplinary teams and step-up places a pool buys are multiplied by the decision-time multiplier",
		Strength: func(c *Config) float64 {
			in := &c.Integration
			build := c.Discharge.PooledBudget && ((in.MDTReviewsPer1000 > 0 && in.MDTBuildMonths > 0 && in.CaseManagementEffect > 0) ||
				(c.Community.PoolStepUpPlaces > 0 && c.Community.StepUpBuildMonths > 0 && c.Community.StepUpShare > 0))
			if in.DecisionScaleElasticity == 0 || !build {
				return 0
			}
			return decisionScale(c)
		}},
}

// The metrics that a lever reaching emergency admissions reaches too;
// listed for the reaches below.
var (
	allHeadline = []string{metricAdmissions, metricUPC, metricDelayed, metricMortality, metricCost}
	acute       = []string{metricAdmissions, metricMortality}
)

var reaches = []Reach{
	{Lever: "commissioning.need_weighted_allocation", Metrics: []string{metricUPC, metricAdmissions},
		Why: "moves GP capacity between practices: some gain and some lose"},
	{Lever: "commissioning.guidance_adherence", Why: "moves only the postcode lottery's spread"},
	{Lever: "contracts.tendering", Metrics: []string{metricAdmissions},
		Why:  "a tender can change a practice's quality either way (the winner is scored on quality seen and price)",
		When: func(c *Config) bool { return c.Contracts.Tendering && c.Providers.PracticeQualitySD > 0 }},
	{Lever: "tenders.quality_weight", Metrics: []string{metricAdmissions},
		Why:  "moves the quality of the practices that win tenders",
		When: func(c *Config) bool { return c.Contracts.Tendering }},
	{Lever: "contracts.payment", Metrics: acute,
		Why: "activity payment shortens stays and adds elective capacity, capitation diverts it into prevention"},
	{Lever: "market.patient_choice", Metrics: []string{metricAdmissions, metricMortality, metricCost},
		Why: "choice moves patients and money between hospitals, whose quality responds and some of which may fail"},
	{Lever: "market.concentrated_specialisms", Metrics: []string{metricAdmissions},
		Why: "shorter specialist stays free beds"},
	{Lever: "finances.failure", Metrics: []string{metricAdmissions, metricDelayed, metricMortality, metricCost},
		Why: "an exit moves a hospital's services to a rival, resets its trust and costs a reorganisation"},
	{Lever: "finances.successor", Metrics: []string{metricAdmissions, metricDelayed, metricMortality, metricCost}, Why: "who takes a failed hospital over"},
	{Lever: "finances.entry", Metrics: acute, Why: "entrants add elective capacity where waits are long"},
	{Lever: "choice.negotiated_prices", Metrics: []string{metricAdmissions, metricMortality, metricCost},
		Why: "prices move hospitals' finances"},
	{Lever: "ambulance.service", Metrics: allHeadline, Why: "the ambulance service and the handover at the emergency department"},
	{Lever: "ambulance.shared_dispatch", Metrics: acute, Why: "crews move between catchments: some wait less, some more"},
	{Lever: "ambulance.release_minutes", Metrics: acute, Why: "handovers released at a time limit"},
	{Lever: "ambulance.rapid_responders_per_100k", Metrics: acute, Why: "solo responders"},
	{Lever: "mental_health.service", Metrics: acute, Why: "mental health demand and its beds"},
	{Lever: "out_of_hours.service", Metrics: allHeadline, Why: "urgent requests outside practice hours go to a service instead of the practice"},
	{Lever: "hospitals.frailty_sd", Metrics: acute, Why: "risk within each type"},
	{Lever: "hospitals.escalation_beds_share", Metrics: append(slices.Clone(acute), metricCost), Why: "winter escalation beds"},
	{Lever: "general_practice.pooled_booking_share", Metrics: []string{metricUPC, metricAdmissions},
		Why: "a pooled request is booked with whoever has the shortest line, not the usual GP, but the usual GPs' lines shorten for the requests that wait for them"},
	{Lever: "general_practice.turnover_rate", Metrics: []string{metricAdmissions}, Why: "lost relationships against vacancies' lost capacity"},
	{Lever: "general_practice.tolerance_days", Metrics: []string{metricUPC, metricAdmissions},
		Why: "patients who wait longer for their own GP see them more often, but lengthen their lines for others"},
	{Lever: "general_practice.merger_rate", Metrics: []string{metricUPC, metricAdmissions}, Why: "closures end relationships, mergers enlarge practices"},
	{Lever: "general_practice.list_turnover_per_year", Metrics: []string{metricUPC, metricAdmissions}, Why: "patients move practice"},
	{Lever: "general_practice.list_growth_per_year", Metrics: []string{metricUPC, metricAdmissions}, Why: "newcomers register"},
	{Lever: "integration.case_conference_share", Metrics: []string{metricUPC, metricAdmissions}, Why: "GP time taken from appointments"},
	{Lever: "integration.decision_reference_population", Metrics: []string{metricAdmissions, metricCost}, Why: "span of control over capacity lags"},
	{Lever: "commissioning.population_per_body", Metrics: []string{metricUPC, metricAdmissions},
		Why:  "span of control over the lag before savings buy or cut GP capacity",
		When: func(c *Config) bool { return c.Budget.SavingsUse == SavingsCapacity }},
	{Lever: "budget.savings_use", Metrics: []string{metricUPC, metricAdmissions, metricCost}, Why: "money under or over budget buys or cuts GP capacity"},
	{Lever: "social_care.market_response", Metrics: []string{metricDelayed}, Why: "care providers come and go with fees"},
	{Lever: "social_care.fee_index", Metrics: []string{metricDelayed}, Why: "fees above or below cost"},
	{Lever: "mental_health.pooled_beds", Metrics: nil, Why: "mental health admissions are not emergency admissions of the headline"},
	{Lever: "ambulance.population_per_service", Metrics: nil, Why: "an accounting line only"},
}

var follows = []Follow{
	{Metric: metricDelayed, Source: metricAdmissions, Sign: func(*Config) (int, bool) { return +1, true },
		Why: "every emergency admission discharged to care waits for its assessments and a place"},
	{Metric: metricAdmissions, Source: metricDelayed,
		Sign: func(c *Config) (int, bool) {
			r := c.Discharge.ReadmissionPerDelayDay
			switch {
			case r > 0:
				return +1, true
			case r < 0:
				return -1, true
			}
			return 0, false
		},
		Why: "each day waited once fit raises the chance of readmission by readmission_per_delay_day"},
	{Metric: metricCost, Source: metricAdmissions, Sign: func(*Config) (int, bool) { return +1, true },
		Why: "every episode carries defensive work and, under activity payment, an invoice"},
	{Metric: metricMortality, Source: metricAdmissions, Sign: func(*Config) (int, bool) { return 0, true },
		Why: "deaths are counted per admission, so who is admitted changes the rate"},
}
