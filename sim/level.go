package sim

// Level integrates over time a quantity that changes in steps, such as the
// number of occupied beds. It keeps the integral over a window [From, To) and,
// when Buckets is set, over consecutive buckets of width Width starting at 0
// (months, for monthly series).
type Level struct {
	From, To float64   // the statistics window
	Width    float64   // bucket width; zero for no buckets
	Buckets  []float64 // integral per bucket; its length fixes how many

	level float64
	last  float64
	area  float64
}

// Value is the current level.
func (l *Level) Value() float64 { return l.level }

// Area is the integral over the window up to the last change.
func (l *Level) Area() float64 { return l.area }

// Add changes the level by delta at time now, which must not precede the
// previous change.
func (l *Level) Add(now, delta float64) {
	l.integrate(now)
	l.level += delta
}

// Close integrates up to time now without changing the level; call it at the
// end of a run.
func (l *Level) Close(now float64) { l.integrate(now) }

func (l *Level) integrate(now float64) {
	if now <= l.last {
		return
	}
	if l.level != 0 {
		if lo, hi := max(l.last, l.From), min(now, l.To); hi > lo {
			l.area += l.level * (hi - lo)
		}
		if l.Width > 0 {
			l.spread(l.last, now)
		}
	}
	l.last = now
}

// spread adds level × time over [a, b) to the buckets it covers.
func (l *Level) spread(a, b float64) {
	i := int(a / l.Width)
	for i < len(l.Buckets) && a < b {
		end := min(float64(i+1)*l.Width, b)
		l.Buckets[i] += l.level * (end - a)
		a = end
		i++
	}
}

// Merge adds o's integrals to l's, for levels kept in parts (such as one per
// independent part of a model) over the same window and buckets.
func (l *Level) Merge(o *Level) {
	l.area += o.area
	for i := range min(len(l.Buckets), len(o.Buckets)) {
		l.Buckets[i] += o.Buckets[i]
	}
}
