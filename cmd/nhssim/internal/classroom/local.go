package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
type Local struct{ s *Server }

// NewLocal returns a classroom with the given options. It keeps only the
// last run's download, to spare a phone's memory.
func NewLocal(opt Options) (*Local, error) {
	s, err := New(opt)
	if err != nil {
		return nil, err
	}
	s.results = newStore(1)
	return &Local{s}, nil
}

// Browser returns the options of a classroom running in a browser
// (WebAssembly, one core): the server's teaching size, and at most
// BrowserMaxPatients patients, to stay within a phone's memory.
func Browser() Options {
	o := Defaults()
	o.MaxPatients = BrowserMaxPatients
	o.Runs, o.Workers, o.Queue = 1, 1, 1
	return o
}

// BrowserMaxPatients caps a browser run, for phones. A run holds one
// simulation at a time (one core) and every run's results. Measured under
// Node (bench/README.md): the default comparison over 3 years with 2
// replicates grows the WebAssembly memory by about 1.1 KB a patient, from
// 44 MB at 10,000 patients to 142 MB at 100,000; the engine's compiled code
// of the module adds about 150 MB (Node's whole process peaked at 294 MB).
// The budget is 300 MB, what a tab can count on in a phone of 3 GB, the
// low end of the phones a class has; at this cap a run stays within it.
const BrowserMaxPatients = 100000

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
	l.s.upload(&rec, httptestRequest(http.MethodPost, "/api/upload?name="+url.QueryEscape(name), data))
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
	res, err := l.s.result(p, c, time.Since(start))
	if err != nil {
		emit("error", problem{Message: err.Error()})
		return nil
	}
	d, _ := l.s.results.get(strings.TrimPrefix(res.Download, "/api/download/")) // just put
	res.Download = ""
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
