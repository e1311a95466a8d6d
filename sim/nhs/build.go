package nhs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
)

// build creates the population, practices, GPs and hospitals of a run.
func build(cfg Config) *model {
	m := &model{
		cfg:     cfg,
		warmup:  cfg.Run.WarmupYears * DaysPerYear,
		horizon: cfg.Run.Years * DaysPerYear,
		money:   money{capacity: 1},
	}
	seed := cfg.Seed
	sizes := practiceSizes(cfg)
	n := cfg.Population.Patients
	m.practices = make([]practice, len(sizes))
	m.ages, m.deps = sim.NewAlias(cfg.Population.AgeShares[:]), sim.NewAlias(cfg.Population.DeprivationShares[:])
	reserve := m.reserves(sizes)
	slots := n
	for _, r := range reserve {
		for _, k := range r {
			slots += int(k)
		}
	}
	if slots > maxPlaces {
		panic(fmt.Sprintf("nhs: %d patient places, more than a run can hold (%d): Config.Validate refuses this configuration", slots, maxPlaces))
	}
	m.pt = patients{
		typ: make([]uint8, slots), gp: make([]gpTie, slots), acsc: make([]uint8, slots),
		admitted: make([]float32, slots), lastOut: make([]float32, slots),
	}
	m.sessions = cfg.GP.Booking == BookingSessions
	leave := sim.NewStream(seed, "gp-leave", 0)
	m.leaveKey = leave.Uint64()
	m.deriveBooking()
	nHosp := min(HospitalCount(cfg), len(sizes))
	m.hospitals = make([]hospital, nHosp)
	_, real, _ := organisations(&cfg)
	m.hospitalShare = real / float64(nHosp)

	// Relative rates of each patient type; the season's bound joins the
	// continuity multiplier's and the practice's quality in thinning
	// admission candidates.
	gpW, admW, refW := typeWeights(&cfg, 0)
	m.amp = seasonAmp(&cfg.Demand)
	var top float64
	m.profile, top = monthlyProfile(&cfg.Demand)
	m.seasonTop = (1 + m.amp) * top
	m.moments = moments(&cfg, m.warmup, m.horizon)

	admits := make([]float64, len(m.hospitals)) // expected admissions per day
	people := make([]int, len(m.hospitals))
	first, slot := 0, 0
	for g, size := range sizes {
		p := &m.practices[g]
		p.first, p.size = int32(slot), int32(size)
		p.k = int32(cfg.GP.GPsPerPractice)
		if ppg := cfg.GP.PatientsPerGP; ppg > 0 {
			p.k = int32(min(max(math.Round(float64(size)/float64(ppg)), 1), maxPosts))
		}
		p.gp0 = int32(len(m.gps))
		p.root, p.members, p.list, p.listAtWarm = int32(g), 1, int32(size), int32(size)
		p.changes = sim.NewStream(seed, "practice-change", uint64(g))
		p.moves = sim.NewStream(seed, "list-turnover", uint64(g))
		p.turnoverZ = rand.New(&p.changes).NormFloat64()
		p.turnover = practiceTurnover(&cfg.GP, p.turnoverZ)
		var week []uint8
		if m.sessions {
			week = m.rota(p, g, size)
		}
		// Practices go to hospitals in order, each hospital taking an
		// equal share of the population.
		p.hospital = int32(min((2*int64(first)+int64(size))*int64(nHosp)/(2*int64(n)), int64(nHosp-1)))
		p.demand = sim.NewStream(seed, "gp-demand", uint64(g))
		p.admits = sim.NewStream(seed, "admissions", uint64(g))
		p.referrals = sim.NewStream(seed, "referrals", uint64(g))
		p.tenders = sim.NewStream(seed, "tenders", uint64(g))
		p.trust = cfg.Trust.Initial
		p.drift = sim.NewStream(seed, "practice-drift", uint64(g))
		var res [nTypes]int32
		if reserve != nil {
			res = reserve[g]
		}
		counts := m.populate(p, g, &res)
		for t, c := range counts {
			if highRisk(uint8(t)) {
				m.highRisk += int(c)
			}
		}
		p.setRates(&cfg, &gpW, &admW, &refW)
		people[p.hospital] += size
		admits[p.hospital] += p.admitRate
		q := sim.NewStream(seed, "practice-quality", uint64(g))
		m.setPracticeQuality(int32(g), drawLogQuality(&q, cfg.Providers.PracticeQualitySD))
		p.admitRate *= p.thin
		p.cost = pmath.Exp(-cfg.Tenders.QualityCost * p.lq)
		p.price, p.reserve = p.cost, cfg.Tenders.ExitReserve
		for j := range p.k {
			id := uint64(p.gp0 + j)
			d := gp{
				practice: int32(g),
				service:  sim.NewStream(seed, "gp-service", id),
				turnover: sim.NewStream(seed, "gp-turnover", id),
			}
			if m.sessions {
				d.sessions = week[j]
				d.week = spread(week[j], d.service.IntN(10))
			}
			m.gps = append(m.gps, d)
		}
		m.initRelationships(p, g)
		first += size
		slot += int(p.slots)
	}
	m.sizeGPs()
	// Capacities are stocks per head of each hospital's catchment, never
	// sized to its demand.
	hsize := m.hospitalSizes(people)
	for h := range m.hospitals {
		hp := &m.hospitals[h]
		*hp = hospital{
			people:    int32(people[h]),
			size:      hsize[h],
			reserve:   cfg.Finances.ReserveYears,
			low:       cfg.Finances.ReserveYears,
			quality:   1,
			trust:     cfg.Trust.Initial,
			stays:     sim.NewStream(seed, "stays", uint64(h)),
			packages:  sim.NewStream(seed, "packages", uint64(h)),
			delays:    sim.NewStream(seed, "discharge-delays", uint64(h)),
			electives: sim.NewStream(seed, "electives", uint64(h)),
			community: sim.NewStream(seed, "community", uint64(h)),
			team:      sim.NewStream(seed, "team-turnover", uint64(h)),
			contracts: sim.NewStream(seed, "contracts", uint64(h)),
			deaths:    sim.NewStream(seed, "deaths", uint64(h)),
			clinics:   sim.NewStream(seed, "clinics", uint64(h)),
			review:    sim.NewStream(seed, "provider-review", uint64(h)),
			amb:       ambulance{stream: sim.NewStream(seed, "ambulance", uint64(h))},
			mh:        mentalHealth{stream: sim.NewStream(seed, "mental-health", uint64(h))},
			oohStream: sim.NewStream(seed, "out-of-hours", uint64(h)),
		}
		hp.capacity(&cfg, admits[h], 0)
		q := sim.NewStream(seed, "hospital-quality", uint64(h))
		hp.lq = drawLogQuality(&q, cfg.Providers.QualitySD)
		hp.le = drawLogQuality(&q, cfg.Providers.EfficiencySD)
		hp.lastCost = referenceCost(&cfg, hp)
		m.settle(int32(h))
	}
	m.locate(people)
	m.pathCum = pathwayThresholds(&cfg)
	m.careMeanDays = careMeanDays(&cfg)
	m.pkgHours = packageHours(&cfg)
	m.stats.init(m)
	m.span = span{0, int32(len(m.practices)), 0, int32(len(m.hospitals)), 0, int32(len(m.gps))}
	key := sim.NewStream(seed, "frailty", 0)
	m.frailtyKey = key.Uint64()
	return m
}

