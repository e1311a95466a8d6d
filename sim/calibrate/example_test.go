package calibrate_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"

	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/sweep"
)

// History matching of a one-parameter simulator, y = 2x plus noise of
// standard deviation 0.1, to an observation of 6 ± 0.3 (three standard
// deviations): the values of x in [0, 10] that fit lie near 3.
func ExampleMatch() {
	x := sweep.Factor{Param: nhs.Param{Path: "x", Kind: reflect.Float64}, Lo: 0, Hi: 10}
	target := calibrate.Target{Metric: "y", Observed: 6, ObsVar: 0.01, Source: "example"}
	eval := func(_ context.Context, wave int, points [][]float64) ([][][]float64, error) {
		y := make([][][]float64, len(points))
		for i, p := range points {
			for r := range 2 {
				rng := rand.New(rand.NewPCG(uint64(r), uint64(wave*100+i)))
				y[i] = append(y[i], []float64{2*p[0] + 0.1*rng.NormFloat64()})
			}
		}
		return y, nil
	}
	m := calibrate.DefaultMethod
	m.Points, m.Replicates, m.Seed = 10, 2, 1
	res, err := calibrate.Match(context.Background(), []sweep.Factor{x}, []calibrate.Target{target}, m, eval, io.Discard)
	if err != nil {
		panic(err)
	}
	r := res.Ranges()[0]
	fmt.Printf("x between %.1f and %.1f after %d waves\n", r[0], r[1], len(res.Waves))
	// Output:
	// x between 2.8 and 3.2 after 2 waves
}
