package sim

// calendar is the event queue: a small heap for the near future and a ring
// of unsorted buckets for later events (a calendar queue with a heap for the
// current day). The heap holds every event before the end of the current
// bucket; each later bucket holds the events of its own width of time, and
// events beyond the ring wait in an overflow heap. Most events then pass
// through a heap of a few dozen entries instead of one holding every
// pending event, and bucket loads cost O(1) per event.
//
// Invariant: every queued event with Time < end is in near; every other event
// is in the bucket for its time or, beyond the ring, in far.
type calendar struct {
	width   float64 // bucket width in days; 0 means one plain heap
	inv     float64 // 1 / width
	cur     int64   // index of the current bucket: near ends at (cur+1)*width
	end     float64
	near    queue
	buckets [][]Event
	mask    int64
	far     queue
	n       int // events in buckets and far
}

const ringSize = 4096 // buckets in the ring; a power of two

func newCalendar(width float64, hint int) calendar {
	c := calendar{width: width, near: make(queue, 0, hint)}
	if width > 0 {
		c.inv = 1 / width
		c.buckets = make([][]Event, ringSize)
		c.mask = ringSize - 1
		c.end = width
	}
	return c
}

func (c *calendar) len() int { return len(c.near) + c.n }

func (c *calendar) push(e Event) {
	if c.width == 0 || e.Time < c.end {
		c.near.push(e)
		return
	}
	b := int64(e.Time * c.inv)
	if b <= c.cur { // rounding at a bucket edge
		b = c.cur + 1
	}
	c.n++
	if b-c.cur < ringSize {
		c.buckets[b&c.mask] = append(c.buckets[b&c.mask], e)
		return
	}
	c.far.push(e)
}

// peek returns the earliest event without removing it; ok is false when the
// queue is empty. It may move buckets into the near heap.
func (c *calendar) peek() (*Event, bool) {
	for len(c.near) == 0 {
		if c.n == 0 {
			return nil, false
		}
		c.advance()
	}
	return &c.near[0], true
}

// advance moves to the next bucket and loads its events, and those of the
// overflow heap that now fall inside it, into the near heap.
func (c *calendar) advance() {
	if c.n == len(c.far) {
		// Only overflow is left: jump straight to its first bucket.
		c.cur = max(c.cur+1, int64(c.far[0].Time*c.inv))
	} else {
		c.cur++
	}
	c.end = float64(c.cur+1) * c.width
	slot := &c.buckets[c.cur&c.mask]
	if len(c.near) == 0 {
		// The usual case: the heap is empty, so build it from the bucket
		// in linear time rather than pushing one event at a time.
		c.near = append(c.near, *slot...)
		c.near.heapify()
	} else {
		for _, e := range *slot {
			c.near.push(e)
		}
	}
	c.n -= len(*slot)
	*slot = (*slot)[:0]
	for len(c.far) > 0 && c.far[0].Time < c.end {
		c.near.push(c.far.pop())
		c.n--
	}
}

func (c *calendar) pop() Event { return c.near.pop() }
