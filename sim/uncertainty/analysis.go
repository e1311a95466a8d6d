package uncertainty

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/stats"
)

// Level is the coverage of every interval: 95%.
const Level = 0.95

// Outcome is every run of an analysis: Y[s][i][r][m] is metric m of
// scenario s at draw i, replicate r (NaN where it is undefined).
type Outcome struct {
	Design    *Design
	Scenarios []string
	Seeds     []uint64
	Metrics   []string // headline metrics first, then the rest in order of first appearance
	Y         [][][][]float64
}

// Run runs every scenario at every draw of d with every seed, on up to
// workers goroutines: scenario s's configuration is cfgs[s] with the draw's
// values applied, and replicate r of every scenario and draw runs with
// seeds[r] (common random numbers, across scenarios and draws alike). The
// outcome does not depend on workers. done is called after each run.
func Run(ctx context.Context, d *Design, names []string, cfgs []nhs.Config, seeds []uint64, workers int, done func()) (*Outcome, error) {
	draws := make([]int, d.N())
	for i := range draws {
		draws[i] = i
	}
	flat, err := runDraws(ctx, d, cfgs, seeds, draws, workers, done)
	if err != nil {
		return nil, err
	}
	return collect(d, names, seeds, flat), nil
}

// runDraws runs every scenario at each of the draws with every seed and
// returns the runs' metrics, scenario-major, then draw (in the order
// given), then replicate.
func runDraws(ctx context.Context, d *Design, cfgs []nhs.Config, seeds []uint64, draws []int, workers int, done func()) ([][]nhs.Metric, error) {
	n, r := len(draws), len(seeds)
	return runner.Map(ctx, len(cfgs)*n*r, workers, func(k int) []nhs.Metric {
		c := cfgs[k/(n*r)]
		d.Apply(&c, draws[k/r%n])
		c.Seed = seeds[k%r]
		res, err := nhs.SimulateContext(ctx, c, 1)
		if err != nil {
			return nil // interrupted, and so is Map
		}
		return slices.Clone(res.Metrics)
	}, done)
}

// collect arranges runs, scenario-major then draw then replicate, into an
// Outcome.
func collect(d *Design, names []string, seeds []uint64, flat [][]nhs.Metric) *Outcome {
	o := &Outcome{Design: d, Scenarios: names, Seeds: seeds}
	index := map[string]int{}
	var rest []string
	for _, run := range flat {
		for _, m := range run {
			if _, ok := index[m.Name]; !ok {
				index[m.Name] = -1
				rest = append(rest, m.Name)
			}
		}
	}
	for _, h := range nhs.HeadlineMetrics() {
		if slices.Contains(rest, h) {
			o.Metrics = append(o.Metrics, h)
		}
	}
	for _, m := range rest {
		if !slices.Contains(o.Metrics, m) {
			o.Metrics = append(o.Metrics, m)
		}
	}
	for j, m := range o.Metrics {
		index[m] = j
	}
	n, r := d.N(), len(seeds)
	o.Y = make([][][][]float64, len(names))
	k := 0
	for s := range o.Y {
		o.Y[s] = make([][][]float64, n)
		for i := range n {
			o.Y[s][i] = make([][]float64, r)
			for rep := range r {
				row := make([]float64, len(o.Metrics))
				for j := range row {
					row[j] = math.NaN()
				}
				for _, m := range flat[k] {
					row[index[m.Name]] = m.Value
				}
				o.Y[s][i][rep] = row
				k++
			}
		}
	}
	return o
}

// Summary is one metric's difference of a scenario from the baseline over
// the draws.
type Summary struct {
	Scenario, Baseline, Metric string
	Draws, Replicates          int // draws with a value; replicates per draw
	// Median, Lo and Hi are the median and the 95% uncertainty interval of
	// the draws' differences (each the mean over the draw's replicates):
	// parameter and stochastic uncertainty together.
	Median, Lo, Hi float64
	// PBetter and PWorse are the shares of draws in which the scenario is
	// better, and worse, than the baseline (a draw with no difference counts
	// half to each, so they add up to 1); PBetterMID and PWorseMID by
	// more than the minimum important difference MID. NaN for a metric
	// with no stated direction.
	PBetter, PWorse, PBetterMID, PWorseMID, MID float64
	// NoiseLo and NoiseHi are the interval that replicate noise alone
	// would give, centred on the median: what an ordinary comparison of R
	// replicates at one set of parameters reports. NoiseShare is the share
	// of the draws' variance that is that noise.
	NoiseLo, NoiseHi, NoiseShare float64
	// Fixed says that the difference did not vary at all: not over
	// replicates and not over draws.
	Fixed   bool
	Drivers []Driver // the parameters, largest index first
	// Floor is the index that the largest of as many inputs as were drawn,
	// none related to the difference, exceeds by chance in only 5% of
	// designs of this size: a driver below it is not distinguished from
	// chance. Drivers and Floor are for headline metrics only.
	Floor   float64
	Columns int // the independent inputs drawn: parameters on their own and links
}

