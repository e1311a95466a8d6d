package uncertainty

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
)

// InputError is bad input to an analysis, found before anything runs: a
// file that cannot be read or parsed, a count out of range, a draw that
// makes a scenario invalid. Its message names the flag or file.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Sprintf(format, args...)}
}

// Inputs are the files an analysis reads besides its scenarios, each
// optional: registry distributions to replace, a calibration's
// non-implausible sample, and calibration bands to check the draws
// against.
type Inputs struct {
	Distributions, Calibrated, BandsFile string // the paths given, "" for none

	Dists  map[string]nhs.Dist
	Sample *Sample
	Bands  []Band
}

// ReadInputs reads the distributions file, the calibrated sample's
// directory and the targets file whose bands are checked, each when its
// path is not "". Bad input is an *InputError, except a targets file's
// problems, which are the *scenario.Error that calibrate.Parse returns.
func ReadInputs(distributions, calibrated, bands string) (*Inputs, error) {
	in := &Inputs{Distributions: distributions, Calibrated: calibrated, BandsFile: bands}
	if distributions != "" {
		data, err := os.ReadFile(distributions)
		if err != nil {
			return nil, inputErrorf("--distributions: %v", err)
		}
		if in.Dists, err = ParseDistributions(distributions, data); err != nil {
			return nil, inputErrorf("--distributions:\n%v", err)
		}
	}
	if calibrated != "" {
		var err error
		if in.Sample, err = ReadSample(calibrated); err != nil {
			return nil, inputErrorf("--calibrated: %v", err)
		}
	}
	if bands != "" {
		data, err := os.ReadFile(bands)
		if err != nil {
			return nil, inputErrorf("--bands: %v", err)
		}
		t, err := calibrate.Parse(bands, data)
		if err != nil {
			return nil, err
		}
		in.Bands = Bands(t.Targets)
	}
	return in, nil
}

// Setup is an analysis ready to run: the scenarios, the design of draws
// and the replicates' seeds.
type Setup struct {
	Names   []string
	Configs []nhs.Config
	Design  *Design
	Seeds   []uint64
	Inputs  *Inputs

	scenarios []*scenario.Scenario // as PrepareScenarios was given them, for Provenance
}

// Levers are the parameters that the scenarios set differently from the
// first: held at each scenario's own value rather than drawn.
func Levers(cfgs []nhs.Config) []string {
	var held []string
	for i := range cfgs {
		for _, l := range compare.Levers(&cfgs[0], &cfgs[i]) {
			if !slices.Contains(held, l.Path) {
				held = append(held, l.Path)
			}
		}
	}
	return held
}

// Prepare designs an analysis of the scenarios (names and their
// configurations, at least two) with n draws from seed, replicates runs
// each, and checks that every draw makes every scenario valid and that
// the runs are not too many. Bad input is an *InputError.
func Prepare(names []string, cfgs []nhs.Config, in *Inputs, n int, seed uint64, replicates int) (*Setup, error) {
	design, err := NewDesign(in.Dists, Levers(cfgs), n, seed, in.Sample)
	if err != nil {
		return nil, inputErrorf("--uncertainty: %v", err)
	}
	if err := design.Check(names, cfgs); err != nil {
		return nil, inputErrorf("--uncertainty: %v", err)
	}
	if err := runner.CheckRuns("compare --uncertainty", len(cfgs)*design.N(), replicates); err != nil {
		return nil, inputErrorf("%v", err)
	}
	return &Setup{Names: names, Configs: cfgs, Design: design, Seeds: runner.Seeds(cfgs[0].Seed, replicates), Inputs: in}, nil
}

// PrepareScenarios is Prepare for loaded scenarios, which the setup
// keeps for its Provenance.
func PrepareScenarios(scs []*scenario.Scenario, in *Inputs, n int, seed uint64, replicates int) (*Setup, error) {
	names := make([]string, len(scs))
	cfgs := make([]nhs.Config, len(scs))
	for i, sc := range scs {
		names[i], cfgs[i] = sc.Name, sc.Config
	}
	s, err := Prepare(names, cfgs, in, n, seed, replicates)
	if err != nil {
		return nil, err
	}
	s.scenarios = scs
	return s, nil
}

// Provenance is the analysis's provenance: the build and command given,
// the replicates' seeds and the scenarios PrepareScenarios was given.
func (s *Setup) Provenance(b provenance.Build, command string) provenance.Provenance {
	pv := provenance.Provenance{Build: b, Command: command, Seeds: s.Seeds}
	for _, sc := range s.scenarios {
		pv.Scenarios = append(pv.Scenarios, provenance.Of(sc))
	}
	return pv
}

// Run runs the whole analysis here, on up to workers goroutines: [Run]
// with the setup's design, scenarios and seeds.
func (s *Setup) Run(ctx context.Context, workers int, done func()) (*Outcome, error) {
	return Run(ctx, s.Design, s.Names, s.Configs, s.Seeds, workers, done)
}

// Runs is the number of simulations the analysis runs.
func (s *Setup) Runs() int { return len(s.Configs) * s.Design.N() * len(s.Seeds) }

// Describe says what the analysis runs, for a progress line.
func (s *Setup) Describe() string {
	return fmt.Sprintf("%d runs (%d scenarios × %d draws × %d replicates)", s.Runs(), len(s.Configs), s.Design.N(), len(s.Seeds))
}

// Tables are an outcome's tables and manifest: uncertainty.csv,
// drivers.csv, design.csv, draws.csv, appraisal.csv and manifest.json, in
// that order.
func (o *Outcome) Tables(sums []Summary, apprs []Appraisal, pv provenance.Provenance, in *Inputs) []runner.File {
	return []runner.File{
		{Name: "uncertainty.csv", Data: SummaryCSV(sums)},
		{Name: "drivers.csv", Data: DriversCSV(sums)},
		{Name: "design.csv", Data: o.Design.DesignCSV()},
		{Name: "draws.csv", Data: o.DrawsCSV()},
		{Name: "appraisal.csv", Data: AppraisalCSV(apprs)},
		{Name: "manifest.json", Data: o.Manifest(pv, in.Distributions, in.BandsFile)},
	}
}
