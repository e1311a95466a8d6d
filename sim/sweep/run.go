package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"sync"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/safe"
)

// Run simulates every scenario and replicate at each of points, on up to
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
	per := p.Runs()
	reps := len(p.Seeds)

	type job struct{ k, j int } // k indexes points; j = scenario×reps + replicate
	type slot struct {
		metrics [][]nhs.Metric
		left    int
	}
	var mu sync.Mutex // guards slots and failure
	slots := map[int]*slot{}
	var failure error // the first failure: a point that does not load, or a write
	fail := func(err error) {
		mu.Lock()
		if failure == nil {
			failure = err
		}
		mu.Unlock()
		cancel()
	}
	tokens := make(chan struct{}, 2*workers) // points in hand
	jobs := make(chan job)
	finished := make(chan int)

	go func() { // the feeder hands out runs in point order
		defer close(jobs)
		for k := range points {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			mu.Lock()
			slots[k] = &slot{metrics: make([][]nhs.Metric, per), left: per}
			mu.Unlock()
			for j := range per {
				select {
				case jobs <- job{k, j}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	var wg sync.WaitGroup
	var c safe.Catcher // a panic in a run is raised again once the workers stop
	for range min(workers, len(points)*per) {
		wg.Go(func() {
			for jb := range jobs {
				cfg, err := p.Config(points[jb.k], jb.j/reps)
				if err != nil {
					fail(err)
					continue
				}
				cfg.Seed = p.Seeds[jb.j%reps]
				var res *nhs.Result
				func() {
					defer c.Catch()
					res, err = nhs.SimulateContext(ctx, cfg, 1)
				}()
				if res == nil {
					cancel() // stopped or crashed: its point is never complete
					continue
				}
				mu.Lock()
				s := slots[jb.k]
				s.metrics[jb.j] = res.Metrics
				s.left--
				complete := s.left == 0
				mu.Unlock()
				if done != nil {
					done()
				}
				if complete {
					finished <- jb.k
				}
			}
		})
	}
	go func() { wg.Wait(); close(finished) }()

	// The writer takes points as they finish and writes them in order.
	ready := map[int]bool{}
	next := 0
	for k := range finished {
		ready[k] = true
		for ready[next] {
			mu.Lock()
			s := slots[next]
			delete(slots, next)
			ok := failure == nil
			mu.Unlock()
			delete(ready, next)
			if ok {
				if err := write(points[next], p.rows(points[next], s.metrics)); err != nil {
					fail(err)
				}
			}
			next++
			<-tokens
		}
	}
	c.Repanic()
	if failure != nil {
		return failure
	}
	return parent.Err()
}

// rows formats a point's results: for each scenario, replicate and metric,
// scenario,point,replicate,seed,values...,metric,value.
func (p *Plan) rows(point int, metrics [][]nhs.Metric) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	reps := len(p.Seeds)
	rec := make([]string, 0, len(p.Columns)+6)
	for j, ms := range metrics {
		sc, r := j/reps, j%reps
		for _, m := range ms {
			rec = append(rec[:0], p.Names[sc], itoa(point), itoa(r+1), strconv.FormatUint(p.Seeds[r], 10))
			rec = append(rec, p.Points[point]...)
			rec = append(rec, m.Name, FormatValue(m.Value))
			w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

// FormatValue writes a value exactly for a CSV cell; NaN and infinities,
// which mean undefined, are empty.
func FormatValue(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
