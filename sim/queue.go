package sim

// queue is a 4-ary min-heap of events held by value. A 4-ary heap halves the
// depth of a binary one and keeps a node's children close together, which is
// what matters once the queue outgrows the caches.
type queue []Event

func (e *Event) before(o *Event) bool {
	return e.Time < o.Time || (e.Time == o.Time && e.key < o.key)
}

func (q *queue) push(e Event) {
	*q = append(*q, e)
	q.up(len(*q)-1, e)
}

// up places e at hole i or above it.
func (q queue) up(i int, e Event) {
	for i > 0 {
		p := (i - 1) / 4
		if !e.before(&q[p]) {
			break
		}
		q[i] = q[p]
		i = p
	}
	q[i] = e
}

// pop removes the earliest event. It moves the hole at the root down along
// the smallest children to a leaf, then lets the last event rise from there
// (Floyd's bottom-up method): the last event usually belongs near the bottom,
// so this saves a comparison at every level on the way down.
func (q *queue) pop() Event {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	*q = h
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		if c+3 < n {
			// All four children exist: a branch-light tournament.
			a, b := c, c+2
			if h[c+1].before(&h[c]) {
				a = c + 1
			}
			if h[c+3].before(&h[c+2]) {
				b = c + 3
			}
			m = a
			if h[b].before(&h[a]) {
				m = b
			}
		} else {
			for j := c + 1; j < n; j++ {
				if h[j].before(&h[m]) {
					m = j
				}
			}
		}
		h[i] = h[m]
		i = m
	}
	h.up(i, last)
	return top
}

// heapify restores the heap order of the whole slice (Floyd's method, O(n)).
func (q queue) heapify() {
	n := len(q)
	if n < 2 {
		return
	}
	for i := (n - 2) / 4; i >= 0; i-- {
		e := q[i]
		j := i
		for {
			c := 4*j + 1
			if c >= n {
				break
			}
			m := c
			for k := c + 1; k < min(c+4, n); k++ {
				if q[k].before(&q[m]) {
					m = k
				}
			}
			if !q[m].before(&e) {
				break
			}
			q[j] = q[m]
			j = m
		}
		q[j] = e
	}
}
