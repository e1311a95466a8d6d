package scenarios

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// beyondRange lists the shipped scenarios' deliberate departures from the
// registry's plausible ranges, by scenario and parameter path, with the
// reason. Each must be said in the scenario's description ("beyond the
// plausible range of PATH") and in its row of docs/scenarios.md (which must
// name the parameter).
var beyondRange = map[string]map[string]string{
	"pooled-but-short": {
		"demand.emergency_trend_per_year": "a stress test: emergency demand growing at 3% a year, twice the top of the range, on top of ageing and multimorbidity drift",
	},
	"refnet": {
		// The reference workload of bench/refnet/WORKLOAD.md switches
		// off every mechanism beyond refnet's, so many values lie outside
		// what is plausible for England.
		"*": "the reference workload for the comparison with SimPy, not a model of England",
	},
}

// outOfRange returns, for cfg, every parameter value outside its plausible
// range, as "path = value (range lo-hi)", keyed by path.
func outOfRange(cfg *nhs.Config) map[string]string {
	out := map[string]string{}
	for _, p := range nhs.Params() {
		if !p.Ranged {
			continue
		}
		for _, v := range p.Numbers(cfg) {
			if v < p.Range[0] || v > p.Range[1] {
				out[p.Path] = fmt.Sprintf("%s = %g (range %g-%g)", p.Path, v, p.Range[0], p.Range[1])
			}
		}
	}
	return out
}

// Every shipped scenario's values, and every value its timeline sets, lie
// within the registry's plausible ranges, except for the departures listed
// in beyondRange, which the scenario's description and docs/scenarios.md
// must own.
func TestScenariosWithinPlausibleRanges(t *testing.T) {
	names, err := Names()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		s, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		allowed := beyondRange[name]
		if allowed["*"] != "" {
			if !strings.Contains(strings.Join(strings.Fields(s.Config.Description), " "), "beyond the plausible range") {
				t.Errorf("%s is exempt from the plausible ranges, but its description does not say it goes beyond the plausible range", name)
			}
			continue
		}
		bad := outOfRange(&s.Config)
		for _, c := range s.Config.Timeline {
			for path, msg := range outOfRange(&c.Config) {
				for _, q := range c.Paths {
					if q == path {
						bad[path] = msg + " on the timeline"
					}
				}
			}
		}
		for path, msg := range bad {
			if allowed[path] == "" {
				t.Errorf("%s: %s: outside the plausible range; bring it in, or list it in beyondRange with a reason", name, msg)
			}
		}
		for path := range allowed {
			if bad[path] == "" {
				t.Errorf("%s: %s is listed in beyondRange but lies within its range: remove it from the list", name, path)
				continue
			}
			if d := strings.Join(strings.Fields(s.Config.Description), " "); !strings.Contains(d, "beyond the plausible range of "+path) {
				t.Errorf("%s goes beyond the plausible range of %s, but its description does not say so (\"beyond the plausible range of %s\")", name, path, path)
			}
			if !rowMentions(string(doc), name, path) {
				t.Errorf("%s goes beyond the plausible range of %s, but its row of docs/scenarios.md does not name it", name, path)
			}
		}
	}
}

// rowMentions reports whether the table row of docs/scenarios.md for the
// named scenario mentions the parameter path (or its last part).
func rowMentions(doc, name, path string) bool {
	leaf := path[strings.LastIndex(path, ".")+1:]
	for line := range strings.SplitSeq(doc, "\n") {
		if strings.HasPrefix(line, "| `"+name+"` |") {
			return strings.Contains(line, path) || strings.Contains(line, "`"+leaf+"`")
		}
	}
	return false
}

// The check catches a value outside its range.
func TestOutOfRangeFindsValuesOutside(t *testing.T) {
	cfg := nhs.Defaults()
	if bad := outOfRange(&cfg); len(bad) != 0 {
		t.Fatalf("the defaults lie outside their ranges: %v", bad)
	}
	cfg.Choice.QualityResponse = 0.9
	cfg.Hospitals.RateByAge[4] = 9
	bad := outOfRange(&cfg)
	for _, path := range []string{"choice.quality_response", "hospitals.rate_by_age"} {
		if bad[path] == "" {
			t.Errorf("%s out of range not found: %v", path, bad)
		}
	}
}
