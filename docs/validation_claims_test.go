package docs_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// claimRef is a figure of a committed run in docs/scenario-runs: a
// scenario's mean of a metric, its paired difference from the run's
// baseline (diff), or, for a metric "saturated:RESOURCE", the number of
// replicates in which the scenario saturated the resource.
type claimRef struct {
	run, scenario, metric string
	diff                  bool
}

func (c claimRef) String() string {
	what := "mean"
	if c.diff {
		what = "difference from the baseline"
	}
	return fmt.Sprintf("%s's %s of %s in docs/scenario-runs/%s", c.scenario, what, c.metric, c.run)
}

func (c claimRef) value(runs map[string]*scenarioRun) (float64, error) {
	run, ok := runs[c.run]
	if !ok {
		var err error
		if run, err = loadScenarioRun(c.run); err != nil {
			return 0, err
		}
		runs[c.run] = run
	}
	if resource, ok := strings.CutPrefix(c.metric, "saturated:"); ok {
		if run.meta.Saturated == nil {
			return 0, fmt.Errorf("docs/scenario-runs/%s-run.json does not count saturated replicates", c.run)
		}
		return float64(run.meta.Saturated[c.scenario][resource]), nil
	}
	m := run.mean
	if c.diff {
		m = run.diff
	}
	v, ok := m[[2]string{c.scenario, c.metric}]
	if !ok {
		return 0, fmt.Errorf("no %s", c)
	}
	return v.mean, nil
}

// claimMean and claimDiff make claimRefs.
func claimMean(run, scenario, metric string) claimRef { return claimRef{run, scenario, metric, false} }
func claimDiff(run, scenario, metric string) claimRef { return claimRef{run, scenario, metric, true} }

