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
// Stream implements math/rand/v2's Source, so rand.New(&s) gives the full
// rand.Rand API over it.
type Stream struct {
	k0, k1 uint64
	n      uint64
}

// NewStream returns the stream for a purpose (such as "gp-arrivals") and an
// entity (such as a practice index) under a master seed.
func NewStream(seed uint64, purpose string, entity uint64) Stream {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	p := h.Sum64()
	k0 := mix(seed ^ mix(p) ^ mix(entity+0x632be59bd9b4e019))
	k1 := mix(k0 ^ 0xd1b54a32d192ed03 ^ mix(p+entity))
	return Stream{k0: k0, k1: k1}
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
	return mix(mix(s.k0+s.n*0x9e3779b97f4a7c15) ^ s.k1)
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
