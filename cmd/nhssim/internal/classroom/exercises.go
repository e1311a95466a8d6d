package classroom

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/nhs"
)

// Exercise is a question for a class, with the settings that answer it.
// The page offers each as a button that sets the scenarios and levers; the
// answers in docs/teaching/exercises.md are generated from the same list.
type Exercise struct {
	ID       string            `json:"id"`
	Title    string            `json:"title"`
	Question string            `json:"question"`
	AName    string            `json:"a_name,omitempty"` // names for the charts, where the scenarios' own would not do
	BName    string            `json:"b_name,omitempty"`
	A        string            `json:"a"`      // the baseline scenario
	ASets    map[string]string `json:"a_sets"` // levers set on A
	B        string            `json:"b"`
	BSets    map[string]string `json:"b_sets"` // levers set on B
	// Patients is the smallest size at which the exercise works, where the
	// teaching size may be too small (0: any size); the page sets it,
	// within the server's bounds.
	Patients int      `json:"patients,omitempty"`
	Metrics  []string `json:"metrics"`
	// MeasureNames are the metrics in words, for the page (filled in by
	// [Exercises]).
	MeasureNames []string `json:"measure_names"`
	Discuss      string   `json:"discuss"`
	Honesty      string   `json:"honesty,omitempty"` // what the model cannot say here
}

// Exercises returns the teaching pack's exercises.
func Exercises() []Exercise {
	es := []Exercise{
		{
			ID: "competition", Title: "Does competition cut waits?",
			Question: "Start from England today and let patients choose their hospital for planned care. Do waits for planned (elective) admissions fall? What happens to emergency admissions and to the length of a stay?",
			BName:    "england-with-choice",
			A:        "england", B: "england", BSets: map[string]string{"market.patient_choice": "true"},
			Patients: 900000,
			Metrics:  []string{"elective_wait_mean_days", "mean_stay_days", "readmission_30d_rate", "emergency_admissions_per_1000"},
			Discuss:  "Choice sends some patients to a nearby hospital with a shorter list or better quality (a logit on quality, wait and distance, from Moscelli 2016). Under England's block payment, a hospital that loses patients loses no money, so it does not respond: whatever choice achieves here is routing. Now pay hospitals by activity (money follows the patient) on both sides: set \"How hospitals are paid\" in A's levers and in B's. Do hospitals that lose patients improve, and what happens to stays and deaths?",
			Honesty:  "Choice needs hospitals to choose between. A hospital in the model serves a fixed number of practices (30), so at England's practices of 10,000 a local area of three hospitals needs 900,000 patients: the page's teaching size, so this exercise works only at it. At a smaller size the page warns that the sample is not representative, and there is one hospital, so nobody can choose.",
		},
		{
			ID: "pooling-short", Title: "Pooling money when care capacity is short",
			Question: "Social-care capacity is short (demand at about 102% of home-care hours). Does pooling health and social care money, which shortens the funding decision on discharge and ends disputes over who pays, cut delayed discharges?",
			AName:    "care-short", BName: "care-short-pooled",
			A: "england", ASets: map[string]string{"social_care.home_care_hours_per_1000": "44"},
			B: "england", BSets: map[string]string{"social_care.home_care_hours_per_1000": "44", "discharge.pooled_budget": "true"},
			Metrics: []string{"delayed_bed_days_per_1000", "bed_occupancy", "emergency_admissions_per_1000"},
			Discuss: "Compare with the next exercise, where care capacity is ample. Pooling removes a paperwork delay; it cannot create a care package that does not exist. Which matters more where you work?",
		},
		{
			ID: "pooling-ample", Title: "Pooling money when care capacity is ample",
			Question: "The same pooling of money, now with ample social-care capacity (demand at about 80% of home-care hours). Is the effect larger or smaller than when care is short?",
			AName:    "care-ample", BName: "care-ample-pooled",
			A: "england", ASets: map[string]string{"social_care.home_care_hours_per_1000": "57"},
			B: "england", BSets: map[string]string{"social_care.home_care_hours_per_1000": "57", "discharge.pooled_budget": "true"},
			Metrics: []string{"delayed_bed_days_per_1000", "bed_occupancy", "emergency_admissions_per_1000"},
			Discuss: "When care is short, a patient waits for a place whether or not the money is pooled; when care is ample, the funding decision is a larger part of the delay.",
			Honesty: "With the page's few replicates an effect of this size is hard to tell from chance, so the answer may find no clear difference here or in the previous exercise. docs/discharge-sweep.md asks the same question at 900,000 patients over a range of care hours: there pooling changes delayed bed-days little at any care hours, because the funding decision it shortens, set from the share of delay awaiting public funding, is a fraction of a day, and nothing when the hours are short.",
		},
		{
			ID: "lists", Title: "Small personal lists vs large practices",
			Question: "Compare large practices with pooled booking (any free GP) against small practices with personal lists and GPs who stay. How much more continuity do personal lists give, and does it show in emergency admissions?",
			A:        "large-practices", B: "relational-practice",
			Metrics: []string{"upc_mean", "relationship_years_mean", "emergency_admissions_per_1000", "acsc_admissions_per_1000"},
			Discuss: "The continuity effect in the model comes from Sandvik 2022 and Tammes 2017. Set the list policy lever (appointments booked with any GP) on its own: how much of the difference is booking, and how much is practice size and GP turnover? The attribution chart answers this.",
		},
		{
			ID: "reorganising", Title: "The cost of reorganising",
			Question: "Re-tender GP and community contracts every five years, so that some change hands and GPs leave with them. What does the churn cost in relationships, trust and money?",
			BName:    "england-retendering",
			A:        "england", B: "england", BSets: map[string]string{"contracts.tendering": "true", "contracts.staff_loss_on_change": "0.8"},
			Metrics: []string{"relationship_years_mean", "upc_mean", "trust_practice_mean", "cost_per_head_tendering", "emergency_admissions_per_1000"},
			Discuss: "Each change of hands takes away the GPs who leave, and with them their patients' relationships, and resets the practice's trust with social care; a patient whose GP stays keeps the relationship (no study has measured otherwise). Try fewer GPs leaving when a contract changes hands, and watch the relationship years. (How often contracts are re-tendered, every five years, is not a lever on this page; the command line can change it.)",
			Honesty: "This page has no lever for a one-off reorganisation (abolishing and merging commissioning bodies, new boards, redundancies): the command line runs one as a scenario's timeline, such as market-then-collaborative, with its one-off cost and productivity dip. Re-tendering, which changes who holds a contract, is the nearest mechanism on this page; changing the people per commissioning body here changes only running costs, not the cost of the change itself.",
		},
	}
	for i := range es {
		for _, m := range es[i].Metrics {
			es[i].MeasureNames = append(es[i].MeasureNames, measureName(m))
		}
	}
	return es
}

