package sweep

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/scenario"
)

func TestParseSpec(t *testing.T) {
	spec := `# a spec with every field
name: every-field
description: All of it.
scenarios: [market-contract, regional-collaborative]
replicates: 2
seed: 7
patients: 5000
years: 1.5
warmup_years: 0.5
set: {discharge.shared_records: true, hospitals.los_by_age: [3, 4, 5, 6, 7]}
vary:
  - {param: hospitals.los_mean_days, values: [5, 6.5]}
  - {param: general_practice.turnover_rate, grid: {from: 0, to: 0.3, steps: 4}}
  - {param: contracts.payment, values: [activity, block]}
  - {param: market.patient_choice, values: [true, false]}
  - {param: general_practice.gps_per_practice, grid: {from: 2, to: 8, steps: 4}}
latin_hypercube:
  points: 20
  seed: 3
  params: [continuity.discontinuity_or, {param: discharge.trust_effect, from: 0.1, to: 0.4}]
`
	s, err := ParseSpec("every.yaml", []byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "every-field" || s.Description != "All of it." || s.Replicates != 2 || !s.SeedSet || s.Seed != 7 {
		t.Errorf("name %q, description %q, replicates %d, seed %d (set %t)", s.Name, s.Description, s.Replicates, s.Seed, s.SeedSet)
	}
	if !slices.Equal(s.Scenarios, []string{"market-contract", "regional-collaborative"}) {
		t.Errorf("scenarios %q", s.Scenarios)
	}
	var fixed []string
	for _, o := range s.Fixed {
		fixed = append(fixed, o.String())
	}
	wantFixed := []string{"population.patients=5000", "run.years=1.5", "run.warmup_years=0.5", "discharge.shared_records=true", "hospitals.los_by_age=[3, 4, 5, 6, 7]"}
	if !slices.Equal(fixed, wantFixed) {
		t.Errorf("fixed %q, want %q", fixed, wantFixed)
	}
	wantVary := [][]string{{"5", "6.5"}, {"0", "0.1", "0.2", "0.3"}, {"activity", "block"}, {"true", "false"}, {"2", "4", "6", "8"}}
	if len(s.Vary) != len(wantVary) {
		t.Fatalf("%d vary entries, want %d", len(s.Vary), len(wantVary))
	}
	for i, d := range s.Vary {
		if !slices.Equal(d.Values, wantVary[i]) {
			t.Errorf("vary[%d] (%s): %q, want %q", i, d.Param.Path, d.Values, wantVary[i])
		}
	}
	h := s.LHS
	if h == nil || h.Points != 20 || !h.SeedSet || h.Seed != 3 || len(h.Factors) != 2 {
		t.Fatalf("latin_hypercube %+v", h)
	}
	// The registry's plausible range, then the one given.
	if f := h.Factors[0]; f.Param.Path != "continuity.discontinuity_or" || f.Lo != 1 || f.Hi != 2.32 {
		t.Errorf("factor 0: %s over [%g, %g]", f.Param.Path, f.Lo, f.Hi)
	}
	if f := h.Factors[1]; f.Param.Path != "discharge.trust_effect" || f.Lo != 0.1 || f.Hi != 0.4 {
		t.Errorf("factor 1: %s over [%g, %g]", f.Param.Path, f.Lo, f.Hi)
	}

	// The name defaults to the file's.
	s, err = ParseSpec("dir/my-sweep.yaml", []byte("scenarios: [england]"))
	if err != nil || s.Name != "my-sweep" || s.Replicates != 1 || s.SeedSet {
		t.Errorf("minimal spec: %+v, %v", s, err)
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, test := range []struct {
		name, spec string
		want       []string // each must appear in the error, in order of the issues
	}{
		{"empty", "", []string{"bad.yaml: the file is empty"}},
		{"only a comment", "# nothing\n", []string{"the file is empty"}},
		{"not YAML", "scenarios: [a\n", []string{"bad.yaml:", "not valid YAML"}},
		{"a list", "- a\n- b\n", []string{"bad.yaml:1:1: expected a mapping of fields"}},
		{"no scenarios", "replicates: 2\n", []string{"scenarios: missing"}},
		{"empty scenarios", "scenarios: []\n", []string{"bad.yaml:1:12: scenarios: name at least one scenario"}},
		{"unknown field", "scenarios: [england]\nreplicate: 2\n", []string{`bad.yaml:2:1: replicate: unknown field "replicate" (did you mean "replicates"?)`}},
		{"field twice", "scenarios: [england]\nseed: 1\nseed: 2\n", []string{"bad.yaml:3:1: seed: set twice"}},
		{"wrong type", "scenarios: [england]\nreplicates: two\n", []string{`bad.yaml:2:13: replicates: expected a whole number, got "two"`}},
		{"zero replicates", "scenarios: [england]\nreplicates: 0\n", []string{"replicates: 0 is too small: at least 1"}},
		{"one draw", "scenarios: [england]\nuncertainty: {draws: 1}\n", []string{"bad.yaml:2:22: uncertainty.draws: 1 is too small: at least 2"}},
		{"too many draws", "scenarios: [england]\nuncertainty: {draws: 4097}\n", []string{"uncertainty.draws: 4097 is too large: at most 4096"}},
		{"draws missing", "scenarios: [england]\nuncertainty: {seed: 3}\n", []string{"bad.yaml:2:14: uncertainty.draws: missing"}},
		{"uncertainty not a mapping", "scenarios: [england]\nuncertainty: 8\n", []string{"bad.yaml:2:14: uncertainty: expected a mapping"}},
		{"negative seed", "scenarios: [england]\nseed: -1\n", []string{"seed: expected a seed"}},
		{"unknown parameter", "scenarios: [england]\nvary:\n  - {param: hospitals.los_mean_day, values: [5]}\n",
			[]string{`bad.yaml:3:13: vary[0].param: unknown parameter "hospitals.los_mean_day": not in the registry (docs/model.md lists every parameter); did you mean "hospitals.los_mean_days"?`}},
		{"bare field name", "scenarios: [england]\nvary:\n  - {param: turnover_rate, values: [0.1]}\n",
			[]string{`did you mean "general_practice.turnover_rate"?`}},
		{"value outside domain", "scenarios: [england]\nvary:\n  - {param: general_practice.pooled_booking_share, values: [0.5, 1.5]}\n",
			[]string{"bad.yaml:3:66: vary[0].values[1]: 1.5 is outside general_practice.pooled_booking_share's valid domain [0, 1]"}},
		{"grid outside domain", "scenarios: [england]\nvary:\n  - {param: general_practice.turnover_rate, grid: {from: -1, to: 0.2, steps: 3}}\n",
			[]string{"vary[0].grid.from: -1 is outside general_practice.turnover_rate's valid domain [0, 10]"}},
		{"range outside domain", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [{param: discharge.trust_effect, from: 0, to: 2}]}\n",
			[]string{"bad.yaml:2:84: latin_hypercube.params[0].to: 2 is outside discharge.trust_effect's valid domain [0, 1]"}},
		{"range backwards", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [{param: discharge.trust_effect, from: 0.4, to: 0.1}]}\n",
			[]string{"latin_hypercube.params[0].to: 0.1 must be above from (0.4)"}},
		{"range too narrow to sample", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [{param: hospitals.los_mean_days, from: 5, to: 5.000000000000001}]}\n",
			[]string{"bad.yaml:2:85: latin_hypercube.params[0].to: 5.000000000000001 is too close to from (5)"}},
		{"grid too narrow", "scenarios: [england]\nvary:\n  - {param: hospitals.los_mean_days, grid: {from: 5, to: 5.0000000001, steps: 3}}\n",
			[]string{"vary[0].grid.to: 5.0000000001 is too close to from (5)"}},
		{"half a range", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [{param: discharge.trust_effect, from: 0.4}]}\n",
			[]string{"give both from and to"}},
		{"hypercube of a bool", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [market.patient_choice]}\n",
			[]string{"market.patient_choice is not a single number; a Latin hypercube samples numbers only"}},
		{"hypercube of a list", "scenarios: [england]\nlatin_hypercube: {points: 5, params: [population.age_shares]}\n",
			[]string{"population.age_shares is not a single number"}},
		{"hypercube without points", "scenarios: [england]\nlatin_hypercube: {params: [discharge.trust_effect]}\n",
			[]string{"latin_hypercube.points: missing"}},
		{"varied twice", "scenarios: [england]\nvary:\n  - {param: discharge.trust_effect, values: [0.1]}\nlatin_hypercube: {points: 5, params: [discharge.trust_effect]}\n",
			[]string{"latin_hypercube.params[0]: discharge.trust_effect is already set or varied by vary[0]"}},
		{"fixed and varied", "scenarios: [england]\npatients: 5000\nvary:\n  - {param: population.patients, values: [6000]}\n",
			[]string{"vary[0]: population.patients is already set or varied by patients"}},
		{"seed varied", "scenarios: [england]\nvary:\n  - {param: seed, values: [1, 2]}\n",
			[]string{"seed cannot be varied: replicates set the seeds"}},
		{"name varied", "scenarios: [england]\nvary:\n  - {param: name, values: [a]}\n",
			[]string{"name is a label, not a model parameter"}},
		{"bool as number", "scenarios: [england]\nvary:\n  - {param: market.patient_choice, values: [1]}\n",
			[]string{`market.patient_choice is true or false; got "1"`}},
		{"unknown enum", "scenarios: [england]\nvary:\n  - {param: contracts.payment, values: [activity, bartering]}\n",
			[]string{`contracts.payment is one of activity, block, capitation; got "bartering"`}},
		{"fraction for an integer", "scenarios: [england]\nvary:\n  - {param: general_practice.gps_per_practice, values: [2.5]}\n",
			[]string{"general_practice.gps_per_practice is a whole number; got 2.5"}},
		{"fractional integer grid", "scenarios: [england]\nvary:\n  - {param: general_practice.gps_per_practice, grid: {from: 1, to: 4, steps: 3}}\n",
			[]string{"general_practice.gps_per_practice is a whole number, but 3 steps from 1 to 4 give 2.5"}},
		{"one-step grid", "scenarios: [england]\nvary:\n  - {param: discharge.trust_effect, grid: {from: 0, to: 1, steps: 1}}\n",
			[]string{"vary[0].grid.steps: 1 is too small: at least 2"}},
		{"values and grid", "scenarios: [england]\nvary:\n  - {param: discharge.trust_effect, values: [0.1], grid: {from: 0, to: 1, steps: 2}}\n",
			[]string{"give values or grid, not both"}},
		{"no values", "scenarios: [england]\nvary:\n  - {param: discharge.trust_effect}\n",
			[]string{"give the values of discharge.trust_effect"}},
		{"value twice", "scenarios: [england]\nvary:\n  - {param: discharge.trust_effect, values: [0.1, 0.1]}\n",
			[]string{"0.1 is listed twice"}},
		{"short list value", "scenarios: [england]\nvary:\n  - {param: hospitals.los_by_age, values: [[1, 2]]}\n",
			[]string{"hospitals.los_by_age is a list of 5 numbers; got 2"}},
		{"unknown set path", "scenarios: [england]\nset: {hospital.los_mean_days: 7}\n",
			[]string{`set.hospital.los_mean_days: unknown parameter "hospital.los_mean_days"`, `did you mean "hospitals.los_mean_days"?`}},
		{"every problem at once", "scenarios: [england]\nreplicates: 0\nvary:\n  - {param: nope, values: [1]}\n  - {param: discharge.trust_effect, values: [7]}\n",
			[]string{"bad.yaml:2:13: replicates", "bad.yaml:4:13: vary[0].param: unknown parameter", "bad.yaml:5:46: vary[1].values[0]: 7 is outside"}},
		// Issue 10: hostile files and huge counts.
		{"not UTF-8", "scenarios: [england]\nname: \xff\n", []string{"bad.yaml:2:7: not UTF-8 text (byte 0xff): a sweep spec is a YAML text file"}},
		{"binary", "\x00\x01\x02", []string{"bad.yaml:1:1: control character U+0000"}},
		{"formula in the name", "scenarios: [england]\nname: \"=HYPERLINK(1)\"\n", []string{`bad.yaml:2:7: name: begins with "=", which a spreadsheet reads as the start of a formula`}},
		{"escape in the description", "scenarios: [england]\ndescription: \"red \\e[31m\"\n", []string{`bad.yaml:2:14: description: holds the control character U+001B (escape`}},
		{"newline in the name", "scenarios: [england]\nname: \"a\\nb\"\n", []string{`bad.yaml:2:7: name: "a\nb" holds a control character`}},
		{"huge replicates", "scenarios: [england]\nreplicates: 1e14\n", []string{"bad.yaml:2:13: replicates: 1e14 is too large: at most 10000"}},
		{"huge steps", "scenarios: [england]\nvary:\n  - {param: general_practice.turnover_rate, grid: {from: 0, to: 0.2, steps: 100000000000000}}\n",
			[]string{"vary[0].grid.steps: 100000000000000 is too large: at most 1000000"}},
		{"huge points", "scenarios: [england]\nlatin_hypercube: {points: 1e14, params: [discharge.boundaries]}\n", []string{"latin_hypercube.points: 1e14 is too large"}},
		// Explicit points, as calibration waves write them.
		{"points and hypercube", "scenarios: [england]\nlatin_hypercube: {points: 2, params: [discharge.trust_effect]}\npoints: {params: [hospitals.los_mean_days], values: [[5]]}\n",
			[]string{"points: give latin_hypercube or points, not both"}},
		{"point too short", "scenarios: [england]\npoints: {params: [hospitals.los_mean_days, discharge.trust_effect], values: [[5, 0.1], [6]]}\n",
			[]string{"bad.yaml:2:88: points.values[1]: 1 values for 2 parameters"}},
		{"point outside domain", "scenarios: [england]\npoints: {params: [discharge.trust_effect], values: [[0.1], [3]]}\n",
			[]string{"points.values[1][0]: 3 is outside discharge.trust_effect's valid domain [0, 1]"}},
		{"points of an unknown parameter", "scenarios: [england]\npoints: {params: [hospitals.los_mean_day], values: [[5]]}\n",
			[]string{"points.params[0]: unknown parameter"}},
		{"points without values", "scenarios: [england]\npoints: {params: [hospitals.los_mean_days]}\n",
			[]string{"points.values: missing"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := ParseSpec("bad.yaml", []byte(test.spec))
			var se *scenario.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *scenario.Error", err)
			}
			msg := err.Error()
			at := 0
			for _, w := range test.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				at += i + len(w)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, test := range []struct{ path, want string }{
		{"hospitals.los_mean_days", ""},
		{"hospitals.los_mean_dayz", `did you mean "hospitals.los_mean_days"?`},
		{"los_mean_days", `did you mean "hospitals.los_mean_days"?`},
		{"completely.different.thing", "not in the registry"},
	} {
		p, err := Lookup(test.path)
		switch {
		case test.want == "" && (err != nil || p.Path != test.path):
			t.Errorf("Lookup(%q) = %q, %v", test.path, p.Path, err)
		case test.want != "" && (err == nil || !strings.Contains(err.Error(), test.want)):
			t.Errorf("Lookup(%q): error %v, want one saying %q", test.path, err, test.want)
		}
	}
}

