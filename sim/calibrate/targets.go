package calibrate

import (
	"fmt"
	"slices"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
	"go.yaml.in/yaml/v4"
)

// Targets is a checked targets file: a sweep spec (one base scenario, its
// size, fixed values, replicates and seed, and a latin_hypercube naming
// the parameters to fit, their ranges and the points per wave) with the
// targets and the method's settings:
//
//	scenarios: [england]
//	replicates: 2
//	patients: 90000
//	latin_hypercube:
//	  points: 30
//	  params: [hospitals.los_mean_days, {param: hospitals.acsc_share, from: 0.1, to: 0.2}]
//	history_matching: {waves: 4, cutoff: 3, implausibility: max, candidates: 20000, shrink: 0.2}
//	targets:
//	  - {metric: mean_stay_days, observed: 4.5, tolerance: 0.5, source: hf-2023-los}
//	  - {metric: acsc_admissions_per_1000, observed: 15.4, observation_variance: 1, discrepancy_variance: 0.5, source: steventon2018}
//	  - {metric: ambulance_response_mean_minutes_cat2, observed: 36, tolerance: 6, transform: log, source: hsj-2024-cat2}
//
// A target's transform (none, log or log1p) is the scale its emulator
// works on: see [Target.Transform].
type Targets struct {
	Spec    *sweep.Spec
	Targets []Target
	Method  Method
}

var targetFields = []string{"metric", "observed", "observation_variance", "discrepancy_variance", "tolerance", "transform", "source"}