// validationClaims are the orderings and signs docs/validation.md states
// in words about its one-off runs: in each, the first figure is below the
// second. TestValidationClaimsHold fails when a regenerated run no longer
// bears a sentence out, so that the sentence is reread.
var validationClaims = []struct {
	lower, higher claimRef
	sentence      string
}{
	{claimMean("regimes", "england", "ambulance_response_mean_minutes_cat1"), claimMean("regimes", "england-no-responders", "ambulance_response_mean_minutes_cat1"),
		"without solo responders [category 1] is far above England's"},
	{claimMean("england-levers", "england-responders-1", "ambulance_response_mean_minutes_cat1"), claimMean("england-levers", "england-responders-0-3", "ambulance_response_mean_minutes_cat1"),
		"One responder a catchment (0.3) gives category 1 ..., three (1.0) ..."},
	{claimMean("england-levers", "england-shared-dispatch", "ambulance_response_mean_minutes_cat2"), claimMean("england-levers", "england", "ambulance_response_mean_minutes_cat2"),
		"shared dispatch takes the category 2 mean from ... to ..."},
	{claimMean("england-levers", "england", "handover_delay_mean_minutes"), claimMean("england-levers", "england-shared-dispatch", "handover_delay_mean_minutes"),
		"and the mean handover from ... to ... (more crews reach the fullest department at once)"},
	{claimMean("england-levers", "england-ooh-70", "ooh_overflow_per_1000"), claimMean("england-levers", "england-ooh-70-separate", "ooh_overflow_per_1000"),
		"Capacity matters where it is short: ... with a service per catchment and ... with one service"},
	{claimMean("england-levers", "england-ooh-70", "emergency_admissions_per_1000"), claimMean("england-levers", "england-ooh-70-separate", "emergency_admissions_per_1000"),
		"Capacity matters where it is short: ... emergency admissions per 1,000"},
	{claimMean("regimes", "england", "mh_out_of_area_placements_per_100k"), claimMean("regimes", "market-contract", "mh_out_of_area_placements_per_100k"),
		"pooling removes ... placements per 100,000 a year"},
	{claimMean("mdt-none", "market-contract", "readmission_30d_rate"), claimMean("mdt-frailty", "market-contract", "readmission_30d_rate"),
		"The same frail patients are admitted again, though, so the 30-day readmission rate rises from ... to ..."},
	{claimMean("regimes", "market-contract", "mh_bed_occupancy"), claimMean("regimes", "england", "mh_bed_occupancy"),
		"pooling a local system's beds ... gives fewer placements, fuller beds"},
	{claimMean("regimes", "regional-collaborative", "ooh_admissions_per_1000"), claimMean("regimes", "market-contract", "ooh_admissions_per_1000"),
		"[out-of-hours admissions:] its sign is fixed by construction"},

	{claimMean("winter-dip", "england", "medically_fit_in_beds_per_100k_winter"), claimMean("winter-dip", "england-winter-dip", "medically_fit_in_beds_per_100k_winter"),
		"Now that the search for a place lengthens as a stock fills, the same dip matters"},
	{claimMean("winter", "england-escalation-beds", "bed_occupancy_winter"), claimMean("winter", "england", "bed_occupancy_winter"),
		"escalation beds change winter occupancy by ... (they lower it)"},
	{claimMean("winter", "england", "medically_fit_in_beds_per_100k_winter"), claimMean("winter", "england-winter-dip", "medically_fit_in_beds_per_100k_winter"),
		"the care dip changes medically fit patients in beds in winter by ... (it raises them)"},
	{claimMean("winter", "england", "bed_occupancy_winter"), claimMean("winter", "england-winter-dip", "bed_occupancy_winter"),
		"the care dip changes ... winter occupancy by ... (it raises it)"},

	{claimMean("continuity", "england", "upc_mean_aged_65_79_large_practices"), claimMean("continuity", "england", "upc_mean_aged_65_79_small_practices"),
		"Small practices ... a booking ... still lands on them more often (england)"},
	{claimMean("continuity", "relational-practice", "upc_mean_aged_65_79_large_practices"), claimMean("continuity", "relational-practice", "upc_mean_aged_65_79_small_practices"),
		"Small practices ... a booking ... still lands on them more often (relational-practice)"},
	{claimMean("continuity", "england", "preferred_gp_share_high_turnover_practices"), claimMean("continuity", "england", "preferred_gp_share_low_turnover_practices"),
		"High-turnover practices' patients see their preferred GP less often (england)"},
	{claimMean("continuity", "relational-practice", "preferred_gp_share_high_turnover_practices"), claimMean("continuity", "relational-practice", "preferred_gp_share_low_turnover_practices"),
		"High-turnover practices' patients see their preferred GP less often (relational-practice)"},
	{claimMean("continuity", "relational-practice", "emergency_admissions_per_1000_low_turnover_practices"), claimMean("continuity", "relational-practice", "emergency_admissions_per_1000_high_turnover_practices"),
		"in relational-practice their patients are admitted more"},
	{claimMean("continuity", "england", "acsc_admissions_per_1000_upc_low_tercile"), claimMean("continuity", "england", "acsc_admissions_per_1000_upc_high_tercile"),
		"unadjusted, the wrong way: the highest third of UPC has more ACSC admissions than the lowest"},
	{claimMean("continuity", "england", "acsc_admissions_per_1000_upc_high_tercile_within_type"), claimMean("continuity", "england", "acsc_admissions_per_1000_upc_low_tercile_within_type"),
		"within patient type, the right way: the lowest third of UPC has more ACSC admissions than the highest"},
	{claimMean("continuity", "large-practices", "gp_wait_mean_days"), claimMean("continuity", "relational-practice", "gp_wait_mean_days"),
		"the patients of large-practices wait less"},

	{claimMean("home-care", "england", "fit_to_discharge_wait_mean_days_pathway_1"), claimMean("home-care", "england-home-care-45", "fit_to_discharge_wait_mean_days_pathway_1"),
		"the wait falls at every step of 45, 54 and 63 hours (45 to 54)"},
	{claimMean("home-care", "england-home-care-63", "fit_to_discharge_wait_mean_days_pathway_1"), claimMean("home-care", "england", "fit_to_discharge_wait_mean_days_pathway_1"),
		"the wait falls at every step of 45, 54 and 63 hours (54 to 63)"},
	{claimMean("home-care", "england", "medically_fit_in_beds_per_100k"), claimMean("home-care", "england-home-care-45", "medically_fit_in_beds_per_100k"),
		"Delays now respond to capacity (45 to 54)"},
	{claimMean("home-care", "england-home-care-63", "medically_fit_in_beds_per_100k"), claimMean("home-care", "england", "medically_fit_in_beds_per_100k"),
		"Delays now respond to capacity (54 to 63)"},

	{claimMean("care-home-search", "england-care-home-1-5d", "medically_fit_in_beds_per_100k"), claimMean("care-home-search", "england-care-home-2d", "medically_fit_in_beds_per_100k"),
		"The searches around their defaults (medically fit patients rise with the care-home search: 1.5 to 2 days)"},
	{claimMean("care-home-search", "england-care-home-2d", "medically_fit_in_beds_per_100k"), claimMean("care-home-search", "england", "medically_fit_in_beds_per_100k"),
		"The searches around their defaults (medically fit patients rise with the care-home search: 2 to 3 days)"},
	{claimMean("care-home-search", "england-care-home-1-5d", "fit_bed_days_share_care_home"), claimMean("care-home-search", "england-care-home-2d", "fit_bed_days_share_care_home"),
		"the care-home search (3 days, found by simulation so that the share comes out at England's): 1.5 to 2 days"},
	{claimMean("care-home-search", "england-care-home-2d", "fit_bed_days_share_care_home"), claimMean("care-home-search", "england", "fit_bed_days_share_care_home"),
		"the care-home search (3 days, found by simulation so that the share comes out at England's): 2 to 3 days"},
	{claimMean("care-home-search", "england", "fit_bed_days_share_non_acute_nhs"), claimMean("care-home-search", "england-step-down-3d", "fit_bed_days_share_non_acute_nhs"),
		"a longer step-down search would raise it (the last row above)"},
	{claimMean("care-home-search", "england", "fit_to_discharge_wait_mean_days_pathway_2"), claimMean("care-home-search", "england-step-down-3d", "fit_to_discharge_wait_mean_days_pathway_2"),
		"but lengthens pathway 2's wait past its band"},

	{claimMean("charges-top", "market-contract", "delayed_bed_days_per_1000"), claimMean("charges-top", "regional-collaborative", "delayed_bed_days_per_1000"),
		"a scenario in range exists in which the market has fewer delays: at the top of an assumed response"},
	{claimMean("charges-top", "market-contract", "fit_to_discharge_wait_mean_days_pathway_1"), claimMean("charges-top", "regional-collaborative", "fit_to_discharge_wait_mean_days_pathway_1"),
		"the market's pathway 1 wait is shorter"},
	{claimMean("levers-mid", "market-contract", "delayed_bed_days_per_1000"), claimMean("levers-mid", "regional-collaborative", "delayed_bed_days_per_1000"),
		"the market has fewer delayed bed-days ... with the levers at mid-range"},
	{claimMean("levers-top", "market-contract", "delayed_bed_days_per_1000"), claimMean("levers-top", "regional-collaborative", "delayed_bed_days_per_1000"),
		"the market has fewer delayed bed-days ... at the top"},
	{claimMean("levers-top-pool", "market-contract", "delayed_bed_days_per_1000"), claimMean("levers-top-pool", "regional-collaborative", "delayed_bed_days_per_1000"),
		"it still holds when the collaborative's pool buys capacity at the top of its range"},
	{claimDiff("levers-step-down", "regional-collaborative", "delayed_bed_days_per_1000"), claimDiff("levers-incentive", "regional-collaborative", "delayed_bed_days_per_1000"),
		"Of the levers measured alone, the hospital's own incentive gives the largest part of the reversal ... The contracted step-down beds matter little alone"},

	{claimDiff("routes-step-up", "regional-collaborative", "emergency_admissions_per_1000"), claimDiff("routes-readmission", "regional-collaborative", "emergency_admissions_per_1000"),
		"The readmission route is small ... The step-up route is large"},
	{claimMean("routes-step-up", "regional-collaborative", "delayed_bed_days_per_1000"), claimMean("pair", "regional-collaborative", "delayed_bed_days_per_1000"),
		"so delayed bed-days fall too"},

	{claimDiff("mdt-frailty-mdt", "regional-collaborative", "emergency_admissions_per_1000"), claimDiff("mdt-frailty", "regional-collaborative", "emergency_admissions_per_1000"),
		"A 2% caseload found at c-statistic 0.77 takes the gap from [frailty alone] to ..."},
	{claimDiff("mdt-top", "regional-collaborative", "emergency_admissions_per_1000"), claimDiff("mdt-frailty-mdt", "regional-collaborative", "emergency_admissions_per_1000"),
		"and to ... at the top of the effect's range"},
	{claimDiff("mdt-frailty-mdt", "regional-collaborative", "emergency_admissions_per_1000"), claimDiff("mdt-random", "regional-collaborative", "emergency_admissions_per_1000"),
		"The same teams choosing at random leave it ... near frailty alone"},
	{claimMean("mdt-36", "regional-collaborative", "mdt_reviews_per_1000"), claimMean("mdt-frailty-mdt", "regional-collaborative", "mdt_reviews_per_1000"),
		"Teams built over 36 months rather than 12 review fewer in the window"},
	{claimMean("mdt-36", "regional-collaborative", "mdt_found_high_risk_share"), claimMean("mdt-frailty-mdt", "regional-collaborative", "mdt_found_high_risk_share"),
		"and find fewer high-risk patients"},
	{claimMean("mdt-frailty-mdt", "regional-collaborative", "mdt_found_high_risk_share"), claimMean("mdt-no-frailty", "regional-collaborative", "mdt_found_high_risk_share"),
		"Without frailty ... Its found share of \"high risk\" is larger"},

	{claimMean("failure-support", "market-contract", "hospital_failures"), claimMean("failure-no-support", "market-contract", "hospital_failures"),
		"at a support of 0.25 ... the market's hospitals fail ... ; at no support (0) ..."},
	{claimMean("failure-support", "england", "hospital_failures"), claimMean("failure-no-support", "england", "hospital_failures"),
		"at a support of 0.25 ... england's ... ; at no support (0) ..."},

	{claimDiff("restart", "regional-collaborative", "emergency_admissions_per_1000"), claimDiff("pair", "regional-collaborative", "emergency_admissions_per_1000"),
		"With this the admissions gap narrows"},
	{claimMean("staff-loss-0", "market-contract", "saturated:GP appointments"), claimMean("pair", "market-contract", "saturated:GP appointments"),
		"What saturates the market is the GPs who leave when a contract changes hands"},
	{claimMean("staff-loss-0", "market-contract", "gp_turnover_per_year"), claimMean("pair", "market-contract", "gp_turnover_per_year"),
		"That raises GP turnover"},
	{claimMean("staff-loss-0", "market-contract", "gp_wait_mean_days"), claimMean("pair", "market-contract", "gp_wait_mean_days"),
		"With staff_loss_on_change at 0 the market's mean wait is ..."},
}