// Driver is a parameter's first-order index for a difference: the share of
// the difference's variance over the draws that the parameter alone
// explains.
type Driver struct {
	Param string
	Link  string // the link it is drawn with, if any: linked parameters share an index
	Index float64
}

// Summarise summarises every metric's difference of each scenario from the
// first, headline metrics first.
func (o *Outcome) Summarise() []Summary {
	var out []Summary
	for s := 1; s < len(o.Scenarios); s++ {
		for j, m := range o.Metrics {
			out = append(out, o.summarise(s, j, m))
		}
	}
	return out
}

func (o *Outcome) summarise(s, j int, metric string) Summary {
	n, r := o.Design.N(), len(o.Seeds)
	sum := Summary{Scenario: o.Scenarios[s], Baseline: o.Scenarios[0], Metric: metric, Replicates: r, Columns: o.Design.Columns(),
		PBetter: math.NaN(), PWorse: math.NaN(), PBetterMID: math.NaN(), PWorseMID: math.NaN(), MID: math.NaN()}
	var means []float64 // the draws' mean differences
	var draws []int
	var within float64 // the sum over draws of the variance of a replicate's difference
	spread := 0.0
	first := math.NaN()
	for i := range n {
		diffs := make([]float64, r)
		ok := true
		for rep := range r {
			diffs[rep] = o.Y[s][i][rep][j] - o.Y[0][i][rep][j]
			ok = ok && !math.IsNaN(diffs[rep])
		}
		if !ok {
			continue
		}
		mean, v := meanVar(diffs)
		means = append(means, mean)
		draws = append(draws, i)
		within += v
		for _, x := range diffs {
			if math.IsNaN(first) {
				first = x
			}
			spread = max(spread, math.Abs(x-first))
		}
	}
	sum.Draws = len(means)
	if sum.Draws == 0 {
		sum.Median, sum.Lo, sum.Hi, sum.NoiseLo, sum.NoiseHi, sum.NoiseShare = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return sum
	}
	sorted := slices.Sorted(slices.Values(means))
	sum.Median = Quantile(sorted, 0.5)
	sum.Lo, sum.Hi = Quantile(sorted, (1-Level)/2), Quantile(sorted, (1+Level)/2)
	sum.Fixed = spread <= 1e-9*max(math.Abs(first), 1e-300)
	_, total := meanVar(means)
	sw2 := within / float64(sum.Draws)
	if r >= 2 {
		half := stats.TQuantile((1+Level)/2, float64(sum.Draws*(r-1))) * math.Sqrt(sw2/float64(r))
		sum.NoiseLo, sum.NoiseHi = sum.Median-half, sum.Median+half
		sum.NoiseShare = math.NaN()
		if total > 0 {
			sum.NoiseShare = min(1, sw2/float64(r)/total)
		}
	} else {
		sum.NoiseLo, sum.NoiseHi, sum.NoiseShare = math.NaN(), math.NaN(), math.NaN()
	}
	if imp, ok := nhs.MetricImportance(metric); ok {
		sign := 1.0
		if imp.LowerIsBetter {
			sign = -1
		}
		var b, w, bm, wm int
		for _, x := range means {
			g := sign * x // above 0: the scenario is better
			switch {
			case g > 0:
				b++
			case g < 0:
				w++
			}
			if g > imp.MID {
				bm++
			}
			if g < -imp.MID {
				wm++
			}
		}
		k := float64(len(means))
		ties := k - float64(b+w) // a draw with no difference counts half to each side
		sum.PBetter, sum.PWorse, sum.PBetterMID, sum.PWorseMID, sum.MID = (float64(b)+ties/2)/k, (float64(w)+ties/2)/k, float64(bm)/k, float64(wm)/k, imp.MID
	}
	if !sum.Fixed && sum.Draws >= 8 && isHeadline(metric) {
		sum.Drivers = o.drivers(draws, means)
		sum.Floor = chanceFloor(means, o.Design.Columns(), o.Design.Seed+uint64(j))
	} else {
		sum.Floor = math.NaN()
	}
	return sum
}

