package scenarios

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// paramValue matches a parameter named in backquotes followed by a number,
// as docs/scenarios.md's table quotes a scenario's setting:
// "(`case_management_share` 0.5)".
var paramValue = regexp.MustCompile("`([a-z0-9_.]+)` (-?[0-9]+(?:\\.[0-9]+)?)\\b")

// paramByName returns the registry's parameter with the dotted path name,
// or, for a bare name, the one parameter whose path ends in it.
func paramByName(name string) (nhs.Param, bool) {
	var found []nhs.Param
	for _, p := range nhs.Params() {
		if p.Path == name || (!strings.Contains(name, ".") && strings.HasSuffix(p.Path, "."+name)) {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		return nhs.Param{}, false
	}
	return found[0], true
}

// Every setting docs/scenarios.md's table of shipped scenarios quotes by
// parameter ("`name` value") is the scenario's own: a staleness test for
// the table's numbers that name their parameter. (Its other numbers, and
// the measured tables below it, are not yet checked: issue 27 item 7.)
func TestScenarioTableQuotesTheFiles(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for line := range strings.SplitSeq(string(doc), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		name := strings.TrimPrefix(line, "| `")
		name = name[:strings.Index(name, "`")]
		s, err := Load(name)
		if err != nil {
			continue // a row of another table
		}
		for _, m := range paramValue.FindAllStringSubmatch(line, -1) {
			p, ok := paramByName(m[1])
			if !ok {
				t.Errorf("docs/scenarios.md, row %s: `%s` names no single parameter", name, m[1])
				continue
			}
			want, _ := strconv.ParseFloat(m[2], 64)
			got := p.Numbers(&s.Config)
			if len(got) != 1 || got[0] != want {
				t.Errorf("docs/scenarios.md, row %s: quotes %s %s, but the scenario sets %v", name, p.Path, m[2], got)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("checked %d quoted settings in docs/scenarios.md's table; want the table's (at least 5)", checked)
	}
	t.Logf("%d quoted settings checked", checked)
}

// The check catches a stale quotation.
func TestParamValuePattern(t *testing.T) {
	for _, tc := range []struct {
		text, name, value string
	}{
		{"(`case_management_share` 0.5)", "case_management_share", "0.5"},
		{"(`choice.quality_response` 0.021, `efficiency_response` 0.024 a year", "choice.quality_response", "0.021"},
		{"(`pool_capacity_spend` 0)", "pool_capacity_spend", "0"},
	} {
		m := paramValue.FindStringSubmatch(tc.text)
		if m == nil || m[1] != tc.name || m[2] != tc.value {
			t.Errorf("%q: matched %v, want %s %s", tc.text, m, tc.name, tc.value)
		}
	}
	if p, ok := paramByName("support_years"); !ok || p.Path != "finances.support_years" {
		t.Errorf("support_years resolves to %v, %v", p.Path, ok)
	}
}
