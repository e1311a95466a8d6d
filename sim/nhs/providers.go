package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// Providers sets how hospitals and practices (the providers of GP and
// community contracts) differ from one another and drift over time. The
// same spread and drift apply in every regime; what a regime changes is
// who is chosen, who responds and who is replaced.
type Providers struct {
	QualitySD            float64 `yaml:"quality_sd" default:"0.1" domain:"[0,2]" range:"0,0.2" unit:"1" source:"assumption, of the order of the spread of English trusts' standardised mortality ratios (most within 0.8-1.2) [nhsic-shmi-2012]; the range includes no spread" doc:"standard deviation of the log of a hospital's quality, a relative risk (mean 1) that multiplies its 30-day mortality and readmission risk and, through quality_los_elasticity, its stays; the spread drift keeps absent any response"`
	EfficiencySD         float64 `yaml:"efficiency_sd" default:"0.05" domain:"[0,2]" range:"0,0.1" unit:"1" source:"assumption: stays for the same case mix differ between trusts by some percent [hf-2023-los]; the range includes no spread" doc:"standard deviation of the log of a hospital's efficiency, a multiplier (mean 1) of every stay's length"`
	QualityLOSElasticity float64 `yaml:"quality_los_elasticity" default:"0.5" domain:"[0,5]" range:"0,1" unit:"1" source:"assumption: complications and readmissions lengthen stays; the range includes none" doc:"a hospital's stays are multiplied by quality^quality_los_elasticity as well as by its efficiency"`
	PracticeQualitySD    float64 `yaml:"practice_quality_sd" default:"0.1" domain:"[0,2]" range:"0,0.2" unit:"1" source:"assumption: practice quality is associated with fewer ACSC admissions in observational studies [bardsley2013]; the size is not established and the range includes no spread" doc:"standard deviation of the log of a practice provider's quality, a relative risk (mean 1) that multiplies its patients' ACSC admission hazard"`
	CapacitySD           float64 `yaml:"capacity_sd" default:"0" domain:"[0,2]" range:"0,0.3" unit:"1" source:"assumption: trusts differ in beds and theatres for the people they serve, by an amount not found; the default is none because the elective model balances referrals against the stock per head, with nothing that adapts referrals to waits, so any spread lengthens the national list beyond its calibration band (at 0.1: 116 per 1,000 against 65-90, measured), and the calibration would have to be redone" doc:"standard deviation of the log of a hospital's capacity (beds and elective sessions) per head of its catchment; each local system's capacities are scaled so that its total per head stays at hospitals.beds_per_1000 and elective_treatments_per_1000. Drawn once, at the start"`
	PersistenceYears     float64 `yaml:"persistence_years" default:"5" domain:"(0,1000]" range:"2,20" unit:"years" source:"assumption: hospital performance is persistent over a few years" doc:"log quality and log efficiency drift as mean-reverting (Ornstein-Uhlenbeck) processes with this time constant, keeping their spread: a provider's rank changes over years, and a response fades unless sustained"`
	ReviewMonths         float64 `yaml:"review_months" default:"3" domain:"(0,120]" range:"1,12" unit:"months" source:"assumption: quarterly financial and performance reporting" doc:"interval at which providers drift, respond to lost volume and settle their finances"`
}

