package classroom

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/safe"
	"github.com/nhssim/nhssim/sim/stats"
)

// side is one scenario of a run request: a shipped scenario's name or an
// uploaded file's text, and lever values that replace the scenario's own.
type side struct {
	Name string            `json:"name"` // optional: a name for the charts
	Ref  string            `json:"ref"`
	YAML string            `json:"yaml"`
	Sets map[string]string `json:"sets"`
}

// runRequest is what the page sends to run a comparison of A (the
// baseline) with B.
type runRequest struct {
	A, B       side
	Patients   int `json:"patients"`
	Years      int `json:"years"`
	Replicates int `json:"replicates"`
}

// plan is a checked run request: the comparison to run and what a
// download needs to reproduce it.
type plan struct {
	req   runRequest
	spec  cmpreport.Spec
	files map[string][]byte // uploads, by the name the loader knows them by
	warm  float64
	key   string // the answer's key in the result cache
}

// AttributionMaxPatients is the largest run whose levers the page
// attributes: attribution runs the baseline once more for every lever that
// differs, which at a whole local system would take minutes, not seconds.
// Above it the answer says so, and nhssim compare attributes at any size.
const AttributionMaxPatients = 200000

// check validates a request against the server's bounds and loads its
// scenarios (through cmpreport.Prepare), before anything is queued.
func (s *Server) check(req runRequest) (*plan, *cmpreport.Job, error) {
	o := s.opt
	if req.Patients == 0 {
		req.Patients = o.Patients
	}
	if req.Years == 0 {
		req.Years = o.Years
	}
	if req.Replicates == 0 {
		req.Replicates = o.Replicates
	}
	switch {
	case req.Patients < 1000 || req.Patients > o.MaxPatients:
		return nil, nil, fmt.Errorf("patients: %d is outside 1,000 to %s on this server", req.Patients, cmpreport.Group(float64(o.MaxPatients)))
	case req.Years < 2 || req.Years > o.MaxYears:
		return nil, nil, fmt.Errorf("years: %d is outside 2 to %d on this server", req.Years, o.MaxYears)
	case req.Replicates < 2 || req.Replicates > o.MaxReplicates:
		return nil, nil, fmt.Errorf("replicates: %d is outside 2 to %d on this server", req.Replicates, o.MaxReplicates)
	}
	p := &plan{req: req, files: map[string][]byte{}, warm: min(o.WarmupYears, float64(req.Years)/2)}
	size := []string{
		"population.patients=" + strconv.Itoa(req.Patients),
		"run.years=" + strconv.Itoa(req.Years),
		"run.warmup_years=" + strconv.FormatFloat(p.warm, 'g', -1, 64),
	}
	p.spec = cmpreport.Spec{Replicates: req.Replicates, Attribution: req.Patients <= AttributionMaxPatients, Build: o.Build}
	for i, sd := range []side{req.A, req.B} {
		ref := sd.Ref
		if sd.YAML != "" {
			if len(sd.YAML) > maxUpload {
				return nil, nil, fmt.Errorf("scenario %c: the file is larger than %d KiB", 'A'+i, maxUpload>>10)
			}
			ref = fmt.Sprintf("uploaded-%c.yaml", 'a'+i)
			p.files[ref] = []byte(sd.YAML)
		}
		if ref == "" {
			return nil, nil, fmt.Errorf("scenario %c: pick a scenario", 'A'+i)
		}
		var sets []string
		for _, path := range leverPaths { // in a fixed order, for the manifest
			v, ok := sd.Sets[path]
			if !ok {
				continue
			}
			sets = append(sets, path+"="+v)
		}
		for path := range sd.Sets {
			if !isLever(path) {
				return nil, nil, fmt.Errorf("scenario %c: %s is not one of the levers this page sets", 'A'+i, path)
			}
		}
		p.spec.Scenarios = append(p.spec.Scenarios, cmpreport.Ref{Ref: ref, Sets: append(sets, size...)})
	}
	p.spec.Loader = memLoader(p.files)
	if err := p.name(); err != nil {
		return nil, nil, err
	}
	p.spec.Command = commandFor(p)
	job, err := cmpreport.Prepare(p.spec)
	if err != nil {
		return nil, nil, err
	}
	if err := s.fits(p.req, job); err != nil {
		return nil, nil, err
	}
	p.key = cacheKey(job, p.spec.Attribution)
	return p, job, nil
}

