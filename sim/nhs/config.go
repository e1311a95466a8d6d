package nhs

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

	Run        Run             `yaml:"run"`
	Population Population      `yaml:"population"`
	GP         GeneralPractice `yaml:"general_practice"`
	Hospitals  Hospitals       `yaml:"hospitals"`
	SocialCare SocialCare      `yaml:"social_care"`
	Discharge  Discharge       `yaml:"discharge"`
	Community  Community       `yaml:"community"`
	Trust      Trust           `yaml:"trust"`
	Continuity Continuity      `yaml:"continuity"`
}

// AgeBands names the age bands that every by-age list follows, in order.
var AgeBands = [NAges]string{"0-15", "16-44", "45-64", "65-79", "80+"}

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
	Patients            int            `yaml:"patients" default:"100000" domain:"[1,1000000000]" range:"10000,57000000" unit:"patients" source:"ONS mid-year estimates: 57.7m in England, 2023 (EVIDENCE.md §1)" doc:"registered patients; --patients overrides it"`
	PracticeSize        int            `yaml:"practice_size" default:"10000" domain:"[1,1000000]" range:"2000,20000" unit:"patients" source:"NHS Digital: mean list size just over 10,000 (Dec 2024; EVIDENCE.md §1)" doc:"mean patients registered with a practice; lists are filled in order and the last practice takes the remainder"`
	PracticeSizeCV      float64        `yaml:"practice_size_cv" default:"0.45" domain:"[0,3]" range:"0,0.8" unit:"1" source:"list size per FTE GP 10th-90th centile 1,074-2,635 around 1,839 (BJGP 2011-12; EVIDENCE.md §1); spread of list sizes assumed similar" doc:"coefficient of variation of list sizes (lognormal); 0 makes every list practice_size"`
	AgeShares           [NAges]float64 `yaml:"age_shares" default:"0.19,0.38,0.25,0.13,0.05" domain:"[0,1]" sum:"1" unit:"1" source:"ONS mid-year estimates for England, 2023, rounded (assumption for the band split)" doc:"share of patients in each age band (0-15, 16-44, 45-64, 65-79, 80+); must sum to 1"`
	DeprivationShares   [NDep]float64  `yaml:"deprivation_shares" default:"0.2,0.2,0.2,0.2,0.2" domain:"[0,1]" sum:"1" unit:"1" source:"quintiles of the Index of Multiple Deprivation, by definition" doc:"share of patients in each deprivation quintile, least to most deprived; must sum to 1"`
	MultimorbidityByAge [NAges]float64 `yaml:"multimorbidity_by_age" default:"0.02,0.08,0.25,0.5,0.7" domain:"[0,1]" range:"0,0.9" unit:"1" source:"assumption, in line with published prevalence of two or more long-term conditions rising steeply with age" doc:"probability that a patient of each age band has two or more long-term conditions"`
}

