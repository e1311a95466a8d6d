// Package uncertainty propagates the registry's parameter uncertainty
// through a comparison of scenarios: N joint draws of every uncertain
// parameter (a Latin hypercube, with its seed recorded), each applied alike
// to every scenario, R replicates of each under common random numbers. It
// summarises each metric's difference from the baseline over the draws
// (median, 95% uncertainty interval, the probability that each scenario is
// better and better by more than a minimum important difference, beside the
// interval that replicate noise alone would give), and says which
// parameters drive it, by first-order variance-based indices estimated from
// the draws.
//
// The method is in docs/uncertainty.md.
package uncertainty

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/sensitivity"
	"github.com/nhssim/nhssim/sim/sweep"
)

// MaxDraws is the most draws an analysis takes.
const MaxDraws = sweep.MaxDraws

// Factor is one drawn parameter and its distribution.
type Factor struct {
	Param  nhs.Param
	Dist   nhs.Dist
	Column int // the design's column it is drawn from; linked factors share one
	// Sampled is the factor's column in the calibrated sample, or -1: a
	// sampled factor takes the value of the sample's point that its column
	// picks, jointly with the sample's other parameters.
	Sampled int
}

// Design is N joint draws of the uncertain parameters.
type Design struct {
	Seed    uint64
	Factors []Factor
	Held    []string      // drawn in the registry, but not here: the comparison's levers
	U       [][]float64   // U[i][c]: draw i's quantile in column c
	Values  [][][]float64 // Values[i][f]: draw i's values of factor f
	Links   map[string][]string
	Sample  *Sample // the calibrated sample, or nil
}

// designStream is the second word of the design's PCG seed, so that a
// design never shares a stream with a simulation of the same seed.
const designStream = 0x0dc25

// NewDesign draws n points from dists, one per parameter of the registry
// (a parameter missing from dists takes its registry distribution), leaving
// out the parameters in held: the levers that the compared scenarios set
// differently, which are not uncertain but chosen. Linked parameters share
// a column of the Latin hypercube (one minus it where the link is
// inverted); a registry link left with one parameter, its partners
// redeclared or held, is dissolved. It returns an error for n out of range
// or a link of dists that cannot be drawn.
//
// With a calibrated sample, the sample's parameters are drawn jointly from
// its points instead, one point a draw chosen by one more column, unless
// they are levers of the comparison.
func NewDesign(dists map[string]nhs.Dist, held []string, n int, seed uint64, sample *Sample) (*Design, error) {
	if n < 2 || n > MaxDraws {
		return nil, fmt.Errorf("%d draws: want 2 to %d", n, MaxDraws)
	}
	ps := nhs.Params()
	all := map[string]nhs.Dist{}
	for _, p := range ps {
		d, ok := dists[p.Path]
		if !ok {
			d = p.Dist
		}
		if err := d.Check(p); err != nil {
			return nil, err
		}
		if slices.Contains(held, p.Path) {
			d.Link = "" // a lever of this comparison is not drawn, so it links nothing
			d.Kind = nhs.DistLever
		}
		all[p.Path] = d
	}
	if sample != nil {
		for _, p := range sample.Params {
			if d := all[p.Path]; d.Link != "" && !slices.Contains(held, p.Path) {
				d.Link, d.Invert = "", false // drawn from the sample instead
				all[p.Path] = d
			}
		}
	}
	dissolveOrphans(ps, all, dists)
	links, err := nhs.Links(ps, all)
	if err != nil {
		return nil, err
	}
	d := &Design{Seed: seed, Links: links, Sample: sample}
	column := map[string]int{}
	cols := 0
	sampled := map[string]int{}
	if sample != nil {
		for j, p := range sample.Params {
			if !slices.Contains(held, p.Path) {
				sampled[p.Path] = j
			}
		}
		if len(sampled) > 0 {
			cols++ // column 0 picks the sample's point
		}
	}
	for _, p := range ps {
		dist := all[p.Path]
		if j, ok := sampled[p.Path]; ok {
			d.Factors = append(d.Factors, Factor{Param: p, Dist: dist, Column: 0, Sampled: j})
			continue
		}
		if !dist.Drawn() {
			if p.Dist.Drawn() {
				d.Held = append(d.Held, p.Path)
			}
			continue
		}
		c := cols
		if dist.Link != "" {
			if k, ok := column[dist.Link]; ok {
				c = k
			} else {
				column[dist.Link] = c
				cols++
			}
		} else {
			cols++
		}
		d.Factors = append(d.Factors, Factor{Param: p, Dist: dist, Column: c, Sampled: -1})
	}
	if cols == 0 {
		return nil, fmt.Errorf("no parameter is uncertain: every one is fixed or a lever")
	}
	d.U = sensitivity.LatinHypercube(n, cols, rand.NewPCG(seed, designStream))
	d.Values = make([][][]float64, n)
	for i := range n {
		d.Values[i] = make([][]float64, len(d.Factors))
		for f, fa := range d.Factors {
			u := d.U[i][fa.Column]
			if fa.Sampled >= 0 {
				x := sample.Rows[min(int(u*float64(len(sample.Rows))), len(sample.Rows)-1)][fa.Sampled]
				if fa.Param.Kind != reflect.Float64 && fa.Param.Kind != reflect.Float32 {
					x = math.Round(x)
				}
				d.Values[i][f] = []float64{x}
				continue
			}
			if fa.Dist.Invert {
				u = 1 - u
			}
			d.Values[i][f] = fa.Dist.Values(fa.Param, u)
		}
	}
	return d, nil
}

// Columns returns the number of independent columns: the parameters drawn
// on their own, and one for each link.
func (d *Design) Columns() int {
	if len(d.U) == 0 {
		return 0
	}
	return len(d.U[0])
}

// N returns the number of draws.
func (d *Design) N() int { return len(d.U) }

// Apply sets draw i's values in c.
func (d *Design) Apply(c *nhs.Config, i int) {
	for f, fa := range d.Factors {
		fa.Param.SetValues(c, d.Values[i][f])
	}
}

// Quantile returns draw i's quantile of factor f, as drawn (after any
// inversion), for the drivers.
func (d *Design) Quantile(i, f int) float64 {
	fa := d.Factors[f]
	u := d.U[i][fa.Column]
	if fa.Dist.Invert {
		u = 1 - u
	}
	return u
}

// Check applies every draw to every configuration and returns the first
// draw that makes one invalid, as an error naming the draw, the scenario
// and the problems.
func (d *Design) Check(names []string, cfgs []nhs.Config) error {
	for i := range d.N() {
		for s := range cfgs {
			c := cfgs[s]
			d.Apply(&c, i)
			if probs := c.Validate(); len(probs) > 0 {
				msgs := make([]string, len(probs))
				for k, p := range probs {
					msgs[k] = p.Error()
				}
				return fmt.Errorf("draw %d makes %s invalid: %s", i+1, names[s], strings.Join(msgs, "; "))
			}
		}
	}
	return nil
}

// dissolveOrphans removes the link of a parameter left alone in a registry
// link, because its partners were redeclared (in dists) or are levers of
// the comparison. A link declared in dists is left for [nhs.Links] to
// refuse.
func dissolveOrphans(ps []nhs.Param, all, dists map[string]nhs.Dist) {
	count := map[string]int{}
	for _, p := range ps {
		if l := all[p.Path].Link; l != "" {
			count[l]++
		}
	}
	for _, p := range ps {
		d := all[p.Path]
		if _, declared := dists[p.Path]; d.Link != "" && count[d.Link] == 1 && !declared {
			d.Link, d.Invert = "", false
			all[p.Path] = d
		}
	}
}
