package nhs

import (
	"fmt"
	"strings"
)

// RemovedFields names scenario fields that earlier versions accepted, by
// path, with what replaces each, so that an old scenario is told what to
// write instead.
var RemovedFields = map[string]string{
	"general_practice.registration_years": "removed: set general_practice.list_turnover_per_year to 1 / registration_years (the old starting durations were that turnover's stationary state)",
	"social_care.package_slots_per_1000":  "removed: home care is counted in hours; set social_care.home_care_hours_per_1000 (at the default package hours, about 8.9 hours a week a package)",
}

// Config is a scenario: every parameter of the model, as the YAML schema
// spells it. Each leaf field carries its registry entry in struct tags:
//
//	default  the value used when a scenario does not set it
//	domain   the values that make sense at all, in interval notation;
//	         anything outside is rejected as bad input
//	range    the plausible range, for sensitivity analysis
//	unit     the unit, or "1" for a pure number
//	source   where the default comes from, or "assumption"
//
// [Params] reads these tags; the loader, the docs and (later) the
// sensitivity tools all use that one registry.
type Config struct {
	Name        string `yaml:"name" doc:"scenario name, shown in outputs"`
	Description string `yaml:"description" doc:"one or two sentences on what the scenario represents"`
	Seed        uint64 `yaml:"seed" default:"1" unit:"1" doc:"master random seed; every random stream derives from it"`

	Run          Run             `yaml:"run"`
	Population   Population      `yaml:"population"`
	GP           GeneralPractice `yaml:"general_practice"`
	Hospitals    Hospitals       `yaml:"hospitals"`
	SocialCare   SocialCare      `yaml:"social_care"`
	Discharge    Discharge       `yaml:"discharge"`
	Community    Community       `yaml:"community"`
	Ambulance    Ambulance       `yaml:"ambulance"`
	MentalHealth MentalHealth    `yaml:"mental_health"`
	OutOfHours   OutOfHours      `yaml:"out_of_hours"`
	Trust        Trust           `yaml:"trust"`
	Continuity   Continuity      `yaml:"continuity"`

	Commissioning Commissioning `yaml:"commissioning"`
	Contracts     Contracts     `yaml:"contracts"`
	Market        Market        `yaml:"market"`
	Providers     Providers     `yaml:"providers"`
	Choice        Choice        `yaml:"choice"`
	Tenders       Tenders       `yaml:"tenders"`
	Incentives    Incentives    `yaml:"incentives"`
	Finances      Finances      `yaml:"finances"`
	Costs         Costs         `yaml:"costs"`

	Demand         Demand         `yaml:"demand"`
	Reorganisation Reorganisation `yaml:"reorganisation"`
	Integration    Integration    `yaml:"integration"`
	Budget         Budget         `yaml:"budget"`
	Appraisal      Appraisal      `yaml:"appraisal"`

	// Timeline is the scenario's timeline: lever changes at stated times,
	// in time order. The loader fills it from the file's timeline: entries;
	// it is not a parameter of the registry.
	Timeline []Change `yaml:"-"`
}

// AgeBands names the age bands that every by-age list follows, in order.
// It returns a copy, so no caller can change the names for another.
func AgeBands() [NAges]string { return [NAges]string{"0-15", "16-44", "45-64", "65-79", "80+"} }

// NAges is the number of age bands; NDep the number of deprivation
// quintiles (1 least deprived, 5 most).
const (
	NAges = 5
	NDep  = 5
)

// Run sets the simulated horizon.
type Run struct {
	Years       float64 `yaml:"years" default:"5" domain:"(0,200]" range:"1,20" unit:"years" source:"assumption" doc:"simulated horizon"`
	WarmupYears float64 `yaml:"warmup_years" default:"1" domain:"[0,200)" range:"0,5" unit:"years" source:"assumption" doc:"statistics are collected only after this; must be less than years"`
}

// Population sets who is registered where.
type Population struct {
	Patients              int            `yaml:"patients" default:"100000" domain:"[1,1000000000]" range:"10000,57000000" unit:"patients" source:"ONS mid-year estimates: 57.7m in England, 2023 [ons2023]" doc:"registered patients; --patients overrides it"`
	PracticeSize          int            `yaml:"practice_size" default:"10000" domain:"[1,1000000]" range:"2000,20000" unit:"patients" source:"NHS Digital: mean list size just over 10,000 (Dec 2024) [nhsd-registered]" doc:"mean patients registered with a practice; lists are filled in order and the last practice takes the remainder"`
	PracticeSizeCV        float64        `yaml:"practice_size_cv" default:"0.45" domain:"[0,3]" range:"0,0.8" unit:"1" source:"list size per FTE GP 10th-90th centile 1,074-2,635 around 1,839 (2011-12) [bjgp-practices-2012]; spread of list sizes assumed similar" doc:"coefficient of variation of list sizes (lognormal); 0 makes every list practice_size"`
	AgeShares             [NAges]float64 `yaml:"age_shares" default:"0.19,0.38,0.25,0.13,0.05" domain:"[0,1]" sum:"1" unit:"1" source:"ONS mid-year estimates for England, 2023, rounded [ons2023] (assumption for the band split)" doc:"share of patients in each age band (0-15, 16-44, 45-64, 65-79, 80+); must sum to 1"`
	DeprivationShares     [NDep]float64  `yaml:"deprivation_shares" default:"0.2,0.2,0.2,0.2,0.2" domain:"[0,1]" sum:"1" unit:"1" source:"definition: quintiles of the Index of Multiple Deprivation [imd2019]" doc:"share of patients in each deprivation quintile, least to most deprived; must sum to 1"`
	Areas                 int            `yaml:"areas" default:"10" domain:"[1,100000]" range:"1,100" unit:"areas" source:"assumption: areas stand for the places commissioners cover" doc:"geographic areas in the run, each an equal contiguous share of the population (a practice belongs to the area its first patient falls in)"`
	DeprivationClustering float64        `yaml:"deprivation_clustering" default:"0.6" domain:"[0,1]" range:"0,0.8" unit:"1" source:"assumption: deprivation is geographically clustered, so practice populations differ in need" doc:"probability that a patient shares their practice's deprivation quintile (each practice draws one from deprivation_shares) rather than drawing their own"`
	MultimorbidityByAge   [NAges]float64 `yaml:"multimorbidity_by_age" default:"0.02,0.08,0.25,0.5,0.7" domain:"[0,1]" range:"0,0.9" unit:"1" source:"assumption, in line with published prevalence of two or more long-term conditions rising steeply with age" doc:"probability that a patient of each age band has two or more long-term conditions"`
}

// GeneralPractice sets GP capacity, demand and booking.
type GeneralPractice struct {
	GPsPerPractice              int            `yaml:"gps_per_practice" default:"6" domain:"[1,255]" range:"1,15" unit:"GPs" source:"list size 10,000 / 1,839 patients per GP ≈ 5.4 (derived) [nhsd-registered] [bjgp-practices-2012]" doc:"GPs in each practice; patient i's usual GP is GP (i mod K) of their practice"`
	PatientsPerGP               int            `yaml:"patients_per_gp" default:"1839" domain:"[0,100000]" range:"1074,2635" unit:"patients" source:"list size per FTE GP, mean 1,839, 10th-90th centile 1,074-2,635 (2011-12) [bjgp-practices-2012]" doc:"if above 0, each practice has round(list size / patients_per_gp) GPs (at least 1); if 0, every practice has gps_per_practice"`
	ConsultationRate            float64        `yaml:"consultation_rate" default:"4.27" domain:"[0,100]" range:"3.5,6" unit:"per patient-year" source:"tuned so that the mean over the population is 5.5-5.7 per person-year [hippisleycox2009] [nhse-appointments-2024] (docs/calibration.md)" doc:"GP consultation requests per patient-year of a patient with relative rate 1"`
	RateByAge                   [NAges]float64 `yaml:"rate_by_age" default:"0.8,0.8,1.1,1.7,2.3" domain:"[0,20]" range:"0.3,4" unit:"1" source:"assumption, shaped on consultation rates rising with age [hippisleycox2009]" doc:"relative consultation rate of each age band"`
	DeprivationMultiplier       [NDep]float64  `yaml:"deprivation_multiplier" default:"1,1.03,1.06,1.1,1.15" domain:"[0,10]" range:"0.8,1.5" unit:"1" source:"assumption: consultation rates rise modestly with deprivation" doc:"relative consultation rate of each deprivation quintile"`
	MultimorbidityMultiplier    float64        `yaml:"multimorbidity_multiplier" default:"1.6" domain:"[0,20]" range:"1,3" unit:"1" source:"assumption" doc:"consultation rate multiplier for a patient with two or more long-term conditions"`
	AppointmentsPerGPYear       float64        `yaml:"appointments_per_gp_year" default:"12000" domain:"(0,1000000]" range:"8800,13000" unit:"appointments per FTE GP-year" source:"capacity of a practice's clinical team per FTE GP: delivered appointments per FTE GP were ≈8,800 in 2019 (≈300m over ≈34,000 FTE) and ≈13,000 in 2024 (364.8m over 27,966 FTE) (derived) [ifg-2025-gp] [grigoroglou2022] [nhse-appointments-2024] [nhsd-gp-workforce]; capacity above delivery is an assumption" doc:"practice appointments (all clinical staff) that one FTE GP's share of the practice can give a year; with patients_per_gp it sets the stock of GP clinical time per head, which commissioning.need_weighted_allocation shares out between practices"`
	UsualGPQueueTolerance       int            `yaml:"usual_gp_queue_tolerance" default:"2" domain:"[0,1000000]" range:"0,10" unit:"patients" source:"assumption; refnet's q_max [refnet]" doc:"longest waiting line at the usual GP that a patient joins; beyond it they see the practice's least busy GP"`
	PooledBookingShare          float64        `yaml:"pooled_booking_share" default:"0.27" domain:"[0,1]" range:"0,0.9" unit:"1" source:"tuned to UPC ≈ 0.61 among patients aged 62-82 [barker2017] (docs/calibration.md)" doc:"the list-policy lever: share of requests booked with whichever GP has the shortest line, ignoring the usual GP (0 = personal lists)"`
	TurnoverRate                float64        `yaml:"turnover_rate" default:"0.1" domain:"[0,10]" range:"0,0.2" unit:"per GP-year" source:"75th centile of annual practice GP turnover 11% (2009) to 14% (2019) [parisi2021]" doc:"rate at which a GP leaves and is replaced; their patients' relationship with the usual GP restarts"`
	Booking                     Booking        `yaml:"booking" default:"sessions" doc:"how GP time is modelled: sessions (GPs are people who work sessions on a weekly rota, with leave; requests are booked into the days ahead, and a patient waits for their preferred GP within their tolerance) or queue (refnet's model: each GP is a first-come first-served line; usual_gp_queue_tolerance applies and the session parameters do not)"`
	SessionsPerWeek             float64        `yaml:"sessions_per_week" default:"6.2" domain:"(0,10]" range:"6,7.3" unit:"sessions per GP-week" source:"GP Worklife Surveys: 6.2 sessions a week in 2021, 7.3 in 2010 [hutchinson2024]" doc:"mean sessions a week of a GP (by headcount); each GP works 3 to 9, so many are part-time, and a practice has as many GPs as it takes to work its FTE"`
	SessionsPerFTE              float64        `yaml:"sessions_per_fte" default:"9" domain:"[1,10]" range:"8,9" unit:"sessions per week" source:"definition: full time is 37.5 hours, 9 notional sessions, in the salaried GP model contract [bma-salaried-contract]" doc:"sessions a week of one full-time-equivalent GP"`
	WorkingWeeks                float64        `yaml:"working_weeks" default:"44" domain:"(0,52]" range:"42,46" unit:"weeks per year" source:"assumption: 30 days' annual leave and 10 public and NHS days in the salaried GP model contract (second-hand) [bma-salaried-contract]" doc:"weeks a year a GP works; each GP is on leave in any week with probability 1 - working_weeks/52"`
	UrgentShare                 float64        `yaml:"urgent_share" default:"0.4" domain:"[0,1]" range:"0.2,0.6" unit:"1" source:"assumption: roughly four in ten GP appointments are booked for the same day" doc:"share of requests that are urgent: the patient takes the first free appointment with any GP and waits for no one"`
	ToleranceDays               [NAges]float64 `yaml:"tolerance_days" default:"2,3,4,6,7" domain:"[0,60]" range:"0,14" unit:"days" source:"assumption: older patients value continuity more and wait longer for it" doc:"for a routine request, the most extra days beyond the first free appointment with any GP that a patient of each age band waits to see their preferred GP"`
	MultimorbidityToleranceDays float64        `yaml:"multimorbidity_tolerance_days" default:"3" domain:"[0,60]" range:"0,7" unit:"days" source:"assumption: patients with long-term conditions value continuity more" doc:"extra days added to tolerance_days for a patient with two or more long-term conditions"`
	PreferenceMemory            int            `yaml:"preference_memory" default:"3" domain:"[0,250]" range:"1,7" unit:"consultations" source:"assumption: a compact stand-in for the GP seen most in a rolling window" doc:"how firmly the preferred GP is held: each consultation with them adds one to a count capped at preference_memory, each with another named GP takes one off, and when the count is 0 the next named GP seen becomes the preferred GP"`
	TurnoverCV                  float64        `yaml:"turnover_cv" default:"0.5" domain:"[0,5]" range:"0,1" unit:"1" source:"with turnover_rate 0.1 a lognormal spread of 0.5 puts the 75th centile of practice turnover at 12% a year, between the 11% (2009) and 14% (2019) reported (derived) [parisi2021]; persistent high turnover in some practices [parisi2023]" doc:"coefficient of variation between practices of their GPs' leaving rate (lognormal, mean turnover_rate): some practices persistently lose GPs more often"`
	VacancyMonths               float64        `yaml:"vacancy_months" default:"6" domain:"[0,120]" range:"5,7" unit:"months" source:"6.6 months to fill a partner post, 5.2 a salaried one (survey, second-hand) [pulse-2016-vacancies]" doc:"mean time (exponential) a post left by a GP stays vacant before a new GP takes it, with sessions mode"`
	LocumCover                  float64        `yaml:"locum_cover" default:"0.61" domain:"[0,1]" range:"0.3,0.9" unit:"1" source:"61% of vacant GP posts covered by locums (survey of 549 practices, second-hand) [rcgp-2015-vacancies]" doc:"probability that a vacant post's sessions are worked by a locum meanwhile; a locum has no personal list and never becomes a patient's preferred GP; an uncovered vacancy's sessions are lost"`
	MergerRate                  float64        `yaml:"merger_rate" default:"0.025" domain:"[0,1]" range:"0,0.03" unit:"per practice-year" source:"practices closed, merged or taken over: 1.1-1.9% a year 2010-15 [hsj-2015-closures] and 2.8% a year 2016-19 (derived) [hutchinson2023]" doc:"lever: rate at which a practice takes over its neighbour (the next practice of the same local system), so lists grow and practices get larger; with sessions mode"`
	ClosureShare                float64        `yaml:"closure_share" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption: closures and mergers are counted together [hsj-2015-closures] [hutchinson2023]" doc:"share of take-overs that are closures: the neighbour's GPs leave (their posts fall vacant) and its patients lose their preferred GP; otherwise a merger, where GPs and relationships move with the list"`
	ListTurnover                float64        `yaml:"list_turnover_per_year" default:"0.083" domain:"[0,1]" range:"0.04,0.2" unit:"per patient-year" source:"assumption: a mean registration of about 12 years (5 to 25); England's registered population grew about 1.1% a year 2014-19 (derived) [gponline-2019-lists], a net figure that says nothing of the moves in and out" doc:"lever: rate at which a patient moves away from their practice, a newcomer of the same type registering in their place with no preferred GP and no history (a monthly step per practice; 0 = no one moves). It also sets the start: each patient has been registered an exponential time with mean 1/this, the stationary state of this turnover, which bounds their initial relationship length"`
	ListGrowth                  float64        `yaml:"list_growth_per_year" default:"0" domain:"[0,0.5]" range:"0,0.02" unit:"per year" source:"lever; England's registered population grew about 1.1% a year 2014-19 (derived) [gponline-2019-lists]" doc:"lever: growth of the registered population from new housing, newcomers registering with the growing practices (a monthly step per practice, each newcomer's type drawn as at the start); 0 = lists grow only by take-over. Reserve places for the horizon's growth are made at the start, so it cannot change on a timeline"`
	ListGrowthShare             float64        `yaml:"list_growth_share" default:"1" domain:"(0,1]" range:"0.1,1" unit:"1" source:"assumption: new estates are concentrated, some practices taking most of the newcomers; no national figure found" doc:"share of practices (drawn at the start) where the new housing is: they grow at list_growth_per_year / list_growth_share, the others not at all, so the population grows at list_growth_per_year; 1 = every practice grows alike"`
}

