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
}

// Run sets the simulated horizon.
type Run struct {
	Years       float64 `yaml:"years" default:"5" domain:"(0,200]" range:"1,20" unit:"years" source:"assumption" doc:"simulated horizon"`
	WarmupYears float64 `yaml:"warmup_years" default:"1" domain:"[0,200)" range:"0,5" unit:"years" source:"assumption" doc:"statistics are collected only after this; must be less than years"`
}

// Population sets who is registered where.
type Population struct {
	Patients     int `yaml:"patients" default:"100000" domain:"[1,1000000000]" range:"10000,57000000" unit:"patients" source:"ONS mid-year estimates: 57.7m in England, 2023 (EVIDENCE.md §1)" doc:"registered patients; --patients overrides it"`
	PracticeSize int `yaml:"practice_size" default:"10000" domain:"[1,1000000]" range:"2000,20000" unit:"patients" source:"NHS Digital: mean list size just over 10,000 (Dec 2024; EVIDENCE.md §1)" doc:"patients registered with each practice; lists are filled in order and the last practice takes the remainder"`
}

// GeneralPractice sets GP capacity, demand and booking.
type GeneralPractice struct {
	GPsPerPractice        int     `yaml:"gps_per_practice" default:"6" domain:"[1,255]" range:"1,15" unit:"GPs" source:"list size 10,000 / 1,839 patients per GP ≈ 5.4 (EVIDENCE.md §1)" doc:"GPs in each practice; patient i's usual GP is GP (i mod K) of their practice"`
	ConsultationRate      float64 `yaml:"consultation_rate" default:"5" domain:"[0,100]" range:"4,7" unit:"per patient-year" source:"5.5 per person-year in 2008 (Hippisley-Cox & Vinogradova 2009); ≈5.7 in 2023/24 (EVIDENCE.md §1)" doc:"GP consultation requests per patient per year"`
	TargetUtilisation     float64 `yaml:"target_utilisation" default:"0.85" domain:"(0,1)" range:"0.7,0.97" unit:"1" source:"refnet (WORKLOAD.md); assumption" doc:"GP utilisation the mean consultation length is set to reach"`
	UsualGPQueueTolerance int     `yaml:"usual_gp_queue_tolerance" default:"2" domain:"[0,1000000]" range:"0,10" unit:"patients" source:"refnet q_max (WORKLOAD.md); assumption" doc:"longest waiting line at the usual GP that a patient joins; beyond it they see the practice's least busy GP"`
}

// Hospitals sets emergency demand, stays and beds.
type Hospitals struct {
	PracticesPerHospital   int     `yaml:"practices_per_hospital" default:"5" domain:"[1,100000]" range:"3,60" unit:"practices" source:"refnet (WORKLOAD.md); England: ~6,300 practices over ~140 acute trusts ≈ 45 (EVIDENCE.md §1)" doc:"consecutive practices served by one hospital"`
	EmergencyAdmissionRate float64 `yaml:"emergency_admission_rate" default:"0.1" domain:"[0,10]" range:"0.08,0.13" unit:"per patient-year" source:"≈99 per 1,000 (2012/13) to ≈110 per 1,000 (2024) (EVIDENCE.md §1)" doc:"emergency admissions per patient per year"`
	LOSMeanDays            float64 `yaml:"los_mean_days" default:"5" domain:"(0,1000]" range:"4,10" unit:"days" source:"refnet (WORKLOAD.md); England emergency mean 7.9 d (2019) to 9.1 d (2022) (EVIDENCE.md §1)" doc:"mean clinical length of stay (exponential)"`
	BedUtilisation         float64 `yaml:"bed_utilisation" default:"0.85" domain:"(0,10]" range:"0.8,1" unit:"1" source:"refnet rho_bed (WORKLOAD.md); G&A occupancy 86-95% (EVIDENCE.md §1)" doc:"beds are sized so that clinical stays alone fill this share of them"`
}

// SocialCare sets care packages on discharge.
type SocialCare struct {
	PackageProbability float64 `yaml:"package_probability" default:"0.2" domain:"[0,1]" range:"0.05,0.3" unit:"1" source:"refnet p_social (WORKLOAD.md); assumption" doc:"probability that a discharge needs a social-care package"`
	PackageMeanDays    float64 `yaml:"package_mean_days" default:"90" domain:"(0,10000]" range:"30,365" unit:"days" source:"refnet (WORKLOAD.md); assumption" doc:"mean package duration (exponential)"`
	SlotUtilisation    float64 `yaml:"slot_utilisation" default:"0.9" domain:"(0,10]" range:"0.8,1" unit:"1" source:"refnet rho_social (WORKLOAD.md); assumption" doc:"package slots are sized so that packages alone fill this share of them"`
}