// locate puts each local system's hospitals and practices on a line: each
// hospital at the centre of its catchment, choice.catchment_km wide, and
// each practice at the middle of its patients' share of the catchment. It
// gives each practice its choice set, the hospitals of its local system
// within choice.reach_km (the home hospital first), and each hospital its
// catchment's practices.
func (m *model) locate(people []int) {
	ch := &m.cfg.Choice
	for _, sp := range m.markets() {
		for h := sp.h0; h < sp.h1; h++ {
			hp := &m.hospitals[h]
			hp.x = (float64(h-sp.h0) + 0.5) * ch.CatchmentKm
			hp.sent = make([]int64, sp.h1-sp.h0)
			hp.recent = make([]int64, sp.h1-sp.h0)
		}
		before, last := 0, int32(-1)
		for g := sp.g0; g < sp.g1; g++ {
			p := &m.practices[g]
			h := p.hospital
			hp := &m.hospitals[h]
			if h != last { // practices go to hospitals in order
				hp.g0, before, last = g, 0, h
			}
			hp.g1 = g + 1
			x := float64(h-sp.h0) * ch.CatchmentKm
			if people[h] > 0 {
				x += ch.CatchmentKm * (float64(before) + float64(p.size)/2) / float64(people[h])
			}
			before += int(p.size)
			p.reach = append(p.reach[:0], reachable{h, math.Abs(x - hp.x)})
			for alt := sp.h0; alt < sp.h1; alt++ {
				if d := math.Abs(x - m.hospitals[alt].x); alt != h && d <= ch.ReachKm {
					p.reach = append(p.reach, reachable{alt, d})
				}
			}
		}
	}
}

