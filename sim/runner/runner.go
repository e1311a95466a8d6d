// Package runner runs independent simulations on a pool of goroutines and
// returns their results in a fixed order, so that what a program writes
// never depends on how the runs were scheduled.
package runner

import (
	"context"
	"sync"

	"github.com/nhssim/nhssim/sim/safe"
)

// Map calls fn(i) for every i in [0, n) on up to workers goroutines and
// returns the results indexed by i. done, if not nil, is called after each
// call of fn returns, from the goroutine that ran it, so it must be safe
// for concurrent use. If ctx is cancelled, Map starts no further calls,
// waits for the running ones and returns ctx's error.
//
// fn must not share mutable state between calls: each call is one
// simulation with its own model and random streams. Results are then
// identical whatever workers is. A panic in fn is raised again on the
// caller's goroutine, as a *[safe.Panic] with fn's stack, once the running
// calls have returned.
func Map[T any](ctx context.Context, n, workers int, fn func(i int) T, done func()) ([]T, error) {
	out := make([]T, n)
	if n == 0 {
		return out, ctx.Err()
	}
	workers = max(1, min(workers, n))
	next := make(chan int)
	var wg sync.WaitGroup
	var c safe.Catcher
	for range workers {
		wg.Go(func() {
			for i := range next {
				func() {
					defer c.Catch()
					out[i] = fn(i)
				}()
				if done != nil {
					done()
				}
			}
		})
	}
	var err error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	c.Repanic()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Seeds returns the master seeds of replicates 1 to r: base, base+1, …,
// base+r-1 (wrapping at 2^64). Replicate k of every scenario in a
// comparison runs with seed k, so the scenarios share their random streams
// — common random numbers — and differences between them are the levers'
// doing rather than noise.
func Seeds(base uint64, r int) []uint64 {
	s := make([]uint64, r)
	for k := range s {
		s[k] = base + uint64(k)
	}
	return s
}
