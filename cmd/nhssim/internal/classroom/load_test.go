package classroom

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestLoad is a class of 30 pressing Run at once against a server on
// 127.0.0.1 that runs 2 at a time: every request must finish with a result
// (after waiting in the queue, if need be), nothing may crash, and the
// queue must empty. It logs the latencies it measured; it asserts none.
func TestLoad(t *testing.T) {
	const class = 30
	o := small()
	o.Patients, o.Years, o.Replicates = 1000, 2, 2
	o.MaxPatients = 1000 + 10*class
	ts := newTestServer(t, o)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	type outcome struct {
		latency time.Duration
		queued  int // the first place in the queue, 0 if not queued
		err     string
	}
	out := make([]outcome, class)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range class {
		wg.Go(func() {
			t0 := time.Now()
			// Half the class changes a lever, and every student runs a
			// size of their own, so that no two runs share an answer (a
			// run asked twice is answered once: TestTwinWaits).
			req := runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}, Patients: 1000 + 10*i}
			if i%2 == 1 {
				req.B.Sets = map[string]string{"discharge.shared_records": "false"}
			}
			code, evs, err := postRun(ctx, ts.URL, req)
			o := outcome{latency: time.Since(t0)}
			switch {
			case err != nil:
				o.err = err.Error()
			case code != 200:
				o.err = string(evs[0].data)
			case len(evs) == 0 || evs[len(evs)-1].name != "result":
				o.err = "no result"
				if len(evs) > 0 {
					o.err = evs[len(evs)-1].name + ": " + string(evs[len(evs)-1].data)
				}
			}
			for _, e := range evs {
				if e.name == "queued" {
					var p struct{ Position int }
					json.Unmarshal(e.data, &p)
					o.queued = p.Position
					break
				}
			}
			out[i] = o
		})
	}
	wg.Wait()
	total := time.Since(start)
	var lat []time.Duration
	queued, maxPos := 0, 0
	for i, o := range out {
		if o.err != "" {
			t.Errorf("request %d: %s", i, o.err)
		}
		if o.queued > 0 {
			queued++
			maxPos = max(maxPos, o.queued)
		}
		lat = append(lat, o.latency)
	}
	slices.Sort(lat)
	t.Logf("load test: %d concurrent Run requests (%d to %d patients, %d years, %d replicates, 14 configurations each) on %d run slots: all done in %v; latency min %v, median %v, 90th centile %v, max %v; %d were queued, the furthest back at place %d",
		class, o.Patients, o.MaxPatients-10, o.Years, o.Replicates, o.Runs, total.Round(time.Millisecond), lat[0].Round(time.Millisecond), lat[class/2].Round(time.Millisecond), lat[class*9/10].Round(time.Millisecond), lat[class-1].Round(time.Millisecond), queued, maxPos)
	if queued == 0 {
		t.Errorf("30 requests on 2 slots, and none was queued")
	}
}

func TestGateQueuesInOrder(t *testing.T) {
	g := newGate(1, 2)
	first, err := g.enter()
	if err != nil {
		t.Fatal(err)
	}
	second, _ := g.enter()
	third, _ := g.enter()
	if _, err := g.enter(); err != errQueueFull {
		t.Errorf("a fourth with a queue of 2: %v, want errQueueFull", err)
	}
	if p2, p3 := g.position(second), g.position(third); p2 != 1 || p3 != 2 {
		t.Errorf("positions %d and %d, want 1 and 2", p2, p3)
	}
	// The second leaves the queue; the third moves up, and gets the slot
	// when the first is done.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.wait(ctx, second, nil, func(int) {}); err == nil {
		t.Error("wait with a cancelled context returned nil")
	}
	if p := g.position(third); p != 1 {
		t.Errorf("third at %d after the second left, want 1", p)
	}
	g.done(first)
	if err := g.wait(context.Background(), third, nil, func(int) {}); err != nil {
		t.Fatal(err)
	}
	g.done(third)
	if running, waiting := g.load(); running != 0 || waiting != 0 {
		t.Errorf("%d running and %d waiting at the end, want none", running, waiting)
	}
}
