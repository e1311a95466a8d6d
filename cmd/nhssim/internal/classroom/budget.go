package classroom

import (
	"fmt"
	"math"
	"runtime"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// DefaultThroughput is the patient-years of simulation that one core is
// assumed to do in a second, for the work budget: about 40% of the slowest
// shipped scenario's rate measured on one core (1.13 million patient-years
// a second at 200,000 patients over 10 years; 1.31 million for a whole
// classroom comparison with its attribution, bench figures in
// docs/reliability.md), so that a slower computer or a busier one still
// finishes what it accepts.
const DefaultThroughput = 500_000

// budgetShare is the share of RunTimeout that an accepted run's estimated
// time may take: the rest is margin for a slower computer, for scenarios
// with more events per patient than the shipped ones, and for drawing the
// charts.
const budgetShare = 0.5

// cost is what a checked run will take: its simulations, the patient-years
// they simulate, and the memory of each.
type cost struct {
	runs, concurrent int
	patientYears     float64
	perRun           int64
}

func costOf(job *cmpreport.Job, replicates, workers int) cost {
	c := cost{runs: job.Runs(), concurrent: max(1, min(workers, job.Runs()))}
	for _, cfg := range job.Configs() {
		// List growth adds patients: count the population at the horizon.
		grown := float64(cfg.Population.Patients) * math.Pow(1+cfg.GP.ListGrowth, cfg.Run.Years)
		c.patientYears += grown * cfg.Run.Years * float64(replicates)
		c.perRun = max(c.perRun, nhs.EstimateMemory(cfg))
	}
	return c
}

// cores is the processors one run can count on when every run slot is
// busy: its share of the machine, at most its workers.
func (s *Server) cores(c cost) float64 {
	return min(float64(c.concurrent), float64(runtime.GOMAXPROCS(0))/float64(s.opt.Runs))
}

// fits refuses, before anything is queued, a run that would not fit in its
// share of the memory (each of the Runs slots may use 1/Runs of it, so that
// every slot busy at once still fits) or could not finish within
// RunTimeout with every slot busy. Each refusal says what would fit.
func (s *Server) fits(req runRequest, job *cmpreport.Job) error {
	o := s.opt
	c := costOf(job, req.Replicates, o.Workers)
	if s.memory > 0 {
		need := memlimit.Job{PerRun: c.perRun, Concurrent: c.concurrent}.Need()
		slot := s.memory / int64(o.Runs)
		if need > slot {
			perPatient := float64(c.perRun) / float64(req.Patients)
			fit := roundDown(float64(slot) / float64(c.concurrent) / perPatient * 0.9)
			return sentence(fmt.Sprintf("This run needs about %s of memory (%d simulations at once, %s each), more than each of this server's %d runs at once may use: %s of the %s available (%s). %s",
				gb(need), c.concurrent, gb(c.perRun), o.Runs, gb(slot), gb(s.memory), s.memSource, tryFewer(fit, req.Patients, "years")))
		}
	}
	rate := o.Throughput * s.cores(c)
	est := c.patientYears / rate
	limit := o.RunTimeout.Seconds() * budgetShare
	if est > limit {
		fit := roundDown(float64(req.Patients) * limit / est)
		return sentence(fmt.Sprintf("This run is too large for this server: %d simulations of %s patients over %d years, %s patient-years in all, "+
			"could take about %s with every run slot busy, and this server takes only runs it expects to finish in %s (half its limit of %s, as a margin). %s",
			c.runs, numfmt.Group(float64(req.Patients)), req.Years, numfmt.Group(c.patientYears), minutes(est), minutes(limit), minutes(o.RunTimeout.Seconds()), tryFewer(fit, req.Patients, "years or replicates")))
	}
	return nil
}

// sentence is an error the page shows as it is: a whole sentence, or
// more, capitalised and ending in a full stop.
type sentence string

func (s sentence) Error() string { return string(s) }

// tryFewer advises a smaller run: at most fit patients, or, if no run of
// this scenario at 1,000 patients fits, fewer of the others.
func tryFewer(fit float64, patients int, others string) string {
	if fit < 1000 || fit >= float64(patients) {
		return "Try fewer " + others + "."
	}
	return fmt.Sprintf("Try at most %s patients, or fewer %s.", numfmt.Group(fit), others)
}

// roundDown rounds a number of patients down to two significant digits.
func roundDown(x float64) float64 {
	if !(x >= 100) {
		return math.Max(0, math.Floor(x))
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Floor(x/p) * p
}

func gb(b int64) string { return fmt.Sprintf("%.1f GB", float64(b)/1e9) }

// minutes writes a duration for people: seconds under two minutes.
func minutes(sec float64) string {
	switch {
	case sec < 120:
		return fmt.Sprintf("%s seconds", numfmt.Group(math.Ceil(sec)))
	case sec < 600:
		return fmt.Sprintf("%.1f minutes", sec/60)
	case sec < 1e9:
		return fmt.Sprintf("%s minutes", numfmt.Group(sec/60))
	}
	return "more than 30 years"
}