func TestValidationClaimsHold(t *testing.T) {
	runs := map[string]*scenarioRun{}
	for _, c := range validationClaims {
		lo, err1 := c.lower.value(runs)
		hi, err2 := c.higher.value(runs)
		if err1 != nil || err2 != nil {
			t.Errorf("%q: %v %v", c.sentence, err1, err2)
			continue
		}
		if !(lo < hi) {
			t.Errorf("docs/validation.md says %q, but %s is %.4g, not below %s, %.4g: reread the sentence",
				c.sentence, c.lower, lo, c.higher, hi)
		}
	}
	// Need-weighted allocation does not remove the market's saturated GP
	// appointments.
	need := claimRef{"need-weighted", "market-contract", "saturated:GP appointments", false}
	if n, err := need.value(runs); err != nil {
		t.Error(err)
	} else if n == 0 {
		t.Errorf("docs/validation.md says need-weighted allocation does not remove the market's saturated GP appointments, but %s is 0: reread the sentence", need)
	}
}

// trendClaims are what docs/validation.md's Transients says in words of
// the default comparison's monthly series (docs/charts/series.csv): whether
// each series' change over the window is distinguishable from 0 (its
// interval excludes 0).
var trendClaims = []struct {
	series   string
	trending bool
	sentence string
}{
	{"emergency_admissions_per_1000", true, "emergency admissions change by ... That is demand growth, built in."},
	{"delayed_bed_days", true, "Delayed bed-days change by ... (market) and ... (collaborative); the window mean averages a system still moving in ... delays"},
	{"usual_gp_share", false, "UPC ... shows no trend distinguishable from 0"},
	{"mortality_30d_per_1000_admissions", false, "mortality ... shows no trend distinguishable from 0"},
}

