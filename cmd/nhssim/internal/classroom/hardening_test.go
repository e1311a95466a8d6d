package classroom

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/safe"
)

// listGrowth is the upload of issue 24 whose per-type reserve overflowed
// int32 at 20,000 patients over 10 years and crashed the server.
const listGrowth = "name: g\nextends: england\npopulation: {practice_size: 1000}\ngeneral_practice: {list_growth_per_year: 0.5, list_growth_share: 0.025}\n"

// syncBuffer is a log that the server's goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// A panic inside a run (a bug) ends that run with an error event, logs its
// stack, frees the slot, and the server serves the next run.
func TestPanicInARunKeepsServing(t *testing.T) {
	for _, test := range []struct {
		name  string
		raise func()
	}{
		{"on the run's goroutine", func() { panic("makeslice: len out of range") }},
		{"raised again from a worker", func() {
			panic(&safe.Panic{Value: "index out of range [-1]", Stack: []byte("goroutine 7 [running]:\nworker")})
		}},
	} {
		t.Run(test.name, func(t *testing.T) {
			o := small()
			o.Runs = 1
			var logged syncBuffer
			o.Log = &logged
			s, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			var calls sync.Mutex
			n := 0
			s.simulate = func(job *cmpreport.Job, ctx context.Context, workers int, done func()) (*cmpreport.Comparison, error) {
				calls.Lock()
				n++
				first := n == 1
				calls.Unlock()
				if first {
					test.raise()
				}
				return job.Run(ctx, workers, done)
			}
			ts := httptest.NewServer(s)
			defer ts.Close()
			req := runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}}
			code, evs, err := postRun(context.Background(), ts.URL, req)
			if err != nil || code != 200 || len(evs) == 0 {
				t.Fatalf("status %d, %d events, %v", code, len(evs), err)
			}
			if last := evs[len(evs)-1]; last.name != "error" || !strings.Contains(string(last.data), "internal error in nhssim") {
				t.Errorf("last event %s %s, want an error saying the run failed on a bug", last.name, last.data)
			}
			if l := logged.String(); !strings.Contains(l, "internal error in a run") || !strings.Contains(l, "goroutine") {
				t.Errorf("the log lacks the panic and its stack:\n%s", l)
			}
			// The server goes on: the next run (on the one slot) finishes.
			_, evs, err = postRun(context.Background(), ts.URL, req)
			if err != nil {
				t.Fatal(err)
			}
			lastResult(t, evs)
			if running, waiting := s.gate.load(); running != 0 || waiting != 0 {
				t.Errorf("%d running and %d waiting after both runs", running, waiting)
			}
		})
	}
}

