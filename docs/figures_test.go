package docs_test

import (
	"encoding/json"
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

	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/stats"
)

// proseDocs are the documents whose every number is either generated from
// committed outputs or checked by a test (issue 27, item 7).
var proseDocs = []string{filepath.Join("..", "README.md"), "model.md", "validation.md", "scenarios.md"}

// An inline figure is a number in prose made from a committed output:
//
//	<!-- fig:KEY -->TEXT<!-- /fig -->
//
// KEY is one of
//
//	run:RUN:SCENARIO:METRIC[:D]   a scenario's mean in docs/scenario-runs/RUN-summary.csv
//	ci:RUN:SCENARIO:METRIC[:D]    its 95% interval across replicates, as [lo, hi]
//	diff:RUN:SCENARIO:METRIC[:D]  its paired difference from the run's baseline, signed
//	dci:RUN:SCENARIO:METRIC[:D]   the difference's 95% interval, as [lo, hi]
//	ndiff:RUN:SCENARIO:METRIC[:D] the baseline's difference from it, signed
//	ndci:RUN:SCENARIO:METRIC[:D]  that difference's 95% interval
//	adiff:RUN:SCENARIO:METRIC[:D] the size of the difference, unsigned
//	sat:RUN:SCENARIO:RESOURCE     in how many of the run's replicates the scenario saturated
//	                              the resource (its name with - for spaces), as "N of M"
//	gallery:SCENARIO:METRIC[:D]   a scenario's mean in docs/charts/summary.csv
//	gdiff:METRIC[:D]              the gallery's paired difference (its second scenario − its first), signed
//	agdiff:METRIC[:D]             the size of that difference, unsigned
//	gdci:METRIC[:D]               that difference's 95% interval, as [lo, hi]
//	gsd:METRIC[:D]                the standard deviation of the gallery's paired differences
//	                              (recovered from that interval, as compare does)
//	gneed:METRIC                  the replicates a paired test (5% two-sided, 80% power) needs to
//	                              detect the metric's difference worth detecting, from that spread:
//	                              compare's "underpowered" computation
//	detect:METRIC                 the metric's difference worth detecting, from the metric registry
//	trend:SCENARIO:SERIES[:D]     the gallery's monthly series' change over the window as a percentage
//	                              of its mean (docs/charts/series.csv, the window from the
//	                              manifest's first month after warm-up), signed: compare's Trends
//	trendci:SCENARIO:SERIES[:D]   its 95% interval across replicates, as [lo, hi] (percentages)
//	udriver:METRIC:PARAM[:D]      the uncertainty analysis' first-order index of PARAM for the
//	                              difference in METRIC (docs/uncertainty-default-drivers.csv; 2 decimals)
//	ufloor:METRIC[:D]             that analysis' chance floor for METRIC's indices (2 decimals)
//	uworse:METRIC                 the percentage of its draws in which the second scenario did worse
//	                              in METRIC (docs/uncertainty-default.csv), a whole number
//	udraws:METRIC                 how many draws it made for METRIC
//	sweep:POOLED:HOURS:METRIC[:D] the discharge sweep's mean (docs/discharge-sweep.csv) at a point:
//	                              pooled_budget true or false, home_care_hours_per_1000 as written there
//	scaled:RUN:SCENARIO:METRIC:F  a scenario's mean × F, a whole number (a rate per head to England's count)
//	attr:LEVER:METRIC[:D]         the gallery's attribution to a lever (docs/charts/attribution.csv;
//	                              - for spaces: sum-of-levers, all-levers), signed
//	attrci:LEVER:METRIC[:D]       its 95% interval, as [lo, hi]
//	cal:METRIC[:D]                the simulated mean in docs/calibration.md
//	calci:METRIC[:D]              its 95% interval there, as lo–hi
//	target:METRIC                 the calibration target in scenarios/targets/england.yaml, as observed ± tolerance
//	params:assumed|all            how many registry parameters are assumptions (their source says so first), and how many there are
//
// with D decimals (by default the precision scenarioMetrics gives the
// metric, or 1). TestInlineFiguresAreCurrent fails when TEXT is not the
// figure, and -update rewrites it.
var inlineFigure = regexp.MustCompile(`<!-- fig:([^ ]+) -->(.*?)<!-- /fig -->`)

