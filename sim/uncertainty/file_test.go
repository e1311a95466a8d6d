package uncertainty

import (
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/nhs"
)

func TestParseDistributions(t *testing.T) {
	ok := "discharge.funding_decision_days: uniform\ncontinuity.relationship_elasticity: normal(0.05, 0.2)\ntenders.quality_cost: \"fixed: held for this analysis\"\n"
	got, err := ParseDistributions("d.yaml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if got["discharge.funding_decision_days"].Kind != nhs.DistUniform || got["tenders.quality_cost"].Kind != nhs.DistFixed {
		t.Errorf("got %v", got)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"unknown distribution", "a: 1\n", "d.yaml:1: a: not a parameter"},
		{"unknown kind", "discharge.funding_decision_days: uniform\ncontinuity.relationship_elasticity: gamma(1, 2)\n", `d.yaml:2: continuity.relationship_elasticity: unknown distribution "gamma"`},
		{"suggestion", "discharge.funding_decision_dayz: uniform\n", "did you mean discharge.funding_decision_days?"},
		{"outside the range", "hospitals.los_mean_days: beta(2, 2)\n", "d.yaml:1: hospitals.los_mean_days: hospitals.los_mean_days: beta is on [0, 1]"},
		{"a link of one", "discharge.funding_decision_days: uniform link=alone\n", `d.yaml:1: discharge.funding_decision_days: link "alone" has no other parameter`},
		{"twice", "discharge.funding_decision_days: uniform\ndischarge.funding_decision_days: uniform\n", "d.yaml:2"},
		{"a lever drawn", "discharge.pooled_budget: uniform\n", "not a number"},
		{"not a mapping", "- a\n", "d.yaml:1: want a mapping"},
	} {
		_, err := ParseDistributions("d.yaml", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestOutsideBands(t *testing.T) {
	o := synthetic(4, 2, "emergency_admissions_per_1000", func(s, i, rep int) float64 { return 100 + 10*float64(i) })
	bands := Bands([]calibrate.Target{{Metric: "emergency_admissions_per_1000", Observed: 110, ObsVar: 25.0 / 9}}) // 105 to 115
	got := o.OutsideBands(bands)
	if len(got) != 2 || got[0].Any != 0.75 || got[0].ByBand[0] != 0.75 {
		t.Errorf("outside: %+v, want 3 of 4 draws (100, 120 and 130)", got)
	}
}

// Redeclaring one parameter of a registry link dissolves the link for its
// partner, which is then drawn on its own.
func TestRedeclaredLink(t *testing.T) {
	dists, err := ParseDistributions("d.yaml", []byte("general_practice.turnover_rate: uniform\n"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDesign(dists, nil, 8, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, fa := range d.Factors {
		if fa.Param.Path == "general_practice.turnover_cv" && fa.Dist.Link != "" {
			t.Errorf("turnover_cv still linked: %v", fa.Dist)
		}
	}
	if _, ok := d.Links["gp-turnover"]; ok {
		t.Error("the gp-turnover link survived")
	}
}

func FuzzParseDistributions(f *testing.F) {
	for _, s := range []string{"discharge.funding_decision_days: uniform\n", "a: b\n", "- x\n", "general_practice.tolerance_days: scale(0.5, 2)\n", "x: [\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dists, err := ParseDistributions("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		// Whatever it accepts can be drawn.
		if _, err := NewDesign(dists, nil, 2, 1, nil); err != nil {
			t.Fatalf("accepted %q but cannot draw it: %v", data, err)
		}
	})
}
