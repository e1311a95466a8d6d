package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Saltelli is a design for estimating first- and total-order Sobol' indices
// of K inputs from N base samples (Saltelli 2002, "Making best use of model
// evaluations to compute sensitivity indices", Comput. Phys. Commun.
// 145:280–297; Saltelli et al. 2010, "Variance based sensitivity analysis of
// model output", Comput. Phys. Commun. 181:259–270). It holds two
// independent N×K matrices A and B and, for each input i, the matrix
// A_B^(i): A with column i taken from B. That is N(K+2) evaluations.
type Saltelli struct {
	N, K int

	// Points holds the N(K+2) points to evaluate, in blocks of N rows: A,
	// then B, then A_B^(1) to A_B^(K). Row j of every block belongs to base
	// sample j.
	Points [][]float64
}

// NewSaltelli returns a design with n base samples of k inputs. A and B are
// the first and last k coordinates of SobolSequence(n, 2k, src): randomised
// quasi-Monte Carlo points, which for smooth outputs converge faster than
// independent uniform ones, as Saltelli et al. (2010) recommend. Use a power
// of two for n.
//
// It panics if n < 2, k < 1 or 2k > MaxSobolDim.
func NewSaltelli(n, k int, src rand.Source) *Saltelli {
	if n < 2 || k < 1 || 2*k > MaxSobolDim {
		panic("sensitivity: NewSaltelli needs n ≥ 2 and 1 ≤ k ≤ MaxSobolDim/2")
	}
	base := SobolSequence(n, 2*k, src)
	s := &Saltelli{N: n, K: k, Points: matrix(n*(k+2), k)}
	for j, x := range base {
		a, b := x[:k], x[k:]
		copy(s.Points[j], a)
		copy(s.Points[n+j], b)
		for i := range k {
			ab := s.Points[(2+i)*n+j]
			copy(ab, a)
			ab[i] = b[i]
		}
	}
	return s
}

// Indices holds first- and total-order Sobol' indices of one output.
type Indices struct {
	// S[i] is the first-order index of input i: the share of the output's
	// variance that input i explains alone.
	S []float64
	// ST[i] is the total-order index of input i: the share that involves
	// input i, alone or through interactions. ST[i] - S[i] measures its
	// interactions.
	ST []float64
	// SConf and STConf hold bootstrap percentile intervals for S and ST.
	// They are nil unless the indices come from Bootstrap.
	SConf, STConf []Interval
	// Var is the variance of the output over the rows of A and B, the
	// denominator of every index.
	Var float64
}

// Interval is a confidence interval [Lo, Hi].
type Interval struct{ Lo, Hi float64 }

// Indices estimates Sobol' indices from y, where y[r] is the output at
// s.Points[r]. With f_A, f_B and f_i the outputs over A, B and A_B^(i), and
// means over the N base samples,
//
//	S_i  = mean((f_B - m) (f_i - f_A)) / V    (Saltelli et al. 2010, Table 2 (b))
//	ST_i = mean((f_A - f_i)^2) / (2V)          (Jansen 1999; Saltelli et al. 2010, Table 2)
//
// where m and V are the mean and variance (divisor 2N) of the 2N outputs
// over A and B. Centring f_B by m departs from the paper's formula: since
// f_i - f_A has mean zero it moves the expectation only by O(1/N), and it
// removes the error that a large output mean would otherwise add, so the
// indices of y and y+c agree. Estimates are not clamped to [0, 1]: an index
// near zero may come out slightly negative. A constant output gives NaN
// indices.
//
// It panics if len(y) != N(K+2).
func (s *Saltelli) Indices(y []float64) Indices {
	s.check(y)
	idx := Indices{S: make([]float64, s.K), ST: make([]float64, s.K)}
	idx.Var = s.estimate(y, nil, idx.S, idx.ST)
	return idx
}

// Bootstrap returns the estimates of Indices with percentile confidence
// intervals at the given level (0.95 for 95%): it resamples the N base
// samples with replacement reps times, drawing from src, re-estimates every
// index from each resample, and takes the (1-level)/2 and (1+level)/2
// quantiles of the replicates (Efron and Tibshirani 1993, ch. 13; Archer,
// Saltelli and Sobol' 1997). A base sample keeps its rows of A, B and every
// A_B^(i) together. The bootstrap treats the base samples as independent,
// which quasi-random ones are not; it overstates their error, so the
// intervals are conservative. A reps of 1000 is usual. The draws from src
// depend only on N and reps, so sources seeded alike resample the same base
// samples for every output of a model.
//
// It panics if len(y) != N(K+2), reps < 1 or level is not in (0, 1).
func (s *Saltelli) Bootstrap(y []float64, reps int, level float64, src rand.Source) Indices {
	if reps < 1 || !(level > 0 && level < 1) {
		panic("sensitivity: Saltelli.Bootstrap needs reps ≥ 1 and 0 < level < 1")
	}
	idx := s.Indices(y)
	rng := rand.New(src)
	rows := make([]int, s.N)
	bs := make([][]float64, s.K) // bs[i][b]: S_i in replicate b
	bt := make([][]float64, s.K)
	for i := range s.K {
		bs[i] = make([]float64, reps)
		bt[i] = make([]float64, reps)
	}
	si, ti := make([]float64, s.K), make([]float64, s.K)
	for b := range reps {
		for j := range rows {
			rows[j] = rng.IntN(s.N)
		}
		s.estimate(y, rows, si, ti)
		for i := range s.K {
			bs[i][b], bt[i][b] = si[i], ti[i]
		}
	}
	lo, hi := (1-level)/2, (1+level)/2
	idx.SConf, idx.STConf = make([]Interval, s.K), make([]Interval, s.K)
	for i := range s.K {
		slices.Sort(bs[i])
		slices.Sort(bt[i])
		idx.SConf[i] = Interval{quantile(bs[i], lo), quantile(bs[i], hi)}
		idx.STConf[i] = Interval{quantile(bt[i], lo), quantile(bt[i], hi)}
	}
	return idx
}

func (s *Saltelli) check(y []float64) {
	if len(y) != s.N*(s.K+2) {
		panic("sensitivity: Saltelli needs one output per design point")
	}
}

// estimate writes the first- and total-order indices into S and ST and
// returns the variance. It uses base samples rows, or all N if rows is nil;
// a row drawn twice counts twice.
func (s *Saltelli) estimate(y []float64, rows []int, S, ST []float64) float64 {
	n := s.N
	if rows != nil {
		n = len(rows)
	}
	row := func(j int) int {
		if rows == nil {
			return j
		}
		return rows[j]
	}
	fA, fB := y[:s.N], y[s.N:2*s.N]

	var sum float64
	for j := range n {
		r := row(j)
		sum += fA[r] + fB[r]
	}
	mean := sum / float64(2*n)
	var ss float64
	for j := range n {
		r := row(j)
		da, db := fA[r]-mean, fB[r]-mean
		ss += da*da + db*db
	}
	v := ss / float64(2*n)

	for i := range s.K {
		fi := y[(2+i)*s.N : (3+i)*s.N]
		var first, total float64
		for j := range n {
			r := row(j)
			d := fi[r] - fA[r]
			first += (fB[r] - mean) * d
			total += d * d
		}
		S[i] = first / float64(n) / v
		ST[i] = total / float64(2*n) / v
	}
	return v
}

// quantile returns the q-quantile of sorted data by linear interpolation
// between order statistics (Hyndman and Fan 1996, definition 7).
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