// Choice sets where elective patients can go and how they choose, and how
// hospitals that lose volume respond. Practices and hospitals lie on a
// line through their local system: each hospital at the centre of its
// catchment, catchment_km wide, each practice at the middle of its
// patients' place in the catchment.
type Choice struct {
	CatchmentKm       float64 `yaml:"catchment_km" default:"15" domain:"(0,1000]" range:"8,30" unit:"km" source:"assumption: a catchment of ≈320,000 people [hsj-2017-trusts] spans some 10-30 km outside cities" doc:"width of a hospital's catchment on the line of its local system; with reach_km it sets each patient's choice set"`
	ReachKm           float64 `yaml:"reach_km" default:"30" domain:"[0,10000]" range:"15,60" unit:"km" source:"assumption: most people in England have several hospitals within 60 minutes' travel [damiani2005]" doc:"hospitals of the local system farther than this from the patient's practice are not in their choice set (the home hospital always is)"`
	DistanceWeight    float64 `yaml:"distance_weight" default:"0.1" domain:"[0,10]" range:"0.05,0.2" unit:"per km" source:"assumption, shaped on demand falling steeply with distance in hip-replacement choice models [gutacker2016] [moscelli2016]" doc:"logit utility lost per km of distance"`
	WaitWeight        float64 `yaml:"wait_weight" default:"0.002" domain:"[0,1]" range:"0,0.005" unit:"per day" source:"demand elasticity to waits ≈ −0.04 [moscelli2016]: at waits of ≈80 days and a home share of ≈0.7 a logit weight of ≈0.002 a day (derived)" doc:"logit utility lost per day of expected wait (the hospital's list over its elective capacity)"`
	QualityWeight     float64 `yaml:"quality_weight" default:"0.7" domain:"[0,20]" range:"0,2" unit:"1" source:"demand elasticity to readmission rates ≈ −0.2 [moscelli2016]: at a home share of ≈0.7 a logit weight of ≈0.7 on log quality (derived); responsiveness to quality rose after choice was freed [gaynor2016]" doc:"logit utility gained per unit of −log quality (a hospital with 10% lower risk gains 0.07)"`
	NegotiatedPrices  bool    `yaml:"negotiated_prices" default:"false" doc:"lever: under activity payment, prices are negotiated with each commissioner rather than a national tariff, so hospitals compete on price as well as quality"`
	QualityResponse   float64 `yaml:"quality_response" default:"0.01" domain:"[-10,10]" range:"0,0.021" unit:"per year per unit of −log HHI" source:"after the 2006 choice reform 30-day AMI mortality (≈13%) fell 0.0013 a year faster per unit of competition, −log HHI [cooper2011]: ≈0.010 a year relative (derived); the top of the range from the upper tail of 0.15 percentage points a year per standard deviation (0.56) of competition (derived); hospitals faced more elastic demand and improved quality [gaynor2016]; the range includes no response" doc:"under activity payment at a national tariff, a hospital whose catchment's elective referrals go to several hospitals (competition C, the −log HHI of where they went since the last review, lagged by response_lag_months) lowers its log quality (improves) by quality_response × C a year: every hospital facing choice responds, and the one losing most of its catchment most"`
	NegotiatedQuality float64 `yaml:"negotiated_quality_response" default:"-0.0035" domain:"[-10,10]" range:"-0.007,0" unit:"per year per unit of −log HHI" source:"under the 1990s internal market with negotiated prices competition went with higher AMI death rates, a small effect [propper2004]; the bottom of the range is the lower tail of 0.05 percentage points a year worse per standard deviation of competition in [cooper2011]'s units (derived), the default half of it (assumption); the range includes no response" doc:"as quality_response when prices are negotiated: negative means hospitals facing competition cut price at the expense of quality"`
	EfficiencyResp    float64 `yaml:"efficiency_response" default:"0.016" domain:"[-10,10]" range:"0,0.024" unit:"per year per unit of −log HHI" source:"competition between public hospitals shortened stays by 0.1-0.3 days [cooper2012], and less concentrated markets had shorter stays at the same cost [gaynor2013]: 0.2 (0.3) of ≈3.75 days at the mean competition of 0.75 and providers.persistence_years 5 is ≈0.016 (0.024) a year (derived); the range includes no response" doc:"under activity payment (either price regime), a hospital facing competition C (as for quality_response) lowers its log efficiency (shorter stays) by efficiency_response × C a year"`
	ResponseLagMonths float64 `yaml:"response_lag_months" default:"12" domain:"(0,240]" range:"6,24" unit:"months" source:"assumption: investment in quality takes a budget cycle or more" doc:"time constant of the first-order lag between the competition a hospital faces and the pressure it responds to"`
}

