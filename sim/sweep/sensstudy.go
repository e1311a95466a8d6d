package sweep

import (
	"context"
	"slices"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
)

// Study is a sensitivity analysis of one scenario, ready to load and run:
// its factors, design, seeds and metrics.
type Study struct {
	Options    *SensitivityOptions
	Factors    []Factor
	Design     *Design
	What       string // the design, for people
	Points     int
	Seeds      []uint64 // the replicates', common to every point
	DesignSeed uint64
	Metrics    []string
	Configs    []nhs.Config // each point's, once loaded
}

// NewStudy designs a sensitivity analysis of a scenario whose seed is seed
// (with the --set overrides sets, which hold their parameters): the
// factors named by params (see [SensitivityFactors]), the design and the
// replicates' seeds. Bad input is an *InputError.
func NewStudy(o *SensitivityOptions, params string, sets []string, seed uint64) (*Study, error) {
	factors, err := SensitivityFactors(o.Method, params, sets, ScreenedOut(), MaxSobolFactors)
	if err != nil {
		return nil, inputErrorf("%v", err)
	}
	points, err := DesignPoints(o.Method, len(factors), o.Trajectories, o.Samples)
	if err != nil {
		return nil, err
	}
	if err := runner.CheckRuns("sensitivity", points, o.Replicates); err != nil {
		return nil, inputErrorf("%v", err)
	}
	s := &Study{Options: o, Factors: factors, Points: points, Seeds: runner.Seeds(seed, o.Replicates), DesignSeed: seed, Metrics: SensitivityMetrics()}
	s.Design, s.What = o.NewDesign(factors, seed)
	return s, nil
}

// Runs is the number of simulations the study runs.
func (s *Study) Runs() int { return s.Points * len(s.Seeds) }

// Load loads the scenario ref, with sets, at every point of the design
// (see [LoadDesign]).
func (s *Study) Load(l scenario.Loader, ref string, sets []string) error {
	var err error
	s.Configs, err = LoadDesign(l, ref, sets, s.Design)
	return err
}

// Run runs every point with every seed on up to workers goroutines and
// analyses the runs: each metric's indices, and the tables indices.csv,
// runs.csv and manifest.json (with provenance pv). done is called after
// each run.
func (s *Study) Run(ctx context.Context, pv provenance.Provenance, workers int, done func()) ([][]Index, []runner.File, error) {
	outs, err := RunPoints(ctx, s.Configs, s.Seeds, s.Metrics, workers, done)
	if err != nil {
		return nil, nil, err
	}
	indices := s.Design.AnalyseRuns(s.Metrics, outs, len(s.Seeds), s.Options.Bootstrap, s.DesignSeed)
	return indices, []runner.File{
		{Name: "indices.csv", Data: IndicesCSV(slices.Concat(indices...))},
		{Name: "runs.csv", Data: s.Design.RunsCSV(s.Seeds, s.Metrics, outs)},
		{Name: "manifest.json", Data: SensitivityManifest(pv, s.Options, s.Design, s.DesignSeed)},
	}, nil
}