// A panic in any handler becomes a 500 for that request alone.
func TestPanicInAHandlerIsA500(t *testing.T) {
	var logged syncBuffer
	o := small()
	o.Log = &logged
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	s.mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(string(body), "internal error in nhssim") {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	if !strings.Contains(logged.String(), "GET /boom: boom") {
		t.Errorf("log: %s", logged.String())
	}
	if resp, err := http.Get(ts.URL + "/api/setup"); err != nil || resp.StatusCode != 200 {
		t.Errorf("after the panic: %v %v", resp, err)
	}
}

// budgeted is a server with the page's bounds (200,000 patients, 10 years,
// 10 replicates) on a computer with 8 GB for its runs.
func budgeted() Options {
	o := small()
	o.MaxPatients, o.MaxYears, o.MaxReplicates = 200000, 10, 10
	o.Runs, o.Workers, o.Memory = 2, 2, 8e9
	o.RunTimeout, o.Throughput = 5*time.Minute, DefaultThroughput
	return o
}

// Runs that cannot fit in memory, could not finish in time, or carry
// text long enough to multiply every output are refused before anything
// runs, each with a message saying why and what would fit.
func TestRunsOverBudgetAreRefused(t *testing.T) {
	ts := newTestServer(t, budgeted())
	long := "name: " + strings.Repeat("n", 60000) + "\nextends: england\n"
	for _, test := range []struct {
		name string
		req  runRequest
		want []string
	}{
		{"list growth over 10 years (issue 24: panicked)",
			runRequest{A: side{Ref: "england"}, B: side{YAML: listGrowth}, Patients: 20000, Years: 10, Replicates: 2},
			[]string{"general_practice.list_growth_per_year", "more than a run can hold", "uploaded-b.yaml:4"}},
		{"list growth at 200,000 patients (issue 24: 11 GB a simulation)",
			runRequest{A: side{Ref: "england"}, B: side{YAML: listGrowth}, Patients: 200000, Years: 2, Replicates: 2},
			[]string{"This run needs about 7.9 GB of memory (2 simulations at once, 3.9 GB each)", "4.0 GB of the 8.0 GB available", "Try at most 91,000 patients, or fewer years."}},
		{"the largest request the page allows",
			runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}, Patients: 200000, Years: 10, Replicates: 10},
			[]string{"too large for this server", "expects to finish in 2.5 minutes (half its limit of 5.0 minutes", "Try at most"}},
		{"a name of 60,000 characters (issue 24: 600 MB)",
			runRequest{A: side{YAML: long}, B: side{Ref: "england"}},
			[]string{"name: 60,000 characters long; at most 100 are allowed"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			code, evs, err := postRun(context.Background(), ts.URL, test.req)
			if err != nil {
				t.Fatal(err)
			}
			if code != 400 || len(evs) != 1 {
				t.Fatalf("status %d, %d events; want 400", code, len(evs))
			}
			for _, w := range test.want {
				if !strings.Contains(string(evs[0].data), w) {
					t.Errorf("the refusal lacks %q:\n%s", w, evs[0].data)
				}
			}
			if len(evs[0].data) > 4000 {
				t.Errorf("a refusal of %d bytes", len(evs[0].data))
			}
		})
	}
}

// What the refusals advise does fit: the teaching size, and the largest
// run the time budget allows, are accepted.
func TestBudgetAcceptsWhatItAdvises(t *testing.T) {
	s, err := New(budgeted())
	if err != nil {
		t.Fatal(err)
	}
	base := runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}, Years: 10, Replicates: 10}
	for _, patients := range []int{20000, 200000} {
		req := base
		req.Patients = patients
		_, _, err := s.check(req)
		switch {
		case patients == 20000 && err != nil:
			t.Fatalf("%d patients refused: %v", patients, err)
		case patients == 200000 && err == nil:
			t.Fatalf("%d patients accepted", patients)
		case err != nil:
			t.Logf("%d patients: %v", patients, err)
			var fit int
			msg := strings.ReplaceAll(err.Error(), ",", "")
			if _, serr := fmt.Sscanf(msg[strings.Index(msg, "Try at most"):], "Try at most %d patients", &fit); serr != nil {
				t.Fatalf("no advice in %q", err)
			}
			req.Patients = fit
			if _, _, err := s.check(req); err != nil {
				t.Errorf("the advised %d patients are refused: %v", fit, err)
			}
		}
	}
	teaching := runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}, Patients: 20000, Years: 3, Replicates: 4}
	if _, _, err := s.check(teaching); err != nil {
		t.Errorf("the teaching size is refused: %v", err)
	}
}

