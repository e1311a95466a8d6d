package sim

import (
	"math"
	"slices"
	"sort"
	"testing"
)

func draws(s Stream, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = s.Uint64()
	}
	return out
}

func TestStreamsAreReproducibleAndDistinct(t *testing.T) {
	a := draws(NewStream(1, "gp-demand", 3), 100)
	if b := draws(NewStream(1, "gp-demand", 3), 100); !slices.Equal(a, b) {
		t.Fatal("the same (seed, purpose, entity) gave different draws")
	}
	for _, s := range []Stream{NewStream(2, "gp-demand", 3), NewStream(1, "gp-service", 3), NewStream(1, "gp-demand", 4)} {
		b := draws(s, 100)
		same := 0
		for i := range a {
			if a[i] == b[i] {
				same++
			}
		}
		if same > 0 {
			t.Errorf("a different stream shares %d of 100 draws", same)
		}
	}
}

// ksExp returns the Kolmogorov–Smirnov distance between a sample and the
// exponential distribution with mean 1.
func ksExp(x []float64) float64 {
	sort.Float64s(x)
	n := float64(len(x))
	d := 0.0
	for i, v := range x {
		f := 1 - math.Exp(-v)
		d = max(d, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
	}
	return d
}

func TestExpDistribution(t *testing.T) {
	s := NewStream(42, "exp-test", 0)
	const n = 400000
	x := make([]float64, n)
	var sum, sum2 float64
	for i := range x {
		x[i] = s.Exp(1)
		sum += x[i]
		sum2 += x[i] * x[i]
	}
	mean := sum / n
	variance := sum2/n - mean*mean
	// Standard errors: mean 1/sqrt(n) = 0.0016; variance about sqrt(8/n) = 0.0045.
	if math.Abs(mean-1) > 0.008 {
		t.Errorf("mean %v, want 1 ± 0.008 (5 s.e.)", mean)
	}
	if math.Abs(variance-1) > 0.025 {
		t.Errorf("variance %v, want 1 ± 0.025 (5 s.e.)", variance)
	}
	// KS critical value at the 0.1% level is 1.95/sqrt(n) = 0.0031.
	if d := ksExp(x); d > 1.95/math.Sqrt(n) {
		t.Errorf("KS distance %v exceeds the 0.1%% critical value %v", d, 1.95/math.Sqrt(n))
	}
	// The tail beyond the base layer (x > 7.697) has probability e^-7.697 =
	// 4.5e-4: about 180 of these draws.
	tail := 0
	for _, v := range x {
		if v > 7.69711747013104972 {
			tail++
		}
	}
	if tail < 120 || tail > 250 {
		t.Errorf("%d draws beyond the ziggurat's base layer, want about 180", tail)
	}
}

func TestIntNUniform(t *testing.T) {
	s := NewStream(7, "intn-test", 0)
	const k, n = 7, 700000
	var counts [k]float64
	for range n {
		counts[s.IntN(k)]++
	}
	chi2 := 0.0
	for _, c := range counts {
		chi2 += (c - n/k) * (c - n/k) / (n / k)
	}
	// 6 degrees of freedom: the 0.1% critical value is 22.46.
	if chi2 > 22.46 {
		t.Errorf("chi-square %v over %d bins: not uniform", chi2, k)
	}
}

func TestAlias(t *testing.T) {
	w := []float64{1, 0, 3, 6}
	a := NewAlias(w)
	s := NewStream(3, "alias-test", 0)
	const n = 200000
	var counts [4]float64
	for range n {
		counts[a.Draw(&s)]++
	}
	chi2 := 0.0
	for i, c := range counts {
		e := n * w[i] / 10
		if e == 0 {
			if c != 0 {
				t.Errorf("index %d of weight 0 drawn %v times", i, c)
			}
			continue
		}
		chi2 += (c - e) * (c - e) / e
	}
	// 2 degrees of freedom: the 0.1% critical value is 13.8.
	if chi2 > 13.8 {
		t.Errorf("chi-square %v: counts %v do not follow weights %v", chi2, counts, w)
	}
}

// Set rebuilds a table in place, to the table NewAlias builds for the same
// weights, and with up to 64 weights allocates nothing.
func TestAliasSetInPlace(t *testing.T) {
	a := NewAlias([]float64{1, 2, 3, 4})
	w := []float64{5, 0, 1, 0.5}
	a.Set(w)
	if b := NewAlias(w); !slices.Equal(a.prob, b.prob) || !slices.Equal(a.alias, b.alias) {
		t.Errorf("Set gave %+v, NewAlias %+v", a, b)
	}
	w50 := make([]float64, 50)
	for i := range w50 {
		w50[i] = float64(i%7) + 0.5
	}
	a.Set(w50)
	if n := testing.AllocsPerRun(100, func() { a.Set(w50) }); n != 0 {
		t.Errorf("Set allocates %v times a call; want 0", n)
	}
}
