package nhs

import (
	"context"
	"math"
	"sync"

	"github.com/nhssim/nhssim/sim"
	"github.com/nhssim/nhssim/sim/pmath"
	"github.com/nhssim/nhssim/sim/safe"
)

// DaysPerYear is the length of a simulated year.
const DaysPerYear = 365.0

// DaysPerMonth is the width of one step of the monthly series.
const DaysPerMonth = DaysPerYear / 12

// bucketEvents is about how many events fall due in one bucket of the event
// queue; see BenchmarkRefnet.
const bucketEvents = 4.0

// Patient types: age band × deprivation quintile × multimorbidity. Within a
// practice, patients are stored grouped by type, so that drawing a patient
// in proportion to a rate that depends only on type is a draw of the type
// (an alias table) and then of a patient within it.
const nTypes = NAges * NDep * 2

func typeOf(age, dep, mm int) uint8 { return uint8((age*NDep+dep)*2 + mm) }
func ageOf(t uint8) int             { return int(t) / (2 * NDep) }
func depOf(t uint8) int             { return int(t) / 2 % NDep }
func mmOf(t uint8) int              { return int(t) % 2 }

// waiting is a patient in a queue and when they joined it.
type waiting struct {
	since   float64
	patient int32
	lost    bool // on a discharge pathway's queue: their hand-off lost information
}

// practice is a GP practice: its list, its GPs and its patients' demand.
type practice struct {
	first, size int32 // patients: size of them in slots first .. first+slots-1
	slots       int32 // places for patients (size, and the reserve for list growth)
	gp0, k      int32 // its GPs are gp0 .. gp0+k-1
	hospital    int32
	requestRate float64 // superposed consultation requests per day
	nextRequest float64 // time of the practice's next consultation request
	serviceMean float64 // mean consultation length, days
	admitRate   float64 // superposed candidate admissions per day (before thinning)
	referRate   float64 // superposed elective referrals per day
	needShare   float64 // share of the GP appointments by need, fixed at the start
	listShare   float64 // and by list size
	trust       float64 // relational coordination with social care, 0..1
	trustAt     float64 // when trust was last updated by joint work
	// Type t's places are typeStart[t] .. typeStart[t+1]-1, its patients
	// typeStart[t] .. typeEnd[t]-1 (the rest are reserve for list growth).
	typeStart [nTypes + 1]int32
	typeEnd   [nTypes]int32
	growth    float64   // list growth from new housing, per year (0 if none here)
	missing   float64   // days of the window before its newcomers from growth registered
	localDep  uint8     // the practice's own deprivation quintile
	gpTypes   sim.Alias // type of the next requester
	gpUniform bool      // every patient has the same consultation rate
	admTypes  sim.Alias // type of the next admission candidate
	refTypes  sim.Alias // type of the next elective referral
	demand    sim.Stream
	admits    sim.Stream
	referrals sim.Stream
	tenders   sim.Stream
	changes   sim.Stream // GP turnover rate, mergers and closures
	moves     sim.Stream // list turnover: patients moving away
	grows     sim.Stream // list growth: whether it grows, and its newcomers

	// Practice change: practice g books into the GPs of its root, the
	// practice that has taken it over (itself unless it has been taken
	// over). A root's list is patients first .. first+list-1.
	root       int32
	members    int32 // practices root .. root+members-1 share the root's GPs
	open       int32 // with session booking, every day before this is fully booked
	ringDay    int32 // with session booking, every post's ring starts on this day
	list       int32
	listAtWarm int32   // the root's list when the statistics window opened
	turnover   float64 // its GPs' leaving rate, per GP-year
	turnoverZ  float64 // its standard normal draw of the turnover spread
	mergerGen  int32   // generation of its pending take-over event

	// Window statistics of a root practice, for practices.csv and the
	// practice-level metrics.
	consults, usual int64
	admissions      int64
	acscN           int64 // ACSC admissions
	leavers         int64
	postDays        float64 // GP posts × days over the window
	postsAt         float64 // when postDays was last brought up to date

	// The provider of the practice's contract: its log quality (a relative
	// risk), the multiplier of its patients' ACSC hazard, the practice's
	// thinning bound, and the provider's cost, price and reserves, relative
	// to the contract's reference value.
	lq, acsc, thin       float64
	cost, price, reserve float64
	drift                sim.Stream
	// reach lists the hospitals of the local system within reach, the home
	// hospital first, with their distances.
	reach []reachable
}

// reachable is a hospital in a practice's choice set and its distance.
type reachable struct {
	h  int32
	km float64
}