// measureName is a metric in words: its phrase in sentences, else its label.
func measureName(m string) string {
	if ph, ok := phrases[m]; ok {
		return ph.what
	}
	return nhs.MetricLabel(m)
}

// request is the run request that an exercise sets up on the page.
func (e Exercise) request(o Options) runRequest {
	patients := o.Patients
	if e.Patients > patients {
		patients = min(e.Patients, o.MaxPatients)
	}
	return runRequest{
		A: side{Name: e.AName, Ref: e.A, Sets: e.ASets}, B: side{Name: e.BName, Ref: e.B, Sets: e.BSets},
		Patients: patients, Years: o.Years, Replicates: o.Replicates,
	}
}

// Precomputed is an answer computed ahead: its name (an exercise's id, or
// "default" for the page's default pair), its cache key and its entry.
type Precomputed struct {
	Name, Key string
	Entry     cached
}

// defaultRequest is the page's default run: the default pair, no levers
// changed, at the teaching size.
func defaultRequest(o Options) runRequest {
	return runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"},
		Patients: o.Patients, Years: o.Years, Replicates: o.Replicates}
}

// precomputedRequests are the runs whose answers are computed ahead: the
// page's default pair, then every exercise at its default levers, each as
// the page sends it.
func precomputedRequests(o Options) (names []string, reqs []runRequest) {
	names, reqs = []string{"default"}, []runRequest{defaultRequest(o)}
	for _, e := range Exercises() {
		names = append(names, e.ID)
		reqs = append(reqs, e.request(o))
	}
	return names, reqs
}

// PrecomputedKeys returns the cache keys of the answers computed ahead,
// by name, as the current scenarios and model give them. It runs nothing.
func PrecomputedKeys(o Options) (map[string]string, error) {
	s := &Server{opt: o.withDefaults()}
	names, reqs := precomputedRequests(s.opt)
	keys := map[string]string{}
	for i, req := range reqs {
		p, _, err := s.check(req)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
		keys[names[i]] = p.key
	}
	return keys, nil
}

