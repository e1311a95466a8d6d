package classroom

import (
	"fmt"
	"math"
	"strings"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/pmath"
	"github.com/nhssim/nhssim/sim/stats"
)

// phrase says a metric in words. A count ("emergency admissions per 1,000
// people a year") reads "B had 3.1 fewer emergency admissions…"; a level
// ("the mean wait for a planned admission", unit " days") reads "In B, the
// mean wait… was 12 days shorter than in A".
type phrase struct {
	what       string
	count      bool
	unit       string // after an amount of a level, such as " days"
	more, less string
	amount     func(v float64) string
}

func pounds(v float64) string { return "£" + plainNum(v) }

var phrases = map[string]phrase{
	"emergency_admissions_per_1000":     {"emergency admissions per 1,000 people a year", true, "", "more", "fewer", plainNum},
	"acsc_admissions_per_1000":          {"admissions for ambulatory-care-sensitive conditions (ACSC) per 1,000 people a year", true, "", "more", "fewer", plainNum},
	"delayed_bed_days_per_1000":         {"bed-days per 1,000 people a year lost to delayed discharges", true, "", "more", "fewer", plainNum},
	"upc_mean":                          {"continuity of GP care (mean UPC, from 0 to 1)", false, "", "higher", "lower", plainNum},
	"mortality_30d_per_1000_admissions": {"deaths within 30 days per 1,000 emergency admissions", true, "", "more", "fewer", plainNum},
	nhs.DuplicationCostPerHead:          {"duplication and transaction cost per head a year", false, "", "higher", "lower", pounds},
	"elective_wait_mean_days":           {"mean wait for a planned (elective) admission", false, " days", "longer", "shorter", plainNum},
	"mean_stay_days":                    {"mean length of an emergency stay", false, " days", "longer", "shorter", plainNum},
	"readmission_30d_rate":              {"share of emergency discharges readmitted within 30 days", false, " percentage points", "higher", "lower", percent},
	"bed_occupancy":                     {"bed occupancy", false, " percentage points", "higher", "lower", percent},
	"relationship_years_mean":           {"mean length of a patient's relationship with their usual GP", false, " years", "longer", "shorter", plainNum},
	"trust_practice_mean":               {"trust between practices and social care (from 0 to 1)", false, "", "higher", "lower", plainNum},
	"cost_per_head_tendering":           {"cost of tendering per head a year", false, "", "higher", "lower", pounds},
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
	case a == 0:
		return "0"
	}
	return fmt.Sprintf("%.*f", 2-int(math.Floor(pmath.Log10(a))), a)
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
		ph = phrase{nhs.MetricLabel(metric), false, "", "higher", "lower", plainNum}
	}
	c := Caption{Metric: metric}
	interval := fmt.Sprintf("95%% interval %s to %s%s", signed(d.Lo, ph.amount), signed(d.Hi, ph.amount), ph.unit)
	switch {
	case math.IsNaN(d.Mean):
		c.Text = fmt.Sprintf("No estimate of %s: the scenarios do not report it.", ph.what)
	case math.IsNaN(d.Lo) || d.Lo == d.Hi && d.Mean == 0:
		c.Text = fmt.Sprintf("%s and %s had the same %s in every replicate.", target, base, strings.TrimPrefix(ph.what, "the "))
	case d.Fixed():
		word := ph.more
		if d.Mean < 0 {
			word = ph.less
		}
		if ph.count {
			c.Text = fmt.Sprintf("%s had %s %s %s than %s in every replicate: the scenarios and parameters fix it, so this is not an estimate, and it is as uncertain as the parameters behind it.", target, ph.amount(d.Mean), word, ph.what, base)
		} else {
			c.Text = fmt.Sprintf("In %s, the %s was %s%s %s than in %s in every replicate: the scenarios and parameters fix it, so this is not an estimate, and it is as uncertain as the parameters behind it.", target, ph.what, ph.amount(d.Mean), ph.unit, word, base)
		}
	case !d.Excludes(0):
		c.Text = fmt.Sprintf("No clear difference in %s between %s and %s: the difference, %s%s (%s), could be zero.",
			ph.what, target, base, signed(d.Mean, ph.amount), ph.unit, interval)
	default:
		word := ph.more
		if d.Mean < 0 {
			word = ph.less
		}
		c.Clear = true
		if ph.count {
			c.Text = fmt.Sprintf("%s had %s %s %s than %s (%s).", target, ph.amount(d.Mean), word, ph.what, base, interval)
		} else {
			c.Text = fmt.Sprintf("In %s, the %s was %s%s %s than in %s (%s).", target, ph.what, ph.amount(d.Mean), ph.unit, word, base, interval)
		}
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
