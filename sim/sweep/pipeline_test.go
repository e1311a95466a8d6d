package sweep

import (
	"context"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

func TestMeanOverReplicates(t *testing.T) {
	outs := [][]float64{{1, 10}, {3, 20}, {5, 30}, {7, 40}}
	for _, test := range []struct {
		reps, j int
		want    []float64
	}{
		{1, 0, []float64{1, 3, 5, 7}},
		{2, 0, []float64{2, 6}},
		{2, 1, []float64{15, 35}},
		{4, 1, []float64{25}},
	} {
		if got := MeanOverReplicates(outs, test.reps, test.j); !slices.Equal(got, test.want) {
			t.Errorf("reps %d, metric %d: %v, want %v", test.reps, test.j, got, test.want)
		}
	}
}

func TestLoadDesignAndRunPoints(t *testing.T) {
	l := scenario.Loader{Shipped: os.DirFS("../../scenarios")}
	sets := []string{"population.patients=20000", "run.years=1", "run.warmup_years=0"}
	ps := nhs.Params()
	p := ps[slices.IndexFunc(ps, func(p nhs.Param) bool { return p.Path == "hospitals.los_mean_days" })]
	d := NewMorrisDesign([]Factor{{Param: p, Lo: 4, Hi: 6}}, 2, 4, 1)
	cfgs, err := LoadDesign(l, "refnet", sets, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs) != len(d.Values) || cfgs[0].Population.Patients != 20000 {
		t.Fatalf("%d configurations (want %d), %d patients", len(cfgs), len(d.Values), cfgs[0].Population.Patients)
	}
	runs := 0
	outs, err := RunPoints(context.Background(), cfgs[:2], []uint64{1, 2}, []string{"events", "no_such_metric"}, 2, func() { runs++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 4 || runs != 4 {
		t.Fatalf("%d outputs, %d runs: want 4", len(outs), runs)
	}
	for i, y := range outs {
		if !(y[0] > 0) || !math.IsNaN(y[1]) {
			t.Errorf("run %d: %v, want events > 0 and NaN for an unknown metric", i, y)
		}
	}
	// A point outside the parameter's domain is bad input, named.
	bad := NewMorrisDesign([]Factor{{Param: p, Lo: -6, Hi: -4}}, 2, 4, 1)
	_, err = LoadDesign(l, "refnet", sets, bad)
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "point 0 of the design (hospitals.los_mean_days=") {
		t.Fatalf("error %v, want an *InputError naming point 0", err)
	}
}