// Precompute runs the page's default pair and every exercise at the
// teaching size, exactly as the page runs them, and returns their answers
// for the cache, in order.
func Precompute(ctx context.Context, o Options) ([]Precomputed, error) {
	s := &Server{opt: o.withDefaults(), results: newStore(keptRuns, keptBytes)}
	names, reqs := precomputedRequests(s.opt)
	var out []Precomputed
	for i, req := range reqs {
		p, job, err := s.check(req)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
		start := time.Now()
		c, err := job.Run(ctx, runtime.GOMAXPROCS(0), func() {})
		if err != nil {
			return nil, err
		}
		res, dl, err := s.result(p, c, time.Since(start))
		if err != nil {
			return nil, err
		}
		out = append(out, Precomputed{Name: names[i], Key: p.key, Entry: entryOf(res, dl)})
	}
	return out, nil
}

// Answers writes the teaching pack's exercises with their answers in
// Markdown, from the answers computed ahead (by name), which are the page's.
func Answers(o Options, answers map[string]cached) (string, error) {
	o = o.withDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "# Exercises and answers\n\n")
	fmt.Fprintf(&b, "Generated by `.ci/regenerate teaching` from the current model:\n"+
		"do not edit by hand (a test fails when it is stale). Each exercise is a button on the classroom page (`nhssim serve`);\n"+
		"the answers are at the page's teaching size: %s patients, %d years (statistics after a %g-year warm-up), %d replicates,\n"+
		"and are the page's own: computed ahead and served from its cache, so a class that runs the exercise sees these numbers.\n"+
		"Differences are B minus A, paired on common random numbers, with 95%% intervals.\n",
		cmpreport.Group(float64(o.Patients)), o.Years, o.WarmupYears, o.Replicates)
	for i, e := range Exercises() {
		a, ok := answers[e.ID]
		if !ok {
			return "", fmt.Errorf("exercise %s has no answer computed ahead", e.ID)
		}
		r := a.Result
		fmt.Fprintf(&b, "\n## %d. %s\n\n%s\n\n", i+1, e.Title, e.Question)
		fmt.Fprintf(&b, "**Settings.** A (baseline): `%s`%s. B: `%s`%s.", e.A, setsText(e.ASets), e.B, setsText(e.BSets))
		if req := e.request(o); req.Patients != o.Patients {
			fmt.Fprintf(&b, " Size: %s patients (not the teaching size).", cmpreport.Group(float64(req.Patients)))
		}
		b.WriteString("\n\n")
		if e.Honesty != "" {
			fmt.Fprintf(&b, "**What the model cannot say.** %s\n\n", e.Honesty)
		}
		fmt.Fprintf(&b, "**Answer** (%s is A, %s is B):\n\n", r.A, r.B)
		for _, m := range e.Metrics {
			k := slices.IndexFunc(r.Measures, func(x measureOut) bool { return x.ID == m })
			if k < 0 {
				return "", fmt.Errorf("exercise %s: its answer lacks %s", e.ID, m)
			}
			fmt.Fprintf(&b, "- %s\n", r.Measures[k].Caption.Text)
		}
		fmt.Fprintf(&b, "\n**To discuss.** %s\n", e.Discuss)
	}
	return b.String(), nil
}

// setsText lists an exercise's lever settings, in the page's lever order.
func setsText(sets map[string]string) string {
	var parts []string
	for _, path := range leverPaths {
		if v, ok := sets[path]; ok {
			parts = append(parts, fmt.Sprintf("`%s: %s`", path, v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, ", ")
}

// measureOut is one measure an exercise asks about, as the page shows it: a
// row of the table and its sentence.
type measureOut struct {
	rowOut
	Caption Caption `json:"caption"`
}

// measures returns the rows and sentences of every measure an exercise asks
// about, in the exercises' order, so that the page can show the measures of
// the exercise a class has set up.
func measures(c *cmpreport.Comparison) []measureOut {
	names := c.Names()
	var out []measureOut
	for _, m := range exerciseMetrics() {
		out = append(out, measureOut{row(c, m), caption(m, names[0], names[1], c.Difference(names[1], m))})
	}
	return out
}

// exerciseMetrics are the metrics the exercises ask about, each once.
func exerciseMetrics() []string {
	var out []string
	for _, e := range Exercises() {
		for _, m := range e.Metrics {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}
