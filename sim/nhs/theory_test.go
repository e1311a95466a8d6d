package nhs

import (
	"math"
	"testing"
)

// replicate runs cfg under seeds 1..r and returns the mean and standard error
// of a metric across them. Replicates are independent, so the spread between
// them measures the run-length noise that a tolerance must allow for.
func replicate(t *testing.T, cfg Config, r int, metric string) (mean, se float64) {
	t.Helper()
	var xs []float64
	for seed := 1; seed <= r; seed++ {
		cfg.Seed = uint64(seed)
		v, ok := Simulate(cfg).Metric(metric)
		if !ok || math.IsNaN(v) {
			t.Fatalf("metric %s missing or NaN", metric)
		}
		xs = append(xs, v)
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(r)
	for _, x := range xs {
		se += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(se / float64(r-1) / float64(r))
}

// checkTheory fails unless got lies within 4 standard errors of want, with a
// floor of 1% of want for the case where the replicates happen to agree
// closely.
func checkTheory(t *testing.T, name string, got, se, want float64) {
	t.Helper()
	tol := max(4*se, 0.01*want)
	t.Logf("%s: simulated %.5f ± %.5f (s.e.), theory %.5f", name, got, se, want)
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.5f, theory says %.5f (tolerance %.5f = max(4 s.e., 1%%))", name, got, want, tol)
	}
}

// With an unbounded tolerance at the usual GP every patient queues for their
// usual GP, so each GP is an M/M/1 queue: arrival rate λ = (P/K)·rate/365 and
// service rate μ = appointments_per_gp_year/365, with mean wait in the
// queue ρ/(μ−λ), ρ = λ/μ.
func TestTheoryGPIsMM1(t *testing.T) {
	if testing.Short() {
		t.Skip("long run")
	}
	cfg := refnetConfig()
	cfg.GP.UsualGPQueueTolerance = 1 << 30
	cfg.Hospitals.EmergencyAdmissionRate = 0 // no hospital events: faster
	cfg.Run.Years, cfg.Run.WarmupYears = 6, 1
	lam := float64(cfg.Population.PracticeSize) / float64(cfg.GP.GPsPerPractice) * cfg.GP.ConsultationRate / DaysPerYear
	mu := cfg.GP.AppointmentsPerGPYear / DaysPerYear
	rho := lam / mu
	mean, se := replicate(t, cfg, 5, "gp_wait_mean_days")
	checkTheory(t, "M/M/1 mean wait (days)", mean, se, rho/(mu-lam))
	share, _ := replicate(t, cfg, 2, "usual_gp_share")
	if share != 1 {
		t.Errorf("usual_gp_share = %v with an unbounded tolerance, want 1", share)
	}
}

// erlangC is the probability that an arrival to an M/M/c queue with offered
// load a = λ/μ must wait, by the stable recurrence on the Erlang B formula.
func erlangC(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	rho := a / float64(c)
	return b / (1 - rho + rho*b)
}

// With no care packages each hospital is an M/M/c queue: c beds, arrival
// rate λ = n·rate/365, mean stay 1/μ. Its mean wait for a bed is
// C(c, λ/μ)/(cμ − λ) and its occupancy λ/(cμ).
func TestTheoryHospitalIsMMc(t *testing.T) {
	if testing.Short() {
		t.Skip("long run")
	}
	cfg := refnetConfig()
	cfg.SocialCare.PackageProbability = 0
	cfg.GP.ConsultationRate = 0                                               // no GP events: faster
	cfg.Hospitals.PracticesPerHospital, cfg.Market.HospitalsPerMarket = 10, 1 // one hospital
	cfg.Hospitals.BedsPer1000 = 1.49                                          // 149 beds at 92% occupancy: busy enough that waits are not rare
	cfg.Run.Years, cfg.Run.WarmupYears = 41, 1
	lam := float64(cfg.Population.Patients) * cfg.Hospitals.EmergencyAdmissionRate / DaysPerYear
	los := cfg.Hospitals.LOSMeanDays
	c := int(math.Round(float64(cfg.Population.Patients) / 1000 * cfg.Hospitals.BedsPer1000))
	a := lam * los
	wait := erlangC(c, a) / (float64(c)/los - lam)

	mean, se := replicate(t, cfg, 5, "bed_wait_mean_days")
	checkTheory(t, "M/M/c mean wait for a bed (days)", mean, se, wait)
	occ, occSE := replicate(t, cfg, 5, "bed_occupancy")
	checkTheory(t, "M/M/c occupancy", occ, occSE, a/float64(c))
}
