package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/nhssim/nhssim/sim/pmath"
)

// niceTicks puts about n labelled ticks (6 if n is 0) at round numbers —
// steps of 1, 2 or 5 times a power of ten — with an unlabelled tick between
// each pair.
type niceTicks struct{ n int }

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo, hi) {
		return nil
	}
	n := t.n
	if n == 0 {
		n = 6
	}
	// The span is taken in parts so that it cannot overflow to infinity.
	step := niceStep(hi/float64(n) - lo/float64(n))
	minor := step / 2
	first := math.Ceil(lo/minor - 1e-9)
	// An axis too narrow for its values (a span below about 1e-15 of them,
	// or a subnormal one) or too wide for float64 has no round steps that
	// float64 can count: k++ would stop changing k beyond 2^53, and a step
	// can underflow to zero or overflow to infinity. Mark the ends instead.
	if !(minor > 0) || math.IsInf(minor, 0) || !(math.Abs(first) < 1<<52) || !(math.Abs(hi/minor) < 1<<52) {
		return endTicks(lo, hi)
	}
	dec := max(0, -int(math.Floor(pmath.Log10(step)+1e-9)))
	label := func(v float64) string { return formatTick(v, dec) }
	if top := max(math.Abs(lo), math.Abs(hi)); top >= 1e15 || dec > 12 {
		// Written out, such labels run to hundreds of digits.
		prec := int(math.Ceil(pmath.Log10(top/step))) + 1
		label = func(v float64) string { return shortLabel(v, prec) }
	}
	last := hi + minor*1e-9
	if math.IsInf(last, 0) {
		last = hi
	}
	var ticks []plot.Tick
	for k := first; k*minor <= last && len(ticks) < maxTicks; k++ {
		v := k * minor
		t := plot.Tick{Value: v}
		if math.Mod(k, 2) == 0 {
			t.Label = label(v)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// maxTicks bounds the ticks on one axis, labelled and not: about 2n+3 are
// ever needed.
const maxTicks = 1000

// endTicks labels an axis's two ends, each in the fewest digits that tell
// it apart from the other, for an axis with no round steps.
func endTicks(lo, hi float64) []plot.Tick {
	prec := 1
	for prec < 17 && shortLabel(lo, prec) == shortLabel(hi, prec) {
		prec++
	}
	return []plot.Tick{{Value: lo, Label: shortLabel(lo, prec)}, {Value: hi, Label: shortLabel(hi, prec)}}
}

// shortLabel writes v to prec significant digits: as a plain decimal if
// that is short, else with an exponent.
func shortLabel(v float64, prec int) string {
	prec = min(max(prec, 1), 17)
	s := strconv.FormatFloat(v, 'g', prec, 64)
	if r, err := strconv.ParseFloat(s, 64); err == nil && r != 0 && math.Abs(r) >= 1e-6 && math.Abs(r) < 1e15 {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return s
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := pmath.Pow(10, math.Floor(pmath.Log10(x)))
	switch f := x / p; {
	case f <= 1:
		return p
	case f <= 2:
		return 2 * p
	case f <= 5:
		return 5 * p
	}
	return 10 * p
}

// formatTick writes v with dec decimals, thousands separated by commas and
// no negative zero.
func formatTick(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