// span is the part of a model that one kernel runs: practices g0..g1-1,
// hospitals h0..h1-1 and GPs j0..j1-1.
type span struct{ g0, g1, h0, h1, j0, j1 int32 }

// markets splits the model into its market areas: groups of
// hospitals_per_market consecutive hospitals with the practices they serve.
// Nothing crosses from one market area to another, so each runs on a kernel
// of its own, and on a goroutine of its own when workers allow. The split
// depends only on the scenario, never on the number of workers.
func (m *model) markets() []span {
	per := int32(m.cfg.Market.HospitalsPerMarket)
	var out []span
	g := int32(0)
	for h0 := int32(0); h0 < int32(len(m.hospitals)); h0 += per {
		h1 := min(h0+per, int32(len(m.hospitals)))
		sp := span{g0: g, h0: h0, h1: h1, j0: m.practices[g].gp0}
		for g < int32(len(m.practices)) && m.practices[g].hospital < h1 {
			g++
		}
		sp.g1 = g
		sp.j1 = int32(len(m.gps))
		if g < int32(len(m.practices)) {
			sp.j1 = m.practices[g].gp0
		}
		out = append(out, sp)
	}
	return out
}

// part returns a model for one market area: it shares the population and
// the entities with m, and has its own kernel and statistics.
func (m *model) part(sp span) *model {
	p := *m
	p.span = sp
	perDay := 0.0
	for g := sp.g0; g < sp.g1; g++ {
		q := &m.practices[g]
		perDay += 2*q.requestRate + 3*q.admitRate + 3*q.referRate
	}
	if a := &m.cfg.Ambulance; a.Service {
		for h := sp.h0; h < sp.h1; h++ {
			perDay += 3 * a.IncidentsPer1000 / 1000 * float64(m.hospitals[h].people) / DaysPerYear
		}
	}
	if c := &m.cfg.MentalHealth; c.Service {
		for h := sp.h0; h < sp.h1; h++ {
			perDay += 2 * c.AdmissionsPer100k / 1e5 * float64(m.hospitals[h].people) / DaysPerYear
		}
	}
	if c := &m.cfg.OutOfHours; c.Service {
		// One event a period per service, and the admissions: few.
		for h := sp.h0; h < sp.h1; h++ {
			perDay += c.RequestsPer1000 / 1000 * c.AdmissionShare * float64(m.hospitals[h].people) / DaysPerYear
		}
	}
	// Bucket width: the time in which about bucketEvents events fall due.
	width := 0.0
	if perDay > 0 {
		width = bucketEvents / perDay
	}
	p.k = sim.New(width, int(sp.j1-sp.j0)+4*int(sp.g1-sp.g0)+4*int(sp.h1-sp.h0))
	p.stats = stats{}
	p.stats.init(m)
	for h := sp.h0; h < sp.h1; h++ {
		hp := &m.hospitals[h]
		hp.occupied = p.stats.monthly()
		hp.stock = p.stats.monthly()
	}
	p.money = money{capacity: 1}
	for g := sp.g0; g < sp.g1; g++ {
		p.money.patients += float64(m.practices[g].size)
	}
	p.mdtInit()
	return &p
}

