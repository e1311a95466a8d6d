package calibrate

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nhssim/nhssim/sim/sensitivity"
)

func TestTransform(t *testing.T) {
	for _, test := range []struct {
		transform          string
		y, fwd, deriv, zv  float64
		observed, variance float64
	}{
		{"", 36, 36, 1, 4, 36, 4},
		{"log", 36, math.Log(36), 1.0 / 36, 4.0 / (36 * 36), 36, 4},
		{"log1p", 0, 0, 1, 225, 0, 225},
		{"log1p", 110, math.Log(111), 1.0 / 111, 225.0 / (111 * 111), 110, 225},
	} {
		tg := Target{Observed: test.observed, ObsVar: test.variance * 0.75, DiscVar: test.variance * 0.25, Transform: test.transform}
		if got := tg.fwd(test.y); math.Abs(got-test.fwd) > 1e-12 {
			t.Errorf("%q: fwd(%g) = %g, want %g", test.transform, test.y, got, test.fwd)
		}
		if got := tg.back(tg.fwd(test.y)); math.Abs(got-test.y) > 1e-9 {
			t.Errorf("%q: back(fwd(%g)) = %g", test.transform, test.y, got)
		}
		if got := tg.deriv(test.y); math.Abs(got-test.deriv) > 1e-15 {
			t.Errorf("%q: deriv(%g) = %g, want %g", test.transform, test.y, got, test.deriv)
		}
		if got := tg.zVar(); math.Abs(got-test.zv) > 1e-12*test.zv {
			t.Errorf("%q: zVar = %g, want %g", test.transform, got, test.zv)
		}
	}
	if y := (Target{Transform: "log"}).fwd(0); !math.IsNaN(y) {
		t.Errorf("log 0 = %g, want NaN (the point is left out of the emulator)", y)
	}
}

// steepWait is a toy wait: it rises steeply and non-linearly as the first
// input (a capacity) falls, exponentially at rate k, from about 3 at u0 = 1
// to tens of minutes at u0 = 0; the second input scales it mildly, the
// third is inert.
func steepWait(k float64) func(u []float64) float64 {
	return func(u []float64) float64 { return 2 + math.Exp(k*(1-u[0])+0.3*u[1]) }
}

// TestLogEmulatorOfSteepResponse: a steep, non-linear response that spans
// more than an order of magnitude, with multiplicative run-to-run noise
// (as a queue's wait has), emulated from 30 points × 2 replicates in three
// inputs, and checked on 400 held-out points against the true mean at the
// steep end, where a queue's target sits. The raw emulator has one process
// variance and one length scale per input for both the flat end and the
// steep end; on a log scale the response is near linear. The log
// emulator passes its leave-one-out check, its error at the steep end
// (mapped back to the output's units) is under half the raw emulator's,
// and it covers the truth within ±2 sd as often as it should.
func TestLogEmulatorOfSteepResponse(t *testing.T) {
	const steep = 10 // the steep end: a mean wait above 10 (the flat end is about 3)
	for _, test := range []struct {
		name string
		k    float64
	}{
		{"to about 30", 3.3},
		{"to about 80", 4.3},
		{"to about 200", 5.3},
	} {
		t.Run(test.name, func(t *testing.T) {
			f := steepWait(test.k)
			fs := toyFactors()
			rng := rand.New(rand.NewPCG(3, 4))
			w := &Wave{}
			for _, u := range sensitivity.LatinHypercube(30, 3, rng) {
				x := []float64{fs[0].Value(u[0]), fs[1].Value(u[1]), fs[2].Value(u[2])}
				w.Points = append(w.Points, x)
				var runs [][]float64
				for range 2 {
					runs = append(runs, []float64{f(u) * math.Exp(0.05*rng.NormFloat64())})
				}
				w.Y = append(w.Y, runs)
			}
			type check struct {
				tg         Target
				e          *Emulator
				loo        LOO
				in, n, mse float64 // held-out at the steep end: within ±2 sd, points, squared error
			}
			checks := []*check{{tg: Target{Observed: 20, ObsVar: 1}}, {tg: Target{Observed: 20, ObsVar: 1, Transform: "log"}}}
			for _, c := range checks {
				ww := &Wave{Points: w.Points, Y: w.Y}
				if err := ww.fit(fs, []Target{c.tg}, 2); err != nil {
					t.Fatal(err)
				}
				c.e, c.loo = ww.Emulators[0], ww.LOO[0]
			}
			for range 400 {
				u := []float64{rng.Float64(), rng.Float64(), rng.Float64()}
				y := f(u)
				if y <= steep {
					continue
				}
				for _, c := range checks {
					m, v := c.e.Predict(u)
					c.n++
					if math.Abs(m-c.tg.fwd(y)) <= 2*math.Sqrt(v) {
						c.in++
					}
					c.mse += (c.tg.back(m) - y) * (c.tg.back(m) - y)
				}
			}
			raw, lg := checks[0], checks[1]
			t.Logf("LOO within ±2: raw %.2f, log %.2f; at the steep end (%g points) within ±2 sd: raw %.2f, log %.2f; RMSE raw %.3g, log %.3g",
				raw.loo.Within2, lg.loo.Within2, raw.n, raw.in/raw.n, lg.in/lg.n, math.Sqrt(raw.mse/raw.n), math.Sqrt(lg.mse/lg.n))
			if raw.n < 30 {
				t.Fatalf("only %g held-out points at the steep end", raw.n)
			}
			if !lg.loo.Validated() {
				t.Errorf("log emulator fails its leave-one-out check: within ±2 %.2f, beyond ±3 %.2f", lg.loo.Within2, lg.loo.Beyond3)
			}
			if got := lg.in / lg.n; got < minWithin2 {
				t.Errorf("log emulator: %.2f of held-out points at the steep end within ±2 sd, want at least %g", got, minWithin2)
			}
			if math.Sqrt(lg.mse/lg.n) > math.Sqrt(raw.mse/raw.n)/2 {
				t.Errorf("at the steep end: RMSE of the log emulator %.3g, not under half the raw one's %.3g", math.Sqrt(lg.mse/lg.n), math.Sqrt(raw.mse/raw.n))
			}
		})
	}
}

