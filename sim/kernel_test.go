package sim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestKernelOrder(t *testing.T) {
	for _, width := range []float64{0, 0.5, 7} {
		k := New(width, 0)
		// Same time: lower priority first, then scheduling order.
		k.At(2, 1, 1, 0, 0)
		k.At(1, 0, 2, 0, 0)
		k.At(2, 0, 3, 0, 0)
		k.At(2, 1, 4, 0, 0)
		k.At(2, 0, 5, 0, 0)
		k.At(100000, 0, 6, 0, 0) // beyond the ring of buckets
		k.At(0, 0, 7, 0, 0)
		var got []uint8
		for {
			e, ok := k.Next(math.Inf(1))
			if !ok {
				break
			}
			got = append(got, e.Kind())
		}
		if want := []uint8{7, 2, 3, 5, 1, 4, 6}; !slices.Equal(got, want) {
			t.Errorf("width %g: order %v, want %v", width, got, want)
		}
		if k.Events() != 7 {
			t.Errorf("width %g: Events() = %d, want 7", width, k.Events())
		}
	}
}

func TestKernelNextStopsAtUntil(t *testing.T) {
	k := New(1, 0)
	k.At(5, 0, 1, 0, 0)
	if _, ok := k.Next(5); ok {
		t.Fatal("Next(5) returned an event at time 5; the window is [now, until)")
	}
	if k.Now() != 5 {
		t.Errorf("Now() = %v after Next(5), want 5", k.Now())
	}
	if k.Pending() != 1 {
		t.Errorf("Pending() = %d, want the event still queued", k.Pending())
	}
	if e, ok := k.Next(6); !ok || e.Time != 5 {
		t.Errorf("Next(6) = %v, %v; want the event at 5", e, ok)
	}
}

func TestKernelPanicsOnThePast(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   float64
	}{{"past", 0.5}, {"NaN", math.NaN()}, {"infinity", math.Inf(1)}} {
		t.Run(tc.name, func(t *testing.T) {
			k := New(0, 0)
			k.At(1, 0, 0, 0, 0)
			k.Next(2)
			defer func() {
				if recover() == nil {
					t.Errorf("At(%v) after time 1 did not panic", tc.at)
				}
			}()
			k.At(tc.at, 0, 0, 0, 0)
		})
	}
}

// FuzzKernel checks the queue against a sort of the same events, with events
// scheduled while the clock runs, for any bucket width.
func FuzzKernel(f *testing.F) {
	f.Add(uint64(1), uint16(100), uint8(3))
	f.Add(uint64(7), uint16(5000), uint8(0))
	f.Add(uint64(3), uint16(300), uint8(9))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16, w uint8) {
		r := rand.New(rand.NewPCG(seed, 1))
		width := []float64{0, 0.001, 0.1, 1, 30}[int(w)%5]
		k := New(width, 0)
		type rec struct {
			t   float64
			p   Priority
			seq int
			a   int32
		}
		var all []rec
		schedule := func(now float64) {
			// Times on a coarse grid, so ties in time are common.
			t := now + math.Floor(r.ExpFloat64()*20)/4
			if r.IntN(50) == 0 {
				t = now + 1e4*r.Float64() // far future, past the ring
			}
			p := Priority(r.IntN(3))
			all = append(all, rec{t: t, p: p, seq: len(all), a: int32(len(all))})
			k.At(t, p, 0, int32(len(all)-1), 0)
		}
		for range 10 {
			schedule(0)
		}
		// The reference queue: a plain list, searched for the least
		// (time, priority, seq) at every step.
		var pending []rec
		less := func(a, b rec) int {
			return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.p, b.p), cmp.Compare(a.seq, b.seq))
		}
		queued := 0 // records of all already moved to pending
		for i := 0; ; i++ {
			pending = append(pending, all[queued:]...)
			queued = len(all)
			e, ok := k.Next(math.Inf(1))
			if !ok {
				if len(pending) != 0 {
					t.Fatalf("kernel empty with %d events pending", len(pending))
				}
				break
			}
			j := 0
			for m := range pending {
				if less(pending[m], pending[j]) < 0 {
					j = m
				}
			}
			want := pending[j]
			if e.A != want.a {
				t.Fatalf("event %d: got #%d, want #%d (t=%v p=%d)", i, e.A, want.a, want.t, want.p)
			}
			pending = slices.Delete(pending, j, j+1)
			if i < int(n) {
				schedule(k.Now())
			}
		}
	})
}

func TestLevel(t *testing.T) {
	l := Level{From: 1, To: 3, Width: 1, Buckets: make([]float64, 4)}
	l.Add(0.5, 2) // level 2 from 0.5
	l.Add(2, -1)  // level 1 from 2
	l.Add(3.5, 1) // level 2 from 3.5
	l.Close(4)
	// Window [1,3): 2×1 + 1×1 = 3.
	if got := l.Area(); got != 3 {
		t.Errorf("Area() = %v, want 3", got)
	}
	if want := []float64{1, 2, 1, 1.5}; !slices.Equal(l.Buckets, want) {
		t.Errorf("Buckets = %v, want %v", l.Buckets, want)
	}
}

func TestFIFO(t *testing.T) {
	var q FIFO[int]
	next := 0
	for round := range 50 {
		for range round % 7 {
			q.Push(next)
			next++
		}
		for range round % 5 {
			if q.Len() == 0 {
				break
			}
			q.Pop()
		}
	}
	// What is left must be the last Len() items pushed, in order.
	n := q.Len()
	for i := range n {
		if got, want := q.Pop(), next-n+i; got != want {
			t.Fatalf("Pop() = %d, want %d", got, want)
		}
	}
}

func TestDropThrough(t *testing.T) {
	tests := []struct {
		name  string
		items []float64
		v     float64
		want  []float64 // what is left, front first
	}{
		{"empty", nil, 1, nil},
		{"none past", []float64{2, 3}, 1, []float64{2, 3}},
		{"some past", []float64{1, 2, 3}, 2, []float64{3}},
		{"all past", []float64{1, 2}, 5, nil},
		{"stops at the first not past", []float64{1, 4, 2}, 3, []float64{4, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q FIFO[float64]
			// Wrap the ring: push and pop past its start first.
			for range 6 {
				q.Push(0)
			}
			for range 6 {
				q.Pop()
			}
			for _, x := range tt.items {
				q.Push(x)
			}
			if n := DropThrough(&q, tt.v); n != len(tt.want) {
				t.Errorf("DropThrough = %d, want %d", n, len(tt.want))
			}
			var got []float64
			for q.Len() > 0 {
				got = append(got, q.Pop())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("left %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFIFOCap(t *testing.T) {
	var q FIFO[int]
	if q.Cap() != 0 {
		t.Fatalf("Cap() of the zero FIFO = %d, want 0", q.Cap())
	}
	for i := range 9 {
		q.Push(i)
		if q.Cap() < q.Len() {
			t.Fatalf("Cap() = %d below Len() = %d", q.Cap(), q.Len())
		}
	}
	c := q.Cap()
	q.Pop()
	q.Push(9)
	if q.Cap() != c {
		t.Errorf("Cap() = %d after a pop and a push at %d items, want %d (no growth)", q.Cap(), q.Len(), c)
	}
}