// Tenders sets how a re-tendered GP or community contract is won: bids
// from the incumbent and from entrants of varying quality and price, scored
// by the commissioner on what it can see.
type Tenders struct {
	Bidders              int     `yaml:"bidders" default:"2" domain:"[0,100]" range:"0,5" unit:"bidders" source:"assumption: few bidders for NHS community contracts" doc:"rival bidders (entrants) at each tender, each of quality drawn like any practice provider's"`
	IncumbentAdvantage   float64 `yaml:"incumbent_advantage" default:"0.08" domain:"[0,10]" range:"0,0.2" unit:"1" source:"assumption: commissioners favour continuity and incumbents know their costs; set so that with the defaults an incumbent loses about 30% of tenders (0.25 at 0.1, 0.42 at 0.05, measured), the share the model assumed before bids were modelled" doc:"score added to the incumbent's bid"`
	QualityWeight        float64 `yaml:"quality_weight" default:"0.5" domain:"[0,1]" range:"0,1" unit:"1" source:"lever: the commissioner's weight on quality against price" doc:"a bid scores quality_weight × (−log seen quality) − (1 − quality_weight) × log price; the highest score wins"`
	QualityObservationSD float64 `yaml:"quality_observation_sd" default:"0.1" domain:"[0,5]" range:"0,0.2" unit:"1" source:"assumption: commissioners judge bidders' quality from bids and track records, with error" doc:"standard deviation of the commissioner's error in the log quality it sees; with several bidders the winner's quality tends to be worse than it looked (winner's curse)"`
	CostEstimateSD       float64 `yaml:"cost_estimate_sd" default:"0.05" domain:"[0,5]" range:"0,0.1" unit:"1" source:"assumption" doc:"standard deviation of a bidder's error in the log of its own cost: the lowest bids are likeliest to be below cost"`
	QualityCost          float64 `yaml:"quality_cost" default:"0.5" domain:"[0,10]" range:"0,1" unit:"1" source:"assumption: better care costs more to provide" doc:"a provider's cost is quality^(−quality_cost) times the contract's reference value"`
	BidMargin            float64 `yaml:"bid_margin" default:"0.03" domain:"[0,1]" range:"0,0.08" unit:"1" source:"assumption" doc:"margin bidders add to the cost they estimate"`
	ExitReserve          float64 `yaml:"exit_reserve" default:"0.1" domain:"[0,10]" range:"0.02,0.2" unit:"years of contract value" source:"assumption" doc:"reserves of a provider, in years of its contract's value: a provider paid below its cost exits (finances fail) when its accumulated losses exceed them, and the contract is re-tendered at once"`
}

// Incentives sets how each way of paying providers changes what they do.
// Every effect's range includes none.
type Incentives struct {
	ActivityElectiveUplift float64 `yaml:"activity_elective_uplift" default:"0.03" domain:"[-1,1]" range:"0,0.08" unit:"1" source:"assumption for the size: activity payment rewards each extra treatment; day-case activity rose faster under Payment by Results [farrar2009]" doc:"under activity payment, elective capacity (theatre and clinic sessions) is this much larger"`
	ActivityLOSCut         float64 `yaml:"activity_los_cut" default:"0.03" domain:"[-1,1]" range:"0,0.06" unit:"1" source:"stays fell faster where Payment by Results applied [farrar2009] [aragon2022]; the size is an assumption" doc:"under activity payment, every stay is this much shorter (a shorter stay frees a bed for paid work)"`
	ActivityDischargeCut   float64 `yaml:"activity_discharge_cut" default:"0" domain:"[-1,1]" range:"0,0.3" unit:"1" source:"assumption: a spell's tariff pays nothing for a day a medically fit patient waits before the trim point, so a hospital paid by activity gains by shortening its own part of the wait, and 68% of delayed days were attributed to the NHS in 2006/07 [godden2009]; excess bed-day payments for days past the trim point pay for the longest waits and blunt the incentive; stays fell faster under Payment by Results [farrar2009] (activity_los_cut), but no estimate for the wait once fit was found, so the default is none" doc:"under activity payment, the hospital's own part of the wait once medically fit (the ward's work and its assessments at each boundary) is this much shorter"`
	CodingDrift            float64 `yaml:"coding_drift" default:"0.02" domain:"[0,1]" range:"0,0.05" unit:"1" source:"assumption: hospitals paid by activity code episodes to higher-priced groups when prices change [dafny2005]" doc:"under activity payment, invoiced value exceeds the care given by this share of the episode price (a transfer between NHS bodies, reported as transfers_per_head apart from the costs)"`
	BlockElectiveSlack     float64 `yaml:"block_elective_slack" default:"0" domain:"[0,1]" range:"0,0.06" unit:"1" source:"assumption for the size: under block payment extra treatment earns nothing; acute productivity was ≈11% below pre-pandemic while block contracts applied (2023/24), for many reasons [nhse-2024-productivity]; the default is 0 because elective capacity is calibrated under the default (block) payment, so block lists are longer than activity's by activity_elective_uplift alone unless this is set" doc:"under block payment, elective capacity is this much smaller (no marginal reward: lists lengthen)"`
	CapitationPrevention   float64 `yaml:"capitation_prevention_share" default:"0.01" domain:"[0,1]" range:"0,0.03" unit:"1" source:"assumption" doc:"under capitation, the share of the hospital's elective capacity the budget holder diverts into prevention, case management and virtual wards (within its budget: the money comes out of elective work)"`
	CapitationACSCCut      float64 `yaml:"capitation_acsc_cut" default:"0.05" domain:"[0,1]" range:"0,0.15" unit:"1" source:"case management of older people: unplanned admissions RR 0.71 (0.49-1.03) for hospital-initiated, no reduction for community-initiated [huntley2013]; no significant effect on secondary care use [stokes2015]; the size is an assumption and the range includes none" doc:"under capitation, the holder's investment cuts the ACSC admission hazard by this share"`
}