// The Host, Origin and Content-Type checks: a page on another site, or on
// a name that resolves to this computer, can neither read the server nor
// start a run; the server's own page, curl and the tests can.
func TestHostOriginAndContentType(t *testing.T) {
	o := small()
	o.AllowHosts = []string{"Classroom.Local"}
	ts := newTestServer(t, o)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	tooBig := `{"A":{"ref":"england"},"B":{"ref":"torbay"},"patients":999999}` // refused with 400 once past the guard
	issue := `{"A":{"ref":"england"},"B":{"ref":"torbay"},"patients":1000,"years":2,"replicates":2}`
	for _, test := range []struct {
		name, method, path, host, body string
		header                         map[string]string
		status                         int
		want                           string
	}{
		{"issue 24's curl", "POST", "/api/run", "evil.example", issue,
			map[string]string{"Origin": "http://evil.example", "Content-Type": "text/plain"}, 403, "does not answer to the name"},
		{"a rebound name reads the page", "GET", "/api/setup", "evil.example:" + port, "", nil, 403, "--allow-host"},
		{"localhost", "GET", "/api/setup", "localhost:" + port, "", nil, 200, `"levers"`},
		{"a loopback address", "GET", "/api/setup", "127.0.0.2", "", nil, 200, `"levers"`},
		{"IPv6 loopback", "GET", "/api/setup", "[::1]:" + port, "", nil, 200, `"levers"`},
		{"the unspecified address (a server on every interface)", "GET", "/api/setup", "0.0.0.0:" + port, "", nil, 200, `"levers"`},
		{"an allowed name", "GET", "/api/setup", "classroom.local:" + port, "", nil, 200, `"levers"`},
		{"another address of the machine", "GET", "/api/setup", "192.0.2.7", "", nil, 403, "does not answer"},
		{"no Host", "GET", "/", "", "", nil, 403, "does not answer"},
		{"cross-origin run", "POST", "/api/run", "", tooBig,
			map[string]string{"Origin": "http://evil.example", "Content-Type": "application/json"}, 403, "another site"},
		{"cross-site run (Sec-Fetch-Site)", "POST", "/api/run", "", tooBig,
			map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, 403, "another site"},
		{"a sandboxed page (Origin null)", "POST", "/api/upload", "", "name: x\n",
			map[string]string{"Origin": "null", "Content-Type": "application/yaml"}, 403, "another site"},
		{"a text/plain form", "POST", "/api/run", "", issue, map[string]string{"Content-Type": "text/plain"}, 415, "application/json"},
		{"a urlencoded form", "POST", "/api/run", "", "A=1", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"no content type", "POST", "/api/run", "", tooBig, nil, 415, "application/json"},
		{"an upload as text/plain", "POST", "/api/upload", "", "name: x\n", map[string]string{"Content-Type": "text/plain"}, 415, "application/yaml"},
		{"a multipart upload", "POST", "/api/upload", "", "--x--", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, 415, "application/yaml"},
		{"the page's own run", "POST", "/api/run", "", tooBig,
			map[string]string{"Origin": ts.URL, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json; charset=utf-8"}, 400, "patients: 999999 is outside"},
		{"the page's own upload", "POST", "/api/upload", "", "name: x\n",
			map[string]string{"Origin": ts.URL, "Content-Type": "application/yaml"}, 200, `"name":"x"`},
		{"curl (no Origin)", "POST", "/api/run", "", tooBig, map[string]string{"Content-Type": "application/json"}, 400, "is outside"},
	} {
		t.Run(test.name, func(t *testing.T) {
			r, _ := http.NewRequest(test.method, ts.URL+test.path, strings.NewReader(test.body))
			if test.host != "" {
				r.Host = test.host
			}
			for k, v := range test.header {
				r.Header.Set(k, v)
			}
			var resp *http.Response
			var err error
			if test.name == "no Host" {
				resp, err = rawRequest(ts.URL, "GET / HTTP/1.0\r\n\r\n")
			} else {
				resp, err = http.DefaultClient.Do(r)
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != test.status || !strings.Contains(string(body), test.want) {
				t.Errorf("status %d, want %d with %q: %.300s", resp.StatusCode, test.status, test.want, body)
			}
		})
	}
}

// rawRequest sends text as a request on a new connection and reads the
// response.
func rawRequest(url, text string) (*http.Response, error) {
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(c, text); err != nil {
		c.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	c.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// A scenario with 1,500 problems returns the first few and a count of the
// rest, not 1,501 lines.
func TestProblemsAreBounded(t *testing.T) {
	ts := newTestServer(t, small())
	var b strings.Builder
	b.WriteString("name: many\nextends: england\ntimeline:\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "  - at: %dy\n    set: {nonsense_%d: 1}\n", i%5+1, i)
	}
	resp, err := http.Post(ts.URL+"/api/upload", "application/yaml", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var p problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if resp.StatusCode != 400 || len(p.Issues) > maxIssues+1 || len(body) > 20000 {
		t.Errorf("status %d, %d issues in %d bytes; want 400 with at most %d", resp.StatusCode, len(p.Issues), len(body), maxIssues+1)
	}
	t.Logf("%d issues in %d bytes; the last: %s", len(p.Issues), len(body), p.Issues[len(p.Issues)-1].Text)
}

func TestProblemBounded(t *testing.T) {
	p := problem{Message: strings.Repeat("é", 5000)}
	for i := range 30 {
		p.Issues = append(p.Issues, issue{Text: fmt.Sprint(i, strings.Repeat("x", 1000)), Field: "f"})
	}
	b := p.bounded()
	if len(b.Message) > maxMessageLen+len("…") || !strings.HasSuffix(b.Message, "é…") {
		t.Errorf("message of %d bytes, ending %q", len(b.Message), b.Message[len(b.Message)-6:])
	}
	if len(b.Issues) != maxIssues+1 || b.Issues[maxIssues].Text != "and 10 more problems" {
		t.Errorf("%d issues, the last %q", len(b.Issues), b.Issues[len(b.Issues)-1].Text)
	}
	if len(b.Issues[0].Text) > maxIssueText+len("…") {
		t.Errorf("an issue of %d bytes", len(b.Issues[0].Text))
	}
}

// The server keeps past runs within a byte budget as well as a count.
func TestStoreKeepsWithinBytes(t *testing.T) {
	s := newStore(32, 100<<10)
	big := func() download { return download{files: []cmpreport.File{{Name: "x", Data: make([]byte, 40<<10)}}} }
	var ids []string
	for range 5 {
		ids = append(ids, s.put(big()))
	}
	kept := 0
	for _, id := range ids {
		if _, ok := s.get(id); ok {
			kept++
		}
	}
	if kept != 2 || s.bytes > 100<<10 {
		t.Errorf("%d kept in %d bytes; want the last 2 within 100 KiB", kept, s.bytes)
	}
	if _, ok := s.get(ids[4]); !ok {
		t.Error("the newest was dropped")
	}
	if id := s.put(download{files: []cmpreport.File{{Name: "x", Data: make([]byte, 200<<10)}}}); id != "" {
		t.Error("a download larger than the whole store was kept")
	}
	n := newStore(3, 1<<30)
	for range 5 {
		n.put(big())
	}
	if len(n.order) != 3 {
		t.Errorf("%d kept, want 3", len(n.order))
	}
}

// smallBuffers makes the server's sockets' send buffers small, so that a
// client that does not read blocks the server's writes at once rather than
// after the megabytes the kernel would otherwise buffer.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// A client that sends a run request and never reads the answer holds a
// run slot only until a write to it times out; then a normal run on the
// one slot is served. On a real socket on 127.0.0.1, with the server that
// Serve runs.
func TestSlowReaderFreesItsSlot(t *testing.T) {
	o := small()
	o.Runs, o.Queue = 1, 4
	o.WriteTimeout = time.Second
	o.RunTimeout = 10 * time.Minute // without write deadlines the queued run would wait this long
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s)
	ts.Config = s.httpServer(context.Background())
	ts.Listener = smallBuffers{ts.Listener}
	ts.Start()
	defer ts.Close()

	slow, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	slow.(*net.TCPConn).SetReadBuffer(4096)
	body := `{"A":{"ref":"market-contract"},"B":{"ref":"regional-collaborative"}}`
	fmt.Fprintf(slow, "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	// The slow client's run takes the slot (it never reads a byte).
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if running, _ := s.gate.load(); running == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow client's run never started")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a safety net, not a measure
	defer cancel()
	code, evs, err := postRun(ctx, ts.URL, runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay"}})
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatal("the normal run was not served: the client that never reads kept the slot")
	}
	if err != nil || code != 200 {
		t.Fatalf("status %d, %v", code, err)
	}
	lastResult(t, evs)
	queued := false
	for _, e := range evs {
		queued = queued || e.name == "queued"
	}
	t.Logf("the normal run was queued behind the slow client: %v", queued)
}

// A busy port gets a clear message that suggests another --addr.
func TestServeOnABusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	err = Serve(context.Background(), addr, false, small(), io.Discard)
	var le *ListenError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), addr+" is already in use") || !strings.Contains(err.Error(), "--addr 127.0.0.1:") {
		t.Errorf("Serve on a busy port: %v", err)
	}
}
