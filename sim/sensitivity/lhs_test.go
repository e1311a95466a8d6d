package sensitivity

import (
	"math"
	"testing"
)

func TestLatinHypercube(t *testing.T) {
	for _, test := range []struct{ n, k int }{
		{1, 1}, {1, 4}, {2, 3}, {7, 1}, {10, 5}, {1000, 3},
	} {
		x := LatinHypercube(test.n, test.k, pcg(uint64(test.n*31+test.k)))
		if len(x) != test.n {
			t.Fatalf("n=%d k=%d: got %d points", test.n, test.k, len(x))
		}
		for j := range test.k {
			seen := make([]bool, test.n)
			for i, p := range x {
				if len(p) != test.k {
					t.Fatalf("n=%d k=%d: point %d has %d coordinates", test.n, test.k, i, len(p))
				}
				v := p[j]
				if !(v >= 0 && v < 1) {
					t.Errorf("n=%d k=%d: x[%d][%d] = %v outside [0,1)", test.n, test.k, i, j, v)
					continue
				}
				s := int(math.Floor(v * float64(test.n)))
				if seen[s] {
					t.Errorf("n=%d k=%d: dimension %d has two points in stratum %d", test.n, test.k, j, s)
				}
				seen[s] = true
			}
		}
	}
}

func TestLatinHypercubeReproducible(t *testing.T) {
	a := LatinHypercube(50, 4, pcg(1))
	if b := LatinHypercube(50, 4, pcg(1)); !equal(a, b) {
		t.Error("same seed gave different points")
	}
	if c := LatinHypercube(50, 4, pcg(2)); equal(a, c) {
		t.Error("different seeds gave the same points")
	}
}

// TestLatinHypercubeUniform checks the marginals are uniform: the mean of a
// coordinate over n stratified points has standard deviation below
// 1/(sqrt(12) n), far tighter than the 0.01 allowed here.
func TestLatinHypercubeUniform(t *testing.T) {
	x := LatinHypercube(200, 3, pcg(3))
	for j := range 3 {
		var sum float64
		for _, p := range x {
			sum += p[j]
		}
		if m := sum / 200; math.Abs(m-0.5) > 0.01 {
			t.Errorf("dimension %d: mean %v, want 0.5", j, m)
		}
	}
}
