package sim

import "github.com/nhssim/nhssim/sim/pmath"

// Exponential variates by the ziggurat method (Marsaglia and Tsang, "The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
// 2000), with 256 layers. One 64-bit draw usually suffices: its low 8 bits
// pick the layer and its top 53 bits the position, so the two are
// independent. A logarithm is needed only in about 1.2% of draws.
const (
	zigR = 7.69711747013104972  // right edge of the base layer
	zigV = 3.949659822581572e-3 // area of each layer
	zigM = 1 << 53              // scale of the 53-bit position
)

var zig = func() (t struct {
	k [256]uint64  // thresholds: a position below k[i] lies inside layer i's core
	w [256]float64 // position to x
	f [256]float64 // exp(-x) at each layer's edge
}) {
	d := zigR
	q := zigV / pmath.Exp(-d)
	t.k[0] = uint64(d / q * zigM)
	t.k[1] = 0
	t.w[0] = q / zigM
	t.w[255] = d / zigM
	t.f[0] = 1
	t.f[255] = pmath.Exp(-d)
	for i := 254; i >= 1; i-- {
		prev := d
		d = -pmath.Log(zigV/d + pmath.Exp(-d))
		t.k[i+1] = uint64(d / prev * zigM)
		t.f[i] = pmath.Exp(-d)
		t.w[i] = d / zigM
	}
	return t
}()

// exp1 returns a standard exponential variate (mean 1).
func (s *Stream) exp1() float64 {
	for {
		u := s.Uint64()
		i := u & 255
		j := u >> 11
		x := float64(j) * zig.w[i]
		if j < zig.k[i] {
			return x
		}
		if i == 0 {
			// The tail beyond zigR is itself exponential.
			return zigR - pmath.Log(1-s.Float64())
		}
		if zig.f[i]+s.Float64()*(zig.f[i-1]-zig.f[i]) < pmath.Exp(-x) {
			return x
		}
	}
}
