package uncertainty_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/nhssim/nhssim/sim/sensitivity"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// FirstOrder estimates how much of an output's variance one input explains
// from a sample alone: here y = 3a + b of two uniform inputs, whose
// first-order indices are 9/10 and 1/10, and an input c that y ignores.
func ExampleFirstOrder() {
	x := sensitivity.LatinHypercube(2048, 3, rand.NewPCG(1, 2))
	y := make([]float64, len(x))
	cols := [3][]float64{}
	for i, p := range x {
		y[i] = 3*p[0] + p[1]
		for j := range cols {
			cols[j] = append(cols[j], p[j])
		}
	}
	for j, name := range []string{"a", "b", "c"} {
		fmt.Printf("%s: %.1f\n", name, uncertainty.FirstOrder(cols[j], y))
	}
	// Output:
	// a: 0.9
	// b: 0.1
	// c: 0.0
}

// A distributions file replaces registry distributions for one analysis.
func ExampleParseDistributions() {
	file := []byte("discharge.funding_decision_days: uniform\ncontinuity.relationship_elasticity: normal(0.05, 0.2)\n")
	dists, err := uncertainty.ParseDistributions("my-priors.yaml", file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dists["continuity.relationship_elasticity"])
	_, err = uncertainty.ParseDistributions("my-priors.yaml", []byte("discharge.funding_decision_days: gamma(2, 1)\n"))
	fmt.Println(err)
	// Output:
	// normal(0.05, 0.2)
	// my-priors.yaml:1: discharge.funding_decision_days: unknown distribution "gamma": want one of uniform, triangular, loguniform, normal, lognormal, beta, scale, fixed, lever
}
