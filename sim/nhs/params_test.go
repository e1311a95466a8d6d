package nhs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every parameter has a default, a unit, a source and a doc line, and every
// number has a domain and a plausible range inside it: the registry is the
// one place docs/model.md and the sensitivity tools read.
func TestRegistryIsComplete(t *testing.T) {
	ps := Params()
	if len(ps) == 0 {
		t.Fatal("empty registry")
	}
	def := Defaults()
	for _, p := range ps {
		if p.Doc == "" {
			t.Errorf("%s: no doc", p.Path)
		}
		xs := p.Numbers(&def)
		if len(xs) == 0 || p.Path == "seed" {
			continue
		}
		if p.Default == "" || p.Unit == "" || p.Source == "" {
			t.Errorf("%s: needs default, unit and source (got %q, %q, %q)", p.Path, p.Default, p.Unit, p.Source)
		}
		if !p.Domain.Set || (!p.Ranged && !p.SumsTo1) {
			t.Errorf("%s: needs a domain and a range (or to be a distribution)", p.Path)
		}
		for _, x := range xs {
			if !p.Domain.Contains(x) {
				t.Errorf("%s: default %v outside its domain %v", p.Path, x, p.Domain)
			}
			if p.Ranged && (x < p.Range[0] || x > p.Range[1]) {
				t.Errorf("%s: default %v lies outside its plausible range %v", p.Path, x, p.Range)
			}
		}
	}
	if probs := def.Validate(); len(probs) > 0 {
		t.Errorf("the defaults do not validate: %v", probs)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Defaults()
	c.GP.ConsultationRate = -1
	c.SocialCare.PackageProbability = 1.5
	c.Run.WarmupYears = 9
	probs := c.Validate()
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
	}
	got := strings.Join(paths, " ")
	for _, want := range []string{"general_practice.consultation_rate", "social_care.package_probability", "run.warmup_years"} {
		if !strings.Contains(got, want) {
			t.Errorf("Validate() = %v; missing %s", probs, want)
		}
	}
}

func TestIntervals(t *testing.T) {
	for _, tc := range []struct {
		iv   string
		x    float64
		want bool
	}{
		{"[0,1]", 0, true}, {"[0,1]", 1, true}, {"(0,1]", 0, false}, {"[0,1)", 1, false},
		{"[0,inf)", 1e300, true}, {"[0,1]", -0.1, false},
	} {
		iv, err := parseInterval(tc.iv)
		if err != nil {
			t.Fatal(err)
		}
		if got := iv.Contains(tc.x); got != tc.want {
			t.Errorf("%s contains %v = %v, want %v", tc.iv, tc.x, got, tc.want)
		}
	}
}

// docs/model.md carries the registry's table, the parameters that cannot
// change mid-run and the organisational levers; they must match the code.
func TestModelDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "model.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, sec := range []struct{ name, want string }{
		{"params", ParamTable()},
		{"fixed", FixedMidRunTable()},
		{"reorganising", ReorganisingText()},
	} {
		begin, end := "<!-- "+sec.name+":begin -->", "<!-- "+sec.name+":end -->"
		if sec.name == "params" || sec.name == "fixed" {
			begin += "\n"
		}
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
		}
		if *update {
			doc = doc[:i+len(begin)] + sec.want + doc[j:]
			continue
		}
		if doc[i+len(begin):j] != sec.want {
			t.Errorf("the %s section of %s is stale: run go test ./sim/nhs -run ModelDoc -update", sec.name, path)
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
