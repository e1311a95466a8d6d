package nhs

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/nhssim/nhssim/sim/numfmt"
)

// runSummary is run's summary.json: the scenario, its seed and every metric.
type runSummary struct {
	Scenario string        `json:"scenario"`
	Seed     uint64        `json:"seed"`
	Metrics  metricsObject `json:"metrics"`
}

// metricsObject writes metrics as one JSON object in the registry's order,
// undefined values as null.
type metricsObject []Metric

func (ms metricsObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.Name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(numfmt.JSON(m.Value))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// SummaryJSON is a run's summary.json: the scenario's name, the seed and
// every metric.
func (r *Result) SummaryJSON(scenario string, seed uint64) []byte {
	out, err := json.Marshal(runSummary{Scenario: scenario, Seed: seed, Metrics: r.Metrics})
	if err != nil {
		panic(err) // plain values always encode
	}
	return append(out, '\n')
}

// SeriesCSV is a run's series.csv: every monthly series, tidy.
func (r *Result) SeriesCSV() []byte {
	var b bytes.Buffer
	b.WriteString("month,metric,value\n")
	for _, s := range r.Series {
		for i, v := range s.Value {
			fmt.Fprintf(&b, "%d,%s,%s\n", i+1, s.Name, numfmt.Exact(v))
		}
	}
	return b.Bytes()
}

// PracticesCSV is a run's practices.csv, the per-practice table; an
// undefined value is empty.
func (r *Result) PracticesCSV() []byte {
	var b bytes.Buffer
	b.WriteString("practice,list_size,list_size_at_warmup,gp_posts,gps_in_post,fte,gp_turnover_per_year,upc_mean,preferred_gp_share,emergency_admissions_per_1000,acsc_admissions_per_1000,high_turnover,grown\n")
	num := numfmt.Exact
	b01 := func(x bool) int {
		if x {
			return 1
		}
		return 0
	}
	for _, p := range r.Practices {
		fmt.Fprintf(&b, "%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%d,%d\n", p.Practice, p.ListSize, p.ListAtWarmup, p.GPPosts, p.GPsInPost,
			num(p.FTE), num(p.TurnoverPerYear), num(p.UPCMean), num(p.PreferredGPShare), num(p.AdmissionsPer1000), num(p.ACSCPer1000),
			b01(p.HighTurnover), b01(p.Grown))
	}
	return b.Bytes()
}