// Discharge sets the delays of a discharge that needs social care: an
// assessment and a funding decision at each organisational boundary crossed,
// and information lost at hand-offs. The organisational levers (boundaries,
// pooled budgets, shared records) default to England's usual arrangement.
type Discharge struct {
	Boundaries                 int     `yaml:"boundaries" default:"1" domain:"[0,10]" range:"0,3" unit:"boundaries" source:"lever: hospital to local-authority social care is one boundary; an integrated health and social care trust has none" doc:"organisational boundaries a discharge on pathways 1-3 crosses"`
	AssessmentDays             float64 `yaml:"assessment_days" default:"0.42" domain:"[0,60]" range:"0.2,1" unit:"days" source:"set from the share of delay: awaiting completion of assessment was ≈15-19% of delayed transfer days, at least the 9.4% attributable to the NHS alone (Sep 2015) [adass-2015-dtoc] (docs/validation.md: the share over the pathway 1-3 discharges gives the mean); no direct measurement of assessment on discharge was found (docs/evidence.md, Gaps)" doc:"mean assessment time (exponential) on pathways 1-3: one assessment when health and social care are one organisation (boundaries 0), one at each boundary otherwise"`
	FundingDecisionDays        float64 `yaml:"funding_decision_days" default:"0.13" domain:"[0,60]" range:"0,0.5" unit:"days" source:"assumption, set from the share of delay: awaiting public funding was a small reason for delayed transfers (≈5%; its national share was not retrieved) (docs/validation.md; docs/evidence.md, Gaps)" doc:"mean funding-decision time (exponential) at each boundary, for funded care (pathways 1 and 3; step-down care is free); a pooled budget shortens it by pooled_funding_cut"`
	PooledBudget               bool    `yaml:"pooled_budget" default:"false" doc:"lever: health and social care money is pooled: a boundary's funding decision is shortened by pooled_funding_cut and its disputes over who pays end"`
	PooledFundingCut           float64 `yaml:"pooled_funding_cut" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption within evidence that pooling does not end funding decisions: section 75 pools keep each partner's eligibility rules (NHS continuing healthcare, councils' means test), and 'awaiting public funding' delays went on, and delayed days rose by a quarter in 2016/17, under the Better Care Fund's pooled budgets [commons-2017-dtoc]; Torbay's integrated care trust reported delays as minimal [thistlethwaite2011]; 0 = the pool changes no decision, 1 = it removes every one" doc:"with pooled_budget, the share of each boundary's funding-decision time that the pool removes (the decision's mean is multiplied by 1 - this)"`
	DisputeProbability         float64 `yaml:"dispute_probability" default:"0.005" domain:"[0,1]" range:"0,0.05" unit:"1" source:"assumption: disputes were a small reason for delayed transfers of care; their national share was not retrieved (docs/evidence.md, Gaps)" doc:"chance, at each boundary with separate budgets, that health and social care dispute who is responsible for a funded discharge (pathways 1 and 3); a pooled budget ends them"`
	DisputeDays                float64 `yaml:"dispute_days" default:"7" domain:"[0,120]" range:"2,21" unit:"days" source:"assumption: disputes are escalated through joint protocols that run to weeks" doc:"mean time (exponential) a dispute adds"`
	ChoiceDays                 float64 `yaml:"choice_days" default:"8" domain:"[0,120]" range:"0,14" unit:"days" source:"set from the share of delay: patient or family choice was ≈11% of delayed transfer days (Sep 2015, NHS-attributable) [adass-2015-dtoc], almost all of it the choice of a care home; waits for a care-home place averaged 30 days (2012/13) [ageuk-2013] (docs/validation.md)" doc:"mean time (exponential) a patient going to a new care home (pathway 3) and their family take to choose one, after assessment"`
	ReimbursementCharges       bool    `yaml:"reimbursement_charges" default:"false" doc:"lever: the NHS charges the council for each day a patient it has assessed waits for the care it must arrange (Community Care (Delayed Discharges etc.) Act 2003, £100 a day, £120 in London and the South East, charged from 2004 until 2015); with separate budgets and at least one boundary, the search for a home-care package or a care-home place (pathways 1 and 3) is shortened by charge_response. Pooled, there is no one to charge. The charge itself is a transfer between public bodies and is not counted as a cost"`
	ChargeResponse             float64 `yaml:"charge_response" default:"0.3" domain:"[0,1]" range:"0,0.6" unit:"1" source:"assumption: the charge was meant to make councils arrange care faster [communitycare-2003]; many hospitals chose not to charge, and whether the national figures showed an effect was disputed [godden2007]; the range includes none" doc:"with reimbursement_charges, the share by which councils shorten the search for a home-care package or a care-home place"`
	DischargeToAssess          bool    `yaml:"discharge_to_assess" default:"false" doc:"lever: discharge-to-assess funding (NHS England's discharge to assess model; the 2020 Hospital Discharge Service paid for up to six weeks of new or increased care after discharge and moved assessments out of the acute stay): on pathways 1-3 the share assess_after_discharge of each boundary's assessment, funding decision and any dispute happens after the patient has left, so they wait in the bed only for the rest of it and for a place. The national funding is a transfer between public bodies and the care it pays for is priced as care delivered, so it adds no cost"`
	AssessAfterDischarge       float64 `yaml:"assess_after_discharge" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption: the Hospital Discharge Service required social care needs and NHS continuing healthcare assessments to be made in the community, not during the acute stay [dhsc-hds-2020]; how much of the work moved in practice was not measured; stays over 21 days fell by 28% in the first wave of 2020 [nhsconfed-2021] (uncontrolled, while admissions fell); the range runs from none to all" doc:"with discharge_to_assess, the share of each assessment, funding decision and dispute at a boundary that happens after the patient has left hospital"`
	SharedRecords              bool    `yaml:"shared_records" default:"false" doc:"lever: records are shared, so no information is lost at a hand-off"`
	InformationLossProbability float64 `yaml:"information_loss_probability" default:"0.15" domain:"[0,1]" range:"0,0.3" unit:"1" source:"assumption; evidence on shared records is weak [hersh2015] [menachemi2018]" doc:"chance that a hand-off across a boundary loses information when records are not shared"`
	InformationLossDays        float64 `yaml:"information_loss_days" default:"1" domain:"[0,30]" range:"0,3" unit:"days" source:"assumption" doc:"mean extra delay (exponential) when information is lost"`
	TrustEffect                float64 `yaml:"trust_effect" default:"0.3" domain:"[0,1]" range:"0,0.5" unit:"1" source:"assumption, modest: relational coordination shortens coordination [gittell2000]; no NHS effect size" doc:"assessment and funding delays are multiplied by 1 - trust_effect × trust"`
	WardProcessDays            float64 `yaml:"ward_process_days" default:"0.3" domain:"[0,30]" range:"0,1" unit:"days" source:"assumption: discharge letters, medicines and transport; England's mean wait from fit to discharge, over every discharge, was 1.3 days (Dec 2022) [hf-2023-discharge]" doc:"mean time (exponential) from medically fit to leaving for a patient on pathway 0, and before the assessment on the others"`
	LostHandOffReadmissionRR   float64 `yaml:"lost_hand_off_readmission_rr" default:"1" domain:"[0.1,10]" range:"1,2" unit:"1" source:"readmission within 3 months RR 0.74 (0.50-1.11) when the doctor seeing a patient after discharge had the discharge summary [vanwalraven2002], ≈1.35 (0.9-2.0) for a follow-up without it (derived); the default is no effect, the bottom of the range, until a lead decides" doc:"multiplier of the readmission probability of a patient whose hand-off across a boundary lost information (information_loss_probability, none with shared records in use): shared records then avoid readmissions in proportion to the hand-offs that lose information, the patients who cross a boundary (pathways 1-3) and the years records take to be adopted"`
	ReadmissionPerDelayDay     float64 `yaml:"readmission_per_delay_day" default:"0.01" domain:"[-0.1,1]" range:"0,0.03" unit:"per day of delay" source:"assumption: the sign is contested, longer stays raise readmission in one UK centre [han2021] and lower it in US post-acute care [horney2017]; the range includes no effect" doc:"each day a patient waits in a bed once medically fit multiplies their readmission risk by (1 + this)"`
}

