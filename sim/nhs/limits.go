package nhs

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/pmath"
)

// maxPlaces is the most patient places a run can hold: the patient arrays
// are indexed by int32.
const maxPlaces = math.MaxInt32

// growthFactor is how many times over a growing practice's list grows by
// the horizon with list growth: (1 + list_growth_per_year /
// list_growth_share)^years. It is 1 without list growth.
func growthFactor(c *Config) float64 {
	gp := &c.GP
	if gp.ListGrowth <= 0 || gp.ListGrowthShare <= 0 {
		return 1
	}
	return pmath.Pow(1+gp.ListGrowth/gp.ListGrowthShare, c.Run.Years)
}

// placesBound is an upper bound, in float64 so that it cannot wrap, on
// the patient places build makes: every patient, and the reserve places
// of reserves as if every practice grew. A type's reserve is e + 4√e + 2
// at most, with the e of a practice's 18 types summing to its size times
// (factor - 1); by Cauchy-Schwarz the √e of all types and practices sum
// to at most √(18 × (factor - 1) × practices × patients).
func placesBound(c *Config) float64 {
	n := float64(c.Population.Patients)
	f := growthFactor(c) - 1
	if f <= 0 {
		return n
	}
	smallest := float64(max(c.Population.PracticeSize/10, 1)) // practiceSizes never makes a smaller one
	practices := n/smallest + 1
	return n + n*f + 4*math.Sqrt(float64(nTypes)*f*practices*n) + 2*float64(nTypes)*practices
}

// validateListGrowth refuses list growth that would reserve more places
// than a run can hold: with a small list_growth_share the growing
// practices grow at list_growth_per_year / list_growth_share a year, and
// over many years that compounds past any memory.
func (c *Config) validateListGrowth() []Problem {
	if c.GP.ListGrowth <= 0 || c.GP.ListGrowthShare <= 0 { // a share of 0 is reported by its domain
		return nil
	}
	if b := placesBound(c); b > maxPlaces || math.IsNaN(b) {
		return []Problem{{"general_practice.list_growth_per_year", fmt.Sprintf(
			"%g a year in a share of %g of practices (general_practice.list_growth_share) grows each growing practice %s-fold over %g years (run.years): "+
				"the places reserved for it (%s) are more than a run can hold (%s); lower the growth, raise the share or shorten the run",
			c.GP.ListGrowth, c.GP.ListGrowthShare, big(growthFactor(c), ""), c.Run.Years, big(b, "up to "), numfmt.Human(maxPlaces))}}
	}
	return nil
}

// big writes a large count for people, without an exponent: prefix and
// the count, or beyond 10^15 "more than" that.
func big(x float64, prefix string) string {
	if !(x < 1e15) {
		return "more than 1,000,000,000,000,000"
	}
	return prefix + numfmt.Human(x)
}

// Lengths of the free-text fields: a name is written on every row of a
// CSV series and in every chart, so a long one multiplies every output.
const (
	MaxNameLength        = 100  // characters of name:
	MaxDescriptionLength = 2000 // characters of description:
)

// validateText bounds the length of the free-text fields. What characters
// they may hold is checked elsewhere.
func (c *Config) validateText() []Problem {
	var probs []Problem
	for _, f := range []struct {
		path, text string
		max        int
	}{{"name", c.Name, MaxNameLength}, {"description", c.Description, MaxDescriptionLength}} {
		if n := utf8.RuneCountInString(f.text); n > f.max {
			probs = append(probs, Problem{f.path, fmt.Sprintf("%s characters long; at most %d are allowed", numfmt.Human(float64(n)), f.max)})
		}
	}
	return probs
}
