package classroom

import (
	"fmt"
	"math"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/stats"
)

// phrase says a headline metric in words: what there is more or less of,
// the words for more and less, and how to write an amount of it.
type phrase struct {
	what       string // "emergency admissions per 1,000 people a year"
	more, less string
	amount     func(v float64) string
}

var phrases = map[string]phrase{
	"emergency_admissions_per_1000": {"emergency admissions per 1,000 people a year", "more", "fewer", plainNum},
	"upc_mean": {"continuity of GP care (mean UPC, the share of a patient's consultations with their usual GP, 0 to 1)",
		"higher", "lower", plainNum},
	"delayed_bed_days_per_1000": {"bed-days per 1,000 people a year lost to delayed discharges", "more", "fewer", plainNum},
	compare.CostTotal: {"duplication and transaction costs per head a year", "higher", "lower",
		func(v float64) string { return "£" + plainNum(v) }},
	"elective_wait_mean_days":  {"days' mean wait for a planned (elective) admission", "more", "fewer", plainNum},
	"mean_stay_days":           {"days' mean length of an emergency stay", "more", "fewer", plainNum},
	"readmission_30d_rate":     {"percentage points of emergency discharges readmitted within 30 days", "more", "fewer", percent},
	"bed_occupancy":            {"percentage points of bed occupancy", "more", "fewer", percent},
	"acsc_admissions_per_1000": {"admissions for ambulatory-care-sensitive conditions (ACSC) per 1,000 people a year", "more", "fewer", plainNum},
	"relationship_years_mean":  {"years' mean length of a patient's relationship with their usual GP", "more", "fewer", plainNum},
	"trust_practice_mean":      {"trust between practices and social care (0 to 1)", "higher", "lower", plainNum},
	"cost_per_head_tendering":  {"tendering costs per head a year", "higher", "lower", func(v float64) string { return "£" + plainNum(v) }},
	"upc_mean_small_practices": {"continuity of GP care in small practices (mean UPC, 0 to 1)", "higher", "lower", plainNum},
}

// percent writes a share as percentage points.
func percent(v float64) string { return plainNum(100 * v) }

// plainNum writes a figure for a sentence: three significant figures at
// most, whole numbers of 1,000 and more with separators.
func plainNum(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v):
		return "–"
	case a >= 1000:
		return cmpreport.Group(math.Round(a))
	case a >= 100:
		return fmt.Sprintf("%.0f", a)
	case a >= 10:
		return fmt.Sprintf("%.1f", a)
	case a >= 1:
		return fmt.Sprintf("%.2f", a)
	}
	return fmt.Sprintf("%.3g", a)
}

// signed writes v with a minus sign when it is negative.
func signed(v float64, amount func(float64) string) string {
	if v < 0 {
		return "−" + amount(v)
	}
	return amount(v)
}

// Caption is one headline metric's plain-language sentence.
type Caption struct {
	Metric string `json:"metric"`
	Text   string `json:"text"`
	Clear  bool   `json:"clear"` // the difference's interval excludes zero
}

// caption says in one sentence how target differs from base in a metric,
// from the paired difference d (target minus base) and its 95% interval.
func caption(metric, base, target string, d stats.Estimate) Caption {
	ph, ok := phrases[metric]
	if !ok {
		ph = phrase{cmpreport.MetricLabel(metric), "higher", "lower", plainNum}
	}
	c := Caption{Metric: metric}
	interval := fmt.Sprintf("95%% interval %s to %s", signed(d.Lo, ph.amount), signed(d.Hi, ph.amount))
	switch {
	case math.IsNaN(d.Mean):
		c.Text = fmt.Sprintf("No estimate of %s: the scenarios do not report it.", ph.what)
	case math.IsNaN(d.Lo) || d.Lo == d.Hi && d.Mean == 0:
		c.Text = fmt.Sprintf("%s and %s had the same %s in every replicate.", target, base, ph.what)
	case !d.Excludes(0):
		c.Text = fmt.Sprintf("No clear difference in %s between %s and %s: the difference, %s (%s), could be zero.",
			ph.what, target, base, signed(d.Mean, ph.amount), interval)
	default:
		word := ph.more
		if d.Mean < 0 {
			word = ph.less
		}
		c.Clear = true
		c.Text = fmt.Sprintf("%s had %s %s %s than %s (%s).", target, ph.amount(d.Mean), word, ph.what, base, interval)
	}
	return c
}

// captions are the headline metrics' sentences for a comparison of two
// scenarios.
func captions(c *cmpreport.Comparison) []Caption {
	names := c.Names()
	if len(names) < 2 {
		return nil
	}
	var out []Caption
	for _, m := range c.Headline() {
		out = append(out, caption(m, names[0], names[1], c.Difference(names[1], m)))
	}
	return out
}
