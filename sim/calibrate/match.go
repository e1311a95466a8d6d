package calibrate

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/sensitivity"
	"github.com/nhssim/nhssim/sim/stats"
	"github.com/nhssim/nhssim/sim/sweep"
)

// Target is one observed figure that the simulator is matched to: a metric
// of the registry, its observed value, and the variances of the
// observation's error and of the model's discrepancy from reality.
type Target struct {
	Metric   string
	Observed float64
	ObsVar   float64 // variance of the observation's error (a tolerance t gives (t/3)²)
	DiscVar  float64 // variance of the model's discrepancy; 0 if none is given
	Source   string  // where the observed value comes from
	// Transform is the scale the target's emulator works on: "" (the
	// metric's own), "log" (log y, for an output that is always positive)
	// or "log1p" (log(1 + y), for one that can be 0). An output that is
	// positive and spans orders of magnitude over the ranges, such as a
	// queue's waiting time, which rises steeply as capacity nears
	// saturation, is far closer to a smooth, stationary function on a log
	// scale, as a Gaussian process assumes. On a log scale the
	// implausibility is |log z − E[log f(x)]| over the square root of the
	// emulator's variance, the runs' variance of log f about their mean
	// and the observation's and discrepancy's variances by the delta
	// method, (Var_obs + Var_disc) / z² (z + 1 for log1p).
	Transform string
}

// Tolerance is the half-width of the target's band: three standard
// deviations of the observation's error, as a targets file's tolerance is
// read.
func (t Target) Tolerance() float64 { return 3 * math.Sqrt(t.ObsVar) }

// scale names the scale the target is emulated on, for the report.
func (tg Target) scale() string {
	if tg.Transform == "" {
		return "raw"
	}
	return tg.Transform
}

// offset is what the target's transform adds before the log.
func (tg Target) offset() float64 {
	if tg.Transform == "log1p" {
		return 1
	}
	return 0
}

// fwd maps a value of the metric onto the emulated scale (NaN where the
// log is undefined).
func (tg Target) fwd(y float64) float64 {
	if tg.Transform == "" {
		return y
	}
	if !(y+tg.offset() > 0) {
		return math.NaN()
	}
	return math.Log(y + tg.offset())
}

// back maps a value on the emulated scale back to the metric's.
func (tg Target) back(x float64) float64 {
	if tg.Transform == "" {
		return x
	}
	return math.Exp(x) - tg.offset()
}

// deriv is the derivative of fwd at y: the delta method's factor from the
// metric's scale to the emulated one.
func (tg Target) deriv(y float64) float64 {
	if tg.Transform == "" {
		return 1
	}
	return 1 / (y + tg.offset())
}

// zVar is the variance of the observation's error and the discrepancy on
// the emulated scale.
func (tg Target) zVar() float64 {
	d := tg.deriv(tg.Observed)
	return (tg.ObsVar + tg.DiscVar) * d * d
}

// Method is how history matching proceeds.
type Method struct {
	Points     int     // simulator points per wave
	Replicates int     // runs per point, with common seeds
	Waves      int     // the most waves
	Cutoff     float64 // implausibility cut-off: 3 by convention
	Rank       int     // 1: a point's implausibility is the largest over targets; 2: the second largest
	Candidates int     // candidate points sampled per wave to find the region
	Shrink     float64 // stop when a wave shrinks the region by less than this share of its volume
	Seed       uint64  // the designs' and candidates' seed
}

// DefaultMethod is the method a targets file gets for what it leaves out.
var DefaultMethod = Method{Waves: 4, Cutoff: 3, Rank: 1, Candidates: 20000, Shrink: 0.2}

// Evaluate runs the simulator at points, each point's values in the
// factors' order, once per replicate, and returns y[i][r][t]: target t's
// metric at point i in replicate r (NaN where a run does not report it).
type Evaluate func(ctx context.Context, wave int, points [][]float64) ([][][]float64, error)