func TestInlineFiguresAreCurrent(t *testing.T) {
	src := &figureSources{runs: map[string]*scenarioRun{}}
	for _, path := range proseDocs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		var errs []string
		out := inlineFigure.ReplaceAllStringFunc(doc, func(m string) string {
			sub := inlineFigure.FindStringSubmatch(m)
			want, err := src.figure(sub[1])
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %s: %v", path, sub[1], err))
				return m
			}
			if sub[2] != want && !*update {
				errs = append(errs, fmt.Sprintf("%s: the figure %s reads %q, the output says %q: run go test ./docs -run InlineFigures -update and reread the sentence", path, sub[1], sub[2], want))
			}
			return "<!-- fig:" + sub[1] + " -->" + want + "<!-- /fig -->"
		})
		for _, e := range errs {
			t.Error(e)
		}
		if *update && len(errs) == 0 && out != doc {
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type figureSources struct {
	runs    map[string]*scenarioRun
	gallery map[[2]string]row
	gdiff   map[string]row
	attr    map[[2]string]row // (lever, metric)
	cal     map[string]row
	targets map[string]string
	sweep   map[[3]string]float64        // (pooled, hours, metric)
	trends  map[[2]string]stats.Estimate // (scenario, series): change over the window, a share
}

// dischargeSweepMeans reads docs/discharge-sweep.csv: each point's mean
// over its replicates, by pooled budget, home-care hours and metric.
func dischargeSweepMeans() (map[[3]string]float64, error) {
	rows, err := readCSV("discharge-sweep.csv")
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	sum, n := map[[3]string]float64{}, map[[3]string]float64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		if err != nil {
			continue // a mean of nothing
		}
		k := [3]string{r[col["discharge.pooled_budget"]], r[col["social_care.home_care_hours_per_1000"]], r[col["metric"]]}
		sum[k] += v
		n[k]++
	}
	for k := range sum {
		sum[k] /= n[k]
	}
	return sum, nil
}

// bracketed prints a 95% interval as [lo, hi].
func bracketed(lo, hi float64, d int) string {
	return "[" + fixed(lo, d) + ", " + fixed(hi, d) + "]"
}

