// Package compare runs scenarios side by side on common random numbers and
// summarises them: every metric's mean and 95% interval per scenario, paired
// differences against a baseline, monthly bands, and the attribution of a
// difference to the levers that make it.
package compare

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/stats"
)

// Level is the confidence level of every interval.
const Level = 0.95

// Precision is the relative half-width that replicates should reach for a
// headline metric to count as estimated well enough: ±5% of its mean.
const Precision = 0.05

// Scenario is one scenario's replicates: Results[k] ran with the k-th seed.
type Scenario struct {
	Name    string
	Results []*nhs.Result
}

// Simulate runs every configuration in cfgs once with each seed, on up to
// workers goroutines, and returns the results as out[config][replicate].
// Replicate k of every configuration runs with seeds[k], whatever the seed
// in the configuration. done is called after each run, as in [runner.Map].
func Simulate(ctx context.Context, cfgs []nhs.Config, seeds []uint64, workers int, done func()) ([][]*nhs.Result, error) {
	r := len(seeds)
	flat, err := runner.Map(ctx, len(cfgs)*r, workers, func(i int) *nhs.Result {
		cfg := cfgs[i/r]
		cfg.Seed = seeds[i%r]
		res, _ := nhs.SimulateContext(ctx, cfg, 1) // nil if ctx is done, and then so is Map
		return res
	}, done)
	if err != nil {
		return nil, err
	}
	out := make([][]*nhs.Result, len(cfgs))
	for c := range out {
		out[c] = flat[c*r : (c+1)*r]
	}
	return out, nil
}

// Values returns the metric's value in each replicate: NaN where it is
// undefined or missing.
func (s *Scenario) Values(metric string) []float64 {
	out := make([]float64, len(s.Results))
	for k, r := range s.Results {
		out[k] = value(r, metric)
	}
	return out
}

func value(r *nhs.Result, metric string) float64 {
	if v, ok := r.Metric(metric); ok {
		return v
	}
	return math.NaN()
}

// Metrics returns the names of the metrics that any of the scenarios
// reports, in order of first appearance.
func Metrics(scs []Scenario) []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range scs {
		for _, r := range s.Results {
			for _, m := range r.Metrics {
				if !seen[m.Name] {
					seen[m.Name] = true
					names = append(names, m.Name)
				}
			}
		}
	}
	return names
}

// CostCategories returns the categories of the cost_per_head_CATEGORY
// metrics ([nhs.CostPrefix]) that any of the scenarios reports, in order of
// first appearance: the duplication and transaction costs, not the care
// delivered ([nhs.CarePrefix]).
func CostCategories(scs []Scenario) []string {
	var cats []string
	seen := map[string]bool{}
	for _, s := range scs {
		for _, r := range s.Results {
			for _, m := range r.Metrics {
				c, ok := strings.CutPrefix(m.Name, nhs.CostPrefix)
				if ok && !seen[c] && !strings.HasPrefix(m.Name, nhs.CarePrefix) {
					seen[c] = true
					cats = append(cats, c)
				}
			}
		}
	}
	return cats
}

// HeadlineMetrics returns the headline metrics of the registry
// ([nhs.HeadlineMetrics]) that the scenarios report, in order.
func HeadlineMetrics(scs []Scenario) []string {
	all := map[string]bool{}
	for _, m := range Metrics(scs) {
		all[m] = true
	}
	var out []string
	for _, m := range nhs.HeadlineMetrics() {
		if all[m] {
			out = append(out, m)
		}
	}
	return out
}

// Row is one metric's estimate in one scenario.
type Row struct {
	Scenario, Metric string
	stats.Estimate
}

// Summary returns the mean and interval of every metric in every scenario,
// scenario by scenario, metrics in the order of [Metrics].
func Summary(scs []Scenario) []Row {
	var rows []Row
	metrics := Metrics(scs)
	for i := range scs {
		for _, m := range metrics {
			rows = append(rows, Row{scs[i].Name, m, stats.MeanCI(scs[i].Values(m), Level)})
		}
	}
	return rows
}

// Difference is the paired difference of a metric between a scenario and
// the baseline: scenario minus baseline, replicate by replicate.
type Difference struct {
	Scenario, Baseline, Metric string
	stats.Estimate
}

// Differences returns the paired difference of every metric between each
// scenario after the first and the first, the baseline.
func Differences(scs []Scenario) []Difference {
	var rows []Difference
	metrics := Metrics(scs)
	for i := 1; i < len(scs); i++ {
		for _, m := range metrics {
			rows = append(rows, Difference{scs[i].Name, scs[0].Name, m, stats.PairedCI(scs[0].Values(m), scs[i].Values(m), Level)})
		}
	}
	return rows
}

// Band returns the named monthly series' mean and interval over the
// replicates, month by month (element 0 is month 1), or nil if no replicate
// has the series. Replicates of different lengths are cut to the shortest.
func (s *Scenario) Band(series string) []stats.Estimate {
	var runs [][]float64
	for _, r := range s.Results {
		for _, ser := range r.Series {
			if ser.Name == series {
				runs = append(runs, ser.Value)
				break
			}
		}
	}
	if len(runs) == 0 {
		return nil
	}
	n := len(runs[0])
	for _, v := range runs {
		n = min(n, len(v))
	}
	out := make([]stats.Estimate, n)
	xs := make([]float64, len(runs))
	for m := range out {
		for k, v := range runs {
			xs[k] = v[m]
		}
		out[m] = stats.MeanCI(xs, Level)
	}
	return out
}

