// Package cmpreport runs a comparison of scenarios on common random numbers
// and reports it: the headline table, the charts, the CSV tables and the
// manifest. 'nhssim compare' and the classroom server ('nhssim serve') both
// use it, so that a classroom run and a command-line run of the same
// scenarios give the same files.
package cmpreport

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/stats"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// Comparison is a finished comparison, ready to report.
type Comparison struct {
	scs      []*scenario.Scenario
	runs     []compare.Scenario
	seeds    []uint64
	command  string
	build    provenance.Build
	plan     Plan
	summary  []compare.Row
	diffs    []compare.Difference
	headline []string
	attr     *compare.Attribution
	appr     []compare.Appraisal
	// unc is a quoted uncertainty analysis's headlines of the first two
	// scenarios, from uncSource; none if no analysis is quoted.
	unc       []uncertainty.Summary
	uncSource *uncertainty.Quoted
}

// uncertaintyNote says what the quoted uncertainty analysis found, for the
// dashboard: one line a headline, under a line that says where it is from.
func (c *Comparison) uncertaintyNote() string {
	if len(c.unc) == 0 {
		return ""
	}
	lines := []string{fmt.Sprintf("Over parameter uncertainty (%s, %d draws × %d replicates):", c.uncSource.Origin(), c.unc[0].Draws, c.unc[0].Replicates)}
	for _, s := range c.unc {
		lines = append(lines, s.Short())
	}
	return strings.Join(lines, "\n")
}

// reportUncertainty quotes the uncertainty analysis given, if any: each
// headline's verdict over parameter and stochastic uncertainty together,
// beside the intervals above, which are replicate noise alone.
func (c *Comparison) reportUncertainty(w io.Writer) {
	if len(c.unc) == 0 {
		return
	}
	fmt.Fprintf(w, "\nOver parameter uncertainty, from an earlier analysis (%s; its size and window may differ from this comparison's):\n", c.uncSource.Origin())
	for _, s := range c.unc {
		s.Verdict(w)
	}
}

// Appraisals returns the economic appraisal of each scenario after the
// first against the first.
func (c *Comparison) Appraisals() []compare.Appraisal { return c.appr }

// Runs returns each scenario's replicates, in the order compared.
func (c *Comparison) Runs() []compare.Scenario { return c.runs }

// estimate returns a metric's estimate in a scenario, from the summary.
func (c *Comparison) Estimate(scenario, metric string) stats.Estimate {
	for _, r := range c.summary {
		if r.Scenario == scenario && r.Metric == metric {
			return r.Estimate
		}
	}
	return stats.Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
}

func (c *Comparison) Difference(scenario, metric string) stats.Estimate {
	for _, d := range c.diffs {
		if d.Scenario == scenario && d.Metric == metric {
			return d.Estimate
		}
	}
	return stats.Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
}

func pe(e stats.Estimate) plots.Estimate { return plots.Estimate{Mean: e.Mean, Lo: e.Lo, Hi: e.Hi} }

// title says what was compared, for the dashboard.
func (c *Comparison) Title() string {
	names := make([]string, len(c.scs))
	for i, s := range c.scs {
		names[i] = s.Name
	}
	t := strings.Join(names, " vs ") + ": " + Plural(len(c.seeds), "replicate")
	cfg := &c.scs[0].Config
	for _, s := range c.scs[1:] {
		if s.Config.Population.Patients != cfg.Population.Patients || s.Config.Run != cfg.Run {
			return t
		}
	}
	return fmt.Sprintf("%s of %s patients, statistics %s", t, Group(float64(cfg.Population.Patients)), Window(cfg.Run.WarmupYears, cfg.Run.Years))
}