// name names the two scenarios for the charts: each its own name, with
// "-changed" where the page changed its levers, and "-A" and "-B" if the
// names are still the same.
func (p *plan) name() error {
	var names [2]string
	for i, sd := range []side{p.req.A, p.req.B} {
		sc, err := p.spec.Loader.Load(p.spec.Scenarios[i].Ref, p.spec.Scenarios[i].Sets...) // at the run's size, as it will run
		if err != nil {
			return err
		}
		names[i] = sc.Name
		switch {
		case sd.Name != "":
			if len(sd.Name) > 40 || strings.Trim(sd.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ ") != "" {
				return fmt.Errorf("scenario %c: a name has at most 40 letters, digits, spaces, - and _", 'A'+i)
			}
			names[i] = sd.Name
		case len(sd.Sets) > 0:
			names[i] += "-changed"
		}
	}
	if names[0] == names[1] {
		names[0], names[1] = names[0]+"-A", names[1]+"-B"
	}
	p.spec.Scenarios[0].Name, p.spec.Scenarios[1].Name = names[0], names[1]
	return nil
}

// eventWriter writes server-sent events, each within a write deadline: a
// client that stops reading makes a write fail, and the run stops.
type eventWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	err     error // the first write that failed; nothing is written after it
}

// send writes one event and flushes it. It returns the first error of any
// write so far.
func (e *eventWriter) send(name string, v any) error {
	if e.err != nil {
		return e.err
	}
	if p, ok := v.(problem); ok {
		v = p.bounded()
	}
	data, _ := json.Marshal(v) // the events are plain structs and maps
	e.rc.SetWriteDeadline(time.Now().Add(e.timeout))
	if _, err := fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", name, data); err != nil {
		e.err = err
		return err
	}
	e.err = e.rc.Flush()
	return e.err
}

// outcome is a finished job: its comparison or its error.
type outcome struct {
	c   *cmpreport.Comparison
	err error
}

// errInternal is a run that failed on a bug in nhssim.
var errInternal error = sentence("This run failed: an internal error in nhssim (a bug, not a problem with your input). " +
	"The server goes on serving; please report it with the scenarios you used.")

// runJob runs the job and sends its outcome on finished. A panic in the
// job, a bug, is caught here, logged with its stack and sent as
// errInternal: nothing above this goroutine could recover it, and the
// server must go on serving every other request.
func (s *Server) runJob(ctx context.Context, job *cmpreport.Job, done func(), finished chan<- outcome) {
	var o outcome
	defer func() {
		if v := recover(); v != nil {
			stack := debug.Stack()
			if p, ok := v.(*safe.Panic); ok { // raised again from a worker
				v, stack = p.Value, p.Stack
			}
			s.logPanic("a run", v, stack)
			o = outcome{err: errInternal}
		}
		finished <- o
	}()
	o.c, o.err = s.simulate(job, ctx, s.opt.Workers, done)
}

// render is s.result with a panic in drawing or writing turned into
// errInternal, as for runJob.
func (s *Server) render(p *plan, c *cmpreport.Comparison, elapsed time.Duration) (res *resultOut, dl download, err error) {
	defer func() {
		if v := recover(); v != nil {
			s.logPanic("drawing a run's result", v, debug.Stack())
			res, err = nil, errInternal
		}
	}()
	return s.result(p, c, elapsed)
}

// answerCached answers a run request from the cache: the same stream as a
// run's, with its warnings and its result, marked cached, and no queue.
func (s *Server) answerCached(w http.ResponseWriter, job *cmpreport.Job, c cached) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	s.sendCached(&eventWriter{w: w, rc: http.NewResponseController(w), timeout: s.opt.WriteTimeout}, job, c)
}

// sendCached sends a cached answer's warnings and result on a run's stream.
func (s *Server) sendCached(ev *eventWriter, job *cmpreport.Job, c cached) {
	res, dl := c.answer()
	if id := s.results.put(dl); id != "" {
		res.Download = "/api/download/" + id
	}
	res.Uncertainty = s.quote(job)
	if ws := Warnings(job); len(ws) > 0 && ev.send("warnings", ws) != nil {
		return
	}
	ev.send("result", res)
}

