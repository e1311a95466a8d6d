package docs_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

var rerunScenarios = flag.String("rerun-scenarios", "",
	"run the comparisons docs/scenarios.md and docs/validation.md quote (all, or a comma-separated list of their names) and rewrite docs/scenario-runs (.ci/regenerate scenarios; about 30 CPU-minutes)")

// The comparisons whose results docs/scenarios.md and docs/validation.md
// quote. Each writes docs/scenario-runs/NAME-summary.csv and
// NAME-differences.csv (the rows of compare's summary.csv and
// differences.csv for scenarioMetrics) and NAME-run.json (the command,
// each scenario's size and the replicates that saturated a resource), from
// which TestScenariosDocIsCurrent renders docs/scenarios.md's tables and
// TestInlineFiguresAreCurrent both pages' inline figures. Paths are from the
// repository's root; the variants of docs/scenario-runs/*.yaml are not
// shipped.
var scenarioRuns = []struct {
	name string
	args []string
}{
	{"shipped", []string{"england", "market-contract", "regional-collaborative", "market-wins", "contractual-integration",
		"integrated-groups", "torbay", "nw-london-pilot", "relational-practice", "large-practices", "integrated-budgets",
		"virtual-wards", "pooled-but-short", "--patients", "900000", "--replicates", "3"}},
	{"market-wins", []string{"market-wins", "regional-collaborative",
		"docs/scenario-runs/market-wins-no-response.yaml", "docs/scenario-runs/market-wins-no-choice.yaml",
		"docs/scenario-runs/market-wins-bailout.yaml", "docs/scenario-runs/market-wins-no-convergence.yaml",
		"docs/scenario-runs/market-wins-quality-cost.yaml", "--patients", "900000", "--replicates", "20"}},
	{"pooled-but-short", []string{"docs/scenario-runs/pooled-but-short-separate.yaml", "pooled-but-short",
		"docs/scenario-runs/pooled-but-short-capacity.yaml",
		"--patients", "900000", "--replicates", "3"}},

	// The one-off measurements of single mechanisms that docs/validation.md
	// quotes (inline figures). A run per setting where a paragraph compares
	// settings of the default pair (regional-collaborative − market-contract;
	// --set applies to both).
	{"regimes", []string{"market-contract", "regional-collaborative", "england", "docs/scenario-runs/england-no-responders.yaml",
		"--patients", "900000", "--years", "3", "--replicates", "3"}},
	{"england-levers", []string{"england", "docs/scenario-runs/england-responders-0-3.yaml", "docs/scenario-runs/england-responders-1.yaml",
		"docs/scenario-runs/england-shared-dispatch.yaml", "docs/scenario-runs/england-no-ooh.yaml", "docs/scenario-runs/england-ooh-70.yaml",
		"docs/scenario-runs/england-ooh-70-separate.yaml", "--patients", "900000", "--years", "3", "--replicates", "2"}},
	{"winter", []string{"england", "docs/scenario-runs/england-earlier-season.yaml", "docs/scenario-runs/england-escalation-beds.yaml",
		"docs/scenario-runs/england-winter-dip.yaml", "--patients", "900000", "--years", "5", "--replicates", "2"}},
	{"winter-dip", []string{"england", "docs/scenario-runs/england-winter-dip.yaml", "--patients", "300000", "--years", "5", "--replicates", "3"}},
	{"continuity", []string{"england", "relational-practice", "large-practices",
		"--patients", "900000", "--years", "8", "--warmup-years", "2", "--replicates", "2"}},
	{"home-care", []string{"england", "docs/scenario-runs/england-home-care-45.yaml", "docs/scenario-runs/england-home-care-63.yaml",
		"--patients", "300000", "--years", "5", "--replicates", "3"}},
	{"care-home-search", []string{"england", "docs/scenario-runs/england-care-home-1-5d.yaml", "docs/scenario-runs/england-care-home-2d.yaml",
		"docs/scenario-runs/england-step-down-3d.yaml",
		"--patients", "300000", "--years", "3", "--warmup-years", "1", "--replicates", "4", "--set", "demand.emergency_trend_per_year=0",
		"--set", "demand.older_growth_per_year=0", "--set", "demand.multimorbidity_drift_per_year=0"}},
	{"charges", pair300("--set", "discharge.reimbursement_charges=true")},
	{"charges-top", pair300("--set", "discharge.reimbursement_charges=true", "--set", "discharge.charge_response=0.6")},
	{"pair", pair900()},
	{"levers-mid", pair900("--set", "discharge.reimbursement_charges=true", "--set", "discharge.charge_response=0.3",
		"--set", "social_care.contracted_step_down_per_1000=0.1", "--set", "incentives.activity_discharge_cut=0.15")},
	{"levers-top", pair900(leversTop...)},
	{"levers-top-d2a", pair900(append(leversTop[:len(leversTop):len(leversTop)], "--set", "discharge.discharge_to_assess=true")...)},
	{"levers-step-down", pair900("--set", "social_care.contracted_step_down_per_1000=0.2")},
	{"levers-incentive", pair900("--set", "incentives.activity_discharge_cut=0.3")},
	{"levers-d2a", pair900("--set", "discharge.discharge_to_assess=true")},
	{"levers-top-pool", pair900(append(leversTop[:len(leversTop):len(leversTop)], "--set", "social_care.pool_capacity_spend=0.3")...)},
	{"routes-readmission", pair900("--set", "discharge.lost_hand_off_readmission_rr=1.35")},
	{"routes-step-up", pair900("--set", "community.pool_step_up_places=20")},
	{"routes-both", pair900("--set", "discharge.lost_hand_off_readmission_rr=1.35", "--set", "community.pool_step_up_places=20")},
	{"mdt-none", pair300()},
	{"mdt-frailty", pair300("--set", "hospitals.frailty_sd=1")},
	{"mdt-frailty-mdt", pair300("--set", "hospitals.frailty_sd=1", "--set", "integration.mdt_reviews_per_1000=3.3")},
	{"mdt-random", pair300("--set", "hospitals.frailty_sd=1", "--set", "integration.mdt_reviews_per_1000=3.3", "--set", "integration.mdt_ranking_auc=0.5")},
	{"mdt-no-frailty", pair300("--set", "integration.mdt_reviews_per_1000=3.3")},
	{"mdt-top", pair300("--set", "hospitals.frailty_sd=1", "--set", "integration.mdt_reviews_per_1000=3.3", "--set", "integration.case_management_effect=0.15")},
	{"mdt-36", pair300("--set", "hospitals.frailty_sd=1", "--set", "integration.mdt_reviews_per_1000=3.3", "--set", "integration.mdt_build_months=36")},
	{"restart", pair900("--set", "contracts.relationship_kept_on_transfer=0")},
	{"staff-loss-0", pair900("--set", "contracts.staff_loss_on_change=0")},
	{"need-weighted", []string{"market-contract", "--patients", "900000", "--years", "5", "--replicates", "5",
		"--set", "commissioning.need_weighted_allocation=true"}},
	{"failure-rate", []string{"market-contract", "england", "--patients", "900000", "--replicates", "6", "--set", "finances.support_years=10"}},
	{"failure-support", []string{"market-contract", "england", "--patients", "900000", "--replicates", "3", "--set", "finances.support_years=0.25"}},
	{"failure-no-support", []string{"market-contract", "england", "--patients", "900000", "--replicates", "3", "--set", "finances.support_years=0"}},
	{"failure-scale-1", []string{"market-contract", "--patients", "900000", "--years", "4", "--warmup-years", "1", "--replicates", "6",
		"--set", "finances.support_years=10"}},
	{"failure-scale-4", []string{"market-contract", "--patients", "3600000", "--years", "4", "--warmup-years", "1", "--replicates", "3",
		"--set", "finances.support_years=10"}},
}

