package nhs

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// Change is one entry of a scenario's timeline: at At, the parameters named
// by Paths take their values in Config (the scenario as loaded with this
// and every earlier entry applied); see [Change.Apply].
type Change struct {
	At     float64  // simulated days from the start of the run
	Paths  []string // the parameters the entry sets, in the file's order
	Config Config   // holds the new values; its own Timeline is empty
}

// Apply sets, in cfg, the parameters the change sets to their values in
// the change's configuration, and leaves every other parameter as it is in
// cfg (so that a seed, a sample size or a sensitivity analysis's values set
// on the scenario after loading hold across the change).
func (c *Change) Apply(cfg *Config) {
	for _, path := range c.Paths {
		p, ok := paramsByPath()[path]
		if !ok {
			panic("nhs: timeline sets unknown parameter " + path)
		}
		p.Field(cfg).Set(p.Field(&c.Config))
	}
}

var paramsByPath = sync.OnceValue(func() map[string]Param {
	m := map[string]Param{}
	for _, p := range Params() {
		m[p.Path] = p
	}
	return m
})

// fixedMidRun lists the parameters that cannot change during a run, by
// path prefix, and why. Everything else may change on a timeline.
var fixedMidRun = []struct{ prefix, why string }{
	{"name", "it names the scenario, not a state of the system"},
	{"description", "it describes the scenario, not a state of the system"},
	{"seed", "the random streams are drawn from it once, at the start"},
	{"run.", "the horizon and the statistics window frame the whole run"},
	{"population.", "the sample (its patients, practices, ages, deprivation and areas) is drawn once, at the start; demand changes through demand.*"},
	{"general_practice.gps_per_practice", "each practice's named GPs are created once, at the start; change general_practice.appointments_per_gp_year to change GP capacity"},
	{"general_practice.patients_per_gp", "each practice's named GPs are created once, at the start; change general_practice.appointments_per_gp_year to change GP capacity"},
	{"general_practice.list_growth_per_year", "each practice's reserve places for newcomers from new housing are sized at the start for the horizon's growth"},
	{"general_practice.list_growth_share", "the practices with new housing are drawn at the start and their reserve places sized for it"},
	{"general_practice.booking", "GP time is modelled one way for the whole run: the practices' GPs, their lines or their booked days, are built for it at the start"},
	{"general_practice.sessions_per_week", "each practice's GP posts and their weekly rotas are drawn once, at the start; change general_practice.appointments_per_gp_year to change GP capacity"},
	{"general_practice.sessions_per_fte", "each practice's GP posts and their weekly rotas are drawn once, at the start; change general_practice.appointments_per_gp_year to change GP capacity"},
	{"hospitals.practices_per_hospital", "hospitals and their catchments are built once, at the start"},
	{"hospitals.initial_waiting_list_per_1000", "it fills the waiting lists at the start only"},
	{"providers.capacity_sd", "hospitals' capacities are drawn once, at the start"},
	{"hospitals.escalation_beds_share", "the monthly reviews that open and close escalation beds are scheduled at the start, when it is above 0"},
	{"market.hospitals_per_market", "local systems are built once and run in parallel; they cannot be regrouped mid-run"},
	{"costs.national_population", "it is the population of the whole system, fixed for the run like the sample's"},
	{"demand.", "demand grows from the start of the statistics window at the rates set at the start"},
	{"social_care.initial_occupancy", "it fills the discharge pathways' places at the start only"},
	{"ambulance.service", "the ambulance crews and the departments' places are set up at the start"},
	{"ambulance.crews_per_100k", "each catchment's crews are set at the start"},
	{"ambulance.ed_places_per_100k", "each department's places are set at the start"},
	{"ambulance.rapid_responders_per_100k", "each catchment's solo responders are set at the start"},
	{"ambulance.incidents_per_1000", "each catchment's incident rate is set at the start; it grows with nothing but winter"},
	{"mental_health.service", "the mental health beds are set up at the start"},
	{"mental_health.pooled_beds", "each provider's beds are set up at the start"},
	{"mental_health.beds_per_100k", "each catchment's mental health beds are set at the start"},
	{"mental_health.admissions_per_100k", "each catchment's rate of mental health admissions is set at the start"},
	{"out_of_hours.service", "the out-of-hours services are set up at the start"},
	{"out_of_hours.single_service", "each service's clinicians are set up at the start"},
	{"out_of_hours.clinician_hours_per_100k", "each service's clinicians are set at the start"},
	{"out_of_hours.requests_per_1000", "the rate of requests per unit of GP demand is set at the start; it follows the lists' demand after that"},
	{"trust.initial", "it is where relationships start; a reorganisation resets them to it"},
	{"appraisal.", "the appraisal values the whole run at one set of prices and discount rates; it changes nothing that is simulated"},
}

