package sensitivity

import (
	"math"
	"math/rand/v2"
)

func pcg(seed uint64) rand.Source { return rand.NewPCG(seed, 0x5e45) }

// ishigami is the Ishigami and Homma (1990) function with a = 7, b = 0.1,
// its inputs mapped from the unit cube onto [-π, π]^3.
func ishigami(u []float64) float64 {
	const a, b = 7, 0.1
	x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
	s2 := math.Sin(x2)
	return math.Sin(x1) + a*s2*s2 + b*x3*x3*x3*x3*math.Sin(x1)
}

// ishigamiIndices returns the Ishigami function's first- and total-order
// indices from the analytic partial variances (Ishigami and Homma 1990;
// Sobol' and Levitan 1999), with a = 7 and b = 0.1:
//
//	V1 = (1 + bπ^4/5)^2 / 2, V2 = a^2/8, V3 = 0, V13 = 8 b^2 π^8 / 225,
//	V  = V1 + V2 + V13 = a^2/8 + bπ^4/5 + b^2π^8/18 + 1/2.
func ishigamiIndices() (s, st [3]float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	v1 := (1 + b*pi4/5) * (1 + b*pi4/5) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * pi4 * pi4 / 225
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// evaluate returns f at every point.
func evaluate(points [][]float64, f func([]float64) float64) []float64 {
	y := make([]float64, len(points))
	for i, x := range points {
		y[i] = f(x)
	}
	return y
}

// panics reports whether f panics.
func panics(f func()) (ok bool) {
	defer func() { ok = recover() != nil }()
	f()
	return false
}

func equal(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