// Wave is one wave of history matching: the points run, the emulators
// fitted to them, and the non-implausible region they leave.
type Wave struct {
	Number    int
	Points    [][]float64   // the parameter values run
	Y         [][][]float64 // Y[i][r][t], as Evaluate returns it
	Means     [][]float64   // Means[i][t]: the mean over replicates
	StochVar  []float64     // per target: the variance of one run about its point's mean, on the emulated scale (Target.Transform)
	Emulators []*Emulator   // per target, fitted on the emulated scale
	LOO       []LOO         // per target
	// Cuts says per target whether its emulator passed its leave-one-out
	// check (Validated) and so may rule points out in this wave; one that
	// fails is fitted and reported but does not cut.
	Cuts    []bool
	Box     [][2]float64 // where candidates were sampled, in the unit cube
	Tried   int          // candidates sampled
	Region  [][]float64  // the non-implausible candidates (values), at most maxRegion
	RegionI []float64    // their implausibility under this wave's emulators
	// Walk holds further non-implausible points (values) found by a
	// random walk from Region's when Region has fewer than a wave's
	// points (fill): for the next wave's design and box only; the
	// region's volume and ranges come from the uniform sample alone.
	Walk     [][]float64
	Accepted int     // non-implausible candidates found
	Volume   float64 // estimated share of the prior's volume that is non-implausible
}

// maxRegion caps the candidates a wave keeps as its region.
const maxRegion = 20000

// Result is a history match.
type Result struct {
	Factors []sweep.Factor
	Targets []Target
	Method  Method
	Waves   []*Wave
	Stop    string // why the waves stopped
	// BestWave and Best locate the run point whose replicate means are
	// least implausible (BestI), by the runs themselves.
	BestWave, Best int
	BestI          float64
	// Base, if set, is the base scenario's own values of the factors,
	// which the report checks against every wave's emulators.
	Base []float64
}

// Match history-matches the simulator behind eval to the targets over
// the factors' ranges, in waves: each wave runs a space-filling design of
// method.Points points (a Latin hypercube over the ranges in wave 1, and a
// maximin selection from the region left by the previous waves after),
// fits an emulator per target to the replicate means, and samples
// candidates uniformly from a box around the previous region, keeping
// those whose implausibility is at most the cut-off under every wave's
// emulators. It stops after method.Waves waves, when the region shrinks by
// less than method.Shrink, or when nothing is left. Progress goes to log.
func Match(ctx context.Context, factors []sweep.Factor, targets []Target, method Method, eval Evaluate, log io.Writer) (*Result, error) {
	k := len(factors)
	rng := rand.New(rand.NewPCG(method.Seed, 0x68697374)) // "hist"
	res := &Result{Factors: factors, Targets: targets, Method: method, Best: -1}
	units := sensitivity.LatinHypercube(method.Points, k, rng)
	box := make([][2]float64, k)
	for j := range box {
		box[j] = [2]float64{0, 1}
	}
	prevVolume := 1.0
	for w := 1; w <= method.Waves; w++ {
		wave := &Wave{Number: w}
		for _, u := range units {
			x := make([]float64, k)
			for j, f := range factors {
				x[j] = f.Value(u[j])
			}
			wave.Points = append(wave.Points, x)
		}
		fmt.Fprintf(log, "calibrate: wave %d: %d points × %d replicates\n", w, len(wave.Points), method.Replicates)
		y, err := eval(ctx, w, wave.Points)
		if err != nil {
			return nil, err
		}
		wave.Y = y
		if err := wave.fit(factors, targets, method.Replicates); err != nil {
			return nil, fmt.Errorf("wave %d: %w", w, err)
		}
		res.Waves = append(res.Waves, wave)
		if w > 1 {
			box = around(res.Waves[w-2].pool(), factors)
		}
		wave.Box = box
		if err := res.sample(ctx, wave, rng); err != nil {
			return nil, err
		}
		wave.Volume = float64(wave.Accepted) / float64(wave.Tried)
		for _, b := range box {
			wave.Volume *= b[1] - b[0]
		}
		fmt.Fprintf(log, "calibrate: wave %d: %d of %d candidates non-implausible; region ≈ %s of the prior's volume\n", w, wave.Accepted, wave.Tried, numfmt.Human(wave.Volume))
		if w < method.Waves {
			if err := res.fill(ctx, wave, rng); err != nil {
				return nil, err
			}
			if len(wave.Walk) > 0 {
				fmt.Fprintf(log, "calibrate: wave %d: %d more non-implausible points by a random walk from those, for the next wave's design\n", w, len(wave.Walk))
			}
		}
		switch {
		case wave.Accepted == 0:
			res.Stop = fmt.Sprintf("wave %d left no non-implausible point: no parameter values in the ranges match every target within its uncertainty", w)
		case w == method.Waves:
			res.Stop = fmt.Sprintf("the wave limit (%d) was reached", method.Waves)
		case w > 1 && wave.Volume > (1-method.Shrink)*prevVolume:
			res.Stop = fmt.Sprintf("wave %d shrank the region by less than %g of its volume", w, method.Shrink)
		case len(wave.pool()) < 3:
			res.Stop = fmt.Sprintf("wave %d left fewer than 3 non-implausible candidates to run", w)
		}
		if res.Stop != "" {
			break
		}
		prevVolume = wave.Volume
		units = maximin(unitsOf(wave.pool(), factors), method.Points)
	}
	res.best()
	return res, nil
}

