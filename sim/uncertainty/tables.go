package uncertainty

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// num writes a number for a CSV: exactly, NaN as an empty cell.
func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return numfmt.Exact(v)
}

func writeCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// DesignCSV is design.csv: one row per draw, its quantile and value of
// every drawn parameter (a list's elements as path[k]).
func (d *Design) DesignCSV() []byte {
	head := []string{"draw"}
	for _, fa := range d.Factors {
		if fa.Param.Len > 0 {
			for k := range fa.Param.Len {
				head = append(head, fmt.Sprintf("%s[%d]", fa.Param.Path, k))
			}
			continue
		}
		head = append(head, fa.Param.Path)
	}
	rows := [][]string{head}
	for i := range d.N() {
		row := []string{strconv.Itoa(i + 1)}
		for f := range d.Factors {
			for _, x := range d.Values[i][f] {
				row = append(row, num(x))
			}
		}
		rows = append(rows, row)
	}
	return writeCSV(rows)
}

// DrawsCSV is draws.csv, in tidy form: draw,scenario,replicate,seed,
// metric,value, one row per run and metric (an undefined value left out).
// The draw's parameter values are in design.csv, one row per draw, to join
// on draw: written here they would repeat on every row.
func (o *Outcome) DrawsCSV() []byte {
	var b bytes.Buffer
	b.WriteString("draw,scenario,replicate,seed,metric,value\n")
	o.writeDraws(&b, "")
	return b.Bytes()
}

// writeDraws writes draws.csv's rows, each after prefix.
func (o *Outcome) writeDraws(b *bytes.Buffer, prefix string) {
	for s, name := range o.Scenarios {
		for i := range o.Design.N() {
			for r, seed := range o.Seeds {
				prefix := prefix + strconv.Itoa(i+1) + "," + csvField(name) + "," + strconv.Itoa(r+1) + "," + strconv.FormatUint(seed, 10) + ","
				for j, m := range o.Metrics {
					if v := o.Y[s][i][r][j]; !math.IsNaN(v) {
						b.WriteString(prefix + m + "," + numfmt.Exact(v) + "\n")
					}
				}
			}
		}
	}
}

// csvField quotes a field if CSV needs it to.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// SummaryCSV is uncertainty.csv: each metric's difference from the
// baseline over the draws, headline metrics first.
func SummaryCSV(sums []Summary) []byte {
	rows := [][]string{summaryHeader}
	for _, s := range sums {
		rows = append(rows, s.row())
	}
	return writeCSV(rows)
}

// summaryHeader is uncertainty.csv's header.
var summaryHeader = []string{"scenario", "baseline", "metric", "median", "ui_lo", "ui_hi", "p_better", "p_worse", "mid", "p_better_mid", "p_worse_mid", "noise_lo", "noise_hi", "noise_share", "fixed", "draws", "replicates", "top_driver", "top_driver_index", "driver_chance_floor"}

// row is s's row of uncertainty.csv.
func (s Summary) row() []string {
	top, idx := "", math.NaN()
	if len(s.Drivers) > 0 {
		top, idx = s.Drivers[0].Param, s.Drivers[0].Index
	}
	return []string{s.Scenario, s.Baseline, s.Metric, num(s.Median), num(s.Lo), num(s.Hi),
		num(s.PBetter), num(s.PWorse), num(s.MID), num(s.PBetterMID), num(s.PWorseMID),
		num(s.NoiseLo), num(s.NoiseHi), num(s.NoiseShare), strconv.FormatBool(s.Fixed),
		strconv.Itoa(s.Draws), strconv.Itoa(s.Replicates), top, num(idx), num(s.Floor)}
}

// DriversCSV is drivers.csv: every parameter's first-order index for each
// headline metric's difference, largest first.
func DriversCSV(sums []Summary) []byte {
	rows := [][]string{{"scenario", "baseline", "metric", "param", "link", "index", "chance_floor"}}
	for _, s := range sums {
		if !isHeadline(s.Metric) {
			continue
		}
		for _, d := range s.Drivers {
			rows = append(rows, []string{s.Scenario, s.Baseline, s.Metric, d.Param, d.Link, num(d.Index), num(s.Floor)})
		}
	}
	return writeCSV(rows)
}