// ringDays is how many days ahead a GP's appointments can be booked.
const ringDays = 64

// gp is one GP post. With queue booking, it holds the departure times of
// the patients booked and not yet gone. With session booking, it holds the
// weekly rota of the GP in post, whether the post is vacant (and covered by
// a locum), and appointments booked on each of the next ringDays days, in a
// ring: booked[d % ringDays] is day d, for days day0 .. day0+ringDays-1.
type gp struct {
	practice   int32
	departures sim.FIFO[float64]
	free       float64 // when the last patient booked will leave
	service    sim.Stream
	turnover   sim.Stream

	perSession    float64   // appointments in one session
	capacity      [7]uint16 // appointments on each day of the week (0 at weekends)
	since         float32   // when the GP in post arrived, or the post fell vacant
	week          [5]uint8  // sessions on each weekday
	sessions      uint8     // sessions a week
	vacant, locum bool
	leaveGen      int32 // generation of the post's pending leaving event; older ones are void
	day0          int32
	booked        [ringDays]uint16
}

// hospital is a hospital's beds, boarding queue, elective waiting list,
// care capacity on the discharge pathways (home-care hours, step-down beds,
// care-home places), virtual-ward places, and its social-care team's trust.
type hospital struct {
	beds         int32
	freeBeds     int32
	escalation   int32                // winter escalation beds open, among beds
	care         [nPathways]careStock // places on pathways 1-3 (0 unused)
	wardPlaces   int32
	freeWard     int32
	poolWard     int32   // of wardPlaces, the step-up places a pool has bought
	electiveRate float64 // elective capacity for overnight admissions, per day
	clinicRate   float64 // elective capacity for treatments without a bed, per day
	nextClinic   float64 // when the next treatment without a bed is due
	episodes     float64 // expected bed episodes a year, for per-episode rates
	people       int32   // patients in the catchment
	quality      float64 // relative risk of death and readmission, exp(lq)
	lq, le       float64 // log quality and log efficiency
	losMult      float64 // multiplier of every stay: efficiency, quality and payment
	pressure     float64 // lagged competition it faces: −log HHI of where its catchment's referrals went
	received     int64   // referrals received since the last review
	g0, g1       int32   // the practices of its catchment
	size         float64 // its capacity (beds, elective sessions) per head over its local system's
	admits       float64 // expected emergency admissions per day, for per-episode rates
	reserve      float64 // reserves, in years of its reference income
	low          float64 // its lowest reserves at a review in the window (its deepest debt), or its starting reserves
	lastCost     float64 // its cost at the last review, relative to its reference income
	lastList     int64   // its waiting list at the last review
	dip, dipEnd  float64 // its own productivity dip after a takeover, and when it ends
	entrant      bool    // a new elective provider works in its catchment
	entryAt      float64 // when a decided entrant opens (0: none decided)
	entrantRate  float64 // the entrant's elective capacity, per day (part of clinicRate)
	x            float64 // its place on its local system's line, km
	sent         []int64 // the window's referrals from its catchment, by hospital of the local system
	recent       []int64 // the same since the last review, warm-up included
	trust        float64
	trustAt      float64
	boarding     sim.FIFO[waiting]
	waitingList  sim.FIFO[waiting]
	stays        sim.Stream
	packages     sim.Stream
	delays       sim.Stream // discharge delays: their number of draws varies with the levers
	electives    sim.Stream
	community    sim.Stream
	team         sim.Stream
	contracts    sim.Stream // invoices and disputes: drawn only under activity payment
	deaths       sim.Stream
	clinics      sim.Stream
	review       sim.Stream
	amb          ambulance    // its catchment's ambulance crews and its emergency department (ambulance.service)
	mh           mentalHealth // its catchment's mental health beds (mental_health.service)
	oohStream    sim.Stream   // every out-of-hours draw of its catchment (out_of_hours.service)
	oohFree      []float64    // when each out-of-hours clinician of the service it holds is next free

	// Beds occupied and in the stock, by month of the window, for the
	// overload warnings (each hospital is judged on its own beds).
	occupied, stock sim.Level
}

// gpTie is a patient's tie to general practice: their preferred (usual)
// GP and the window's consultations. Booking reads and writes all of it,
// so it is one 16-byte record, within one cache line, rather than four
// arrays (one read of main memory a booking rather than four).
type gpTie struct {
	relStart  float32 // day the relationship with the preferred GP began; before the post's since, the GP has left
	lastOther float32 // day of the last consultation with another GP
	nUsual    uint16  // consultations in the window with the usual GP
	nOther    uint16  // and with other GPs
	pref      uint8   // the preferred GP, within the root practice's GPs; noGP if none
	hold      uint8   // how firmly the preferred GP is held (preference_memory)
	joined    uint16  // day the patient registered, halved and rounded up; 0 from the start (in the record's padding)
}