func (s *figureSources) figure(key string) (string, error) {
	parts := strings.Split(key, ":")
	d := -1
	if n := len(parts); n > 2 {
		if v, err := strconv.Atoi(parts[n-1]); err == nil {
			d, parts = v, parts[:n-1]
		}
	}
	metric := parts[len(parts)-1]
	if d < 0 {
		d = 1
		if p, ok := scenarioMetrics[metric]; ok && parts[0] != "trend" && parts[0] != "trendci" {
			d = p
		}
		if strings.HasPrefix(parts[0], "u") {
			d = 2
		}
	}
	switch {
	case len(parts) == 3 && parts[0] == "udriver":
		rows, err := readCSV(uncertaintyDriversFile)
		if err != nil {
			return "", err
		}
		for _, r := range rows[1:] {
			if len(r) >= 7 && r[2] == parts[1] && r[3] == parts[2] {
				v, err := strconv.ParseFloat(r[5], 64)
				if err != nil {
					return "", fmt.Errorf("docs/%s: %s, %s: index %q", uncertaintyDriversFile, parts[1], parts[2], r[5])
				}
				return fixed(v, d), nil
			}
		}
		return "", fmt.Errorf("docs/%s has no index of %s for %s", uncertaintyDriversFile, parts[2], parts[1])
	case len(parts) == 2 && slices.Contains([]string{"ufloor", "uworse", "udraws"}, parts[0]):
		rows, err := readCSV(uncertaintySummaryFile)
		if err != nil {
			return "", err
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		name := map[string]string{"ufloor": "driver_chance_floor", "uworse": "p_worse", "udraws": "draws"}[parts[0]]
		for _, r := range rows[1:] {
			if r[col["metric"]] != metric {
				continue
			}
			v, err := strconv.ParseFloat(r[col[name]], 64)
			if err != nil {
				return "", fmt.Errorf("docs/%s: %s: %s %q", uncertaintySummaryFile, metric, name, r[col[name]])
			}
			switch parts[0] {
			case "uworse":
				return fixed(100*v, 0), nil
			case "udraws":
				return strconv.Itoa(int(v)), nil
			}
			return fixed(v, d), nil
		}
		return "", fmt.Errorf("docs/%s has no %s", uncertaintySummaryFile, metric)
	case len(parts) == 3 && (parts[0] == "trend" || parts[0] == "trendci"):
		if s.trends == nil {
			var err error
			if s.trends, err = galleryTrends(); err != nil {
				return "", err
			}
		}
		e, ok := s.trends[[2]string{parts[1], metric}]
		if !ok {
			return "", fmt.Errorf("docs/charts/series.csv has no trend of %s for %s", metric, parts[1])
		}
		if parts[0] == "trendci" {
			return bracketed(100*e.Lo, 100*e.Hi, d), nil
		}
		return signedFixed(100*e.Mean, d), nil
	case len(parts) == 2 && parts[0] == "detect":
		info, ok := nhs.LookupMetric(metric)
		if !ok || !(info.Detect > 0) {
			return "", fmt.Errorf("the metric registry gives %s no difference worth detecting", metric)
		}
		return numfmt.Human(info.Detect), nil
	case len(parts) == 4 && parts[0] == "sat":
		run, err := s.run(parts[1])
		if err != nil {
			return "", err
		}
		if run.meta.Saturated == nil {
			return "", fmt.Errorf("docs/scenario-runs/%s-run.json does not count saturated replicates: rerun with .ci/regenerate scenarios", parts[1])
		}
		if !slices.Contains(run.names, parts[2]) {
			return "", fmt.Errorf("the %s run has no scenario %s", parts[1], parts[2])
		}
		n := run.meta.Saturated[parts[2]][strings.ReplaceAll(parts[3], "-", " ")]
		return fmt.Sprintf("%d of %d", n, run.meta.Replicates), nil
	case len(parts) == 4 && slices.Contains([]string{"run", "ci", "diff", "dci", "ndiff", "ndci", "adiff"}, parts[0]):
		run, err := s.run(parts[1])
		if err != nil {
			return "", err
		}
		if parts[0] == "run" || parts[0] == "ci" {
			v, ok := run.mean[[2]string{parts[2], metric}]
			if !ok {
				return "", fmt.Errorf("no %s for %s in docs/scenario-runs/%s-summary.csv", metric, parts[2], parts[1])
			}
			if parts[0] == "ci" {
				return bracketed(v.lo, v.hi, d), nil
			}
			return fixed(v.mean, d), nil
		}
		v, ok := run.diff[[2]string{parts[2], metric}]
		if !ok {
			return "", fmt.Errorf("no difference in %s for %s in docs/scenario-runs/%s-differences.csv", metric, parts[2], parts[1])
		}
		switch parts[0] {
		case "diff":
			return signedFixed(v.mean, d), nil
		case "dci":
			return bracketed(v.lo, v.hi, d), nil
		case "ndiff":
			return signedFixed(-v.mean, d), nil
		case "ndci":
			return bracketed(-v.hi, -v.lo, d), nil
		}
		return fixed(abs(v.mean), d), nil
	case len(parts) == 3 && (parts[0] == "attr" || parts[0] == "attrci"):
		if s.attr == nil {
			rows, err := readCSV("charts/attribution.csv")
			if err != nil {
				return "", err
			}
			s.attr = map[[2]string]row{}
			for _, r := range rows[1:] {
				s.attr[[2]string{r[0], r[3]}] = parseRow(r[4], r[5], r[6], r[7])
			}
		}
		v, ok := s.attr[[2]string{strings.ReplaceAll(parts[1], "-", " "), metric}] // "sum-of-levers"
		if !ok {
			return "", fmt.Errorf("no attribution of %s to %s in docs/charts/attribution.csv", metric, parts[1])
		}
		if parts[0] == "attrci" {
			return bracketed(v.lo, v.hi, d), nil
		}
		return signedFixed(v.mean, d), nil
	case len(parts) == 2 && parts[0] == "target":
		if s.targets == nil {
			var err error
			if s.targets, err = calibrationTargets(); err != nil {
				return "", err
			}
		}
		v, ok := s.targets[metric]
		if !ok {
			return "", fmt.Errorf("scenarios/targets/england.yaml has no target %s", metric)
		}
		return v, nil
	case len(parts) == 3 && parts[0] == "gallery":
		if s.gallery == nil {
			rows, err := readCSV("charts/summary.csv")
			if err != nil {
				return "", err
			}
			s.gallery = map[[2]string]row{}
			for _, r := range rows[1:] {
				s.gallery[[2]string{r[0], r[1]}] = parseRow(r[2], r[3], r[4], r[5])
			}
		}
		v, ok := s.gallery[[2]string{parts[1], metric}]
		if !ok {
			return "", fmt.Errorf("no %s for %s in docs/charts/summary.csv", metric, parts[1])
		}
		return fixed(v.mean, d), nil
	case len(parts) == 4 && parts[0] == "sweep":
		if s.sweep == nil {
			var err error
			if s.sweep, err = dischargeSweepMeans(); err != nil {
				return "", err
			}
		}
		v, ok := s.sweep[[3]string{parts[1], parts[2], metric}]
		if !ok {
			return "", fmt.Errorf("docs/discharge-sweep.csv has no %s with pooled_budget %s at %s hours", metric, parts[1], parts[2])
		}
		return fixed(v, d), nil
	case len(parts) == 5 && parts[0] == "scaled":
		run, err := s.run(parts[1])
		if err != nil {
			return "", err
		}
		v, ok := run.mean[[2]string{parts[2], parts[3]}]
		f, err := strconv.ParseFloat(parts[4], 64)
		if !ok || err != nil {
			return "", fmt.Errorf("no %s for %s in docs/scenario-runs/%s-summary.csv, or %q is not a factor", parts[3], parts[2], parts[1], parts[4])
		}
		return numfmt.Group(v.mean * f), nil
	case len(parts) == 2 && slices.Contains([]string{"gdiff", "agdiff", "gdci", "gsd", "gneed"}, parts[0]):
		if s.gdiff == nil {
			rows, err := readCSV("charts/differences.csv")
			if err != nil {
				return "", err
			}
			s.gdiff = map[string]row{}
			for _, r := range rows[1:] {
				if r[0] == rows[1][0] && r[1] == rows[1][1] {
					s.gdiff[r[2]] = parseRow(r[3], r[4], r[5], r[6])
				}
			}
		}
		v, ok := s.gdiff[metric]
		if !ok {
			return "", fmt.Errorf("no %s in docs/charts/differences.csv", metric)
		}
		switch parts[0] {
		case "agdiff":
			return fixed(abs(v.mean), d), nil
		case "gdci":
			return bracketed(v.lo, v.hi, d), nil
		case "gsd", "gneed":
			n, err := strconv.Atoi(v.n)
			if err != nil || !v.hasCI {
				return "", fmt.Errorf("docs/charts/differences.csv gives %s no interval and count", metric)
			}
			e := stats.Estimate{Mean: v.mean, Lo: v.lo, Hi: v.hi, N: n}
			if parts[0] == "gsd" {
				return fixed(e.SD(compare.Level), d), nil
			}
			info, _ := nhs.LookupMetric(metric)
			need := stats.ReplicatesToDetect(e, info.Detect, compare.Level, 0.8)
			if need == 0 {
				return "", fmt.Errorf("no replicates needed can be computed for %s (no difference worth detecting in the registry, or no interval)", metric)
			}
			return strconv.Itoa(need), nil
		}
		return signedFixed(v.mean, d), nil
	case len(parts) == 2 && parts[0] == "params":
		var assumed, all int
		for _, p := range nhs.Params() {
			all++
			if strings.HasPrefix(strings.ToLower(p.Source), "assumption") {
				assumed++
			}
		}
		switch parts[1] {
		case "assumed":
			return strconv.Itoa(assumed), nil
		case "all":
			return strconv.Itoa(all), nil
		}
		return "", fmt.Errorf("params knows assumed and all")
	case len(parts) == 2 && (parts[0] == "cal" || parts[0] == "calci"):
		if s.cal == nil {
			var err error
			if s.cal, err = calibrationFigures(); err != nil {
				return "", err
			}
		}
		v, ok := s.cal[metric]
		if !ok {
			return "", fmt.Errorf("docs/calibration.md reports no %s", metric)
		}
		if parts[0] == "calci" {
			return fixed(v.lo, d) + "–" + fixed(v.hi, d), nil
		}
		return fixed(v.mean, d), nil
	}
	return "", fmt.Errorf("not a figure key (run|ci|diff|dci|ndiff|ndci|adiff:RUN:SCENARIO:METRIC, sat:RUN:SCENARIO:RESOURCE, scaled:RUN:SCENARIO:METRIC:FACTOR, sweep:POOLED:HOURS:METRIC, gallery:SCENARIO:METRIC, gdiff|agdiff|gdci|gsd|gneed|detect:METRIC, trend|trendci:SCENARIO:SERIES, udriver:METRIC:PARAM, ufloor|uworse|udraws:METRIC, attr|attrci:LEVER:METRIC, cal|calci:METRIC or target:METRIC, each number with an optional :DECIMALS)")
}

// galleryManifest is what the docs' tests read of docs/charts/manifest.json.
type galleryManifest struct {
	Replicates int `json:"replicates"`
	Scenarios  []struct {
		Name  string `json:"name"`
		First int    `json:"first_month_after_warmup"`
	} `json:"scenarios"`
}

func readGalleryManifest() (*galleryManifest, error) {
	data, err := os.ReadFile(filepath.Join("charts", "manifest.json"))
	if err != nil {
		return nil, err
	}
	var man galleryManifest
	if err := json.Unmarshal(data, &man); err != nil {
		return nil, fmt.Errorf("docs/charts/manifest.json: %w", err)
	}
	return &man, nil
}

// galleryTrends computes, from the gallery's committed monthly series
// (docs/charts/series.csv) and its warm-up (the manifest's
// first_month_after_warmup), each scenario's and series' change over the
// window as a share of its mean, with compare's own computation.
func galleryTrends() (map[[2]string]stats.Estimate, error) {
	man, err := readGalleryManifest()
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(filepath.Join("charts", "series.csv"))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "scenario,replicate,month,metric,value" {
		return nil, fmt.Errorf("docs/charts/series.csv: want the header scenario,replicate,month,metric,value")
	}
	// (scenario, series) → replicate → month (from 1) → value
	series := map[[2]string]map[string][]float64{}
	for i, r := range rows[1:] {
		month, err := strconv.Atoi(r[2])
		if err != nil || month < 1 {
			return nil, fmt.Errorf("docs/charts/series.csv: line %d: month %q", i+2, r[2])
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			v = math.NaN() // a mean of nothing
		}
		k := [2]string{r[0], r[3]}
		if series[k] == nil {
			series[k] = map[string][]float64{}
		}
		reps := series[k]
		for len(reps[r[1]]) < month {
			reps[r[1]] = append(reps[r[1]], math.NaN())
		}
		reps[r[1]][month-1] = v
	}
	out := map[[2]string]stats.Estimate{}
	for _, sc := range man.Scenarios {
		if sc.First < 1 {
			return nil, fmt.Errorf("docs/charts/manifest.json: %s has no first_month_after_warmup", sc.Name)
		}
		for k, reps := range series {
			if k[0] != sc.Name {
				continue
			}
			names := slices.Sorted(maps.Keys(reps))
			var runs [][]float64
			for _, n := range names {
				runs = append(runs, reps[n])
			}
			if e, ok := compare.TrendOf(runs, sc.First-1); ok {
				out[k] = e
			}
		}
	}
	return out, nil
}

// calibrationTargets reads scenarios/targets/england.yaml's targets as
// "observed ± tolerance", with the reader nhssim calibrate uses.
func calibrationTargets() (map[string]string, error) {
	tg, err := calibrate.ReadTargets(filepath.Join("..", "scenarios", "targets", "england.yaml"), 0)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range tg.Targets {
		out[t.Metric] = fmt.Sprintf("%g ± %.3g", t.Observed, t.Tolerance())
	}
	return out, nil
}

func (s *figureSources) run(name string) (*scenarioRun, error) {
	if r, ok := s.runs[name]; ok {
		return r, nil
	}
	r, err := loadScenarioRun(name)
	if err != nil {
		return nil, err
	}
	s.runs[name] = r
	return r, nil
}

// calibrationFigures reads every simulated mean docs/calibration.md
// prints, with its 95% interval: the tables of targets ("(`metric`) |
// published | source | mean | lo – hi |") and of figures reported
// untargeted ("| `metric` | mean | lo – hi |").
func calibrationFigures() (map[string]row, error) {
	data, err := os.ReadFile("calibration.md")
	if err != nil {
		return nil, err
	}
	out := map[string]row{}
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile("(?m)\\(`([a-z0-9_]+)`\\) \\| [^|]* \\| [^|]* \\| ([0-9.]+) \\| ([0-9.-]+) – ([0-9.-]+) \\|"),
		regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\| ([0-9.]+) \\| ([0-9.-]+) – ([0-9.-]+) \\|"),
	} {
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			var v [3]float64
			for i := range v {
				if v[i], err = strconv.ParseFloat(m[i+2], 64); err != nil {
					return nil, fmt.Errorf("calibration.md: %s: %v", m[1], err)
				}
			}
			out[m[1]] = row{mean: v[0], lo: v[1], hi: v[2], hasCI: true}
		}
	}
	return out, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Signs of a figure measured by hand: a 95% interval in brackets, a count
