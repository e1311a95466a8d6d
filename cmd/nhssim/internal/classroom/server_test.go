package classroom

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/stats"

	"github.com/nhssim/nhssim/sim/nhs"
)

// small is a server whose runs take well under a second: what the tests
// use in place of the teaching size.
func small() Options {
	return Options{Patients: 3000, Years: 2, WarmupYears: 1, Replicates: 2, MaxPatients: 5000, MaxYears: 3, MaxReplicates: 3, Runs: 2, Workers: 1, Build: provenance.Build{Version: "test", GoVersion: "go-test"}}
}

func newTestServer(t *testing.T, o Options) *httptest.Server {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

// event is one server-sent event of a run.
type event struct {
	name string
	data json.RawMessage
}

// postRun sends a run request and reads its events (or its JSON problem).
func postRun(ctx context.Context, url string, req any) (int, []event, error) {
	body, _ := json.Marshal(req)
	r, _ := http.NewRequestWithContext(ctx, "POST", url+"/api/run", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, []event{{"problem", data}}, nil
	}
	var evs []event
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	var name string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = line[7:]
		case strings.HasPrefix(line, "data: "):
			evs = append(evs, event{name, json.RawMessage(line[6:])})
		}
	}
	return resp.StatusCode, evs, sc.Err()
}

func lastResult(t *testing.T, evs []event) resultOut {
	t.Helper()
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	last := evs[len(evs)-1]
	if last.name != "result" {
		t.Fatalf("last event %s: %s", last.name, last.data)
	}
	var r resultOut
	if err := json.Unmarshal(last.data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunStreamsAResult(t *testing.T) {
	ts := newTestServer(t, small())
	req := runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative", Sets: map[string]string{"discharge.pooled_budget": "false"}}}
	code, evs, err := postRun(context.Background(), ts.URL, req)
	if err != nil || code != 200 {
		t.Fatalf("status %d, %v", code, err)
	}
	if evs[0].name != "started" {
		t.Errorf("first event %s, want started", evs[0].name)
	}
	r := lastResult(t, evs)
	if r.A != "market-contract" || r.B != "regional-collaborative-changed" {
		t.Errorf("names %q and %q", r.A, r.B)
	}
	if n := len(nhs.HeadlineMetrics()); len(r.Captions) != n || len(r.Table) != n {
		t.Errorf("%d captions and %d table rows, want %d each", len(r.Captions), len(r.Table), n)
	}
	names := map[string]bool{}
	for _, c := range r.Charts {
		names[c.Name] = true
		if !strings.HasPrefix(c.Src, "data:image/svg+xml;base64,") || c.Alt == "" {
			t.Errorf("chart %s: src %.40q, alt %q", c.Name, c.Src, c.Alt)
		}
	}
	for _, n := range []string{"admissions", "costs", "continuity", "beds", "attribution"} {
		if !names[n] {
			t.Errorf("no %s chart", n)
		}
	}
	if want := "nhssim compare a.yaml b.yaml --patients 3000 --years 2 --warmup-years 1 --replicates 2"; r.Command != want {
		t.Errorf("command %q, want %q", r.Command, want)
	}
	checkDownload(t, ts.URL+r.Download, r.Command)
}

// checkDownload fetches a run's zip and checks that its scenario files and
// command reproduce its summary: the bridge from classroom to research.
func checkDownload(t *testing.T, url, command string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[strings.TrimPrefix(f.Name, "nhssim-classroom/")] = b
	}
	for _, n := range []string{"a.yaml", "b.yaml", "summary.csv", "differences.csv", "series.csv", "attribution.csv", "appraisal.csv", "construction.csv", "manifest.json", "metrics.json", "admissions.svg", "admissions.csv", "README.txt"} {
		if len(files[n]) == 0 {
			t.Errorf("download lacks %s", n)
		}
	}
	if !strings.Contains(string(files["README.txt"]), command) {
		t.Errorf("README.txt lacks the command %q", command)
	}
	// manifest.json is compare's provenance manifest: the build, the
	// command that reproduces the run, the seeds and every parameter.
	var m struct {
		Build     string   `json:"nhssim_version"`
		Command   string   `json:"command"`
		Seeds     []uint64 `json:"seeds"`
		Scenarios []struct {
			Hash       string          `json:"hash"`
			Parameters json.RawMessage `json:"parameters"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.Build != "test" || m.Command != command || len(m.Seeds) != 2 || len(m.Scenarios) != 2 || len(m.Scenarios[0].Parameters) < 100 {
		t.Errorf("manifest.json is not compare's provenance manifest of this run:\n%s", files["manifest.json"])
	}
	// Run the command's comparison on the downloaded files, as
	// 'nhssim compare' would: --patients and the rest are overrides of both.
	f := strings.Fields(command)
	sets := []string{"population.patients=" + f[5], "run.years=" + f[7], "run.warmup_years=" + f[9]}
	spec := cmpreport.Spec{Loader: memLoader(files), Replicates: 2, Scenarios: []cmpreport.Ref{{Ref: "a.yaml", Sets: sets}, {Ref: "b.yaml", Sets: sets}}}
	job, err := cmpreport.Prepare(spec)
	if err != nil {
		t.Fatalf("the downloaded scenarios do not load: %v\n%s\n%s", err, files["a.yaml"], files["b.yaml"])
	}
	c, err := job.Run(context.Background(), 1, func() {})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Tables()[0].Data; !bytes.Equal(got, files["summary.csv"]) {
		t.Errorf("the downloaded command gives another summary.csv:\n%s\nwant\n%s", got, files["summary.csv"])
	}
}

func TestUploadReportsLineAndField(t *testing.T) {
	ts := newTestServer(t, small())
	// A valid scenario on disk, relative to the test's directory: a loader
	// that read the disk would accept an upload extending it, so the
	// upload's refusal shows that none does.
	local := "../../../../scenarios/england.yaml"
	if _, err := os.Stat(local); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name, yaml string
		status     int
		want       []string
	}{
		{"valid", "name: mine\nextends: england\nmarket:\n  patient_choice: true\n", 200, []string{`"name":"mine"`, `"market.patient_choice":"true"`}},
		{"bad field", "name: mine\nmarket:\n  patient_choise: true\n", 400, []string{"uploaded.yaml:3:3", "market.patient_choise", "patient_choice"}},
		{"bad value", "name: mine\ndischarge:\n  boundaries: lots\n", 400, []string{"uploaded.yaml:3:15", "discharge.boundaries"}},
		{"extends a file", "extends: ../secret.yaml\n", 400, []string{"is outside this scenario's directory"}},
		{"extends /etc/passwd", "extends: /etc/passwd\n", 400, []string{"uploaded.yaml:1:10", "absolute path"}},
		{"extends a valid local file", "extends: " + local + "\n", 400, []string{local + `\" is outside this scenario's directory`}},
		{"too large", "name: x\n" + strings.Repeat("# padding\n", 7000), 413, []string{"too large"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, err := http.Post(ts.URL+"/api/upload", "application/yaml", strings.NewReader(test.yaml))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != test.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, test.status, body)
			}
			for _, w := range test.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("response lacks %q: %s", w, body)
				}
			}
		})
	}
}

