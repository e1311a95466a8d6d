package docs_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/plots"
)

// docs/discharge-sweep.md and docs/discharge-sweep.svg are made from the
// sweep's table, docs/discharge-sweep.csv (nhssim sweep
// docs/discharge-sweep.yaml); this test fails when either is stale, and
// -update rewrites them. It runs no simulation.
func TestDischargeSweepIsCurrent(t *testing.T) {
	f, err := os.Open("discharge-sweep.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	const pooledCol, capCol = "discharge.pooled_budget", "social_care.home_care_hours_per_1000"
	for _, h := range []string{pooledCol, capCol, "metric", "value"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("discharge-sweep.csv has no column %q", h)
		}
	}
	type key struct {
		pooled string
		cap    float64
		metric string
	}
	values := map[key][]float64{}
	var caps []float64
	for _, r := range rows[1:] {
		if r[col["value"]] == "" { // a mean of nothing (no tender in the run)
			continue
		}
		c, err := strconv.ParseFloat(r[col[capCol]], 64)
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		k := key{r[col[pooledCol]], c, r[col["metric"]]}
		values[k] = append(values[k], v)
		if !slices.Contains(caps, c) {
			caps = append(caps, c)
		}
	}
	slices.Sort(caps)
	metrics := []struct{ name, label, format string }{
		{"delayed_bed_days_per_1000", "delayed bed-days /1,000 a year", "%.1f"},
		{"medically_fit_in_beds_per_100k", "medically fit in beds /100,000", "%.1f"},
		{"fit_to_discharge_wait_mean_days_pathway_1", "wait, pathway 1 (days)", "%.2f"},
		{"fit_to_discharge_wait_mean_days_pathway_3", "wait, pathway 3 (days)", "%.2f"},
		{"care_utilisation_pathway_1", "pathway 1 utilisation", "%.3f"},
	}
	var b strings.Builder
	b.WriteString("| pathway 1 home-care hours a week /1,000 | pooled budget |")
	for _, m := range metrics {
		b.WriteString(" " + m.label + " |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(metrics)) + "\n")
	var curves []plots.Curve
	for _, pooled := range []string{"false", "true"} {
		cv := plots.Curve{Name: map[string]string{"false": "separate budgets", "true": "pooled budget (no capacity bought)"}[pooled]}
		for _, c := range caps {
			fmt.Fprintf(&b, "| %g | %s |", c, map[string]string{"false": "no", "true": "yes"}[pooled])
			for _, m := range metrics {
				mean, half, _ := meanCI95(values[key{pooled, c, m.name}])
				fmt.Fprintf(&b, " "+m.format+" |", mean)
				if m.name == "delayed_bed_days_per_1000" {
					cv.X, cv.Mean = append(cv.X, c), append(cv.Mean, mean)
					// Bed-days cannot be negative: the interval is clipped at 0.
					cv.Lo, cv.Hi = append(cv.Lo, max(mean-half, 0)), append(cv.Hi, mean+half)
				}
			}
			b.WriteString("\n")
		}
		curves = append(curves, cv)
	}
	table := b.String()
	chart := plots.CurvesChart("discharge-sweep", "Delayed bed-days against care capacity, with and without a pooled budget",
		"Pathway 1 home-care and reablement hours a week per 1,000 patients", "Delayed bed-days per 1,000 a year",
		"england at one local system (900,000 patients), 2 years (1 of warm-up), 2 replicates; bars: 95% interval over replicates, clipped at 0",
		curves)
	chart.Footer = "nhssim sweep docs/discharge-sweep.yaml · 2 replicates at each point · synthetic model: simulated patients, not NHS data"
	svg, err := chart.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	const path, svgPath = "discharge-sweep.md", "discharge-sweep.svg"
	const begin, end = "<!-- sweep:begin -->\n", "<!-- sweep:end -->"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers", path)
	}
	old, _ := os.ReadFile(svgPath)
	if *update {
		doc = doc[:i+len(begin)] + table + doc[j:]
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(svgPath, svg, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc[i+len(begin):j] != table || !bytes.Equal(old, svg) {
		t.Errorf("docs/%s or docs/%s is stale: run go test ./docs -run DischargeSweep -update", path, svgPath)
	}
}

// meanCI95 returns the mean, the half-width of its 95% t interval (NaN
// with fewer than two values) and the count.
func meanCI95(xs []float64) (mean, half float64, n int) {
	n = len(xs)
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(n)
	if n < 2 {
		return mean, math.NaN(), n
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	t := [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262}[min(n-1, 9)-1]
	return mean, t * math.Sqrt(ss/float64(n-1)/float64(n)), n
}
