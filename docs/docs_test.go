// Package docs_test checks what docs/ promises against the code and the
// repository: the scenario schema is generated from the registry and
// accepts every shipped scenario, and nothing in the repository points to a
// file outside it.
package docs_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"go.yaml.in/yaml/v4"
)

var update = flag.Bool("update", false, "rewrite docs/scenario.schema.json from the registry")

const schemaFile = "scenario.schema.json"

// docs/scenario.schema.json is nhs.ScenarioSchema(), byte for byte.
func TestSchemaIsCurrent(t *testing.T) {
	want := nhs.ScenarioSchema()
	if *update {
		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/%s is stale: run go test ./docs -run Schema -update", schemaFile)
	}
}

// Every scenario the repository ships or tests as valid passes the schema.
func TestSchemaAcceptsShippedScenarios(t *testing.T) {
	schema := loadSchema(t)
	var files []string
	for _, pattern := range []string{
		"../scenarios/*.yaml", "../scenarios/reference/*.yaml",
		"../scenarios/testdata/ok/*.yaml", "../cmd/nhssim/testdata/*.yaml", "scenario-runs/*.yaml",
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d scenario files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if errs := validate(schema, doc, ""); len(errs) > 0 {
			t.Errorf("%s does not pass the schema:\n  %s", f, strings.Join(errs, "\n  "))
		}
	}
}

// A broken scenario fails the schema, at the field that is wrong.
func TestSchemaRejectsBrokenScenarios(t *testing.T) {
	schema := loadSchema(t)
	for _, tc := range []struct{ yaml, path string }{
		{"hospitals:\n  los_mean_day: 7\n", "hospitals.los_mean_day"},       // mistyped key
		{"hospitals:\n  los_mean_days: seven\n", "hospitals.los_mean_days"}, // wrong type
		{"hospitals:\n  beds_per_1000: -1\n", "hospitals.beds_per_1000"},
		{"social_care:\n  package_probability: 1.5\n", "social_care.package_probability"},
		{"general_practice:\n  gps_per_practice: 2.5\n", "general_practice.gps_per_practice"},
		{"contracts:\n  payment: barter\n", "contracts.payment"},
		{"discharge:\n  pooled_budget: yes please\n", "discharge.pooled_budget"},
		{"population:\n  age_shares: [0.5, 0.5]\n", "population.age_shares"},
		{"run: 5\n", "run"},
		{"hospital:\n  los_mean_days: 7\n", "hospital"},
	} {
		var doc any
		if err := yaml.Unmarshal([]byte(tc.yaml), &doc); err != nil {
			t.Fatal(err)
		}
		errs := validate(schema, doc, "")
		if len(errs) == 0 {
			t.Errorf("%q passes the schema", tc.yaml)
			continue
		}
		if !strings.HasPrefix(errs[0], tc.path+":") {
			t.Errorf("%q: first problem %q, want one at %s", tc.yaml, errs[0], tc.path)
		}
	}
}