// leversTop is the market's discharge levers at the top of their ranges
// (docs/validation.md's scenario in which the market has fewer delayed
// bed-days than the collaborative).
var leversTop = []string{"--set", "discharge.reimbursement_charges=true", "--set", "discharge.charge_response=0.6",
	"--set", "social_care.contracted_step_down_per_1000=0.2", "--set", "incentives.activity_discharge_cut=0.3"}

// pair900 and pair300 are the default pair (market-contract against
// regional-collaborative) at 900,000 patients, 5 years and 5 replicates,
// and at 300,000 patients, 5 years and 3 replicates, with sets.
func pair900(sets ...string) []string {
	return append([]string{"--patients", "900000", "--years", "5", "--replicates", "5"}, sets...)
}

func pair300(sets ...string) []string {
	return append([]string{"--patients", "300000", "--years", "5", "--replicates", "3"}, sets...)
}

// scenarioMetrics are the metrics the page quotes, with the precision it
// prints them at.
var scenarioMetrics = map[string]int{
	"emergency_admissions_per_1000":         1,
	"acsc_admissions_per_1000":              1,
	"non_acsc_admissions_per_1000":          1,
	"upc_mean":                              3,
	"mean_stay_days":                        2,
	"delayed_bed_days_per_1000":             1,
	"elective_wait_mean_days":               0,
	"elective_waiting_list_per_1000":        1,
	"mortality_30d_per_1000_admissions":     1,
	"duplication_transaction_cost_per_head": 1,
	"access_variation_sd":                   3,
	"readmission_30d_rate":                  3,
	"hospital_quality_mean":                 3,
	"competition_hhi_mean":                  3,
	"hospital_failures":                     2,
	"budget_balance_per_head":               1,
	"medically_fit_in_beds_per_100k":        1,
	"fit_to_discharge_wait_mean_days":       2,
	"bed_occupancy":                         3,
	"care_utilisation_pathway_1":            2,
	"care_utilisation_pathway_2":            2,
	"care_utilisation_pathway_3":            2,
	"cost_per_head_pool_capacity":           1,

	// and those docs/validation.md quotes from its one-off runs
	"ambulance_response_mean_minutes_cat1":                  1,
	"ambulance_response_mean_minutes_cat2":                  1,
	"handover_delay_mean_minutes":                           1,
	"mh_out_of_area_placements_per_100k":                    1,
	"mh_bed_occupancy":                                      3,
	"cost_per_head_mh_out_of_area":                          2,
	"cost_per_head_mh_providers":                            2,
	"ooh_contacts_per_1000":                                 1,
	"ooh_admissions_per_1000":                               2,
	"ooh_overflow_per_1000":                                 3,
	"cost_per_head_ooh_services":                            2,
	"upc_mean_aged_65_79":                                   3,
	"preferred_gp_share":                                    3,
	"relationship_years_mean":                               1,
	"gp_wait_mean_days":                                     1,
	"gp_turnover_per_year":                                  3,
	"upc_mean_aged_65_79_small_practices":                   3,
	"upc_mean_aged_65_79_large_practices":                   3,
	"preferred_gp_share_high_turnover_practices":            3,
	"preferred_gp_share_low_turnover_practices":             3,
	"emergency_admissions_per_1000_high_turnover_practices": 1,
	"emergency_admissions_per_1000_low_turnover_practices":  1,
	"upc_mean_growing_practices":                            3,
	"upc_mean_stable_practices":                             3,
	"acsc_admissions_per_1000_upc_low_tercile":              1,
	"acsc_admissions_per_1000_upc_high_tercile":             1,
	"acsc_admissions_per_1000_upc_low_tercile_within_type":  1,
	"acsc_admissions_per_1000_upc_high_tercile_within_type": 1,
	"acsc_admissions_per_1000_aged_0_15":                    1,
	"acsc_admissions_per_1000_aged_16_44":                   1,
	"acsc_admissions_per_1000_aged_45_64":                   1,
	"acsc_admissions_per_1000_aged_65_79":                   1,
	"acsc_admissions_per_1000_aged_80_plus":                 1,
	"fit_to_discharge_wait_mean_days_pathway_1":             2,
	"fit_to_discharge_wait_mean_days_pathway_2":             1,
	"fit_to_discharge_wait_mean_days_pathway_3":             1,
	"medically_fit_in_beds_per_100k_winter":                 1,
	"bed_occupancy_winter":                                  3,
	"cost_per_head_care_escalation_beds":                    2,
	"fit_bed_days_share_assessment":                         2,
	"fit_bed_days_share_public_funding":                     2,
	"fit_bed_days_share_non_acute_nhs":                      2,
	"fit_bed_days_share_care_package":                       2,
	"fit_bed_days_share_care_home":                          2,
	"fit_bed_days_share_choice":                             2,
	"fit_bed_days_share_disputes":                           2,
	"fit_bed_days_share_other":                              2,
	"fit_bed_days_share_org_nhs":                            3,
	"fit_bed_days_share_org_social_care":                    3,
	"fit_bed_days_share_org_both":                           3,
	"mdt_found_high_risk_share":                             3,
	"mdt_reviews_per_1000":                                  1,
	"virtual_ward_step_ups_per_1000":                        2,
	"virtual_ward_step_downs_per_1000":                      1,
	"cost_per_head_pool_step_up":                            2,
	"cost_per_head_mdt_case_management":                     1,
	"hospital_reserve_low_mean":                             3,
	"hospital_reserve_low_sd":                               3,
	"hospital_balance_sd":                                   3,
	"hospitals_in_debt_share":                               2,
	"transfers_per_head":                                    1,
}