// of replicates, runs, points, draws or seeds, a ± or a dated measurement.
var handMeasured = []*regexp.Regexp{
	regexp.MustCompile(`\[[−+-]?[0-9][0-9.,]*, [−+-]?[0-9][0-9.,]*\]`),
	regexp.MustCompile(`\b[0-9]+ of (the )?[0-9,]+ (\S+ )?(points|replicates|runs|draws|seeds)\b`),
	regexp.MustCompile(`[0-9] ?± ?[0-9]`),
	regexp.MustCompile(`95% interval [0-9.−-]+(–| to )`),
	regexp.MustCompile(`(?i)at the version of this page|at commit [0-9a-f]{7}`),
}

// A table whose header names a shipped scenario or says "simulated" holds
// measured figures, and so does a row of any table that names one first;
// each such row with a decimal number counts, outside its first column
// (what the row is: a figure's name, or the setting of a lever) and the
// columns of published figures and comments (headed England, published,
// source, set from, target, agrees? or what it changes).
var (
	measuredHeader  = regexp.MustCompile("(?i)simulated|`(england|market-contract|regional-collaborative|market-wins|relational-practice|large-practices|pooled-but-short|torbay)`|\\| (market-contract|regional-collaborative) \\|")
	publishedColumn = regexp.MustCompile(`(?i)^(england|published|source|set from|target|agrees\?|what it changes\b.*)$`)
	decimalNumber   = regexp.MustCompile(`[0-9]\.[0-9]`)
	// a row of any table that names a shipped scenario first is measured too
	scenarioRow = regexp.MustCompile("^\\| `(england|market-contract|regional-collaborative|market-wins|relational-practice|large-practices|pooled-but-short|torbay)` \\|")
)

