package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sensitivity"
)

// MaxPoints caps the points of one sweep, whose values a plan holds in
// memory.
const MaxPoints = 1_000_000

// lhsStream is the PCG stream of a Latin-hypercube design; its seed is the
// hypercube's or the sweep's.
const lhsStream = 0x6c68732d73776565 // "lhs-swee"

// Plan is a spec resolved against its scenarios: the numbered points to
// run, their values, and the seeds of the replicates. It depends only on
// the spec, the scenarios and the registry, so every shard of a sweep, on
// any machine, makes the same plan.
type Plan struct {
	Spec    *Spec
	Names   []string   // the scenarios' names, in the spec's order
	Hashes  []string   // each base scenario's hash, as its file alone gives it
	Columns []string   // the varied parameters' paths: vary entries first, then the hypercube's
	Points  [][]string // Points[p][c] is the value of Columns[c] at point p
	Seeds   []uint64   // Seeds[r] is replicate r+1's seed
	Hash    string     // a digest of everything the results depend on
	// Draws is the number of parameter draws run at every point (0: none,
	// every point runs at its own values only). With draws, the unit of
	// work, of the results' order and of a shard is a point's draw: see
	// [Plan.SetDraws].
	Draws int

	apply  func(c *nhs.Config, draw int) // sets a draw's values
	design string                        // a digest of the draws

	refs   []string              // the scenarios as the loader finds them
	bases  []provenance.Scenario // the base scenarios, each as its file alone
	fixed  []string              // the spec's fixed overrides
	loader scenario.Loader
}

// InputError is bad input found after a spec was read: a point that is not
// a valid scenario, a results directory of another sweep, a bad shard.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Sprintf(format, args...)}
}

// NewPlan loads the spec's base scenarios, each as its file alone, and
// expands the spec's points. A base scenario that does not load returns its
// *scenario.Error. Whether each point, fixed values included, is a valid
// scenario is [Plan.Check]'s to say.
func NewPlan(spec *Spec, l scenario.Loader) (*Plan, error) {
	p := &Plan{Spec: spec, loader: l}
	for _, o := range spec.Fixed {
		p.fixed = append(p.fixed, o.String())
	}
	dir := filepath.Dir(spec.File)
	var first uint64
	for i, ref := range spec.Scenarios {
		// A path is relative to the spec, as extends: is to its scenario.
		if scenario.IsPath(ref) && !filepath.IsAbs(ref) {
			ref = filepath.Join(dir, ref)
		}
		sc, err := l.Load(ref)
		if err != nil {
			return nil, err
		}
		if j := slices.Index(p.Names, sc.Name); j >= 0 {
			return nil, inputErrorf("%s: scenarios %s and %s are both named %q: give one a different name: field to tell them apart", spec.File, spec.Scenarios[j], spec.Scenarios[i], sc.Name)
		}
		if i == 0 {
			first = sc.Config.Seed
		}
		sc.Config.Seed = 0 // the seeds are the replicates'
		p.refs = append(p.refs, ref)
		p.Names = append(p.Names, sc.Name)
		p.Hashes = append(p.Hashes, scenario.Hash(&sc.Config))
		p.bases = append(p.bases, provenance.Of(sc))
	}
	if spec.SeedSet {
		first = spec.Seed
	}
	p.Seeds = runner.Seeds(first, spec.Replicates)
	if err := p.expand(first); err != nil {
		return nil, err
	}
	p.Hash = p.digest()
	return p, nil
}