// run answers a run request with a stream of server-sent events: queued
// (the place in the queue), started, progress, and result or error. The
// run stops if the page goes away (its context ends), stops reading (a
// write takes longer than WriteTimeout) or takes longer than RunTimeout;
// its wait in the queue is bounded by RunTimeout too.
func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	if !contentType(r, "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, problem{Message: "A run request must be sent as Content-Type: application/json, as this server's page sends it."})
		return
	}
	var req runRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Message: "bad request: " + err.Error()})
		return
	}
	p, job, err := s.check(req)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problemOf(err))
		return
	}
	if c, ok := s.cache.get(p.key); ok {
		s.answerCached(w, job, c)
		return
	}
	release, running := s.claim(p.key)
	if running != nil {
		s.awaitTwin(w, r, job, p.key, running)
		return
	}
	defer release()
	t, err := s.gate.enter()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, problem{Message: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	ev := &eventWriter{w: w, rc: http.NewResponseController(w), timeout: s.opt.WriteTimeout}
	// The end of the stream, written after run returns, has a deadline too.
	defer func() { ev.rc.SetWriteDeadline(time.Now().Add(s.opt.WriteTimeout)) }()

	tick := make(chan struct{})
	stopTick := ticker(tick, 250*time.Millisecond)
	defer stopTick()
	// A client that stops reading while queued gives up its place.
	queued, leave := context.WithTimeout(r.Context(), s.opt.RunTimeout)
	err = s.gate.wait(queued, t, tick, func(pos int) {
		if ev.send("queued", map[string]int{"position": pos}) != nil {
			leave()
		}
	})
	leave()
	if err != nil {
		msg := stopped(err)
		if errors.Is(err, context.DeadlineExceeded) {
			msg = fmt.Sprintf("The server was busy: the run waited %s in the queue without starting, and was given up; try again later.", minutes(s.opt.RunTimeout.Seconds()))
		}
		ev.send("error", problem{Message: msg})
		return
	}
	defer s.gate.done(t)
	// The same run, asked by another student, may have finished while
	// this one waited in the queue.
	if c, ok := s.cache.get(p.key); ok {
		s.sendCached(ev, job, c)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RunTimeout)
	defer cancel()
	finished := make(chan outcome, 1)
	if ev.send("started", map[string]any{"runs": job.Runs(), "what": job.Describe()}) != nil {
		return
	}
	if ws := Warnings(job); len(ws) > 0 && ev.send("warnings", ws) != nil {
		return
	}
	var done atomic.Int64
	start := time.Now()
	go s.runJob(ctx, job, func() { done.Add(1); s.simulated.Add(1) }, finished)
	last := int64(-1)
	for {
		select {
		case o := <-finished:
			if o.err != nil {
				ev.send("error", problem{Message: stopped(o.err)})
				return
			}
			res, dl, err := s.render(p, o.c, time.Since(start))
			if err != nil {
				ev.send("error", problem{Message: err.Error()})
				return
			}
			if err := s.cache.put(p.key, entryOf(res, dl)); err != nil {
				s.logf("caching a run's answer: %v", err) // the answer is still good
			}
			res.Uncertainty = s.quote(job)
			ev.send("result", res)
			return
		case <-tick:
			if n := done.Load(); n != last {
				last = n
				if ev.send("progress", map[string]int64{"done": n, "runs": int64(job.Runs())}) != nil {
					// The client stopped reading: stop the run, and give
					// the slot back once its simulations have stopped.
					cancel()
					<-finished
					return
				}
			}
		}
	}
}

// ticker sends on c every d until stopped, without blocking when no one
// listens.
func ticker(c chan<- struct{}, d time.Duration) (stop func()) {
	t := time.NewTicker(d)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				select {
				case c <- struct{}{}:
				default:
				}
			case <-quit:
				t.Stop()
				return
			}
		}
	}()
	return func() { close(quit) }
}

func stopped(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "The run took too long and was stopped; try fewer patients, years or replicates."
	case errors.Is(err, context.Canceled):
		return "The run was cancelled."
	}
	return err.Error()
}

// chartOut is one chart on the page.
type chartOut struct {
	Name string `json:"name"`
	Alt  string `json:"alt"`
	Src  string `json:"src"` // a data: URL of the SVG
}

// rowOut is one metric in the page's table.
type rowOut struct {
	ID         string `json:"id"`
	Metric     string `json:"metric"`
	A, B, Diff string
}

// row is metric m's row in the page's table.
func row(c *cmpreport.Comparison, m string) rowOut {
	names := c.Names()
	return rowOut{
		ID:     m,
		Metric: nhs.MetricLabel(m),
		A:      estimateText(c.Estimate(names[0], m), false),
		B:      estimateText(c.Estimate(names[1], m), false),
		Diff:   estimateText(c.Difference(names[1], m), true),
	}
}

