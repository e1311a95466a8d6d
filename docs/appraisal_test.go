package docs_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// The worked appraisal in docs/appraisal.md is rendered from the tables
// its documented commands write: each comparison's appraisal.csv and the
// appraisal rows of its summary.csv, committed as docs/appraisal-NAME.csv
// and docs/appraisal-NAME-summary.csv. This test fails when the block
// between the markers is not what they render, and -update rewrites it. It
// runs no simulation.
func TestAppraisalDocIsCurrent(t *testing.T) {
	var b strings.Builder
	for _, name := range []string{"default", "reform"} {
		b.WriteString(renderAppraisal(t, name))
	}
	replaceBlock(t, "appraisal.md", "<!-- appraisal:begin -->\n", "<!-- appraisal:end -->", b.String())
}

// replaceBlock checks, or with -update rewrites, the text of file between
// begin and end.
func replaceBlock(t *testing.T, file, begin, end, want string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q block", file, begin, end)
	}
	got := doc[i+len(begin) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(file, []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the generated block of %s is stale: run go test ./docs -run AppraisalDoc -update\ngot:\n%s\nwant:\n%s", file, got, want)
}

func readTable(t *testing.T, file string) (header map[string]int, rows [][]string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(all) < 2 {
		t.Fatalf("%s has no rows", file)
	}
	header = map[string]int{}
	for i, h := range all[0] {
		header[h] = i
	}
	return header, all[1:]
}

func parseNum(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func interval(mean, lo, hi float64) string { return numfmt.Interval(mean, lo, hi) }

// englandPeople scales a per-head figure to England (costs.national_population).
var englandPeople = nhs.Defaults().Costs.NationalPopulation

// renderAppraisal renders one comparison: what each scenario costs and
// loses per head, and the appraisal of the second against the first.
func renderAppraisal(t *testing.T, name string) string {
	sh, srows := readTable(t, "appraisal-"+name+"-summary.csv")
	for _, h := range []string{"scenario", "metric", "mean", "lo", "hi"} {
		if _, ok := sh[h]; !ok {
			t.Fatalf("appraisal-%s-summary.csv has no column %q", name, h)
		}
	}
	var scs, metrics []string
	est := map[[2]string]string{}
	for _, r := range srows {
		sc, m := r[sh["scenario"]], r[sh["metric"]]
		if !contains(scs, sc) {
			scs = append(scs, sc)
		}
		if !contains(metrics, m) {
			metrics = append(metrics, m)
		}
		est[[2]string{sc, m}] = interval(parseNum(t, r[sh["mean"]]), parseNum(t, r[sh["lo"]]), parseNum(t, r[sh["hi"]]))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n#### %s\n\nEach scenario's means over the replicates, with 95%% intervals:\n\n| metric | unit |", strings.Join(scs, " vs "))
	for _, sc := range scs {
		fmt.Fprintf(&b, " %s |", sc)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(scs)) + "\n")
	for _, m := range metrics {
		unit := "–"
		if info, ok := nhs.LookupMetric(m); ok {
			unit = info.Unit
		}
		fmt.Fprintf(&b, "| `%s` | %s |", m, unit)
		for _, sc := range scs {
			fmt.Fprintf(&b, " %s |", est[[2]string{sc, m}])
		}
		b.WriteString("\n")
	}

	ah, arows := readTable(t, "appraisal-"+name+".csv")
	for _, h := range []string{"scenario", "baseline", "measure", "threshold", "value", "lo", "hi", "n", "note"} {
		if _, ok := ah[h]; !ok {
			t.Fatalf("appraisal-%s.csv has no column %q", name, h)
		}
	}
	fmt.Fprintf(&b, "\nThe appraisal of %s against %s, per registered patient over the window, paired replicate by replicate (%s replicates), and scaled to England's %s people:\n\n",
		arows[0][ah["scenario"]], arows[0][ah["baseline"]], arows[0][ah["n"]], numfmt.Group(englandPeople))
	b.WriteString("| measure | per head | England (£ million) | note |\n|---|---|---|---|\n")
	var verdict []string
	for _, r := range arows {
		measure := r[ah["measure"]]
		if th := r[ah["threshold"]]; th != "" {
			measure += " at £" + numfmt.Group(parseNum(t, th)) + " per QALY"
		}
		mean, lo, hi := parseNum(t, r[ah["value"]]), parseNum(t, r[ah["lo"]]), parseNum(t, r[ah["hi"]])
		national := "–"
		if strings.HasPrefix(r[ah["measure"]], "incremental_cost") || strings.HasPrefix(r[ah["measure"]], "net_monetary_benefit") {
			national = interval(mean*englandPeople/1e6, lo*englandPeople/1e6, hi*englandPeople/1e6)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", measure, interval(mean, lo, hi), national, r[ah["note"]])
		if r[ah["measure"]] == "net_monetary_benefit" {
			switch {
			case lo > 0:
				verdict = append(verdict, "positive at £"+numfmt.Group(parseNum(t, r[ah["threshold"]])))
			case hi < 0:
				verdict = append(verdict, "negative at £"+numfmt.Group(parseNum(t, r[ah["threshold"]])))
			default:
				verdict = append(verdict, "not distinguishable from 0 at £"+numfmt.Group(parseNum(t, r[ah["threshold"]])))
			}
		}
		if r[ah["measure"]] == "icer" {
			verdict = append(verdict, "ICER: "+r[ah["note"]])
		}
	}
	fmt.Fprintf(&b, "\nIn words (rendered from the table): the net monetary benefit of %s is %s.\n", arows[0][ah["scenario"]], strings.Join(verdict, "; "))
	return b.String()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
