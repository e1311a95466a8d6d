package classroom

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
)

// parameterName matches what reads as a parameter's name in a text: a
// dotted path ("trust.initial") or a snake_case word
// ("provider_fixed_cost").
var parameterName = regexp.MustCompile(`\b[a-z0-9]+_[a-z0-9_]+\b|\b[a-z_]+\.[a-z_]+\b`)

// TestLeverTextsArePlain checks what the page says of every lever: a label
// and a text, a unit beside every number, the options of a choice in words,
// and no parameter's name anywhere (the page shows those under Details).
func TestLeverTextsArePlain(t *testing.T) {
	leaves := map[string]bool{}
	for _, p := range nhs.Params() {
		leaf := p.Path[strings.LastIndex(p.Path, ".")+1:]
		if strings.Contains(leaf, "_") {
			leaves[leaf] = true
		}
	}
	for _, path := range leverPaths {
		if _, ok := plainText[path]; !ok {
			t.Errorf("%s: no plain text", path)
		}
	}
	for path := range plainText {
		if !isLever(path) {
			t.Errorf("plain text for %s, which is not a lever", path)
		}
	}
	for _, l := range levers() {
		if l.Label == "" || l.Doc == "" || l.Details == "" {
			t.Errorf("%s: label %q, text %q, details %q: none may be empty", l.Path, l.Label, l.Doc, l.Details)
		}
		if l.Kind == "number" && strings.TrimSpace(l.Unit) == "" {
			t.Errorf("%s: a slider without a unit", l.Path)
		}
		if l.Kind == "enum" && len(l.OptionLabels) != len(l.Options) {
			t.Errorf("%s: %d option labels for %d options", l.Path, len(l.OptionLabels), len(l.Options))
		}
		if l.Percent && !(l.Min >= 0 && l.Max <= 1) {
			t.Errorf("%s: shown as a percentage, but its range is %g to %g", l.Path, l.Min, l.Max)
		}
		texts := append([]string{l.Label, l.Doc, l.Unit, l.UnitOne}, l.OptionLabels...)
		for _, r := range l.Idle {
			texts = append(texts, r.Says)
		}
		for _, s := range texts {
			if m := parameterName.FindString(s); m != "" {
				t.Errorf("%s: %q names a parameter (%q)", l.Path, s, m)
			}
			for leaf := range leaves {
				if strings.Contains(s, leaf) {
					t.Errorf("%s: %q names the parameter %s", l.Path, s, leaf)
				}
			}
		}
	}
}

// TestParameterNamePattern checks the pattern the test above relies on.
func TestParameterNamePattern(t *testing.T) {
	for _, test := range []struct {
		text string
		want bool
	}{
		{"trust 0.5", false},
		{"returns to trust.initial", true},
		{"within reach (choice.reach_km)", true},
		{"each organisation carries provider_fixed_cost", true},
		{"How many GPs leave (and are replaced) each year.", false},
		{"per 1,000 people", false},
	} {
		if got := parameterName.MatchString(test.text); got != test.want {
			t.Errorf("%q: matched %v, want %v", test.text, got, test.want)
		}
	}
}

// TestIdleLeversDoNothing runs the model where each lever's idle rule says
// the lever does nothing, with the lever at two values, and checks that
// every metric is the same: on common random numbers, a lever that does
// nothing changes nothing.
func TestIdleLeversDoNothing(t *testing.T) {
	n := 0
	for _, l := range levers() {
		for _, r := range l.Idle {
			n++
			sets := []string{"population.patients=20000", "run.years=7", "run.warmup_years=1"} // long enough for contracts to be re-tendered
			for _, c := range r.When {
				switch {
				case c.Path == localHospitalsPath:
					// the sets above: one hospital at England's catchment
				case c.Is != "":
					sets = append(sets, c.Path+"="+c.Is)
				default:
					t.Fatalf("%s: a condition on %s with no value", l.Path, c.Path)
				}
			}
			var values [2]string
			switch l.Kind {
			case "bool":
				values = [2]string{"false", "true"}
			case "enum":
				values = [2]string{l.Options[0], l.Options[1]}
			default:
				values = [2]string{strconv.FormatFloat(l.Min, 'g', -1, 64), strconv.FormatFloat(l.Max, 'g', -1, 64)}
			}
			var res [2]*nhs.Result
			for i, v := range values {
				sc, err := scenarios.Loader().Load("england", append(sets, l.Path+"="+v)...)
				if err != nil {
					t.Fatalf("%s: %v", l.Path, err)
				}
				for _, c := range r.When {
					if c.Path == localHospitalsPath && !(float64(localHospitals(sc.Config)) < c.Below) {
						t.Fatalf("%s: %d hospitals in a local system, want fewer than %g", l.Path, localHospitals(sc.Config), c.Below)
					}
				}
				res[i] = nhs.Simulate(sc.Config)
			}
			for _, m := range nhs.Metrics() {
				a, _ := res[0].Metric(m.Name)
				b, _ := res[1].Metric(m.Name)
				if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Errorf("%s at %s and %s where it should do nothing (%s): %s is %g and %g", l.Path, values[0], values[1], r.Says, m.Name, a, b)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no lever has an idle rule")
	}
}

// TestLocalHospitals checks the hospitals a patient can choose between
// against the model's own count of hospitals.
func TestLocalHospitals(t *testing.T) {
	for _, test := range []struct {
		patients, practiceSize int
		want                   int
	}{
		{20000, 10000, 1},
		{449999, 10000, 1},
		{450000, 10000, 3},
		{900000, 10000, 3},
		{2700000, 10000, 3},
		{100000, 2000, 3},
		{80000, 2000, 1},
	} {
		c := nhs.Defaults()
		c.Population.Patients, c.Population.PracticeSize = test.patients, test.practiceSize
		if got := localHospitals(c); got != test.want {
			t.Errorf("%d patients in practices of %d: %d hospitals in a local system, want %d (nhs.HospitalCount %d)", test.patients, test.practiceSize, got, test.want, nhs.HospitalCount(c))
		}
	}
}
