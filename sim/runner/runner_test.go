package runner

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhssim/nhssim/sim/safe"
)

func TestMap(t *testing.T) {
	for _, test := range []struct{ n, workers int }{
		{0, 1}, {1, 1}, {10, 1}, {10, 2}, {10, 3}, {10, 32}, {5, 0}, {100, 7},
	} {
		var calls atomic.Int64
		var done atomic.Int64
		got, err := Map(context.Background(), test.n, test.workers, func(i int) int {
			calls.Add(1)
			// Uneven work so that later jobs can finish first.
			time.Sleep(time.Duration((i*7)%5) * 100 * time.Microsecond)
			return i * i
		}, func() { done.Add(1) })
		if err != nil {
			t.Fatalf("n=%d workers=%d: %v", test.n, test.workers, err)
		}
		want := make([]int, test.n)
		for i := range want {
			want[i] = i * i
		}
		if !slices.Equal(got, want) {
			t.Errorf("n=%d workers=%d: got %v, want %v", test.n, test.workers, got, want)
		}
		if calls.Load() != int64(test.n) || done.Load() != int64(test.n) {
			t.Errorf("n=%d workers=%d: %d calls, %d done; want %d", test.n, test.workers, calls.Load(), done.Load(), test.n)
		}
	}
}

func TestMapConcurrency(t *testing.T) {
	// With 3 workers, 3 calls run at once: each waits until all 3 have begun.
	var started atomic.Int64
	release := make(chan struct{})
	go func() {
		for started.Load() < 3 {
			time.Sleep(time.Millisecond)
		}
		close(release)
	}()
	_, err := Map(context.Background(), 3, 3, func(i int) int {
		started.Add(1)
		select {
		case <-release:
		case <-time.After(10 * time.Second):
			t.Error("the calls did not run concurrently")
		}
		return i
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

func TestMapCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	got, err := Map(ctx, 1000, 2, func(i int) int {
		if calls.Add(1) == 5 {
			cancel()
		}
		return i
	}, nil)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("Map after cancel = %v, %v; want nil, context.Canceled", got, err)
	}
	if n := calls.Load(); n >= 1000 {
		t.Errorf("%d calls after cancel, want fewer than 1000", n)
	}
}

func TestSeeds(t *testing.T) {
	if got, want := Seeds(7, 3), []uint64{7, 8, 9}; !slices.Equal(got, want) {
		t.Errorf("Seeds(7, 3) = %v, want %v", got, want)
	}
	if got, want := Seeds(1<<64-1, 2), []uint64{1<<64 - 1, 0}; !slices.Equal(got, want) {
		t.Errorf("Seeds wraps: %v, want %v", got, want)
	}
	if got := Seeds(1, 0); len(got) != 0 {
		t.Errorf("Seeds(1, 0) = %v", got)
	}
}

// A panic in one run reaches the caller, with the run's stack, after the
// other runs have finished: it is not lost on a worker goroutine, where it
// would kill the process with Go's exit status 2, as if the input were bad.
func TestMapPanic(t *testing.T) {
	for _, workers := range []int{1, 3} {
		var ran atomic.Int64
		func() {
			defer func() {
				p, ok := recover().(*safe.Panic)
				if !ok || p.Value != "run 5 crashed" || !strings.Contains(string(p.Stack), "crashingRun") {
					t.Errorf("workers %d: recovered %+v, want run 5's panic with its stack", workers, p)
				}
			}()
			Map(context.Background(), 10, workers, func(i int) int { ran.Add(1); return crashingRun(i) }, nil)
			t.Errorf("workers %d: Map returned", workers)
		}()
		if ran.Load() != 10 {
			t.Errorf("workers %d: %d runs, want all 10", workers, ran.Load())
		}
	}
}

func crashingRun(i int) int {
	if i == 5 {
		panic("run 5 crashed")
	}
	return i
}