// paymentLOS is the multiplier of every stay from the payment's incentive.
func paymentLOS(cfg *Config) float64 {
	if cfg.Contracts.Payment == PaymentActivity {
		return 1 - cfg.Incentives.ActivityLOSCut
	}
	return 1
}

// paymentDischarge is the multiplier of the hospital's own part of the wait
// once medically fit (the ward's work and its assessments) from the
// payment's incentive: under activity payment, 1 - activity_discharge_cut.
func paymentDischarge(cfg *Config) float64 {
	if cfg.Contracts.Payment == PaymentActivity {
		return 1 - cfg.Incentives.ActivityDischargeCut
	}
	return 1
}

// paymentCapacity is the multiplier of elective capacity from the
// payment's incentive: more paid work under activity, slack under block,
// and under capitation the share diverted into prevention.
func paymentCapacity(cfg *Config) float64 {
	in := &cfg.Incentives
	switch cfg.Contracts.Payment {
	case PaymentActivity:
		return 1 + in.ActivityElectiveUplift
	case PaymentBlock:
		return 1 - in.BlockElectiveSlack
	case PaymentCapitation:
		return 1 - in.CapitationPrevention
	}
	return 1
}

// paymentACSC is the multiplier of the ACSC admission hazard from the
// capitation holder's investment in keeping people out of hospital.
func paymentACSC(cfg *Config) float64 {
	if cfg.Contracts.Payment == PaymentCapitation {
		return 1 - cfg.Incentives.CapitationACSCCut
	}
	return 1
}

// norm draws a standard normal variate from s (Box-Muller, two draws).
func norm(s *sim.Stream) float64 {
	u := 1 - s.Float64()
	return math.Sqrt(-2*pmath.Log(u)) * math.Cos(2*math.Pi*s.Float64())
}

// drawLogQuality draws the log of a provider's quality, a relative risk of
// mean 1 with log standard deviation sd.
func drawLogQuality(s *sim.Stream, sd float64) float64 { return sd*norm(s) - sd*sd/2 }

// ou moves x, a mean-reverting log quality or efficiency of stationary
// standard deviation sd (and mean -sd²/2, so that its exponential has mean
// 1), on by dt years with time constant tau years.
func ou(x, sd, dt, tau float64, s *sim.Stream) float64 {
	z := norm(s)
	mu := -sd * sd / 2
	a := pmath.Exp(-dt / tau)
	return mu + (x-mu)*a + sd*math.Sqrt(1-a*a)*z
}

// settle recomputes hospital h's quality and its multiplier of stays from
// its log quality and efficiency and the payment in force.
func (m *model) settle(h int32) {
	hp := &m.hospitals[h]
	hp.quality = pmath.Exp(hp.lq)
	hp.losMult = pmath.Exp(hp.le+m.cfg.Providers.QualityLOSElasticity*hp.lq) * paymentLOS(&m.cfg)
}