// fit computes the replicate means and the stochastic variance, and fits
// and checks an emulator per target.
func (w *Wave) fit(factors []sweep.Factor, targets []Target, reps int) error {
	nt := len(targets)
	w.Means = make([][]float64, len(w.Y))
	ss, df := make([]float64, nt), make([]float64, nt)
	for i, runs := range w.Y {
		w.Means[i] = make([]float64, nt)
		for t := range nt {
			var xs []float64
			for _, r := range runs {
				xs = append(xs, r[t])
			}
			m := mean(xs)
			w.Means[i][t] = m
			// On a log scale, each run's deviation by the delta method
			// at its point's mean: the runs' coefficient of variation.
			d := targets[t].deriv(m)
			for _, x := range xs {
				ss[t] += (x - m) * (x - m) * d * d
			}
			df[t] += float64(len(xs) - 1)
		}
	}
	w.StochVar = make([]float64, nt)
	units := unitsOf(w.Points, factors)
	for t := range nt {
		var xs [][]float64
		var ys []float64
		for i := range w.Points {
			if m := targets[t].fwd(w.Means[i][t]); !math.IsNaN(m) {
				xs, ys = append(xs, units[i]), append(ys, m)
			}
		}
		floor := 0.0
		if df[t] > 0 && !math.IsNaN(ss[t]) {
			w.StochVar[t] = ss[t] / df[t]
			floor = w.StochVar[t] / float64(reps)
		}
		e, err := Fit(xs, ys, floor)
		if err != nil {
			return fmt.Errorf("%s: %w", targets[t].Metric, err)
		}
		if df[t] == 0 || math.IsNaN(ss[t]) {
			// One replicate: the nugget stands for the runs' noise.
			w.StochVar[t] = e.Nugget * e.scale * e.scale
		}
		l := e.LeaveOneOut()
		w.Emulators = append(w.Emulators, e)
		w.LOO = append(w.LOO, l)
		w.Cuts = append(w.Cuts, l.Validated())
	}
	return nil
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Implausibility is a point's implausibility under wave w's emulators: for
// each target |z − E[f(x)]| / sqrt(Var_em + Var_obs + Var_disc +
// Var_stoch) (on the target's emulated scale), combined as the method's
// rank-th largest over the targets whose emulators cut in that wave
// (Wave.Cuts); 0 if none does.
func (r *Result) Implausibility(w *Wave, u []float64) float64 {
	fits := r.targetFits(w, u)
	is := make([]float64, 0, len(fits))
	for t, f := range fits {
		if w.cuts(t) {
			is = append(is, f.I)
		}
	}
	if len(is) == 0 {
		return 0
	}
	return ranked(is, r.Method.Rank)
}

// cuts says whether target t's emulator may rule points out in wave w.
func (w *Wave) cuts(t int) bool { return w.Cuts == nil || w.Cuts[t] }

// ruledOut says, without the emulators' variances, whether u is surely
// implausible under wave w: each target's implausibility with the
// emulator's variance at its largest (the signal variance, which the
// predictive variance never exceeds) is at most its true one, so if the
// rank-th largest of these bounds is above the cut-off, so is the point's
// implausibility. It saves the emulators' quadratic forms for most
// candidates when the region is small.
//
// The rank-th largest bound is above the cut-off when at least rank bounds
// are, so it stops at the rank-th such target.
func (r *Result) ruledOut(w *Wave, u []float64) bool {
	above := 0
	for t, tg := range r.Targets {
		if !w.cuts(t) {
			continue
		}
		e := w.Emulators[t]
		m := e.mean(u)
		// A NaN bound (an undefined observation) is not above the
		// cut-off: the full computation decides.
		if i := math.Abs(tg.fwd(tg.Observed)-m) / math.Sqrt(e.Signal*e.scale*e.scale+tg.zVar()+w.StochVar[t]); i > r.Method.Cutoff {
			above++
			if above >= r.Method.Rank {
				return true
			}
		}
	}
	return false
}

// BaseImplausibility returns the base values' implausibility under each
// wave's emulators (nil if Base is not set).
func (r *Result) BaseImplausibility() []float64 {
	if r.Base == nil {
		return nil
	}
	u := unitsOf([][]float64{r.Base}, r.Factors)[0]
	out := make([]float64, len(r.Waves))
	for i, w := range r.Waves {
		out[i] = r.Implausibility(w, u)
	}
	return out
}

// ranked is the rank-th largest of xs (the largest if there are fewer).
func ranked(xs []float64, rank int) float64 {
	slices.SortFunc(xs, func(a, b float64) int { return cmp.Compare(b, a) })
	return xs[min(rank, len(xs))-1]
}

// sample draws candidates uniformly from w.Box in batches of
// method.Candidates, keeping those non-implausible under every wave so far,
// until it has four times the points of a wave or has drawn ten batches —
// or, while it has fewer than a wave's points, fifty. It stops, returning
// ctx's error, when ctx is cancelled: a search of millions of candidates
// takes minutes.
func (r *Result) sample(ctx context.Context, w *Wave, rng *rand.Rand) error {
	k := len(r.Factors)
	for batch := 0; batch < 50 && w.Accepted < 4*r.Method.Points && (batch < 10 || w.Accepted < r.Method.Points); batch++ {
		for c := range r.Method.Candidates {
			if c%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			u := make([]float64, k)
			for j, b := range w.Box {
				u[j] = b[0] + rng.Float64()*(b[1]-b[0])
			}
			w.Tried++
			iw, ok := r.nonImplausible(u)
			if !ok {
				continue
			}
			w.Accepted++
			if len(w.Region) < maxRegion {
				x := make([]float64, k)
				for j, f := range r.Factors {
					x[j] = f.Lo + u[j]*(f.Hi-f.Lo)
				}
				w.Region = append(w.Region, x)
				w.RegionI = append(w.RegionI, iw)
			}
		}
	}
	return nil
}

// nonImplausible says whether u (unit cube) is non-implausible under every
// wave so far, and if so its implausibility under the last.
func (r *Result) nonImplausible(u []float64) (float64, bool) {
	var iw float64
	for _, pw := range r.Waves {
		if r.ruledOut(pw, u) {
			return 0, false
		}
		if iw = r.Implausibility(pw, u); !(iw <= r.Method.Cutoff) {
			return 0, false
		}
	}
	return iw, true
}

// pool is the wave's non-implausible points for the next wave's design:
// the uniform sample's, then the random walk's.
func (w *Wave) pool() [][]float64 {
	if len(w.Walk) == 0 {
		return w.Region
	}
	return append(slices.Clip(w.Region), w.Walk...)
}

// walkProposals caps the proposals of fill's random walk.
const walkProposals = 200_000

// fill adds non-implausible points to w.Walk when the uniform sample found
// fewer than a wave's points (but some): a region that is a tiny share of
// the box it was sampled from leaves the next wave's emulators too few
// points to fit in many dimensions. From each point found, in turn, a
// random walk proposes a Gaussian step (sd 0.05 of each range at first,
// halved or lengthened every 200 proposals to keep about a quarter
// accepted) and moves if the proposal is inside the ranges and
// non-implausible under every wave, keeping each point it moves to, until
// it has four times a wave's points or has made walkProposals proposals.
// This fills the space the found points open up, as line, slice and
// importance sampling do in multi-wave designs (Williamson and Vernon
// 2013; Iskauskas et al. 2024, the R package hmer); it is a design, not a
// uniform sample, so the region's volume and ranges are the uniform
// sample's alone.
func (r *Result) fill(ctx context.Context, w *Wave, rng *rand.Rand) error {
	need := r.Method.Points
	if len(w.Region) == 0 || len(w.Region) >= need {
		return nil
	}
	k := len(r.Factors)
	chains := unitsOf(w.Region, r.Factors)
	step := 0.05
	moved, tried := 0, 0
	for p := 0; p < walkProposals && len(w.Walk) < 4*need; p++ {
		if p%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if tried == 200 {
			switch rate := float64(moved) / float64(tried); {
			case rate < 0.15:
				step /= 2
			case rate > 0.4:
				step = min(step*1.5, 0.5)
			}
			moved, tried = 0, 0
		}
		c := p % len(chains)
		u := make([]float64, k)
		inside := true
		for j := range u {
			u[j] = chains[c][j] + step*rng.NormFloat64()
			inside = inside && u[j] >= 0 && u[j] <= 1
		}
		tried++
		if !inside {
			continue
		}
		if _, ok := r.nonImplausible(u); ok {
			chains[c] = u
			moved++
			x := make([]float64, k)
			for j, f := range r.Factors {
				x[j] = f.Lo + u[j]*(f.Hi-f.Lo)
			}
			w.Walk = append(w.Walk, x)
		}
	}
	return nil
}

// unitsOf maps values onto the unit cube of the factors' ranges.
func unitsOf(xs [][]float64, factors []sweep.Factor) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = make([]float64, len(x))
		for j, f := range factors {
			out[i][j] = (x[j] - f.Lo) / (f.Hi - f.Lo)
		}
	}
	return out
}

