package sim

import "testing"

// BenchmarkKernel schedules and handles events in a steady state of n
// pending events with exponential delays: the kernel's cost per event.
func BenchmarkKernel(b *testing.B) {
	for _, n := range []struct {
		name    string
		pending int
	}{{"pending=100", 100}, {"pending=10k", 10000}, {"pending=1M", 1000000}} {
		b.Run(n.name, func(b *testing.B) {
			s := NewStream(1, "bench", 0)
			// Each pending event recurs at rate 1; width aims at 4 events a bucket.
			k := New(4/float64(n.pending), n.pending)
			for i := range n.pending {
				k.After(s.Exp(1), 0, 0, int32(i), 0)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				e, _ := k.Next(1e300)
				k.After(s.Exp(1), 0, 0, e.A, 0)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