// TestValidationTrendClaimsHold fails when the committed default
// comparison no longer bears out the Transients' words on trends, or the
// mortality paragraph's "no more [replicates] than the comparison runs".
func TestValidationTrendClaimsHold(t *testing.T) {
	trends, err := galleryTrends()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range trendClaims {
		for _, sc := range []string{"market-contract", "regional-collaborative"} {
			e, ok := trends[[2]string{sc, c.series}]
			if !ok {
				t.Errorf("docs/charts/series.csv has no trend of %s for %s", c.series, sc)
				continue
			}
			if e.Excludes(0) != c.trending {
				t.Errorf("%s's %s changes by %.1f%% [%.1f, %.1f] over the window, which docs/validation.md words as %q (trending %v): reread the sentence",
					sc, c.series, 100*e.Mean, 100*e.Lo, 100*e.Hi, c.sentence, c.trending)
			}
		}
	}
	src := &figureSources{runs: map[string]*scenarioRun{}}
	need, err := src.figure("gneed:mortality_30d_per_1000_admissions")
	if err != nil {
		t.Fatal(err)
	}
	man, err := readGalleryManifest()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(need); man.Replicates < 2 || n > man.Replicates {
		t.Errorf("the mortality difference needs %s replicates and the default comparison runs %d; docs/validation.md says no more than it runs: reread the sentence", need, man.Replicates)
	}
}