// GeneralPractice sets GP capacity, demand and booking.
type GeneralPractice struct {
	GPsPerPractice           int            `yaml:"gps_per_practice" default:"6" domain:"[1,255]" range:"1,15" unit:"GPs" source:"list size 10,000 / 1,839 patients per GP ≈ 5.4 (EVIDENCE.md §1)" doc:"GPs in each practice; patient i's usual GP is GP (i mod K) of their practice"`
	PatientsPerGP            int            `yaml:"patients_per_gp" default:"1839" domain:"[0,100000]" range:"1074,2635" unit:"patients" source:"list size per FTE GP, mean 1,839, 10th-90th centile 1,074-2,635 (BJGP 2011-12; EVIDENCE.md §1)" doc:"if above 0, each practice has round(list size / patients_per_gp) GPs (at least 1); if 0, every practice has gps_per_practice"`
	ConsultationRate         float64        `yaml:"consultation_rate" default:"4.5" domain:"[0,100]" range:"3.5,6" unit:"per patient-year" source:"tuned so that the mean over the population is 5.5-5.7 per person-year (Hippisley-Cox & Vinogradova 2009; NHS England 2024; docs/calibration.md)" doc:"GP consultation requests per patient-year of a patient with relative rate 1"`
	RateByAge                [NAges]float64 `yaml:"rate_by_age" default:"0.8,0.8,1.1,1.7,2.3" domain:"[0,20]" range:"0.3,4" unit:"1" source:"assumption, shaped on consultation rates rising with age (Hippisley-Cox & Vinogradova 2009)" doc:"relative consultation rate of each age band"`
	MultimorbidityMultiplier float64        `yaml:"multimorbidity_multiplier" default:"1.6" domain:"[0,20]" range:"1,3" unit:"1" source:"assumption" doc:"consultation rate multiplier for a patient with two or more long-term conditions"`
	TargetUtilisation        float64        `yaml:"target_utilisation" default:"0.85" domain:"(0,1)" range:"0.7,0.97" unit:"1" source:"refnet (WORKLOAD.md); assumption" doc:"GP utilisation the mean consultation length is set to reach"`
	UsualGPQueueTolerance    int            `yaml:"usual_gp_queue_tolerance" default:"2" domain:"[0,1000000]" range:"0,10" unit:"patients" source:"refnet q_max (WORKLOAD.md); assumption" doc:"longest waiting line at the usual GP that a patient joins; beyond it they see the practice's least busy GP"`
	PooledBookingShare       float64        `yaml:"pooled_booking_share" default:"0.3" domain:"[0,1]" range:"0,0.9" unit:"1" source:"tuned to UPC ≈ 0.61 among patients aged 62-82 (Barker, Steventon, Deeny, BMJ 2017; docs/calibration.md)" doc:"the list-policy lever: share of requests booked with whichever GP has the shortest line, ignoring the usual GP (0 = personal lists)"`
	TurnoverRate             float64        `yaml:"turnover_rate" default:"0.1" domain:"[0,10]" range:"0,0.2" unit:"per GP-year" source:"75th centile of annual practice GP turnover 11% (2009) to 14% (2019) (Parisi et al., BMJ Open 2021)" doc:"rate at which a GP leaves and is replaced; their patients' relationship with the usual GP restarts"`
	RegistrationYears        float64        `yaml:"registration_years" default:"12" domain:"(0,200]" range:"5,25" unit:"years" source:"assumption" doc:"mean time a patient has been registered with their practice at the start (exponential); bounds the initial relationship length"`
}

// Discharge sets the delays of a discharge that needs social care: an
// assessment and a funding decision at each organisational boundary crossed,
// and information lost at hand-offs. The organisational levers (boundaries,
// pooled budgets, shared records) default to England's usual arrangement.
type Discharge struct {
	Boundaries                 int     `yaml:"boundaries" default:"1" domain:"[0,10]" range:"0,3" unit:"boundaries" source:"lever: hospital to local-authority social care is one boundary; an integrated health and social care trust has none" doc:"organisational boundaries a discharge to social care crosses"`
	AssessmentDays             float64 `yaml:"assessment_days" default:"1" domain:"[0,60]" range:"0,5" unit:"days" source:"assumption (no published figure; EVIDENCE.md gaps), set with social_care.slot_utilisation so that delayed discharges are of England's order (docs/calibration.md)" doc:"mean assessment time at each boundary (exponential)"`
	FundingDecisionDays        float64 `yaml:"funding_decision_days" default:"1" domain:"[0,60]" range:"0,7" unit:"days" source:"assumption (no published figure; EVIDENCE.md gaps)" doc:"mean funding-decision time at each boundary when budgets are separate (exponential)"`
	PooledBudget               bool    `yaml:"pooled_budget" default:"false" doc:"lever: health and social care money is pooled, so no funding decision is needed at a boundary"`
	SharedRecords              bool    `yaml:"shared_records" default:"false" doc:"lever: records are shared, so no information is lost at a hand-off"`
	InformationLossProbability float64 `yaml:"information_loss_probability" default:"0.15" domain:"[0,1]" range:"0,0.3" unit:"1" source:"assumption; evidence on shared records is weak (Hersh et al. 2015; Menachemi et al. 2018)" doc:"chance that a hand-off across a boundary loses information when records are not shared"`
	InformationLossDays        float64 `yaml:"information_loss_days" default:"1" domain:"[0,30]" range:"0,3" unit:"days" source:"assumption" doc:"mean extra delay (exponential) when information is lost"`
	TrustEffect                float64 `yaml:"trust_effect" default:"0.3" domain:"[0,1]" range:"0,0.5" unit:"1" source:"assumption, modest: relational coordination shortens coordination (Gittell's relational coordination; no NHS effect size)" doc:"assessment and funding delays are multiplied by 1 - trust_effect × trust"`
}