// patients holds per-patient state as parallel arrays (26 bytes a patient).
type patients struct {
	typ      []uint8   // age band, deprivation quintile, multimorbidity
	gp       []gpTie   // the patient's tie to general practice
	acsc     []uint8   // ACSC admissions in the window (saturating)
	admitted []float32 // day of the current admission (-1 - the day if the patient dies of it: stayOf); -Inf before any
	lastOut  []float32 // day of the last emergency discharge (of becoming fit, while waiting to leave); -Inf before any
}

// model is one run in progress.
type model struct {
	cfg       Config
	k         *sim.Kernel
	warmup    float64
	horizon   float64
	pt        patients
	practices []practice
	gps       []gp
	hospitals []hospital
	// hospitalShare is how many hospitals of full size one simulated
	// hospital stands for: 1 at a whole local system, less in a smaller
	// sample, whose hospital serves fewer people. Costs that come whole per
	// organisation (an exit, an entrant's contract) are scaled by it, so
	// that a small sample does not spread a whole organisation's cost over
	// its few patients.
	hospitalShare float64
	span          span               // the part of the model this kernel runs
	pathCum       [nTypes][3]float64 // cumulative probabilities of pathways 3, 2 and 1 by patient type
	careMeanDays  [nPathways]float64 // mean time a place is held, by pathway
	pkgHours      [nTypes]int32      // hours a week of a pathway 1 package, by patient type
	poolFrom      float64            // when budgets were pooled (capacity_lag_months runs from it)
	frailtyKey    uint64             // hashes patients' frailty ranks and review cycles (hospitals.frailty_sd, integration.mdt_*)
	mdt           mdtState           // case-finding by multidisciplinary review
	amp           float64            // amplitude of the seasonal multiplier of emergency demand
	profile       [12]float64        // demand.monthly_profile scaled to mean 1
	seasonTop     float64            // the seasonal multiplier's bound: (1+amp) × the profile's largest month
	year          float64            // years of demand growth applied
	dip           float64            // current productivity dip after a reorganisation
	gpFTE         float64            // FTE GPs of the whole sample
	highRisk      int                // patients eligible for case management (65 and over, multimorbid)
	recordsFrom   float64            // when records were shared (adoption runs from it)
	money         money              // this part's budget
	moments       []moment
	stats         stats
	sessions      bool            // session booking (general_practice.booking)
	tolerance     [nTypes]int32   // routine tolerance for the preferred GP, days
	leaveKey      uint64          // hashes which weeks a GP is on leave
	leaveCut      uint64          // a week is leave if its hash is below this
	done          <-chan struct{} // closed to stop the run early; nil never stops
	stopped       bool            // the run stopped before the horizon
	touched       uint32          // keeps touchPatients' reads (gpRequests)
	ages, deps    sim.Alias       // age bands and deprivation quintiles of newcomers (list growth)
	oohPerDemand  float64         // out-of-hours requests per unit of GP demand in an out-of-hours period
	oohNext       []oohNext       // the part's catchments' next out-of-hours requests
	oohLeast      float64         // the smallest relationship multiplier of out-of-hours requests
}

// checkEvery is how many events a run goes between looks at whether it has
// been stopped: a power of two, often enough that a stop takes effect
// within a few milliseconds, rarely enough to cost nothing measurable.
const checkEvery = 1 << 12

// Simulate runs the configuration, which must be valid, on one goroutine and
// returns its statistics.
func Simulate(cfg Config) *Result { return SimulateParallel(cfg, 1) }

// SimulateParallel runs the configuration's market areas on up to workers
// goroutines. The result is identical for any number of workers: the areas
// are independent, each has its own kernel and random streams, and their
// statistics are added in a fixed order.
func SimulateParallel(cfg Config, workers int) *Result {
	res, _ := SimulateContext(context.Background(), cfg, workers)
	return res
}

