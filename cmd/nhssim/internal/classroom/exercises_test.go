package classroom

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhssim/nhssim/sim/nhs"
)

// holds reports whether an idle rule holds for a run of cfg: whether the
// lever it belongs to does nothing there.
func (r idleRule) holds(cfg *nhs.Config) bool {
	values := leverValues(cfg)
	for _, c := range r.When {
		switch {
		case c.Path == localHospitalsPath:
			if !(float64(localHospitals(*cfg)) < c.Below) {
				return false
			}
		case values[c.Path] != c.Is:
			return false
		}
	}
	return true
}

// TestExercisesSetLeversThatAct checks, at each exercise's own size, that
// no lever an exercise sets is one that does nothing there (such as choice
// with one hospital), on either side.
func TestExercisesSetLeversThatAct(t *testing.T) {
	o := Defaults()
	s := &Server{opt: o.withDefaults()}
	rules := map[string][]idleRule{}
	for _, l := range levers() {
		rules[l.Path] = l.Idle
	}
	for _, e := range Exercises() {
		_, job, err := s.check(e.request(s.opt))
		if err != nil {
			t.Fatalf("exercise %s: %v", e.ID, err)
		}
		for i, sets := range []map[string]string{e.ASets, e.BSets} {
			cfg := &job.Scenarios()[i].Config
			for path := range sets {
				for _, r := range rules[path] {
					if r.holds(cfg) {
						t.Errorf("exercise %s sets %s on %c, where it does nothing: %s", e.ID, path, 'A'+i, r.Says)
					}
				}
			}
		}
	}
}

// TestExerciseTexts checks that the exercises ask in words: no parameter's
// path in their texts, and every measure a metric the model reports.
func TestExerciseTexts(t *testing.T) {
	for _, e := range Exercises() {
		for _, text := range []string{e.Title, e.Question, e.Discuss, e.Honesty} {
			for _, p := range nhs.Params() {
				if strings.Contains(text, p.Path) {
					t.Errorf("exercise %s names the parameter %s: %q", e.ID, p.Path, text)
				}
			}
		}
		if len(e.Metrics) == 0 {
			t.Errorf("exercise %s asks about no measure", e.ID)
		}
		for _, m := range e.Metrics {
			if _, ok := nhs.LookupMetric(m); !ok {
				t.Errorf("exercise %s: %s is not a metric", e.ID, m)
			}
		}
	}
}

// TestResultHasTheExercisesMeasures runs every exercise at a small size and
// checks that the result the page receives holds each of its measures, with
// a value, an interval and a sentence.
func TestResultHasTheExercisesMeasures(t *testing.T) {
	s, err := New(small())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range Exercises() {
		p, job, err := s.check(e.request(s.opt))
		if err != nil {
			t.Fatalf("exercise %s: %v", e.ID, err)
		}
		c, err := job.Run(context.Background(), 1, func() {})
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := s.result(p, c, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range e.Metrics {
			i := slices.IndexFunc(res.Measures, func(x measureOut) bool { return x.ID == m })
			if i < 0 {
				t.Errorf("exercise %s: the result lacks its measure %s", e.ID, m)
				continue
			}
			r := res.Measures[i]
			if r.Metric == "" || r.A == "" || r.B == "" || r.Diff == "" || r.Caption.Metric != m || r.Caption.Text == "" {
				t.Errorf("exercise %s: measure %s is incomplete: %+v", e.ID, m, r)
			}
			if strings.HasPrefix(r.Caption.Text, "No estimate") {
				t.Errorf("exercise %s: no estimate of %s: %q", e.ID, m, r.Caption.Text)
			}
		}
	}
}