// Community sets virtual-ward (intermediate care) places.
type Community struct {
	VirtualWardPlaces float64 `yaml:"virtual_ward_places" default:"0" domain:"[0,1000]" range:"0,40" unit:"per 100,000 patients" source:"lever; England had about 20 virtual-ward places per 100,000 people by 2024 (assumption from the national programme's reported capacity)" doc:"virtual-ward places per 100,000 registered patients, per hospital catchment"`
	StepUpShare       float64 `yaml:"step_up_share" default:"0.3" domain:"[0,1]" range:"0,0.5" unit:"1" source:"assumption" doc:"share of ACSC admissions that a free virtual-ward place can take instead (step-up)"`
	StepUpDays        float64 `yaml:"step_up_days" default:"5" domain:"(0,365]" range:"3,10" unit:"days" source:"assumption" doc:"mean virtual-ward stay for step-up care (exponential)"`
	StepDownShare     float64 `yaml:"step_down_share" default:"0.2" domain:"[0,1]" range:"0,0.4" unit:"1" source:"assumption" doc:"share of emergency stays that can finish on a virtual ward (step-down) if a place is free"`
	StepDownFraction  float64 `yaml:"step_down_fraction" default:"0.3" domain:"[0,1]" range:"0.1,0.5" unit:"1" source:"assumption" doc:"share of such a stay's expected length spent on the virtual ward instead of in a bed"`
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
	RelationshipElasticity float64 `yaml:"relationship_elasticity" default:"0.13" domain:"[0,2]" range:"0,0.2" unit:"1" source:"fit to Sandvik et al. BJGP 2022: acute admission OR 0.88 at 2-3 years and 0.72 at >15 years vs 1 year, ≈ L^-0.13" doc:"admission hazard multiplier is L^-e for a relationship of L years with the usual GP (L between 1 and 15); 0 = no effect"`
	DiscontinuityOR        float64 `yaml:"discontinuity_or" default:"1.5" domain:"[0.1,10]" range:"1,2.32" unit:"1" source:"Tammes et al., Ann Fam Med 2017: OR 2.32 (1.48-3.63) for 30 days after seeing a different GP; upper bound, default halfway on the log scale (assumption)" doc:"admission hazard multiplier in the window after a consultation with a GP other than the usual one; 1 = no effect"`
	DiscontinuityDays      float64 `yaml:"discontinuity_days" default:"30" domain:"[0,365]" range:"14,60" unit:"days" source:"Tammes et al. 2017 (30-day window)" doc:"how long the discontinuity multiplier lasts after such a consultation"`
	OtherAdmissionWeight   float64 `yaml:"other_admission_weight" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"assumption: the evidence is strongest for ambulatory-care-sensitive conditions" doc:"how much of the continuity effects applies to non-ACSC admissions (1 = as much as to ACSC)"`
}