// Community sets virtual-ward (intermediate care) places.
type Community struct {
	VirtualWardPlaces float64 `yaml:"virtual_ward_places" default:"0" domain:"[0,1000]" range:"0,40" unit:"per 100,000 patients" source:"lever; England had about 20 virtual-ward places per 100,000 people by 2024 (assumption from the national programme's reported capacity)" doc:"virtual-ward places per 100,000 registered patients, per hospital catchment"`
	PoolStepUpPlaces  float64 `yaml:"pool_step_up_places" default:"0" domain:"[0,1000]" range:"0,30" unit:"per 100,000 patients" source:"lever: England's virtual wards had 21.9 places per 100,000 adults in November 2023 against an ambition of 40-50 [htn-2023-vw], so the range runs to about the rest of the ambition; the earlier 'virtual wards' that case-managed patients a risk model flagged did not reduce emergency admissions significantly in three English sites [lewis2013], so the range includes none" doc:"with discharge.pooled_budget, step-up places (rapid response, virtual wards) per 100,000 registered patients that the pool buys on top of virtual_ward_places, per hospital catchment: they open evenly over step_up_build_months (times the span-of-control multiplier) from when budgets were pooled, take the ACSC admissions that step_up_share says a free place can serve (and step-downs) like the other places, and cost integration.virtual_ward_place_cost a year each while open, paid by the pool (cost_per_head_pool_step_up). What they avoid comes from the places, whom they can serve and the time to build them"`
	StepUpBuildMonths float64 `yaml:"step_up_build_months" default:"18" domain:"[0,120]" range:"6,36" unit:"months" source:"England's virtual wards grew from the ambition of the 2022/23 planning guidance to ≈10,000 places by September 2023 and 11,231 by November 2023, about half the ambition in 18-21 months [htn-2023-vw]; the range is an assumption" doc:"months over which the step-up places a pool buys (pool_step_up_places) open, evenly, from when budgets were pooled; 0 opens them at once"`
	StepUpShare       float64 `yaml:"step_up_share" default:"0.3" domain:"[0,1]" range:"0,0.5" unit:"1" source:"assumption" doc:"share of ACSC admissions that a free virtual-ward place can take instead (step-up)"`
	StepUpDays        float64 `yaml:"step_up_days" default:"5" domain:"(0,365]" range:"3,10" unit:"days" source:"assumption" doc:"mean virtual-ward stay for step-up care (exponential)"`
	StepDownShare     float64 `yaml:"step_down_share" default:"0.2" domain:"[0,1]" range:"0,0.4" unit:"1" source:"assumption" doc:"share of emergency stays that can finish on a virtual ward (step-down) if a place is free"`
	StepDownFraction  float64 `yaml:"step_down_fraction" default:"0.3" domain:"[0,1]" range:"0.1,0.5" unit:"1" source:"assumption" doc:"share of such a stay's expected length spent on the virtual ward instead of in a bed"`
}

// Ambulance sets the urgent and emergency front door's ambulance service:
// 999 incidents by category, the decision to hear and treat, see and
// treat or convey, a fleet of crews per hospital catchment and the
// handover at the emergency department, which waits while the department
// is full (its places are held by patients being assessed and by admitted
// patients waiting for a bed). A share of the emergency admissions arrive
// by ambulance; the other incidents take crew time without an admission.
type Ambulance struct {
	Service                bool       `yaml:"service" default:"false" doc:"lever: the ambulance service and the emergency department's handover are simulated; off, every emergency admission reaches the hospital at once, as before"`
	IncidentsPer1000       float64    `yaml:"incidents_per_1000" default:"152" domain:"[0,10000]" range:"140,165" unit:"per 1,000 patients a year" source:"8.8m incidents in the 12 months to September 2024 [aace-2024] over 57.7m people [ons2023] ≈ 152 per 1,000 (derived); 731,000-806,000 a month in 2024 [nhsp-tracker-2024]" doc:"999 incidents (hear and treat, see and treat and conveyance) per 1,000 registered patients a year, before the winter multiplier (demand.winter_peak)"`
	HearAndTreatShare      float64    `yaml:"hear_and_treat_share" default:"0.16" domain:"[0,1]" range:"0.13,0.2" unit:"1" source:"1 less the shares conveyed to an emergency department (48-51%) and seen and treated (29-30%) in 2024 [nhsp-tracker-2024], less about 4.5% conveyed elsewhere (assumption) (derived)" doc:"share of incidents closed on the telephone (hear and treat): no crew is sent"`
	ConveyanceShare        float64    `yaml:"conveyance_share" default:"0.5" domain:"[0,1]" range:"0.48,0.51" unit:"1" source:"48.2-50.8% of incidents conveyed to an emergency department, August-December 2024 [nhsp-tracker-2024]" doc:"share of incidents conveyed to an emergency department (the patient's hospital); the emergency admissions that arrive by ambulance are part of it, and the rest are conveyances that end in the department without an admission"`
	AdmittedShare          float64    `yaml:"admitted_share" default:"0.35" domain:"[0,1]" range:"0.25,0.5" unit:"1" source:"assumption: about 4.4m conveyances a year (derived from [aace-2024] and [nhsp-tracker-2024]), about half of them admitted, over ≈6.3m emergency admissions [nhse-ae-2024]" doc:"share of emergency admissions (first admissions, not readmissions) that arrive by ambulance: a 999 call is made when the admission happens, and the patient reaches the bed queue only after the response, the journey, the handover and the department's assessment"`
	CategoryShares         [4]float64 `yaml:"category_shares" default:"0.13,0.62,0.22,0.03" domain:"[0,1]" sum:"1" unit:"1" source:"category 1 84,270 and category 2 395,741 of 752,361 incidents in November 2024 [nhsp-tracker-2024], over the incidents a crew attends (derived); the split of the rest between categories 3 and 4 is an assumption" doc:"shares of the incidents a crew attends in categories 1 (life-threatening) to 4: a free crew takes the waiting call of the most urgent category first"`
	CrewsPer100k           float64    `yaml:"crews_per_100k" default:"2.26" domain:"[0,1000]" range:"2,4" unit:"crews per 100,000 patients" source:"tuned so that the mean category 2 response is ≈36 minutes (2023/24) [hsj-2024-cat2] (docs/calibration.md): 7 crews for a catchment of about 300,000, stated so that every catchment from 265,500 to 309,700 patients rounds up to 7 (at 2.2, catchments under 272,700, such as five of the 18 in a 5-million sample, had 6 and ran at or past their capacity); it stands for the crews on duty on average, not the fleet" doc:"ambulance crews on duty per 100,000 patients of each hospital's catchment (rounded up, so at least 1); a crew is busy from dispatch until it is free after the handover or on scene"`
	CallMinutes            float64    `yaml:"call_minutes" default:"2" domain:"[0,600]" range:"1,4" unit:"minutes" source:"assumption: the response clock runs from the call's triage, a few minutes" doc:"mean time (exponential) from the call to the crew's dispatch, part of the response time"`
	TravelMinutes          float64    `yaml:"travel_minutes" default:"6" domain:"[0,600]" range:"4,9" unit:"minutes" source:"assumption, set below the mean category 1 response of 8 minutes 40 seconds (December 2024) [nhsp-tracker-2024], which includes the call and any wait for a crew" doc:"mean time (exponential) for a dispatched crew to reach the scene"`
	SceneMinutes           float64    `yaml:"scene_minutes" default:"40" domain:"[0,6000]" range:"30,60" unit:"minutes" source:"assumption: assessment and treatment on scene" doc:"mean time (exponential) a crew spends on scene"`
	ToHospitalMinutes      float64    `yaml:"to_hospital_minutes" default:"20" domain:"[0,6000]" range:"10,30" unit:"minutes" source:"assumption: the journey to the nearest emergency department" doc:"mean time (exponential) from the scene to the emergency department"`
	HandoverMinutes        float64    `yaml:"handover_minutes" default:"24" domain:"[0,600]" range:"10,30" unit:"minutes" source:"tuned with crews_per_100k and ed_places_per_100k, with release_minutes 45 as in england, so that the mean handover is ≈36 minutes (derived from [aace-2024]) and the mean category 2 response ≈36 (docs/calibration.md; 20 before release to respond was modelled); the national standard is a handover within 15 minutes [nuffield-handover]" doc:"mean time of the handover itself once the department can take the patient (Erlang-2: two exponential halves, less variable than one exponential)"`
	TurnaroundMinutes      float64    `yaml:"turnaround_minutes" default:"10" domain:"[0,600]" range:"5,20" unit:"minutes" source:"assumption: cleaning and restocking before the next call" doc:"time after the handover before the crew is free"`
	EDPlacesPer100k        float64    `yaml:"ed_places_per_100k" default:"3.5" domain:"[0,10000]" range:"3,5" unit:"places per 100,000 patients" source:"tuned with handover_minutes so that the mean handover is ≈36 minutes (derived from [aace-2024]) (docs/calibration.md); it stands for an emergency department's places for ambulance patients, net of walk-in patients" doc:"places in each hospital's emergency department for patients arriving by ambulance (rounded up, so at least 1): a handover waits until one is free; patients being assessed and admitted patients waiting for a bed hold them"`
	BedReserve             float64    `yaml:"bed_reserve" default:"0.03" domain:"[0,1]" range:"0,0.06" unit:"1" source:"assumption: beds are not interchangeable (specialty, sex, infection control), so emergency admissions are blocked before every bed is full; risks of access block rise as occupancy passes about 85-90% [bagust1999]" doc:"share of a hospital's beds that must be free for a conveyed patient to move from the department to a ward; below it they wait in the department, holding its place (patients admitted otherwise take any free bed, as without the ambulance service)"`
	EDHours                float64    `yaml:"ed_hours" default:"3" domain:"[0,240]" range:"2,4" unit:"hours" source:"assumption, within the 4-hour standard for the time from arrival to admission or discharge [nhse-ae-2024]" doc:"mean time (exponential) a conveyed patient holds a department place after the handover, until they are admitted (and join the bed queue) or go home"`
	ReleaseMinutes         float64    `yaml:"release_minutes" default:"0" domain:"[0,6000]" range:"0,60" unit:"minutes" source:"lever; release to respond: crews leave an emergency department 45 minutes after arriving, national in England from December 2024 [scas-2024-release], after the calibration year (2023/24), so off in england" doc:"a crew still waiting to hand over this long after reaching the department hands its patient to the department's care beyond its places (a corridor) and leaves (release to respond); the handover metrics time the wait to that handover; 0 turns the rule off (crews wait with their patient however long)"`
	SharedDispatch         bool       `yaml:"shared_dispatch" default:"false" doc:"lever: one ambulance service dispatches the crews of a whole local system (market.hospitals_per_market catchments) as one fleet: a call with no free crew in its own catchment takes a free crew of another, and a crew with no call in its own catchment takes the most urgent waiting in another; otherwise each catchment's crews serve it alone (services whose boundaries split the local system)"`
	CrossCatchmentMinutes  float64    `yaml:"cross_catchment_minutes" default:"10" domain:"[0,600]" range:"5,20" unit:"minutes" source:"assumption: a crew from a neighbouring catchment (catchments of choice.catchment_km) travels further" doc:"extra journey to the scene for a crew sent from another catchment, with shared_dispatch"`
	InformationLossMinutes float64    `yaml:"information_loss_minutes" default:"10" domain:"[0,600]" range:"0,20" unit:"minutes" source:"assumption: the handover crosses the boundary between the ambulance service and the hospital; information is lost with discharge.information_loss_probability unless records are shared" doc:"mean extra time (exponential) of a handover that loses information"`
}