// Parse reads a targets file strictly: an unknown or repeated field, a
// value of the wrong type, a metric or parameter not in the registry, a
// range outside a parameter's domain, a non-positive variance, a
// transform other than none, log or log1p, or an observed value its
// transform's log cannot take is an error, a *scenario.Error listing every problem with its file, line,
// column and field path.
func Parse(file string, data []byte) (*Targets, error) {
	t := &Targets{Method: DefaultMethod}
	var targetsN *yaml.Node
	spec, err := sweep.ParseSpecWith(file, data, sweep.Extension{
		Fields: []string{"targets", "history_matching"},
		Decode: func(d *sweep.Decoder, key string, v *yaml.Node, path string) {
			switch key {
			case "targets":
				targetsN = v
				t.targets(d, v, path)
			case "history_matching":
				t.method(d, v, path)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	var issues []*scenario.Issue
	fail := func(n *yaml.Node, path, format string, args ...any) {
		line, col := 0, 0
		if n != nil {
			line, col = n.Line, n.Column
		}
		issues = append(issues, scenario.IssueAt(file, line, col, path, fmt.Sprintf(format, args...)))
	}
	switch {
	case len(spec.Scenarios) != 1:
		fail(nil, "scenarios", "name exactly one base scenario to calibrate; got %d", len(spec.Scenarios))
	case spec.LHS == nil:
		fail(nil, "latin_hypercube", "missing: the parameters to fit and the points per wave, such as latin_hypercube: {points: 30, params: [hospitals.los_mean_days]}")
	case len(spec.Vary) > 0 || spec.Points != nil:
		fail(nil, "vary", "a calibration fits the latin_hypercube's parameters; fix others with set:")
	case targetsN == nil:
		fail(nil, "targets", "missing: the observed figures to match, such as targets: [{metric: mean_stay_days, observed: 4.5, tolerance: 0.5, source: hf-2023-los}]")
	}
	if len(issues) > 0 {
		return nil, &scenario.Error{Issues: issues}
	}
	t.Spec = spec
	t.Method.Points, t.Method.Replicates = spec.LHS.Points, spec.Replicates
	switch {
	case spec.LHS.SeedSet:
		t.Method.Seed = spec.LHS.Seed
	case spec.SeedSet:
		t.Method.Seed = spec.Seed
	default:
		t.Method.Seed = 1
	}
	if t.Method.Points < 3*len(spec.LHS.Factors) {
		return nil, &scenario.Error{Issues: []*scenario.Issue{scenario.IssueAt(file, 0, 0, "latin_hypercube.points",
			fmt.Sprintf("%d points per wave for %d parameters: an emulator needs at least 3 per parameter (10 per parameter is the usual advice)", t.Method.Points, len(spec.LHS.Factors)))}}
	}
	return t, nil
}

func (t *Targets) targets(d *sweep.Decoder, n *yaml.Node, path string) {
	items, ok := d.List(n, path, "targets, such as {metric: mean_stay_days, observed: 4.5, tolerance: 0.5, source: KEY}")
	if !ok {
		return
	}
	if len(items) == 0 {
		d.Fail(n, path, "give at least one target")
	}
	for i, it := range items {
		at := fmt.Sprintf("%s[%d]", path, i)
		var tg Target
		seen := map[string]*yaml.Node{}
		if !d.Fields(it, at, targetFields, func(key string, v *yaml.Node, sub string) {
			seen[key] = v
			switch key {
			case "metric":
				name, ok := d.Str(v, sub)
				if !ok {
					return
				}
				m, known := nhs.LookupMetric(name)
				switch {
				case !known:
					names := make([]string, 0, len(nhs.Metrics()))
					for _, m := range nhs.Metrics() {
						names = append(names, m.Name)
					}
					msg := fmt.Sprintf("unknown metric %q: not in the registry (docs/metrics.md lists every metric)", name)
					if s := scenario.Suggest(name, names); s != "" {
						msg += fmt.Sprintf("; did you mean %q?", s)
					}
					d.Fail(v, sub, "%s", msg)
				case !m.Summary:
					d.Fail(v, sub, "%s is a monthly series, not a summary metric: a target is one figure", name)
				case slices.ContainsFunc(t.Targets, func(o Target) bool { return o.Metric == name }):
					d.Fail(v, sub, "%s is a target twice", name)
				default:
					tg.Metric = name
				}
			case "observed":
				tg.Observed, _ = d.Float(v, sub)
			case "observation_variance", "discrepancy_variance", "tolerance":
				x, ok := d.Float(v, sub)
				if ok && x <= 0 {
					d.Fail(v, sub, "%s must be positive; got %s", key, v.Value)
					return
				}
				if ok {
					if why := uncomputable(key, x, v.Value); why != "" {
						d.Fail(v, sub, "%s", why)
						return
					}
				}
				switch key {
				case "observation_variance":
					tg.ObsVar = x
				case "discrepancy_variance":
					tg.DiscVar = x
				default:
					// A tolerance is read as three standard deviations.
					tg.ObsVar = x * x / 9
				}
			case "transform":
				x, ok := d.Str(v, sub)
				switch {
				case !ok:
				case x == "none" || x == "log" || x == "log1p":
					tg.Transform = x
					if x == "none" {
						tg.Transform = ""
					}
				default:
					d.Fail(v, sub, "transform is none, log (for an output that is always positive) or log1p (log(1 + y), for a count or rate that can be 0); got %q", x)
				}
			case "source":
				tg.Source, _ = d.Str(v, sub)
				if why := scenario.FreeText(tg.Source, false); why != "" {
					d.Fail(v, sub, "%s", why)
				}
			}
		}) {
			continue
		}
		for _, need := range []string{"metric", "observed", "source"} {
			if seen[need] == nil {
				d.Fail(it, at+"."+need, "missing")
			}
		}
		switch {
		case seen["observation_variance"] != nil && seen["tolerance"] != nil:
			d.Fail(seen["tolerance"], at+".tolerance", "give observation_variance or tolerance, not both")
		case seen["observation_variance"] == nil && seen["tolerance"] == nil:
			d.Fail(it, at, "give the observation's uncertainty: observation_variance (with discrepancy_variance if the model is known to fall short) or tolerance (three standard deviations)")
		}
		if tg.Transform != "" && seen["observed"] != nil && !(tg.Observed+tg.offset() > 0) {
			floor, arg := "0", "observed"
			if tg.Transform == "log1p" {
				floor, arg = "-1", "observed + 1"
			}
			d.Fail(seen["observed"], at+".observed", "a %s target's observed value must be above %s: its emulator works on log(%s); got %s", tg.Transform, floor, arg, seen["observed"].Value)
		}
		if tg.Metric != "" {
			t.Targets = append(t.Targets, tg)
		}
	}
}

// Bounds on a target's uncertainty: beyond them its variance, or the sum
// of variances an implausibility divides by, underflows to zero or
// overflows, and every implausibility would be NaN or zero.
const (
	minTolerance, maxTolerance = 1e-150, 1e150
	minVariance, maxVariance   = 1e-300, 1e300
)

// uncomputable says why a positive tolerance or variance x is out of the
// range float64 can compute implausibilities with, or ""; text is x as
// written.
func uncomputable(key string, x float64, text string) string {
	lo, hi, what := minVariance, maxVariance, "1e-300 to 1e300"
	if key == "tolerance" {
		lo, hi, what = minTolerance, maxTolerance, "1e-150 to 1e150"
	}
	switch {
	case x < lo:
		return fmt.Sprintf("%s %s is too small to compute with: give one from %s, in the metric's own units", key, text, what)
	case x > hi:
		return fmt.Sprintf("%s %s is too large to compute with: give one from %s, in the metric's own units", key, text, what)
	}
	return ""
}

func (t *Targets) method(d *sweep.Decoder, n *yaml.Node, path string) {
	m := &t.Method
	d.Fields(n, path, []string{"waves", "cutoff", "implausibility", "candidates", "shrink"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "waves":
			if w, ok := d.Integer(v, sub, 1, 20); ok {
				m.Waves = w
			}
		case "candidates":
			if c, ok := d.Integer(v, sub, 100, 10_000_000); ok {
				m.Candidates = c
			}
		case "cutoff", "shrink":
			x, ok := d.Float(v, sub)
			switch {
			case !ok:
			case key == "cutoff" && x <= 0:
				d.Fail(v, sub, "the cut-off must be positive (3 by convention); got %s", v.Value)
			case key == "shrink" && (x <= 0 || x >= 1):
				d.Fail(v, sub, "shrink is a share of the region's volume, above 0 and below 1; got %s", v.Value)
			case key == "cutoff":
				m.Cutoff = x
			default:
				m.Shrink = x
			}
		case "implausibility":
			s, ok := d.Str(v, sub)
			switch {
			case !ok:
			case s == "max":
				m.Rank = 1
			case s == "second":
				m.Rank = 2
			default:
				d.Fail(v, sub, "implausibility is max (the largest over the targets) or second (the second largest); got %q", s)
			}
		}
	})
}
