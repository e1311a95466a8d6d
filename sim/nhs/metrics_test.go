package nhs

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// registryRuns are runs that between them exercise every mechanism that
// feeds a metric: the England defaults, and a small market with activity
// payment, tenders and virtual wards.
func registryRuns(t *testing.T) []*Result {
	t.Helper()
	market := small()
	market.Contracts.Payment = PaymentActivity
	market.Contracts.Tendering = true
	return []*Result{Simulate(small()), Simulate(market)}
}

// Every metric the model emits is registered, and every registered metric
// is emitted, summaries and series alike, in the registry's order; every
// value lies within its metric's bounds.
func TestMetricsRegistered(t *testing.T) {
	var summary, series []string
	for _, m := range Metrics() {
		if m.Summary {
			summary = append(summary, m.Name)
		}
	}
	for _, d := range seriesDefs() {
		series = append(series, d.Name)
	}
	for i, r := range registryRuns(t) {
		var got []string
		for _, m := range r.Metrics {
			got = append(got, m.Name)
			info, ok := LookupMetric(m.Name)
			if !ok {
				t.Errorf("run %d: metric %s is not registered", i, m.Name)
				continue
			}
			if !math.IsNaN(m.Value) && (m.Value < info.Min || m.Value > info.Max) {
				t.Errorf("run %d: %s = %v, outside its bounds [%v, %v]", i, m.Name, m.Value, info.Min, info.Max)
			}
		}
		if !slices.Equal(got, summary) {
			t.Errorf("run %d emits the metrics\n%q\nthe registry has\n%q", i, got, summary)
		}
		got = got[:0]
		for _, s := range r.Series {
			got = append(got, s.Name)
			info, _ := LookupMetric(s.Name)
			for month, v := range s.Value {
				if !math.IsNaN(v) && (v < info.Min || v > info.Max) {
					t.Errorf("run %d: %s in month %d = %v, outside its bounds", i, s.Name, month+1, v)
				}
			}
		}
		if !slices.Equal(got, series) {
			t.Errorf("run %d emits the series %q, the registry has %q", i, got, series)
		}
	}
}

// The registry is well formed: names unique and lower_snake_case, every
// field filled, headline and series ranks 1..n, bounds ordered.
func TestMetricRegistry(t *testing.T) {
	seen := map[string]bool{}
	var headline, series []int
	for _, m := range Metrics() {
		if seen[m.Name] {
			t.Errorf("%s is registered twice", m.Name)
		}
		seen[m.Name] = true
		if strings.Trim(m.Name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("%q is not lower_snake_case", m.Name)
		}
		if m.Label == "" || m.Unit == "" || m.Definition == "" || m.Kind.String() == "unknown" || m.Aggregation.String() == "unknown" {
			t.Errorf("%s: an empty field in %+v", m.Name, m)
		}
		if !(m.Min < m.Max) {
			t.Errorf("%s: bounds [%v, %v]", m.Name, m.Min, m.Max)
		}
		if m.Headline > 0 {
			headline = append(headline, m.Headline)
			if !m.Summary {
				t.Errorf("headline metric %s is not a summary metric", m.Name)
			}
		}
		if m.Series > 0 {
			series = append(series, m.Series)
		}
		if !m.Summary && m.Series == 0 {
			t.Errorf("%s is neither a summary metric nor a series", m.Name)
		}
	}
	for name, ranks := range map[string][]int{"headline": headline, "series": series} {
		slices.Sort(ranks)
		for i, r := range ranks {
			if r != i+1 {
				t.Errorf("%s ranks %v are not 1..%d", name, ranks, len(ranks))
				break
			}
		}
	}
	// One name per quantity: the sum of the cost categories is the
	// duplication and transaction cost, and nothing claims a total.
	if seen["cost_per_head_total"] {
		t.Error("cost_per_head_total is registered, but nothing computes a total cost")
	}
	if got := HeadlineMetrics(); len(got) != 5 || got[1] != DuplicationCostPerHead || got[4] != "mortality_30d_per_1000_admissions" {
		t.Errorf("HeadlineMetrics = %q", got)
	}
	for _, c := range CostCategories() {
		if m, ok := LookupMetric(CostPrefix + c); !ok || m.Kind != Accounting {
			t.Errorf("cost category %s: %+v, %v", c, m, ok)
		}
	}
	// Callers get copies.
	CostCategories()[0] = "changed"
	Metrics()[0].Name = "changed"
	if CostCategories()[0] == "changed" || Metrics()[0].Name == "changed" {
		t.Error("the registry can be changed through what it returns")
	}
}

// The duplication and transaction cost is the sum of the categories, in
// their order.
func TestDuplicationCostIsTheSum(t *testing.T) {
	for _, r := range registryRuns(t) {
		sum := 0.0
		for _, c := range CostCategories() {
			sum += metric(t, r, CostPrefix+c)
		}
		if got := metric(t, r, DuplicationCostPerHead); got != sum {
			t.Errorf("%s = %v, the categories sum to %v", DuplicationCostPerHead, got, sum)
		}
	}
}

func TestMetricDictionary(t *testing.T) {
	var d struct {
		Metrics []map[string]any `json:"metrics"`
	}
	if err := json.Unmarshal(MetricDictionary(), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Metrics) != len(Metrics()) {
		t.Fatalf("%d metrics in the dictionary, %d registered", len(d.Metrics), len(Metrics()))
	}
	occ := d.Metrics[slices.IndexFunc(d.Metrics, func(m map[string]any) bool { return m["name"] == "bed_occupancy" })]
	if occ["kind"] != "emergent" || occ["min"] != 0.0 || occ["max"] != 1.0 || occ["unit"] != "share" || occ["series"] != true {
		t.Errorf("bed_occupancy in the dictionary: %v", occ)
	}
	cost := d.Metrics[slices.IndexFunc(d.Metrics, func(m map[string]any) bool { return m["name"] == DuplicationCostPerHead })]
	if cost["kind"] != "accounting" || cost["max"] != nil || cost["headline"] != 2.0 {
		t.Errorf("%s in the dictionary: %v", DuplicationCostPerHead, cost)
	}
}

func TestClip(t *testing.T) {
	occ, _ := LookupMetric("bed_occupancy")
	for _, tc := range [][2]float64{{-0.1, 0}, {0.5, 0.5}, {1.2, 1}} {
		if got := occ.Clip(tc[0]); got != tc[1] {
			t.Errorf("Clip(%v) = %v, want %v", tc[0], got, tc[1])
		}
	}
	if !math.IsNaN(occ.Clip(math.NaN())) {
		t.Error("Clip(NaN) is not NaN")
	}
}

// docs/metrics.md is generated from the registry; it must match the code.
func TestMetricDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "metrics.md")
	want := MetricDoc()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sim/nhs -run MetricDoc -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is stale: run go test ./sim/nhs -run MetricDoc -update", path)
	}
}
