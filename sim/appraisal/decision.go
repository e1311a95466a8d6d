package appraisal

import (
	"fmt"
	"math"
)

// Thresholds are the values of a QALY the decision outputs are reported
// at, in £ per QALY: NICE's £20,000 and £30,000 (the range of its
// threshold) and the Green Book's £70,000 (2022 supplementary guidance,
// the social value of a QALY).
var Thresholds = [...]float64{20000, 30000, 70000}

// Pair is a scenario's incremental cost and incremental QALYs against its
// baseline, per person: positive Cost costs more, positive QALY gains
// health.
type Pair struct {
	Cost, QALY float64
}

// NMB is the incremental net monetary benefit at wtp £ per QALY: the
// health gained valued at wtp less the extra cost. Positive means the
// scenario is worth what it costs at that value of a QALY.
func NMB(p Pair, wtp float64) float64 { return wtp*p.QALY - p.Cost }

// Mean returns the mean of pairs.
func Mean(pairs []Pair) Pair {
	var m Pair
	for _, p := range pairs {
		m.Cost += p.Cost / float64(len(pairs))
		m.QALY += p.QALY / float64(len(pairs))
	}
	if len(pairs) == 0 {
		return Pair{math.NaN(), math.NaN()}
	}
	return m
}

// Quadrant is where a pair lies on the cost-effectiveness plane.
type Quadrant int

// The quadrants of the cost-effectiveness plane, and the lines between
// them. A tie in health counts with the side its cost puts it on.
const (
	Same      Quadrant = iota // no difference in cost or health
	NorthEast                 // costs more, gains health: the ICER is the price of a QALY
	SouthEast                 // costs less (or the same), gains health: dominant
	SouthWest                 // costs less, loses health: the ICER is the saving per QALY lost
	NorthWest                 // costs more (or the same), loses health: dominated
)

var quadrantNames = [...]string{
	Same: "same", NorthEast: "north-east", SouthEast: "south-east (dominant)",
	SouthWest: "south-west", NorthWest: "north-west (dominated)",
}

func (q Quadrant) String() string {
	if int(q) < len(quadrantNames) {
		return quadrantNames[q]
	}
	return "unknown"
}

// QuadrantOf returns the quadrant p lies in. With no difference in health,
// a saving is dominant and an extra cost dominated.
func QuadrantOf(p Pair) Quadrant {
	switch {
	case p.QALY > 0 && p.Cost > 0:
		return NorthEast
	case p.QALY > 0, p.QALY == 0 && p.Cost < 0:
		return SouthEast
	case p.QALY < 0 && p.Cost < 0:
		return SouthWest
	case p.QALY < 0, p.QALY == 0 && p.Cost > 0:
		return NorthWest
	}
	return Same
}

// ICER is the incremental cost-effectiveness ratio of a pair: Value is
// Cost / QALY in the north-east and south-west quadrants, and NaN in the
// others, where a ratio would mislead (a negative ratio means dominance in
// one quadrant and dominated in the other).
type ICER struct {
	Value    float64
	Quadrant Quadrant
}

// ICEROf returns the ICER of p.
func ICEROf(p Pair) ICER {
	q := QuadrantOf(p)
	if q == NorthEast || q == SouthWest {
		return ICER{p.Cost / p.QALY, q}
	}
	return ICER{math.NaN(), q}
}

// String says what the ICER means, in words and pounds.
func (i ICER) String() string {
	switch i.Quadrant {
	case NorthEast:
		return fmt.Sprintf("£%.0f per QALY gained", i.Value)
	case SouthWest:
		return fmt.Sprintf("£%.0f saved per QALY lost", i.Value)
	case SouthEast:
		return "dominant: no dearer and at least as healthy"
	case NorthWest:
		return "dominated: no cheaper and no healthier"
	}
	return "no difference in cost or QALYs"
}

// CEAC returns the cost-effectiveness acceptability curve of pairs at each
// value of a QALY in wtps: the share of pairs whose net monetary benefit is
// positive. Each pair is a draw of the incremental cost and QALYs; the
// share is the probability that the scenario is worth its cost. A pair
// with an NMB of exactly 0 counts half.
func CEAC(pairs []Pair, wtps []float64) []float64 {
	out := make([]float64, len(wtps))
	for i, w := range wtps {
		var n float64
		for _, p := range pairs {
			switch b := NMB(p, w); {
			case b > 0:
				n++
			case b == 0:
				n += 0.5
			}
		}
		out[i] = n / float64(len(pairs))
	}
	return out
}

// EVPI returns the expected value of perfect information per person at wtp
// £ per QALY, for the choice between the scenario and its baseline, from
// draws of their incremental cost and QALYs: the mean over draws of the
// better option's NMB, less the NMB of the option that is better on
// average. It is never negative.
func EVPI(pairs []Pair, wtp float64) float64 {
	if len(pairs) == 0 {
		return math.NaN()
	}
	var perfect, mean float64
	for _, p := range pairs {
		b := NMB(p, wtp)
		perfect += max(b, 0) / float64(len(pairs))
		mean += b / float64(len(pairs))
	}
	return max(perfect-max(mean, 0), 0)
}

// PopulationEVPI scales a per-person EVPI to a population of people: the
// most it would be worth paying, across that population, to resolve the
// uncertainty in the draws before choosing.
func PopulationEVPI(perPerson, people float64) float64 { return perPerson * people }