// Window says which years the statistics cover: "over years 1–5 (4 years
// after a 1-year warm-up)", or "over all 5 years" with no warm-up.
func Window(warmup, years float64) string {
	if warmup <= 0 {
		return fmt.Sprintf("over all %s", yearsText(years))
	}
	return fmt.Sprintf("over years %s–%s (%s after a %s-year warm-up)",
		numfmt.Human(warmup), numfmt.Human(years), yearsText(years-warmup), numfmt.Human(warmup))
}

func yearsText(y float64) string {
	if y == 1 {
		return "1 year"
	}
	return numfmt.Human(y) + " years"
}

// Unit is a metric's unit from the registry, for tables ("–" if unknown).
func Unit(metric string) string {
	if m, ok := nhs.LookupMetric(metric); ok && m.Unit != "" {
		return m.Unit
	}
	return "–"
}

// Footer is the provenance line every chart carries.
func (c *Comparison) Footer() string { return provenance.Footer(c.build, c.seeds) }

// clipBand cuts a band's interval to what the metric can take, and says
// whether it did.
func clipBand(b plots.Band, metric string) plots.Band {
	info, ok := nhs.LookupMetric(metric)
	if !ok {
		return b
	}
	for k := range b.Lo {
		lo, hi := info.Clip(b.Lo[k]), info.Clip(b.Hi[k])
		if lo != b.Lo[k] || hi != b.Hi[k] {
			b.Lo[k], b.Hi[k], b.Clipped = lo, hi, true
		}
	}
	return b
}

// clipped is an estimate of a metric with its interval cut to what the
// metric can take: the interval of a mean over few replicates can run
// below 0 or above 1 where the quantity cannot.
func clipped(e stats.Estimate, metric string) plots.Estimate {
	out := pe(e)
	if info, ok := nhs.LookupMetric(metric); ok {
		lo, hi := info.Clip(out.Lo), info.Clip(out.Hi)
		out.Clipped = lo != out.Lo || hi != out.Hi
		out.Lo, out.Hi = lo, hi
	}
	return out
}