// practiceSizes splits the population into practice lists: all of
// practice_size, or lognormal around it with the given coefficient of
// variation. The last list takes the remainder; a remainder too small to be a
// practice joins the list before it.
func practiceSizes(cfg Config) []int {
	n, mean, cv := cfg.Population.Patients, cfg.Population.PracticeSize, cfg.Population.PracticeSizeCV
	var sizes []int
	if cv == 0 {
		for left := n; left > 0; left -= mean {
			sizes = append(sizes, min(mean, left))
		}
		return sizes
	}
	s := sim.NewStream(cfg.Seed, "practice-sizes", 0)
	r := rand.New(&s)
	sigma := math.Sqrt(pmath.Log(1 + cv*cv))
	smallest := max(mean/10, 1)
	for left := n; left > 0; {
		size := int(math.Round(float64(mean) * pmath.Exp(sigma*r.NormFloat64()-sigma*sigma/2)))
		size = min(max(size, smallest), left)
		if left-size < smallest {
			size = left
		}
		sizes = append(sizes, size)
		left -= size
	}
	return sizes
}

// populate draws practice g's patients' ages, deprivation and
// multimorbidity, stores them grouped by type, and returns how many there are
// of each type.
func (m *model) populate(p *practice, g int, reserve *[nTypes]int32) (counts [nTypes]int32) {
	pop := &m.cfg.Population
	s := sim.NewStream(m.cfg.Seed, "population", uint64(g))
	ages, deps := m.ages, m.deps
	// Deprivation is clustered: the practice has a quintile of its own,
	// which a share of its patients share.
	local := deps.Draw(&s)
	p.localDep = uint8(local)
	types := make([]uint8, p.size)
	for i := range types {
		a, d := ages.Draw(&s), deps.Draw(&s)
		if s.Bernoulli(pop.DeprivationClustering) {
			d = local
		}
		mm := 0
		if s.Bernoulli(pop.MultimorbidityByAge[a]) {
			mm = 1
		}
		types[i] = typeOf(a, d, mm)
		counts[types[i]]++
	}
	// Counting sort into the practice's slice of the patient arrays, each
	// type followed by its reserve places for list growth (of its type).
	next := p.first
	for t := range nTypes {
		p.typeStart[t] = next
		p.typeEnd[t] = next + counts[t]
		next += counts[t] + reserve[t]
		for i := p.typeEnd[t]; i < next; i++ {
			m.pt.typ[i] = uint8(t)
		}
	}
	p.typeStart[nTypes] = next
	p.slots = next - p.first
	pos := p.typeStart
	for _, t := range types {
		m.pt.typ[pos[t]] = t
		pos[t]++
	}
	return counts
}

// reserves returns, with list growth, each practice's reserve places by
// type: enough for the newcomers its growth rate brings by the horizon
// (their expected number of each type, at the type's probability under
// the practice's draw of newcomers, plus four standard deviations and
// one), so that a type's patients stay contiguous as the list grows. It
// draws whether each practice grows (list_growth_share) from its own
// list-growth stream, and sets its growth rate. Without growth it returns
// nil: no reserve, no memory.
func (m *model) reserves(sizes []int) [][nTypes]int32 {
	gp, pop := &m.cfg.GP, &m.cfg.Population
	if gp.ListGrowth <= 0 {
		return nil
	}
	out := make([][nTypes]int32, len(sizes))
	factor := pmath.Pow(1+gp.ListGrowth/gp.ListGrowthShare, m.cfg.Run.Years) - 1
	for g, size := range sizes {
		p := &m.practices[g]
		p.grows = sim.NewStream(m.cfg.Seed, "list-growth", uint64(g))
		if !p.grows.Bernoulli(gp.ListGrowthShare) {
			continue
		}
		p.growth = gp.ListGrowth / gp.ListGrowthShare
		// The practice's own quintile, as populate will draw it.
		s := sim.NewStream(m.cfg.Seed, "population", uint64(g))
		local := m.deps.Draw(&s)
		for t := range uint8(nTypes) {
			a, d := ageOf(t), depOf(t)
			pd := (1 - pop.DeprivationClustering) * pop.DeprivationShares[d]
			if d == local {
				pd += pop.DeprivationClustering
			}
			pm := pop.MultimorbidityByAge[a]
			if mmOf(t) == 0 {
				pm = 1 - pm
			}
			e := float64(size) * factor * pop.AgeShares[a] * pd * pm
			r := math.Ceil(e+4*math.Sqrt(e)) + 1
			if !(r < maxPlaces) { // Validate refuses such growth; a Config not validated must not wrap
				panic(fmt.Sprintf("nhs: list growth reserves %g places for one type of one practice, more than a run can hold: Config.Validate refuses this configuration", r))
			}
			out[g][t] = int32(r)
		}
	}
	return out
}