// Trust sets relational coordination between hospitals, practices and
// their social-care teams: it grows with joint work and falls with staff
// turnover, and it shortens discharge delays (Discharge.TrustEffect).
type Trust struct {
	Initial          float64 `yaml:"initial" default:"0.5" domain:"[0,1]" range:"0.2,0.8" unit:"1" source:"assumption" doc:"trust at the start, from 0 (none) to 1 (full)"`
	GrowthRate       float64 `yaml:"growth_rate" default:"0.5" domain:"[0,100]" range:"0,2" unit:"per year" source:"assumption" doc:"while a hospital or practice works with social care, the gap to full trust closes at this rate (exponential relaxation)"`
	TurnoverShock    float64 `yaml:"turnover_shock" default:"0.15" domain:"[0,1]" range:"0,0.3" unit:"1" source:"assumption" doc:"share of trust lost when a GP leaves (the practice's) or a social-care team member changes (the hospital's)"`
	TeamTurnoverRate float64 `yaml:"team_turnover_rate" default:"2" domain:"[0,100]" range:"0,6" unit:"per team-year" source:"assumption" doc:"changes of staff a year in each hospital's social-care team"`
}

// Continuity sets how continuity of GP care changes emergency admissions.
type Continuity struct {
	RelationshipElasticity float64 `yaml:"relationship_elasticity" default:"0.13" domain:"[0,2]" range:"0,0.2" unit:"1" source:"fit to acute admission OR 0.88 at 2-3 years and 0.72 at >15 years vs 1 year, ≈ L^-0.13 [sandvik2022]" doc:"admission hazard multiplier is L^-e for a relationship of L years with the usual GP (L between 1 and 15); 0 = no effect"`
	DiscontinuityOR        float64 `yaml:"discontinuity_or" default:"1.5" domain:"[0.1,10]" range:"1,2.32" unit:"1" source:"OR 2.32 (1.48-3.63) for 30 days after seeing a different GP [tammes2017]; upper bound, default halfway on the log scale (assumption)" doc:"admission hazard multiplier in the window after a consultation with a GP other than the usual one; 1 = no effect"`
	DiscontinuityDays      float64 `yaml:"discontinuity_days" default:"30" domain:"[0,365]" range:"14,60" unit:"days" source:"the 30-day window of [tammes2017]" doc:"how long the discontinuity multiplier lasts after such a consultation"`
	OtherAdmissionWeight   float64 `yaml:"other_admission_weight" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption, on which the admissions headline rests: the continuity effects come from studies whose outcome is all acute [sandvik2022] or emergency [tammes2017] admissions, not ACSC alone, so 1 would reproduce them for all admissions; how the effect divides between ACSC and other admissions was not measured (the ACSC study [barker2017] gives no effect for others). 0.5 is halfway" doc:"how much of the continuity effects applies to non-ACSC admissions (1 = as much as to ACSC); non_acsc_admissions_per_1000 reports those admissions apart"`
}

// Hospitals sets emergency demand, stays and beds.
type Hospitals struct {
	PracticesPerHospital      int            `yaml:"practices_per_hospital" default:"30" domain:"[1,100000]" range:"20,45" unit:"practices" source:"a hospital's catchment: 57.7m people over 179 trusts with acute beds ≈ 320,000, ≈ 30 practices of 10,000 (derived) [ons2023] [hsj-2017-trusts]" doc:"a hospital's catchment, in practices of practice_size: the sample is split into hospitals of about practices_per_hospital × practice_size patients, grouped into local systems of market.hospitals_per_market hospitals"`
	EmergencyAdmissionRate    float64        `yaml:"emergency_admission_rate" default:"0.0563" domain:"[0,10]" range:"0.04,0.09" unit:"per patient-year" source:"tuned so that admissions (readmissions included) are ≈110 per 1,000 a year [nhse-ae-2024] [hf-2018-emergency] (docs/calibration.md)" doc:"emergency admissions per patient-year of a patient with relative hazard 1, before continuity effects"`
	RateByAge                 [NAges]float64 `yaml:"rate_by_age" default:"0.8,0.7,1.1,2.4,5.5" domain:"[0,50]" range:"0.3,8" unit:"1" source:"assumption, shaped on emergency admission rates rising steeply after 65 [hf-2018-emergency]" doc:"relative emergency admission hazard of each age band"`
	DeprivationMultiplier     [NDep]float64  `yaml:"deprivation_multiplier" default:"0.8,0.9,1,1.1,1.3" domain:"[0,10]" range:"0.5,2" unit:"1" source:"assumption, in line with the deprivation gradient in ACSC admissions [bardsley2013]" doc:"relative emergency admission hazard of each deprivation quintile"`
	MultimorbidityMultiplier  float64        `yaml:"multimorbidity_multiplier" default:"2" domain:"[0,50]" range:"1,4" unit:"1" source:"assumption" doc:"emergency admission hazard multiplier for two or more long-term conditions"`
	ACSCShare                 float64        `yaml:"acsc_share" default:"0.165" domain:"[0,1]" range:"0.1,0.2" unit:"1" source:"tuned so that ≈14% of emergency admissions, readmissions included, are ACSC [steventon2018] (docs/calibration.md)" doc:"share of the emergency admission hazard that is for ambulatory-care-sensitive conditions, before continuity effects"`
	LOSMeanDays               float64        `yaml:"los_mean_days" default:"2.95" domain:"(0,1000]" range:"2,5" unit:"days" source:"tuned so that the mean emergency stay, same-day discharges included, is 4.0-5.2 days: 7.9 days for stays of a night or more [hf-2023-los] times the 50-64% of emergency admissions not discharged the same day [hscic-2014-ae] (derived; docs/calibration.md)" doc:"mean clinical length of stay (exponential) of a patient with relative length 1"`
	LOSByAge                  [NAges]float64 `yaml:"los_by_age" default:"0.4,0.6,1,1.6,2" domain:"(0,20]" range:"0.2,3" unit:"1" source:"assumption, shaped on longer stays in older patients (≥85s 10.8 d vs all 7.9 d) [hf-2023-los]" doc:"relative mean length of stay of each age band"`
	ElectiveRate              float64        `yaml:"elective_rate" default:"0.297" domain:"[0,10]" range:"0.2,0.4" unit:"per patient-year" source:"tuned so that referrals (RTT clock starts) match what elective_treatments_per_1000 completes, so that the list keeps its 2018 size [nhse-rtt-2018]; England's list in fact grew by ≈9% a year then, referrals ≈2% above completions (a trend left to demand growth) (docs/calibration.md)" doc:"elective referrals (new referral-to-treatment pathways) per patient-year of a patient with relative rate 1"`
	ElectiveRateByAge         [NAges]float64 `yaml:"elective_rate_by_age" default:"0.3,0.6,1.3,2.3,2" domain:"[0,50]" range:"0.1,4" unit:"1" source:"assumption, shaped on elective activity rising with age" doc:"relative elective referral rate of each age band"`
	ElectiveLOSDays           float64        `yaml:"elective_los_days" default:"3.5" domain:"(0,365]" range:"2,6" unit:"days" source:"assumption" doc:"mean length of an elective stay (exponential)"`
	ElectiveTreatmentsPer1000 float64        `yaml:"elective_treatments_per_1000" default:"300" domain:"[0,100000]" range:"250,330" unit:"per 1,000 patients a year" source:"completed referral-to-treatment pathways, admitted and not, ≈1.3-1.5m a month in 2018 [nhse-rtt-2018] over ≈56m people [ons2023] ≈ 300 per 1,000 a year (derived)" doc:"the stock of elective treatment capacity (clinic and theatre sessions): pathways each hospital can complete a year per 1,000 patients of its catchment"`
	ElectiveBedShare          float64        `yaml:"elective_bed_share" default:"0.09" domain:"[0,1]" range:"0.06,0.12" unit:"1" source:"assumption: ordinary (overnight) elective admissions ≈1.5m a year over ≈16.8m completed RTT pathways (derived) [nhse-rtt-2018]" doc:"share of completed elective pathways that are an overnight admission and need a bed; the rest end in clinic or as day cases"`
	InitialWaitingListPer1000 float64        `yaml:"initial_waiting_list_per_1000" default:"75" domain:"[0,10000]" range:"68,82" unit:"per 1,000 patients" source:"RTT waiting list 3.84m (Mar 2018) to 4.18m (Oct 2018) [nhse-rtt-2018] over ≈56m people [ons2023] ≈ 70-75 per 1,000 (derived)" doc:"the elective waiting list at the start of the run, with waits spread evenly as in a list in steady state"`
	CancelOccupancy           float64        `yaml:"cancel_occupancy" default:"0.96" domain:"(0,1]" range:"0.9,1" unit:"1" source:"assumption: electives are cancelled for lack of beds when occupancy is very high" doc:"an elective admission is cancelled (the patient stays at the head of the list) when bed occupancy is at or above this"`
	ReadmissionProbability    float64        `yaml:"readmission_probability" default:"0.12" domain:"[0,1]" range:"0.03,0.12" unit:"1" source:"assumption: extra risk on top of the background hazard, so that 30-day emergency readmissions are of the order of the 14% of discharges England reports" doc:"probability that an emergency discharge is followed by an emergency readmission within readmission_days"`
	ReadmissionDays           float64        `yaml:"readmission_days" default:"30" domain:"(0,365]" range:"28,30" unit:"days" source:"definition: the standard 30-day readmission window" doc:"window after discharge in which a readmission falls (uniformly) and is counted"`
	BedsPer1000               float64        `yaml:"beds_per_1000" default:"1.8" domain:"[0,100]" range:"1.6,1.9" unit:"beds per 1,000 patients" source:"general and acute beds: 102,194 in Q4 2019/20 over ≈56.4m people ≈ 1.8 per 1,000 (derived) [kh03] [ons2023]" doc:"the stock of general and acute beds: each hospital has beds_per_1000 for every 1,000 patients of its catchment (rounded)"`
	Mortality30dByAge         [NAges]float64 `yaml:"mortality_30d_by_age" default:"0.0026,0.0087,0.035,0.078,0.148" domain:"[0,1]" range:"0,0.3" unit:"1" source:"tuned (one common factor) so that mortality_30d_per_1000_admissions, counted as its source counts it (same-day discharges alive left out), is ≈90: in-hospital mortality of emergency admissions, zero-day discharges alive excluded, 6.5-7.1% [bmc-2012-weekend] over the 74% of SHMI deaths that happen in hospital [nhsic-shmi-2012] (derived; docs/calibration.md); the age gradient is an assumption shaped on the 30-day risk after A&E rising steeply with age [ons-2025-ae]" doc:"probability of death within 30 days of an emergency admission, by age band, for a non-specialist admission at a hospital of average quality, whatever the stay (same-day discharges included)"`
	SpecialistMortality30d    float64        `yaml:"specialist_mortality_30d" default:"0.15" domain:"[0,1]" range:"0.05,0.17" unit:"1" source:"30-day mortality: stroke 16.8%, hip fracture 7.2%, AMI 4.6% [hscic-2013-30day]" doc:"probability of death within 30 days of a specialist emergency admission (market.specialist_share), whatever the age"`
	EscalationBedsShare       float64        `yaml:"escalation_beds_share" default:"0" domain:"[0,1]" range:"0,0.05" unit:"1" source:"lever: trusts open escalation beds in winter; 4,678 a day on average in the last week of February 2018 [nhsp-winterwatch-2018], ≈4.6% of ≈101,000 general and acute beds [kh03] (derived, second-hand); 0 by default because beds_per_1000 is KH03's count for January-March, which may already hold the escalation beds open then (not checked)" doc:"escalation beds opened in the winter months (December to February), as a share of each hospital's general and acute beds (rounded), opened at the start of December and closed at the start of March; they are costed at escalation_bed_day_cost, occupied or not (cost_per_head_care_escalation_beds). 0 opens none"`
	EscalationBedDayCost      float64        `yaml:"escalation_bed_day_cost" default:"345" domain:"[0,1e5]" range:"300,600" unit:"£ per bed-day" source:"£345 per standard bed-day without treatment (National Cost Collection 2020/21) [pq-2023-bedcost], the same figure as appraisal.excess_bed_day_cost; the upper end allows for agency staffing of temporary wards (assumption)" doc:"cost of keeping one escalation bed open a day, occupied or not; the care of the patients in it is priced as their spells"`
}

