package compare

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/nhssim/nhssim/sim/numfmt"
)

// The CSV files are tidy (one value a row) and write numbers exactly, so
// that they read back to the same float64; an undefined value, such as the
// interval of a single replicate, is an empty field.

// SummaryCSV writes summary rows: scenario,metric,mean,lo,hi,n.
func SummaryCSV(rows []Row) []byte {
	return table([]string{"scenario", "metric", "mean", "lo", "hi", "n"}, len(rows), func(i int) []string {
		r := rows[i]
		return []string{text(r.Scenario), r.Metric, num(r.Mean), num(r.Lo), num(r.Hi), strconv.Itoa(r.N)}
	})
}

// DifferencesCSV writes paired differences:
// scenario,baseline,metric,difference,lo,hi,n.
func DifferencesCSV(rows []Difference) []byte {
	return table([]string{"scenario", "baseline", "metric", "difference", "lo", "hi", "n"}, len(rows), func(i int) []string {
		r := rows[i]
		return []string{text(r.Scenario), text(r.Baseline), r.Metric, num(r.Mean), num(r.Lo), num(r.Hi), strconv.Itoa(r.N)}
	})
}

// SeriesCSV writes every monthly series of every replicate of every
// scenario: scenario,replicate,month,metric,value, replicates and months
// counted from 1 (warm-up months included).
func SeriesCSV(scs []Scenario) []byte {
	var recs [][]string
	for _, s := range scs {
		name := text(s.Name)
		for k, r := range s.Results {
			rep := strconv.Itoa(k + 1)
			for _, ser := range r.Series {
				for m, v := range ser.Value {
					recs = append(recs, []string{name, rep, strconv.Itoa(m + 1), ser.Name, num(v)})
				}
			}
		}
	}
	return table([]string{"scenario", "replicate", "month", "metric", "value"}, len(recs), func(i int) []string { return recs[i] })
}

// AttributionCSV writes a lever attribution: lever,from,to,metric,effect,lo,hi,n,
// one row per lever and metric, then, per metric, the sum of the levers'
// effects (lever "sum of levers", no interval) and the whole difference
// (lever "all levers", from and to the scenarios' names).
func AttributionCSV(a *Attribution) []byte {
	var recs [][]string
	for i, l := range a.Levers {
		for j, m := range a.Metrics {
			e := a.Effects[i][j]
			recs = append(recs, []string{l.Path, text(l.From), text(l.To), m, num(e.Mean), num(e.Lo), num(e.Hi), strconv.Itoa(e.N)})
		}
	}
	for j, m := range a.Metrics {
		recs = append(recs, []string{"sum of levers", "", "", m, num(a.Sum[j]), "", "", ""})
	}
	for j, m := range a.Metrics {
		e := a.Full[j]
		recs = append(recs, []string{"all levers", text(a.Baseline), text(a.Target), m, num(e.Mean), num(e.Lo), num(e.Hi), strconv.Itoa(e.N)})
	}
	return table([]string{"lever", "from", "to", "metric", "effect", "lo", "hi", "n"}, len(recs), func(i int) []string { return recs[i] })
}

func table(header []string, n int, row func(i int) []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for i := range n {
		w.Write(row(i))
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return b.Bytes()
}

// text writes a cell of text, such as a scenario's name, so that a
// spreadsheet does not take it for a formula.
func text(s string) string { return numfmt.Cell(s) }

// num writes v exactly, or nothing for NaN and infinities.
func num(v float64) string { return numfmt.Exact(v) }
