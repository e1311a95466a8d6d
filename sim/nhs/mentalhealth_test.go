package nhs

import (
	"math"
	"slices"
	"testing"
)

// mentalHealthConfig is a local system of three hospital catchments of
// 40,000 patients, with the mental health beds on, and admissions and
// beds per head four times England's (the same load per bed), so that each
// catchment's provider has about 19 beds, and out-of-area placements are
// many enough to compare in a short run.
func mentalHealthConfig() Config {
	c := small()
	c.Population.Patients = 120000
	c.Market.HospitalsPerMarket = 3
	c.MentalHealth.Service = true
	c.MentalHealth.AdmissionsPer100k *= 4
	c.MentalHealth.BedsPer100k *= 4
	return c
}

// mentalHealthMetrics are the metrics the mental health beds add.
var mentalHealthMetrics = []string{"mh_out_of_area_placements_per_100k", "mh_bed_occupancy"}

// With the service off, its parameters change nothing and its own metrics
// have no value.
func TestMentalHealthOffChangesNothing(t *testing.T) {
	c := small()
	base := Simulate(c)
	c.MentalHealth = MentalHealth{
		PooledBeds: true, AdmissionsPer100k: 900, BedsPer100k: 1, LengthOfStayDays: 90,
		OutOfAreaExtraStay: 2, OutOfAreaCostPerDay: 5000,
	}
	if got, want := summary(Simulate(c)), summary(base); got != want {
		t.Errorf("mental health parameters changed a run without the service:\n%s\nvs\n%s", got, want)
	}
	for _, name := range mentalHealthMetrics {
		if v := metric(t, base, name); !math.IsNaN(v) {
			t.Errorf("%s = %v without the service; want no value", name, v)
		}
	}
	for _, name := range []string{"cost_per_head_mh_out_of_area", "cost_per_head_mh_providers"} {
		if v := metric(t, base, name); v != 0 {
			t.Errorf("%s = %v without the service; want 0", name, v)
		}
	}
}

// The mental health beds touch no other care: every emergent metric but
// theirs (and the count of events) is what it is without them; only the
// costs they add differ.
func TestMentalHealthIsSeparate(t *testing.T) {
	c := mentalHealthConfig()
	on := Simulate(c)
	c.MentalHealth.Service = false
	off := Simulate(c)
	for _, d := range metricDefs {
		if d.Kind != Emergent || slices.Contains(mentalHealthMetrics, d.Name) || d.Name == "events" {
			continue
		}
		a, ok := on.Metric(d.Name)
		if !ok {
			continue // a monthly series only
		}
		b := metric(t, off, d.Name)
		if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Errorf("%s = %v with the mental health beds, %v without", d.Name, a, b)
		}
	}
	for _, name := range mentalHealthMetrics {
		if v := metric(t, on, name); math.IsNaN(v) || v <= 0 {
			t.Errorf("%s = %v with the service; want a positive value", name, v)
		}
	}
}

// Fewer beds for the same admissions: more out-of-area placements, and the
// beds that are left fuller.
func TestMentalHealthFewerBedsMorePlacements(t *testing.T) {
	var placements, occupancy []float64
	scales := []float64{1.3, 1, 0.7}
	for _, s := range scales {
		c := mentalHealthConfig()
		c.MentalHealth.BedsPer100k *= s
		r := Simulate(c)
		placements = append(placements, metric(t, r, "mh_out_of_area_placements_per_100k"))
		occupancy = append(occupancy, metric(t, r, "mh_bed_occupancy"))
	}
	for i := 1; i < len(scales); i++ {
		if !(placements[i] > placements[i-1]) || !(occupancy[i] > occupancy[i-1]) {
			t.Errorf("beds ×%v: %v placements per 100,000, occupancy %v; beds ×%v: %v, %v; want more placements and fuller beds with fewer beds",
				scales[i-1], placements[i-1], occupancy[i-1], scales[i], placements[i], occupancy[i])
		}
	}
}

// Pooling the local system's beds under one provider, at the same beds:
// fewer out-of-area placements (an admission takes a free bed of another
// catchment) and fuller beds; and the boards and contracts of two
// providers fewer.
func TestMentalHealthPoolingFewerPlacements(t *testing.T) {
	c := mentalHealthConfig()
	split := Simulate(c)
	c.MentalHealth.PooledBeds = true
	pooled := Simulate(c)
	for _, tc := range []struct {
		name  string
		fewer bool // want pooled below split
	}{
		{"mh_out_of_area_placements_per_100k", true},
		{"cost_per_head_mh_out_of_area", true},
		{"cost_per_head_mh_providers", true},
		{"mh_bed_occupancy", false},
	} {
		s, p := metric(t, split, tc.name), metric(t, pooled, tc.name)
		if tc.fewer != (p < s) || p == s {
			t.Errorf("%s: %v with split beds, %v pooled; want pooled %s", tc.name, s, p, map[bool]string{true: "lower", false: "higher"}[tc.fewer])
		}
	}
}
