package sim

import (
	"hash/fnv"
	"math/bits"
)

// Stream is a counter-based random stream: draw n of the stream keyed by
// (seed, purpose, entity) is a hash of those and n. A stream is 24 bytes, so
// every patient can own one, and its draws never depend on how many draws any
// other stream has made.
//
// Each draw is SplitMix64 (Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014) with a per-stream odd
// increment: output n is mix(key + n·gamma). Distinct gammas make distinct
// sequences, not shifted copies of one, as in java.util.SplittableRandom.
//
// Stream implements math/rand/v2's Source, so rand.New(&s) gives the full
// rand.Rand API over it.
type Stream struct {
	key, gamma uint64
	n          uint64
}

// NewStream returns the stream for a purpose (such as "gp-demand") and an
// entity (such as a practice index) under a master seed.
func NewStream(seed uint64, purpose string, entity uint64) Stream {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	p := h.Sum64()
	key := mix(seed ^ mix(p) ^ mix(entity+0x632be59bd9b4e019))
	g := mix(key ^ 0xd1b54a32d192ed03 ^ mix(p+entity))
	return Stream{key: key, gamma: fixGamma(g)}
}

// fixGamma makes g a good SplitMix64 increment: odd, and with enough bit
// transitions (SplittableRandom's mixGamma rule).
func fixGamma(g uint64) uint64 {
	g |= 1
	if bits.OnesCount64(g^(g>>1)) < 24 {
		g ^= 0xaaaaaaaaaaaaaaaa
	}
	return g
}

// mix is SplitMix64's finaliser: a bijection with full avalanche.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Uint64 returns the next 64 random bits.
func (s *Stream) Uint64() uint64 {
	s.n++
	return mix(s.key + s.n*s.gamma)
}

// Draws is the number of draws taken from the stream so far.
func (s *Stream) Draws() uint64 { return s.n }

// Float64 returns a uniform number in [0, 1).
func (s *Stream) Float64() float64 {
	return float64(s.Uint64()>>11) * (1.0 / (1 << 53))
}

// Exp returns an exponential variate with the given mean.
func (s *Stream) Exp(mean float64) float64 {
	return mean * s.exp1()
}

// IntN returns a uniform integer in [0, n). It panics if n <= 0.
func (s *Stream) IntN(n int) int {
	if n <= 0 {
		panic("sim: IntN of a non-positive bound")
	}
	// Lemire's multiply-and-reject method: unbiased, usually one draw.
	hi, lo := bits.Mul64(s.Uint64(), uint64(n))
	if lo < uint64(n) {
		t := -uint64(n) % uint64(n)
		for lo < t {
			hi, lo = bits.Mul64(s.Uint64(), uint64(n))
		}
	}
	return int(hi)
}

// Bernoulli reports true with probability p.
func (s *Stream) Bernoulli(p float64) bool { return s.Float64() < p }