// resultOut is a finished run, as the page shows it.
type resultOut struct {
	Title    string       `json:"title"`
	A, B     string       // the scenarios' names
	Captions []Caption    `json:"captions"`
	Table    []rowOut     `json:"table"`
	Measures []measureOut `json:"measures"` // what the exercises ask about
	Charts   []chartOut   `json:"charts"`
	Download string       `json:"download"`
	Command  string       `json:"command"`
	Seconds  float64      `json:"seconds"` // how long the run took, when it was run
	// Cached is an answer from the result cache: computed earlier (or
	// ahead, for the shipped exercises) from the same content.
	Cached bool `json:"cached"`
	// Note says what the answer leaves out: lever attribution, above
	// AttributionMaxPatients.
	Note string `json:"note,omitempty"`
	// Uncertainty quotes an uncertainty analysis of exactly this pair
	// (Server.quote), added as the answer is sent and never cached.
	Uncertainty *uncertaintyOut `json:"uncertainty,omitempty"`
}

// result renders a finished comparison for the page and keeps its files
// for download.
func (s *Server) result(p *plan, c *cmpreport.Comparison, elapsed time.Duration) (*resultOut, download, error) {
	names := c.Names()
	res := &resultOut{Title: c.Title(), A: names[0], B: names[1], Captions: captions(c), Seconds: math.Round(elapsed.Seconds()*10) / 10}
	if !p.spec.Attribution {
		res.Note = (fmt.Sprintf("Which lever made the difference is not worked out above %s patients, "+
			"to answer within seconds: run at %s patients or fewer, or use the command below with nhssim compare, to see it.",
			cmpreport.Group(AttributionMaxPatients), cmpreport.Group(AttributionMaxPatients)))
	}
	for _, m := range c.Headline() {
		res.Table = append(res.Table, row(c, m))
	}
	res.Measures = measures(c)
	dl := download{command: p.spec.Command}
	var capText []string
	for _, cp := range res.Captions {
		capText = append(capText, cp.Text)
	}
	for _, ch := range c.Charts() {
		svg, err := ch.Render("svg")
		if err != nil {
			return nil, download{}, err
		}
		res.Charts = append(res.Charts, chartOut{
			Name: ch.Name,
			Alt:  chartAlt(ch.Name, names, capText),
			Src:  "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg),
		})
		dl.files = append(dl.files, cmpreport.File{Name: ch.Name + ".svg", Data: svg})
		if ch.Data != nil {
			dl.files = append(dl.files, cmpreport.File{Name: ch.Name + ".csv", Data: ch.Data})
		}
	}
	dl.files = append(dl.files, c.Tables()...)
	dl.files = append(dl.files, cmpreport.File{Name: "metrics.json", Data: nhs.MetricDictionary()})
	dl.files = append(dl.files, scenarioFiles(p, names)...)
	dl.files = append(dl.files, cmpreport.File{Name: "README.txt", Data: []byte(readme(res, dl.command))})
	res.Command = dl.command
	if id := s.results.put(dl); id != "" {
		res.Download = "/api/download/" + id
	}
	return res, dl, nil
}

// estimateText writes a mean and its interval for the page's table.
func estimateText(e stats.Estimate, sign bool) string {
	m := numfmt.Human(e.Mean)
	if sign && e.Mean > 0 {
		m = "+" + m
	}
	if math.IsNaN(e.Lo) {
		return m
	}
	return fmt.Sprintf("%s (%s to %s)", m, numfmt.Human(e.Lo), numfmt.Human(e.Hi))
}

// chartAlt describes a chart for someone who cannot see it: what it shows
// and, for the charts of the headline metrics, the sentences that sum it up.
func chartAlt(name string, names []string, captions []string) string {
	what := map[string]string{
		"admissions":  "Emergency admissions per 1,000 people a year, month by month, for each scenario with its 95% interval band, and the paired difference between them.",
		"costs":       "Duplication and transaction costs per head a year, stacked by category, for each scenario.",
		"continuity":  "The distribution of continuity of GP care (UPC) over patients for each scenario, and the share of consultations with the usual GP over time.",
		"beds":        "Bed occupancy over time and bed-days lost to delayed discharges for each scenario.",
		"attribution": "Which lever made the difference: the effect of setting each lever alone, with its 95% interval, on the headline measures.",
		"dashboard":   "All the charts on one page.",
	}[name]
	return fmt.Sprintf("%s Scenarios: %s. %s", what, strings.Join(names, " and "), strings.Join(captions, " "))
}