// chartData gathers what the charts show.
func (c *Comparison) ChartData() *plots.Comparison {
	pc := &plots.Comparison{Title: c.Title(), Footer: c.Footer(), Trends: map[string]string{}, DashboardNote: c.uncertaintyNote()}
	for _, t := range trendCharts {
		if note := c.trendNote(t.series, t.label); note != "" {
			pc.Trends[t.chart] = note
		}
	}
	for _, sc := range c.scs {
		for _, ch := range sc.Config.Timeline {
			if y := ch.At / nhs.DaysPerYear; !slices.Contains(pc.Changes, y) {
				pc.Changes = append(pc.Changes, y)
			}
		}
	}
	// toBand keeps the months after the warm-up, at their middles in years.
	toBand := func(ests []stats.Estimate, warmup int) plots.Band {
		var b plots.Band
		for m := warmup; m <= len(ests); m++ {
			e := ests[m-1]
			b.X = append(b.X, (float64(m)-0.5)/12) // the month's middle, in years
			b.Mean, b.Lo, b.Hi = append(b.Mean, e.Mean), append(b.Lo, e.Lo), append(b.Hi, e.Hi)
		}
		return b
	}
	band := func(s *compare.Scenario, series string) plots.Band {
		return clipBand(toBand(s.Band(series), s.WarmupMonth()), series)
	}
	hasSeries := func(name string) bool {
		for _, r := range c.runs {
			if r.Band(name) != nil {
				return true
			}
		}
		return false
	}
	// Costs are charted by family (at most eight, so that every segment's
	// colour can be told apart); summary.csv keeps every category.
	cats := compare.CostCategories(c.runs)
	var families []string
	for _, fam := range append(nhs.CostFamilies(), "other") {
		if slices.ContainsFunc(cats, func(cat string) bool { return nhs.CostFamily(cat) == fam }) {
			families = append(families, fam)
		}
	}
	pc.Costs.Categories = families
	for i := range c.runs {
		s := &c.runs[i]
		pc.Scenarios = append(pc.Scenarios, s.Name)
		if hasSeries("emergency_admissions_per_1000") {
			pc.Admissions = append(pc.Admissions, band(s, "emergency_admissions_per_1000"))
			if i > 0 {
				d := compare.DifferenceBand(&c.runs[0], s, "emergency_admissions_per_1000")
				pc.AdmissionsDiff = append(pc.AdmissionsDiff, toBand(d, max(s.WarmupMonth(), c.runs[0].WarmupMonth())))
			}
		}
		if hasSeries("usual_gp_share") {
			pc.UsualGP = append(pc.UsualGP, band(s, "usual_gp_share"))
		}
		if hasSeries("bed_occupancy") {
			pc.Occupancy = append(pc.Occupancy, band(s, "bed_occupancy"))
		}
		est := func(m string) plots.Estimate { return clipped(c.Estimate(s.Name, m), m) }
		pc.UPC = append(pc.UPC, plots.UPC{Histogram: s.UPCHistogram(), Mean: est("upc_mean")})
		pc.Delayed = append(pc.Delayed, est("delayed_bed_days_per_1000"))
		if len(cats) > 0 {
			row := make([]float64, len(families))
			for _, cat := range cats {
				v := c.Estimate(s.Name, nhs.CostPrefix+cat).Mean
				if math.IsNaN(v) {
					continue
				}
				row[slices.Index(families, nhs.CostFamily(cat))] += v
			}
			pc.Costs.PerHead = append(pc.Costs.PerHead, row)
			pc.Costs.Total = append(pc.Costs.Total, est(nhs.DuplicationCostPerHead))
		}
	}
	if a := c.attr; a != nil {
		pa := &plots.Attribution{Baseline: a.Baseline, Target: a.Target, Note: c.attributionNote()}
		for j, m := range a.Metrics {
			panel := plots.AttributionPanel{Metric: nhs.MetricLabel(m), Sum: a.Sum[j], Full: pe(a.Full[j])}
			for i, l := range a.Levers {
				name, change := leverLabel(l)
				panel.Levers = append(panel.Levers, plots.Effect{Lever: name, Change: change, Estimate: pe(a.Effects[i][j])})
			}
			pa.Panels = append(pa.Panels, panel)
		}
		pa.Lead = max(a.Largest(), 0)
		pc.Attribution = pa
		if len(pa.Panels) == 0 {
			pc.AttributionNote = "None of the headline metrics is reported"
		}
	} else {
		pc.AttributionNote = c.plan.note
	}
	return pc
}

// attributionNote is the chart's footnote.
func (c *Comparison) attributionNote() string {
	p := c.plan
	n := len(p.levers) + len(p.omitted) + len(p.skipped)
	s := fmt.Sprintf("Each lever set alone on %s; effects need not add up, since levers interact. %s differ",
		c.scs[0].Name, Plural(n, "lever"))
	if len(p.omitted) > 0 {
		s += fmt.Sprintf("; the %d whose values moved furthest are shown", len(p.levers)+len(p.skipped))
	}
	if len(p.skipped) > 0 {
		var paths []string
		for _, sk := range p.skipped {
			paths = append(paths, sk.lever.Path)
		}
		s += "; cannot be set alone: " + strings.Join(paths, ", ")
	}
	return s + "."
}

// leverLabel names a lever on a chart: the parameter registry's label
// (such as "How hospitals are paid") and, for a single value, its change
// from → to (such as "activity → block"; "no → yes" for a switch).
func leverLabel(l compare.Lever) (name, change string) {
	name = l.Path
	if i := slices.IndexFunc(nhs.Params(), func(p nhs.Param) bool { return p.Path == l.Path }); i >= 0 {
		name = nhs.Params()[i].Label()
	}
	if strings.HasPrefix(l.To, "[") {
		return name, "(list)"
	}
	return name, switchText(LeverValue(l.From)) + " → " + switchText(LeverValue(l.To))
}

