package sensitivity

import (
	"math/bits"
	"math/rand/v2"
)

// MaxSobolDim is the largest dimension SobolSequence supports: the first
// dimension, which needs no direction numbers, and the 127 dimensions whose
// Joe and Kuo direction numbers this package carries. NewSaltelli therefore
// takes at most MaxSobolDim/2 inputs.
const MaxSobolDim = 128

// sobolBits is the precision of the sequence: coordinates are multiples of
// 2^-32, and at most 2^32 points are distinct.
const sobolBits = 32

// SobolSequence returns the first n points of the d-dimensional Sobol'
// sequence in [0,1)^d, one row per point, randomised by a digital shift.
//
// The sequence is Sobol's (1967) with the direction numbers of Joe and Kuo
// (2008, "Constructing Sobol sequences with better two-dimensional
// projections", SIAM J. Sci. Comput. 30:2635–2654, set new-joe-kuo-6),
// generated in Gray-code order (Antonov and Saleev 1979) with 32-bit
// precision. The digital shift XORs every coordinate of dimension j with one
// random 32-bit word drawn from src for that dimension (L'Ecuyer and Lemieux
// 2002). The shift keeps the sequence's net structure, so for n = 2^m every
// coordinate still has exactly one point in each interval [i/n, (i+1)/n), and
// it makes each point uniform over the 2^-32 grid, so that averages over the
// points are unbiased and vary with the seed. Use a power of two for n.
//
// It panics if n < 1, n > 2^32, d < 1 or d > MaxSobolDim.
func SobolSequence(n, d int, src rand.Source) [][]float64 {
	if n < 1 || uint64(n) > 1<<sobolBits {
		panic("sensitivity: SobolSequence needs 1 ≤ n ≤ 2^32")
	}
	if d < 1 || d > MaxSobolDim {
		panic("sensitivity: SobolSequence needs 1 ≤ d ≤ MaxSobolDim")
	}
	rng := rand.New(src)
	shift := make([]uint32, d)
	for j := range shift {
		shift[j] = rng.Uint32()
	}
	x := matrix(n, d)
	sobolFill(x, shift)
	return x
}

// sobolFill writes the first len(x) points of the len(shift)-dimensional
// sequence into x, dimension j XORed with shift[j]. Point i is the XOR of the
// direction numbers selected by the bits of the Gray code of i, built up one
// XOR per point.
func sobolFill(x [][]float64, shift []uint32) {
	const scale = 1.0 / (1 << sobolBits)
	for j, s := range shift {
		v := sobolDirections(j)
		var g uint32
		for i := range x {
			if i > 0 {
				g ^= v[bits.TrailingZeros(uint(i))]
			}
			x[i][j] = float64(g^s) * scale
		}
	}
}

// sobolDirections returns the direction numbers v_1 … v_32 of dimension j
// (0-based), scaled by 2^32. Dimension 0 is van der Corput's sequence in base
// 2. The others extend Joe and Kuo's initial numbers m_1 … m_s by the
// recurrence of Bratley and Fox (1988, ACM TOMS 14:88–100), whose
// coefficients come from the primitive polynomial of degree s:
//
//	v_i = v_{i-s} ⊕ (v_{i-s} >> s) ⊕ a_1 v_{i-1} ⊕ … ⊕ a_{s-1} v_{i-s+1}.
func sobolDirections(j int) [sobolBits]uint32 {
	var v [sobolBits]uint32
	if j == 0 {
		for i := range v {
			v[i] = 1 << (sobolBits - 1 - i)
		}
		return v
	}
	row := joeKuo[j-1]
	s := len(row.m)
	for i := range v {
		if i < s {
			v[i] = row.m[i] << (sobolBits - 1 - i)
			continue
		}
		w := v[i-s] ^ v[i-s]>>s
		for k := 1; k < s; k++ {
			if row.a>>(s-1-k)&1 == 1 {
				w ^= v[i-k]
			}
		}
		v[i] = w
	}
	return v
}
