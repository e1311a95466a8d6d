package classroom

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestClassLoad is the classroom's load test at its real size, run by
// hand (docs/teaching/load-test.md records its results):
//
//	NHSSIM_LOAD=1 go test ./cmd/nhssim/internal/classroom -run ClassLoad -v -timeout 60m
//
// A class of 30 presses Run at once on a server with the default options
// (900,000 patients, the answers of the shipped exercises computed
// ahead): 24 students each run the default pair or a shipped exercise
// (answered from the cache), and 6 change a lever first, three different
// changes made by two students each (fresh runs, queued on the server's
// run slots). It logs every request's latency and the median and worst,
// for cached and fresh answers apart; it asserts only that every request
// gets its answer.
func TestClassLoad(t *testing.T) {
	if os.Getenv("NHSSIM_LOAD") == "" {
		t.Skip("a load test at 900,000 patients, minutes long: run by hand with NHSSIM_LOAD=1 (docs/teaching/load-test.md)")
	}
	const class = 30
	s, err := New(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	url := newHTTPTest(t, s)
	_, shipped := precomputedRequests(s.opt)
	changes := []map[string]string{
		{"discharge.shared_records": "false"},
		{"discharge.pooled_budget": "false"},
		{"market.patient_choice": "true"},
	}
	reqs := make([]runRequest, class)
	for i := range reqs {
		reqs[i] = shipped[i%len(shipped)]
		if i >= class-2*len(changes) {
			r := defaultRequest(s.opt)
			r.B.Sets = changes[i%len(changes)]
			reqs[i] = r
		}
	}
	type outcome struct {
		latency time.Duration
		cached  bool
		err     string
	}
	out := make([]outcome, class)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Minute)
	defer cancel()
	var cpu0 = cpuSeconds()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range class {
		wg.Go(func() {
			t0 := time.Now()
			_, evs, err := postRun(ctx, url, reqs[i])
			o := outcome{latency: time.Since(t0)}
			if err != nil {
				o.err = err.Error()
			} else if r := resultOf(t, evs); r == nil {
				o.err = fmt.Sprint(evs)
			} else {
				o.cached = r.Cached
			}
			out[i] = o
		})
	}
	wg.Wait()
	wall := time.Since(start)
	var cachedLat, freshLat, all []time.Duration
	for i, o := range out {
		if o.err != "" {
			t.Errorf("student %d: %s", i, o.err)
			continue
		}
		all = append(all, o.latency)
		if o.cached {
			cachedLat = append(cachedLat, o.latency)
		} else {
			freshLat = append(freshLat, o.latency)
		}
		t.Logf("student %2d: cached %-5v %v", i, o.cached, o.latency.Round(time.Millisecond))
	}
	t.Logf("class of %d on %d cores (%d run slots, %d workers each), %d patients, %d replicates: all answered in %v wall, %.0f CPU-s",
		class, runtime.GOMAXPROCS(0), s.opt.Runs, s.opt.Workers, s.opt.Patients, s.opt.Replicates, wall.Round(time.Millisecond), cpuSeconds()-cpu0)
	t.Logf("all:    %s", latencies(all))
	t.Logf("cached: %s", latencies(cachedLat))
	t.Logf("fresh:  %s", latencies(freshLat))
}

// latencies describes a set of latencies: how many, median and worst.
func latencies(ls []time.Duration) string {
	if len(ls) == 0 {
		return "none"
	}
	slices.Sort(ls)
	return fmt.Sprintf("%d requests, median %v, worst %v", len(ls), ls[len(ls)/2].Round(time.Millisecond), ls[len(ls)-1].Round(time.Millisecond))
}

// cpuSeconds is the CPU time this process has used (user and system),
// from /proc; 0 where it cannot be read.
func cpuSeconds() float64 {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	var utime, stime float64
	fmt.Sscan(f[11], &utime) // fields 14 and 15, counted from after the name
	fmt.Sscan(f[12], &stime)
	return (utime + stime) / 100 // clock ticks, 100 a second on Linux
}