// FixedMidRun says whether the parameter at path cannot change on a
// timeline, and why: "" if it can.
func FixedMidRun(path string) string {
	for _, f := range fixedMidRun {
		if path == f.prefix || (strings.HasSuffix(f.prefix, ".") && strings.HasPrefix(path, f.prefix)) {
			return f.why
		}
	}
	return ""
}

// FixedMidRunList lists the prefixes of FixedMidRun with their reasons, for
// the documentation.
func FixedMidRunList() [][2]string {
	var out [][2]string
	for _, f := range fixedMidRun {
		out = append(out, [2]string{f.prefix, f.why})
	}
	return out
}

// reorganising are the organisational levers: changing one on a timeline
// changes who commissions or provides care, or how contracts are held, so
// it pays the costs and lags of reorganisation.
var reorganising = []string{
	"commissioning.population_per_body", "commissioning.coverage",
	"market.hospitals_per_organisation",
	"contracts.payment", "contracts.tendering",
	"discharge.boundaries", "discharge.pooled_budget",
}

// Reorganises says whether changing the parameter at path is a
// reorganisation: organisations or contracts change hands.
func Reorganises(path string) bool { return slices.Contains(reorganising, path) }

// ReorganisingLevers lists the organisational levers.
func ReorganisingLevers() []string { return slices.Clone(reorganising) }

// moment is a scheduled change of the run's regime: a timeline entry
// (change ≥ 0), a yearly step of demand growth or the end of a
// reorganisation's productivity dip.
type moment struct {
	at     float64
	change int // index into the timeline, or -1
	dipEnd bool
}

// moments lists what changes when in a run of cfg, in time order (ties in
// the order: timeline entries, then growth steps, then dip ends).
func moments(cfg *Config, warmup, horizon float64) []moment {
	var out []moment
	regime := *cfg
	for i, c := range cfg.Timeline {
		out = append(out, moment{at: c.At, change: i})
		c.Apply(&regime)
		if r := &regime.Reorganisation; anyOf(c.Paths) != "" && r.Dip > 0 {
			if end := c.At + r.DipMonths*DaysPerMonth; end < horizon {
				out = append(out, moment{at: end, change: -1, dipEnd: true})
			}
		}
	}
	if growing(&cfg.Demand) {
		for t := warmup + DaysPerYear; t < horizon; t += DaysPerYear {
			out = append(out, moment{at: t, change: -1})
		}
	}
	slices.SortStableFunc(out, func(a, b moment) int { return cmp.Compare(a.at, b.at) })
	return out
}

// anyOf returns the first of paths that reorganises, or "".
func anyOf(paths []string) string {
	for _, p := range paths {
		if Reorganises(p) {
			return p
		}
	}
	return ""
}

func growing(d *Demand) bool {
	return d.EmergencyTrend != 0 || d.OlderGrowth != 0 || d.MultimorbidityDrift != 0
}

// typeWeights are the relative demand rates of each patient type in growth
// year y: the configured rates by age, deprivation and multimorbidity, with
// the population's ageing, its multimorbidity drift and the emergency
// trend applied y times.
func typeWeights(cfg *Config, y float64) (gpW, admW, refW [nTypes]float64) {
	d := &cfg.Demand
	for t := range uint8(nTypes) {
		a, dep, mm := ageOf(t), depOf(t), mmOf(t)
		grow := 1.0
		if a >= 3 { // 65-79 and 80+
			grow *= pmath.Pow(1+d.OlderGrowth, y)
		}
		gpW[t] = cfg.GP.RateByAge[a] * cfg.GP.DeprivationMultiplier[dep] * grow
		admW[t] = cfg.Hospitals.RateByAge[a] * cfg.Hospitals.DeprivationMultiplier[dep] * grow * pmath.Pow(1+d.EmergencyTrend, y)
		refW[t] = cfg.Hospitals.ElectiveRateByAge[a] * grow
		if mm == 1 {
			g := pmath.Pow(1+d.MultimorbidityDrift, y)
			gpW[t] *= cfg.GP.MultimorbidityMultiplier * g
			admW[t] *= cfg.Hospitals.MultimorbidityMultiplier * g
			refW[t] *= g
		}
	}
	return
}

