package calibrate

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/scenario"
)

func TestParseShippedTargets(t *testing.T) {
	path := "../../scenarios/targets/england.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.Targets) != 27 || len(tg.Spec.LHS.Factors) != 10 || tg.Method.Points != 100 || tg.Method.Cutoff != 3 {
		t.Errorf("%d targets, %d parameters, method %+v", len(tg.Targets), len(tg.Spec.LHS.Factors), tg.Method)
	}
	// The ambulance's queues are emulated on a log scale.
	for _, x := range tg.Targets {
		want := map[string]string{"ambulance_response_mean_minutes_cat2": "log", "handover_delay_mean_minutes": "log", "handovers_over_60_min_per_1000_conveyances": "log1p"}[x.Metric]
		if x.Transform != want {
			t.Errorf("%s: transform %q, want %q", x.Metric, x.Transform, want)
		}
	}
	// A tolerance is three standard deviations.
	if got := tg.Targets[1].ObsVar; got != 5.5*5.5/9 {
		t.Errorf("emergency admissions: observation variance %g, want (5.5/3)²", got)
	}
}

func TestParseErrors(t *testing.T) {
	const base = "scenarios: [england]\nlatin_hypercube: {points: 6, params: [hospitals.los_mean_days]}\n"
	for _, test := range []struct{ name, text, want string }{
		{"no targets", base, "targets: missing"},
		{"two scenarios", "scenarios: [england, torbay]\nlatin_hypercube: {points: 6, params: [hospitals.los_mean_days]}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n", "name exactly one base scenario"},
		{"no hypercube", "scenarios: [england]\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n", "latin_hypercube: missing"},
		{"too few points", "scenarios: [england]\nlatin_hypercube: {points: 2, params: [hospitals.los_mean_days]}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n", "2 points per wave for 1 parameters"},
		{"target twice", base + "targets:\n  - {metric: mean_stay_days, observed: 4, tolerance: 1, source: x}\n  - {metric: mean_stay_days, observed: 4, tolerance: 1, source: x}\n", "t.yaml:5:14: targets[1].metric: mean_stay_days is a target twice"},
		{"variance and tolerance", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, observation_variance: 1, source: x}]\n", "give observation_variance or tolerance, not both"},
		{"no source", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1}]\n", "targets[0].source: missing"},
		{"bad discrepancy", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, discrepancy_variance: -1, source: x}]\n", "discrepancy_variance must be positive"},
		{"bad implausibility", base + "history_matching: {implausibility: third}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n", `history_matching.implausibility: implausibility is max`},
		{"bad shrink", base + "history_matching: {shrink: 1}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n", "shrink is a share"},
		{"tolerance whose square underflows", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1e-200, source: x}]\n", "t.yaml:3:60: targets[0].tolerance: tolerance 1e-200 is too small to compute with"},
		{"tolerance whose square overflows", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1e200, source: x}]\n", "tolerance 1e200 is too large"},
		{"subnormal variance", base + "targets: [{metric: mean_stay_days, observed: 4, observation_variance: 5e-324, source: x}]\n", "observation_variance 5e-324 is too small"},
		{"infinite variance", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, discrepancy_variance: 1e308, source: x}]\n", "discrepancy_variance"},
		{"bell in the source", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: \"x\\a\"}]\n", "targets[0].source: holds the control character U+0007 (bell)"},
		{"unknown transform", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, transform: sqrt, source: x}]\n", `t.yaml:3:74: targets[0].transform: transform is none, log (for an output that is always positive) or log1p`},
		{"transform not a string", base + "targets: [{metric: mean_stay_days, observed: 4, tolerance: 1, transform: [log], source: x}]\n", "targets[0].transform"},
		{"log of zero", base + "targets: [{metric: mean_stay_days, observed: 0, tolerance: 1, transform: log, source: x}]\n", "t.yaml:3:46: targets[0].observed: a log target's observed value must be above 0: its emulator works on log(observed); got 0"},
		{"log1p below -1", base + "targets: [{metric: mean_stay_days, observed: -1, tolerance: 1, transform: log1p, source: x}]\n", "targets[0].observed: a log1p target's observed value must be above -1: its emulator works on log(observed + 1); got -1"},
		{"targets not a list", base + "targets: {metric: mean_stay_days}\n", "targets: expected a list of targets"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(test.text))
			var se *scenario.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *scenario.Error", err)
			}
			if msg := err.Error(); !strings.Contains(msg, test.want) {
				t.Errorf("error lacks %q:\n%s", test.want, msg)
			}
		})
	}
}

// FuzzParse checks that no input makes the parser panic or accept a file
// that breaks the invariants the waves rely on.
func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("../../scenarios/targets/england.yaml")
	f.Add(data)
	f.Add([]byte("scenarios: [england]\nlatin_hypercube: {points: 6, params: [hospitals.los_mean_days]}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1, source: x}]\n"))
	f.Add([]byte("targets: [{metric: &a x, observed: *a}]\n"))
	f.Add([]byte("history_matching: {waves: 1e99, cutoff: .nan}\n"))
	f.Add([]byte("scenarios: [england]\nlatin_hypercube: {points: 6, params: [hospitals.los_mean_days]}\ntargets: [{metric: mean_stay_days, observed: 4, tolerance: 1e-200, source: x}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := Parse("f.yaml", data)
		if err != nil {
			var se *scenario.Error
			if !errors.As(err, &se) || len(se.Issues) == 0 {
				t.Fatalf("error %v is not a *scenario.Error with issues", err)
			}
			return
		}
		if len(tg.Targets) == 0 || len(tg.Spec.Scenarios) != 1 || tg.Spec.LHS == nil || tg.Method.Points < 3*len(tg.Spec.LHS.Factors) {
			t.Fatalf("accepted a file without what the waves need: %+v", tg)
		}
		for _, x := range tg.Targets {
			if v := x.ObsVar + x.DiscVar; !(x.ObsVar >= minVariance/9) || x.DiscVar < 0 || !(v <= 2*maxVariance) || x.Source == "" {
				t.Fatalf("accepted target %+v", x)
			}
		}
		if !(tg.Method.Cutoff > 0) || tg.Method.Rank < 1 || tg.Method.Waves < 1 {
			t.Fatalf("accepted method %+v", tg.Method)
		}
	})
}
