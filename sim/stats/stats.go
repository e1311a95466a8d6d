// Package stats summarises replicated simulation output: means with
// Student-t confidence intervals, and paired differences between scenarios
// run on common random numbers.
package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a sample mean with a confidence interval for it.
type Estimate struct {
	Mean   float64
	Lo, Hi float64 // the interval; NaN when N < 2
	N      int     // values used: NaN values are left out
}

// HalfWidth returns half the interval's width, or NaN without an interval.
func (e Estimate) HalfWidth() float64 { return (e.Hi - e.Lo) / 2 }

// RelHalfWidth returns the half-width relative to the magnitude of the mean:
// 0.05 means "±5% of the mean". It is NaN without an interval or for a mean
// of zero.
func (e Estimate) RelHalfWidth() float64 {
	if e.Mean == 0 {
		return math.NaN()
	}
	return e.HalfWidth() / math.Abs(e.Mean)
}

// Excludes reports whether the interval lies wholly above or below x, such
// as a difference whose interval excludes 0.
func (e Estimate) Excludes(x float64) bool { return e.Lo > x || e.Hi < x }

// Fixed reports whether the values had no spread at all: at least two of
// them, an interval of zero width (to within rounding). A difference that is
// fixed is set exactly by the scenario and the parameters, not estimated, so
// it carries no significance: its interval excludes 0 only because nothing
// varied.
func (e Estimate) Fixed() bool {
	return e.N >= 2 && !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi) && e.Hi-e.Lo <= 1e-9*max(math.Abs(e.Mean), 1e-300)
}

// TQuantile returns the p quantile of Student's t distribution with df
// degrees of freedom; df = +Inf gives the standard normal quantile.
func TQuantile(p, df float64) float64 {
	if math.IsInf(df, 1) {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// MeanCI returns the mean of xs with its two-sided confidence interval at
// level (0.95 for 95%), from Student's t with N-1 degrees of freedom. NaN
// values, such as a mean of nothing in one replicate, are left out and N
// counts the rest. With no values Mean is NaN; with one, the interval is.
func MeanCI(xs []float64, level float64) Estimate {
	var n int
	var sum float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	e := Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), N: n}
	if n == 0 {
		return e
	}
	e.Mean = sum / float64(n)
	if n < 2 {
		return e
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			d := x - e.Mean
			ss += d * d
		}
	}
	se := math.Sqrt(ss / float64(n-1) / float64(n))
	h := TQuantile(1-(1-level)/2, float64(n-1)) * se
	e.Lo, e.Hi = e.Mean-h, e.Mean+h
	return e
}

// PairedCI returns the mean of ys[i] - xs[i] with its confidence interval at
// level: the difference of two scenarios run with the same random streams in
// replicate i. Pairs with a NaN on either side are left out. It panics if
// the lengths differ.
func PairedCI(xs, ys []float64, level float64) Estimate {
	if len(xs) != len(ys) {
		panic("stats: PairedCI of slices of different lengths")
	}
	d := make([]float64, len(xs))
	for i := range xs {
		d[i] = ys[i] - xs[i] // NaN if either is
	}
	return MeanCI(d, level)
}

// ReplicatesFor estimates how many replicates would bring e's relative
// half-width down to target, from the spread seen in e's N replicates
// (half-width shrinks as 1/√N). It returns e.N if e already meets target,
// and 0 if e has no interval.
func ReplicatesFor(e Estimate, target float64) int {
	r := e.RelHalfWidth()
	if math.IsNaN(r) || e.N < 2 {
		return 0
	}
	if r <= target {
		return e.N
	}
	return int(math.Ceil(float64(e.N) * (r / target) * (r / target)))
}

// SD recovers the standard deviation of the values behind e from its
// interval at level (the half-width over Student's t quantile, times √N);
// NaN without an interval.
func (e Estimate) SD(level float64) float64 {
	if e.N < 2 {
		return math.NaN()
	}
	return e.HalfWidth() / TQuantile(1-(1-level)/2, float64(e.N-1)) * math.Sqrt(float64(e.N))
}

// ReplicatesToDetect estimates how many paired replicates a two-sided test
// at level would need to detect a difference of size delta with the given
// power (0.8 for 80%), from the spread of the differences seen in e's N
// replicates: n = ((z(1-(1-level)/2) + z(power)) × sd / delta)², with sd
// recovered from e's interval. It returns 0 if e has no interval or delta is
// not positive.
func ReplicatesToDetect(e Estimate, delta, level, power float64) int {
	if e.N < 2 || math.IsNaN(e.HalfWidth()) || !(delta > 0) {
		return 0
	}
	sd := e.SD(level)
	z := TQuantile(1-(1-level)/2, math.Inf(1)) + TQuantile(power, math.Inf(1))
	return max(2, int(math.Ceil(z*z*sd*sd/(delta*delta))))
}
