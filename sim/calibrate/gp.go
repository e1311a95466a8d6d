package calibrate

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Emulator is a Gaussian-process emulator of one output of the simulator:
// a linear mean in the inputs (least squares) plus a zero-mean Gaussian
// process on the residuals with a squared-exponential kernel, one length
// scale per input (automatic relevance determination), and a nugget for
// the noise of replicate means. Inputs are in the unit cube.
//
// Hyperparameters maximise the marginal likelihood of the residuals,
// found by Nelder–Mead (no gradients needed; see [nelderMead]) on their
// logarithms from two starting points, within bounds: length scales 0.05
// to 20, signal variance 10⁻⁴ to 10 and the nugget from its floor to 1, in
// units of the standardised output. The regression coefficients are held
// at their least-squares values, so the emulator's variance leaves out
// their uncertainty: small next to the residual process's with several
// points per input, as every wave has.
type Emulator struct {
	X      [][]float64 // training inputs, in the unit cube
	Y      []float64   // training outputs: means of replicates
	Beta   []float64   // linear mean: intercept, then one per input (standardised output)
	Length []float64   // length scale per input
	Signal float64     // signal variance (standardised)
	Nugget float64     // nugget variance (standardised)
	shift  float64     // output mean and scale of the standardisation
	scale  float64
	alpha  []float64 // K⁻¹ r
	kinv   *mat.SymDense
}

// Fit fits an emulator to outputs y at inputs x (unit cube). nuggetFloor is
// the smallest nugget in y's units squared: the variance of a replicate
// mean, which the nugget must at least account for.
func Fit(x [][]float64, y []float64, nuggetFloor float64) (*Emulator, error) {
	n := len(x)
	if n < 3 || len(y) != n {
		return nil, errors.New("calibrate: an emulator needs at least 3 points")
	}
	k := len(x[0])
	e := &Emulator{X: x, Y: y}
	for _, v := range y {
		e.shift += v / float64(n)
	}
	for _, v := range y {
		e.scale += (v - e.shift) * (v - e.shift) / float64(n-1)
	}
	e.scale = math.Sqrt(e.scale)
	if e.scale == 0 || math.IsNaN(e.scale) {
		e.scale = 1
	}
	z := make([]float64, n)
	for i, v := range y {
		z[i] = (v - e.shift) / e.scale
	}
	// The linear mean, if there are enough points for it to leave
	// residuals worth modelling; otherwise a constant (zero).
	e.Beta = make([]float64, k+1)
	if n >= 2*(k+1) {
		a := mat.NewDense(n, k+1, nil)
		for i := range n {
			a.Set(i, 0, 1)
			for j := range k {
				a.Set(i, j+1, x[i][j])
			}
		}
		var b mat.VecDense
		if err := b.SolveVec(a, mat.NewVecDense(n, z)); err == nil {
			for j := range e.Beta {
				e.Beta[j] = b.AtVec(j)
			}
		}
	}
	r := make([]float64, n)
	for i := range n {
		r[i] = z[i] - e.linear(x[i])
	}
	floor := max(nuggetFloor/(e.scale*e.scale), 1e-6)
	lo := append(fill(k, math.Log(0.05)), math.Log(1e-4), math.Log(floor))
	hi := append(fill(k, math.Log(20)), math.Log(10), math.Log(max(1, floor)))
	clamp := func(t []float64) ([]float64, float64) {
		c := make([]float64, len(t))
		var pen float64
		for i := range t {
			c[i] = min(max(t[i], lo[i]), hi[i])
			pen += (t[i] - c[i]) * (t[i] - c[i])
		}
		return c, pen
	}
	nll := func(t []float64) float64 {
		c, pen := clamp(t)
		v := negLogLik(x, r, c)
		return v + pen
	}
	var best []float64
	bestF := math.Inf(1)
	for _, start := range []float64{0.3, 1} {
		t0 := append(fill(k, math.Log(start)), math.Log(0.5), math.Log(max(0.01, floor)))
		xs, f := nelderMead(nll, t0, 0.5, 600)
		if f < bestF {
			bestF, best = f, xs
		}
	}
	if best == nil || math.IsInf(bestF, 1) {
		return nil, errors.New("calibrate: fitting an emulator failed")
	}
	best, _ = clamp(best)
	e.Length = make([]float64, k)
	for j := range k {
		e.Length[j] = math.Exp(best[j])
	}
	e.Signal, e.Nugget = math.Exp(best[k]), math.Exp(best[k+1])
	K := covariance(x, e.Length, e.Signal, e.Nugget)
	var ch mat.Cholesky
	if !ch.Factorize(K) {
		return nil, errors.New("calibrate: an emulator's covariance is not positive definite")
	}
	e.kinv = mat.NewSymDense(n, nil)
	if err := ch.InverseTo(e.kinv); err != nil {
		return nil, err
	}
	var a mat.VecDense
	a.MulVec(e.kinv, mat.NewVecDense(n, r))
	e.alpha = a.RawVector().Data
	return e, nil
}

