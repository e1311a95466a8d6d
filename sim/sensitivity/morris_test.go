package sensitivity

import (
	"math"
	"slices"
	"testing"
)

// TestMorrisDesign checks the trajectory structure that Effects relies on.
func TestMorrisDesign(t *testing.T) {
	for _, test := range []struct{ r, k, p int }{
		{2, 1, 2}, {5, 3, 4}, {10, 6, 4}, {4, 8, 6}, {3, 2, 10},
	} {
		m := NewMorris(test.r, test.k, test.p, pcg(uint64(test.r*100+test.k)))
		delta := float64(test.p) / float64(2*(test.p-1))
		if m.R != test.r || m.K != test.k || m.Levels != test.p || m.Delta != delta {
			t.Errorf("%+v: got R=%d K=%d Levels=%d Delta=%v", test, m.R, m.K, m.Levels, m.Delta)
		}
		if len(m.Points) != test.r*(test.k+1) || len(m.Moved) != test.r {
			t.Fatalf("%+v: %d points and %d trajectories", test, len(m.Points), len(m.Moved))
		}
		for _, x := range m.Points {
			for i, v := range x {
				l := v * float64(test.p-1)
				if math.Abs(l-math.Round(l)) > 1e-12 || v < 0 || v > 1 {
					t.Errorf("%+v: coordinate %d = %v is off the grid", test, i, v)
				}
			}
		}
		for tr, moved := range m.Moved {
			if got := slices.Sorted(slices.Values(moved)); !slices.Equal(got, seq(test.k)) {
				t.Errorf("%+v: trajectory %d moves %v, want each input once", test, tr, moved)
			}
			row := tr * (test.k + 1)
			for j, i := range moved {
				a, b := m.Points[row+j], m.Points[row+j+1]
				for c := range test.k {
					d := b[c] - a[c]
					switch {
					case c == i && math.Abs(math.Abs(d)-delta) > 1e-12:
						t.Errorf("%+v: trajectory %d step %d moves input %d by %v, want ±%v", test, tr, j, c, d, delta)
					case c != i && d != 0:
						t.Errorf("%+v: trajectory %d step %d moves input %d too", test, tr, j, c)
					}
				}
			}
		}
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestMorrisLevels checks that every level of the grid is equally likely:
// each of the p levels should hold a 1/p share of the R(K+1)K coordinates.
// A (trajectory, input) pair puts at most K+1 coordinates on a level, and
// does so with probability 2/p, so the count's standard deviation is at most
// (K+1) sqrt(RK 2/p); the test allows 5 of them, about 16% of the expected
// count here.
func TestMorrisLevels(t *testing.T) {
	const r, k, p = 2000, 4, 4
	m := NewMorris(r, k, p, pcg(8))
	count := make([]int, p)
	for _, x := range m.Points {
		for _, v := range x {
			count[int(math.Round(v*(p-1)))]++
		}
	}
	want := float64(r*(k+1)*k) / p
	sd := (k + 1) * math.Sqrt(r*k*2.0/p)
	for l, c := range count {
		if math.Abs(float64(c)-want) > 5*sd {
			t.Errorf("level %d: %d coordinates, want %v ± %.0f", l, c, want, 5*sd)
		}
	}
}

func TestMorrisLinear(t *testing.T) {
	for _, c := range [][]float64{
		{1},
		{3, -2, 0.5},
		{0, 10, -10, 1e-3, 7},
	} {
		k := len(c)
		m := NewMorris(10, k, 4, pcg(uint64(k)))
		y := evaluate(m.Points, func(x []float64) float64 {
			var s float64
			for i, v := range x {
				s += c[i] * v
			}
			return s
		})
		e := m.Effects(y)
		for i := range k {
			if math.Abs(e.Mu[i]-c[i]) > 1e-12 || math.Abs(e.MuStar[i]-math.Abs(c[i])) > 1e-12 || e.Sigma[i] > 1e-12 {
				t.Errorf("c=%v input %d: mu=%v mu*=%v sigma=%v, want %v %v 0",
					c, i, e.Mu[i], e.MuStar[i], e.Sigma[i], c[i], math.Abs(c[i]))
			}
		}
	}
}

// TestMorrisEffectsByHand sets the outputs so that the three trajectories of
// one input have elementary effects 1, -2 and 7: mu = 2, mu* = 10/3 and
// sigma = sqrt(((1-2)^2 + (-2-2)^2 + (7-2)^2) / 2) = sqrt(21).
func TestMorrisEffectsByHand(t *testing.T) {
	m := NewMorris(3, 1, 2, pcg(15))
	y := make([]float64, 6)
	for tr, ee := range []float64{1, -2, 7} {
		a, b := 2*tr, 2*tr+1
		y[b] = ee * (m.Points[b][0] - m.Points[a][0])
	}
	e := m.Effects(y)
	if math.Abs(e.Mu[0]-2) > 1e-12 || math.Abs(e.MuStar[0]-10.0/3) > 1e-12 || math.Abs(e.Sigma[0]-math.Sqrt(21)) > 1e-12 {
		t.Errorf("mu=%v mu*=%v sigma=%v, want 2, 10/3, sqrt(21)", e.Mu[0], e.MuStar[0], e.Sigma[0])
	}
}

// TestMorrisInteraction uses y = x1 - 2 x2 + 4 x3 x4 with a dummy x5.
// Inputs 1 and 2 act alone and linearly, so their effects are constant;
// inputs 3 and 4 interact, so their effects vary with each other; input 5
// has no effect.
func TestMorrisInteraction(t *testing.T) {
	m := NewMorris(20, 5, 4, pcg(9))
	y := evaluate(m.Points, func(x []float64) float64 {
		return x[0] - 2*x[1] + 4*x[2]*x[3]
	})
	e := m.Effects(y)
	for _, test := range []struct {
		i             int
		muStar, sigma float64 // NaN: must be positive
	}{
		{0, 1, 0},
		{1, 2, 0},
		{2, math.NaN(), math.NaN()},
		{3, math.NaN(), math.NaN()},
		{4, 0, 0},
	} {
		check := func(name string, got, want float64) {
			if math.IsNaN(want) && !(got > 0.1) || !math.IsNaN(want) && math.Abs(got-want) > 1e-12 {
				t.Errorf("input %d: %s = %v, want %v (NaN: clearly positive)", test.i+1, name, got, want)
			}
		}
		check("mu*", e.MuStar[test.i], test.muStar)
		check("sigma", e.Sigma[test.i], test.sigma)
	}
	// The effect of x3 is 4 x4, and x4 sits on {0, 1/3, 2/3, 1}, so the
	// mean absolute effect lies in [0, 4].
	if e.MuStar[2] > 4 || e.MuStar[3] > 4 {
		t.Errorf("mu* of the interacting inputs = %v, %v; want at most 4", e.MuStar[2], e.MuStar[3])
	}
}

// TestMorrisIshigami checks Morris against the Ishigami function, where x3
// acts only through its interaction with x1: it has a clear elementary
// effect (mu* > 0, sigma > 0) although its first-order Sobol' index is 0.
func TestMorrisIshigami(t *testing.T) {
	m := NewMorris(50, 3, 4, pcg(10))
	e := m.Effects(evaluate(m.Points, ishigami))
	t.Logf("mu* = %.3f, sigma = %.3f", e.MuStar, e.Sigma)
	for i := range 3 {
		if !(e.MuStar[i] > 1) {
			t.Errorf("input %d: mu* = %v, want clearly positive", i+1, e.MuStar[i])
		}
	}
	if !(e.Sigma[2] > 1) {
		t.Errorf("input 3: sigma = %v, want clearly positive (interaction)", e.Sigma[2])
	}

	s := NewSaltelli(1<<12, 3, pcg(10))
	idx := s.Indices(evaluate(s.Points, ishigami))
	if math.Abs(idx.S[2]) > 0.02 || idx.ST[2] < 0.2 {
		t.Errorf("input 3: S = %v, ST = %v; want S ≈ 0 and ST ≈ 0.24", idx.S[2], idx.ST[2])
	}
}

func TestMorrisReproducible(t *testing.T) {
	a := NewMorris(5, 3, 4, pcg(1))
	b := NewMorris(5, 3, 4, pcg(1))
	c := NewMorris(5, 3, 4, pcg(2))
	if !equal(a.Points, b.Points) {
		t.Error("same seed gave different points")
	}
	if equal(a.Points, c.Points) {
		t.Error("different seeds gave the same points")
	}
}

func TestMorrisPanics(t *testing.T) {
	m := NewMorris(3, 2, 4, pcg(1))
	for name, f := range map[string]func(){
		"r=1":      func() { NewMorris(1, 2, 4, pcg(1)) },
		"k=0":      func() { NewMorris(3, 0, 4, pcg(1)) },
		"p odd":    func() { NewMorris(3, 2, 5, pcg(1)) },
		"p=0":      func() { NewMorris(3, 2, 0, pcg(1)) },
		"short y":  func() { m.Effects(make([]float64, 8)) },
		"longer y": func() { m.Effects(make([]float64, 10)) },
	} {
		if !panics(f) {
			t.Errorf("%s: did not panic", name)
		}
	}
}

// TestMorrisMuStarIntervals checks the bootstrap intervals of μ*: they hold
// μ*, they are a point where every trajectory gives the same effect (a
// linear model), they narrow as trajectories are added, and they separate
// an influential input from one with no effect.
func TestMorrisMuStarIntervals(t *testing.T) {
	linear := func(x []float64) float64 { return 3*x[0] - 2*x[1] }
	m := NewMorris(10, 3, 4, pcg(1))
	for i, iv := range m.MuStarIntervals(evaluate(m.Points, linear), 200, 0.95, pcg(2)) {
		want := []float64{3, 2, 0}[i]
		if math.Abs(iv.Lo-want) > 1e-12 || math.Abs(iv.Hi-want) > 1e-12 {
			t.Errorf("linear input %d: interval %v, want the point %v", i, iv, want)
		}
	}
	width := func(r int) float64 {
		m := NewMorris(r, 3, 4, pcg(3))
		y := evaluate(m.Points, ishigami)
		e := m.Effects(y)
		iv := m.MuStarIntervals(y, 500, 0.95, pcg(4))
		if !(iv[0].Lo <= e.MuStar[0] && e.MuStar[0] <= iv[0].Hi) {
			t.Errorf("r=%d: mu* %v outside its interval %v", r, e.MuStar[0], iv[0])
		}
		return iv[0].Hi - iv[0].Lo
	}
	if w10, w200 := width(10), width(200); !(w200 < w10/2) {
		t.Errorf("interval width %v with 200 trajectories, %v with 10: want it to narrow", w200, w10)
	}
	m = NewMorris(40, 2, 4, pcg(5))
	iv := m.MuStarIntervals(evaluate(m.Points, func(x []float64) float64 { return 5 * x[0] * x[0] }), 500, 0.95, pcg(6))
	if !(iv[0].Lo > iv[1].Hi) {
		t.Errorf("an influential input's interval %v overlaps a null input's %v", iv[0], iv[1])
	}
}
