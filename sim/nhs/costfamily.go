package nhs

import "slices"

// costFamilies group the cost categories for charts, which can tell at
// most eight colours apart: every category (the cost_per_head_ metrics)
// belongs to exactly one family, and the tables keep every category.
// Transfers between NHS bodies (coding drift, bailouts) are not costs and
// have no family: they are transfers_per_head.
var costFamilies = [...]struct {
	name       string
	categories []string
}{
	{"commissioning", []string{"commissioner_running", "policy"}},
	{"provider boards", []string{"provider_running"}},
	{"contracts and payment", []string{"contracting", "tendering", "invoicing", "disputes", "entrants"}},
	{"supplies", []string{"buying_premium"}},
	{"low trust", []string{"defensive_work"}},
	{"reorganisation and exits", []string{"reorganisation"}},
	{"integration", []string{"shared_records", "pool_administration", "case_conferences", "virtual_wards", "pool_capacity", "pool_step_up", "case_management", "mdt_case_management"}},
	{"ambulance, out of hours, mental health", []string{"mh_out_of_area", "mh_providers", "ambulance_services", "ooh_services"}},
}

// CostFamilies returns the names of the cost families, in the order charts
// stack them.
func CostFamilies() []string {
	out := make([]string, len(costFamilies))
	for i, f := range costFamilies {
		out[i] = f.name
	}
	return out
}

// CostFamily returns the family of a cost category (a cost_per_head_
// metric's suffix, such as "tendering"), or "other" for a category that no
// family lists.
func CostFamily(category string) string {
	for _, f := range costFamilies {
		if slices.Contains(f.categories, category) {
			return f.name
		}
	}
	return "other"
}