// switchText writes a switch's value as people say it.
func switchText(v string) string {
	switch v {
	case "true":
		return "yes"
	case "false":
		return "no"
	}
	return v
}

// LeverValue writes a lever's value for people: strings unquoted, large
// whole numbers with separators.
func LeverValue(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v == math.Trunc(v) && math.Abs(v) >= 10000 && math.Abs(v) < 1e15 {
		return Group(v)
	}
	return s
}

// Num writes a figure for people (see [numfmt.Human]).
func Num(v float64) string { return numfmt.Human(v) }

func estText(e stats.Estimate, sign bool) string {
	if !sign {
		return numfmt.Interval(e.Mean, e.Lo, e.Hi)
	}
	m := numfmt.Signed(e.Mean)
	if math.IsNaN(e.Lo) || math.IsNaN(e.Hi) {
		return m
	}
	return m + " [" + numfmt.Human(e.Lo) + ", " + numfmt.Human(e.Hi) + "]"
}

// trendSeries names the monthly series that follows a headline metric
// which is not a series itself: delayed bed-days a month, and the share of
// consultations with the usual GP (UPC's monthly counterpart).
var trendSeries = map[string]string{
	"delayed_bed_days_per_1000": "delayed_bed_days",
	"upc_mean":                  "usual_gp_share",
}

// trendCharts names the series whose trend each time-series chart's note
// reports.
var trendCharts = []struct{ chart, series, label string }{
	{"admissions", "emergency_admissions_per_1000", "admissions"},
	{"continuity", "usual_gp_share", "usual GP share"},
	{"beds", "bed_occupancy", "occupancy"},
}

