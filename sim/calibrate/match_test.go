package calibrate

import (
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/sweep"
)

// toy is a stochastic simulator with a known answer: three parameters,
// four outputs with noise of known size.
func toy(x []float64, rng *rand.Rand) []float64 {
	return []float64{
		x[0] + 0.5*x[1] + 0.2*rng.NormFloat64(),
		x[0]*x[1]/5 + 0.1*rng.NormFloat64(),
		2*math.Sin(x[2]) + x[1]/2 + 0.1*rng.NormFloat64(),
		math.Exp(x[2]/2) + 0.05*rng.NormFloat64(),
	}
}

func toyFactors() []sweep.Factor {
	f := func(name string, lo, hi float64) sweep.Factor {
		return sweep.Factor{Param: nhs.Param{Path: name, Kind: reflect.Float64}, Lo: lo, Hi: hi}
	}
	return []sweep.Factor{f("a", 0, 10), f("b", 0, 5), f("c", -2, 2)}
}

func toyEval(seed uint64) Evaluate {
	return func(_ context.Context, wave int, points [][]float64) ([][][]float64, error) {
		out := make([][][]float64, len(points))
		for i, x := range points {
			for r := range 2 {
				// Common random numbers, as seeds give the simulator.
				rng := rand.New(rand.NewPCG(seed+uint64(r), uint64(wave*1000+i)))
				out[i] = append(out[i], toy(x, rng))
			}
		}
		return out, nil
	}
}

// TestMatchRecoversToy checks the method on the toy: observations are one
// noisy run at known parameters; history matching must keep the truth
// non-implausible under every wave and shrink the region to a small part
// of the prior.
func TestMatchRecoversToy(t *testing.T) {
	truth := []float64{3, 2, 0.5}
	obs := toy(truth, rand.New(rand.NewPCG(99, 99)))
	sd := []float64{0.2, 0.1, 0.1, 0.05}
	var targets []Target
	for i, z := range obs {
		targets = append(targets, Target{Metric: string(rune('p' + i)), Observed: z, ObsVar: sd[i] * sd[i] / 4, DiscVar: 0})
	}
	m := DefaultMethod
	m.Points, m.Replicates, m.Seed, m.Waves, m.Candidates = 30, 2, 1, 5, 20000
	res, err := Match(context.Background(), toyFactors(), targets, m, toyEval(7), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped: %s", res.Stop)
	fs := toyFactors()
	u := make([]float64, len(truth))
	for j, f := range fs {
		u[j] = (truth[j] - f.Lo) / (f.Hi - f.Lo)
	}
	for _, w := range res.Waves {
		l := w.LOO
		t.Logf("wave %d: volume %.4g, accepted %d of %d; LOO within ±2: %.2f %.2f %.2f %.2f", w.Number, w.Volume, w.Accepted, w.Tried, l[0].Within2, l[1].Within2, l[2].Within2, l[3].Within2)
		if i := res.Implausibility(w, u); i > m.Cutoff {
			t.Errorf("wave %d: the true parameters have implausibility %.2f > %g: ruled out", w.Number, i, m.Cutoff)
		}
	}
	if len(res.Waves) < 2 {
		t.Errorf("stopped after %d wave: %s", len(res.Waves), res.Stop)
	}
	if v := res.Final().Volume; v > 0.02 {
		t.Errorf("final region is %.3g of the prior's volume, want under 0.02", v)
	}
	for j, r := range res.Ranges() {
		t.Logf("%s: region %.3f – %.3f (truth %g)", fs[j].Param.Path, r[0], r[1], truth[j])
		if truth[j] < r[0] || truth[j] > r[1] {
			t.Errorf("%s: truth %g outside the final region's range %.3f – %.3f", fs[j].Param.Path, truth[j], r[0], r[1])
		}
	}
	res.Base = truth
	if imp := res.BaseImplausibility(); len(imp) != len(res.Waves) || slices.Max(imp) > m.Cutoff {
		t.Errorf("the truth as base: implausibility %v", imp)
	}
	best := res.BestValues()
	for j := range best {
		if d := math.Abs(best[j]-truth[j]) / (fs[j].Hi - fs[j].Lo); d > 0.1 {
			t.Errorf("%s: best run %.3f is %.0f%% of the range from the truth %g", fs[j].Param.Path, best[j], 100*d, truth[j])
		}
	}
}

// TestEmulatorInterpolates checks the GP on a smooth function: its
// predictions away from the training points are close, and its LOO
// standardised errors are mostly within ±2.
func TestEmulatorInterpolates(t *testing.T) {
	f := func(x []float64) float64 { return math.Sin(3*x[0]) + x[1]*x[1] }
	rng := rand.New(rand.NewPCG(1, 2))
	var xs [][]float64
	var ys []float64
	for range 40 {
		x := []float64{rng.Float64(), rng.Float64()}
		xs, ys = append(xs, x), append(ys, f(x))
	}
	e, err := Fit(xs, ys, 0)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		x := []float64{rng.Float64(), rng.Float64()}
		m, v := e.Predict(x)
		if d := math.Abs(m - f(x)); d > 0.05 || d > 4*math.Sqrt(v)+1e-3 {
			t.Errorf("at %v: predicted %.4f ± %.4f, true %.4f", x, m, math.Sqrt(v), f(x))
		}
	}
	if l := e.LeaveOneOut(); l.Within2 < 0.8 || l.RMSE > 0.05 {
		t.Errorf("LOO: within ±2 %.2f, RMSE %.4f", l.Within2, l.RMSE)
	}
}