// setPracticeQuality gives practice g's provider log quality lq and rescales
// its admission candidates to the new thinning bound.
func (m *model) setPracticeQuality(g int32, lq float64) {
	p := &m.practices[g]
	p.lq = lq
	p.acsc = pmath.Exp(lq) * paymentACSC(&m.cfg)
	thin := m.practiceThin(p)
	if p.thin > 0 {
		p.admitRate *= thin / p.thin
	}
	p.thin = thin
}

// practiceThin is the largest multiplier of practice p's admission hazard:
// continuity effects at their largest, its provider's quality and the
// season's peak. Candidates arrive at the practice's base rate times it and
// are thinned to each patient's hazard.
func (m *model) practiceThin(p *practice) float64 {
	cfg := &m.cfg
	c := &cfg.Continuity
	disc := max(c.DiscontinuityOR, 1)
	a := cfg.Hospitals.ACSCShare
	return (a*disc*max(p.acsc, 0) + (1-a)*(1+c.OtherAdmissionWeight*(disc-1))) * m.seasonTop
}

// review is hospital h's periodic review: its quality and efficiency
// drift; if money follows the patient (activity payment) and patients
// choose, it responds to the competition it faces, the −log HHI of where
// its catchment's referrals went since the last review; it settles its
// finances (see hospitalFinances); and the practices of its catchment
// drift and settle theirs.
func (m *model) review(h, _ int32) {
	cfg := &m.cfg
	pv := &cfg.Providers
	dt := pv.ReviewMonths / 12
	m.k.After(pv.ReviewMonths*DaysPerMonth, 0, evReview, h, 0)
	hp := &m.hospitals[h]
	hp.lq = ou(hp.lq, pv.QualitySD, dt, pv.PersistenceYears, &hp.review)
	hp.le = ou(hp.le, pv.EfficiencySD, dt, pv.PersistenceYears, &hp.review)
	competition := 0.0
	if hhi, ok := herfindahl(hp.recent); ok {
		competition = -pmath.Log(hhi)
	}
	clear(hp.recent)
	received := hp.received
	hp.received = 0
	ch := &cfg.Choice
	hp.pressure += (competition - hp.pressure) * (1 - pmath.Exp(-pv.ReviewMonths/ch.ResponseLagMonths))
	if cfg.Contracts.Payment == PaymentActivity {
		q := ch.QualityResponse
		if ch.NegotiatedPrices {
			q = ch.NegotiatedQuality
		}
		hp.lq -= q * hp.pressure * dt
		hp.le -= ch.EfficiencyResp * hp.pressure * dt
	}
	m.settle(h)
	now := m.k.Now()
	if hp.dip > 0 && now >= hp.dipEnd {
		hp.dip = 0
		m.recapacity(h)
	}
	m.clinics(h, now)
	m.hospitalFinances(h, dt, received)
	for g := hp.g0; g < hp.g1; g++ {
		p := &m.practices[g]
		m.setPracticeQuality(g, ou(p.lq, pv.PracticeQualitySD, dt, pv.PersistenceYears, &p.drift))
		if p.price < p.cost {
			p.reserve -= (p.cost - p.price) / p.cost * dt
			if p.reserve < 0 {
				m.stats.exited(now)
				m.tenderContract(g, true)
			}
		}
	}
}

// competition returns the mean and standard deviation across hospitals of
// their quality at the horizon, and the mean over catchments of the HHI of
// where their elective referrals in the window went.
func (m *model) competition() (mean, sd, hhi float64) {
	n := float64(len(m.hospitals))
	for _, hp := range m.hospitals {
		mean += hp.quality / n
	}
	for _, hp := range m.hospitals {
		sd += (hp.quality - mean) * (hp.quality - mean) / n
	}
	catchments := 0
	for _, hp := range m.hospitals {
		if x, ok := herfindahl(hp.sent); ok {
			hhi += x
			catchments++
		}
	}
	return mean, math.Sqrt(sd), ratio(hhi, float64(catchments))
}

// herfindahl returns the Herfindahl-Hirschman index (0 to 1) of counts,
// the sum of the squared shares, and false if they are all zero.
func herfindahl(counts []int64) (float64, bool) {
	var total, sq float64
	for _, k := range counts {
		total += float64(k)
		sq += float64(k) * float64(k)
	}
	if total == 0 {
		return 0, false
	}
	return sq / (total * total), true
}
