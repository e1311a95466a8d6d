package sensitivity_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/nhssim/nhssim/sim/sensitivity"
)

// A model of two parameters: p0 in [10, 20] and p1 in [0, 5]. Its output
// p0 + 4 p1 is additive, so each parameter's first- and total-order indices
// agree: Var(p0) = 100/12 and Var(4 p1) = 400/12, hence 0.2 and 0.8.
func ExampleSaltelli() {
	lo, hi := []float64{10, 0}, []float64{20, 5}
	model := func(p []float64) float64 { return p[0] + 4*p[1] }

	design := sensitivity.NewSaltelli(1024, 2, rand.NewPCG(1, 2))
	y := make([]float64, len(design.Points))
	p := make([]float64, 2)
	for r, u := range design.Points {
		for i := range p {
			p[i] = lo[i] + u[i]*(hi[i]-lo[i])
		}
		y[r] = model(p)
	}

	idx := design.Bootstrap(y, 500, 0.95, rand.NewPCG(3, 4))
	for i := range 2 {
		fmt.Printf("p%d: S=%.2f ST=%.2f\n", i, idx.S[i], idx.ST[i])
	}
	// Output:
	// p0: S=0.20 ST=0.20
	// p1: S=0.80 ST=0.80
}

// Screening y = 3 x0 - x1 x2 with a dummy x3: mu* ranks the inputs, and
// sigma is zero for x0, which acts alone and linearly, and positive for the
// interacting x1 and x2. The effect of x1 is -x2, so its mu* estimates the
// mean grid level, 1/2, from 20 trajectories; likewise for x2.
func ExampleMorris() {
	design := sensitivity.NewMorris(20, 4, 4, rand.NewPCG(1, 2))
	y := make([]float64, len(design.Points))
	for r, x := range design.Points {
		y[r] = 3*x[0] - x[1]*x[2]
	}
	e := design.Effects(y)
	for i := range 4 {
		fmt.Printf("x%d: mu*=%.2f sigma>0:%t\n", i, e.MuStar[i], e.Sigma[i] > 1e-9)
	}
	// Output:
	// x0: mu*=3.00 sigma>0:false
	// x1: mu*=0.57 sigma>0:true
	// x2: mu*=0.45 sigma>0:true
	// x3: mu*=0.00 sigma>0:false
}
