package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/nhs"
)

// Local is the classroom without a network: the same setup, upload checks
// and runs as the server's /api endpoints, called in the same process. The
// WebAssembly build (cmd/nhssim/internal/classroom/wasm) runs one in each student's browser,
// in a Web Worker, and the static export (Export) writes its setup.
type Local struct {
	s *Server
	// maxPatientRuns, if above 0, bounds a run's patients times its
	// simulations, which its memory grows with.
	maxPatientRuns int64
}

// NewLocal returns a classroom with the given options. It keeps only the
// last run's download, to spare a phone's memory.
func NewLocal(opt Options) (*Local, error) {
	s, err := New(opt)
	if err != nil {
		return nil, err
	}
	s.results = newStore(1, math.MaxInt) // the run's memory is bounded before it starts
	return &Local{s: s}, nil
}

// NewBrowser returns the classroom of a browser: Browser's options, and
// runs bounded by BrowserMaxPatientRuns.
func NewBrowser() (*Local, error) {
	l, err := NewLocal(Browser())
	if err != nil {
		return nil, err
	}
	l.maxPatientRuns = BrowserMaxPatientRuns
	return l, nil
}

// Browser returns the options of a classroom running in a browser
// (WebAssembly, one core): the server's teaching size, and at most
// BrowserMaxPatients patients, to stay within a phone's memory.
func Browser() Options {
	o := Defaults()
	o.Patients, o.Replicates = 20000, 4 // a phone cannot run a whole local system
	o.MaxPatients = BrowserMaxPatients
	o.Runs, o.Workers, o.Queue = 1, 1, 1
	o.Memory = -1 // a browser's memory is bounded by BrowserMaxPatientRuns, not the host's limits
	return o
}

// BrowserMaxPatients caps a browser run's patients, and
// BrowserMaxPatientRuns its patients times its simulations (scenarios and
// attributed levers, times replicates), for phones. A run keeps every
// simulation's results, and its WebAssembly memory grows with patients
// times simulations: measured under Node (bench/README.md), about 33 MB
// for the module and runtime plus 35 bytes a patient and simulation (the
// default comparison, 32 simulations: 44 MB at 10,000 patients, 142 MB at
// 100,000; at 40,000 patients and 96 simulations, 168 MB). The engine's
// compiled code of the module adds about 150 MB. The budget is 300 MB,
// what a tab can count on in a phone of 3 GB, the low end of a class's
// phones: 150 MB of WebAssembly memory, so 3,500,000 patient-simulations
// (the default comparison at 100,000 patients and 2 replicates, or at the
// teaching size of 20,000 and 4; exercise 1 at 100,000 needs 1,200,000).
const (
	BrowserMaxPatients    = 100000
	BrowserMaxPatientRuns = 3500000
)

// recorder is a minimal http.ResponseWriter that keeps what a handler
// writes, so that Local answers with the server's handlers' own bytes.
type recorder struct {
	h    http.Header
	code int
	body bytes.Buffer
}

func (r *recorder) Header() http.Header {
	if r.h == nil {
		r.h = http.Header{}
	}
	return r.h
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(code int) { r.code = code }

// Setup is the body of GET /api/setup.
func (l *Local) Setup() []byte {
	var rec recorder
	l.s.setup(&rec, httptestRequest(http.MethodGet, "/api/setup", nil))
	return rec.body.Bytes()
}

// Upload checks an uploaded scenario file, as POST /api/upload?name=NAME
// does: it returns the HTTP status the server would and its JSON body.
func (l *Local) Upload(name string, data []byte) (int, []byte) {
	var rec recorder
	r := httptestRequest(http.MethodPost, "/api/upload?name="+url.QueryEscape(name), data)
	r.Header.Set("Content-Type", "application/yaml") // as the page sends it
	l.s.upload(&rec, r)
	return rec.code, rec.body.Bytes()
}

func httptestRequest(method, target string, body []byte) *http.Request {
	r, _ := http.NewRequest(method, target, bytes.NewReader(body)) // a fixed, valid target
	return r
}

// Run runs a request (the body of POST /api/run) and reports it as the
// server's stream does, each event's data as JSON: started, warnings (when
// a scenario is below one local system), progress after each simulation,
// then result or error. A result's download link is empty: Run returns
// the download's zip instead. A bad request is an error event, with the
// message the server would answer with.
func (l *Local) Run(ctx context.Context, body []byte, send func(event string, data []byte)) []byte {
	emit := func(name string, v any) {
		data, _ := json.Marshal(v) // plain structs and maps
		send(name, data)
	}
	var req runRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		emit("error", problem{Message: "bad request: " + err.Error()})
		return nil
	}
	p, job, err := l.s.check(req)
	if err != nil {
		emit("error", problemOf(err))
		return nil
	}
	if pr := int64(p.req.Patients) * int64(job.Runs()); l.maxPatientRuns > 0 && pr > l.maxPatientRuns {
		emit("error", problem{Message: fmt.Sprintf("This run is too large for a browser's memory: %s patients × %s is %s patient-simulations, and a browser run allows %s. Choose fewer patients or replicates, or run it with nhssim compare (the command below a finished run).",
			cmpreport.Group(float64(p.req.Patients)), cmpreport.Plural(job.Runs(), "simulation"), cmpreport.Group(float64(pr)), cmpreport.Group(float64(l.maxPatientRuns)))})
		return nil
	}
	emit("started", map[string]any{"runs": job.Runs(), "what": job.Describe()})
	if ws := Warnings(job); len(ws) > 0 {
		emit("warnings", ws)
	}
	n := 0
	start := time.Now()
	c, err := job.Run(ctx, l.s.opt.Workers, func() {
		n++ // one worker: the calls do not overlap
		emit("progress", map[string]int{"done": n, "runs": job.Runs()})
	})
	if err != nil {
		emit("error", problem{Message: stopped(err)})
		return nil
	}
	res, _, err := l.s.result(p, c, time.Since(start))
	if err != nil {
		emit("error", problem{Message: err.Error()})
		return nil
	}
	d, ok := l.s.results.get(strings.TrimPrefix(res.Download, "/api/download/")) // just put
	if !ok {
		emit("error", problem{Message: "the run's files were not kept"})
		return nil
	}
	res.Download, res.Uncertainty = "", l.s.quote(job)
	zip, err := zipFiles(d.files)
	if err != nil {
		emit("error", problem{Message: err.Error()})
		return nil
	}
	emit("result", res)
	return zip
}

// Warnings are the command line's representativeness warnings for a
// job's scenarios: one for each whose sample is smaller than one whole
// local system, so that its hospitals are scaled down or alone.
func Warnings(job *cmpreport.Job) []string {
	var out []string
	for _, sc := range job.Scenarios() {
		cfg := &sc.Config
		if least := nhs.RepresentativePatients(*cfg); cfg.Population.Patients < least {
			out = append(out, fmt.Sprintf("%s: %s patients is less than one whole local system (%s: %d hospitals of %s); results are not representative.",
				sc.Name, cmpreport.Group(float64(cfg.Population.Patients)), cmpreport.Group(float64(least)), cfg.Market.HospitalsPerMarket,
				cmpreport.Group(float64(cfg.Hospitals.PracticesPerHospital*cfg.Population.PracticeSize))))
		}
	}
	return out
}