// initRelationships gives practice g's patients their usual GPs and how long
// they have been with them at time 0: since the later of their registration
// and the GP's arrival, each exponential with the steady-state means (a
// registration's is 1/list_turnover_per_year, the stationary state of the
// list turnover).
//
// With session booking a GP's share of the list follows their sessions:
// the patients are dealt to the GPs in turn, each GP taking as many in a
// round as they work sessions a week. Each patient holds their preferred
// GP firmly (preference_memory).
func (m *model) initRelationships(p *practice, g int) {
	s := sim.NewStream(m.cfg.Seed, "relationships", uint64(g))
	gpStart := make([]float64, p.k)
	for j := range gpStart {
		gpStart[j] = math.Inf(-1)
		if rate := p.turnover; rate > 0 {
			gpStart[j] = -s.Exp(DaysPerYear / rate)
		}
		m.gps[p.gp0+int32(j)].since = float32(gpStart[j])
	}
	var deal []uint8 // GP of each place in one round
	if m.sessions {
		for j := range p.k {
			for range m.gps[p.gp0+j].sessions {
				deal = append(deal, uint8(j))
			}
		}
	}
	hold := uint8(min(m.cfg.GP.PreferenceMemory, noGP))
	for i := p.first; i < p.first+p.slots; i++ {
		m.pt.admitted[i] = float32(math.Inf(-1))
		m.pt.lastOut[i] = float32(math.Inf(-1))
		m.pt.gp[i] = gpTie{pref: noGP, lastOther: float32(math.Inf(-1))}
	}
	n := int32(0) // the patient's place in the deal
	for i := range p.active() {
		j := n % p.k
		if m.sessions {
			j = int32(deal[int(n)%len(deal)])
		}
		n++
		m.pt.gp[i].pref = uint8(j)
		m.pt.gp[i].hold = hold
		// The draw is made whatever the turnover, for common random
		// numbers; without turnover no one has a registration date.
		reg := -s.Exp(DaysPerYear)
		if rate := m.cfg.GP.ListTurnover; rate > 0 {
			reg /= rate
		} else {
			reg = math.Inf(-1)
		}
		m.pt.gp[i].relStart = float32(max(reg, gpStart[j]))
	}
}

// sizeGPs shares the stock of GP clinical time between practices: the
// sample has one FTE GP per patients_per_gp patients (or gps_per_practice in
// every practice), each giving appointments_per_gp_year. Under need-weighted
// allocation each practice's share follows its patients' expected demand;
// when money follows contracts and activity it follows list size alone, so
// practices with needier patients are busier. Each practice's mean
// consultation length is then its named GPs over its share of the
// appointments.
func (m *model) sizeGPs() {
	gp := &m.cfg.GP
	var need float64
	var people int
	m.gpFTE = 0
	for _, p := range m.practices {
		if gp.PatientsPerGP > 0 {
			m.gpFTE += float64(p.size) / float64(gp.PatientsPerGP)
		} else {
			m.gpFTE += float64(p.k)
		}
		need += p.requestRate
		people += int(p.size)
	}
	for g := range m.practices {
		p := &m.practices[g]
		p.listShare = float64(p.size) / float64(people)
		p.needShare = p.listShare
		if need > 0 {
			p.needShare = p.requestRate / need
		}
	}
	for g := range m.practices {
		m.gpCapacity(int32(g))
	}
}

// deriveBooking caches what session booking reads from the configuration:
// the leave cut (working_weeks) and each patient type's routine tolerance.
func (m *model) deriveBooking() {
	gp := &m.cfg.GP
	m.leaveCut = uint64(math.Min(1-gp.WorkingWeeks/52, 1) * (1 << 63) * 2)
	for t := range uint8(nTypes) {
		tol := gp.ToleranceDays[ageOf(t)]
		if mmOf(t) == 1 {
			tol += gp.MultimorbidityToleranceDays
		}
		m.tolerance[t] = int32(math.Round(tol))
	}
}