// runMeta is NAME-run.json.
type runMeta struct {
	Command    string        `json:"command"`
	Replicates int           `json:"replicates"`
	Baseline   string        `json:"baseline"`
	Scenarios  []runScenario `json:"scenarios"`
	// Saturated counts, for each scenario, the replicates whose run warned
	// that a resource saturated (compare's "warning: SCENARIO: RESOURCE
	// saturated in N of M replicates"), by resource.
	Saturated map[string]map[string]int `json:"saturated"`
}

// saturatedWarning is a line of compare's output that counts the
// replicates in which a resource saturated.
var saturatedWarning = regexp.MustCompile(`(?m)^warning: (\S+): (.+) saturated in ([0-9]+) of ([0-9]+) replicates$`)

type runScenario struct {
	Name       string  `json:"name"`
	Patients   float64 `json:"patients"`
	Years      float64 `json:"years"`
	WarmupYear float64 `json:"warmup_years"`
}

// compareManifest is what these tests read of a comparison's manifest.json.
type compareManifest struct {
	Command    string  `json:"command"`
	Seeds      []int   `json:"seeds"`
	Replicates int     `json:"replicates"`
	Confidence float64 `json:"confidence_level"`
	Baseline   string  `json:"baseline"`
	Scenarios  []struct {
		Name       string         `json:"name"`
		Parameters map[string]any `json:"parameters"`
	} `json:"scenarios"`
}

