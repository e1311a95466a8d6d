package docs_test

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// docs/validation.md restates numbers from the chart gallery and the
// calibration page; its tables between the markers
// <!-- validation:NAME:begin --> and <!-- validation:NAME:end --> are made
// from those files, and this test fails when they are stale
// (go test ./docs -run Validation -update rewrites them).
func TestValidationIsCurrent(t *testing.T) {
	blocks, err := validationBlocks()
	if err != nil {
		t.Fatal(err)
	}
	checkBlocks(t, "validation.md", "validation", blocks)
	// docs/model.md's section 1 lists the same figures as its patterns.
	cal, err := calibrationTables()
	if err != nil {
		t.Fatal(err)
	}
	checkBlocks(t, "model.md", "model", map[string]string{"patterns": patternsBlock(cal)})
	// README.md shows the headline table too, under its own markers.
	checkBlocks(t, filepath.Join("..", "README.md"), "readme", map[string]string{"headline": strings.ReplaceAll(blocks["headline"], " (below)", "")})
}

// checkBlocks checks (or with -update rewrites) the blocks between the
// markers <!-- PREFIX:NAME:begin --> and <!-- PREFIX:NAME:end --> of a file.
func checkBlocks(t *testing.T, path, prefix string, blocks map[string]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, name := range slices.Sorted(maps.Keys(blocks)) {
		begin, end := "<!-- "+prefix+":"+name+":begin -->\n", "<!-- "+prefix+":"+name+":end -->"
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
		}
		if *update {
			doc = doc[:i+len(begin)] + blocks[name] + doc[j:]
			continue
		}
		if doc[i+len(begin):j] != blocks[name] {
			t.Errorf("the %s block of %s is stale: run go test ./docs -update", name, path)
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The kind of each duplication and transaction cost category: accounting
// (assumed unit costs times counts the scenario fixes) or partly simulated.
// A new category must be classified here before the page can be made.
var costKinds = map[string]string{
	"commissioner_running": "accounting: number of bodies × assumed fixed and per-head costs",
	"buying_premium":       "accounting: assumed premium × assumed supplies per head",
	"contracting":          "accounting: number of contracts × assumed cost per contract",
	"provider_running":     "accounting: number of provider organisations × assumed cost",
	"policy":               "accounting: number of bodies × assumed policy cost",
	"tendering":            "accounting: assumed share of the value of contracts",
	"defensive_work":       "simulated: episodes × assumed cost × (1 − simulated trust)",
	"disputes":             "simulated: simulated disputes × assumed cost",
	"invoicing":            "simulated: simulated episodes × assumed cost",
	"reorganisation":       "accounting: organisations abolished or created (and simulated hospital exits) × assumed one-off cost",
	"pool_administration":  "accounting: assumed running cost per head while the budget is pooled",
	"shared_records":       "accounting: assumed set-up and running cost per head",
	"case_conferences":     "accounting: assumed share of GP time × its assumed cost",
	"virtual_wards":        "accounting: virtual-ward places × assumed cost per place",
	"case_management":      "accounting: case-managed patients × assumed cost per patient",
	"entrants":             "simulated: simulated entries × assumed cost per contract",
	"pool_capacity":        "accounting: care hours and beds a pooled budget buys × sourced unit costs",
	"pool_step_up":         "accounting: step-up places a pooled budget buys × assumed cost per place",
	"mdt_case_management":  "accounting: the caseload multidisciplinary review finds (capacity × months of case management) × assumed cost per patient",
	"mh_out_of_area":       "simulated: out-of-area placement-days (beds split per organisation fill sooner; sign fixed by construction at equal beds) × sourced cost per day; care bought, not a transaction",
	"mh_providers":         "accounting: number of mental health provider organisations × assumed board and contract costs",
	"ooh_services":         "accounting: number of out-of-hours service organisations × assumed running and contract costs",
	"ambulance_services":   "accounting: number of ambulance services (population over ambulance.population_per_service) × assumed board and contract costs",
}

// headline metrics of the default comparison, their labels and kinds; the
// kind ends with what the construction table says of the difference's
// sign (constructionKind).
var headlineRows = []struct{ metric, label, kind string }{
	{"emergency_admissions_per_1000", "emergency admissions per 1,000 a year", "simulation, the sizes of whose channels rest on assumptions"},
	{"upc_mean", "mean UPC", "simulation"},
	{"delayed_bed_days_per_1000", "delayed bed-days per 1,000 a year", "simulation, whose size is set by delays from the shares of delay (below)"},
	{"duplication_transaction_cost_per_head", "duplication and transaction costs, £ per head a year", "mostly accounting (below)"},
	{"mortality_30d_per_1000_admissions", "deaths within 30 days per 1,000 emergency admissions", "simulation driven by assumptions: hospital quality that differs and responds to choice (assumed sizes) and concentration's relative risk"},
}

// constructionKind says, as compare does (sim/compare's Construct, from
// the two shipped scenarios' parameters), whether the sign of each
// headline difference of target against baseline is fixed by construction,
// by metric.
func constructionKind(baseline, target string) (map[string]string, error) {
	a, err := scenarios.Load(baseline)
	if err != nil {
		return nil, err
	}
	b, err := scenarios.Load(target)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var metrics []string
	for _, h := range headlineRows {
		metrics = append(metrics, h.metric)
	}
	for _, c := range compare.Construct(baseline, &a.Config, target, &b.Config, metrics) {
		names := func(dir int) string {
			var direct []string
			through := 0
			for _, p := range c.OneWay {
				switch {
				case p.Direction != dir:
				case p.Via == "":
					direct = append(direct, p.Name)
				default:
					through++
				}
			}
			s := strings.Join(direct, "; ")
			switch {
			case through == 0:
			case s != "":
				s += fmt.Sprintf("; and %d through other metrics", through)
			case through == 1:
				s = "1 through another metric"
			default:
				s = fmt.Sprintf("%d through other metrics", through)
			}
			if through == 1 {
				s = strings.Replace(s, "1 through other metrics", "1 through another metric", 1)
			}
			return s
		}
		where := func(dir int) string { return compare.DirectionWord(dir) + " in " + target }
		switch c.Verdict {
		case compare.Fixed:
			out[c.Metric] = fmt.Sprintf("sign fixed by construction: every lever that differs and moves it can only make it %s (%s)", where(c.Direction), names(c.Direction))
		case compare.Partly:
			n := len(compare.PartLevers(c.TwoWay)) + len(c.Unclassified)
			others := fmt.Sprintf("%d other levers that differ move", n)
			if n == 1 {
				others = "1 other lever that differs moves"
			}
			out[c.Metric] = fmt.Sprintf("sign partly fixed by construction: its one-way channels can only make it %s (%s), and %s it either way", where(c.Direction), names(c.Direction), others)
		default:
			out[c.Metric] = fmt.Sprintf("sign not fixed by construction: its one-way channels push both ways, %s (%s) and %s (%s)", where(-1), names(-1), where(+1), names(+1))
		}
	}
	return out, nil
}

// secondary results of the default comparison.
var secondaryRows = []struct{ metric, label, kind string }{
	{"information_loss_share", "information lost at hand-offs (share)", "input restated: shared records set the loss to zero by definition"},
	{"access_variation_sd", "postcode lottery (sd of share funded)", "simulation of a mechanical rule: more bodies deciding alone give more spread"},
	{"trust_hospital_mean", "hospital trust at the horizon", "simulation: disputes under activity payment erode trust"},
	{"readmission_30d_rate", "30-day readmission rate", "simulation driven by an assumption: competition's assumed cut in readmission risk"},
	{"bed_occupancy", "bed occupancy", "simulation"},
	{"ambulance_response_mean_minutes_cat2", "category 2 mean response (minutes)", "simulation, not representative below a hospital catchment of 300,000 (whole crews; see below)"},
	{"handover_delay_mean_minutes", "mean ambulance handover (minutes)", "simulation, not representative below a hospital catchment of 300,000 (whole places; see below)"},
	{"handovers_over_60_min_per_1000_conveyances", "handovers over 60 minutes per 1,000", "simulation, as above"},
	{"conveyance_rate", "conveyance rate", "input restated: ambulance.conveyance_share"},
}

type row struct {
	mean, lo, hi float64
	hasCI        bool
	n            string
}

func (r row) zeroWidth() bool {
	return r.hasCI && r.hi-r.lo <= 1e-9*math.Max(1, math.Abs(r.mean))
}

func (r row) interval() string {
	switch {
	case !r.hasCI:
		return ""
	case r.zeroWidth():
		return "zero width"
	}
	d := r.decimals()
	return "[" + numD(r.lo, d) + ", " + numD(r.hi, d) + "]"
}

// decimals is the precision of a row's numbers, from the largest of them.
func (r row) decimals() int {
	a := math.Abs(r.mean)
	if r.hasCI {
		a = math.Max(a, math.Max(math.Abs(r.lo), math.Abs(r.hi)))
	}
	return decimals(a)
}

// signedMean is the row's mean with its sign, at the row's precision.
func (r row) signedMean() string {
	s := numD(r.mean, r.decimals())
	if r.mean > 0 && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

func validationBlocks() (map[string]string, error) {
	summary, err := readCSV("charts/summary.csv")
	if err != nil {
		return nil, err
	}
	diffs, err := readCSV("charts/differences.csv")
	if err != nil {
		return nil, err
	}
	attr, err := readCSV("charts/attribution.csv")
	if err != nil {
		return nil, err
	}
	if len(diffs) < 2 {
		return nil, fmt.Errorf("charts/differences.csv has no rows")
	}
	target, baseline := diffs[1][0], diffs[1][1]
	means := map[[2]string]row{} // (scenario, metric)
	for _, r := range summary[1:] {
		means[[2]string{r[0], r[1]}] = parseRow(r[2], r[3], r[4], r[5])
	}
	diff := map[string]row{}
	for _, r := range diffs[1:] {
		if r[0] == target && r[1] == baseline {
			diff[r[2]] = parseRow(r[3], r[4], r[5], r[6])
		}
	}
	blocks := map[string]string{}
	if blocks["gallery"], err = galleryBlock(); err != nil {
		return nil, err
	}
	cal, err := calibrationTables()
	if err != nil {
		return nil, err
	}
	blocks["calibrated"] = calibratedBlock(cal)
	signs, err := constructionKind(baseline, target)
	if err != nil {
		return nil, err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| metric | %s | %s | difference, 95%% interval | kind |\n|---|---|---|---|---|\n", baseline, target)
	for _, h := range headlineRows {
		d, ok := diff[h.metric]
		if !ok {
			return nil, fmt.Errorf("charts/differences.csv has no %s", h.metric)
		}
		kind := h.kind
		if s := signs[h.metric]; s != "" {
			kind += "; " + s
		}
		if d.hasCI && d.lo <= 0 && d.hi >= 0 && !d.zeroWidth() {
			kind += "; not distinguishable from zero with " + d.n + " replicates"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s %s | %s |\n", h.label,
			num(means[[2]string{baseline, h.metric}].mean), num(means[[2]string{target, h.metric}].mean),
			d.signedMean(), d.interval(), kind)
	}
	blocks["headline"] = b.String()

	b.Reset()
	fmt.Fprintf(&b, "| metric | %s | %s | difference, 95%% interval | kind |\n|---|---|---|---|---|\n", baseline, target)
	for _, h := range secondaryRows {
		d, ok := diff[h.metric]
		if !ok {
			return nil, fmt.Errorf("charts/differences.csv has no %s", h.metric)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s %s | %s |\n", h.label,
			num(means[[2]string{baseline, h.metric}].mean), num(means[[2]string{target, h.metric}].mean),
			d.signedMean(), d.interval(), h.kind)
	}
	blocks["secondary"] = b.String()

	b.Reset()
	type cat struct {
		name string
		d    row
	}
	var cats []cat
	for m, d := range diff {
		if name, ok := strings.CutPrefix(m, "cost_per_head_"); ok && !strings.HasPrefix(m, "cost_per_head_care_") { // the care delivered is the appraisal's, not a duplication cost
			if costKinds[name] == "" {
				return nil, fmt.Errorf("cost category %s is not classified in costKinds", name)
			}
			cats = append(cats, cat{name, d})
		}
	}
	slices.SortFunc(cats, func(a, b cat) int {
		if c := cmp.Compare(math.Abs(b.d.mean), math.Abs(a.d.mean)); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	var total, accounting float64
	b.WriteString("| category | difference, £ per head | 95% interval | kind |\n|---|---|---|---|\n")
	for _, c := range cats {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", strings.ReplaceAll(c.name, "_", " "), c.d.signedMean(), c.d.interval(), costKinds[c.name])
		total += c.d.mean
		if strings.HasPrefix(costKinds[c.name], "accounting") {
			accounting += c.d.mean
		}
	}
	fmt.Fprintf(&b, "| **total** | **%s** | | |\n\n", signed(total))
	fmt.Fprintf(&b, "Of the difference of %s, %s (%.0f%%) is accounting and %s (%.0f%%) depends on\nsimulated activity or trust.\n",
		signed(total), signed(accounting), 100*accounting/total, signed(total-accounting), 100*(total-accounting)/total)
	blocks["costs"] = b.String()

	b.Reset()
	costMetric := ""
	for _, m := range []string{"duplication_transaction_cost_per_head"} {
		for _, r := range attr[1:] {
			if r[3] == m {
				costMetric = m
			}
		}
		if costMetric != "" {
			break
		}
	}
	if costMetric == "" {
		return nil, fmt.Errorf("charts/attribution.csv has no cost metric")
	}
	b.WriteString("| lever | from → to | effect on the cost gap, £ per head | 95% interval |\n|---|---|---|---|\n")
	for _, r := range attr[1:] {
		if r[3] != costMetric {
			continue
		}
		e := parseRow(r[4], r[5], r[6], r[7])
		change := strings.ReplaceAll(r[1], `"`, "") + " → " + strings.ReplaceAll(r[2], `"`, "")
		if r[1] == "" {
			change = ""
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r[0], change, e.signedMean(), e.interval())
	}
	blocks["levers"] = b.String()

	b.Reset()
	calMeans, err := calibrationMeans()
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"upc_mean_small_practices", "upc_mean_medium_practices", "upc_mean_large_practices",
		"admissions_per_1000_least_deprived", "admissions_per_1000_most_deprived"} {
		if calMeans[k] == "" {
			return nil, fmt.Errorf("calibration.md does not report %s", k)
		}
	}
	fmt.Fprintf(&b, "In the calibrated `england` runs (`docs/calibration.md`), mean UPC is %s in\n", calMeans["upc_mean_small_practices"])
	fmt.Fprintf(&b, "small practices (<6,000 patients), %s in medium and %s in large ones\n", calMeans["upc_mean_medium_practices"], calMeans["upc_mean_large_practices"])
	fmt.Fprintf(&b, "(≥12,000); emergency admissions are %s per 1,000 a year in the least\n", calMeans["admissions_per_1000_least_deprived"])
	fmt.Fprintf(&b, "deprived fifth and %s in the most deprived.\n", calMeans["admissions_per_1000_most_deprived"])
	blocks["emergent"] = b.String()

	b.Reset()
	b.WriteString("| figure | England | source | simulated mean (`england`) |\n|---|---|---|---|\n")
	for _, r := range dischargeRows {
		if calMeans[r.metric] == "" {
			return nil, fmt.Errorf("calibration.md does not report %s", r.metric)
		}
		fmt.Fprintf(&b, "| %s (`%s`) | %s | %s | %s |\n", r.label, r.metric, r.england, r.source, calMeans[r.metric])
	}
	blocks["discharge"] = b.String()
	return blocks, nil
}

// dischargeRows are the discharge figures set beside England's, none of
// them tuned.
var dischargeRows = []struct{ label, metric, england, source string }{
	{"medically fit patients in beds per 100,000", "medically_fit_in_beds_per_100k", "≈21–23 (12,300–13,000 a day over 57.7m)", "[nhsconfed-2022-discharge](evidence.md#nhsconfed-2022-discharge), [hf-2023-discharge](evidence.md#hf-2023-discharge)"},
	{"share of occupied beds held by medically fit patients", "medically_fit_bed_share", "≈0.13 (13,000 of ≈100,000 beds, Dec 2022)", "[hf-2023-discharge](evidence.md#hf-2023-discharge)"},
	{"mean wait from fit to discharge, all discharges (days)", "fit_to_discharge_wait_mean_days", "1.3 (Dec 2022; 1.0–2.1 by region)", "[hf-2023-discharge](evidence.md#hf-2023-discharge)"},
	{"mean wait from fit to discharge, pathway 1 (days)", "fit_to_discharge_wait_mean_days_pathway_1", "≈1.2–1.5 implied by England's count and its share of delay for a care package (derived; below); the audit's 6.3 home-based, 8.7 reablement (referral to start, step-up included, 2015) not comparable", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons), [hf-2023-discharge](evidence.md#hf-2023-discharge) (derived); [naic-2015](evidence.md#naic-2015)"},
	{"mean wait from fit to discharge, pathway 2 (days)", "fit_to_discharge_wait_mean_days_pathway_2", "3.0 (bed-based, referral to start, step-up included, 2015)", "[naic-2015](evidence.md#naic-2015), [nice-qs173](evidence.md#nice-qs173)"},
	{"mean hours a week of a pathway 1 package (hours by age band assumed)", "package_hours_mean", "≈7 per home-care user, all users (≈3.1m hours a week over ≈430,000 users; the counts are of different years)", "[adass-2022](evidence.md#adass-2022), [bottery2018](evidence.md#bottery2018) (derived)"},
	{"share of discharges on pathway 0", "discharge_share_pathway_0", "≥0.50 among people aged 65 and over (planning norm)", "[dhsc-discharge-2022](evidence.md#dhsc-discharge-2022)"},
	{"share of discharges on pathway 2", "discharge_share_pathway_2", "≤0.04 among people aged 65 and over (planning norm)", "[dhsc-discharge-2022](evidence.md#dhsc-discharge-2022)"},
	{"share of discharges on pathway 3", "discharge_share_pathway_3", "≤0.01 among people aged 65 and over (planning norm)", "[dhsc-discharge-2022](evidence.md#dhsc-discharge-2022)"},
	{"delayed bed-days per 1,000 a year", "delayed_bed_days_per_1000", "≈80 (medically fit in beds, 2022–24); ≈30 (delayed transfers of care, 2016–20, a narrower count)", "[hf-2023-discharge](evidence.md#hf-2023-discharge), [hansard-2022-dtoc](evidence.md#hansard-2022-dtoc) (derived)"},
	{"30-day readmission rate", "readmission_30d_rate", "≈0.14", "assumption-set (`hospitals.readmission_probability`)"},
	{"share of delay: awaiting completion of assessment (set by `discharge.assessment_days`)", "fit_bed_days_share_assessment", "0.147 (0.115–0.175, April 2016–2019)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: awaiting public funding (set by `discharge.funding_decision_days`)", "fit_bed_days_share_public_funding", "0.035 (0.031–0.041)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: further non-acute NHS care (set by `social_care.step_down_sourcing_days`)", "fit_bed_days_share_non_acute_nhs", "0.179 (0.160–0.196)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: a care package at home (set by `social_care.home_care_sourcing_days`)", "fit_bed_days_share_care_package", "0.201 (0.191–0.216)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: a residential or nursing home place (set by `social_care.care_home_sourcing_days`)", "fit_bed_days_share_care_home", "0.245 (0.239–0.252): residential 0.111, nursing 0.134", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: patient or family choice (set by `discharge.choice_days`)", "fit_bed_days_share_choice", "0.118 (0.110–0.124)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: disputes (set by `discharge.dispute_probability`)", "fit_bed_days_share_disputes", "0.009 (0.007–0.011)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay: other reasons (information lost at a hand-off, an assumption; England's rest were equipment, housing and other)", "fit_bed_days_share_other", "0.066 (equipment 0.028, housing 0.033, other 0.005)", "[nhse-dtoc-reasons](evidence.md#nhse-dtoc-reasons)"},
	{"share of delay the NHS is responsible for (each reason split as NHS England's statistics attributed it)", "fit_bed_days_share_org_nhs", "0.57–0.63 (Sep 2015–Jul 2019)", "[adass-2015-dtoc](evidence.md#adass-2015-dtoc), [cmm-2017-dtoc](evidence.md#cmm-2017-dtoc), [locumtoday-2019-dtoc](evidence.md#locumtoday-2019-dtoc)"},
	{"share of delay social care is responsible for", "fit_bed_days_share_org_social_care", "0.30–0.35 (0.38 in Jun 2017)", "[adass-2015-dtoc](evidence.md#adass-2015-dtoc), [cmm-2017-dtoc](evidence.md#cmm-2017-dtoc), [mj-2017-dtoc](evidence.md#mj-2017-dtoc)"},
	{"share of delay both are responsible for", "fit_bed_days_share_org_both", "0.07–0.10", "[adass-2015-dtoc](evidence.md#adass-2015-dtoc), [locumtoday-2019-dtoc](evidence.md#locumtoday-2019-dtoc)"},
	{"medically fit patients in beds per 100,000, December to February", "medically_fit_in_beds_per_100k_winter", "no monthly national series found", "—"},
	{"bed occupancy, December to February", "bed_occupancy_winter", "0.914 (general and acute, January–March 2017)", "[kh03](evidence.md#kh03), [nuffield-qualitywatch-beds](evidence.md#nuffield-qualitywatch-beds)"},
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func parseRow(mean, lo, hi, n string) row {
	r := row{n: n}
	r.mean, _ = strconv.ParseFloat(mean, 64)
	l, err1 := strconv.ParseFloat(lo, 64)
	h, err2 := strconv.ParseFloat(hi, 64)
	if err1 == nil && err2 == nil {
		r.lo, r.hi, r.hasCI = l, h, true
	}
	return r
}

// calibrationMeans reads the "reported, not targeted" table of
// calibration.md: metric → simulated mean as printed there.
func calibrationMeans() (map[string]string, error) {
	data, err := os.ReadFile("calibration.md")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	// the reported table's rows, and the discharge targets' rows
	// ("label (`metric`) | target | source | mean | lo – hi | band |")
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\| ([0-9.]+) \\|"),
		regexp.MustCompile("(?m)\\(`([a-z0-9_]+)`\\) \\| [0-9.]+ ± [0-9.]+ \\| [^|]* \\| ([0-9.]+) \\|"),
	} {
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			out[m[1]] = m[2]
		}
	}
	return out, nil
}

// num prints a number for people, at the precision decimals gives it.
func num(x float64) string { return numD(x, decimals(math.Abs(x))) }

// decimals is the number of decimals for a magnitude: one from 100, two
// from 1, four below.
func decimals(a float64) int {
	switch {
	case a >= 100:
		return 1
	case a >= 1:
		return 2
	}
	return 4
}

// numD prints x with d decimals, 0 as "0", and a minus sign rather than a
// hyphen.
func numD(x float64, d int) string {
	if x == 0 {
		return "0"
	}
	s := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return strings.Replace(s, "-", "−", 1)
}

// signed is num with a plus sign on positive numbers.
func signed(x float64) string {
	s := num(x)
	if x > 0 && s != num(0) {
		return "+" + s
	}
	return s
}

// galleryBlock says how the gallery was made, from docs/charts/manifest.json.
func galleryBlock() (string, error) {
	m, err := readCompareManifest("charts/manifest.json")
	if err != nil {
		return "", err
	}
	if len(m.Scenarios) < 2 || len(m.Seeds) == 0 {
		return "", fmt.Errorf("charts/manifest.json: want two scenarios and their seeds")
	}
	var names, sizes []string
	for i := range m.Scenarios {
		s := m.size(i)
		names = append(names, s.Name)
		size := fmt.Sprintf("%s patients over %g years, statistics over the last %g after a %g-year warm-up", numfmt.Group(s.Patients), s.Years, s.Years-s.WarmupYear, s.WarmupYear)
		if !slices.Contains(sizes, size) {
			sizes = append(sizes, size)
		}
	}
	cmd := m.Command
	if i := strings.Index(cmd, " --out"); i >= 0 { // where it wrote, not what it ran
		cmd = cmd[:i]
	}
	return fmt.Sprintf("`%s`: %s, %s, %d replicates under common random numbers with seeds %d–%d, %.0f%% t intervals.\n",
		cmd, strings.Join(names, " against "), strings.Join(sizes, "; "), m.Replicates, m.Seeds[0], m.Seeds[len(m.Seeds)-1], 100*m.Confidence), nil
}

// calibrationTable is one row of docs/calibration.md's tables of targets
// and of figures validated untuned.
type calibrationTable struct {
	figure, metric, published, tunedBy string
	tuned                              bool
}

// calibrationTables reads those two tables: the rows between
// <!-- calibration:begin --> and "Reported, not targeted".
func calibrationTables() ([]calibrationTable, error) {
	data, err := os.ReadFile("calibration.md")
	if err != nil {
		return nil, err
	}
	doc := string(data)
	i := strings.Index(doc, "<!-- calibration:begin -->")
	j := strings.Index(doc, "Reported, not targeted")
	if i < 0 || j < i {
		return nil, fmt.Errorf("calibration.md: no tables of targets")
	}
	label := regexp.MustCompile("^(.*) \\(`([a-z0-9_]+)`\\)$")
	var out []calibrationTable
	for _, line := range strings.Split(doc[i:j], "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| figure ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		m := label.FindStringSubmatch(cells[0])
		if m == nil || len(cells) < 6 {
			return nil, fmt.Errorf("calibration.md: cannot read the row %q", line)
		}
		r := calibrationTable{figure: m[1], metric: m[2], published: cells[1], tuned: len(cells) == 7}
		if r.tuned {
			r.tunedBy = cells[6]
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("calibration.md: no rows in the tables of targets")
	}
	return out, nil
}

// calibratedNotes are said beside a tuned figure in docs/validation.md.
var calibratedNotes = map[string]string{
	"mortality_30d_per_1000_admissions": " (one common factor; the age gradient is an assumption)",
	"conveyance_rate":                   " (the model reproduces the published share by construction)",
}

// calibratedBlock is docs/validation.md's table of tuned figures.
func calibratedBlock(rows []calibrationTable) string {
	var b strings.Builder
	b.WriteString("| figure | target | tuned parameter |\n|---|---|---|\n")
	for _, r := range rows {
		if r.tuned {
			fmt.Fprintf(&b, "| %s | %s | %s%s |\n", r.figure, r.published, r.tunedBy, calibratedNotes[r.metric])
		}
	}
	return b.String()
}

// patternsBlock is docs/model.md's list of the patterns the model is
// judged by, section 1.
func patternsBlock(rows []calibrationTable) string {
	var tuned, validated []string
	for _, r := range rows {
		if r.tuned {
			tuned = append(tuned, fmt.Sprintf("%s (%s)", r.figure, r.published))
		} else {
			validated = append(validated, fmt.Sprintf("%s (%s)", r.figure, r.published))
		}
	}
	return "- Each reached by tuning one parameter: " + strings.Join(tuned, "; ") + ".\n" +
		"- Checked against England's, untuned: " + strings.Join(validated, "; ") + ".\n"
}