// SocialCare sets the discharge pathways and the stocks of care behind
// them. A medically fit patient leaves by one of four pathways (DHSC's
// discharge-to-assess model): 0, home with no new support; 1, home with new
// home care or reablement; 2, a step-down (intermediate-care) bed; 3, a new
// care-home placement. The chance of pathways 1-3 is a base share times the
// patient's relative need (by age band, and for multimorbidity, the model's
// marker of frailty); pathway 0 takes the rest.
type SocialCare struct {
	PackageProbability      float64        `yaml:"package_probability" default:"0.2" domain:"[0,1]" range:"0.1,0.3" unit:"1" source:"assumption, set so that discharges aged 65 and over fall within DHSC's planning norm for discharge to assess (pathway 0 at least 50%, pathway 1 at most 45%) [dhsc-discharge-2022]; recorded national shares were not found" doc:"pathway 1 (home with new home care or reablement): probability for a discharge of relative need 1 (a patient aged 65-79 without multimorbidity)"`
	Pathway2Share           float64        `yaml:"pathway2_share" default:"0.015" domain:"[0,1]" range:"0.01,0.04" unit:"1" source:"DHSC planning norm: at most 4% of discharges aged 65 and over to a bed-based step-down setting [dhsc-discharge-2022]; the default is an assumption within it" doc:"pathway 2 (a step-down or intermediate-care bed): probability for a discharge of relative need 1"`
	Pathway3Share           float64        `yaml:"pathway3_share" default:"0.006" domain:"[0,1]" range:"0.002,0.01" unit:"1" source:"DHSC planning norm: at most 1% of discharges aged 65 and over to a care home for the first time [dhsc-discharge-2022]; the default is an assumption within it" doc:"pathway 3 (a new care-home placement): probability for a discharge of relative need 1"`
	NeedByAge               [NAges]float64 `yaml:"need_by_age" default:"0.05,0.1,0.35,1,1.4" domain:"[0,20]" range:"0,3" unit:"1" source:"assumption, shaped on the planning norm applying to people aged 65 and over, with more going to pathways 0 and 1 at younger ages [dhsc-discharge-2022], and on hospital-associated loss of function rising with age [covinsky2003]" doc:"relative need for care after discharge of each age band (multiplies the pathway 1-3 probabilities)"`
	MultimorbidityNeed      float64        `yaml:"multimorbidity_need" default:"1.2" domain:"[0,20]" range:"1,1.6" unit:"1" source:"assumption" doc:"need multiplier for a patient with two or more long-term conditions"`
	PackageMeanDays         float64        `yaml:"package_mean_days" default:"90" domain:"(0,10000]" range:"30,365" unit:"days" source:"assumption; the refnet value [refnet]; reablement lasts up to six weeks, often followed by longer home care" doc:"pathway 1: mean time a discharge's home care or reablement holds a place (exponential)"`
	HomeCareHoursPer1000    float64        `yaml:"home_care_hours_per_1000" default:"54" domain:"[0,100000]" range:"45,60" unit:"hours a week per 1,000 patients" source:"home-care hours delivered in England, ≈5,400 a week per 100,000 people (range 4,500-6,000) [adass-2022] (derived); using all of them for discharged patients is an assumption" doc:"pathway 1 capacity: a stock of home-care and reablement hours a week for discharged patients, per 1,000 patients of each hospital's catchment (rounded to whole hours); a package starts only when its hours are free"`
	PackageHoursByAge       [NAges]float64 `yaml:"package_hours_by_age" default:"3,4,6,7,8" domain:"(0,168]" range:"2,15" unit:"hours a week" source:"assumption, rising with age as need does [covinsky2003]; home-care hours delivered over users give ≈7 hours a week on average (≈3.1m hours a week [adass-2022] over ≈430,000 users [bottery2018], derived, years differ), and patients leaving hospital need more than the average user; the defaults give a mean of ≈9 hours over discharges, between that ≈7 and the ≈10 earlier versions assumed, so that the sourced hours give about the 6 packages per 1,000 of the earlier place count" doc:"pathway 1: hours a week a discharged patient's home care or reablement package needs, by age band (rounded to whole hours, at least 1)"`
	MultimorbidityHours     float64        `yaml:"multimorbidity_hours" default:"1.25" domain:"[0,20]" range:"1,1.6" unit:"1" source:"assumption: frailer patients (two or more long-term conditions, the model's marker of frailty) need more hours" doc:"pathway 1: multiplier of package hours for a patient with two or more long-term conditions"`
	IntermediateBedsPer1000 float64        `yaml:"intermediate_beds_per_1000" default:"0.2" domain:"[0,1000]" range:"0.1,0.3" unit:"beds per 1,000 patients" source:"assumption, above the last count found: NHS intermediate-care beds 4,579 (1999/00) and 6,974 (2001/02) [hl-2002-intermediate], ≈0.14 per 1,000 people (derived), and still growing; capacity about half of estimated need in 2012-15 [naic-2015]; at 0.14 the step-down queue ran near saturation and made the runs unstable" doc:"pathway 2 capacity: step-down (intermediate-care) beds per 1,000 patients of each hospital's catchment (rounded)"`
	IntermediateMeanDays    float64        `yaml:"intermediate_mean_days" default:"28" domain:"(0,10000]" range:"14,42" unit:"days" source:"assumption: bed-based intermediate care is time-limited, usually up to six weeks [dhsc-discharge-2022]" doc:"pathway 2: mean stay in a step-down bed (exponential)"`
	CareHomePlacesPer1000   float64        `yaml:"care_home_places_per_1000" default:"1.5" domain:"[0,1000]" range:"1,2" unit:"places per 1,000 patients" source:"assumption: the share of care-home places open to admissions from hospital (at 1.2 the queue ran near saturation and made the runs unstable); all care-home places, ≈455,000 in 2022/23 (8.8 per 100 aged 75 and over) [kingsfund-sc360-2024], ≈7.9 per 1,000 people (derived), bound it from above" doc:"pathway 3 capacity: care-home places for new placements from hospital per 1,000 patients of each hospital's catchment (rounded)"`
	CareHomeMeanDays        float64        `yaml:"care_home_mean_days" default:"730" domain:"(0,100000]" range:"365,1100" unit:"days" source:"assumption: residents placed from hospital stay about two years, death included" doc:"pathway 3: mean time a placement holds its place (exponential)"`
	InitialOccupancy        float64        `yaml:"initial_occupancy" default:"0.9" domain:"[0,1]" range:"0.8,0.95" unit:"1" source:"assumption; care homes run at high occupancy [kingsfund-sc360-2024]" doc:"share of each pathway's places already occupied at the start, by clients whose remaining time is exponential with the pathway's mean"`
	DeconditioningPerDay    float64        `yaml:"deconditioning_per_day" default:"0.02" domain:"[0,1]" range:"0,0.05" unit:"per day of delay" source:"assumption for the size (its range includes no effect): older medical patients lose daily-living function in hospital, 12% during the stay itself [covinsky2003], 30% hospital-associated disability pooled [hadisability-2020]" doc:"each day a patient waits in a bed once medically fit lengthens the care they need afterwards (their pathway 1-3 place is held longer) by this fraction"`
	HomeCareSourcingDays    float64        `yaml:"home_care_sourcing_days" default:"0.11" domain:"[0,60]" range:"0,0.3" unit:"days" source:"set from the share of delay: a care package in the patient's own home was ≈20% of delayed transfer days, at least the 12.3% attributable to social care alone (Oct 2017) [cmm-2017-dtoc] (docs/validation.md); the congestion form is an assumption" doc:"pathway 1: mean time to find a provider with hours for a package when half the catchment's hours are held; at utilisation u it is this × u/(1-u) (u at most 0.9), so the search lengthens as the stock fills, before any queue for hours that are not there. 0 = a package starts as soon as its hours are free"`
	StepDownSourcingDays    float64        `yaml:"step_down_sourcing_days" default:"2" domain:"[0,60]" range:"0,6" unit:"days" source:"set from the share of delay: further non-acute NHS care was ≈16-19% of delayed transfer days (Sep 2015, Oct 2017) [adass-2015-dtoc] [cmm-2017-dtoc] (docs/validation.md); the congestion form is an assumption" doc:"pathway 2: as home_care_sourcing_days, for a step-down bed"`
	CareHomeSourcingDays    float64        `yaml:"care_home_sourcing_days" default:"1" domain:"[0,120]" range:"0,6" unit:"days" source:"set from the share of delay, an assumption for the share: the national share of delay waiting for a residential or nursing home place was not retrieved (docs/evidence.md, Gaps); patients waiting for a care-home place waited 30 days on average (2012/13) [ageuk-2013]" doc:"pathway 3: as home_care_sourcing_days, for a care-home place"`
	ContractedStepDown      float64        `yaml:"contracted_step_down_per_1000" default:"0" domain:"[0,1000]" range:"0,0.2" unit:"beds per 1,000 patients" source:"lever: commissioners paying by activity buy step-down (intermediate-care) beds by contract from community and independent providers; intermediate-care capacity was about half of estimated need in 2012-15 [naic-2015], so the range runs to doubling intermediate_beds_per_1000" doc:"under contracts.payment activity, step-down beds per 1,000 patients of each hospital's catchment that the commissioner buys by contract on top of intermediate_beds_per_1000 (pathway 2), open from the start; like the pool's capacity, the beds used are priced as care delivered (appraisal.step_down_bed_day_cost) and idle ones are not costed. Under block or capitation payment the budget holder buys capacity through a pool instead (pool_capacity_spend), and this has no effect"`
	PoolCapacitySpend       float64        `yaml:"pool_capacity_spend" default:"0" domain:"[0,10]" range:"0,0.3" unit:"1" source:"lever: how much of a pooled budget is spent on care capacity, as a fractional increase of every pathway's capacity; 0 pools money without buying anything" doc:"with discharge.pooled_budget, the pool buys this fractional increase in each pathway's capacity (home-care hours, step-down beds, care-home places), which arrives after capacity_lag_months and is paid for at home_care_cost_per_hour and care_bed_cost_per_week (cost_per_head_pool_capacity); without a pooled budget it does nothing"`
	CapacityLagMonths       float64        `yaml:"capacity_lag_months" default:"6" domain:"[0,120]" range:"3,18" unit:"months" source:"assumption: providers must recruit; social-care vacancy 8.3% and turnover 24.8% a year (2023/24) [skillsforcare-2024]; GP posts take 5-7 months to fill, a comparison" doc:"months between the pool's decision to buy care capacity and the places opening"`
	MarketResponse          bool           `yaml:"market_response" default:"false" doc:"lever: the care market: pathway 1 and 3 places (independent providers) move each month towards base × fee_index^supply_elasticity, closing 1/adjustment_months of the gap, so providers exit when fees are below cost and enter when above; false keeps capacity fixed (except what a pool buys)"`
	FeeIndex                float64        `yaml:"fee_index" default:"1" domain:"(0,10]" range:"0.85,1.15" unit:"1" source:"lever: fees paid for care relative to its cost (1 = the rate that sustains today's capacity)" doc:"fees paid for care relative to its cost; below 1 the market shrinks when market_response is on"`
	SupplyElasticity        float64        `yaml:"supply_elasticity" default:"1" domain:"[0,20]" range:"0,2" unit:"1" source:"assumption: no UK estimate found; ≈575 care homes close a year [goodair2024], involuntary closures rising, mostly for-profit" doc:"elasticity of care-market capacity to fees"`
	AdjustmentMonths        float64        `yaml:"adjustment_months" default:"12" domain:"(0,1200]" range:"6,36" unit:"months" source:"assumption" doc:"the care market closes the gap between its capacity and its target at 1/adjustment_months a month"`
	WinterCapacityDip       float64        `yaml:"winter_capacity_dip" default:"0" domain:"[0,0.9]" range:"0,0.1" unit:"1" source:"assumption: care staff are off sick more, and posts stay vacant longer, in winter; domiciliary vacancy 11.9% and turnover 24.8% a year (2023/24) [skillsforcare-2024] bound the size; no seasonal figure was found (docs/evidence.md, Gaps)" doc:"share of every pathway's care capacity (home-care hours, step-down beds, care-home places) unavailable at the winter peak (demand.winter_peak_day), falling as a cosine to none at the summer trough; capacity is reviewed monthly. 0 keeps capacity flat through the year"`
	HomeCareCostPerHour     float64        `yaml:"home_care_cost_per_hour" default:"25.95" domain:"[0,1000]" range:"20,30" unit:"£ per hour" source:"Homecare Association, minimum price for homecare in England 2023-24, £25.95 an hour [hca-2023] (second-hand)" doc:"what an hour of home care bought by a pooled budget (pool_capacity_spend) costs"`
	CareBedCostPerWeek      float64        `yaml:"care_bed_cost_per_week" default:"970" domain:"[0,100000]" range:"900,1400" unit:"£ per bed-week" source:"councils' gross weekly cost of a care-home place for people aged 65 and over, £916 residential and £1,026 nursing (2023-24) [nhsd-ascfr-2024] (second-hand); the upper end is what self-funders pay; the same cost for a step-down bed is an assumption" doc:"what a week of a step-down bed or care-home place bought by a pooled budget (pool_capacity_spend) costs"`
}