// practiceTurnover is the leaving rate of a practice's GPs, per GP-year:
// lognormal with mean turnover_rate and coefficient of variation
// turnover_cv, at the practice's standard normal draw z.
func practiceTurnover(gp *GeneralPractice, z float64) float64 {
	sigma := math.Sqrt(pmath.Log(1 + gp.TurnoverCV*gp.TurnoverCV))
	return gp.TurnoverRate * pmath.Exp(sigma*z-sigma*sigma/2)
}

// gpCapacity sets practice g's GP capacity from its share of the sample's
// GP appointments (see sizeGPs): with queue booking its mean consultation
// length, with session booking the appointments in one session of each of
// the GP posts it was built with (those of a practice it took over keep
// their own).
func (m *model) gpCapacity(g int32) {
	p := &m.practices[g]
	p.serviceMean = m.gpServiceMean(p)
	if !m.sessions {
		return
	}
	j0, j1 := p.gp0, int32(len(m.gps))
	if int(g)+1 < len(m.practices) {
		j1 = m.practices[g+1].gp0
	}
	sessions := 0.0
	for j := j0; j < j1; j++ {
		sessions += float64(m.gps[j].sessions) * m.cfg.GP.WorkingWeeks
	}
	perYear := m.gpAppointments(p) * DaysPerYear
	for j := j0; j < j1; j++ {
		m.gps[j].setCapacity(perYear / sessions)
	}
	m.practices[p.root].open = 0 // days may have room again
}

// rota gives practice g's GP posts their sessions a week: GPs are added,
// each working round(normal(sessions_per_week, 1.5)) sessions clamped to
// 3..9, until they work the practice's FTE (its list over patients_per_gp,
// or gps_per_practice, times sessions_per_fte); the last works what is
// left. It sets p.k to the number of posts.
func (m *model) rota(p *practice, g, size int) []uint8 {
	gp := &m.cfg.GP
	fte := float64(gp.GPsPerPractice)
	if gp.PatientsPerGP > 0 {
		fte = float64(size) / float64(gp.PatientsPerGP)
	}
	need := max(int(math.Round(fte*gp.SessionsPerFTE)), 1)
	s := sim.NewStream(m.cfg.Seed, "gp-sessions", uint64(g))
	r := rand.New(&s)
	var week []uint8
	for need > 0 {
		n := int(math.Round(gp.SessionsPerWeek + 1.5*r.NormFloat64()))
		n = min(max(n, 3), 9, need)
		if len(week) == maxPosts-1 {
			n = need // the last post works the rest, up to 10 sessions
		}
		week = append(week, uint8(min(n, 10)))
		need -= n
	}
	p.k = int32(len(week))
	return week
}

// spread lays a GP's sessions a week over the ten half-days of the week,
// in one run from half-day off, and returns the sessions of each weekday.
func spread(sessions uint8, off int) (week [5]uint8) {
	for h := range 10 {
		if (h-off+10)%10 < int(sessions) {
			week[h/2]++
		}
	}
	return week
}

// HospitalCount returns the number of hospitals a run of cfg has: whole local
// systems of market.hospitals_per_market hospitals, each hospital with a
// catchment of about practices_per_hospital × practice_size patients, as
// many as the population holds (rounded). A population below half a local
// system has as many hospitals as it holds catchments (at least one).
func HospitalCount(cfg Config) int {
	n := float64(cfg.Population.Patients)
	catchment := float64(cfg.Hospitals.PracticesPerHospital) * float64(cfg.Population.PracticeSize)
	per := cfg.Market.HospitalsPerMarket
	if systems := int(math.Round(n / (catchment * float64(per)))); systems > 0 {
		return systems * per
	}
	return max(1, int(math.Round(n/catchment)))
}

// RepresentativePatients is the smallest sample of cfg that is
// representative: one whole local system, hospitals_per_market hospitals of
// their real catchment. Smaller samples run, but their hospitals are
// scaled down or alone, so queueing, choice and concentration do not work as
// at full size.
func RepresentativePatients(cfg Config) int {
	return cfg.Hospitals.PracticesPerHospital * cfg.Population.PracticeSize * cfg.Market.HospitalsPerMarket
}