// TestLogTargetStochasticVariance: with multiplicative noise of known
// coefficient of variation, a log target's pooled run-to-run variance is
// about cv² (on the log scale), and its emulator is fitted to log means.
func TestLogTargetStochasticVariance(t *testing.T) {
	const cv = 0.1
	fs := toyFactors()
	rng := rand.New(rand.NewPCG(5, 6))
	w := &Wave{}
	for _, u := range sensitivity.LatinHypercube(40, 3, rng) {
		x := []float64{fs[0].Value(u[0]), fs[1].Value(u[1]), fs[2].Value(u[2])}
		w.Points = append(w.Points, x)
		y := 5 + 10*x[0]
		var runs [][]float64
		for range 4 {
			runs = append(runs, []float64{y * (1 + cv*rng.NormFloat64())})
		}
		w.Y = append(w.Y, runs)
	}
	if err := w.fit(fs, []Target{{Metric: "q", Observed: 20, ObsVar: 1, Transform: "log"}}, 4); err != nil {
		t.Fatal(err)
	}
	if v := w.StochVar[0]; math.Abs(v-cv*cv) > 0.3*cv*cv {
		t.Errorf("stochastic variance on the log scale %.4g, want about %g", v, cv*cv)
	}
	if got, want := w.Emulators[0].Y[0], math.Log(w.Means[0][0]); got != want {
		t.Errorf("emulator trained on %g, want log of the replicate mean %g", got, want)
	}
}

func TestValidated(t *testing.T) {
	for _, test := range []struct {
		within2, beyond3 float64
		want             bool
	}{
		{0.95, 0, true},
		{1, 0, true},
		{0.85, 0.05, true},
		{0.84, 0, false},
		{0.95, 0.06, false},
		{0.5, 0.3, false},
	} {
		if got := (LOO{Within2: test.within2, Beyond3: test.beyond3}).Validated(); got != test.want {
			t.Errorf("within ±2 %g, beyond ±3 %g: validated %v, want %v", test.within2, test.beyond3, got, test.want)
		}
	}
}

