package classroom

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// currentQuoted is docs/uncertainty-default's findings, as if its analysis
// had been made of the shipped pair as they are now, at 100,000 patients:
// docs' own copy may predate the latest parameters, and is then quoted
// nowhere.
func currentQuoted(t *testing.T) *uncertainty.Quoted {
	t.Helper()
	q, err := defaultQuoted()
	if err != nil {
		t.Fatal(err)
	}
	q.Scenarios = nil
	for _, name := range defaultCompared {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(provenance.ParametersOf(&sc.Config))
		var ps map[string]any
		if err := json.Unmarshal(data, &ps); err != nil {
			t.Fatal(err)
		}
		ps["population.patients"], ps["run.years"] = 100000.0, 3.0
		q.Scenarios = append(q.Scenarios, uncertainty.QuotedScenario{Name: name, Parameters: ps})
	}
	return q
}

var defaultCompared = []string{"market-contract", "regional-collaborative"}

func TestQuoteOnlyTheAnalysedPair(t *testing.T) {
	o := small()
	o.Quoted = currentQuoted(t)
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	def := defaultRequest(s.opt)
	changed := def
	changed.B = side{Ref: "regional-collaborative", Sets: map[string]string{"discharge.pooled_budget": "false"}}
	swapped := def
	swapped.A, swapped.B = def.B, def.A
	other := def
	other.A = side{Ref: "england"}
	bigger := def
	bigger.Patients, bigger.Years = 5000, 3
	for _, test := range []struct {
		name  string
		req   runRequest
		quote bool
	}{
		{"the default pair", def, true},
		{"at another size and length", bigger, true},
		{"a lever changed", changed, false},
		{"the pair the other way round", swapped, false},
		{"another baseline", other, false},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, job, err := s.check(test.req)
			if err != nil {
				t.Fatal(err)
			}
			u := s.quote(job)
			if (u != nil) != test.quote {
				t.Fatalf("quoted %v, want %v: %+v", u != nil, test.quote, u)
			}
			if u == nil {
				return
			}
			// The size is currentQuoted's; the draws are the docs' analysis's.
			draws := o.Quoted.Summaries[0].Draws
			if want := fmt.Sprintf("this same pair (the shipped market-contract and regional-collaborative, run of 100,000 patients over 3 years), %d parameter draws × 2 replicates", draws); !strings.Contains(u.Heading, want) {
				t.Errorf("heading %q, want it to contain %q", u.Heading, want)
			}
			if len(u.Lines) != len(nhs.HeadlineMetrics()) || !strings.Contains(strings.Join(u.Lines, "\n"), " better in ") {
				t.Errorf("lines %q, want one a headline, saying who was better", u.Lines)
			}
			if !strings.HasPrefix(u.Command, fmt.Sprintf("nhssim compare --uncertainty %d", draws)) {
				t.Errorf("command %q", u.Command)
			}
		})
	}
}

// The quote travels with the answer, fresh or cached, and is never stored
// in the cache: an answer computed ahead stays valid whatever the analysis.
func TestQuoteIsAddedAsTheAnswerIsSent(t *testing.T) {
	o := small()
	o.Quoted = currentQuoted(t)
	ts := newTestServer(t, o)
	for _, when := range []string{"fresh", "cached"} {
		_, events, err := postRun(context.Background(), ts.URL, defaultRequest(o.withDefaults()))
		if err != nil {
			t.Fatal(err)
		}
		var res resultOut
		for _, e := range events {
			if e.name == "result" {
				if err := json.Unmarshal(e.data, &res); err != nil {
					t.Fatal(err)
				}
			}
		}
		if res.Uncertainty == nil || len(res.Uncertainty.Lines) == 0 {
			t.Errorf("%s answer: no uncertainty quote (events %d)", when, len(events))
		}
	}
	res := &resultOut{Uncertainty: &uncertaintyOut{Heading: "x"}}
	if entryOf(res, download{}).Result.Uncertainty != nil {
		t.Error("the cache would store the quote")
	}
}

// The server says at start whether the default pair's answer quotes the
// analysis, and why not.
func TestQuotesDefaultPair(t *testing.T) {
	stale := currentQuoted(t)
	stale.Scenarios[1].Parameters["discharge.pooled_budget"] = false
	for _, test := range []struct {
		name string
		q    *uncertainty.Quoted
		want string
	}{
		{"current", currentQuoted(t), ""},
		{"stale", stale, "discharge.pooled_budget was false in the analysis's regional-collaborative, not true"},
	} {
		t.Run(test.name, func(t *testing.T) {
			o := small()
			o.Quoted = test.q
			s, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			err = s.quotesDefaultPair()
			if (err == nil) != (test.want == "") || err != nil && !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %v, want %q", err, test.want)
			}
		})
	}
}
