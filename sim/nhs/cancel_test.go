package nhs

import (
	"context"
	"errors"
	"testing"
)

// A stopped run returns promptly with the context's error and no result:
// the event loop looks at the context every checkEvery events. The run
// here would take minutes to finish, so a loop that did not look would
// return a result instead (or time the test out).
func TestSimulateContextStops(t *testing.T) {
	cfg := Defaults()
	cfg.Population.Patients = 400_000
	cfg.Run.Years = 200
	cfg.Run.WarmupYears = 0
	if probs := cfg.Validate(); len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		// Cancel from inside the run, once it has started: the first look
		// at the context cancels it, and the second must stop the run.
		ctx = &cancelOnLook{Context: ctx, cancel: cancel, calls: &calls}
		res, err := SimulateContext(ctx, cfg, workers)
		if !errors.Is(err, context.Canceled) || res != nil {
			t.Errorf("workers %d: got %v, %v; want no result and context.Canceled", workers, res, err)
		}
		cancel()
	}
	// A context done before the start runs nothing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res, err := SimulateContext(ctx, cfg, 1); res != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the start: %v, %v", res, err)
	}
}

// cancelOnLook is a context that cancels itself as soon as the run has
// asked for its Done channel, from a goroutine, so that the run is under way
// when the cancellation comes.
type cancelOnLook struct {
	context.Context
	cancel func()
	calls  *int
}

func (c *cancelOnLook) Done() <-chan struct{} {
	*c.calls++
	go c.cancel()
	return c.Context.Done()
}

// An unstopped run under SimulateContext gives exactly SimulateParallel's
// result.
func TestSimulateContextSameResult(t *testing.T) {
	cfg := Defaults()
	cfg.Population.Patients = 20000
	cfg.Run.Years = 2
	res, err := SimulateContext(context.Background(), cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := Simulate(cfg)
	for i, m := range want.Metrics {
		if g := res.Metrics[i]; g.Name != m.Name || g.Value != m.Value && !(g.Value != g.Value && m.Value != m.Value) {
			t.Errorf("%s: %v, want %v", m.Name, g.Value, m.Value)
		}
	}
}
