package classroom

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
)

// leverPaths are the parameters the page offers as controls, in the order
// shown. Everything else about a control (its label, unit, range, one-line
// description and source) comes from the parameter registry.
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

// Lever is a control on the page, as the page's script reads it.
type Lever struct {
	Path    string   `json:"path"`
	Label   string   `json:"label"`
	Section string   `json:"section"`
	Kind    string   `json:"kind"` // "bool", "enum" or "number"
	Options []string `json:"options,omitempty"`
	Min     float64  `json:"min"`
	Max     float64  `json:"max"`
	Step    float64  `json:"step"`
	Unit    string   `json:"unit"`
	Doc     string   `json:"doc"`
	Source  string   `json:"source"`
	Default string   `json:"default"`
}

// levers returns the controls, from the registry.
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
		l := Lever{
			Path: p.Path, Label: p.Label(), Section: sectionName(p.Path), Unit: unitText(p.Unit),
			Doc: strings.TrimPrefix(p.Doc, "lever: "), Source: p.Source, Default: p.Default,
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

// unitText leaves out the unit of pure numbers.
func unitText(u string) string {
	if u == "1" {
		return ""
	}
	return u
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

// leverValues returns each lever's value in cfg, as a control shows it:
// numbers exactly, strings unquoted, booleans as true or false.
func leverValues(cfg *nhs.Config) map[string]string {
	out := map[string]string{}
	for _, p := range nhs.Params() {
		for _, path := range leverPaths {
			if p.Path == path {
				v := compare.Format(p.Field(cfg))
				if u, err := strconv.Unquote(v); err == nil {
					v = u
				}
				out[path] = v
			}
		}
	}
	return out
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
