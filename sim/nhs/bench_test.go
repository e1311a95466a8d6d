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

// benchEngland runs c, reporting allocations and events a second.
func benchEngland(b *testing.B, c Config) {
	b.ReportAllocs()
	var events float64
	for b.Loop() {
		events, _ = Simulate(c).Metric("events")
	}
	b.ReportMetric(events*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEngland runs the default (England-calibrated) model at 200,000
// patients for 5 years.
func BenchmarkEngland(b *testing.B) {
	c := Defaults()
	c.Population.Patients = 200000
	benchEngland(b, c)
}

// BenchmarkEnglandAmbulance is BenchmarkEngland with the ambulance service
// (ambulance.service), as the england scenario runs it: the service's cost.
func BenchmarkEnglandAmbulance(b *testing.B) {
	c := Defaults()
	c.Population.Patients = 200000
	c.Ambulance.Service = true
	benchEngland(b, c)
}

// BenchmarkEnglandMDT is BenchmarkEngland with risk within type
// (hospitals.frailty_sd) and case-finding by multidisciplinary review on
// (integration.mdt_reviews_per_1000, with a pooled budget): the cost of
// drawing patients by frailty and of scoring each admission candidate,
// with no scan of the patients.
func BenchmarkEnglandMDT(b *testing.B) {
	c := Defaults()
	c.Population.Patients = 200000
	c.Discharge.PooledBudget = true
	c.Hospitals.FrailtySD = 1
	c.Integration.MDTReviewsPer1000 = 3.3
	benchEngland(b, c)
}