// SimulateContext is SimulateParallel that stops soon after ctx is done,
// within a few thousand events of each running market area, and then
// returns ctx's error and no result.
func SimulateContext(ctx context.Context, cfg Config, workers int) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := build(cfg)
	m.done = ctx.Done()
	areas := m.markets()
	parts := make([]*model, len(areas))
	next := make(chan int)
	var wg sync.WaitGroup
	var c safe.Catcher // a panic on a worker is raised again here
	for range max(1, min(workers, len(areas))) {
		wg.Go(func() {
			for i := range next {
				func() {
					defer c.Catch()
					parts[i] = m.part(areas[i])
					parts[i].run()
				}()
			}
		})
	}
	for i := range areas {
		next <- i
	}
	close(next)
	wg.Wait()
	c.Repanic()
	for _, p := range parts {
		if p.stopped {
			return nil, ctx.Err()
		}
	}
	for _, p := range parts {
		m.stats.add(&p.stats)
	}
	return m.result(), nil
}

// run simulates the model's span to the horizon.
func (m *model) run() {
	for _, mech := range mechanisms {
		if mech.start != nil {
			mech.start(m, m.span)
		}
	}
	for {
		e, ok := m.k.Next(m.horizon)
		if !ok {
			break
		}
		if m.k.Events()%checkEvery == 0 && m.stop() {
			return
		}
		handlers[e.Kind()](m, e.A, e.B)
	}
	for h := m.span.h0; h < m.span.h1; h++ {
		m.clinics(h, m.horizon)
		m.hospitals[h].occupied.Close(m.horizon)
		m.hospitals[h].stock.Close(m.horizon)
	}
	m.stats.close(m.horizon)
	m.stats.Events = int64(m.k.Events())
}

// stop reports whether the run has been told to stop, and marks it stopped.
func (m *model) stop() bool {
	select {
	case <-m.done:
		m.stopped = true
		return true
	default:
		return false
	}
}

// relationshipYears is how long patient i, of practice g, has been with
// their usual (preferred) GP at time t: 0 if that GP has left.
func (m *model) relationshipYears(g, i int32, t float64) float64 {
	if !m.preferred(g, i) {
		return 0
	}
	return (t - float64(m.pt.gp[i].relStart)) / DaysPerYear
}

// preferred says whether patient i, of practice g, still has a preferred
// GP. With session booking a GP who leaves stays a patient's preference
// until the patient next sees a named GP, so that a leaving costs no pass
// over the list; a preference formed before the post's GP arrived (or while
// it is vacant) is no one's.
func (m *model) preferred(g, i int32) bool {
	if !m.sessions {
		return true
	}
	r := &m.practices[m.practices[g].root]
	pref := int32(m.pt.gp[i].pref)
	if pref >= r.k {
		return false
	}
	d := &m.gps[r.gp0+pref]
	return !d.vacant && m.pt.gp[i].relStart >= d.since
}

// continuityMultiplier is the ACSC admission hazard multiplier of patient i
// now: a longer relationship with the usual GP lowers it (Sandvik 2022), a
// recent consultation with another GP raises it (Tammes 2017).
func (m *model) continuityMultiplier(g, i int32) float64 {
	c := &m.cfg.Continuity
	mult := 1.0
	if c.RelationshipElasticity != 0 {
		l := min(max(m.relationshipYears(g, i, m.k.Now()), 1), 15)
		mult = pmath.Pow(l, -c.RelationshipElasticity)
	}
	// A consultation booked with another GP counts from its start.
	if since := m.k.Now() - float64(m.pt.gp[i].lastOther); since >= 0 && since < c.DiscontinuityDays {
		mult *= c.DiscontinuityOR
	}
	return mult
}

// EstimateMemory is a conservative estimate, in bytes, of the memory a run
// of cfg needs: 26 bytes of state per patient and the slack the Go runtime
// keeps around it, the entities, the event queues and a fixed base. It is
// worked out in float64 and saturates at [MaxMemoryEstimate], so that a
// configuration whose list growth compounds past any memory is estimated
// as too large, never as small.
func EstimateMemory(cfg Config) int64 {
	const perPatient, perPractice, base = 40, 4096, 64 << 20
	practices := float64(cfg.Population.Patients)/float64(max(cfg.Population.PracticeSize/2, 1)) + 1
	places := float64(cfg.Population.Patients)
	if gp := &cfg.GP; gp.ListGrowth > 0 {
		// Reserve places for list growth: the horizon's growth in the
		// growing practices, and the margins of each type's reserve.
		places *= 1.1 * growthFactor(&cfg)
	}
	b := math.Floor(places)*perPatient + practices*perPractice + base
	if !(b < MaxMemoryEstimate) { // NaN too
		return MaxMemoryEstimate
	}
	return int64(b)
}

// MaxMemoryEstimate is the most [EstimateMemory] returns, 2^62 bytes:
// more than any machine has, and still far from wrapping an int64 when
// added to or multiplied by a small count.
const MaxMemoryEstimate = 1 << 62
