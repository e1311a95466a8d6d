package sensitivity

import (
	"math"
	"math/rand/v2"
)

// LatinHypercube returns n points in [0,1)^k, one row per point, with exactly
// one point in each stratum [j/n, (j+1)/n) of every dimension (McKay,
// Beckman and Conover 1979). Each dimension assigns strata to points by its
// own random permutation, and each point is uniform within its stratum.
//
// It panics if n < 1 or k < 1.
func LatinHypercube(n, k int, src rand.Source) [][]float64 {
	if n < 1 || k < 1 {
		panic("sensitivity: LatinHypercube needs n ≥ 1 and k ≥ 1")
	}
	rng := rand.New(src)
	x := matrix(n, k)
	perm := make([]int, n)
	for j := range k {
		for i := range perm {
			perm[i] = i
		}
		rng.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		for i := range n {
			x[i][j] = below1((float64(perm[i]) + rng.Float64()) / float64(n))
		}
	}
	return x
}

// matrix returns an n×k matrix whose rows share one allocation. Each row is
// capped at its length so that appending to one cannot overwrite the next.
func matrix(n, k int) [][]float64 {
	data := make([]float64, n*k)
	x := make([][]float64, n)
	for i := range x {
		x[i] = data[i*k : (i+1)*k : (i+1)*k]
	}
	return x
}

// below1 keeps v inside [0,1): (n-1+u)/n can round up to 1 when u is within
// an ulp of 1.
func below1(v float64) float64 {
	if v >= 1 {
		return math.Nextafter(1, 0)
	}
	return v
}
