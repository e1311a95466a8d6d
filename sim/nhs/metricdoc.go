package nhs

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// metricJSON is a metric's entry in the metric dictionary.
type metricJSON struct {
	Name        string      `json:"name"`
	Label       string      `json:"label"`
	Unit        string      `json:"unit"`
	Definition  string      `json:"definition"`
	Kind        MetricKind  `json:"kind"`
	Aggregation Aggregation `json:"aggregation"`
	Min         *float64    `json:"min"` // null where unbounded
	Max         *float64    `json:"max"`
	Headline    int         `json:"headline,omitempty"`
	Summary     bool        `json:"summary"`
	Series      bool        `json:"series"`
	Detect      float64     `json:"detect,omitempty"` // a difference worth detecting
}

// MarshalJSON writes the metric as an entry of the metric dictionary:
// unbounded ends as null, the headline rank only for a headline metric, the
// difference worth detecting only where there is one.
func (m MetricInfo) MarshalJSON() ([]byte, error) {
	bound := func(v float64) *float64 {
		if math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return json.Marshal(metricJSON{m.Name, m.Label, m.Unit, m.Definition, m.Kind, m.Aggregation,
		bound(m.Min), bound(m.Max), m.Headline, m.Summary, m.Series > 0, m.Detect})
}

// MetricDictionary returns the metric registry as JSON: the metrics.json
// written beside every output.
func MetricDictionary() []byte {
	out, err := json.MarshalIndent(struct {
		Note    string       `json:"note"`
		Metrics []MetricInfo `json:"metrics"`
	}{metricNote, Metrics()}, "", "  ")
	if err != nil {
		panic("nhs: the metric registry does not encode: " + err.Error())
	}
	return append(out, '\n')
}

const metricNote = "Kinds: emergent metrics come out of the simulation; accounting metrics are assumed unit costs times counts of organisations or transactions, so their differences between scenarios are largely the assumptions' doing; structural metrics restate the configuration. Summary metrics are over the statistics window (after the warm-up); series are monthly over the whole run. Across replicates every metric is averaged."

// MetricDoc renders the registry as docs/metrics.md; a test fails when the
// committed copy is stale.
func MetricDoc() string {
	var b strings.Builder
	b.WriteString("# Metrics\n\n")
	b.WriteString("<!-- Generated from the metric registry (sim/nhs/metrics.go) by\n" +
		"     go test ./sim/nhs -run MetricDoc -update; do not edit. -->\n\n")
	b.WriteString("Every metric nhssim reports, from its one registry: `nhssim metrics` prints it,\n" +
		"`nhssim metrics --json` and the `metrics.json` beside every `--out` hold it as JSON.\n\n")
	b.WriteString(metricNote + "\n\n")
	b.WriteString("- **aggregation** is how a run forms the metric over its window: " +
		"`total` a count or sum (per month in a series), `rate` a total per head or per year, " +
		"`share` a part over a whole, `mean` a mean over events, patients or organisations, " +
		"`quantile` a quantile over patients, `spread` a spread across organisations, `fixed` set by the configuration.\n")
	b.WriteString("- **bounds** are the values the metric can take, so that an interval can be clipped to them (charts do not clip yet).\n")
	b.WriteString("- **headline** metrics, in order: " + strings.Join(HeadlineMetrics(), ", ") +
		". Comparisons report them first, check replicates against them and attribute them to levers; sensitivity analyses explain them.\n\n")
	b.WriteString("| metric | label | unit | kind | aggregation | bounds | headline | in | definition |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, m := range Metrics() {
		hl := ""
		if m.Headline > 0 {
			hl = fmt.Sprint(m.Headline)
		}
		var in []string
		if m.Summary {
			in = append(in, "summary")
		}
		if m.Series > 0 {
			in = append(in, "series")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n", m.Name, cell(m.Label), cell(m.Unit),
			m.Kind, m.Aggregation, bounds(m), hl, strings.Join(in, ", "), cell(m.Definition))
	}
	return b.String()
}

func bounds(m MetricInfo) string {
	end := func(v float64) string {
		if math.IsInf(v, 0) {
			return "∞"
		}
		return fmt.Sprint(v)
	}
	open := "]"
	if math.IsInf(m.Max, 0) {
		open = ")"
	}
	return "[" + end(m.Min) + ", " + end(m.Max) + open
}
