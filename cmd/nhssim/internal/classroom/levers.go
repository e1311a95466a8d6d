package classroom

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
)

// leverPaths are the parameters the page offers as controls, in the order
// shown. A control's kind, range and source come from the parameter
// registry; its words for a class from [plainText].
var leverPaths = []string{
	"commissioning.population_per_body",
	"commissioning.policies_written_once",
	"commissioning.need_weighted_allocation",
	"contracts.payment",
	"contracts.tendering",
	"contracts.staff_loss_on_change",
	"market.patient_choice",
	"market.hospitals_per_organisation",
	"market.concentrated_specialisms",
	"discharge.pooled_budget",
	"discharge.shared_records",
	"discharge.boundaries",
	"general_practice.pooled_booking_share",
	"general_practice.turnover_rate",
	"population.practice_size",
	"social_care.home_care_hours_per_1000",
	"community.virtual_ward_places",
	"trust.initial",
	"costs.central_buying",
}

// Lever is a control on the page, as the page's script reads it. Its
// label, text and unit are plain English, from [plainText]; the registry's
// own description, with parameter names, is its Details, which the page
// shows under a disclosure with the path.
type Lever struct {
	Path         string     `json:"path"`
	Label        string     `json:"label"`
	Section      string     `json:"section"`
	Kind         string     `json:"kind"` // "bool", "enum" or "number"
	Options      []string   `json:"options,omitempty"`
	OptionLabels []string   `json:"option_labels,omitempty"` // the options in words, in the same order
	Min          float64    `json:"min"`
	Max          float64    `json:"max"`
	Step         float64    `json:"step"`
	Unit         string     `json:"unit"`
	UnitOne      string     `json:"unit_one,omitempty"` // the unit after 1, where it differs
	Percent      bool       `json:"percent,omitempty"`  // a share from 0 to 1, shown as a percentage
	Doc          string     `json:"doc"`
	Details      string     `json:"details"` // the registry's description
	Source       string     `json:"source"`
	Default      string     `json:"default"`
	Idle         []idleRule `json:"idle,omitempty"`
}

// idleRule says when a lever does nothing: when every condition holds on
// the side the lever is set on. Says tells the class why, in words.
type idleRule struct {
	When []cond `json:"when"`
	Says string `json:"says"`
}

// cond is a condition on one side of a run: a parameter's value is Is (a
// lever's value as the page sets it, another parameter's as the scenario
// has it) or, for [localHospitalsPath], the hospitals in each local system
// at the page's size are fewer than Below.
type cond struct {
	Path  string  `json:"path"`
	Is    string  `json:"is,omitempty"`
	Below float64 `json:"below,omitempty"`
}

// localHospitalsPath names, in a [cond], the number of hospitals in each
// local system of a run: what patients choose between. The page computes it
// as [localHospitals] does.
const localHospitalsPath = "local_hospitals"

// localHospitals is the number of hospitals in each local system of a run
// of cfg: market.hospitals_per_market where the sample holds a whole system,
// else the catchments it holds (see [nhs.HospitalCount]).
func localHospitals(cfg nhs.Config) int {
	return min(nhs.HospitalCount(cfg), cfg.Market.HospitalsPerMarket)
}

// hospitalPaths are the parameters besides the number of patients that
// [localHospitals] depends on; the page needs each scenario's values.
var hospitalPaths = []string{"population.practice_size", "hospitals.practices_per_hospital", "market.hospitals_per_market"}

// plain is a lever's text for a class: a label, what it does, the unit
// beside its value (every number has one), whether the value is a share
// shown as a percentage, the options of a choice in words, and when it
// does nothing. None of it names a parameter: the page shows the path and
// the registry's text under "Details".
type plain struct {
	label, doc, unit string
	unitOne          string // the unit after 1, where it differs
	percent          bool
	options          []string
	idle             []idleRule
}