// expand numbers the points: every combination of the vary entries' values,
// the first entry varying slowest, crossed with the hypercube's points,
// which vary fastest.
func (p *Plan) expand(seed uint64) error {
	spec := p.Spec
	n := 1
	for _, d := range spec.Vary {
		p.Columns = append(p.Columns, d.Param.Path)
		n *= len(d.Values)
		if n > MaxPoints {
			return inputErrorf("%s: the sweep has more than %d points; split it", spec.File, MaxPoints)
		}
	}
	var cube [][]string
	if h := spec.LHS; h != nil {
		if n*h.Points > MaxPoints {
			return inputErrorf("%s: the sweep has %d points, more than %d; split it", spec.File, n*h.Points, MaxPoints)
		}
		s := seed
		if h.SeedSet {
			s = h.Seed
		}
		design := sensitivity.LatinHypercube(h.Points, len(h.Factors), rand.NewPCG(s, lhsStream))
		for _, f := range h.Factors {
			p.Columns = append(p.Columns, f.Param.Path)
		}
		cube = make([][]string, h.Points)
		for i, u := range design {
			cube[i] = make([]string, len(u))
			for j, f := range h.Factors {
				cube[i][j] = f.Format(f.Value(u[j]))
			}
		}
	} else if pts := spec.Points; pts != nil {
		if n*len(pts.Values) > MaxPoints {
			return inputErrorf("%s: the sweep has %d points, more than %d; split it", spec.File, n*len(pts.Values), MaxPoints)
		}
		for _, par := range pts.Params {
			p.Columns = append(p.Columns, par.Path)
		}
		cube = pts.Values
	} else {
		cube = [][]string{nil}
	}
	for i := range n {
		var vals []string
		rest := i
		for d := len(spec.Vary) - 1; d >= 0; d-- {
			vs := spec.Vary[d].Values
			vals = append(vals, vs[rest%len(vs)])
			rest /= len(vs)
		}
		slices.Reverse(vals)
		for _, c := range cube {
			p.Points = append(p.Points, slices.Concat(vals, c))
		}
	}
	return nil
}

