package sweep

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
)

// LoadDesign loads every point of a sensitivity design: the scenario ref
// with sets and then the point's own values. Every point is loaded before
// any runs, so that a bad one is bad input with nothing run; its error is
// an *InputError that names the point.
func LoadDesign(l scenario.Loader, ref string, sets []string, d *Design) ([]nhs.Config, error) {
	cfgs := make([]nhs.Config, len(d.Values))
	for i := range cfgs {
		sc, err := l.Load(ref, slices.Concat(sets, d.Sets(i))...)
		if err != nil {
			return nil, inputErrorf("point %d of the design (%s) is not a valid scenario: %s\nLeave the parameter out with --params, or narrow it with --set.", i, strings.Join(d.Sets(i), ", "), scenario.FirstIssue(err))
		}
		cfgs[i] = sc.Config
	}
	return cfgs, nil
}

// RunPoints runs every configuration once per seed on up to workers
// goroutines, calling done after each run, and returns each run's metrics
// (NaN where a run does not report one): run i is cfgs[i/len(seeds)] with
// seeds[i%len(seeds)]. It stops early with ctx's error.
func RunPoints(ctx context.Context, cfgs []nhs.Config, seeds []uint64, metrics []string, workers int, done func()) ([][]float64, error) {
	return runner.Map(ctx, len(cfgs)*len(seeds), workers, func(i int) []float64 {
		cfg := cfgs[i/len(seeds)]
		cfg.Seed = seeds[i%len(seeds)]
		res, err := nhs.SimulateContext(ctx, cfg, 1)
		if err != nil {
			return nil // interrupted, and so is Map
		}
		y := make([]float64, len(metrics))
		for j, m := range metrics {
			v, ok := res.Metric(m)
			if !ok {
				v = math.NaN()
			}
			y[j] = v
		}
		return y
	}, done)
}

// MeanOverReplicates averages metric j over the replicates of each point:
// outs holds reps consecutive runs per point, as RunPoints returns them.
func MeanOverReplicates(outs [][]float64, reps, j int) []float64 {
	y := make([]float64, len(outs)/reps)
	for i := range y {
		for r := range reps {
			y[i] += outs[i*reps+r][j] / float64(reps)
		}
	}
	return y
}