// drivers estimates every factor's first-order index for the draws' mean
// differences y at the given draws, largest first (ties in registry order).
func (o *Outcome) drivers(draws []int, y []float64) []Driver {
	d := o.Design
	byColumn := map[int]float64{}
	out := make([]Driver, len(d.Factors))
	u := make([]float64, len(draws))
	for f, fa := range d.Factors {
		idx, ok := byColumn[fa.Column]
		if fa.Sampled >= 0 { // ordered by its value: the sample's points come in no order
			for k, i := range draws {
				u[k] = d.Values[i][f][0]
			}
			idx = FirstOrder(u, y)
		} else if !ok {
			for k, i := range draws {
				u[k] = d.U[i][fa.Column]
			}
			idx = FirstOrder(u, y)
			byColumn[fa.Column] = idx
		}
		out[f] = Driver{Param: fa.Param.Path, Link: fa.Dist.Link, Index: idx}
	}
	slices.SortStableFunc(out, func(a, b Driver) int { return cmp.Compare(b.Index, a.Index) })
	return out
}

// floorRounds is how many simulated designs set the chance floor.
const floorRounds = 100

// chanceFloor returns the index that the largest of k inputs unrelated to
// y exceeds in only 5% of designs: the 95th percentile, over floorRounds
// rounds, of the largest [FirstOrder] of k random orderings of evenly
// spread points (which is what a Latin hypercube's columns are). Since
// every parameter's index is read against it, it allows for the many
// parameters looked at. The stream is seeded by seed, for reproducibility.
func chanceFloor(y []float64, k int, seed uint64) float64 {
	rng := rand.New(rand.NewPCG(seed, 0xf100))
	n := len(y)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	top := make([]float64, floorRounds)
	for r := range top {
		for range k {
			// Points sorted by an unrelated input come in a random order.
			rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
			top[r] = max(top[r], binned(order, y))
		}
	}
	slices.Sort(top)
	return Quantile(top, 0.95)
}

// FirstOrder estimates the first-order variance-based (Sobol') index of an
// input for an output from a sample of both: the share of y's variance that
// E[y | u] explains. It sorts the points by u, cuts them into about √n bins
// of equal count and compares the bins' means (the correlation ratio), less
// the part of their spread that noise within the bins would give on its
// own (the ANOVA correction), so that an input that touches nothing gets an
// index near 0 rather than about 1/√n. It is clamped to [0, 1]; NaN if y
// does not vary or there are fewer than 8 points.
func FirstOrder(u, y []float64) float64 {
	n := len(y)
	if n < 8 || len(u) != n {
		return math.NaN()
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(u[a], u[b]) })
	return binned(order, y)
}

// binned is [FirstOrder] of y's points taken in the given order.
func binned(order []int, y []float64) float64 {
	n := len(y)
	bins := max(2, int(math.Round(math.Sqrt(float64(n)))))
	grand, _ := meanVar(y)
	var ssb, ssw float64
	for b := range bins {
		lo, hi := b*n/bins, (b+1)*n/bins
		m := 0.0
		for _, i := range order[lo:hi] {
			m += y[i]
		}
		m /= float64(hi - lo)
		ssb += float64(hi-lo) * (m - grand) * (m - grand)
		for _, i := range order[lo:hi] {
			ssw += (y[i] - m) * (y[i] - m)
		}
	}
	sst := ssb + ssw
	if sst == 0 {
		return math.NaN()
	}
	msw := ssw / float64(n-bins)
	// E[ssb] = n·Var(E[y|bin]) + (bins−1)·σ²within; Var(y) ≈ sst/(n−1).
	s := (ssb - float64(bins-1)*msw) / (sst + msw)
	return min(max(s, 0), 1)
}

// meanVar returns the mean and the sample variance (0 for one value).
func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// Quantile returns the q quantile of sorted values, interpolating linearly
// between order statistics (Hyndman and Fan's type 7, R's default).
func Quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := q * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// DrawDifferences returns each draw's difference of the scenario from the
// baseline in the metric, the mean over its replicates, leaving out draws
// where it is undefined; nil for an unknown scenario or metric.
func (o *Outcome) DrawDifferences(scenario, metric string) []float64 {
	s, j := slices.Index(o.Scenarios, scenario), slices.Index(o.Metrics, metric)
	if s < 1 || j < 0 {
		return nil
	}
	var out []float64
	for i := range o.Design.N() {
		sum := 0.0
		for r := range o.Seeds {
			sum += o.Y[s][i][r][j] - o.Y[0][i][r][j]
		}
		if m := sum / float64(len(o.Seeds)); !math.IsNaN(m) {
			out = append(out, m)
		}
	}
	return out
}