// tableCells splits a table's line into its cells, trimmed.
func tableCells(line string) []string {
	cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// TestNoHandWrittenFigures fails when a document carries, outside its
// generated blocks, a hand-measured figure: the way README's sweep figures
// once went stale. Make the figure from an output instead (a block between
// markers, or an inline <!-- fig:... -->; for a one-off run, add it to
// scenarioRuns). docs/validation.md's one-off measurements of single
// mechanisms, the last allowed (63 lines), were made runs in
// docs/scenario-runs by issue 27.
//
// Its limit: it catches the forms a measurement takes in tables and in
// interval, count and ± notation, not a single simulated figure typed into
// a sentence ("category 2 32.7 minutes"). Such a figure looks like the
// published figures, parameter values and derived arithmetic the prose
// also carries ("0.70 against 0.59" is Barker's, "2.26" a parameter), and
// no pattern tried on the documents (a decimal before "against", "rises
// from ... to ...", a decimal next to minutes or per 1,000) separated them
// without false positives. Such figures are kept out by review: a
// measurement of an earlier model goes to docs/history.md, dated by its
// commit, and a current one is a <!-- fig:KEY --> figure, with its
// ordering in validationClaims where the prose states one.
func TestNoHandWrittenFigures(t *testing.T) {
	for _, path := range proseDocs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		inTable, measuredTable := false, false // measured: the header names a scenario or says "simulated"
		var published []bool                   // the measured table's columns of published figures and comments
		for i, line := range strings.Split(stripGenerated(string(data)), "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case !strings.HasPrefix(trimmed, "|"):
				inTable, measuredTable = false, false
			case !inTable:
				inTable, measuredTable = true, measuredHeader.MatchString(trimmed)
				published = published[:0]
				for _, c := range tableCells(trimmed) {
					published = append(published, publishedColumn.MatchString(c))
				}
				continue
			case (measuredTable || scenarioRow.MatchString(trimmed)) && measuredCell(tableCells(trimmed), published):
				found = append(found, fmt.Sprintf("  line %d: a table of simulated figures: %.60q", i+1, trimmed))
				continue
			}
			for _, re := range handMeasured {
				if m := re.FindString(line); m != "" {
					found = append(found, fmt.Sprintf("  line %d: %q", i+1, m))
					break
				}
			}
		}
		if len(found) > 0 {
			t.Errorf("%s has %d lines with hand-measured figures outside generated blocks; generate them (a block between markers, or <!-- fig:KEY -->):\n%s",
				path, len(found), strings.Join(found, "\n"))
		}
	}
}

// measuredCell says whether a row of a measured table has a decimal number
// in a column of simulated figures.
func measuredCell(cells []string, published []bool) bool {
	for j, c := range cells {
		if j > 0 && !(j < len(published) && published[j]) && decimalNumber.MatchString(c) {
			return true
		}
	}
	return false
}

// stripGenerated blanks the generated parts of a document (blocks between
// <!-- NAME:begin --> and <!-- NAME:end -->, inline figures), keeping its
// lines where they were.
func stripGenerated(doc string) string {
	begin := regexp.MustCompile(`<!-- ([a-z0-9:_-]+):begin -->`)
	var b strings.Builder
	for {
		loc := begin.FindStringSubmatchIndex(doc)
		if loc == nil {
			break
		}
		name := doc[loc[2]:loc[3]]
		end := strings.Index(doc[loc[1]:], "<!-- "+name+":end -->")
		if end < 0 {
			break
		}
		end += loc[1] + len("<!-- "+name+":end -->")
		b.WriteString(doc[:loc[0]])
		b.WriteString(strings.Repeat("\n", strings.Count(doc[loc[0]:end], "\n")))
		doc = doc[end:]
	}
	b.WriteString(doc)
	return inlineFigure.ReplaceAllString(b.String(), "")
}
