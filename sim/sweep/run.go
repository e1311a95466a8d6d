package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"sync"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/safe"
)

// Run simulates every scenario and replicate at each of points (units, with
// draws: see [Plan.SetDraws]), on up to
// workers goroutines, and calls write with each point's rows (CSV records
// under [Plan.Header]) in the order of points, as soon as the point and
// every point before it are done. At most 2×workers points are in hand at
// once, so memory does not grow with the sweep. done, if not nil, is called
// after every simulation, from the goroutine that ran it.
//
// If ctx is cancelled or write fails, Run starts no further simulations,
// writes the points that are complete and in order, and returns the error.
func (p *Plan) Run(ctx context.Context, points []int, workers int, write func(point int, rows []byte) error, done func()) error {
	if len(points) == 0 {
		return ctx.Err()
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, workers)
	r := &sweepRun{
		p: p, points: points, per: p.Runs(), reps: len(p.Seeds), cancel: cancel,
		slots:    map[int]*slot{},
		tokens:   make(chan struct{}, 2*workers), // points in hand
		jobs:     make(chan job),
		finished: make(chan int),
	}
	go r.feed(ctx)
	var wg sync.WaitGroup
	var c safe.Catcher // a panic in a run is raised again once the workers stop
	for range min(workers, len(points)*r.per) {
		wg.Go(func() { r.work(ctx, &c, done) })
	}
	go func() { wg.Wait(); close(r.finished) }()
	r.writeInOrder(write)
	c.Repanic()
	if r.failure != nil {
		return r.failure
	}
	return parent.Err()
}

// job is one run of a sweep: k indexes the points run; j is
// scenario×replicates + replicate.
type job struct{ k, j int }

// slot collects a point's runs until all are in.
type slot struct {
	metrics [][]nhs.Metric
	left    int
}

// sweepRun is the state of one Plan.Run: a feeder hands out runs in point
// order, workers simulate them, and the writer writes whole points in order.
type sweepRun struct {
	p         *Plan
	points    []int
	per, reps int
	cancel    context.CancelFunc
	mu        sync.Mutex // guards slots and failure
	slots     map[int]*slot
	failure   error // the first failure: a point that does not load, or a write
	tokens    chan struct{}
	jobs      chan job
	finished  chan int
}

func (r *sweepRun) fail(err error) {
	r.mu.Lock()
	if r.failure == nil {
		r.failure = err
	}
	r.mu.Unlock()
	r.cancel()
}

// feed hands out runs in point order, holding a token for each point in
// hand so that at most 2×workers points are buffered.
func (r *sweepRun) feed(ctx context.Context) {
	defer close(r.jobs)
	for k := range r.points {
		select {
		case r.tokens <- struct{}{}:
		case <-ctx.Done():
			return
		}
		r.mu.Lock()
		r.slots[k] = &slot{metrics: make([][]nhs.Metric, r.per), left: r.per}
		r.mu.Unlock()
		for j := range r.per {
			select {
			case r.jobs <- job{k, j}:
			case <-ctx.Done():
				return
			}
		}
	}
}

// work runs jobs until there are none, and sends each point whose runs are
// all in to finished.
func (r *sweepRun) work(ctx context.Context, c *safe.Catcher, done func()) {
	for jb := range r.jobs {
		cfg, err := r.p.UnitConfig(r.points[jb.k], jb.j/r.reps)
		if err != nil {
			r.fail(err)
			continue
		}
		cfg.Seed = r.p.Seeds[jb.j%r.reps]
		var res *nhs.Result
		func() {
			defer c.Catch()
			res, err = nhs.SimulateContext(ctx, cfg, 1)
		}()
		if res == nil {
			r.cancel() // stopped or crashed: its point is never complete
			continue
		}
		r.mu.Lock()
		s := r.slots[jb.k]
		s.metrics[jb.j] = res.Metrics
		s.left--
		complete := s.left == 0
		r.mu.Unlock()
		if done != nil {
			done()
		}
		if complete {
			r.finished <- jb.k
		}
	}
}

// writeInOrder takes points as they finish and writes them in order, until
// the workers stop; after a failure it writes nothing more.
func (r *sweepRun) writeInOrder(write func(point int, rows []byte) error) {
	ready := map[int]bool{}
	next := 0
	for k := range r.finished {
		ready[k] = true
		for ready[next] {
			r.mu.Lock()
			s := r.slots[next]
			delete(r.slots, next)
			ok := r.failure == nil
			r.mu.Unlock()
			delete(ready, next)
			if ok {
				if err := write(r.points[next], r.p.rows(r.points[next], s.metrics)); err != nil {
					r.fail(err)
				}
			}
			next++
			<-r.tokens
		}
	}
}

// rows formats a unit's results: for each scenario, replicate and metric,
// scenario,point,(draw,)replicate,seed,values...,metric,value.
func (p *Plan) rows(unit int, metrics [][]nhs.Metric) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	reps := len(p.Seeds)
	point, _ := p.Unit(unit)
	key := p.unitKey(unit)
	rec := make([]string, 0, len(p.Columns)+7)
	for j, ms := range metrics {
		sc, r := j/reps, j%reps
		for _, m := range ms {
			rec = append(append(rec[:0], numfmt.Cell(p.Names[sc])), key...)
			rec = append(rec, itoa(r+1), strconv.FormatUint(p.Seeds[r], 10))
			for _, v := range p.Points[point] {
				rec = append(rec, numfmt.Cell(v))
			}
			rec = append(rec, m.Name, numfmt.Exact(m.Value))
			w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}
