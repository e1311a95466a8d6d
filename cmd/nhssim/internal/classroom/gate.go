package classroom

import (
	"context"
	"errors"
	"sync"
)

// gate lets at most slots runs go at once; the rest wait in a queue of at
// most maxQueue, first come first served, and can ask their place in it.
type gate struct {
	mu       sync.Mutex
	slots    int
	busy     int
	maxQueue int
	queue    []*ticket
}

// ticket is one run's place: ready is closed when the run may start.
type ticket struct {
	ready chan struct{}
}

// errQueueFull is returned when the queue is at its limit.
var errQueueFull = errors.New("the server is busy: too many runs are waiting; try again in a minute")

func newGate(slots, maxQueue int) *gate {
	return &gate{slots: max(1, slots), maxQueue: maxQueue}
}

// enter takes a slot if one is free, else joins the queue. It returns the
// ticket, already ready if a slot was free.
func (g *gate) enter() (*ticket, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := &ticket{ready: make(chan struct{})}
	if g.busy < g.slots && len(g.queue) == 0 {
		g.busy++
		close(t.ready)
		return t, nil
	}
	if len(g.queue) >= g.maxQueue {
		return nil, errQueueFull
	}
	g.queue = append(g.queue, t)
	return t, nil
}

// position is t's place in the queue, 1 for the next to run, or 0 if it
// holds a slot (or has left).
func (g *gate) position(t *ticket) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, q := range g.queue {
		if q == t {
			return i + 1
		}
	}
	return 0
}

// wait blocks until t holds a slot, calling onPosition with its place in
// the queue whenever it is asked (by tick) and has changed. If ctx ends
// first, t leaves the queue (or gives its slot back) and wait returns
// ctx's error.
func (g *gate) wait(ctx context.Context, t *ticket, tick <-chan struct{}, onPosition func(int)) error {
	last := -1
	for {
		if p := g.position(t); p != last && p > 0 {
			last = p
			onPosition(p)
		}
		select {
		case <-t.ready:
			return nil
		case <-ctx.Done():
			g.leave(t)
			return ctx.Err()
		case <-tick:
		}
	}
}

// leave gives t's slot back or takes it out of the queue.
func (g *gate) leave(t *ticket) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, q := range g.queue {
		if q == t {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			return
		}
	}
	select {
	case <-t.ready:
		g.release()
	default:
	}
}

// release hands a freed slot to the first in the queue. g.mu must be held.
func (g *gate) release() {
	if len(g.queue) > 0 {
		next := g.queue[0]
		g.queue = g.queue[1:]
		close(next.ready)
		return
	}
	g.busy--
}

// done gives back the slot of a finished run.
func (g *gate) done(t *ticket) { g.leave(t) }

// load says how many runs are going and waiting.
func (g *gate) load() (running, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.busy, len(g.queue)
}
