package sim

// Alias draws an index with probability proportional to its weight in O(1)
// per draw (Walker's alias method, with Vose's construction).
type Alias struct {
	prob  []float64
	alias []int32
}

// NewAlias builds the table for the given non-negative weights. If all are
// zero, every draw returns 0.
func NewAlias(w []float64) Alias {
	var a Alias
	a.Set(w)
	return a
}

// Set rebuilds the table for new weights, reusing its storage when the
// number of weights is unchanged (and, up to 64 weights, allocating
// nothing), so that a model that resets its rates often makes no garbage.
// The table is the one NewAlias builds for the same weights.
func (a *Alias) Set(w []float64) {
	n := len(w)
	if len(a.prob) != n {
		a.prob, a.alias = make([]float64, n), make([]int32, n)
	}
	clear(a.prob)
	clear(a.alias)
	total := 0.0
	for _, x := range w {
		total += x
	}
	if n == 0 || total <= 0 {
		for i := range a.prob {
			a.prob[i] = 1
		}
		return
	}
	var scaledBuf [64]float64
	var smallBuf, largeBuf [64]int32
	scaled, small, large := scaledBuf[:0], smallBuf[:0], largeBuf[:0]
	if n > len(scaledBuf) {
		scaled = make([]float64, 0, n)
	}
	scaled = scaled[:n]
	for i, x := range w {
		scaled[i] = x * float64(n) / total
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i] = 1
	}
	for _, i := range small { // only rounding leaves any here
		a.prob[i] = 1
	}
}

// Draw returns an index drawn from s, with one draw: the top 32 bits pick
// the column and the bottom 32 the side of it. (The column's tiny bias, at
// most n/2^32, is far below anything a run can detect.)
func (a *Alias) Draw(s *Stream) int {
	u := s.Uint64()
	i := int((u >> 32) * uint64(len(a.prob)) >> 32)
	if float64(uint32(u))*(1.0/(1<<32)) < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}