// Hospitals sets emergency demand, stays and beds.
type Hospitals struct {
	PracticesPerHospital     int            `yaml:"practices_per_hospital" default:"5" domain:"[1,100000]" range:"3,60" unit:"practices" source:"refnet (WORKLOAD.md); England: ~6,300 practices over ~140 acute trusts ≈ 45 (EVIDENCE.md §1)" doc:"consecutive practices served by one hospital"`
	EmergencyAdmissionRate   float64        `yaml:"emergency_admission_rate" default:"0.057" domain:"[0,10]" range:"0.04,0.09" unit:"per patient-year" source:"tuned so that admissions (readmissions included) are ≈110 per 1,000 a year (NHS England 2024; EVIDENCE.md §1; docs/calibration.md)" doc:"emergency admissions per patient-year of a patient with relative hazard 1, before continuity effects"`
	RateByAge                [NAges]float64 `yaml:"rate_by_age" default:"0.8,0.7,1.1,2.4,5.5" domain:"[0,50]" range:"0.3,8" unit:"1" source:"assumption, shaped on emergency admission rates rising steeply after 65 (Health Foundation 2018)" doc:"relative emergency admission hazard of each age band"`
	DeprivationMultiplier    [NDep]float64  `yaml:"deprivation_multiplier" default:"0.8,0.9,1,1.1,1.3" domain:"[0,10]" range:"0.5,2" unit:"1" source:"assumption, in line with the deprivation gradient in ACSC admissions (Bardsley et al., BMJ Open 2013)" doc:"relative emergency admission hazard of each deprivation quintile"`
	MultimorbidityMultiplier float64        `yaml:"multimorbidity_multiplier" default:"2" domain:"[0,50]" range:"1,4" unit:"1" source:"assumption" doc:"emergency admission hazard multiplier for two or more long-term conditions"`
	ACSCShare                float64        `yaml:"acsc_share" default:"0.165" domain:"[0,1]" range:"0.1,0.2" unit:"1" source:"tuned so that ≈14% of emergency admissions, readmissions included, are ACSC (Steventon et al., Health Foundation 2018; docs/calibration.md)" doc:"share of the emergency admission hazard that is for ambulatory-care-sensitive conditions, before continuity effects"`
	LOSMeanDays              float64        `yaml:"los_mean_days" default:"5.75" domain:"(0,1000]" range:"4,10" unit:"days" source:"tuned so that mean emergency stay is ≈8 days (7.9 d in 2019, 9.1 d in 2022; Health Foundation 2023); docs/calibration.md" doc:"mean clinical length of stay (exponential) of a patient with relative length 1"`
	LOSByAge                 [NAges]float64 `yaml:"los_by_age" default:"0.4,0.6,1,1.6,2" domain:"(0,20]" range:"0.2,3" unit:"1" source:"assumption, shaped on longer stays in older patients (≥85s 10.8 d vs all 7.9 d; Health Foundation 2023)" doc:"relative mean length of stay of each age band"`
	ElectiveRate             float64        `yaml:"elective_rate" default:"0.03" domain:"[0,10]" range:"0.015,0.05" unit:"per patient-year" source:"assumption: ordinary (overnight) elective admissions in England are of the order of 1.5 million a year, ≈0.027 a head; day cases need no bed and are left out" doc:"elective referrals that need a bed, per patient-year of a patient with relative rate 1"`
	ElectiveRateByAge        [NAges]float64 `yaml:"elective_rate_by_age" default:"0.3,0.6,1.3,2.3,2" domain:"[0,50]" range:"0.1,4" unit:"1" source:"assumption, shaped on elective activity rising with age" doc:"relative elective referral rate of each age band"`
	ElectiveLOSDays          float64        `yaml:"elective_los_days" default:"3.5" domain:"(0,365]" range:"2,6" unit:"days" source:"assumption" doc:"mean length of an elective stay (exponential)"`
	ElectiveCapacity         float64        `yaml:"elective_capacity" default:"1.02" domain:"(0,10]" range:"0.9,1.2" unit:"1" source:"assumption" doc:"planned elective admissions (theatre sessions) as a multiple of expected referrals; below 1 the waiting list grows"`
	CancelOccupancy          float64        `yaml:"cancel_occupancy" default:"0.96" domain:"(0,1]" range:"0.9,1" unit:"1" source:"assumption: electives are cancelled for lack of beds when occupancy is very high" doc:"an elective admission is cancelled (the patient stays at the head of the list) when bed occupancy is at or above this"`
	ReadmissionProbability   float64        `yaml:"readmission_probability" default:"0.12" domain:"[0,1]" range:"0.03,0.12" unit:"1" source:"assumption: extra risk on top of the background hazard, so that 30-day emergency readmissions are of the order of the 14% of discharges England reports" doc:"probability that an emergency discharge is followed by an emergency readmission within readmission_days"`
	ReadmissionDays          float64        `yaml:"readmission_days" default:"30" domain:"(0,365]" range:"28,30" unit:"days" source:"the standard 30-day readmission window" doc:"window after discharge in which a readmission falls (uniformly) and is counted"`
	BedUtilisation           float64        `yaml:"bed_utilisation" default:"0.82" domain:"(0,10]" range:"0.75,0.95" unit:"1" source:"tuned so that G&A occupancy lies in 86-95% (KH03 via Nuffield Trust; EVIDENCE.md §1; docs/calibration.md)" doc:"beds are sized so that emergency stays at the base hazard (before continuity effects, readmissions and discharge delays) and elective stays would fill this share of them"`
}

// SocialCare sets care packages on discharge.
type SocialCare struct {
	PackageProbability float64 `yaml:"package_probability" default:"0.2" domain:"[0,1]" range:"0.05,0.3" unit:"1" source:"refnet p_social (WORKLOAD.md); assumption" doc:"probability that a discharge needs a social-care package"`
	PackageMeanDays    float64 `yaml:"package_mean_days" default:"90" domain:"(0,10000]" range:"30,365" unit:"days" source:"refnet (WORKLOAD.md); assumption" doc:"mean package duration (exponential)"`
	SlotUtilisation    float64 `yaml:"slot_utilisation" default:"0.85" domain:"(0,10]" range:"0.75,1.05" unit:"1" source:"assumption; with discharge.assessment_days and funding_decision_days it puts delayed discharges at the order of England's 4,400-6,400 patients a day, ≈30 bed-days per 1,000 a year (Hansard 2022; EVIDENCE.md §1)" doc:"package slots are sized so that packages at the base admission hazard would fill this share of them (above 1: too few slots)"`
}
