package nhs

import (
	"strings"
	"testing"
)

// List growth compounds: a small list_growth_share makes the growing
// practices grow at growth / share a year. Validate refuses what a run
// cannot hold, with the field's path, before build could wrap an int32.
func TestValidateListGrowth(t *testing.T) {
	for _, test := range []struct {
		name           string
		patients, size int
		growth, share  float64
		years          float64
		refused        bool
	}{
		{"no growth", 200000, 1000, 0, 1, 10, false},
		{"England's growth", 1000000, 10000, 0.011, 1, 20, false},
		{"concentrated, short", 200000, 1000, 0.5, 0.025, 2, false},
		{"concentrated, long (issue 24)", 20000, 1000, 0.5, 0.025, 10, true},
		{"concentrated, very long", 1000, 1000, 0.5, 0.001, 200, true},
		{"fast everywhere, a large population", 100000000, 10000, 0.5, 1, 12, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			c := Defaults()
			c.Population.Patients, c.Population.PracticeSize = test.patients, test.size
			c.GP.ListGrowth, c.GP.ListGrowthShare = test.growth, test.share
			c.Run.Years = test.years
			var got *Problem
			for _, p := range c.Validate() {
				if p.Path == "general_practice.list_growth_per_year" {
					got = &p
				}
			}
			switch {
			case test.refused && got == nil:
				t.Errorf("accepted, with up to %g places", placesBound(&c))
			case !test.refused && got != nil:
				t.Errorf("refused: %v", got)
			case got != nil && (strings.Contains(got.Message, "e+") || !strings.Contains(got.Message, "more than a run can hold")):
				t.Errorf("unclear message: %s", got.Message)
			}
			if est := EstimateMemory(c); est <= 0 || est > MaxMemoryEstimate {
				t.Errorf("EstimateMemory = %d, want in (0, 2^62]", est)
			} else if test.refused && est < 40<<30 { // over 2^30 places at 40 bytes
				t.Errorf("EstimateMemory = %d for growth that cannot fit: it wrapped", est)
			}
		})
	}
}

// The bound covers what build makes: a run that validates builds no more
// places than placesBound says.
func TestPlacesBoundCoversBuild(t *testing.T) {
	c := Defaults()
	c.Population.Patients, c.Population.PracticeSize, c.Population.PracticeSizeCV = 20000, 1000, 0.3
	c.GP.ListGrowth, c.GP.ListGrowthShare, c.Run.Years = 0.5, 0.025, 2
	if probs := c.Validate(); len(probs) > 0 {
		t.Fatal(probs)
	}
	m := build(c)
	if n, b := len(m.pt.typ), placesBound(&c); float64(n) > b {
		t.Errorf("build made %d places, above the bound %g", n, b)
	} else {
		t.Logf("build made %d places; the bound is %g", n, b)
	}
}

func TestValidateText(t *testing.T) {
	for _, test := range []struct {
		name, description string
		want              []string
	}{
		{"england", "England's care model.", nil},
		{strings.Repeat("é", MaxNameLength), strings.Repeat("x", MaxDescriptionLength), nil},
		{strings.Repeat("n", MaxNameLength+1), "", []string{"name: 101 characters long; at most 100 are allowed"}},
		{strings.Repeat("n", 60000), strings.Repeat("d", 5000), []string{"name: 60,000 characters long", "description: 5,000 characters long; at most 2000"}},
	} {
		c := Defaults()
		c.Name, c.Description = test.name, test.description
		var got []string
		for _, p := range c.Validate() {
			got = append(got, p.Error())
		}
		if len(got) != len(test.want) {
			t.Errorf("name of %d bytes, description of %d: %q, want %d problems", len(test.name), len(test.description), got, len(test.want))
			continue
		}
		for i, w := range test.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("problem %q, want it to start %q", got[i], w)
			}
		}
	}
}
