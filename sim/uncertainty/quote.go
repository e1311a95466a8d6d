package uncertainty

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// ReadSummaries reads back the summaries that SummaryCSV and DriversCSV
// wrote (uncertainty.csv and drivers.csv), drivers and all, so that a
// document can quote an analysis from its files. Columns, which neither
// file holds, is the number of independent drivers: the parameters drawn
// on their own and the links.
func ReadSummaries(summary, drivers []byte) ([]Summary, error) {
	rows, err := readCSV(summary, "scenario", "baseline", "metric", "median", "ui_lo", "ui_hi", "p_better", "p_worse", "mid",
		"p_better_mid", "p_worse_mid", "noise_lo", "noise_hi", "noise_share", "fixed", "draws", "replicates")
	if err != nil {
		return nil, fmt.Errorf("uncertainty.csv: %w", err)
	}
	var sums []Summary
	index := map[[3]string]int{}
	for _, r := range rows {
		s := Summary{Scenario: r["scenario"], Baseline: r["baseline"], Metric: r["metric"]}
		fs := []*float64{&s.Median, &s.Lo, &s.Hi, &s.PBetter, &s.PWorse, &s.MID, &s.PBetterMID, &s.PWorseMID, &s.NoiseLo, &s.NoiseHi, &s.NoiseShare}
		for k, col := range []string{"median", "ui_lo", "ui_hi", "p_better", "p_worse", "mid", "p_better_mid", "p_worse_mid", "noise_lo", "noise_hi", "noise_share"} {
			if *fs[k], err = parseNum(r[col]); err != nil {
				return nil, fmt.Errorf("uncertainty.csv: %s: %w", col, err)
			}
		}
		if s.Fixed, err = strconv.ParseBool(r["fixed"]); err != nil {
			return nil, fmt.Errorf("uncertainty.csv: fixed: %w", err)
		}
		if s.Draws, err = strconv.Atoi(r["draws"]); err != nil {
			return nil, fmt.Errorf("uncertainty.csv: draws: %w", err)
		}
		if s.Replicates, err = strconv.Atoi(r["replicates"]); err != nil {
			return nil, fmt.Errorf("uncertainty.csv: replicates: %w", err)
		}
		s.Floor = math.NaN()
		index[[3]string{s.Scenario, s.Baseline, s.Metric}] = len(sums)
		sums = append(sums, s)
	}
	rows, err = readCSV(drivers, "scenario", "baseline", "metric", "param", "link", "index", "chance_floor")
	if err != nil {
		return nil, fmt.Errorf("drivers.csv: %w", err)
	}
	seen := map[[4]string]bool{}
	for _, r := range rows {
		i, ok := index[[3]string{r["scenario"], r["baseline"], r["metric"]}]
		if !ok {
			return nil, fmt.Errorf("drivers.csv: %s − %s, %s is not in uncertainty.csv", r["scenario"], r["baseline"], r["metric"])
		}
		d := Driver{Param: r["param"], Link: r["link"]}
		if d.Index, err = parseNum(r["index"]); err != nil {
			return nil, fmt.Errorf("drivers.csv: index: %w", err)
		}
		if sums[i].Floor, err = parseNum(r["chance_floor"]); err != nil {
			return nil, fmt.Errorf("drivers.csv: chance_floor: %w", err)
		}
		sums[i].Drivers = append(sums[i].Drivers, d)
		column := d.Param
		if d.Link != "" {
			column = "link " + d.Link
		}
		if key := [4]string{r["scenario"], r["baseline"], r["metric"], column}; !seen[key] {
			seen[key] = true
			sums[i].Columns++
		}
	}
	return sums, nil
}

// readCSV reads a CSV file whose header has at least the columns named,
// as one map a row.
func readCSV(data []byte, want ...string) ([]map[string]string, error) {
	all, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("empty")
	}
	col := map[string]int{}
	for j, h := range all[0] {
		col[h] = j
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return nil, fmt.Errorf("no column %q", w)
		}
	}
	out := make([]map[string]string, 0, len(all)-1)
	for _, rec := range all[1:] {
		r := map[string]string{}
		for _, w := range want {
			r[w] = rec[col[w]]
		}
		out = append(out, r)
	}
	return out, nil
}

// parseNum reads a number as num wrote it: "" is NaN.
func parseNum(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// Quote writes, in Markdown, what an analysis says of each headline
// difference: a table of which scenario was better in what share of the
// draws, by more than the minimum important difference, the median and the
// 95% uncertainty interval beside noise alone, and the parameters the
// answer depends most on (those whose first-order index stands above the
// chance floor and 0.05, as the verdicts on standard output name them).
func Quote(sums []Summary) string {
	var b strings.Builder
	b.WriteString("| headline | better in | by more than the MID | median difference | 95% UI | noise alone | depends most on |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, s := range sums {
		info, ok := nhs.LookupMetric(s.Metric)
		if !ok || info.Headline == 0 {
			continue
		}
		label := info.Label
		if countPairs(sums) > 1 {
			label += fmt.Sprintf(" (%s − %s)", s.Scenario, s.Baseline)
		}
		if s.Draws == 0 || s.Fixed {
			what := "no draw gave a value"
			if s.Fixed {
				what = "fixed by inputs: " + numfmt.Signed(s.Median) + " in every draw"
			}
			fmt.Fprintf(&b, "| %s | %s | | | | | |\n", label, what)
			continue
		}
		better, mid := "–", "–"
		if !math.IsNaN(s.PBetter) {
			who, p, pm := s.Scenario, s.PBetter, s.PBetterMID
			if s.PWorse > s.PBetter {
				who, p, pm = s.Baseline, s.PWorse, s.PWorseMID
			}
			better = fmt.Sprintf("%s, %s of %d draws", who, pct(p), s.Draws)
			mid = fmt.Sprintf("%s (MID %s)", pct(pm), numfmt.Human(s.MID))
		}
		noise := "–"
		if !math.IsNaN(s.NoiseLo) {
			noise = numfmt.Signed(s.NoiseLo) + " to " + numfmt.Signed(s.NoiseHi)
		}
		drivers := fmt.Sprintf("no parameter above chance (%.2f)", s.Floor)
		if top := s.TopDrivers(3, max(s.Floor, 0.05)); len(top) > 0 {
			names := make([]string, len(top))
			for i, d := range top {
				names[i] = fmt.Sprintf("`%s` (%.2f)", d.Param, d.Index)
			}
			drivers = strings.Join(names, ", ") + fmt.Sprintf("; chance %.2f", s.Floor)
		} else if len(s.Drivers) == 0 {
			drivers = "–"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s to %s | %s | %s |\n", label, better, mid, numfmt.Signed(s.Median),
			numfmt.Signed(s.Lo), numfmt.Signed(s.Hi), noise, drivers)
	}
	return b.String()
}

// countPairs is the number of scenario–baseline pairs summarised.
func countPairs(sums []Summary) int {
	pairs := map[[2]string]bool{}
	for _, s := range sums {
		pairs[[2]string{s.Scenario, s.Baseline}] = true
	}
	return len(pairs)
}
