package sweep

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/sensitivity"
)

// Sensitivity methods.
const (
	Morris = "morris"
	Sobol  = "sobol"
)

// PCG streams of the sensitivity designs and bootstrap; their seed is the
// analysis's.
const (
	morrisStream    = 0x6d6f72726973 // "morris"
	sobolStream     = 0x736f626f6c   // "sobol"
	bootstrapStream = 0x626f6f74     // "boot"
)

// Design is a sensitivity design over factors: points of the unit cube
// mapped onto the factors' ranges, to be evaluated in order.
type Design struct {
	Method  string
	Factors []Factor
	// Values[i][j] is factor j's value at point i, as Factor.Value gives
	// it: rounded, and whole for an integer parameter.
	Values [][]float64

	morris   *sensitivity.Morris
	saltelli *sensitivity.Saltelli
}

// NewMorrisDesign returns r Morris trajectories on a p-level grid over the
// factors: r(k+1) points for k factors. Elementary effects are computed from
// the values as mapped (rounded), each expressed per the factor's whole
// range, so that mu* is in the metric's units and comparable across
// parameters.
func NewMorrisDesign(factors []Factor, r, p int, seed uint64) *Design {
	m := sensitivity.NewMorris(r, len(factors), p, rand.NewPCG(seed, morrisStream))
	d := &Design{Method: Morris, Factors: factors, morris: m}
	d.Values = mapPoints(factors, m.Points)
	// The effects divide by the steps actually taken: rounding a value (an
	// integer parameter's, above all) changes its step a little. Every step
	// is at least half a range wide before rounding, so none vanishes.
	actual := *m
	actual.Points = make([][]float64, len(m.Points))
	for i, x := range d.Values {
		actual.Points[i] = make([]float64, len(x))
		for j, f := range factors {
			actual.Points[i][j] = (x[j] - f.Lo) / (f.Hi - f.Lo)
		}
	}
	d.morris = &actual
	return d
}

// NewSobolDesign returns a Saltelli design of n base samples over the
// factors: n(k+2) points for k factors.
func NewSobolDesign(factors []Factor, n int, seed uint64) *Design {
	s := sensitivity.NewSaltelli(n, len(factors), rand.NewPCG(seed, sobolStream))
	return &Design{Method: Sobol, Factors: factors, saltelli: s, Values: mapPoints(factors, s.Points)}
}

func mapPoints(factors []Factor, unit [][]float64) [][]float64 {
	out := make([][]float64, len(unit))
	for i, u := range unit {
		out[i] = make([]float64, len(factors))
		for j, f := range factors {
			out[i][j] = f.Value(u[j])
		}
	}
	return out
}

// Sets returns point i's values as --set overrides.
func (d *Design) Sets(i int) []string {
	out := make([]string, len(d.Factors))
	for j, f := range d.Factors {
		out[j] = f.Param.Path + "=" + f.Format(d.Values[i][j])
	}
	return out
}

// Index is one parameter's sensitivity measures for one metric: Morris's
// Mu, MuStar and Sigma, or Sobol's S and ST with their bootstrap intervals.
// The other method's measures are NaN.
type Index struct {
	Method, Metric, Param       string
	Mu, MuStar, Sigma           float64
	MuStarLo, MuStarHi          float64 // Morris: μ*'s bootstrap interval over the trajectories
	S, SLo, SHi, ST, STLo, STHi float64
}