// Trend says whether the named monthly series still moves over the
// statistics window: each replicate's least-squares slope over the window's
// months (from WarmupMonth on; NaN months left out), times the window's
// length, over that replicate's mean, as a mean and interval across the
// replicates. It is the series' change over the window as a share of its
// level: an interval that excludes 0 says the window averages a system
// still on the move. The replicates are independent, so the interval needs
// no correction for the autocorrelation within a series. ok is false if no
// replicate has the series or the window has fewer than three months.
func (s *Scenario) Trend(series string) (change stats.Estimate, ok bool) {
	return TrendOf(s.seriesRuns(series), s.WarmupMonth()-1)
}

// TrendOf is [Scenario.Trend] over monthly series given directly, one a
// replicate, the window starting at index first (the warm-up's length in
// months): each replicate's least-squares change over the window as a
// share of its mean, as a mean and interval across the replicates. ok is
// false if no replicate has three months in the window. docs' generated
// figures call it on the gallery's committed series.
func TrendOf(runs [][]float64, first int) (change stats.Estimate, ok bool) {
	var changes []float64
	for _, v := range runs {
		if len(v)-first < 3 {
			continue
		}
		changes = append(changes, relativeChange(v[first:]))
	}
	if len(changes) == 0 {
		return stats.Estimate{}, false
	}
	return stats.MeanCI(changes, Level), true
}

// relativeChange is the least-squares line's change over v's months over
// v's mean, leaving NaN months out; NaN if fewer than three months count or
// the mean is 0.
func relativeChange(v []float64) float64 {
	var n, sx, sy, sxx, sxy float64
	for i, y := range v {
		if math.IsNaN(y) {
			continue
		}
		x := float64(i)
		n, sx, sy, sxx, sxy = n+1, sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	den := n*sxx - sx*sx
	if n < 3 || den == 0 || sy == 0 {
		return math.NaN()
	}
	slope := (n*sxy - sx*sy) / den
	return slope * float64(len(v)-1) / (sy / n)
}

// UPCHistogram returns the distribution of UPC over patients (see
// [nhs.Result.UPCHistogram]) averaged over the replicates that report it,
// in replicate order, or nil if none does. Histograms of different lengths
// are cut to the shortest.
func (s *Scenario) UPCHistogram() []float64 {
	var runs [][]float64
	for _, r := range s.Results {
		if len(r.UPCHistogram) > 0 {
			runs = append(runs, r.UPCHistogram)
		}
	}
	if len(runs) == 0 {
		return nil
	}
	n := len(runs[0])
	for _, h := range runs {
		n = min(n, len(h))
	}
	out := make([]float64, n)
	for _, h := range runs {
		for k := range out {
			out[k] += h[k]
		}
	}
	for k := range out {
		out[k] /= float64(len(runs))
	}
	return out
}

// WarmupMonth returns the first month after the warm-up in s's runs.
func (s *Scenario) WarmupMonth() int {
	if len(s.Results) == 0 {
		return 1
	}
	return s.Results[0].WarmupMonth
}

// Adequacy says whether the replicates estimate the headline metrics to
// [Precision].
type Adequacy struct {
	Enough bool
	Worst  Row // the row with the widest interval relative to its mean
	Need   int // replicates that would bring Worst within Precision
	Rows   int // rows checked; 0 if none had an interval
}

// CheckReplicates checks the rows of summary for the given metrics: the
// replicates are enough if every interval's half-width is within target of
// its mean. Rows without an interval or with a mean of zero are skipped.
func CheckReplicates(summary []Row, metrics []string, target float64) Adequacy {
	a := Adequacy{Enough: true}
	worst := -1.0
	for _, r := range summary {
		rel := r.RelHalfWidth()
		if math.IsNaN(rel) || !slices.Contains(metrics, r.Metric) {
			continue
		}
		a.Rows++
		if rel > worst {
			worst, a.Worst = rel, r
		}
	}
	if a.Rows == 0 {
		return Adequacy{}
	}
	a.Enough = worst <= target
	a.Need = stats.ReplicatesFor(a.Worst.Estimate, target)
	return a
}

// DifferenceBand returns other's paired difference from base in the named
// monthly series, month by month, with its interval: other minus base,
// replicate by replicate. It is nil if either lacks the series.
func DifferenceBand(base, other *Scenario, series string) []stats.Estimate {
	a, b := base.seriesRuns(series), other.seriesRuns(series)
	if len(a) == 0 || len(a) != len(b) {
		return nil
	}
	n := len(a[0])
	for k := range a {
		n = min(n, len(a[k]), len(b[k]))
	}
	out := make([]stats.Estimate, n)
	xs, ys := make([]float64, len(a)), make([]float64, len(b))
	for m := range out {
		for k := range a {
			xs[k], ys[k] = a[k][m], b[k][m]
		}
		out[m] = stats.PairedCI(xs, ys, Level)
	}
	return out
}

// seriesRuns returns the named series of each replicate, or nil if any
// replicate lacks it.
func (s *Scenario) seriesRuns(series string) [][]float64 {
	runs := make([][]float64, len(s.Results))
	for k, r := range s.Results {
		for _, ser := range r.Series {
			if ser.Name == series {
				runs[k] = ser.Value
				break
			}
		}
		if runs[k] == nil {
			return nil
		}
	}
	return runs
}