func TestFactorValue(t *testing.T) {
	integer, _ := Lookup("general_practice.gps_per_practice") // [1, 15]
	float, _ := Lookup("discharge.trust_effect")
	for _, test := range []struct {
		f    Factor
		u    float64
		want string
	}{
		{Factor{integer, 1, 15}, 0, "1"},
		{Factor{integer, 1, 15}, 1, "15"},
		{Factor{integer, 1, 15}, 0.5, "8"},
		{Factor{integer, 1, 15}, 0.52, "8"}, // 8.28 rounds to 8
		{Factor{float, 0, 0.5}, 1.0 / 3, "0.166667"},
		{Factor{float, 0, 0.5}, 0.999999999, "0.5"},
		{Factor{float, 0.1, 0.4}, 0, "0.1"},
	} {
		if got := test.f.Format(test.f.Value(test.u)); got != test.want {
			t.Errorf("%s over [%g, %g] at %g: %s, want %s", test.f.Param.Path, test.f.Lo, test.f.Hi, test.u, got, test.want)
		}
	}
}

func TestRanged(t *testing.T) {
	fs := Ranged("population.patients", "run.years", "run.warmup_years")
	if len(fs) < 50 {
		t.Fatalf("%d ranged parameters; the registry has about 80", len(fs))
	}
	for _, f := range fs {
		if !numeric(f.Param) || !(f.Lo < f.Hi) || slices.Contains([]string{"population.patients", "run.years", "seed"}, f.Param.Path) {
			t.Errorf("%s over [%g, %g] should not be a factor", f.Param.Path, f.Lo, f.Hi)
		}
	}
	if _, err := RangedFactor("population.age_shares"); err == nil {
		t.Error("a list parameter made a factor")
	}
	if f, err := RangedFactor("continuity.discontinuity_or"); err != nil || f.Lo != 1 || f.Hi != 2.32 {
		t.Errorf("RangedFactor: %+v, %v", f, err)
	}
}