// Commissioning sets who buys care for the population and how: the number
// of commissioning bodies (as population per body), their running costs,
// policy work, discretionary funding decisions and how GP money is
// allocated.
type Commissioning struct {
	Coverage                [][]int `yaml:"coverage" doc:"optional: the areas each commissioning body covers, such as [[0, 1, 2], [3, 4]]; every area exactly once. When given, the run has exactly these bodies, and they, not population_per_body, set its commissioning costs and its postcode lottery"`
	PopulationPerBody       float64 `yaml:"population_per_body" default:"1360000" domain:"[10000,100000000]" range:"165000,8000000" unit:"patients" source:"lever: 42 ICBs for 57m (2022-) [nhse-icb-2022]; 211 CCGs ≈ 270,000 (2013); 152 PCTs ≈ 330,000 (2006) [hf-navigator]; regions of 5-8m (docs/scenarios.md)" doc:"registered population per commissioning body; costs scale with the (fractional) number of bodies"`
	FixedCost               float64 `yaml:"fixed_cost" default:"3060000" domain:"[0,1e9]" range:"1000000,6000000" unit:"£ per body-year" source:"assumption: CCGs' running-cost allowance was set per head, so its spread (£2.2m-£21.75m a group) reflects their populations, not a fixed cost [nhse-ccg-allowance-2013]; £3.5m a body was our reading of it, less the per-body lines counted apart (policy_cost and activity_cost_per_organisation, £0.44m), so that the allowance is not counted twice" doc:"fixed running cost of each body (board, executive team, finance, audit, HR, IT), beyond writing its policies and administering activity payment, which are counted apart"`
	CostPerHead             float64 `yaml:"cost_per_head" default:"12" domain:"[0,1000]" range:"8,20" unit:"£ per head-year" source:"set with fixed_cost so that 211 CCGs' running costs, policy writing and activity administration together cost ≈£25 a head, as their allowance did (£1.34bn) [nhse-ccg-allowance-2013]" doc:"running cost per registered patient"`
	PolicyCost              float64 `yaml:"policy_cost" default:"300000" domain:"[0,1e9]" range:"0,1000000" unit:"£ per body-year" source:"assumption: no published figure (docs/evidence.md, Gaps)" doc:"cost of writing a body's own treatment policies and pathways"`
	PoliciesWrittenOnce     bool    `yaml:"policies_written_once" default:"false" doc:"lever: policies are written once for the whole country instead of by each body"`
	NeedWeightedAllocation  bool    `yaml:"need_weighted_allocation" default:"true" doc:"lever: GP capacity follows each practice's need (its patients' expected demand); if false it follows list size alone (allocation by contract and activity)"`
	DiscretionaryTreatments int     `yaml:"discretionary_treatments" default:"20" domain:"[1,1000]" range:"10,40" unit:"treatments" source:"assumption; cf. 104 CCGs restricting cataracts, 78 hips and knees [rationwatch2017]" doc:"discretionary treatments whose funding each body decides"`
	FundProbability         float64 `yaml:"fund_probability" default:"0.7" domain:"[0,1]" range:"0.5,0.9" unit:"1" source:"assumption; IVF: 12-24% of CCGs offering NICE's three cycles [fertilityfairness2017]" doc:"chance that a body deciding alone funds a discretionary treatment"`
	GuidanceAdherence       float64 `yaml:"guidance_adherence" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption; NICE implementation varied by trust and topic [sheldon2004]" doc:"chance that a body follows the national decision instead of deciding alone"`
}

// Payment is how commissioners pay providers: one of [Payments].
type Payment string

// The ways of paying providers.
const (
	PaymentActivity   Payment = "activity"   // a tariff and an invoice per episode
	PaymentBlock      Payment = "block"      // a fixed budget
	PaymentCapitation Payment = "capitation" // a budget per registered patient
)

// Payments returns the valid payments.
func Payments() [3]Payment { return [...]Payment{PaymentActivity, PaymentBlock, PaymentCapitation} }

// Values returns the valid payments' names; the parameter registry lists
// them as the parameter's valid values.
func (Payment) Values() []string { ps := Payments(); return enumNames(ps[:]) }

// UnmarshalText sets p from its name, or says which names are valid.
func (p *Payment) UnmarshalText(b []byte) error { ps := Payments(); return parseEnum(b, ps[:], p) }

