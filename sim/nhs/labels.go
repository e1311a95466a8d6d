package nhs

import "strings"

// labels are plain-language names of the parameters that people set most,
// for controls and tables meant for readers who do not know the YAML
// schema (the classroom server). Every other parameter's label is made from
// its path.
var labels = map[string]string{
	"commissioning.population_per_body":      "People per commissioning body",
	"commissioning.policies_written_once":    "Treatment policies written once, nationally",
	"commissioning.need_weighted_allocation": "GP money follows need",
	"contracts.payment":                      "How hospitals are paid",
	"contracts.tendering":                    "GP and community contracts re-tendered",
	"contracts.staff_loss_on_change":         "GPs who leave when a contract changes hands",
	"market.patient_choice":                  "Patients choose their hospital",
	"market.hospitals_per_organisation":      "Hospitals in each hospital group",
	"market.concentrated_specialisms":        "Specialist emergencies go to big centres",
	"discharge.pooled_budget":                "Health and social care money pooled",
	"discharge.shared_records":               "Records shared across organisations",
	"discharge.boundaries":                   "Organisational boundaries on a discharge",
	"general_practice.pooled_booking_share":  "Appointments booked with any GP (not your own)",
	"general_practice.turnover_rate":         "GPs leaving each year",
	"population.practice_size":               "Patients per GP practice",
	"social_care.home_care_hours_per_1000":   "Home-care hours a week per 1,000",
	"community.virtual_ward_places":          "Virtual-ward places",
	"trust.initial":                          "Trust between teams at the start",
	"costs.central_buying":                   "Supplies bought centrally",
}

// Label returns the parameter's plain-language name: a curated one for the
// main levers, else its last path element with spaces, capitalised.
func (p Param) Label() string {
	if l, ok := labels[p.Path]; ok {
		return l
	}
	s := strings.ReplaceAll(p.Path[strings.LastIndex(p.Path, ".")+1:], "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
