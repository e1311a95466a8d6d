package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Morris is a one-at-a-time screening design (Morris 1991, "Factorial
// sampling plans for preliminary computational experiments", Technometrics
// 33:161–174): R trajectories of K+1 points on the p-level grid
// {0, 1/(p-1), …, 1}^K. Consecutive points of a trajectory differ in exactly
// one input, by ±Delta, and every input moves exactly once per trajectory, so
// each trajectory yields one elementary effect per input for K+1
// evaluations.
type Morris struct {
	R, K   int     // trajectories and inputs
	Levels int     // grid levels p
	Delta  float64 // step p/(2(p-1))

	// Points holds the R(K+1) points to evaluate. Trajectory t is rows
	// t(K+1) to t(K+1)+K.
	Points [][]float64

	// Moved[t][j] is the input that changes between rows j and j+1 of
	// trajectory t.
	Moved [][]int
}

// NewMorris returns r random trajectories for k inputs on a p-level grid,
// built as Morris (1991) and Campolongo, Cariboni and Saltelli (2007, "An
// effective screening design for sensitivity analysis of large models",
// Environ. Model. Softw. 22:1509–1518) describe: a base point uniform on
// the levels {0, …, 1-Delta}, a random direction for each input (up from the
// base or down to it), and a random order in which the inputs move. With p
// even and Delta = p/(2(p-1)), every level is equally likely. Campolongo's
// selection of the most spread-out trajectories from a larger candidate set
// is not implemented.
//
// Typical choices are p = 4 and r from 10 to 50. It panics if r < 2, k < 1,
// or p is not an even number of at least 2.
func NewMorris(r, k, p int, src rand.Source) *Morris {
	if r < 2 || k < 1 {
		panic("sensitivity: NewMorris needs r ≥ 2 and k ≥ 1")
	}
	if p < 2 || p%2 != 0 {
		panic("sensitivity: NewMorris needs an even number of levels p ≥ 2")
	}
	rng := rand.New(src)
	m := &Morris{
		R:      r,
		K:      k,
		Levels: p,
		Delta:  float64(p) / float64(2*(p-1)),
		Points: matrix(r*(k+1), k),
		Moved:  make([][]int, r),
	}
	// Levels are held as integers and divided once, so the grid is exact
	// and each step is level l to l+p/2, which is Delta.
	level := func(l int) float64 { return float64(l) / float64(p-1) }
	base := make([]int, k)
	up := make([]bool, k)
	for t := range r {
		for i := range base {
			base[i] = rng.IntN(p / 2)
		}
		for i := range up {
			up[i] = rng.IntN(2) == 1
		}
		m.Moved[t] = rng.Perm(k)
		row := t * (k + 1)
		for i := range k {
			l := base[i]
			if !up[i] {
				l += p / 2
			}
			m.Points[row][i] = level(l)
		}
		for j, i := range m.Moved[t] {
			copy(m.Points[row+j+1], m.Points[row+j])
			l := base[i]
			if up[i] {
				l += p / 2
			}
			m.Points[row+j+1][i] = level(l)
		}
	}
	return m
}

// Effects summarises the elementary effects of each input over the
// trajectories of a Morris design.
type Effects struct {
	// Mu is Morris's mean of the elementary effects. Effects of opposite
	// sign cancel in it.
	Mu []float64
	// MuStar is the mean of their absolute values (Campolongo, Cariboni and
	// Saltelli 2007), the measure to rank inputs by: it is near zero only
	// for an input with no influence.
	MuStar []float64
	// Sigma is their standard deviation (divisor R-1). It is zero for an
	// input whose effect is linear and additive, and large for one whose
	// effect depends on its own value or on other inputs.
	Sigma []float64
}

// Effects computes the elementary effects of y, where y[i] is the output at
// m.Points[i], and summarises them. The effect of input i in a trajectory is
// (y(x') - y(x)) / (x'_i - x_i) for the step from x to x' that moves input i.
//
// It panics if len(y) != R(K+1).
func (m *Morris) Effects(y []float64) Effects {
	if len(y) != m.R*(m.K+1) {
		panic("sensitivity: Morris.Effects needs one output per design point")
	}
	e := Effects{
		Mu:     make([]float64, m.K),
		MuStar: make([]float64, m.K),
		Sigma:  make([]float64, m.K),
	}
	ee := m.elementary(y)
	n := float64(m.R)
	for i, d := range ee {
		var sum, abs float64
		for _, v := range d {
			sum += v
			abs += math.Abs(v)
		}
		mu := sum / n
		var ss float64
		for _, v := range d {
			ss += (v - mu) * (v - mu)
		}
		e.Mu[i] = mu
		e.MuStar[i] = abs / n
		e.Sigma[i] = math.Sqrt(ss / (n - 1))
	}
	return e
}

// elementary returns the elementary effects of y: ee[i][t] is input i's in
// trajectory t.
func (m *Morris) elementary(y []float64) [][]float64 {
	ee := make([][]float64, m.K)
	for i := range ee {
		ee[i] = make([]float64, m.R)
	}
	for t := range m.R {
		row := t * (m.K + 1)
		for j, i := range m.Moved[t] {
			a, b := row+j, row+j+1
			ee[i][t] = (y[b] - y[a]) / (m.Points[b][i] - m.Points[a][i])
		}
	}
	return ee
}

// MuStarIntervals returns a percentile bootstrap interval at level for each
// input's μ*, from reps resamples of the trajectories with replacement,
// drawn from src. An interval that overlaps another input's says their
// ranking is not settled by these trajectories: more would be needed
// (Campolongo, Cariboni and Saltelli 2007 use the same resampling to judge
// the stability of a screening). The draws depend only on R and reps.
//
// It panics if len(y) != R(K+1), reps < 1 or level is not in (0, 1).
func (m *Morris) MuStarIntervals(y []float64, reps int, level float64, src rand.Source) []Interval {
	if len(y) != m.R*(m.K+1) {
		panic("sensitivity: Morris.MuStarIntervals needs one output per design point")
	}
	if reps < 1 || !(level > 0 && level < 1) {
		panic("sensitivity: Morris.MuStarIntervals needs reps ≥ 1 and 0 < level < 1")
	}
	ee := m.elementary(y)
	rng := rand.New(src)
	draws := make([][]float64, m.K) // draws[i][b]: μ*_i in resample b
	for i := range draws {
		draws[i] = make([]float64, reps)
	}
	pick := make([]int, m.R)
	for b := range reps {
		for t := range pick {
			pick[t] = rng.IntN(m.R)
		}
		for i, d := range ee {
			var abs float64
			for _, t := range pick {
				abs += math.Abs(d[t])
			}
			draws[i][b] = abs / float64(m.R)
		}
	}
	out := make([]Interval, m.K)
	lo, hi := (1-level)/2, (1+level)/2
	for i, d := range draws {
		slices.Sort(d)
		out[i] = Interval{quantile(d, lo), quantile(d, hi)}
	}
	return out
}