// seasonAmp is the amplitude of the seasonal multiplier: with peak over
// trough r, 1+a over 1-a is r.
func seasonAmp(d *Demand) float64 { return (d.WinterPeak - 1) / (d.WinterPeak + 1) }

// season is the seasonal multiplier of the emergency admission hazard at
// time t: the month's step of demand.monthly_profile times a cosine with
// mean 1 peaking on winter_peak_day of every year. The admission
// candidates arrive at the bound (1+a) times the profile's largest month
// times the hazard and are thinned by season(t) over it, so a season costs
// no extra events beyond that bound.
func (m *model) season(t float64) float64 {
	s := m.profile[monthOfYear(t)]
	if m.amp == 0 {
		return s
	}
	return s * (1 + m.amp*math.Cos(2*math.Pi*(t-m.cfg.Demand.WinterPeakDay)/DaysPerYear))
}

// monthOfYear is the month of the year, from 0 (the run's first month,
// April) to 11, at time t.
func monthOfYear(t float64) int {
	return min(max(int(math.Mod(t, DaysPerYear)/DaysPerMonth), 0), 11)
}

// monthlyProfile returns demand.monthly_profile scaled to mean 1, and its
// largest month: the bound that, with the cosine's, thins admission
// candidates. A flat profile gives ones exactly; so does an unset (all
// zero) one.
func monthlyProfile(d *Demand) (p [12]float64, top float64) {
	sum := 0.0
	for _, v := range d.MonthlyProfile {
		sum += v
	}
	if sum <= 0 { // unset (a Demand built in code): a flat year
		return [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1
	}
	for i, v := range d.MonthlyProfile {
		p[i] = v / (sum / 12)
		top = max(top, p[i])
	}
	return p, top
}

// change applies moment i: a timeline entry's new configuration (with the
// costs and lags of a reorganisation when it changes organisational
// levers), a year of demand growth or the end of a productivity dip. It
// then re-derives everything the model caches from the configuration, for
// this kernel's part of the model.
func (m *model) change(i, _ int32) {
	mo := m.moments[i]
	now := m.k.Now()
	old := m.cfg
	switch {
	case mo.change >= 0:
		c := &m.cfg.Timeline[mo.change]
		c.Apply(&m.cfg)
		if anyOf(c.Paths) != "" {
			m.reorganise(mo.change)
			// The one-off cost falls on this part's budget, by its share
			// of the population.
			m.money.spent += reorganisationCost(&old, &m.cfg) * m.money.patients / float64(m.cfg.Population.Patients)
		}
	case mo.dipEnd:
		m.dip = 0
	}
	if y := math.Floor((now - m.warmup + 1e-9) / DaysPerYear); y > m.year {
		m.year = y
	}
	m.rederive(&old)
}

// reorganise pays the lags of a reorganisation in this part of the model: a
// share of GPs leave, every relationship between organisations falls back
// towards where new ones start, and capacity dips.
func (m *model) reorganise(change int) {
	r := &m.cfg.Reorganisation
	now := m.k.Now()
	m.dip = r.Dip
	s := sim.NewStream(m.cfg.Seed, "reorganisation", uint64(change)<<32|uint64(m.span.g0))
	for j := m.span.j0; j < m.span.j1; j++ {
		if s.Bernoulli(r.GPLoss) {
			m.replaceGP(j)
		}
	}
	init := m.cfg.Trust.Initial
	for g := m.span.g0; g < m.span.g1; g++ {
		p := &m.practices[g]
		p.trust -= r.TrustReset * (p.trust - init)
		p.trustAt = now
	}
	for h := m.span.h0; h < m.span.h1; h++ {
		hp := &m.hospitals[h]
		hp.trust -= r.TrustReset * (hp.trust - init)
		hp.trustAt = now
	}
}

// rederive recomputes, for this kernel's span, what the model caches from
// the configuration: demand rates and their alias tables, GP capacity,
// hospital capacities, and the factors of thinning and competition. Events
// already scheduled keep their times; each mechanism's next event is drawn
// at the new rates (all are memoryless), and a mechanism switched on
// starts now.
func (m *model) rederive(old *Config) {
	cfg := &m.cfg
	now := m.k.Now()
	sp := m.span
	m.pathCum = pathwayThresholds(cfg)
	m.careMeanDays = careMeanDays(cfg)
	m.pkgHours = packageHours(cfg)
	if cfg.Discharge.PooledBudget && !old.Discharge.PooledBudget {
		m.poolFrom = now
	}
	if cfg.Discharge.SharedRecords && !old.Discharge.SharedRecords {
		m.recordsFrom = now
	}
	wasMoving, moves := capacityMoves(old), capacityMoves(cfg)
	gpW, admW, refW := typeWeights(cfg, m.year)
	admits := make(map[int32]float64)
	for g := sp.g0; g < sp.g1; g++ {
		p := &m.practices[g]
		wasReq, wasAdm, wasRef := p.requestRate, p.admitRate, p.referRate
		p.setRates(cfg, &gpW, &admW, &refW)
		admits[p.hospital] += p.admitRate
		p.acsc = pmath.Exp(p.lq) * paymentACSC(cfg)
		p.thin = m.practiceThin(p)
		p.admitRate *= p.thin
		if wasReq == 0 && p.requestRate > 0 {
			p.nextRequest = now + p.demand.Exp(1/p.requestRate)
			m.scheduleRequests(g)
		}
		if wasAdm == 0 && p.admitRate > 0 {
			m.k.After(p.admits.Exp(1/p.admitRate), 0, evAdmission, g, 0)
		}
		if wasRef == 0 && p.referRate > 0 {
			m.k.After(p.referrals.Exp(1/p.referRate), 0, evReferral, g, 0)
		}
		if cfg.Contracts.Tendering && !old.Contracts.Tendering {
			m.k.After(p.tenders.Float64()*cfg.Contracts.TenderCycleYears*DaysPerYear, 0, evTender, g, 0)
		}
		m.gpCapacity(g)
		if cfg.GP.MergerRate != old.GP.MergerRate {
			m.scheduleMerger(g)
		}
	}
	m.deriveBooking()
	if cfg.GP.TurnoverRate != old.GP.TurnoverRate || cfg.GP.TurnoverCV != old.GP.TurnoverCV {
		for g := sp.g0; g < sp.g1; g++ {
			p := &m.practices[g]
			p.turnover = practiceTurnover(&cfg.GP, p.turnoverZ)
		}
		// Posts in service leave at the new rates; vacant posts' GPs
		// will when they arrive.
		for j := sp.j0; j < sp.j1; j++ {
			if !m.gps[j].vacant {
				m.scheduleLeave(j)
			}
		}
	}
	for h := sp.h0; h < sp.h1; h++ {
		m.clinics(h, now)
		hp := &m.hospitals[h]
		wasSlot := hp.electiveRate
		beds := hp.beds
		var places [nPathways]int32
		for k := range nPathways {
			places[k] = hp.care[k].places
		}
		hp.capacity(cfg, admits[h], m.dip)
		m.settle(h)
		m.stats.bedCapacity(now, float64(hp.beds-beds))
		hp.stock.Add(now, float64(hp.beds-beds))
		hp.nextClinic = math.Inf(1)
		if hp.clinicRate > 0 {
			hp.nextClinic = now + hp.clinics.Exp(1/hp.clinicRate)
		}
		if wasSlot == 0 && hp.electiveRate > 0 {
			m.k.After(hp.electives.Exp(1/hp.electiveRate), 0, evElectiveSlot, h, 0)
		}
		if rate := cfg.Trust.TeamTurnoverRate; rate > 0 && old.Trust.TeamTurnoverRate == 0 {
			m.k.After(hp.team.Exp(DaysPerYear/rate), 0, evTeamTurnover, h, 0)
		}
		// More beds or slots take the patients waiting for them.
		for hp.freeBeds > 0 && hp.boarding.Len() > 0 {
			m.admit(h, hp.boarding.Pop())
		}
		for k := pathwayHomeCare; k < nPathways; k++ {
			if d := hp.care[k].places - places[k]; d != 0 {
				m.stats.capacityChange(now, k, float64(d))
			}
			m.fillPlaces(h, k)
		}
		if moves && !wasMoving {
			m.k.After(DaysPerMonth, 0, evCareMarket, h, 0)
		}
	}
}

// setRates sets practice p's demand rates and their alias tables from the
// type weights (the admission rate before thinning).
func (p *practice) setRates(cfg *Config, gpW, admW, refW *[nTypes]float64) {
	var gpRate, admRate, refRate [nTypes]float64
	p.requestRate, p.admitRate, p.referRate = 0, 0, 0
	uniform := true
	for t := range nTypes {
		n := float64(p.typeEnd[t] - p.typeStart[t])
		gpRate[t], admRate[t], refRate[t] = n*gpW[t], n*admW[t], n*refW[t]
		p.requestRate += gpRate[t]
		p.admitRate += admRate[t]
		p.referRate += refRate[t]
		uniform = uniform && gpW[t] == gpW[0]
	}
	p.gpTypes.Set(gpRate[:]) // in place: no garbage (the list step resets rates monthly)
	p.admTypes.Set(admRate[:])
	p.refTypes.Set(refRate[:])
	p.gpUniform = uniform && p.slots == p.size // no reserve places between the patients
	p.requestRate *= cfg.GP.ConsultationRate / DaysPerYear
	p.admitRate *= cfg.Hospitals.EmergencyAdmissionRate / DaysPerYear
	p.referRate *= cfg.Hospitals.ElectiveRate / DaysPerYear
}

// capacity sets hospital hp's stocks from its catchment (per head, never
// sized to demand; beds and elective sessions times its size), less a
// productivity dip in its elective capacity (the model's or its own), with
// an entrant's elective capacity, and moves its free beds and places by
// the change. admits is its
// expected emergency admissions per day, for per-episode rates.
func (hp *hospital) capacity(cfg *Config, admits, dip float64) {
	per1000 := float64(hp.people) / 1000
	hp.admits = admits
	beds := int32(math.Round(per1000*cfg.Hospitals.BedsPer1000*hp.size)) + hp.escalation
	ward := int32(math.Round(float64(hp.people)*cfg.Community.VirtualWardPlaces/1e5)) + hp.poolWard
	treatments := per1000 * cfg.Hospitals.ElectiveTreatmentsPer1000 / DaysPerYear * hp.size
	hp.freeBeds += beds - hp.beds
	hp.freeWard += ward - hp.wardPlaces
	hp.beds, hp.wardPlaces = beds, ward
	sc := &cfg.SocialCare
	for k, perHead := range [nPathways]float64{0, sc.HomeCareHoursPer1000, stepDownPer1000(cfg), sc.CareHomePlacesPer1000} {
		st := &hp.care[k]
		base := per1000 * perHead
		// What a pool or the care market has added or taken keeps its
		// proportion to the new stock.
		if st.base > 0 {
			st.target *= base / st.base
		} else {
			st.target = base
		}
		st.base = base
		places := int32(math.Round(st.target))
		st.free += places - st.places
		st.places = places
	}
	work := treatments * paymentCapacity(cfg) * (1 - max(dip, hp.dip))
	hp.electiveRate = work * cfg.Hospitals.ElectiveBedShare
	hp.entrantRate = 0
	if hp.entrant {
		hp.entrantRate = per1000 * cfg.Hospitals.ElectiveTreatmentsPer1000 / DaysPerYear * cfg.Finances.EntryCapacityShare
	}
	hp.clinicRate = work*(1-cfg.Hospitals.ElectiveBedShare) + hp.entrantRate
	hp.episodes = (admits + treatments*cfg.Hospitals.ElectiveBedShare) * DaysPerYear
}

// gpServiceMean is practice p's mean consultation length: its named GPs
// over its share of the sample's GP appointments, less a productivity dip
// and the time taken by case conferences, times what the budget has bought
// or cut.
// The shares were fixed at the start (by need or by list), so that parts
// of the model running in parallel need not read each other's practices.
func (m *model) gpServiceMean(p *practice) float64 {
	perDay := m.gpAppointments(p)
	if perDay <= 0 {
		return math.Inf(1)
	}
	return float64(p.k) / perDay
}

// gpAppointments is practice p's share of the sample's GP appointments a
// day, less a productivity dip and the time taken by case conferences,
// times what the budget has bought or cut.
func (m *model) gpAppointments(p *practice) float64 {
	share := p.listShare
	if m.cfg.Commissioning.NeedWeightedAllocation {
		share = p.needShare
	}
	return max(m.gpFTE*m.cfg.GP.AppointmentsPerGPYear/DaysPerYear*(1-m.dip)*
		(1-m.cfg.Integration.CaseConferenceShare)*m.money.capacity*share, 0)
}