func TestRunRejectsBadRequests(t *testing.T) {
	ts := newTestServer(t, small())
	for _, test := range []struct {
		name string
		req  any
		want string
	}{
		{"too many patients", runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay"}, Patients: 6000}, "patients: 6000 is outside"},
		{"too many years", runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay"}, Years: 50}, "years: 50 is outside"},
		{"too many replicates", runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay"}, Replicates: 100}, "replicates: 100 is outside"},
		{"not a lever", runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay", Sets: map[string]string{"population.patients": "1e9"}}}, "not one of the levers"},
		{"bad lever value", runRequest{A: side{Ref: "england"}, B: side{Ref: "torbay", Sets: map[string]string{"contracts.payment": "barter"}}}, "contracts.payment"},
		{"unknown scenario", runRequest{A: side{Ref: "nowhere"}, B: side{Ref: "torbay"}}, "unknown scenario"},
		{"a path", runRequest{A: side{Ref: "/etc/passwd"}, B: side{Ref: "torbay"}}, "/etc/passwd: no such file"},
		{"an upload extending /etc/passwd", runRequest{A: side{YAML: "extends: /etc/passwd\n"}, B: side{Ref: "torbay"}}, "absolute path"},
		{"an upload extending a file on disk", runRequest{A: side{YAML: "extends: ../../../../scenarios/england.yaml\n"}, B: side{Ref: "torbay"}}, "england.yaml\\\" is outside this scenario's directory"},
		{"unknown field", map[string]any{"A": map[string]any{"ref": "england"}, "nonsense": 1}, "unknown field"},
	} {
		t.Run(test.name, func(t *testing.T) {
			code, evs, err := postRun(context.Background(), ts.URL, test.req)
			if err != nil {
				t.Fatal(err)
			}
			if code != 400 || len(evs) != 1 || !strings.Contains(string(evs[0].data), test.want) {
				t.Errorf("status %d, %s; want 400 with %q", code, evs, test.want)
			}
		})
	}
}

func TestPagesAndAssets(t *testing.T) {
	ts := newTestServer(t, small())
	for _, test := range []struct{ path, want string }{
		{"/", `<button type="button" id="run"`},
		{"/static/app.js", "readEvents"},
		{"/static/style.css", "Okabe-Ito"},
		{"/glossary", `id="upc"`},
		{"/params", `id="discharge.pooled_budget"`},
		{"/stories/torbay", "discharge.boundaries"},
		{"/api/setup", `"levers"`},
	} {
		resp, err := http.Get(ts.URL + test.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), test.want) {
			t.Errorf("GET %s: status %d, body lacks %q", test.path, resp.StatusCode, test.want)
		}
		if resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no Content-Security-Policy", test.path)
		}
	}
	for _, path := range []string{"/stories/nowhere", "/stories/refnet", "/static/../server.go", "/api/download/0123"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestLeversComeFromTheRegistry(t *testing.T) {
	ls := levers()
	if len(ls) != len(leverPaths) {
		t.Fatalf("%d levers for %d paths", len(ls), len(leverPaths))
	}
	for _, l := range ls {
		if l.Label == "" || l.Doc == "" || l.Source == "" || l.Kind == "" {
			t.Errorf("%s: incomplete: %+v", l.Path, l)
		}
		if l.Kind == "number" && !(l.Min < l.Max && l.Step > 0) {
			t.Errorf("%s: range %g to %g step %g", l.Path, l.Min, l.Max, l.Step)
		}
	}
}

func TestCaptions(t *testing.T) {
	for _, test := range []struct {
		metric string
		d      [3]float64
		want   string
	}{
		{"emergency_admissions_per_1000", [3]float64{-3.1, -5, -1.2}, "B had 3.10 fewer emergency admissions per 1,000 people a year than A (95% interval −5.00 to −1.20)."},
		{"emergency_admissions_per_1000", [3]float64{1.5, -0.5, 3.5}, "No clear difference in emergency admissions per 1,000 people a year between B and A: the difference, 1.50 (95% interval −0.500 to 3.50), could be zero."},
		{"duplication_transaction_cost_per_head", [3]float64{-47.9, -51.2, -44.6}, "In B, the duplication and transaction cost per head a year was £47.9 lower than in A (95% interval −£51.2 to −£44.6)."},
		{"upc_mean", [3]float64{0.05, 0.04, 0.06}, "In B, the continuity of GP care (mean UPC, from 0 to 1) was 0.0500 higher than in A (95% interval 0.0400 to 0.0600)."},
		{"readmission_30d_rate", [3]float64{-0.012, -0.02, -0.004}, "In B, the share of emergency discharges readmitted within 30 days was 1.20 percentage points lower than in A (95% interval −2.00 to −0.400 percentage points)."},
	} {
		d := stats.Estimate{Mean: test.d[0], Lo: test.d[1], Hi: test.d[2], N: 5}
		if got := caption(test.metric, "A", "B", d).Text; !strings.HasPrefix(got, test.want) {
			t.Errorf("caption(%s, %v) = %q, want it to start %q", test.metric, test.d, got, test.want)
		}
	}
}

func TestRunStopsWhenTheClientGoes(t *testing.T) {
	o := small()
	o.Runs = 1
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	// A run of 14 configurations × 3 replicates; the client goes away as
	// soon as it has started.
	ctx, cancel := context.WithCancel(context.Background())
	body, _ := json.Marshal(runRequest{A: side{Ref: "market-contract"}, B: side{Ref: "regional-collaborative"}, Patients: 5000, Years: 3, Replicates: 3})
	r, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/run", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() && sc.Text() != "event: started" {
	}
	cancel()
	resp.Body.Close()
	// The slot comes back once the run sees its context end, before the
	// run's 42 simulations are done.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if running, waiting := s.gate.load(); running == 0 && waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the run kept its slot after its client went away")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.simulated.Load(); n >= 42 {
		t.Errorf("%d simulations ran: the run did not stop when its client went away", n)
	} else {
		t.Logf("the run stopped after %d of 42 simulations", n)
	}
}

func TestEveryStoryIsAShippedScenario(t *testing.T) {
	s, err := New(small())
	if err != nil {
		t.Fatal(err)
	}
	entries, err := assets.ReadDir("stories")
	if err != nil {
		t.Fatal(err)
	}
	shipped := map[string]bool{}
	for _, sc := range s.shipped {
		shipped[sc.Name] = sc.Story
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if !shipped[name] {
			t.Errorf("stories/%s tells the story of %q, which is not a shipped scenario", e.Name(), name)
		}
	}
	if len(entries) < 5 {
		t.Errorf("%d stories; the five seed systems need at least one each", len(entries))
	}
}
