package sensitivity

import "testing"

// TestSobolFirstPoints checks the unshifted sequence against values worked
// out by hand from the direction numbers. Dimension 1 has v_i = 2^-i.
// Dimension 2 (s=1, a=0, m=1) has v = 1/2, 3/4, 5/8, …. Dimension 3 (s=2,
// a=1, m=1,3) has v = 1/2, 3/4, 3/8, …. Point i is the XOR of v_j over the
// set bits j of the Gray code i^(i>>1).
func TestSobolFirstPoints(t *testing.T) {
	want := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
		{0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375},
	}
	x := matrix(len(want), 3)
	sobolFill(x, make([]uint32, 3))
	for i := range want {
		for j := range want[i] {
			if x[i][j] != want[i][j] {
				t.Errorf("point %d dimension %d: got %v, want %v", i, j+1, x[i][j], want[i][j])
			}
		}
	}
}

// TestSobolStratified checks that n = 2^m shifted points put exactly one
// point in each interval [i/n, (i+1)/n) of every dimension, which holds for
// any valid direction numbers.
func TestSobolStratified(t *testing.T) {
	const n = 1 << 10
	x := SobolSequence(n, MaxSobolDim, pcg(4))
	for j := range MaxSobolDim {
		seen := make([]bool, n)
		for i, p := range x {
			v := p[j]
			if !(v >= 0 && v < 1) {
				t.Fatalf("x[%d][%d] = %v outside [0,1)", i, j, v)
			}
			s := int(v * n)
			if seen[s] {
				t.Errorf("dimension %d: two points in interval %d", j+1, s)
				break
			}
			seen[s] = true
		}
	}
}

// TestSobolNet checks that the first two dimensions form a (0, m, 2)-net:
// every box [a/2^q, (a+1)/2^q) × [b/2^(m-q), (b+1)/2^(m-q)) holds exactly one
// of the 2^m points (Sobol' 1967; the shift preserves it).
func TestSobolNet(t *testing.T) {
	const m = 8
	x := SobolSequence(1<<m, 2, pcg(5))
	for q := 0; q <= m; q++ {
		cols, rows := float64(int(1)<<q), float64(int(1)<<(m-q))
		count := make(map[[2]int]int)
		for _, p := range x {
			count[[2]int{int(p[0] * cols), int(p[1] * rows)}]++
		}
		if len(count) != 1<<m {
			t.Errorf("q=%d: %d of %d boxes occupied", q, len(count), 1<<m)
		}
	}
}

// TestSobolShift checks that SobolSequence is the unshifted sequence with
// each dimension XORed with one word, and that the word is random: the two
// seeds give different words in every dimension (the chance of a clash is
// 2^-32 per dimension).
func TestSobolShift(t *testing.T) {
	const n, d = 256, 10
	raw := matrix(n, d)
	sobolFill(raw, make([]uint32, d))
	word := func(v float64) uint32 { return uint32(v * (1 << sobolBits)) }
	var shifts [2][d]uint32
	for k, seed := range []uint64{6, 7} {
		x := SobolSequence(n, d, pcg(seed))
		for j := range d {
			shifts[k][j] = word(x[0][j]) ^ word(raw[0][j])
			for i := range n {
				if got := word(x[i][j]) ^ word(raw[i][j]); got != shifts[k][j] {
					t.Fatalf("seed %d dimension %d point %d: shift %#x, want %#x", seed, j+1, i, got, shifts[k][j])
				}
			}
		}
	}
	for j := range d {
		if shifts[0][j] == shifts[1][j] {
			t.Errorf("dimension %d: both seeds shift by %#x", j+1, shifts[0][j])
		}
	}
}

func TestSobolSequenceReproducible(t *testing.T) {
	a := SobolSequence(64, 5, pcg(1))
	if b := SobolSequence(64, 5, pcg(1)); !equal(a, b) {
		t.Error("same seed gave different points")
	}
	if c := SobolSequence(64, 5, pcg(2)); equal(a, c) {
		t.Error("different seeds gave the same points")
	}
}

// TestJoeKuoTable checks the direction-number table against what Joe and
// Kuo's construction requires: row d is the d-th primitive polynomial over
// GF(2) in order of degree and then of a, and each m_i is odd and below 2^i.
// It cannot catch a typo that keeps m_i odd and small; such a typo would
// weaken two-dimensional projections but not the stratification checked
// above.
func TestJoeKuoTable(t *testing.T) {
	if MaxSobolDim != 1+len(joeKuo) {
		t.Errorf("MaxSobolDim = %d, want 1 + %d table rows", MaxSobolDim, len(joeKuo))
	}
	var want [][2]uint32 // (s, a) of every primitive polynomial, in order
	for s := uint32(1); len(want) < len(joeKuo); s++ {
		for a := uint32(0); a < 1<<(s-1); a++ {
			if primitive(s, a) {
				want = append(want, [2]uint32{s, a})
			}
		}
	}
	for d, row := range joeKuo {
		s := uint32(len(row.m))
		if got := [2]uint32{s, row.a}; got != want[d] {
			t.Errorf("dimension %d: (s, a) = %v, want %v", d+2, got, want[d])
		}
		for i, m := range row.m {
			if m%2 != 1 || m >= 1<<(i+1) {
				t.Errorf("dimension %d: m_%d = %d, want odd and < 2^%d", d+2, i+1, m, i+1)
			}
		}
	}
}

// primitive reports whether x^s + a_1 x^(s-1) + … + a_(s-1) x + 1 is
// primitive over GF(2): x has multiplicative order 2^s - 1 modulo it.
func primitive(s, a uint32) bool {
	p := 1<<s | a<<1 | 1
	x := uint32(1)
	for k := uint32(1); k < 1<<s; k++ {
		x <<= 1
		if x>>s&1 == 1 {
			x ^= p
		}
		if x == 1 {
			return k == 1<<s-1
		}
	}
	return false
}