// trendNote is a chart's note on the trend of series over the window, in
// each scenario: its least-squares change as a share of its mean, with the
// interval across replicates, and whether it is still trending (the
// interval excludes 0); "" when no scenario has the series.
func (c *Comparison) trendNote(series, label string) string {
	var parts []string
	for i := range c.runs {
		e, ok := c.runs[i].Trend(series)
		if !ok {
			continue
		}
		text, _ := trendCell(e)
		parts = append(parts, c.runs[i].Name+" "+text)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Change in " + label + " over the window (slope test, 95% interval): " + strings.Join(parts, "; ")
}

// trendCell formats a series' change over the window, a share of its mean:
// in percent, with its interval, and "still trending" (and true) where the
// interval excludes 0.
func trendCell(e stats.Estimate) (string, bool) {
	text := numfmt.Signed(100*e.Mean) + "%"
	if !math.IsNaN(e.Lo) {
		text += " [" + numfmt.Human(100*e.Lo) + ", " + numfmt.Human(100*e.Hi) + "]"
	}
	if e.Excludes(0) {
		return text + " still trending", true
	}
	return text, false
}

// reportTrends prints, for each headline metric with a monthly series,
// whether the series still moves over the window in each scenario: its
// least-squares change over the window as a share of its level, with the
// interval across replicates, and "still trending" where that excludes 0.
func (c *Comparison) reportTrends(w io.Writer) {
	var lines [][]string
	moving := false
	for _, m := range c.headline {
		series, label := m, m
		if s, ok := trendSeries[m]; ok {
			series, label = s, m+" (series "+s+")"
		}
		row := []string{label}
		has := false
		for i := range c.runs {
			e, ok := c.runs[i].Trend(series)
			if !ok {
				row = append(row, "–")
				continue
			}
			has = true
			text, still := trendCell(e)
			moving = moving || still
			row = append(row, text)
		}
		if has {
			lines = append(lines, row)
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTrends: each headline's monthly series, its least-squares change over the window as a share of its mean (95% interval across replicates)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "metric")
	for _, s := range c.runs {
		fmt.Fprintf(tw, "\t%s", s.Name)
	}
	fmt.Fprintln(tw)
	for _, row := range lines {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	if moving {
		fmt.Fprintln(w, "(still trending: the window's mean averages a system still on the move; demand growth moves admissions by design)")
	}
}

// detectable is the difference worth detecting in metric, from the
// registry, or 0.
func detectable(metric string) float64 {
	info, _ := nhs.LookupMetric(metric)
	return info.Detect
}

// underpowered returns the replicates a paired test would need to detect
// metric's difference worth detecting, from the spread of the differences
// d, if d has fewer; otherwise 0.
func underpowered(metric string, d stats.Estimate) int {
	need := stats.ReplicatesToDetect(d, detectable(metric), compare.Level, 0.8)
	if need <= d.N {
		return 0
	}
	return need
}

// report prints the headline table, the check of the replicates and the
// attribution.
func (c *Comparison) Report(w io.Writer, elapsed time.Duration) {
	fmt.Fprintf(w, "%s\n", c.Title())
	fmt.Fprintf(w, "seeds %d–%d; %s in %.1f s\n\n", c.seeds[0], c.seeds[len(c.seeds)-1],
		Plural(len(c.seeds)*(len(c.scs)+len(c.plan.levers)), "run"), elapsed.Seconds())

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "metric\tunit")
	for i, s := range c.scs {
		fmt.Fprintf(tw, "\t%s", s.Name)
		if i > 0 {
			fmt.Fprintf(tw, "\t%s − %s", s.Name, c.scs[0].Name)
		}
	}
	fmt.Fprintln(tw)
	star, clip, power, fixed := false, false, false, false
	for _, m := range c.headline {
		fmt.Fprintf(tw, "%s\t%s", m, Unit(m))
		for i, s := range c.scs {
			e := c.Estimate(s.Name, m)
			ce := clipped(e, m)
			clip = clip || ce.Clipped
			e.Lo, e.Hi = ce.Lo, ce.Hi
			fmt.Fprintf(tw, "\t%s", estText(e, false))
			if i > 0 {
				d := c.Difference(s.Name, m)
				mark := ""
				switch {
				case d.Fixed():
					mark, fixed = " =", true
				case d.Excludes(0):
					mark, star = " *", true
				}
				if need := underpowered(m, d); need > 0 {
					mark += fmt.Sprintf(" underpowered (≈%d replicates to detect ±%s)", need, numfmt.Human(detectable(m)))
					power = true
				}
				fmt.Fprintf(tw, "\t%s%s", estText(d, true), mark)
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w, "(means with 95% intervals over the replicates, at fixed parameters: replicate noise only, not parameter uncertainty, which compare --uncertainty N adds; every metric is in summary.csv and differences.csv)")
	if clip {
		fmt.Fprintln(w, "(intervals clipped to the values the metric can take, such as 0 for a count; summary.csv has them unclipped)")
	}
	if star {
		fmt.Fprintln(w, "* the difference's 95% interval excludes 0")
	}
	for _, sc := range c.scs[1:] {
		// Transfers between NHS bodies (coding drift, bailouts) are not
		// resources used, so not in the cost total: say how far they differ.
		d := c.Difference(sc.Name, nhs.TransfersPerHead)
		if slices.Contains(c.headline, nhs.DuplicationCostPerHead) && !math.IsNaN(d.Mean) && d.Mean != 0 {
			fmt.Fprintf(w, "(transfers between NHS bodies, coding drift and bailouts, are not in duplication_transaction_cost_per_head: %s's differ by %s a head, transfers_per_head)\n", sc.Name, estText(d, true))
		}
	}
	if fixed {
		fmt.Fprintln(w, "= fixed by inputs: the same in every replicate, so the scenario and the parameters set it exactly; no significance applies (compare --uncertainty draws the parameters to give it an interval)")
	}
	if power {
		fmt.Fprintln(w, "underpowered: fewer replicates than a paired test (5% two-sided, 80% power) needs to detect the metric's difference worth detecting, judged from the spread of the differences seen")
	}

	c.reportConstruction(w)

	a := compare.CheckReplicates(c.summary, c.headline, compare.Precision)
	r := len(c.seeds)
	switch {
	case a.Rows == 0:
		fmt.Fprintf(w, "\nReplicates: no headline interval to judge %d replicates by.\n", r)
	case a.Enough:
		fmt.Fprintf(w, "\nReplicates: %d are enough: every headline interval is within ±%.1f%% of its mean (the widest: %s in %s; aim ±%g%%).\n",
			r, 100*a.Worst.RelHalfWidth(), a.Worst.Metric, a.Worst.Scenario, 100*compare.Precision)
	default:
		fmt.Fprintf(w, "\nReplicates: %d may be too few: the interval of %s in %s is ±%.1f%% of its mean (aim ±%g%%); about %d replicates would bring it within.\n",
			r, a.Worst.Metric, a.Worst.Scenario, 100*a.Worst.RelHalfWidth(), 100*compare.Precision, a.Need)
	}

	c.reportUncertainty(w)

	c.reportAppraisal(w)

	c.reportTrends(w)

	if c.attr == nil {
		if c.plan.note != "" && len(c.scs) > 1 {
			fmt.Fprintf(w, "\nLever attribution: %s.\n", strings.TrimSuffix(c.plan.note, "."))
		}
		return
	}
	at := c.attr
	fmt.Fprintf(w, "\nLever attribution, %s → %s: each lever set alone on %s (effects need not add up: levers interact)\n", at.Baseline, at.Target, at.Baseline)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "lever")
	for _, m := range at.Metrics {
		fmt.Fprintf(tw, "\t%s", m)
	}
	fmt.Fprint(tw, "\n(unit)")
	for _, m := range at.Metrics {
		fmt.Fprintf(tw, "\t%s", Unit(m))
	}
	fmt.Fprintln(tw)
	for i, l := range at.Levers {
		_, change := leverLabel(l)
		fmt.Fprintf(tw, "%s: %s", l.Path, change)
		for j := range at.Metrics {
			fmt.Fprintf(tw, "\t%s", estText(at.Effects[i][j], true))
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "sum of the levers alone")
	for j := range at.Metrics {
		fmt.Fprintf(tw, "\t%s", estText(stats.Estimate{Mean: at.Sum[j], Lo: math.NaN()}, true))
	}
	fmt.Fprintln(tw)
	fmt.Fprint(tw, "all levers: the whole difference")
	for j := range at.Metrics {
		fmt.Fprintf(tw, "\t%s", estText(at.Full[j], true))
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if n := len(c.plan.omitted); n > 0 {
		fmt.Fprintf(w, "%s more differ and were left out (--attribution-max %d: the %d whose values moved furthest were attributed):", Plural(n, "lever"), c.plan.max, c.plan.max)
		for _, l := range c.plan.omitted {
			fmt.Fprintf(w, " %s", l.Path)
		}
		fmt.Fprintln(w)
	}
	for _, sk := range c.plan.skipped {
		fmt.Fprintf(w, "not attributed: %s cannot be set alone on %s: %s\n", sk.lever.Set(), at.Baseline, sk.reason)
	}
}

// manifest records what was run: enough to run it again.
func (c *Comparison) Manifest() []byte {
	m := manifest{
		Provenance: provenance.Provenance{Build: c.build, Command: c.command, Seeds: c.seeds},
		Replicates: len(c.seeds), ConfidenceLevel: compare.Level, Baseline: c.scs[0].Name,
	}
	for i, s := range c.scs {
		ps := provenance.Of(s)
		ps.FirstMonthAfterWarmup = c.runs[i].WarmupMonth()
		m.Scenarios = append(m.Scenarios, ps)
	}
	m.Attribution = c.attributionManifest()
	out, err := provenance.Encode(m)
	if err != nil {
		panic(err) // a manifest of plain values always encodes
	}
	return out
}

// manifest is compare's manifest.json.
type manifest struct {
	provenance.Provenance
	Replicates      int                 `json:"replicates"`
	ConfidenceLevel float64             `json:"confidence_level"`
	Baseline        string              `json:"baseline"`
	Attribution     attributionManifest `json:"attribution"`
}

// attributionManifest is the attribution's plan: which levers were set
// alone, with the hash of each variant, and which were left out and why.
type attributionManifest struct {
	Note    string          `json:"note,omitempty"`
	From    string          `json:"from,omitempty"`
	To      string          `json:"to,omitempty"`
	Levers  []leverManifest `json:"levers,omitempty"`
	LeftOut []string        `json:"left_out,omitempty"`
	Skipped []leverManifest `json:"cannot_be_set_alone,omitempty"`
}

type leverManifest struct {
	Set    string `json:"set"`
	Hash   string `json:"hash,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func (c *Comparison) attributionManifest() attributionManifest {
	p := c.plan
	if c.attr == nil {
		return attributionManifest{Note: p.note}
	}
	a := attributionManifest{From: c.attr.Baseline, To: c.attr.Target, LeftOut: []string{}, Skipped: []leverManifest{}}
	for i, l := range p.levers {
		a.Levers = append(a.Levers, leverManifest{Set: l.Set(), Hash: scenario.Hash(&p.variants[i].Config)})
	}
	for _, l := range p.omitted {
		a.LeftOut = append(a.LeftOut, l.Path)
	}
	for _, sk := range p.skipped {
		a.Skipped = append(a.Skipped, leverManifest{Set: sk.lever.Set(), Reason: sk.reason})
	}
	return a
}

// Compared returns the compared scenarios and each one's replicate results,
// in order.
func (c *Comparison) Compared() ([]*scenario.Scenario, []compare.Scenario) { return c.scs, c.runs }

// reportAppraisal prints the economic appraisal of each scenario against
// the baseline: what it is, and the incremental cost, QALYs, net monetary
// benefit and ICER.
func (c *Comparison) reportAppraisal(w io.Writer) {
	if len(c.appr) == 0 {
		return
	}
	base := &c.scs[0].Config
	a := &base.Appraisal
	declining := ""
	if a.DecliningRates {
		declining = ", declining after year 30"
	}
	bias := "off"
	if a.OptimismBias {
		bias = "on"
	}
	fmt.Fprintf(w, "\nAppraisal against %s, per registered patient %s:\nNHS and personal social services costs at %s prices; discounted to the window's start at %s%% (costs) and %s%% (health)%s; optimism bias %s\n",
		c.scs[0].Name, Window(base.Run.WarmupYears, base.Run.Years), nhs.PriceYear,
		numfmt.Human(100*a.DiscountRateCosts), numfmt.Human(100*a.DiscountRateHealth), declining, bias)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "scenario\tcost (£)\tQALYs")
	for _, t := range appraisal.Thresholds {
		fmt.Fprintf(tw, "\tNMB at £%s/QALY", Group(t))
	}
	fmt.Fprintln(tw, "\tICER")
	for _, ap := range c.appr {
		fmt.Fprintf(tw, "%s − %s\t%s\t%s", ap.Scenario, ap.Baseline, estText(ap.Cost, true), estText(ap.QALYs, true))
		for _, e := range ap.NMB {
			fmt.Fprintf(tw, "\t%s", estText(e, true))
		}
		fmt.Fprintf(tw, "\t%s\n", ap.ICER)
	}
	tw.Flush()
	for _, s := range c.scs[1:] {
		if s.Config.Appraisal != *a {
			fmt.Fprintf(w, "warning: %s sets appraisal: differently from %s; the figures above value each scenario by its own settings\n", s.Name, c.scs[0].Name)
		}
	}
	fmt.Fprintln(w, "(differences from the baseline with 95% intervals over replicates; health is QALYs lost to deaths within 30 days of an emergency admission; appraisal.csv has every figure, docs/appraisal.md the method)")
}