func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func (e *Emulator) linear(x []float64) float64 {
	m := e.Beta[0]
	for j, v := range x {
		m += e.Beta[j+1] * v
	}
	return m
}

func sqexp(a, b, length []float64, signal float64) float64 {
	var d float64
	for j := range a {
		t := (a[j] - b[j]) / length[j]
		d += t * t
	}
	return signal * math.Exp(-d/2)
}

func covariance(x [][]float64, length []float64, signal, nugget float64) *mat.SymDense {
	n := len(x)
	K := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := sqexp(x[i], x[j], length, signal)
			if i == j {
				v += nugget
			}
			K.SetSym(i, j, v)
		}
	}
	return K
}

// negLogLik is the negative log marginal likelihood of residuals r at
// log hyperparameters t (length scales, signal, nugget), less its constant.
func negLogLik(x [][]float64, r, t []float64) float64 {
	k := len(x[0])
	length := make([]float64, k)
	for j := range k {
		length[j] = math.Exp(t[j])
	}
	K := covariance(x, length, math.Exp(t[k]), math.Exp(t[k+1]))
	var ch mat.Cholesky
	if !ch.Factorize(K) {
		return math.Inf(1)
	}
	var a mat.VecDense
	if err := ch.SolveVecTo(&a, mat.NewVecDense(len(r), r)); err != nil {
		return math.Inf(1)
	}
	return 0.5*mat.Dot(mat.NewVecDense(len(r), r), &a) + 0.5*ch.LogDet()
}

// mean is the emulator's expectation at x, in the output's units, without
// its variance: Predict's first half.
func (e *Emulator) mean(x []float64) float64 {
	m := e.linear(x)
	for i, xi := range e.X {
		m += sqexp(x, xi, e.Length, e.Signal) * e.alpha[i]
	}
	return e.shift + e.scale*m
}

// Predict returns the emulator's expectation of the output at x and its
// variance (of the mean output, the nugget left out), in the output's
// units.
func (e *Emulator) Predict(x []float64) (mean, variance float64) {
	n := len(e.X)
	ks := make([]float64, n)
	for i := range n {
		ks[i] = sqexp(x, e.X[i], e.Length, e.Signal)
	}
	m := e.linear(x)
	for i := range n {
		m += ks[i] * e.alpha[i]
	}
	v := e.Signal - mat.Inner(mat.NewVecDense(n, ks), e.kinv, mat.NewVecDense(n, ks))
	v = max(v, 0)
	return e.shift + e.scale*m, e.scale * e.scale * v
}

// LOO is the leave-one-out check of an emulator: each training point
// predicted from the others (hyperparameters and regression held), in
// closed form.
type LOO struct {
	Mean, SD []float64 // prediction of each point from the rest, and its standard deviation
	// RMSE is the root mean square of the prediction errors; Within2 is
	// the share of points whose standardised error is within ±2 (about
	// 0.95 for a good emulator), Beyond3 the share beyond ±3 (near 0).
	RMSE, Within2, Beyond3 float64
}

// LeaveOneOut returns the emulator's leave-one-out diagnostics.
func (e *Emulator) LeaveOneOut() LOO {
	n := len(e.X)
	l := LOO{Mean: make([]float64, n), SD: make([]float64, n)}
	for i := range n {
		kii := e.kinv.At(i, i)
		// The residual of the rest's prediction is alpha_i / K⁻¹_ii, and its
		// variance, the nugget included, 1 / K⁻¹_ii.
		l.Mean[i] = e.Y[i] - e.scale*e.alpha[i]/kii
		l.SD[i] = e.scale * math.Sqrt(1/kii)
		d := e.Y[i] - l.Mean[i]
		l.RMSE += d * d / float64(n)
		z := math.Abs(d) / l.SD[i]
		if z <= 2 {
			l.Within2 += 1 / float64(n)
		}
		if z > 3 {
			l.Beyond3 += 1 / float64(n)
		}
	}
	l.RMSE = math.Sqrt(l.RMSE)
	return l
}

// An emulator is validated, and may rule points out, if at least
// minWithin2 of its leave-one-out standardised errors are within ±2 and at
// most maxBeyond3 beyond ±3. For a Gaussian error 0.95 and 0.003 are
// expected; with 60 points the share within ±2 has a binomial sd of about
// 0.03, so 0.85 is some three sd short of it, and 0.05 beyond ±3 is three
// points in 60.
const (
	minWithin2 = 0.85
	maxBeyond3 = 0.05
)

// Validated says whether the leave-one-out check passes: history matching
// lets only a validated emulator rule points out (Vernon, Goldstein and
// Bower 2010; Andrianakis et al. 2015), since one whose errors its
// variance understates would rule out points where the simulator fits.
func (l LOO) Validated() bool { return l.Within2 >= minWithin2 && l.Beyond3 <= maxBeyond3 }