// around is the box, in the unit cube, around a region's points, widened
// by a tenth of its width on each side (and at least 0.01) so that the
// next wave can find what the last one's sample missed at the edges.
func around(region [][]float64, factors []sweep.Factor) [][2]float64 {
	us := unitsOf(region, factors)
	box := make([][2]float64, len(factors))
	for j := range box {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, u := range us {
			lo, hi = min(lo, u[j]), max(hi, u[j])
		}
		pad := max(0.1*(hi-lo), 0.01)
		box[j] = [2]float64{max(0, lo-pad), min(1, hi+pad)}
	}
	return box
}

// maximin picks n of pool, greedily, each the farthest from those already
// picked: a space-filling design over the region. Its first pick is the
// pool's first.
func maximin(pool [][]float64, n int) [][]float64 {
	if len(pool) <= n {
		return pool
	}
	pool = pool[:min(len(pool), 2000)]
	dist := make([]float64, len(pool))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	out := [][]float64{pool[0]}
	last := pool[0]
	for len(out) < n {
		best := -1
		for i, p := range pool {
			var d float64
			for j := range p {
				d += (p[j] - last[j]) * (p[j] - last[j])
			}
			dist[i] = min(dist[i], d)
			if best < 0 || dist[i] > dist[best] {
				best = i
			}
		}
		last = pool[best]
		out = append(out, last)
	}
	return out
}