// No tracked text file points to a file beside the repository: everything
// the code, docs, tests and CI use is inside it.
func TestNothingOutsideTheRepository(t *testing.T) {
	// The shared folder beside the clone, and the documents in it that the
	// repository once cited (its own versions are docs/evidence.md,
	// bench/refnet/ and .ci/slurm/).
	forbidden := []string{"../" + "shared", "/work/" + "shared", "EVIDENCE" + ".md", "EVIDENCE" + "-2.md",
		"DESIGN" + ".md", "start-local" + "-slurm"}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") && name != ".ci" && name != ".github") {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 4<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return nil // binary
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, f := range forbidden {
				if strings.Contains(line, f) {
					t.Errorf("%s:%d names %q, outside the repository", path, i+1, f)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := yaml.Unmarshal(nhs.ScenarioSchema(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// annotations are the keywords that do not constrain a value.
var annotations = []string{"$schema", "$id", "$comment", "title", "description", "default"}

// validate checks v against the subset of JSON Schema that
// nhs.ScenarioSchema emits (type, properties, additionalProperties: false,
// items, minItems, maxItems, enum and the four bounds) and returns each
// problem as "path: message". A keyword outside that subset is itself a
// problem, so the generator cannot emit a constraint this test ignores.
func validate(schema map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) {
		at := path
		if at == "" {
			at = "(top)"
		}
		errs = append(errs, at+": "+fmt.Sprintf(format, args...))
	}
	for k := range schema {
		known := []string{"type", "properties", "additionalProperties", "items", "minItems", "maxItems",
			"enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
		if !slices.Contains(known, k) && !slices.Contains(annotations, k) {
			fail("the schema uses %q, which this validator does not know", k)
		}
	}
	typ, _ := schema["type"].(string)
	x, isNum := number(v)
	switch typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			fail("expected a mapping, got %T", v)
			return errs
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			ps, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					errs = append(errs, sub+": unknown field")
				}
				continue
			}
			errs = append(errs, validate(ps, m[k], sub)...)
		}
		return errs
	case "array":
		xs, ok := v.([]any)
		if !ok {
			fail("expected a list, got %T", v)
			return errs
		}
		if n, ok := number(schema["minItems"]); ok && float64(len(xs)) < n {
			fail("expected at least %v items, got %d", n, len(xs))
		}
		if n, ok := number(schema["maxItems"]); ok && float64(len(xs)) > n {
			fail("expected at most %v items, got %d", n, len(xs))
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range xs {
				errs = append(errs, validate(items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
		return errs
	case "string":
		s, ok := v.(string)
		if !ok {
			fail("expected a string, got %T", v)
			return errs
		}
		if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			fail("%q is not one of %v", s, enum)
		}
		return errs
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("expected true or false, got %v", v)
		}
		return errs
	case "integer", "number":
		if !isNum {
			fail("expected a number, got %v", v)
			return errs
		}
		if typ == "integer" && x != math.Trunc(x) {
			fail("expected a whole number, got %v", x)
		}
	default:
		fail("the schema has type %q", typ)
		return errs
	}
	for _, b := range []struct {
		key string
		bad func(x, b float64) bool
		rel string
	}{
		{"minimum", func(x, b float64) bool { return x < b }, ">="},
		{"exclusiveMinimum", func(x, b float64) bool { return x <= b }, ">"},
		{"maximum", func(x, b float64) bool { return x > b }, "<="},
		{"exclusiveMaximum", func(x, b float64) bool { return x >= b }, "<"},
	} {
		if bound, ok := number(schema[b.key]); ok && b.bad(x, bound) {
			fail("%v is not %s %v", x, b.rel, bound)
		}
	}
	return errs
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// CITATION.cff has what the Citation File Format 1.2.0 requires, and the
// licence LICENSE holds.
func TestCitation(t *testing.T) {
	data, err := os.ReadFile("../CITATION.cff")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		CFF     string `yaml:"cff-version"`
		Message string `yaml:"message"`
		Title   string `yaml:"title"`
		License string `yaml:"license"`
		Type    string `yaml:"type"`
		Version string `yaml:"version"`
		Date    string `yaml:"date-released"`
		Authors []struct {
			Name   string `yaml:"name"`
			Family string `yaml:"family-names"`
		} `yaml:"authors"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if c.CFF != "1.2.0" || c.Message == "" || c.Title == "" || len(c.Authors) == 0 {
		t.Errorf("CITATION.cff lacks a required key: %+v", c)
	}
	for _, a := range c.Authors {
		if a.Name == "" && a.Family == "" {
			t.Errorf("CITATION.cff: an author with neither name nor family-names")
		}
	}
	if c.Type != "software" {
		t.Errorf("CITATION.cff: type %q, want software", c.Type)
	}
	// The version cited is the CHANGELOG's latest release.
	changelog, err := os.ReadFile("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := "\n## [" + c.Version + "] - " + c.Date + "\n"; c.Version == "" || !bytes.Contains(changelog, []byte(want)) {
		t.Errorf("CITATION.cff cites version %q of %q; CHANGELOG.md has no heading %q", c.Version, c.Date, strings.TrimSpace(want))
	}
	licence, err := os.ReadFile("../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if c.License != "Apache-2.0" || !bytes.Contains(licence, []byte("Apache License")) || !bytes.Contains(licence, []byte("Version 2.0")) {
		t.Errorf("CITATION.cff says licence %q; LICENSE does not match", c.License)
	}
}

// The STRESS overview diagram (docs/overview.svg) is well-formed SVG, and
// docs/stress.md (item 2.1) and docs/model.md show it.
func TestOverviewDiagram(t *testing.T) {
	data, err := os.ReadFile("overview.svg")
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var root string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("overview.svg: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("overview.svg's root is <%s>, want <svg>", root)
	}
	for _, doc := range []string{"stress.md", "model.md"} {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(text, []byte("](overview.svg)")) {
			t.Errorf("%s does not show overview.svg", doc)
		}
	}
}

// TestOutputExamples keeps the R and Python examples of docs/outputs.md
// identical to the files that docs/examples/check runs.
func TestOutputExamples(t *testing.T) {
	doc, err := os.ReadFile("outputs.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, file string }{
		{"python", "examples/read_compare.py"},
		{"r", "examples/read_compare.R"},
	} {
		code, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), "```"+tc.lang+"\n"+string(code)+"```\n") {
			t.Errorf("docs/outputs.md's %s example differs from %s: copy the file into the ```%s block", tc.lang, tc.file, tc.lang)
		}
	}
}
