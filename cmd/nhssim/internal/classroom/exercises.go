package classroom

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"

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
			AName:    "england-small-practices", BName: "england-with-choice",
			A: "england", ASets: map[string]string{"population.practice_size": "2000"},
			B: "england", BSets: map[string]string{"population.practice_size": "2000", "market.patient_choice": "true"},
			Patients: 100000,
			Metrics:  []string{"elective_wait_mean_days", "mean_stay_days", "readmission_30d_rate", "emergency_admissions_per_1000"},
			Discuss:  "Choice sends some patients to a nearby hospital with a shorter list or better quality (a logit on quality, wait and distance, from Moscelli 2016). Under England's block payment, a hospital that loses patients loses no money, so it does not respond: whatever choice achieves here is routing. Now pay hospitals by activity (money follows the patient) on both sides: set \"How hospitals are paid\" in A's levers and in B's. Do hospitals that lose patients improve, and what happens to stays and deaths?",
			Honesty:  "Choice needs hospitals to choose between. A hospital in the model serves a fixed number of practices (30), so at England's practices of 10,000 a local area of three hospitals needs 900,000 patients, more than a class can run in a few seconds. This exercise makes practices small (2,000 patients) on both sides and runs 100,000 patients: three hospitals of about 33,000 patients each, smaller than real ones (about 300,000), so their queues are noisier. nhssim compare runs the same question at full size.",
		},
		{
			ID: "pooling-short", Title: "Pooling money when care capacity is short",
			Question: "Social-care capacity is short (demand at about 102% of home-care hours). Does pooling health and social care money, so that no funding decision is needed on discharge, cut delayed discharges?",
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
			Honesty: "At the classroom's size (20,000 patients, a few replicates) an effect of this size is hard to tell from chance, so the answer may find no clear difference here or in the previous exercise. docs/discharge-sweep.md asks the same question at 900,000 patients over a range of care hours: there pooling cuts delayed bed-days by about a quarter once the hours are ample, and not at all when they are short.",
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

// Answers runs every exercise at the server's teaching size, without lever
// attribution, and writes the teaching pack's exercises with their answers
// in Markdown.
func Answers(ctx context.Context, o Options) (string, error) {
	o = o.withDefaults()
	s := &Server{opt: o}
	var b strings.Builder
	fmt.Fprintf(&b, "# Exercises and answers\n\n")
	fmt.Fprintf(&b, "Generated by `go test ./cmd/nhssim/internal/classroom -run TeachingAnswers -update` from the current model:\n"+
		"do not edit by hand (a test fails when it is stale). Each exercise is a button on the classroom page (`nhssim serve`);\n"+
		"the answers are at the page's teaching size: %s patients, %d years (statistics after a %g-year warm-up), %d replicates,\n"+
		"so a class that runs the exercise sees these numbers. Differences are B minus A, paired on common random numbers, with 95%% intervals.\n",
		cmpreport.Group(float64(o.Patients)), o.Years, o.WarmupYears, o.Replicates)
	for i, e := range Exercises() {
		p, _, err := s.check(e.request(o))
		if err != nil {
			return "", fmt.Errorf("exercise %s: %w", e.ID, err)
		}
		p.spec.Attribution = false
		job, err := cmpreport.Prepare(p.spec)
		if err != nil {
			return "", fmt.Errorf("exercise %s: %w", e.ID, err)
		}
		c, err := job.Run(ctx, runtime.GOMAXPROCS(0), func() {})
		if err != nil {
			return "", err
		}
		names := c.Names()
		fmt.Fprintf(&b, "\n## %d. %s\n\n%s\n\n", i+1, e.Title, e.Question)
		fmt.Fprintf(&b, "**Settings.** A (baseline): `%s`%s. B: `%s`%s.", e.A, setsText(e.ASets), e.B, setsText(e.BSets))
		if r := e.request(o); r.Patients != o.Patients {
			fmt.Fprintf(&b, " Size: %s patients (not the teaching size).", cmpreport.Group(float64(r.Patients)))
		}
		b.WriteString("\n\n")
		if e.Honesty != "" {
			fmt.Fprintf(&b, "**What the model cannot say.** %s\n\n", e.Honesty)
		}
		fmt.Fprintf(&b, "**Answer** (%s is A, %s is B):\n\n", names[0], names[1])
		for _, m := range e.Metrics {
			fmt.Fprintf(&b, "- %s\n", caption(m, names[0], names[1], c.Difference(names[1], m)).Text)
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
