package sweep

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/sensitivity"
)

// SensitivityLevel is the coverage of a sensitivity analysis's bootstrap
// intervals.
const SensitivityLevel = 0.95

// MaxSobolFactors is the most parameters a Sobol' analysis varies: its
// design takes two dimensions of the sequence for each.
const MaxSobolFactors = sensitivity.MaxSobolDim / 2

// RunSize are the parameters that set a run's size rather than the model;
// a command's --patients, --years and --warmup-years set them, and Morris
// screening leaves them out.
var RunSize = []string{"population.patients", "run.years", "run.warmup_years"}

// SensitivityMetrics are the metrics a sensitivity analysis explains: the
// registry's headline metrics, in order.
func SensitivityMetrics() []string { return nhs.HeadlineMetrics() }

// ScreenedOut are the ranged parameters Morris leaves out by default: the
// run's size, and the appraisal's parameters, which value a run and change
// nothing it simulates, so that no headline metric moves with them.
func ScreenedOut() []string {
	out := slices.Clone(RunSize)
	for _, p := range nhs.Params() {
		if strings.HasPrefix(p.Path, "appraisal.") {
			out = append(out, p.Path)
		}
	}
	return out
}

// SensitivityOptions are a sensitivity analysis's design: the method, its
// sizes, the bootstrap resamples and the replicates at every point.
type SensitivityOptions struct {
	Method                        string
	Trajectories, Levels, Samples int // Morris's trajectories and levels; Sobol's base samples
	Bootstrap, Replicates         int
}

// Check checks the options before anything is loaded or allocated; every
// count is bounded. Its errors are bad input, worded for the command's
// flags.
func (o *SensitivityOptions) Check() error {
	switch {
	case o.Method != Morris && o.Method != Sobol:
		return inputErrorf("--method %q: want morris or sobol", o.Method)
	case o.Levels%2 != 0:
		return inputErrorf("--levels %d: need an even number, at least 2", o.Levels)
	}
	for _, c := range []struct {
		flag      string
		n, lo, hi int
	}{
		{"--trajectories", o.Trajectories, 2, MaxPoints},
		{"--levels", o.Levels, 2, 1000},
		{"--samples", o.Samples, 2, MaxPoints},
		{"--bootstrap", o.Bootstrap, 1, 100_000},
		{"--replicates", o.Replicates, 1, runner.MaxReplicates},
	} {
		if err := runner.CheckCount(c.flag, c.n, c.lo, c.hi); err != nil {
			return &InputError{err.Error()}
		}
	}
	if o.Method == Sobol && o.Samples&(o.Samples-1) != 0 {
		lo := 1 << (bits.Len(uint(o.Samples)) - 1)
		return inputErrorf("--samples %d: Sobol' base samples must be a power of two, where the Sobol' sequence is balanced; use %d or %d", o.Samples, lo, 2*lo)
	}
	return nil
}

// NewDesign builds the Morris or Sobol' design of factors from seed and
// says what it is, for people.
func (o *SensitivityOptions) NewDesign(factors []Factor, seed uint64) (*Design, string) {
	params := numfmt.Count(len(factors), "parameter", "parameters")
	if o.Method == Morris {
		return NewMorrisDesign(factors, o.Trajectories, o.Levels, seed),
			fmt.Sprintf("Morris screening of %s: %s of %d points", params, numfmt.Count(o.Trajectories, "trajectory", "trajectories"), len(factors)+1)
	}
	return NewSobolDesign(factors, o.Samples, seed),
		fmt.Sprintf("Sobol indices of %s: %d base samples × %d", params, o.Samples, len(factors)+2)
}

// MethodName is a sensitivity method's name for people.
func MethodName(method string) string {
	if method == Morris {
		return "Morris screening"
	}
	return "Sobol indices"
}

// AnalyseRuns averages each of metrics over the reps replicates at every
// point of the design (outs[k] holds run k's metrics, point-major) and
// returns each metric's indices, in the metrics' order.
func (d *Design) AnalyseRuns(metrics []string, outs [][]float64, reps, bootstrap int, seed uint64) [][]Index {
	out := make([][]Index, len(metrics))
	for j, m := range metrics {
		out[j] = d.Analyse(m, MeanOverReplicates(outs, reps, j), bootstrap, SensitivityLevel, seed)
	}
	return out
}

// SensitivityManifest is a sensitivity analysis's manifest.json.
func SensitivityManifest(pv provenance.Provenance, o *SensitivityOptions, d *Design, designSeed uint64) []byte {
	m := sensManifest{Provenance: pv, Method: o.Method, DesignSeed: designSeed, Points: len(d.Values)}
	if o.Method == Morris {
		m.Trajectories, m.Levels = o.Trajectories, o.Levels
	} else {
		m.BaseSamples, m.Bootstrap, m.Level = o.Samples, o.Bootstrap, SensitivityLevel
	}
	for _, fa := range d.Factors {
		m.Parameters = append(m.Parameters, sensRange{fa.Param.Path, fa.Lo, fa.Hi, fa.Param.Unit})
	}
	out, err := provenance.Encode(m)
	if err != nil {
		panic(err) // a manifest of plain values always encodes
	}
	return out
}

// sensManifest is sensitivity's manifest.json.
type sensManifest struct {
	provenance.Provenance
	Method       string      `json:"method"`
	DesignSeed   uint64      `json:"design_seed"`
	Trajectories int         `json:"trajectories,omitempty"`
	Levels       int         `json:"levels,omitempty"`
	BaseSamples  int         `json:"base_samples,omitempty"`
	Bootstrap    int         `json:"bootstrap,omitempty"`
	Level        float64     `json:"level,omitempty"`
	Points       int         `json:"points"`
	Parameters   []sensRange `json:"parameters"`
}

// sensRange is a parameter varied and its range.
type sensRange struct {
	Path string  `json:"path"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Unit string  `json:"unit"`
}
