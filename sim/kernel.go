package sim

import (
	"fmt"
	"math"
)

// Event is one scheduled occurrence. Kind says what happens and A and B say to
// whom; their meaning belongs to the model. Events are values: scheduling one
// allocates nothing once the queue has grown to its working size.
type Event struct {
	Time float64 // days
	key  uint64  // priority, scheduling sequence and kind, in that order
	A, B int32
}

// Kind says what the event is; its meaning belongs to the model.
func (e Event) Kind() uint8 { return uint8(e.key) }

// Priority orders events that fall at the same time: lower runs first.
type Priority uint8

// The key packs the priority into the top 8 bits and the scheduling sequence
// into the next 48, so that ordering by key is ordering by (priority,
// sequence); the kind rides in the low 8 bits, where the unique sequence
// keeps it from affecting the order. An event is 24 bytes.
const seqBits = 48

// Kernel is a simulated clock and its event queue.
// The zero value is not ready; use [New].
type Kernel struct {
	now    float64
	seq    uint64
	events uint64
	q      calendar
}

// New returns a kernel at time 0 with an empty queue. Width is the width in
// days of the queue's buckets: about the time in which a few dozen events
// fall due is best; 0 makes the queue a single heap. Hint is about how many
// events will be pending at once.
func New(width float64, hint int) *Kernel {
	if !(width >= 0) {
		panic("sim: negative or NaN bucket width")
	}
	return &Kernel{q: newCalendar(width, hint)}
}

// Now is the simulated time in days.
func (k *Kernel) Now() float64 { return k.now }

// Events is the number of events taken from the queue so far.
func (k *Kernel) Events() uint64 { return k.events }

// Pending is the number of events waiting in the queue.
func (k *Kernel) Pending() int { return k.q.len() }

// At schedules an event at absolute time t. Scheduling in the past or at a
// NaN time is a programming error and panics. The complexity is O(log n).
func (k *Kernel) At(t float64, p Priority, kind uint8, a, b int32) {
	if !(t >= k.now) || math.IsInf(t, 0) {
		panic(fmt.Sprintf("sim: event at %v scheduled at time %v", t, k.now))
	}
	if k.seq >= 1<<seqBits {
		panic("sim: event sequence exhausted")
	}
	k.q.push(Event{Time: t, key: uint64(p)<<56 | k.seq<<8 | uint64(kind), A: a, B: b})
	k.seq++
}

// After schedules an event delay days from now.
func (k *Kernel) After(delay float64, p Priority, kind uint8, a, b int32) {
	k.At(k.now+delay, p, kind, a, b)
}

// Next removes the earliest event that falls before until, advances the clock
// to it and returns it. When no such event is left it sets the clock to until
// and returns false; later events stay queued.
func (k *Kernel) Next(until float64) (Event, bool) {
	if e, ok := k.q.peek(); !ok || e.Time >= until {
		if until > k.now {
			k.now = until
		}
		return Event{}, false
	}
	e := k.q.pop()
	k.now = e.Time
	k.events++
	return e, true
}