// best finds the run point whose replicate means are least implausible,
// with the emulator's variance replaced by the mean's own: the runs'
// variance over the replicates on top of the run-to-reality variance.
func (r *Result) best() {
	r.BestI = math.Inf(1)
	reps := float64(r.Method.Replicates)
	for wi, w := range r.Waves {
		for i := range w.Points {
			is := make([]float64, len(r.Targets))
			for t, tg := range r.Targets {
				is[t] = math.Abs(tg.fwd(tg.Observed)-tg.fwd(w.Means[i][t])) / math.Sqrt(tg.zVar()+w.StochVar[t]*(1+1/reps))
				if math.IsNaN(is[t]) {
					is[t] = math.Inf(1)
				}
			}
			// The first point stands if every one is infinitely
			// implausible, so that there is always a best point to report.
			if v := ranked(is, r.Method.Rank); v < r.BestI || r.Best < 0 {
				r.BestWave, r.Best, r.BestI = wi, i, v
			}
		}
	}
}

// BestValues returns the best run point's parameter values.
func (r *Result) BestValues() []float64 { return r.Waves[r.BestWave].Points[r.Best] }

// BestEstimate returns target t's mean at the best point over its
// replicates, with a 95% interval for it from the wave's pooled
// run-to-run variance (±1.96 sqrt(Var_stoch / replicates), on the
// target's emulated scale and mapped back): with few replicates a point's
// own t interval says little.
func (r *Result) BestEstimate(t int) stats.Estimate {
	w := r.Waves[r.BestWave]
	tg := r.Targets[t]
	var xs []float64
	for _, run := range w.Y[r.Best] {
		xs = append(xs, run[t])
	}
	m := mean(xs)
	h := 1.96 * math.Sqrt(w.StochVar[t]/float64(len(xs)))
	return stats.Estimate{Mean: m, Lo: tg.back(tg.fwd(m) - h), Hi: tg.back(tg.fwd(m) + h), N: len(xs)}
}

// Final returns the last wave.
func (r *Result) Final() *Wave { return r.Waves[len(r.Waves)-1] }

// Ranges returns, for each factor, the smallest and largest value in the
// final non-implausible region (NaN if it is empty).
func (r *Result) Ranges() [][2]float64 {
	out := make([][2]float64, len(r.Factors))
	for j := range out {
		out[j] = [2]float64{math.NaN(), math.NaN()}
		for i, x := range r.Final().Region {
			if i == 0 || x[j] < out[j][0] {
				out[j][0] = x[j]
			}
			if i == 0 || x[j] > out[j][1] {
				out[j][1] = x[j]
			}
		}
	}
	return out
}