var plainText = map[string]plain{
	"commissioning.population_per_body": {
		label: "People per commissioning body", unit: "people",
		doc: "How many people each commissioning body (such as an integrated care board) plans and buys care for. Fewer, larger bodies cost less to run.",
	},
	"commissioning.policies_written_once": {
		label: "Treatment policies written once, nationally",
		doc:   "The rules on which treatments are funded are written once for the whole country, instead of by every commissioning body.",
	},
	"commissioning.need_weighted_allocation": {
		label: "GP money follows need",
		doc:   "GP time is shared out by each practice's need (how much care its patients are expected to use). When off, it follows the number of patients on each list alone.",
	},
	"contracts.payment": {
		label:   "How hospitals are paid",
		doc:     "By activity: a price and an invoice for each treatment, so money follows the patient. By block: a fixed budget. By capitation: a budget for each registered patient.",
		options: []string{"by activity (money follows the patient)", "by block (a fixed budget)", "by capitation (a budget per patient)"},
	},
	"contracts.tendering": {
		label: "GP and community contracts re-tendered",
		doc:   "Every few years, GP and community contracts are put out to tender: the current provider and rival bidders compete on quality and price, and some contracts change hands.",
	},
	"contracts.staff_loss_on_change": {
		label: "GPs who leave when a contract changes hands", unit: "of the practice's GPs", percent: true,
		doc: "When a practice's contract changes hands, this share of its GPs leave. Their patients start again with a new GP, and the practice's trust with social care goes back to its starting level.",
		idle: []idleRule{{
			When: []cond{{Path: "contracts.tendering", Is: "false"}},
			Says: "This does nothing here: contracts change hands only when they are re-tendered, which is off.",
		}},
	},
	"market.patient_choice": {
		label: "Patients choose their hospital",
		doc:   "For planned care, patients choose among the hospitals within reach by quality, expected wait and distance. When off, the GP refers each patient to the local hospital.",
		idle: []idleRule{{
			When: []cond{{Path: localHospitalsPath, Below: 2}},
			Says: "This does nothing at this size: each local area of the sample has one hospital, so there is nothing to choose between.",
		}},
	},
	"market.hospitals_per_organisation": {
		label: "Hospitals in each hospital group", unit: "hospitals", unitOne: "hospital",
		doc: "How many hospitals share one management. Each organisation has fixed running costs (a board, finance and other back-office work), so larger groups cost less per hospital.",
	},
	"market.concentrated_specialisms": {
		label: "Specialist emergencies go to big centres",
		doc:   "Specialist emergency cases are treated in high-volume centres, where their stays are shorter and their risk of death is lower.",
	},
	"discharge.pooled_budget": {
		label: "Health and social care money pooled",
		doc:   "Health and social care money is in one pot, so a patient leaving hospital does not wait for a decision on who pays for their care. Running the pot costs money.",
		idle: []idleRule{{
			When: []cond{{Path: "discharge.boundaries", Is: "0"}, {Path: "social_care.pool_capacity_spend", Is: "0"}, {Path: "integration.pool_running_cost", Is: "0"}},
			Says: "This does nothing here: with no organisational boundary on a discharge there is no decision on who pays, this scenario's pool buys no extra care, and it costs nothing to run.",
		}},
	},
	"discharge.shared_records": {
		label: "Records shared across organisations",
		doc:   "Health and care records are shared, so no information is lost when a patient is handed from one organisation to another. The shared system costs money to run.",
	},
	"discharge.boundaries": {
		label: "Organisational boundaries on a discharge", unit: "boundaries", unitOne: "boundary",
		doc: "How many times a patient who needs care after hospital is handed from one organisation to another: once from a hospital to council social care, never in an integrated health and social care trust.",
	},
	"general_practice.pooled_booking_share": {
		label: "Appointments booked with any GP (not your own)", unit: "of appointments", percent: true,
		doc: "The share of appointment requests booked with whichever GP is free first instead of the patient's own GP. At 0% every practice keeps personal lists.",
	},
	"general_practice.turnover_rate": {
		label: "GPs leaving each year", unit: "of GPs a year", percent: true,
		doc: "How many GPs leave (and are replaced) each year. Their patients start again with a new GP.",
	},
	"population.practice_size": {
		label: "Patients per GP practice", unit: "patients",
		doc: "The average number of patients registered with a practice. A hospital serves a fixed number of practices, so smaller practices also mean smaller hospitals, and more of them in a sample of the same size.",
	},
	"social_care.home_care_hours_per_1000": {
		label: "Home-care hours for patients leaving hospital", unit: "hours a week per 1,000 people",
		doc: "Home-care and reablement hours a week for patients leaving hospital, per 1,000 people in each hospital's area. A care package starts only when its hours are free.",
	},
	"community.virtual_ward_places": {
		label: "Virtual-ward places", unit: "places per 100,000 people",
		doc: "Places for patients cared for at home with hospital-level monitoring, so that some can leave hospital sooner.",
	},
	"trust.initial": {
		label: "Trust between teams at the start", unit: "on a scale from 0 (none) to 1 (full)",
		doc: "How much practices, hospitals and social care trust each other when the run starts. Trust speeds up assessments and decisions on a discharge; it grows while teams work together and is lost when people leave.",
	},
	"costs.central_buying": {
		label: "Supplies bought centrally",
		doc:   "Supplies are bought by one national body, which avoids the higher prices of buying locally.",
	},
}