// enumNames returns the names of an enumerated parameter's values.
func enumNames[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// parseEnum sets *dst to the value named b, or says which names are valid.
func parseEnum[T ~string](b []byte, vs []T, dst *T) error {
	for _, v := range vs {
		if string(b) == string(v) {
			*dst = v
			return nil
		}
	}
	return fmt.Errorf("unknown value %q: expected one of %s", b, strings.Join(enumNames(vs), ", "))
}

// Booking is how GP time is modelled: one of [Bookings].
type Booking string

// The ways of modelling GP time.
const (
	BookingSessions Booking = "sessions" // GPs work sessions; requests are booked into the days ahead
	BookingQueue    Booking = "queue"    // each GP is a first-come, first-served line (refnet)
)

// Bookings returns the valid bookings.
func Bookings() [2]Booking { return [...]Booking{BookingSessions, BookingQueue} }

// Values returns the valid bookings' names, for the parameter registry.
func (Booking) Values() []string {
	var out []string
	for _, b := range Bookings() {
		out = append(out, string(b))
	}
	return out
}

// UnmarshalText sets b from its name, or says which names are valid.
func (b *Booking) UnmarshalText(t []byte) error {
	for _, v := range Bookings() {
		if string(t) == string(v) {
			*b = v
			return nil
		}
	}
	return fmt.Errorf("unknown value %q: expected one of %s", t, strings.Join(Booking("").Values(), ", "))
}

// Contracts sets how providers are paid and contracted.
type Contracts struct {
	Payment                Payment `yaml:"payment" default:"block" doc:"lever: activity (a tariff and an invoice per episode), block (a fixed budget) or capitation (a budget per registered patient)"`
	PracticeContractCost   float64 `yaml:"practice_contract_cost" default:"5000" domain:"[0,1e8]" range:"1000,20000" unit:"£ per practice-year" source:"assumption: no published figure for managing a GP practice's contract (docs/evidence.md, Gaps); practices are not paid by activity, so Payment by Results' per-organisation cost [marini2006] does not apply to them" doc:"cost of managing one GP practice's contract, whatever the payment of hospitals"`
	HospitalContractCost   float64 `yaml:"hospital_contract_cost" default:"40000" domain:"[0,1e8]" range:"10000,90000" unit:"£ per contract-year" source:"assumption: below what activity payment adds per organisation, whose extra cost is data, monitoring and enforcement [marini2007]" doc:"cost of agreeing and monitoring one commissioner-hospital contract, whatever the payment"`
	ActivityCostPerOrg     float64 `yaml:"activity_cost_per_organisation" default:"140000" domain:"[0,1e8]" range:"90000,190000" unit:"£ per organisation-year" source:"Payment by Results administration +£90k-190k a year per organisation, measured in three trusts and three primary care trusts [marini2006] [marini2007]" doc:"extra administration of payment by activity (data, coding, monitoring, enforcement) in each provider organisation and each commissioning body; only under activity payment"`
	InvoiceCost            float64 `yaml:"invoice_cost" default:"3" domain:"[0,10000]" range:"0,10" unit:"£ per episode" source:"assumption" doc:"cost of raising, checking and paying the invoice line of one episode (activity payment only)"`
	EpisodePrice           float64 `yaml:"episode_price" default:"1590" domain:"[0,1e6]" range:"1200,2500" unit:"£ per episode" source:"non-elective episode £1,590 (2016/17) [refcosts-2017]" doc:"tariff of an episode, for invoiced value"`
	DisputeProbability     float64 `yaml:"dispute_probability" default:"0.01" domain:"[0,1]" range:"0.005,0.02" unit:"1" source:"disputed inter-NHS balances ≈1% of turnover [hsj-2008-disputes]" doc:"chance that an invoiced episode is disputed (activity payment only)"`
	DisputeCost            float64 `yaml:"dispute_cost" default:"1500" domain:"[0,1e7]" range:"0,5000" unit:"£ per dispute" source:"assumption: the cost of resolving disputes is not published (docs/evidence.md, Gaps)" doc:"cost of resolving one disputed invoice"`
	DisputeTrustLoss       float64 `yaml:"dispute_trust_loss" default:"30" domain:"[0,10000]" range:"0,100" unit:"per year per disputed share" source:"assumption" doc:"disputes erode a hospital's trust at dispute_trust_loss × (share of its episodes disputed) a year, whatever the hospital's size: each dispute takes exp(-dispute_trust_loss / expected episodes a year) of it"`
	Tendering              bool    `yaml:"tendering" default:"false" doc:"lever: GP and community contracts are re-tendered every tender_cycle_years: the incumbent and rival bidders compete on quality and price (see tenders:)"`
	TenderCycleYears       float64 `yaml:"tender_cycle_years" default:"5" domain:"(0,50]" range:"3,10" unit:"years" source:"assumption: fixed terms of 5 years are common (e.g. the Cambridgeshire contract [nao-2016-unitingcare])" doc:"length of a contract before it is re-tendered"`
	TenderCostShare        float64 `yaml:"tender_cost_share" default:"0.0014" domain:"[0,1]" range:"0.001,0.01" unit:"1" source:"£1.1m for an £800m contract [hsj-2014-tender]" doc:"cost of a tender as a share of the contract's value over its term"`
	PracticeFundingPerHead float64 `yaml:"practice_funding_per_head" default:"160" domain:"[0,1e5]" range:"100,200" unit:"£ per head-year" source:"assumption, of the order of core GP funding per registered patient" doc:"value of a practice contract a year per registered patient, for tender costs"`
	StaffLossOnChange      float64 `yaml:"staff_loss_on_change" default:"0.5" domain:"[0,1]" range:"0.2,0.8" unit:"1" source:"assumption" doc:"share of a practice's GPs who leave when its contract changes hands; their patients' relationships with them end, and the practice's trust with social care returns to trust.initial"`
	RelationshipKept       float64 `yaml:"relationship_kept_on_transfer" default:"1" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption: no study measures continuity across a change of contract holder; the GP's employment and the patients' registrations transfer with the contract [bma-tupe], so by default a relationship survives while its GP stays; 0 restarts every relationship, as earlier versions did" doc:"chance that a patient's relationship with their usual GP carries on when the practice's contract changes hands and that GP stays; 1 = nothing changes for them, 0 = every relationship starts again. A GP who leaves ends their patients' relationships whatever this is"`
}

// Market sets hospital competition, choice and concentration.
type Market struct {
	PatientChoice            bool    `yaml:"patient_choice" default:"false" doc:"lever: elective patients choose among the hospitals of their local system within reach (choice.reach_km), by quality, expected wait and distance (a logit, see choice:); without it the GP refers to the home hospital"`
	HospitalsPerMarket       int     `yaml:"hospitals_per_market" default:"3" domain:"[1,10000]" range:"2,5" unit:"hospitals" source:"assumption: a patient's realistic choice is between a few nearby hospitals; ≈50% of elective hip patients bypassed their nearest provider by 2013 [moscelli2016]" doc:"hospitals in a local system (market area): with patient_choice, elective patients choose among them; local systems share nothing else and run in parallel. A sample holds round(patients / (hospitals_per_market × catchment)) whole local systems"`
	HospitalsPerOrganisation float64 `yaml:"hospitals_per_organisation" default:"1" domain:"[1,10000]" range:"1,20" unit:"hospitals" source:"lever: 1 for independent trusts; a regional group under common control has many. The largest English trusts run up to about 10 hospitals, and a six-site trust was broken up in part as too unwieldy [kingsfund-2020-biggest] (second-hand); a board of more hospitals than that, at one provider_fixed_cost whatever its span, is an assumption" doc:"hospitals under one management; each organisation carries provider_fixed_cost"`
	ProviderFixedCost        float64 `yaml:"provider_fixed_cost" default:"600000" domain:"[0,1e9]" range:"0,1700000" unit:"£ per organisation-year" source:"management costs saved by mergers of NHS trusts: £178,700 in the first year and £346,800 in the second, against a £500,000 target [fulop2002], ≈£0.6m at 2023 prices (derived; the inflation factor of ≈1.75 is an assumption); mergers of 1997-2006 brought no gain in finances [gaynor2012], so the range includes none; its top is the £1.7m a year expected (not realised) per primary care trust removed in 2006 [dh-2006-pct]" doc:"board, executive and back-office cost of one provider organisation that merging it into another saves"`
	ConcentratedSpecialisms  bool    `yaml:"concentrated_specialisms" default:"false" doc:"lever: specialist emergency work goes to high-volume centres"`
	SpecialistShare          float64 `yaml:"specialist_share" default:"0.05" domain:"[0,1]" range:"0.02,0.1" unit:"1" source:"assumption (stroke and similar specialist emergencies)" doc:"share of emergency admissions that are specialist"`
	ConcentrationLOSDays     float64 `yaml:"concentration_los_days" default:"1.4" domain:"[0,30]" range:"1,2" unit:"days" source:"London stroke centralisation: LOS about 1.4 days shorter [morris2014]" doc:"shorter mean stay of a specialist admission in a concentrated centre"`
	ConcentrationMortalityRR float64 `yaml:"concentration_mortality_rr" default:"0.93" domain:"[0,2]" range:"0.85,1" unit:"1" source:"volume and outcome: London's stroke centralisation cut deaths (≈96 a year) [morris2014], and 86.6% of 403 surgical studies find a volume-outcome relation [levaillant2021]; the size is an assumption, its range includes no effect" doc:"relative risk of death within 30 days of a specialist admission treated in a concentrated high-volume centre"`
}

// Costs sets the prices that turn activity and structure into money.
type Costs struct {
	NationalPopulation float64 `yaml:"national_population" default:"57700000" domain:"[1,1e10]" range:"53000000,63600000" unit:"people" source:"ONS mid-2023 estimate for England [ons2023]" doc:"population of the whole system: sets the number of commissioning bodies nationally (postcode lottery) and the cost per head of policies written once"`
	SpendPerHead       float64 `yaml:"spend_per_head" default:"2900" domain:"(0,1e6]" range:"2500,3300" unit:"£ per head-year" source:"assumption: NHS England's revenue budget of the order of £165bn for 57m people" doc:"total health spend per head, for costs as a share of spend"`
	CentralBuying      bool    `yaml:"central_buying" default:"false" doc:"lever: supplies are bought centrally, removing the local-buying premium"`
	SuppliesPerHead    float64 `yaml:"supplies_per_head" default:"114" domain:"[0,1e5]" range:"80,150" unit:"£ per head-year" source:"£6.5bn supplies spend over 57m people (derived) [carter2016]" doc:"supplies spend per head"`
	LocalBuyingPremium float64 `yaml:"local_buying_premium" default:"0.095" domain:"[0,1]" range:"0,0.1" unit:"1" source:"assumption: Lord Carter's review put the saving from buying centrally at £0.7bn on £6.5bn of supplies (9.5%) [carter2016], a target, not a realised saving; the range runs to 0 (no premium)" doc:"extra paid for supplies bought locally rather than centrally"`
	DuplicateTestCost  float64 `yaml:"duplicate_test_cost" default:"60" domain:"[0,1e5]" range:"0,150" unit:"£ per episode" source:"assumption; evidence that shared records cut duplicate tests is weak [hersh2015]" doc:"defensive work (duplicate tests, extra referrals) per emergency episode at zero trust; it falls in proportion to trust and is halved with shared records"`
}

// Demand sets how demand changes over time: a trend in emergency admission
// rates, the drift of the population's age structure and multimorbidity,
// and the winter peak of emergency admissions. Growth is applied in yearly
// steps from the start of the statistics window (so the window's first
// year has the calibrated rates); the winter peak is a smooth seasonal
// multiplier with mean 1 over the year.
type Demand struct {
	EmergencyTrend      float64     `yaml:"emergency_trend_per_year" default:"0" domain:"[-0.5,0.5]" range:"0,0.015" unit:"per year" source:"emergency admissions 4.25m (2006/07) to 6.02m (2017/18): +3.2% a year, +2.5% a year per head [hf-2018-emergency] (derived), while stays shortened [hf-2023-los]; the model has no trend in stays, so the trend beyond ageing and multimorbidity drift is 0 by default (an assumption) and its range allows part of the residual" doc:"yearly growth of every emergency admission rate, beyond what the population's ageing and multimorbidity drift explain"`
	OlderGrowth         float64     `yaml:"older_growth_per_year" default:"0.012" domain:"[-0.5,0.5]" range:"0.005,0.02" unit:"per year" source:"people aged 65 and over +20% against the whole population +6.3% between the 2011 and 2021 censuses in England and Wales [ons-census-2021], ≈1.2% a year relative (derived)" doc:"yearly growth of the weight of patients aged 65 and over in every demand (GP, emergency, elective): the population's ageing, relative to its size"`
	MultimorbidityDrift float64     `yaml:"multimorbidity_drift_per_year" default:"0.011" domain:"[-0.5,0.5]" range:"0,0.02" unit:"per year" source:"share of people aged 65 and over with two or more conditions projected 54.0% (2015) to 67.8% (2035) [kingston2018], ≈1.1% a year (derived)" doc:"yearly growth of the weight of multimorbid patients in every demand"`
	WinterPeak          float64     `yaml:"winter_peak" default:"1" domain:"[1,2]" range:"1,1.11" unit:"1" source:"1 by default: demand.monthly_profile carries the season. Before it, 1.03: emergency admissions per day, winter over summer ≈1.04 in NHS England's monthly figures [nhse-ae-2024] (derived, second-hand); the upper end 1.11 is a Department of Health winter estimate (second-hand, not checked)" doc:"emergency admission rate at the winter peak (winter_peak_day) over the rate at the summer trough, a cosine with mean 1 that multiplies monthly_profile; 1.03 with a flat monthly_profile (all 1) is the seasonal model before the monthly profile"`
	MonthlyProfile      [12]float64 `yaml:"monthly_profile" default:"0.985,1.001,1.001,0.994,0.958,0.991,1.003,1.027,1.012,1.005,1.010,1.012" domain:"[0.5,1.5]" range:"0.95,1.05" unit:"1" source:"seasonal indices of total emergency admissions per day in England, April to March: each month's ratio to the centred 12-month moving average, averaged over April 2014 to December 2019 (4-5 years a month; pre-pandemic) and scaled to mean 1 (derived) [nhse-ae-timeseries]; highest in November (1.027), lowest in August (0.958), December-February 1.009 against June-August 0.984" doc:"emergency admission rate in each month of the year, from the run's start (1 April) to March, relative to the year's mean: a step each month, scaled by the model to mean 1, times the winter_peak cosine. The ambulance's incidents follow it too. All 1 is a flat year"`
	WinterPeakDay       float64     `yaml:"winter_peak_day" default:"290" domain:"[0,365)" range:"270,310" unit:"days" source:"assumption: a run starts on 1 April (a financial year), so day 290 is mid-January" doc:"day of the year, counted from the run's start, on which the seasonal multiplier peaks"`
}

// Reorganisation sets the costs and lags of a timeline change of an
// organisational lever (see [Reorganises]), the same in every direction of
// reform.
type Reorganisation struct {
	CostPerOrganisation float64 `yaml:"cost_per_organisation" default:"3700000" domain:"[0,1e9]" range:"2700000,4100000" unit:"£ per organisation" source:"the 2012 reforms cost £1.1bn to March 2013 and up to £1.7bn in all, for over 170 bodies closed and over 240 created [nao-2013-transition]: ≈£3.7m (£2.7m-£4.1m) per organisation closed or created (derived)" doc:"one-off cost of each commissioning body or provider organisation abolished or created (redundancy, transition, set-up), at the sample's share of the national count"`
	GPLoss              float64 `yaml:"gp_loss" default:"0.05" domain:"[0,1]" range:"0,0.2" unit:"1" source:"assumption: measured staff turnover around reorganisations was not found (docs/evidence.md, Gaps); in 2010, 58% of staff of the bodies to be abolished reported morale deteriorated greatly (second-hand)" doc:"share of GPs who leave when organisations or contracts change hands; their patients' relationships with them restart"`
	TrustReset          float64 `yaml:"trust_reset" default:"1" domain:"[0,1]" range:"0.5,1" unit:"1" source:"assumption: relationships between organisations are lost with the organisations (the design's principle that every direction of reform pays the same kinds of costs)" doc:"share of the way every practice's and hospital's trust with social care falls back to trust.initial when organisations change hands"`
	Dip                 float64 `yaml:"dip" default:"0.02" domain:"[0,0.5]" range:"0,0.05" unit:"1" source:"productivity -2% (0 to -5%): the size is an assumption; the direction from merged trusts' falling activity [gaynor2012] and delayed developments [fulop2002]" doc:"fractional loss of GP and elective capacity during the dip after a reorganisation"`
	DipMonths           float64 `yaml:"dip_months" default:"18" domain:"[0,120]" range:"12,36" unit:"months" source:"planned developments delayed at least 18 months, problems into year 3 [fulop2002]" doc:"length of the productivity dip after a reorganisation"`
	BenefitYears        float64 `yaml:"benefit_years" default:"2" domain:"[0,20]" range:"1,4" unit:"years" source:"merger management savings reached 36% of target in year 1 and 69% in year 2 [fulop2002] (derived); accountable care savings grew by year 3 [mcwilliams2018]" doc:"years over which a new structure's running costs (commissioning, providers, contracting) replace the old one's, linearly: savings and extra costs build up rather than arriving at once"`
}

// Integration sets what integration costs: shared records (set-up, running
// cost and adoption that takes years), case conferences (GP time taken from
// appointments), virtual-ward places (a running cost per place), case
// management of the highest-risk patients (a lever of its own, with its
// cost and its effect on their emergency admissions), and the slower
// decisions of large commissioning bodies (a diseconomy of scale).
type Integration struct {
	SharedRecordsSetupCost      float64 `yaml:"shared_records_setup_cost" default:"1.6" domain:"[0,1000]" range:"0.5,5" unit:"£ per head" source:"three shared care record exemplars funded up to £7.5m each over two years for 14m people [nhse-lhcre-2018], ≈£1.6 a head (derived, second-hand); the upper end allows for local costs beyond the national funding (assumption)" doc:"one-off cost of setting up shared records, per registered patient; reported annualised over shared_records_life_years while records are shared"`
	SharedRecordsLifeYears      float64 `yaml:"shared_records_life_years" default:"10" domain:"(0,100]" range:"5,15" unit:"years" source:"assumption: the life of a records system before it is replaced" doc:"years over which the set-up cost of shared records is annualised"`
	SharedRecordsRunningCost    float64 `yaml:"shared_records_running_cost" default:"1" domain:"[0,1000]" range:"0.5,2" unit:"£ per head-year" source:"assumption: no running cost per head was found (docs/evidence.md, Gaps); of the order of the set-up funding a year [nhse-lhcre-2018]" doc:"running cost of shared records (licences, hosting, information governance, support) per registered patient a year"`
	PoolRunningCost             float64 `yaml:"pool_running_cost" default:"0.25" domain:"[0,1000]" range:"0,1" unit:"£ per head-year" source:"assumption: no published cost of administering a section 75 pooled fund was found (docs/evidence.md, Gaps); of the order of a pool manager, finance and audit, ≈£100,000 a year, for each of 151 health and wellbeing boards' pools of ≈380,000 people" doc:"running cost of a pooled health and social care budget (section 75 agreement: host, pool manager, accounting, audit, monitoring) per registered patient a year, while discharge.pooled_budget is on"`
	SharedRecordsAdoptionYears  float64 `yaml:"shared_records_adoption_years" default:"3" domain:"[0,50]" range:"0,6" unit:"years" source:"assumption: the Summary Care Record and local shared care records took years to be used routinely [greenhalgh2010] (second-hand for the local records); 0 means records are in full use at once" doc:"mean time for clinicians to adopt shared records once they are switched on: adoption is 1 - exp(-t / adoption_years), and their benefits (no information lost at a hand-off, less defensive work) scale with adoption"`
	CaseConferenceShare         float64 `yaml:"case_conference_share" default:"0" domain:"[0,0.5]" range:"0,0.05" unit:"1" source:"lever; the size is an assumption: a multidisciplinary meeting costs £60-£520 of clinicians' time per case discussed [deieso2013] [neves2019]" doc:"share of GP appointment capacity spent in multidisciplinary case conferences and care coordination instead of appointments: the practices' capacity falls by this share"`
	AppointmentCost             float64 `yaml:"appointment_cost" default:"45" domain:"[0,10000]" range:"30,60" unit:"£ per appointment" source:"a GP surgery consultation of 11.7 minutes cost £45 (2013) [pssru-2013] (second-hand)" doc:"cost of one GP appointment: values the GP time case conferences take, and what savings spent on capacity buy (budget.savings_use)"`
	VirtualWardPlaceCost        float64 `yaml:"virtual_ward_place_cost" default:"43000" domain:"[0,1e7]" range:"8000,100000" unit:"£ per place-year" source:"£118 per virtual-ward bed-day (West Hertfordshire, 2023/24) [clch-2025-vw] × 365 ≈ £43,000 (derived, grey literature); national transition funding of £7,100-£9,000 a place [hn-2022-vw] is the lower end; £935 per hospital bed-day freed at Wigan [jalilian2024] the reason for the upper" doc:"running cost of one virtual-ward place a year, occupied or not"`
	CaseManagementShare         float64 `yaml:"case_management_share" default:"0" domain:"[0,1]" range:"0,1" unit:"1" source:"lever" doc:"share of the highest-risk patients (aged 65 and over with two or more long-term conditions) case-managed by a community matron or care coordinator"`
	CaseManagementCost          float64 `yaml:"case_management_cost" default:"1500" domain:"[0,1e6]" range:"800,10000" unit:"£ per patient-year" source:"caseloads of 50-80 patients per community matron in guidance, 10-55 observed [sargent2008], at an assumed £60,000-£75,000 a year per matron (derived); one small study found +£861 a month in service costs [gage2013], the upper end" doc:"cost of case-managing one patient for a year"`
	CaseManagementEffect        float64 `yaml:"case_management_effect" default:"0.05" domain:"[0,0.9]" range:"0,0.15" unit:"1" source:"a meta-analysis of 36 studies found no significant effect of case management on secondary care use [stokes2015]; subgroups with multidisciplinary teams and social workers did better; the default is a small effect (assumption) and the range includes none" doc:"fractional cut in a case-managed patient's emergency admission hazard"`
	DecisionScaleElasticity     float64 `yaml:"decision_scale_elasticity" default:"0.1" domain:"[0,2]" range:"0,0.3" unit:"1" source:"assumption: no general presumption that bigger organisations are better run, with diseconomies beyond some size [posnett1999]; merged trusts did not improve [gaynor2012]; the range includes no diseconomy" doc:"span of control: funding decisions and capacity lags (social_care.capacity_lag_months, budget.capacity_lag_months) are multiplied by (population_per_body / decision_reference_population)^this, so large bodies decide more slowly and small ones faster"`
	DecisionReferencePopulation float64 `yaml:"decision_reference_population" default:"1360000" domain:"[10000,1e9]" range:"270000,1360000" unit:"patients" source:"lever: today's mean integrated care board [nhse-icb-2022], at which decisions take their stated times" doc:"body size at which decisions take the times the parameters state"`
}

// SavingsUse is what a commissioner does with money under or over its
// budget: one of [SavingsUses].
type SavingsUse string

// The uses of savings.
const (
	SavingsNone     SavingsUse = "none"     // the balance accumulates; nothing changes
	SavingsCapacity SavingsUse = "capacity" // spent on (or recovered from) GP capacity after a lag
)

// SavingsUses returns the valid uses of savings.
func SavingsUses() [2]SavingsUse { return [...]SavingsUse{SavingsNone, SavingsCapacity} }

// Values returns the valid uses' names, for the registry.
func (SavingsUse) Values() []string { us := SavingsUses(); return enumNames(us[:]) }

// UnmarshalText sets u from its name, or says which names are valid.
func (u *SavingsUse) UnmarshalText(b []byte) error {
	us := SavingsUses()
	return parseEnum(b, us[:], u)
}

// Budget sets the commissioners' budget for the costs the model counts
// (the cost_per_head_ categories): spending over or under it accumulates,
// and savings_use says whether the balance changes capacity.
type Budget struct {
	PerHead           float64    `yaml:"per_head" default:"35" domain:"[0,1e5]" range:"20,60" unit:"£ per head-year" source:"assumption: about what today's arrangements (the england scenario) spend on the costs the model counts, so that they roughly balance; clinical commissioning groups' running-cost allowance alone was £25 a head [nhse-ccg-allowance-2013]" doc:"the budget for the costs the model counts (running, transaction and integration costs), per registered patient a year"`
	SavingsUse        SavingsUse `yaml:"savings_use" default:"none" doc:"lever: what money under budget is spent on: none (it accumulates) or capacity (GP appointments at integration.appointment_cost, after capacity_lag_months); with capacity, spending over budget is recovered by cutting GP capacity in the same way"`
	CapacityLagMonths float64    `yaml:"capacity_lag_months" default:"9" domain:"[0,120]" range:"3,18" unit:"months" source:"assumption: GP posts take 5-7 months to fill [pulse-2016-vacancies] (second-hand), after a budget cycle" doc:"months from a surplus or deficit to the GP capacity it buys or cuts (before the span-of-control multiplier)"`
	MaxCapacityChange float64    `yaml:"max_capacity_change" default:"0.3" domain:"[0,1]" range:"0.1,0.5" unit:"1" source:"assumption: how far money can move GP capacity, in either direction, within a run" doc:"largest fractional change of GP capacity the balance can buy or cut"`
}

// PriceYear is the price base of the appraisal's unit costs: each is in
// the prices of its source's year, from 2020/21 to 2023/24, and none is
// inflated to a common year (docs/appraisal.md says why).
const PriceYear = "2022/23 (sources' years 2020/21 to 2023/24, not inflated)"

// Appraisal sets the economic appraisal: the unit costs of the care the
// model delivers, from the perspective of the NHS and personal social
// services (home-care hours and care-home weeks are priced by
// social_care.home_care_cost_per_hour and care_bed_cost_per_week), the
// discount rates, the share of a life expectancy a death takes, and
// optimism bias on set-up costs. None of it changes what is simulated.
type Appraisal struct {
	GPConsultationCost         float64 `yaml:"gp_consultation_cost" default:"42" domain:"[0,1e5]" range:"33,56" unit:"£ per consultation" source:"£42 per 10-minute GP surgery consultation excluding qualification costs (£49 including them), 2022/23 prices: PSSRU Unit Costs of Health and Social Care 2023 Manual, table 9.4.2, p.64 [pssru-2023] (second-hand: two independent copies citing the table; the manual itself was not reached); the 10-minute basis is new in that edition (earlier editions: 9.22 minutes; £45 for 11.7 minutes in 2013 [pssru-2013]). The range runs from the 2015 edition's lower figure [pssru-2015] to above the figure with qualifications" doc:"cost of one GP consultation (gp_consultations)"`
	NonElectiveSpellCost       float64 `yaml:"non_elective_spell_cost" default:"3000" domain:"[0,1e6]" range:"2000,4500" unit:"£ per spell" source:"£901 per non-elective bed-day, treatment included (National Cost Collection 2020/21) [pq-2023-bedcost], times a clinical stay of about 3.3 days (derived; the model's stays excluding delay); the 2016/17 non-elective episode of £1,590 [refcosts-2017], inflated, is near the lower end" doc:"cost of an emergency (non-elective) hospital spell that took a bed, its clinical stay included; delayed days are priced apart, at excess_bed_day_cost"`
	ElectiveSpellCost          float64 `yaml:"elective_spell_cost" default:"5000" domain:"[0,1e6]" range:"3500,8000" unit:"£ per spell" source:"£2,349 per elective bed-day, treatment included (National Cost Collection 2020/21) [pq-2023-bedcost], times about 2 days (derived; the length is an assumption)" doc:"cost of an overnight elective admission (elective_admissions_per_1000); clinic and day-case completions are not costed, as their capacity is the same in every scenario"`
	ExcessBedDayCost           float64 `yaml:"excess_bed_day_cost" default:"345" domain:"[0,1e5]" range:"300,500" unit:"£ per bed-day" source:"£345 per standard bed-day without treatment (National Cost Collection 2020/21) [pq-2023-bedcost]; reference costs priced an excess bed-day at £313 in 2016/17 [refcosts-2017], near the lower end" doc:"cost of a bed-day of a medically fit patient waiting to leave (delayed_bed_days), an excess bed-day beyond the spell"`
	StepDownBedDayCost         float64 `yaml:"step_down_bed_day_cost" default:"200" domain:"[0,1e5]" range:"139,300" unit:"£ per bed-day" source:"assumption: bed-based intermediate care with therapy costs more than a care-home place, whose £970 a week (social_care.care_bed_cost_per_week) is £139 a day, the lower end" doc:"cost of a day in a step-down (intermediate-care) bed, pathway 2"`
	DiscountRateCosts          float64 `yaml:"discount_rate_costs" default:"0.035" domain:"[0,1)" range:"0.015,0.05" unit:"per year" source:"NICE reference case and the Green Book's social time preference rate, 3.5% [nice-pmg36] [green-book-2022]" doc:"yearly rate at which costs are discounted to the start of the statistics window (year 0, not discounted)"`
	DiscountRateHealth         float64 `yaml:"discount_rate_health" default:"0.035" domain:"[0,1)" range:"0.015,0.035" unit:"per year" source:"NICE reference case, 3.5% [nice-pmg36]; the Green Book discounts health at 1.5% [green-book-2022], the bottom of the range" doc:"yearly rate at which QALYs are discounted; set 0.015 for the Green Book's health rate"`
	DecliningRates             bool    `yaml:"declining_rates" default:"false" doc:"option: discount from year 31 on at the Green Book's declining long-term rates (for 3.5%: 3.0% in years 31-75, 2.5% to 125, 2.0% to 200, 1.5% to 300, 1.0% after; the health rate in proportion) [green-book-2022]; NICE's reference case keeps the rate constant"`
	LifeExpectancyShare        float64 `yaml:"life_expectancy_share" default:"1" domain:"[0,1]" range:"0.5,1" unit:"1" source:"assumption: the general population's life table [ons-lifetables] [dqaly]; people who die after an emergency admission would have lived less long than their age peers (frailty, multimorbidity), so the range goes down to half" doc:"share of the general population's quality-adjusted life expectancy that a death within 30 days of an emergency admission takes away"`
	OptimismBias               bool    `yaml:"optimism_bias" default:"true" doc:"option: uplift set-up costs (reorganisation one-offs and shared records' set-up) for optimism bias in the appraisal's costs, as the Green Book's supplementary guidance asks [hmt-optimism-bias]"`
	OptimismBiasReorganisation float64 `yaml:"optimism_bias_reorganisation" default:"0.1" domain:"[0,10]" range:"0.1,2" unit:"1" source:"Green Book supplementary guidance on optimism bias: equipment and development projects (the category of a business change such as a reorganisation), uplift of capital costs 10% (lower bound) to 200% (upper) [hmt-optimism-bias]; the lower bound because reorganisation.cost_per_organisation is derived from the 2012 reforms' outturn [nao-2013-transition], not an estimate" doc:"optimism-bias uplift of the timeline's one-off reorganisation costs, with optimism_bias"`
	OptimismBiasSharedRecords  float64 `yaml:"optimism_bias_shared_records" default:"2" domain:"[0,10]" range:"0.1,2" unit:"1" source:"Green Book supplementary guidance on optimism bias: equipment and development projects (an IT system), 10% to 200% [hmt-optimism-bias]; the upper bound, as the guidance asks at the outline stage, because integration.shared_records_setup_cost is a national funding allocation [nhse-lhcre-2018], not an outturn" doc:"optimism-bias uplift of shared records' set-up cost (integration.shared_records_setup_cost), with optimism_bias"`
}