// TestUncutEmulatorRulesNothingOut: a target whose emulator failed its
// check in a wave does not count in that wave's implausibility, and the
// report and explanation mark it.
func TestUncutEmulatorRulesNothingOut(t *testing.T) {
	fs := toyFactors()
	res, err := Match(context.Background(), fs, []Target{{Metric: "p", Observed: 5, ObsVar: 0.01}, {Metric: "q", Observed: 1000, ObsVar: 0.01}, {Metric: "r", Observed: 1, ObsVar: 0.01}, {Metric: "s", Observed: 1, ObsVar: 0.01}},
		Method{Points: 20, Replicates: 2, Waves: 1, Cutoff: 3, Rank: 1, Candidates: 1000, Shrink: 0.2, Seed: 3}, toyEval(1), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w := res.Waves[0]
	u := []float64{0.3, 0.4, 0.6}
	with := res.Implausibility(w, u)
	if with <= 3 {
		t.Fatalf("q = 1000 is out of reach, but the implausibility is %g", with)
	}
	w.Cuts = []bool{true, false, true, true}
	fits := res.targetFits(w, u)
	want := 0.0
	for i, f := range fits {
		if i != 1 {
			want = max(want, f.I)
		}
	}
	if got := res.Implausibility(w, u); got != want || !fits[1].Uncut || fits[0].Uncut {
		t.Errorf("with q's emulator uncut: implausibility %g, want %g (the others' largest); fits %+v", got, want, fits)
	}
	w.Cuts = []bool{false, false, false, false}
	if got := res.Implausibility(w, u); got != 0 {
		t.Errorf("no emulator cuts: implausibility %g, want 0", got)
	}
}

// TestRuledOutIsABound: the variance-free shortcut never rules out a point
// that the full implausibility keeps, for either rank, on raw and log
// targets.
func TestRuledOutIsABound(t *testing.T) {
	fs := toyFactors()
	targets := []Target{{Metric: "p", Observed: 5, ObsVar: 0.01}, {Metric: "q", Observed: 2, ObsVar: 0.01}, {Metric: "r", Observed: 1, ObsVar: 0.01}, {Metric: "s", Observed: 1.5, ObsVar: 0.01, Transform: "log"}}
	for _, rank := range []int{1, 2} {
		res, err := Match(context.Background(), fs, targets, Method{Points: 20, Replicates: 2, Waves: 1, Cutoff: 3, Rank: rank, Candidates: 1000, Shrink: 0.2, Seed: 3}, toyEval(1), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		w := res.Waves[0]
		rng := rand.New(rand.NewPCG(1, 1))
		var out int
		for range 5000 {
			u := []float64{rng.Float64(), rng.Float64(), rng.Float64()}
			if res.ruledOut(w, u) {
				out++
				if i := res.Implausibility(w, u); !(i > 3) {
					t.Fatalf("rank %d: ruled out at %v, but the implausibility is %g", rank, u, i)
				}
			}
		}
		if out == 0 {
			t.Errorf("rank %d: the shortcut never ruled a point out", rank)
		}
	}
}

// TestFillWalksInsideTheRegion: when a wave's uniform sample finds fewer
// non-implausible points than a wave runs, the random walk adds points
// that are all inside the ranges and non-implausible under the wave, the
// next wave runs a full design from them, and the region's volume is the
// uniform sample's alone.
func TestFillWalksInsideTheRegion(t *testing.T) {
	truth := []float64{3, 2, 0.5}
	obs := toy(truth, rand.New(rand.NewPCG(99, 99)))
	var targets []Target
	for i, z := range obs {
		targets = append(targets, Target{Metric: string(rune('p' + i)), Observed: z, ObsVar: 0.0004})
	}
	m := Method{Points: 20, Replicates: 2, Waves: 2, Cutoff: 3, Rank: 1, Candidates: 100, Shrink: 0.01, Seed: 5}
	res, err := Match(context.Background(), toyFactors(), targets, m, toyEval(1), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w1 := res.Waves[0]
	t.Logf("wave 1: %d of %d non-implausible, %d by the walk", w1.Accepted, w1.Tried, len(w1.Walk))
	if len(w1.Region) == 0 || len(w1.Region) >= m.Points {
		t.Fatalf("wave 1 kept %d points: the test needs between 1 and %d", len(w1.Region), m.Points-1)
	}
	if len(w1.Walk) == 0 || len(w1.Walk) > 4*m.Points {
		t.Fatalf("the walk added %d points, want 1 to %d", len(w1.Walk), 4*m.Points)
	}
	one := &Result{Factors: res.Factors, Targets: targets, Method: m, Waves: res.Waves[:1]}
	for _, x := range w1.Walk {
		u := unitsOf([][]float64{x}, res.Factors)[0]
		for j := range u {
			if u[j] < 0 || u[j] > 1 {
				t.Fatalf("walk point %v outside the ranges", x)
			}
		}
		if i := one.Implausibility(w1, u); i > m.Cutoff {
			t.Fatalf("walk point %v has implausibility %g under wave 1", x, i)
		}
	}
	if want := min(m.Points, len(w1.Region)+len(w1.Walk)); len(res.Waves) < 2 || len(res.Waves[1].Points) != want {
		t.Errorf("wave 2 ran %d points, want %d", len(res.Waves[1].Points), want)
	}
	vol := float64(w1.Accepted) / float64(w1.Tried)
	if w1.Volume != vol {
		t.Errorf("wave 1's volume %g, want the uniform sample's %g", w1.Volume, vol)
	}
}
