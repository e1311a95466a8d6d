package nhs

import "testing"

// BenchmarkRefnet runs refnet's defaults (100,000 patients, 5 years).
func BenchmarkRefnet(b *testing.B) {
	c := refnetConfig()
	b.ReportAllocs()
	var events float64
	for b.Loop() {
		r := Simulate(c)
		events, _ = r.Metric("events")
	}
	b.ReportMetric(events*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEngland runs the default (England-calibrated) model at 200,000
// patients for 5 years.
func BenchmarkEngland(b *testing.B) {
	c := Defaults()
	c.Population.Patients = 200000
	b.ReportAllocs()
	var events float64
	for b.Loop() {
		events, _ = Simulate(c).Metric("events")
	}
	b.ReportMetric(events*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEnglandAmbulance is BenchmarkEngland with the ambulance service
// (ambulance.service), as the england scenario runs it: the service's cost.
func BenchmarkEnglandAmbulance(b *testing.B) {
	c := Defaults()
	c.Population.Patients = 200000
	c.Ambulance.Service = true
	b.ReportAllocs()
	var events float64
	for b.Loop() {
		events, _ = Simulate(c).Metric("events")
	}
	b.ReportMetric(events*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
