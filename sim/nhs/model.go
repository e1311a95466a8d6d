package nhs

import (
	"math"

	"github.com/nhssim/nhssim/sim"
)

// DaysPerYear is the length of a simulated year.
const DaysPerYear = 365.0

// bucketEvents is about how many events fall due in one bucket of the event
// queue; see BenchmarkRefnet.
const bucketEvents = 4.0

// DaysPerMonth is the width of one step of the monthly series.
const DaysPerMonth = DaysPerYear / 12

// Event kinds.
const (
	evGPRequest  uint8 = iota // A: practice
	evGPDone                  // A: GP
	evAdmission               // A: hospital
	evStayEnd                 // A: hospital, B: patient
	evPackageEnd              // A: hospital
)

// waiting is a patient in a queue and when they joined it.
type waiting struct {
	since   float64
	patient int32
}

// practice is a GP practice: its list and its GPs.
type practice struct {
	first, size int32   // patients first .. first+size-1
	gp0         int32   // index of its first GP
	requestRate float64 // superposed consultation requests per day
	serviceMean float64 // mean consultation length, days
	demand      sim.Stream
}

// gp is one GP's waiting line.
type gp struct {
	busy    bool
	line    sim.FIFO[waiting]
	service sim.Stream
}

// hospital is a hospital's beds, boarding queue and package slots.
type hospital struct {
	admissionRate float64 // per day
	beds, slots   int32
	freeBeds      int32
	freeSlots     int32
	boarding      sim.FIFO[waiting]
	delayed       sim.FIFO[int32] // medically fit patients waiting for a package
	arrivals      sim.Stream
	stays         sim.Stream
	packages      sim.Stream
}

// model is one run in progress.
type model struct {
	cfg       Config
	k         *sim.Kernel
	warmup    float64
	horizon   float64
	usualGP   []uint8 // per patient: index of the usual GP within the practice
	practices []practice
	gps       []gp
	hospitals []hospital
	stats     stats
}

// Simulate simulates the configuration, which must be valid, and returns its
// statistics.
func Simulate(cfg Config) *Result {
	m := build(cfg)
	m.run()
	return m.result()
}

func build(cfg Config) *model {
	m := &model{
		cfg:     cfg,
		warmup:  cfg.Run.WarmupYears * DaysPerYear,
		horizon: cfg.Run.Years * DaysPerYear,
	}
	n, size, k := cfg.Population.Patients, cfg.Population.PracticeSize, cfg.GP.GPsPerPractice
	nPractices := (n + size - 1) / size
	perHosp := cfg.Hospitals.PracticesPerHospital
	nHospitals := (nPractices + perHosp - 1) / perHosp
	// Bucket width: the time in which about bucketEvents events fall due.
	perDay := float64(n) * (2*cfg.GP.ConsultationRate + 3*cfg.Hospitals.EmergencyAdmissionRate) / DaysPerYear
	width := 0.0
	if perDay > 0 {
		width = bucketEvents / perDay
	}
	m.k = sim.New(width, nPractices+nPractices*k+4*nHospitals)
	seed := cfg.Seed

	m.usualGP = make([]uint8, n)
	for i := range m.usualGP {
		m.usualGP[i] = uint8((i % size) % k)
	}
	m.practices = make([]practice, nPractices)
	m.gps = make([]gp, nPractices*k)
	for g := range m.practices {
		first := g * size
		sz := min(size, n-first)
		rate := float64(sz) * cfg.GP.ConsultationRate / DaysPerYear
		perGP := rate / float64(k)
		m.practices[g] = practice{
			first: int32(first), size: int32(sz), gp0: int32(g * k),
			requestRate: rate,
			serviceMean: cfg.GP.TargetUtilisation / perGP,
			demand:      sim.NewStream(seed, "gp-demand", uint64(g)),
		}
		for j := range k {
			m.gps[g*k+j].service = sim.NewStream(seed, "gp-service", uint64(g*k+j))
		}
	}
	m.hospitals = make([]hospital, nHospitals)
	for h := range m.hospitals {
		registered := 0
		for g := h * perHosp; g < min((h+1)*perHosp, nPractices); g++ {
			registered += int(m.practices[g].size)
		}
		a := float64(registered) * cfg.Hospitals.EmergencyAdmissionRate / DaysPerYear
		beds := int32(math.Ceil(a * cfg.Hospitals.LOSMeanDays / cfg.Hospitals.BedUtilisation))
		slots := int32(math.Ceil(a * cfg.SocialCare.PackageProbability * cfg.SocialCare.PackageMeanDays / cfg.SocialCare.SlotUtilisation))
		m.hospitals[h] = hospital{
			admissionRate: a,
			beds:          beds, freeBeds: beds,
			slots: slots, freeSlots: slots,
			arrivals: sim.NewStream(seed, "admissions", uint64(h)),
			stays:    sim.NewStream(seed, "stays", uint64(h)),
			packages: sim.NewStream(seed, "packages", uint64(h)),
		}
	}
	m.stats.init(m.warmup, m.horizon)
	return m
}

func (m *model) run() {
	for g := range m.practices {
		p := &m.practices[g]
		if p.requestRate > 0 {
			m.k.After(p.demand.Exp(1/p.requestRate), 0, evGPRequest, int32(g), 0)
		}
	}
	for h := range m.hospitals {
		hp := &m.hospitals[h]
		if hp.admissionRate > 0 {
			m.k.After(hp.arrivals.Exp(1/hp.admissionRate), 0, evAdmission, int32(h), 0)
		}
	}
	for {
		e, ok := m.k.Next(m.horizon)
		if !ok {
			break
		}
		switch e.Kind() {
		case evGPRequest:
			m.gpRequest(e.A)
		case evGPDone:
			m.gpDone(e.A)
		case evAdmission:
			m.admission(e.A)
		case evStayEnd:
			m.stayEnd(e.A, e.B)
		case evPackageEnd:
			m.packageEnd(e.A)
		}
	}
	m.stats.close(m.horizon)
}
