package cmpreport

import (
	"math"
	"testing"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/stats"
)

func TestWindow(t *testing.T) {
	for _, tt := range []struct {
		warmup, years float64
		want          string
	}{
		{1, 5, "over years 1–5 (4 years after a 1-year warm-up)"},
		{1, 2, "over years 1–2 (1 year after a 1-year warm-up)"},
		{0, 3, "over all 3 years"},
		{0, 1, "over all 1 year"},
		{0.5, 2.5, "over years 0.5–2.5 (2 years after a 0.5-year warm-up)"},
	} {
		if got := Window(tt.warmup, tt.years); got != tt.want {
			t.Errorf("Window(%g, %g) = %q, want %q", tt.warmup, tt.years, got, tt.want)
		}
	}
}

func TestLeverLabel(t *testing.T) {
	for _, tt := range []struct {
		lever        compare.Lever
		name, change string
	}{
		{compare.Lever{Path: "contracts.payment", From: `"activity"`, To: `"block"`}, "How hospitals are paid", "activity → block"},
		{compare.Lever{Path: "discharge.pooled_budget", From: "false", To: "true"}, "Health and social care money pooled", "no → yes"},
		{compare.Lever{Path: "commissioning.population_per_body", From: "270000", To: "6000000"}, "People per commissioning body", "270,000 → 6,000,000"},
		{compare.Lever{Path: "no.such_lever", From: "1", To: "2"}, "no.such_lever", "1 → 2"},
	} {
		name, change := leverLabel(tt.lever)
		if name != tt.name || change != tt.change {
			t.Errorf("leverLabel(%s) = %q, %q; want %q, %q", tt.lever.Path, name, change, tt.name, tt.change)
		}
	}
}

func TestClipping(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		metric string
		in     stats.Estimate
		want   plots.Estimate
	}{
		{"delayed_bed_days_per_1000", stats.Estimate{Mean: 53, Lo: -5, Hi: 111}, plots.Estimate{Mean: 53, Lo: 0, Hi: 111, Clipped: true}},
		{"delayed_bed_days_per_1000", stats.Estimate{Mean: 53, Lo: 5, Hi: 111}, plots.Estimate{Mean: 53, Lo: 5, Hi: 111}},
		{"bed_occupancy", stats.Estimate{Mean: 0.95, Lo: 0.9, Hi: 1.02}, plots.Estimate{Mean: 0.95, Lo: 0.9, Hi: 1, Clipped: true}},
		{"not_a_metric", stats.Estimate{Mean: 1, Lo: -1, Hi: 3}, plots.Estimate{Mean: 1, Lo: -1, Hi: 3}},
	} {
		if got := clipped(tt.in, tt.metric); got != tt.want {
			t.Errorf("clipped(%v, %s) = %+v, want %+v", tt.in, tt.metric, got, tt.want)
		}
	}
	b := clipBand(plots.Band{X: []float64{1, 2}, Mean: []float64{0.9, 0.5}, Lo: []float64{0.8, nan}, Hi: []float64{1.1, nan}}, "bed_occupancy")
	if !b.Clipped || b.Hi[0] != 1 || !math.IsNaN(b.Lo[1]) {
		t.Errorf("clipBand: %+v", b)
	}
	if b := clipBand(plots.Band{Lo: []float64{0.1}, Hi: []float64{0.9}}, "bed_occupancy"); b.Clipped {
		t.Error("a band within its range is marked clipped")
	}
}

func TestUnit(t *testing.T) {
	if u := Unit("delayed_bed_days_per_1000"); u != "bed-days per 1,000 person-years" {
		t.Errorf("Unit = %q", u)
	}
	if u := Unit("not_a_metric"); u != "–" {
		t.Errorf("Unit of an unknown metric = %q", u)
	}
}

// A trend is "still trending" where its interval excludes 0, in the Trends
// table and in the charts' notes alike.
func TestTrendCell(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		e     stats.Estimate
		want  string
		still bool
	}{
		{stats.Estimate{Mean: 0.084, Lo: 0.061, Hi: 0.11}, "+8.4% [6.1, 11] still trending", true},
		{stats.Estimate{Mean: 0.005, Lo: -0.012, Hi: 0.022}, "+0.5% [-1.2, 2.2]", false},
		{stats.Estimate{Mean: -0.03, Lo: -0.05, Hi: -0.01}, "-3% [-5, -1] still trending", true},
		{stats.Estimate{Mean: 0.02, Lo: nan, Hi: nan}, "+2%", false},
	} {
		got, still := trendCell(tt.e)
		if got != tt.want || still != tt.still {
			t.Errorf("trendCell(%+v) = %q, %v; want %q, %v", tt.e, got, still, tt.want, tt.still)
		}
	}
}