func readCompareManifest(path string) (*compareManifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m compareManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// size is scenario i's patients, horizon and warm-up.
func (m *compareManifest) size(i int) runScenario {
	p := func(k string) float64 { v, _ := m.Scenarios[i].Parameters[k].(float64); return v }
	return runScenario{m.Scenarios[i].Name, p("population.patients"), p("run.years"), p("run.warmup_years")}
}

func scenarioRunCommand(args []string) string {
	return "nhssim compare " + strings.Join(args, " ")
}

// TestScenarioRunsRerun runs the comparisons (only with -rerun-scenarios)
// and rewrites docs/scenario-runs from what they write.
func TestScenarioRunsRerun(t *testing.T) {
	if *rerunScenarios == "" {
		t.Skip("runs only with -rerun-scenarios (.ci/regenerate scenarios)")
	}
	only := strings.Split(*rerunScenarios, ",")
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "nhssim")
	build := exec.Command("go", "build", "-o", bin, "./cmd/nhssim")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, r := range scenarioRuns {
		if *rerunScenarios != "all" && !slices.Contains(only, r.name) {
			continue
		}
		out := filepath.Join(tmp, r.name)
		args := append([]string{"compare"}, r.args...)
		args = append(args, "--attribution=false", "--format", "svg", "--progress", "none", "--out", out)
		cmd := exec.Command(bin, args...)
		cmd.Dir = ".."
		msg, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", scenarioRunCommand(r.args), err, msg)
		}
		for _, f := range []string{"summary.csv", "differences.csv"} {
			rows, err := readCSV(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			mcol := slices.Index(rows[0], "metric")
			var b strings.Builder
			for i, row := range rows {
				if _, ok := scenarioMetrics[row[mcol]]; ok || i == 0 {
					b.WriteString(strings.Join(row, ",") + "\n")
				}
			}
			if err := os.WriteFile(filepath.Join("scenario-runs", r.name+"-"+f), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		m, err := readCompareManifest(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		meta := runMeta{Command: scenarioRunCommand(r.args), Replicates: m.Replicates, Baseline: m.Baseline,
			Saturated: map[string]map[string]int{}}
		for _, w := range saturatedWarning.FindAllStringSubmatch(string(msg), -1) {
			if meta.Saturated[w[1]] == nil {
				meta.Saturated[w[1]] = map[string]int{}
			}
			meta.Saturated[w[1]][w[2]], _ = strconv.Atoi(w[3])
		}
		for i := range m.Scenarios {
			meta.Scenarios = append(meta.Scenarios, m.size(i))
		}
		js, err := json.MarshalIndent(meta, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("scenario-runs", r.name+"-run.json"), append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// scenarioRun is one comparison's committed results.
type scenarioRun struct {
	meta  runMeta
	mean  map[[2]string]row // (scenario, metric)
	diff  map[[2]string]row // (scenario, metric), against meta.Baseline
	names []string          // scenarios in the order of the command
}

func loadScenarioRun(name string) (*scenarioRun, error) {
	var args []string
	for _, r := range scenarioRuns {
		if r.name == name {
			args = r.args
		}
	}
	data, err := os.ReadFile(filepath.Join("scenario-runs", name+"-run.json"))
	if err != nil {
		return nil, err
	}
	run := &scenarioRun{mean: map[[2]string]row{}, diff: map[[2]string]row{}}
	if err := json.Unmarshal(data, &run.meta); err != nil {
		return nil, fmt.Errorf("scenario-runs/%s-run.json: %w", name, err)
	}
	if want := scenarioRunCommand(args); run.meta.Command != want {
		return nil, fmt.Errorf("docs/scenario-runs/%s-* were made by %q, not by %q: rerun with .ci/regenerate scenarios", name, run.meta.Command, want)
	}
	for _, s := range run.meta.Scenarios {
		run.names = append(run.names, s.Name)
	}
	sum, err := readCSV(filepath.Join("scenario-runs", name+"-summary.csv"))
	if err != nil {
		return nil, err
	}
	for _, r := range sum[1:] {
		run.mean[[2]string{r[0], r[1]}] = parseRunRow(r[2], r[3], r[4], r[5])
	}
	diffs, err := readCSV(filepath.Join("scenario-runs", name+"-differences.csv"))
	if err != nil {
		return nil, err
	}
	for _, r := range diffs[1:] {
		run.diff[[2]string{r[0], r[2]}] = parseRunRow(r[3], r[4], r[5], r[6])
	}
	return run, nil
}

// parseRunRow is parseRow with an empty mean (a metric no replicate
// defined, such as the UPC of practices that took over a neighbour where
// none did) read as NaN, which prints as –.
func parseRunRow(mean, lo, hi, n string) row {
	r := parseRow(mean, lo, hi, n)
	if mean == "" {
		r.mean = math.NaN()
	}
	return r
}

// value is a scenario's mean of a metric at the page's precision.
func (r *scenarioRun) value(scenario, metric string) (string, error) {
	v, ok := r.mean[[2]string{scenario, metric}]
	if !ok {
		return "", fmt.Errorf("no %s for %s in the %q run", metric, scenario, r.meta.Command)
	}
	return fixed(v.mean, scenarioMetrics[metric]), nil
}

// difference is scenario − baseline (or, with flip, baseline − scenario)
// with its 95% interval and a * when the interval excludes 0.
func (r *scenarioRun) difference(scenario, metric string, flip bool) (string, error) {
	d, ok := r.diff[[2]string{scenario, metric}]
	if !ok {
		return "", fmt.Errorf("no difference in %s for %s in the %q run", metric, scenario, r.meta.Command)
	}
	if flip {
		d.mean, d.lo, d.hi = -d.mean, -d.hi, -d.lo
	}
	p := scenarioMetrics[metric] + 1
	s := signedFixed(d.mean, p)
	if !d.hasCI || d.zeroWidth() {
		return s, nil
	}
	s += " [" + fixed(d.lo, p) + ", " + fixed(d.hi, p) + "]"
	if d.lo > 0 || d.hi < 0 {
		s += " *"
	}
	return s, nil
}

// size says how a run was made, for a table's heading.
func (r *scenarioRun) size() string {
	var patients, years []string
	for _, s := range r.meta.Scenarios {
		p := strconv.FormatFloat(s.Patients, 'f', -1, 64)
		if !slices.Contains(patients, p) {
			patients = append(patients, p)
		}
		y := fmt.Sprintf("%g years (statistics after a %g-year warm-up)", s.Years, s.WarmupYear)
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	for i, p := range patients {
		v, _ := strconv.ParseFloat(p, 64)
		patients[i] = numfmt.Group(v)
	}
	return fmt.Sprintf("%d replicates (seeds 1–%d, shared by every scenario) of %s patients over %s, made by `%s`",
		r.meta.Replicates, r.meta.Replicates, strings.Join(patients, " or "), strings.Join(years, " or "), r.meta.Command)
}

// TestScenariosDocIsCurrent checks the tables of docs/scenarios.md between
// the markers <!-- scenarios:NAME:begin --> and <!-- scenarios:NAME:end -->
// against docs/scenario-runs (-update rewrites them). It runs no
// simulation; .ci/regenerate scenarios reruns the comparisons.
func TestScenariosDocIsCurrent(t *testing.T) {
	blocks, err := scenariosBlocks()
	if err != nil {
		t.Fatal(err)
	}
	checkBlocks(t, "scenarios.md", "scenarios", blocks)
}

func scenariosBlocks() (map[string]string, error) {
	blocks := map[string]string{}
	var b strings.Builder
	var errs []error
	cell := func(s string, err error) {
		if err != nil {
			errs = append(errs, err)
		}
		b.WriteString(" " + s + " |")
	}
	runs := map[string]*scenarioRun{}
	for _, r := range scenarioRuns {
		run, err := loadScenarioRun(r.name)
		if err != nil {
			return nil, err
		}
		runs[r.name] = run
	}
	{
		shipped := runs["shipped"]
		cols := []struct{ metric, label string }{
			{"emergency_admissions_per_1000", "emergency admissions /1,000"},
			{"acsc_admissions_per_1000", "ACSC /1,000"},
			{"upc_mean", "UPC"},
			{"mean_stay_days", "mean stay (d)"},
			{"delayed_bed_days_per_1000", "delayed bed-days /1,000"},
			{"elective_wait_mean_days", "elective wait (d)"},
			{"mortality_30d_per_1000_admissions", "30-day deaths /1,000 admissions"},
			{"duplication_transaction_cost_per_head", "duplication + transaction cost £/head"},
			{"access_variation_sd", "access variation (SD)"},
		}
		b.Reset()
		fmt.Fprintf(&b, "Means over %s.\n\n| scenario |", shipped.size())
		for _, c := range cols {
			b.WriteString(" " + c.label + " |")
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
		for _, sc := range shipped.names {
			fmt.Fprintf(&b, "| %s |", sc)
			for _, c := range cols {
				cell(shipped.value(sc, c.metric))
			}
			b.WriteString("\n")
		}
		blocks["shipped"] = b.String()

		mw := runs["market-wins"]
		const market, regional = "market-wins", "regional-collaborative"
		if mw.meta.Baseline != market || !slices.Contains(mw.names, regional) {
			errs = append(errs, fmt.Errorf("the market-wins run compares with %s, not market-wins, or lacks %s", mw.meta.Baseline, regional))
		}
		b.Reset()
		fmt.Fprintf(&b, "%s. Differences are paired by seed; * marks a 95%% interval that excludes 0.\n\n", upperFirst(mw.size()))
		b.WriteString("| metric (kind) | regional-collaborative | market-wins | market − regional |\n|---|---|---|---|\n")
		for _, m := range []struct{ metric, label string }{
			{"emergency_admissions_per_1000", "emergency admissions /1,000 a year (emergent, headline)"},
			{"acsc_admissions_per_1000", "of which ACSC /1,000 a year (emergent)"},
			{"non_acsc_admissions_per_1000", "of which other /1,000 a year (emergent)"},
			{"mortality_30d_per_1000_admissions", "30-day deaths /1,000 emergency admissions (emergent, headline)"},
			{"upc_mean", "UPC (emergent, headline)"},
			{"delayed_bed_days_per_1000", "delayed bed-days /1,000 a year (emergent, headline)"},
			{"duplication_transaction_cost_per_head", "running, transaction and integration costs, £ a head a year (accounting, headline)"},
			{"elective_wait_mean_days", "mean elective wait, days (emergent)"},
			{"elective_waiting_list_per_1000", "elective waiting list /1,000 (emergent)"},
			{"mean_stay_days", "mean emergency stay, days (emergent)"},
			{"readmission_30d_rate", "30-day readmission rate (emergent)"},
			{"hospital_quality_mean", "mean hospital quality, relative risk (emergent)"},
			{"competition_hhi_mean", "competition, HHI of where referrals went (emergent)"},
			{"hospital_failures", "hospital failures in the window (emergent)"},
			{"budget_balance_per_head", "budget balance over the window, £ a head (accounting)"},
		} {
			fmt.Fprintf(&b, "| %s |", m.label)
			cell(mw.value(regional, m.metric))
			cell(mw.value(market, m.metric))
			cell(mw.difference(regional, m.metric, true))
			b.WriteString("\n")
		}
		blocks["market-wins"] = b.String()

		b.Reset()
		const mort = "mortality_30d_per_1000_admissions"
		fmt.Fprintf(&b, "The same %d replicates. Each variant changes one thing in `market-wins`:\n\n", mw.meta.Replicates)
		b.WriteString("| variant of `market-wins` | what it changes | 30-day deaths /1,000 admissions | against `market-wins` | hospital failures in the window |\n|---|---|---|---|---|\n")
		fmt.Fprintf(&b, "| `market-wins` | |")
		cell(mw.value(market, mort))
		b.WriteString(" |")
		cell(mw.value(market, "hospital_failures"))
		b.WriteString("\n")
		what := map[string]string{
			"market-wins-no-response":    "hospitals do not respond (`choice.quality_response`, `efficiency_response` 0)",
			"market-wins-no-choice":      "no patient choice (`market.patient_choice` false)",
			"market-wins-bailout":        "failed hospitals bailed out, not taken over (`finances.failure: bailout`)",
			"market-wins-no-convergence": "a takeover leaves the failed hospital's quality as it was (`finances.takeover_convergence` 0, its default)",
			"market-wins-quality-cost":   "better care costs more (`finances.quality_cost` 0.5, its default)",
			regional:                     "every lever of `regional-collaborative`",
		}
		for _, sc := range mw.names[1:] {
			w, ok := what[sc]
			if !ok {
				errs = append(errs, fmt.Errorf("the market-wins run has a variant %s this test does not describe", sc))
			}
			fmt.Fprintf(&b, "| `%s` | %s |", sc, w)
			cell(mw.value(sc, mort))
			cell(mw.difference(sc, mort, false))
			cell(mw.value(sc, "hospital_failures"))
			b.WriteString("\n")
		}
		blocks["market-wins-variants"] = b.String()

		pbs := runs["pooled-but-short"]
		b.Reset()
		fmt.Fprintf(&b, "Means over %s.\n\n", pbs.size())
		b.WriteString("| variant | delayed bed-days /1,000 a year | medically fit in beds /100,000 | mean wait fit → discharge (days) | bed occupancy | pathway 1 / 2 / 3 utilisation | pool's capacity, £ a head a year | budget balance, £ a head over the window |\n|---|---|---|---|---|---|---|---|\n")
		label := map[string]string{
			"pooled-but-short-separate": "`pooled-but-short-separate`: separate budgets and records",
			"pooled-but-short":          "`pooled-but-short`: pooled, nothing bought",
			"pooled-but-short-capacity": "`pooled-but-short-capacity`: pooled, 25% more capacity bought after 6 months",
		}
		for _, sc := range pbs.names {
			l, ok := label[sc]
			if !ok {
				errs = append(errs, fmt.Errorf("the pooled-but-short run has a variant %s this test does not describe", sc))
			}
			fmt.Fprintf(&b, "| %s |", l)
			for _, m := range []string{"delayed_bed_days_per_1000", "medically_fit_in_beds_per_100k", "fit_to_discharge_wait_mean_days", "bed_occupancy"} {
				cell(pbs.value(sc, m))
			}
			var util []string
			for _, m := range []string{"care_utilisation_pathway_1", "care_utilisation_pathway_2", "care_utilisation_pathway_3"} {
				v, err := pbs.value(sc, m)
				if err != nil {
					errs = append(errs, err)
				}
				util = append(util, v)
			}
			b.WriteString(" " + strings.Join(util, " / ") + " |")
			for _, m := range []string{"cost_per_head_pool_capacity", "budget_balance_per_head"} {
				cell(pbs.value(sc, m))
			}
			b.WriteString("\n")
		}
		blocks["pooled-but-short"] = b.String()
	}
	return blocks, errors.Join(errs...)
}

// fixed prints x with d decimals and a minus sign, "0" for zero.
func fixed(x float64, d int) string {
	if math.IsNaN(x) {
		return "–"
	}
	return numD(x, d)
}

func signedFixed(x float64, d int) string {
	s := fixed(x, d)
	if x > 0 && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// scenarioClaims are the orderings docs/scenarios.md's prose states in
// words: each says that, in a run, the first scenario's mean of the metric
// is below the second's. TestScenarioClaimsHold fails when the outputs no
// longer bear a sentence out, so that the sentence is reread.
var scenarioClaims = []struct {
	run, metric, lower, higher, sentence string
}{
	{"shipped", "delayed_bed_days_per_1000", "regional-collaborative", "market-contract", "Delayed bed-days are lower in the collaborative than in the market"},
	{"shipped", "delayed_bed_days_per_1000", "torbay", "england", "torbay (no boundary, shared records, virtual wards) has fewer delayed bed-days"},
	{"shipped", "delayed_bed_days_per_1000", "england", "pooled-but-short", "pooling money does not create capacity"},
	{"shipped", "elective_wait_mean_days", "market-contract", "regional-collaborative", "Elective waits are shorter under the market"},
	{"shipped", "duplication_transaction_cost_per_head", "regional-collaborative", "market-contract", "The market's cost a head against the collaborative's"},
	{"shipped", "upc_mean", "england", "relational-practice", "Continuity follows list policy (relational-practice)"},
	{"shipped", "upc_mean", "large-practices", "england", "Continuity follows list policy (large-practices)"},
	{"shipped", "emergency_admissions_per_1000", "relational-practice", "england", "fewer admissions with personal lists"},
	{"shipped", "emergency_admissions_per_1000", "england", "large-practices", "more admissions with pooled lists"},
	{"shipped", "emergency_admissions_per_1000", "torbay", "england", "torbay has fewer admissions and a higher rate"},
	{"shipped", "mortality_30d_per_1000_admissions", "england", "torbay", "torbay has fewer admissions and a higher rate"},
	{"shipped", "mortality_30d_per_1000_admissions", "england", "virtual-wards", "virtual-wards has fewer admissions and a higher rate"},
	{"market-wins", "mortality_30d_per_1000_admissions", "market-wins", "regional-collaborative", "Where the market is better: 30-day mortality"},
	{"market-wins", "mortality_30d_per_1000_admissions", "regional-collaborative", "market-wins-no-response", "hospitals' response is all of the advantage"},
	{"market-wins", "mortality_30d_per_1000_admissions", "market-wins", "market-wins-quality-cost", "at quality_cost 0.5 the advantage shrinks"},
	{"market-wins", "elective_wait_mean_days", "market-wins", "regional-collaborative", "also shorter elective waits"},
	{"market-wins", "elective_waiting_list_per_1000", "market-wins", "regional-collaborative", "a shorter list"},
	{"market-wins", "mean_stay_days", "market-wins", "regional-collaborative", "shorter stays"},
	{"market-wins", "delayed_bed_days_per_1000", "market-wins", "regional-collaborative", "Delayed bed-days are lower in market-wins"},
	{"market-wins", "emergency_admissions_per_1000", "market-wins", "regional-collaborative", "Emergency admissions are lower in market-wins too"},
	{"market-wins", "upc_mean", "market-wins", "regional-collaborative", "UPC a little lower"},
	{"market-wins", "duplication_transaction_cost_per_head", "regional-collaborative", "market-wins", "Costs are higher in market-wins"},
	{"pooled-but-short", "delayed_bed_days_per_1000", "pooled-but-short-capacity", "pooled-but-short", "spending a quarter more on capacity takes them down"},
	{"pooled-but-short", "budget_balance_per_head", "pooled-but-short-capacity", "pooled-but-short", "capacity costs money"},
}

// scenarioMostCostly is the scenario the page says costs most a head.
const scenarioMostCostly = "torbay"

func TestScenarioClaimsHold(t *testing.T) {
	runs := map[string]*scenarioRun{}
	for _, c := range scenarioClaims {
		run, ok := runs[c.run]
		if !ok {
			var err error
			if run, err = loadScenarioRun(c.run); err != nil {
				t.Fatal(err)
			}
			runs[c.run] = run
		}
		lo, ok1 := run.mean[[2]string{c.lower, c.metric}]
		hi, ok2 := run.mean[[2]string{c.higher, c.metric}]
		if !ok1 || !ok2 {
			t.Errorf("the %s run lacks %s for %s or %s", c.run, c.metric, c.lower, c.higher)
			continue
		}
		if !(lo.mean < hi.mean) {
			t.Errorf("docs/scenarios.md says %q, but in docs/scenario-runs/%s %s has %s %.4g, not below %s's %.4g: reread the sentence",
				c.sentence, c.run, c.lower, c.metric, lo.mean, c.higher, hi.mean)
		}
	}
	shipped, err := loadScenarioRun("shipped")
	if err != nil {
		t.Fatal(err)
	}
	const cost = "duplication_transaction_cost_per_head"
	top := shipped.mean[[2]string{scenarioMostCostly, cost}].mean
	for _, sc := range shipped.names {
		if v := shipped.mean[[2]string{sc, cost}].mean; v > top {
			t.Errorf("docs/scenarios.md says %s costs most a head, but %s costs %.4g against its %.4g: reread the sentence", scenarioMostCostly, sc, v, top)
		}
	}
}

// The lever table of docs/scenarios.md quotes values as "`path` VALUE"
// (a parameter's full path, or its last part where that is unique in the
// registry): each must be the value that row's scenario resolves to.
func TestScenarioTableValues(t *testing.T) {
	data, err := os.ReadFile("scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	byPath, byLeaf := map[string]nhs.Param{}, map[string][]nhs.Param{}
	for _, p := range nhs.Params() {
		byPath[p.Path] = p
		leaf := p.Path[strings.LastIndex(p.Path, ".")+1:]
		byLeaf[leaf] = append(byLeaf[leaf], p)
	}
	quoted := regexp.MustCompile("`([a-z_.0-9]+)`,? ([0-9][0-9,]*(?:\\.[0-9]+)?)\\b")
	row := regexp.MustCompile("^\\| `([a-z-]+)` \\|")
	checked := 0
	for _, line := range strings.Split(string(data), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		sc, err := scenarios.Load(m[1])
		if err != nil {
			continue // a row of another table that names a variant
		}
		for _, q := range quoted.FindAllStringSubmatch(line, -1) {
			p, ok := byPath[q[1]]
			if !ok {
				if ps := byLeaf[q[1]]; len(ps) == 1 {
					p, ok = ps[0], true
				}
			}
			if !ok {
				continue
			}
			want, err := strconv.ParseFloat(strings.ReplaceAll(q[2], ",", ""), 64)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := number(p.Field(&sc.Config).Interface())
			if !ok {
				if f, isF := p.Field(&sc.Config).Interface().(float64); isF {
					got, ok = f, true
				}
			}
			checked++
			if !ok || got != want {
				t.Errorf("docs/scenarios.md's row for %s says %s %s; the scenario has %v", m[1], q[1], q[2], p.Field(&sc.Config).Interface())
			}
		}
	}
	if checked < 5 {
		t.Errorf("checked only %d quoted values in docs/scenarios.md's lever table", checked)
	}
}