// Analyse estimates each factor's measures for metric from y, where y[i]
// is the metric at point i. Sobol indices get percentile intervals at level
// from reps bootstrap resamples, drawn from seed; every metric analysed
// with the same seed resamples the same base samples.
func (d *Design) Analyse(metric string, y []float64, reps int, level float64, seed uint64) []Index {
	nan := math.NaN()
	out := make([]Index, len(d.Factors))
	for j, f := range d.Factors {
		out[j] = Index{Method: d.Method, Metric: metric, Param: f.Param.Path,
			Mu: nan, MuStar: nan, Sigma: nan, MuStarLo: nan, MuStarHi: nan, S: nan, SLo: nan, SHi: nan, ST: nan, STLo: nan, STHi: nan}
	}
	switch d.Method {
	case Morris:
		e := d.morris.Effects(y)
		for j := range out {
			out[j].Mu, out[j].MuStar, out[j].Sigma = e.Mu[j], e.MuStar[j], e.Sigma[j]
		}
		if reps > 0 {
			for j, iv := range d.morris.MuStarIntervals(y, reps, level, rand.NewPCG(seed, bootstrapStream)) {
				out[j].MuStarLo, out[j].MuStarHi = iv.Lo, iv.Hi
			}
		}
	case Sobol:
		idx := d.saltelli.Bootstrap(y, reps, level, rand.NewPCG(seed, bootstrapStream))
		for j := range out {
			out[j].S, out[j].SLo, out[j].SHi = idx.S[j], idx.SConf[j].Lo, idx.SConf[j].Hi
			out[j].ST, out[j].STLo, out[j].STHi = idx.ST[j], idx.STConf[j].Lo, idx.STConf[j].Hi
		}
	}
	return out
}

// IndicesCSV writes indices as a table:
// method,metric,param,mu,mu_star,mu_star_lo,mu_star_hi,sigma,S,S_lo,S_hi,ST,ST_lo,ST_hi,
// with the other method's measures, and any undefined one, empty.
func IndicesCSV(rows []Index) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"method", "metric", "param", "mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma", "S", "S_lo", "S_hi", "ST", "ST_lo", "ST_hi"})
	for _, r := range rows {
		w.Write([]string{r.Method, r.Metric, r.Param, numfmt.Exact(r.Mu), numfmt.Exact(r.MuStar),
			numfmt.Exact(r.MuStarLo), numfmt.Exact(r.MuStarHi), numfmt.Exact(r.Sigma),
			numfmt.Exact(r.S), numfmt.Exact(r.SLo), numfmt.Exact(r.SHi), numfmt.Exact(r.ST), numfmt.Exact(r.STLo), numfmt.Exact(r.STHi)})
	}
	w.Flush()
	return b.Bytes()
}

// DesignPoints is the number of points of a design of method over k
// factors: r trajectories of k+1 points for Morris, n base samples of k+2
// for Sobol. It checks the count against MaxPoints, before the design is
// built, without overflowing.
func DesignPoints(method string, k, r, n int) (int, error) {
	per, count, flag := k+1, r, "--trajectories"
	if method == Sobol {
		per, count, flag = k+2, n, "--samples"
	}
	if count > MaxPoints/per {
		return 0, inputErrorf("%s %d: the design would have %d × %d points, more than %d; use fewer", flag, count, count, per, MaxPoints)
	}
	return count * per, nil
}

// LeadingSet is how many of the parameters with the largest measure (μ* for
// Morris, ST for Sobol) stand clear of all the rest: the smallest k, up to
// max, whose lowest interval bound is above every other parameter's upper
// bound. It is 0 where no such set exists, or where the intervals are
// undefined: the ranking is then not settled by the design, and more
// trajectories or samples would be needed.
func LeadingSet(idx []Index, max int) int {
	type m struct{ v, lo, hi float64 }
	ms := make([]m, 0, len(idx))
	for _, ix := range idx {
		x := m{ix.MuStar, ix.MuStarLo, ix.MuStarHi}
		if ix.Method == Sobol {
			x = m{ix.ST, ix.STLo, ix.STHi}
		}
		if math.IsNaN(x.v) || math.IsNaN(x.lo) || math.IsNaN(x.hi) {
			return 0
		}
		ms = append(ms, x)
	}
	slices.SortStableFunc(ms, func(a, b m) int { return cmp.Compare(b.v, a.v) })
	low := math.Inf(1)
	for k := 1; k <= max && k < len(ms); k++ {
		low = math.Min(low, ms[k-1].lo)
		high := math.Inf(-1)
		for _, x := range ms[k:] {
			high = math.Max(high, x.hi)
		}
		if low > high {
			return k
		}
	}
	return 0
}
