package sim

import "cmp"

// FIFO is a first-in first-out queue on a ring buffer. It grows as needed and
// never shrinks, so a queue that has reached its working size allocates no
// more. The zero value is an empty queue.
type FIFO[T any] struct {
	buf        []T
	head, size int
}

// Len is the number of items queued.
func (q *FIFO[T]) Len() int { return q.size }

// Cap is how many items q holds before it next grows.
func (q *FIFO[T]) Cap() int { return len(q.buf) }

// Push adds v at the back.
func (q *FIFO[T]) Push(v T) {
	if q.size == len(q.buf) {
		q.grow()
	}
	i := q.head + q.size
	if i >= len(q.buf) {
		i -= len(q.buf)
	}
	q.buf[i] = v
	q.size++
}

// Front returns the item at the front without removing it. It panics on an
// empty queue.
func (q *FIFO[T]) Front() T {
	if q.size == 0 {
		panic("sim: Front of an empty FIFO")
	}
	return q.buf[q.head]
}

// At returns the i-th item from the front (0 is the front). It panics if i
// is out of range.
func (q *FIFO[T]) At(i int) T {
	if i < 0 || i >= q.size {
		panic("sim: FIFO index out of range")
	}
	j := q.head + i
	if j >= len(q.buf) {
		j -= len(q.buf)
	}
	return q.buf[j]
}

// Pop removes and returns the item at the front. It panics on an empty queue.
func (q *FIFO[T]) Pop() T {
	if q.size == 0 {
		panic("sim: Pop from an empty FIFO")
	}
	v := q.buf[q.head]
	q.head++
	if q.head == len(q.buf) {
		q.head = 0
	}
	q.size--
	return v
}

// DropThrough removes the items at the front of q that are at most v, up
// to the first that is not, and returns how many items remain. On a queue
// kept in ascending order (times of departure, say) that is the number of
// items greater than v.
func DropThrough[T cmp.Ordered](q *FIFO[T], v T) int {
	buf, head, size := q.buf, q.head, q.size
	for size > 0 && buf[head] <= v {
		head++
		if head == len(buf) {
			head = 0
		}
		size--
	}
	q.head, q.size = head, size
	return size
}

func (q *FIFO[T]) grow() {
	buf := make([]T, max(8, 2*len(q.buf)))
	for i := range q.size {
		j := q.head + i
		if j >= len(q.buf) {
			j -= len(q.buf)
		}
		buf[i] = q.buf[j]
	}
	q.buf, q.head = buf, 0
}
