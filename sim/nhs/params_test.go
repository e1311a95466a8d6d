package nhs

import (
	"os"
	"path/filepath"
	"regexp"
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

func TestLabels(t *testing.T) {
	paths := map[string]bool{}
	for _, p := range Params() {
		paths[p.Path] = true
	}
	for path := range labels {
		if !paths[path] {
			t.Errorf("labels names %q, which is not a parameter", path)
		}
	}
	for _, test := range []struct{ path, want string }{
		{"discharge.pooled_budget", "Health and social care money pooled"},
		{"hospitals.los_mean_days", "Los mean days"},
		{"seed", "Seed"},
	} {
		if got := (Param{Path: test.path}).Label(); got != test.want {
			t.Errorf("Label(%q) = %q, want %q", test.path, got, test.want)
		}
	}
}

// Payment is a typed choice: it reads only its valid values, and its error
// lists them; the registry lists them as the parameter's valid values.
func TestPayment(t *testing.T) {
	for _, p := range Payments() {
		var got Payment
		if err := got.UnmarshalText([]byte(p)); err != nil || got != p {
			t.Errorf("UnmarshalText(%q) = %q, %v", p, got, err)
		}
	}
	got := PaymentBlock
	err := got.UnmarshalText([]byte("by-the-hour"))
	if err == nil || err.Error() != `unknown value "by-the-hour": expected one of activity, block, capitation` || got != PaymentBlock {
		t.Errorf("UnmarshalText(by-the-hour): %q, %v", got, err)
	}
	for _, p := range Params() {
		if p.Path == "contracts.payment" && strings.Join(p.Enum, ",") != "activity,block,capitation" {
			t.Errorf("the registry's valid payments are %q", p.Enum)
		}
	}
}

// Every parameter's source points into docs/evidence.md: it cites reference
// keys listed there, or says it is an assumption, a lever or a definition.
// No source may point outside the repository.
func TestSourcesCiteEvidence(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "evidence.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`<a id="([^"]+)"></a>`).FindAllStringSubmatch(string(data), -1) {
		anchors[m[1]] = true
	}
	if len(anchors) == 0 {
		t.Fatal("docs/evidence.md lists no reference anchors")
	}
	for _, p := range Params() {
		if p.Source == "" {
			continue
		}
		keys := SourceKeys(p.Source)
		for _, k := range keys {
			if !anchors[k] {
				t.Errorf("%s: cites [%s], which docs/evidence.md does not list", p.Path, k)
			}
		}
		plain := strings.HasPrefix(p.Source, "assumption") || strings.HasPrefix(p.Source, "lever") ||
			strings.HasPrefix(p.Source, "definition")
		if len(keys) == 0 && !plain {
			t.Errorf("%s: source %q cites no key of docs/evidence.md and is not an assumption, lever or definition", p.Path, p.Source)
		}
		if strings.Contains(p.Source, ".md") && !strings.Contains(p.Source, "docs/") {
			t.Errorf("%s: source %q names a file that is not in docs/", p.Path, p.Source)
		}
	}
}

func TestSourceKeys(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"assumption", ""},
		{"OR 0.72 [sandvik2022]", "sandvik2022"},
		{"[a] and [b-2]; not [Upper] or [ ]", "a b-2"},
	} {
		if got := strings.Join(SourceKeys(tc.in), " "); got != tc.want {
			t.Errorf("SourceKeys(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := linkSources("x [k1]"), "x [k1](evidence.md#k1)"; got != want {
		t.Errorf("linkSources = %q, want %q", got, want)
	}
}

// TestRemovedFieldsAreGone checks that no field named as removed is still
// in the registry (a removed field that came back would be refused).
func TestRemovedFieldsAreGone(t *testing.T) {
	known := map[string]bool{}
	for _, p := range Params() {
		known[p.Path] = true
	}
	for path := range RemovedFields {
		if known[path] {
			t.Errorf("%s is in the registry and in RemovedFields", path)
		}
	}
}