// levers returns the controls: their values and ranges from the registry,
// their words from [plainText].
func levers() []Lever {
	byPath := map[string]nhs.Param{}
	for _, p := range nhs.Params() {
		byPath[p.Path] = p
	}
	out := make([]Lever, 0, len(leverPaths))
	for _, path := range leverPaths {
		p, ok := byPath[path]
		if !ok {
			panic("classroom: lever " + path + " is not in the registry")
		}
		pt := plainText[path]
		l := Lever{
			Path: p.Path, Label: pt.label, Section: sectionName(p.Path), Unit: pt.unit, UnitOne: pt.unitOne, Percent: pt.percent,
			Doc: pt.doc, Details: strings.TrimPrefix(p.Doc, "lever: "), Source: p.Source, Default: p.Default,
			OptionLabels: pt.options, Idle: pt.idle,
		}
		switch {
		case p.Kind == reflect.Bool:
			l.Kind = "bool"
		case len(p.Enum) > 0:
			l.Kind, l.Options = "enum", p.Enum
		default:
			l.Kind = "number"
			l.Min, l.Max = p.Domain.Lo, p.Domain.Hi
			if p.Ranged {
				l.Min, l.Max = p.Range[0], p.Range[1]
			}
			l.Step = step(l.Min, l.Max, p.Kind)
		}
		if l.Source == "" {
			l.Source = "a lever: a choice of how the system is organised, not an estimate"
		}
		out = append(out, l)
	}
	return out
}

// sectionName is a parameter's section for people: "market.patient_choice"
// is in "Market".
func sectionName(path string) string {
	s, _, _ := strings.Cut(path, ".")
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// step is a slider's step: a round number giving about 100 steps, at least
// 1 for whole numbers.
func step(lo, hi float64, k reflect.Kind) float64 {
	s := math.Pow(10, math.Floor(math.Log10((hi-lo)/100)))
	if hi <= lo || math.IsNaN(s) || math.IsInf(s, 0) {
		s = 0.01
	}
	if k != reflect.Float64 && k != reflect.Float32 {
		s = max(1, s)
	}
	return s
}

// leverValues returns each lever's value in cfg, as a control shows it
// (numbers exactly, strings unquoted, booleans as true or false), and the
// values of the other parameters the levers' idle rules and
// [localHospitals] read.
func leverValues(cfg *nhs.Config) map[string]string {
	want := map[string]bool{}
	for _, path := range valuePaths() {
		want[path] = true
	}
	out := map[string]string{}
	for _, p := range nhs.Params() {
		if want[p.Path] {
			v := compare.Format(p.Field(cfg))
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			out[p.Path] = v
		}
	}
	return out
}

// valuePaths are the parameters whose values the page needs for each
// scenario: the levers, the parameters their idle rules read, and those
// [localHospitals] reads.
func valuePaths() []string {
	paths := append(slices.Clone(leverPaths), hospitalPaths...)
	for _, path := range leverPaths {
		for _, r := range plainText[path].idle {
			for _, c := range r.When {
				if c.Path != localHospitalsPath {
					paths = append(paths, c.Path)
				}
			}
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// isLever reports whether path is one of the page's levers.
func isLever(path string) bool {
	for _, p := range leverPaths {
		if p == path {
			return true
		}
	}
	return false
}