// digest hashes what the results depend on: the base scenarios' resolved
// parameters, the fixed values, the seeds, the columns and every point's
// values, from which every run's configuration follows. Two plans with the
// same hash write the same results.
func (p *Plan) digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "nhssim sweep 1\n")
	for i, n := range p.Names {
		fmt.Fprintf(h, "scenario %q %s\n", n, p.Hashes[i])
	}
	fmt.Fprintf(h, "fixed %q\nseeds %v\ncolumns %q\n", p.fixed, p.Seeds, p.Columns)
	for i, v := range p.Points {
		fmt.Fprintf(h, "%d %q\n", i, v)
	}
	if p.Draws > 0 {
		fmt.Fprintf(h, "draws %d %s\n", p.Draws, p.design)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// SetDraws makes every point run n draws of parameter values, the same n
// at every point: apply sets draw d's values (0 ≤ d < n) in a point's
// configuration, over the spec's and the point's values, and design is a
// digest of the draws, which the plan's hash then covers. Each unit of the
// sweep — a run of every scenario and replicate, a row block of the
// results, what a shard takes — is then one point's draw: unit u is point
// u / n, draw u mod n.
func (p *Plan) SetDraws(n int, apply func(c *nhs.Config, draw int), design string) {
	p.Draws, p.apply, p.design = n, apply, design
	p.Hash = p.digest()
}

// Units is the number of units of work: the points, or with draws every
// point's draws.
func (p *Plan) Units() int { return len(p.Points) * max(1, p.Draws) }

// Unit returns unit u's point and draw (0 without draws).
func (p *Plan) Unit(u int) (point, draw int) {
	if p.Draws == 0 {
		return u, 0
	}
	return u / p.Draws, u % p.Draws
}

// unitKey is how unit u is written in the results' key columns: the point,
// and with draws the draw, numbered from 1.
func (p *Plan) unitKey(u int) []string {
	if p.Draws == 0 {
		return []string{itoa(u)}
	}
	pt, d := p.Unit(u)
	return []string{itoa(pt), itoa(d + 1)}
}

// UnitConfig returns scenario sc at unit u: [Plan.Config] at its point,
// with its draw's values.
func (p *Plan) UnitConfig(u, sc int) (nhs.Config, error) {
	pt, d := p.Unit(u)
	c, err := p.Config(pt, sc)
	if err == nil && p.Draws > 0 {
		p.apply(&c, d)
	}
	return c, err
}

// Sets returns point's values as --set overrides.
func (p *Plan) Sets(point int) []string {
	out := make([]string, len(p.Columns))
	for c, col := range p.Columns {
		out[c] = col + "=" + p.Points[point][c]
	}
	return out
}

// PointError is a point that is not a valid scenario.
type PointError struct {
	Point    int
	Scenario string
	Sets     []string
	Err      error
}

func (e *PointError) Error() string {
	return fmt.Sprintf("point %d (%s) of %s is not a valid scenario: %v", e.Point, strings.Join(e.Sets, ", "), e.Scenario, e.Err)
}

func (e *PointError) Unwrap() error { return e.Err }

// InputMessage says, for people, what is wrong when err is bad input to a
// sweep: a point's *PointError (which may wrap a *scenario.Error), a
// spec's *scenario.Error (listed as the sweep spec's problems) or an
// *InputError. ok is false for any other error.
func InputMessage(err error) (msg string, ok bool) {
	var pe *PointError
	var se *scenario.Error
	var ie *InputError
	switch {
	case errors.As(err, &pe):
		return pe.Error(), true
	case errors.As(err, &se):
		return se.List("the sweep spec"), true
	case errors.As(err, &ie):
		return ie.Msg, true
	}
	return "", false
}

// Config returns scenario sc at point: the base scenario with the spec's
// fixed values and the point's. Its Seed is the base scenario's; a run sets
// the replicate's.
func (p *Plan) Config(point, sc int) (nhs.Config, error) {
	s, err := p.loader.Load(p.refs[sc], slices.Concat(p.fixed, p.Sets(point))...)
	if err != nil {
		return nhs.Config{}, &PointError{point, p.Names[sc], p.Sets(point), err}
	}
	return s.Config, nil
}

// Check loads every scenario at each of points, on up to workers
// goroutines, and returns an *InputError describing the first few that are
// not valid scenarios.
func (p *Plan) Check(ctx context.Context, points []int, workers int) error {
	_, err := p.Inspect(ctx, points, workers)
	return err
}

// Largest is the largest run of a set of points: the most memory one run
// needs (by nhs.EstimateMemory) and the most patients.
type Largest struct {
	Memory   int64
	Patients int
}

// Inspect is [Plan.Check] that also returns the largest run among points,
// for a memory check before the sweep starts.
func (p *Plan) Inspect(ctx context.Context, points []int, workers int) (Largest, error) {
	s := len(p.Names)
	type look struct {
		err error
		big Largest
	}
	looks, err := runner.Map(ctx, len(points)*s, workers, func(i int) look {
		cfg, err := p.Config(points[i/s], i%s)
		return look{err, Largest{nhs.EstimateMemory(cfg), cfg.Population.Patients}}
	}, nil)
	var big Largest
	if err != nil {
		return big, err
	}
	var bad []string
	count := 0
	for _, l := range looks {
		big.Memory, big.Patients = max(big.Memory, l.big.Memory), max(big.Patients, l.big.Patients)
		e := l.err
		if e == nil {
			continue
		}
		count++
		if len(bad) < 3 {
			var pe *PointError
			msg := e.Error()
			var se *scenario.Error
			if errors.As(e, &pe) && errors.As(e, &se) {
				msgs := make([]string, len(se.Issues))
				for i, is := range se.Issues {
					msgs[i] = is.Error()
				}
				msg = fmt.Sprintf("point %d of %s (%s):\n    %s", pe.Point, pe.Scenario, strings.Join(pe.Sets, ", "), strings.Join(msgs, "\n    "))
			}
			bad = append(bad, msg)
		}
	}
	if count == 0 {
		return big, nil
	}
	more := ""
	if count > len(bad) {
		more = fmt.Sprintf("\n  and %d more", count-len(bad))
	}
	return big, inputErrorf("%s: %d of the sweep's %d scenario points are not valid scenarios:\n  %s%s", p.Spec.File, count, len(points)*s, strings.Join(bad, "\n  "), more)
}

// Header is the results' header: scenario, point, (with draws) draw,
// replicate, seed, each varied parameter, metric, value.
func (p *Plan) Header() []string {
	key := []string{"scenario", "point"}
	if p.Draws > 0 {
		key = append(key, "draw")
	}
	return slices.Concat(key, []string{"replicate", "seed"}, p.Columns, []string{"metric", "value"})
}

// Runs is the number of simulations per unit (a point, or a point's
// draw): one per scenario and replicate.
func (p *Plan) Runs() int { return len(p.Names) * len(p.Seeds) }

func itoa(i int) string { return strconv.Itoa(i) }