func TestNelderMead(t *testing.T) {
	rosen := func(x []float64) float64 { return 100*(x[1]-x[0]*x[0])*(x[1]-x[0]*x[0]) + (1-x[0])*(1-x[0]) }
	x, f := nelderMead(rosen, []float64{-1.2, 1}, 0.5, 5000)
	if f > 1e-6 || math.Abs(x[0]-1) > 1e-2 || math.Abs(x[1]-1) > 1e-2 {
		t.Errorf("Rosenbrock: minimum %v (f %.3g), want [1 1]", x, f)
	}
}

// TestMatchRulesOutUnreachable is the negative control: a target no
// parameter values can reach leaves no non-implausible region, and the
// outputs say so rather than fail.
func TestMatchRulesOutUnreachable(t *testing.T) {
	targets := []Target{{Metric: "p", Observed: 40, ObsVar: 0.01}, {Metric: "q", Observed: 2, ObsVar: 0.01}, {Metric: "r", Observed: 1, ObsVar: 0.01}, {Metric: "s", Observed: 1, ObsVar: 0.01}}
	m := DefaultMethod
	m.Points, m.Replicates, m.Seed, m.Candidates = 30, 2, 1, 5000
	res, err := Match(context.Background(), toyFactors(), targets, m, toyEval(7), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Waves) != 1 || res.Final().Accepted != 0 || !strings.Contains(res.Stop, "no parameter values") {
		t.Errorf("%d waves, %d accepted, stop %q", len(res.Waves), res.Final().Accepted, res.Stop)
	}
	res.Base = []float64{3, 2, 0.5}
	files := res.Files("toy", "toy-fitted", "test")
	var report string
	for _, f := range files {
		if f.Name == ReportFile {
			report = string(f.Data)
		}
	}
	if !strings.Contains(report, "implausible: the base scenario's values are ruled out") {
		t.Errorf("report:\n%s", report)
	}
}

// TestMatchStopsWhenCancelled: a Ctrl-C during the candidate search (here,
// as the first wave's runs end) stops it with the context's error, rather
// than after every wave's millions of candidates.
func TestMatchStopsWhenCancelled(t *testing.T) {
	truth := []float64{3, 2, 0.5}
	obs := toy(truth, rand.New(rand.NewPCG(99, 99)))
	var targets []Target
	for i, z := range obs {
		targets = append(targets, Target{Metric: string(rune('p' + i)), Observed: z, ObsVar: 0.01})
	}
	m := DefaultMethod
	m.Points, m.Replicates, m.Seed, m.Waves, m.Candidates = 30, 2, 1, 5, 10_000_000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	eval := toyEval(7)
	waves := 0
	res, err := Match(ctx, toyFactors(), targets, m, func(ctx context.Context, wave int, points [][]float64) ([][][]float64, error) {
		waves++
		cancel() // the runs finished just before the Ctrl-C
		return eval(ctx, wave, points)
	}, io.Discard)
	if !errors.Is(err, context.Canceled) || res != nil || waves != 1 {
		t.Errorf("Match = %v, %v after %d waves; want context.Canceled after 1", res, err, waves)
	}
}

// TestBestWhenAllImplausible: when every point's implausibility is
// infinite or NaN (a target no run comes near, a variance of zero), there
// is still a best point, the first, and its estimate can be read.
func TestBestWhenAllImplausible(t *testing.T) {
	for _, test := range []struct {
		name     string
		observed float64
		variance float64
	}{
		{"infinitely far", math.Inf(1), 1},
		{"zero over zero", 2, 0},
		{"NaN observation", math.NaN(), 1},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := &Result{
				Targets: []Target{{Metric: "m", Observed: test.observed, ObsVar: test.variance}},
				Method:  Method{Replicates: 2, Rank: 1},
				Best:    -1,
				Waves: []*Wave{{
					Points:   [][]float64{{1}, {2}},
					Y:        [][][]float64{{{2}, {2}}, {{2}, {2}}},
					Means:    [][]float64{{2}, {2}},
					StochVar: []float64{0},
				}},
			}
			r.best()
			if r.Best != 0 || r.BestWave != 0 {
				t.Fatalf("best point %d of wave %d, want the first", r.Best, r.BestWave)
			}
			if e := r.BestEstimate(0); e.Mean != 2 || e.N != 2 {
				t.Errorf("BestEstimate = %+v", e)
			}
			if got := r.BestValues(); !slices.Equal(got, []float64{1}) {
				t.Errorf("BestValues = %v", got)
			}
		})
	}
}

// TestNaNImplausibilityIsNotAccepted: a NaN implausibility (a NaN
// observation reaches it) counts as infinitely implausible; NaN > cut-off
// is false, so it used to pass.
func TestNaNImplausibilityIsNotAccepted(t *testing.T) {
	r := &Result{Factors: toyFactors()[:1], Targets: []Target{{Metric: "m", Observed: math.NaN(), ObsVar: 1}}, Method: Method{Rank: 1}}
	w := &Wave{Points: [][]float64{{1}, {4}, {6}, {9}}, Y: [][][]float64{{{1}, {1.1}}, {{4}, {4.2}}, {{6}, {5.9}}, {{9}, {9.1}}}}
	if err := w.fit(r.Factors, r.Targets, 2); err != nil {
		t.Fatal(err)
	}
	if i := r.Implausibility(w, []float64{0.5}); !math.IsInf(i, 1) {
		t.Errorf("implausibility %g, want +Inf", i)
	}
}