func isHeadline(m string) bool {
	info, ok := nhs.LookupMetric(m)
	return ok && info.Headline > 0
}

// TopDrivers returns the k parameters with the largest indices, a link's
// parameters as one entry ("a + b"), leaving out indices below min.
func (s Summary) TopDrivers(k int, min float64) []Driver {
	var out []Driver
	seen := map[string]int{}
	for _, d := range s.Drivers {
		if !(d.Index >= min) {
			break
		}
		if d.Link != "" {
			if j, ok := seen[d.Link]; ok {
				out[j].Param += " + " + d.Param
				continue
			}
			if len(out) == k {
				continue
			}
			seen[d.Link] = len(out)
		} else if len(out) == k {
			break
		}
		out = append(out, d)
	}
	return out
}

// Verdict says in a sentence or two what the draws say about a headline
// difference: which scenario was better in what share of draws, the median
// and the 95% uncertainty interval, beside noise alone, and the drivers.
func (s Summary) Verdict(w io.Writer) {
	info, _ := nhs.LookupMetric(s.Metric)
	label := strings.ToLower(info.Label[:1]) + info.Label[1:]
	switch {
	case s.Draws == 0:
		fmt.Fprintf(w, "%s: no draw gave a value.\n", label)
		return
	case s.Fixed:
		fmt.Fprintf(w, "%s: %s − %s is %s in every draw and replicate: nothing uncertain touches it.\n", label, s.Scenario, s.Baseline, numfmt.Signed(s.Median))
		return
	}
	if !math.IsNaN(s.PBetter) {
		better, p, pm := s.Scenario, s.PBetter, s.PBetterMID
		if s.PWorse > s.PBetter {
			better, p, pm = s.Baseline, s.PWorse, s.PWorseMID
		}
		fmt.Fprintf(w, "%s: %s was better in %s of %d parameter draws (by more than %s in %s)", label, better, pct(p), s.Draws, numfmt.Human(s.MID), pct(pm))
	} else {
		fmt.Fprintf(w, "%s over %d parameter draws", label, s.Draws)
	}
	fmt.Fprintf(w, "; %s − %s: median %s, 95%% UI %s to %s", s.Scenario, s.Baseline, numfmt.Signed(s.Median), numfmt.Signed(s.Lo), numfmt.Signed(s.Hi))
	if !math.IsNaN(s.NoiseLo) {
		fmt.Fprintf(w, " (noise alone: %s to %s)", numfmt.Signed(s.NoiseLo), numfmt.Signed(s.NoiseHi))
	}
	if top := s.TopDrivers(3, max(s.Floor, 0.05)); len(top) > 0 {
		names := make([]string, len(top))
		for i, d := range top {
			names[i] = fmt.Sprintf("%s (%.2f)", d.Param, d.Index)
		}
		fmt.Fprintf(w, "; it depends most on %s (first-order indices; chance alone, the largest of %d unrelated parameters, reaches %.2f with %d draws)", strings.Join(names, ", "), s.Columns, s.Floor, s.Draws)
	} else if len(s.Drivers) > 0 {
		fmt.Fprintf(w, "; no parameter's first-order index stands out from chance (the largest of %d unrelated parameters reaches %.2f with %d draws)", s.Columns, s.Floor, s.Draws)
	}
	fmt.Fprintln(w, ".")
}

// pct writes a share as a whole percentage, "<1%" and ">99%" near the ends
// so that neither reads as certainty.
func pct(p float64) string {
	switch {
	case p == 0:
		return "0%"
	case p == 1:
		return "100%"
	case p < 0.005:
		return "<1%"
	case p > 0.995:
		return ">99%"
	}
	return fmt.Sprintf("%.0f%%", 100*p)
}
