// Package classroom is the server behind 'nhssim serve': a web page on
// which a class picks two scenarios, moves levers, runs a comparison on
// common random numbers at a teaching size and reads the answer in charts
// and sentences. Every asset is embedded, and so are the answers of the
// shipped exercises, computed ahead; the server reads no file and writes
// none but its cache directory's, if given (it reads the memory limits
// under /proc and /sys/fs/cgroup once, at start).
package classroom

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os/exec"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

//go:embed static stories
var assets embed.FS

// Options configure a server. The zero value of a field takes the default
// that [Defaults] gives it.
type Options struct {
	// Teaching size: what a run uses unless the page asks for other values.
	Patients, Years, Replicates int
	WarmupYears                 float64
	// Bounds on what a request may ask for.
	MaxPatients, MaxYears, MaxReplicates int
	// Concurrency: at most Runs comparisons at once, each on Workers
	// goroutines; at most Queue more wait.
	Runs, Workers, Queue int
	// RunTimeout bounds a run once it has started, and separately its
	// wait in the queue. A run whose estimated time, at Throughput with
	// every slot busy, is above half of it is refused up front.
	RunTimeout time.Duration
	// Throughput is the patient-years of simulation one core does in a
	// second, for that estimate; the default is DefaultThroughput.
	Throughput float64
	// Memory is the bytes the runs may use together, each of the Runs
	// slots a share of it: 0 reads the least of MemAvailable and the
	// cgroup and Slurm limits at start (memlimit), and no check is made
	// if none can be read; a negative value turns the check off.
	Memory int64
	// WriteTimeout bounds each write to a client: one event of a run's
	// stream, or a whole other response. A client that stops reading is
	// dropped after it, and its run stopped and its slot freed.
	WriteTimeout time.Duration
	// AllowHosts are names, besides localhost and the addresses the server
	// is reached at, that a request's Host may give (--allow-host).
	AllowHosts []string
	// Log receives the stacks of internal errors; nil discards them.
	Log io.Writer
	// Build is nhssim's build, recorded in the manifests of downloads.
	Build provenance.Build
	// CacheBytes bounds the answers kept in memory (encoded), the least
	// recently used dropped first; CacheDir, if set, keeps every answer on
	// disk as well, one file per answer (--cache-dir).
	CacheBytes int
	CacheDir   string
	// Quoted is the uncertainty analysis that an answer quotes when it
	// compares exactly the analysis's pair; nil for the one in docs
	// (docs/uncertainty-default*, embedded).
	Quoted *uncertainty.Quoted
}

// Defaults returns the options of 'nhssim serve': the teaching size is a
// whole local system (900,000 patients, the size at which the model's
// results are representative), with 3 replicates so that a fresh answer
// takes seconds on two cores (docs/teaching/load-test.md); the shipped exercises'
// answers are computed ahead and every answer is cached (cache.go).
func Defaults() Options {
	return Options{
		Patients: 900000, Years: 3, WarmupYears: 1, Replicates: 3,
		MaxPatients: 900000, MaxYears: 10, MaxReplicates: 10, CacheBytes: 256 << 20,
		Runs: runtime.GOMAXPROCS(0), Workers: runtime.GOMAXPROCS(0), Queue: 64,
		RunTimeout: 5 * time.Minute, Throughput: DefaultThroughput, WriteTimeout: time.Minute,
	}
}

func (o Options) withDefaults() Options {
	d := Defaults()
	fill := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&o.Patients, d.Patients)
	fill(&o.Years, d.Years)
	fill(&o.Replicates, d.Replicates)
	fill(&o.MaxPatients, d.MaxPatients)
	fill(&o.MaxYears, d.MaxYears)
	fill(&o.MaxReplicates, d.MaxReplicates)
	fill(&o.Runs, d.Runs)
	fill(&o.Workers, d.Workers)
	fill(&o.Queue, d.Queue)
	fill(&o.CacheBytes, d.CacheBytes)
	if o.Patients > o.MaxPatients { // a smaller bound (--max-patients): the teaching size within it
		o.Patients = o.MaxPatients
	}
	if o.WarmupYears <= 0 || o.WarmupYears >= float64(o.Years) {
		o.WarmupYears = min(d.WarmupYears, float64(o.Years)/2)
	}
	if o.RunTimeout <= 0 {
		o.RunTimeout = d.RunTimeout
	}
	if !(o.Throughput > 0) {
		o.Throughput = d.Throughput
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = d.WriteTimeout
	}
	o.AllowHosts = slices.Clone(o.AllowHosts)
	for i, h := range o.AllowHosts {
		o.AllowHosts[i] = strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	}
	if o.Build == (provenance.Build{}) {
		o.Build = provenance.ReadBuild()
	}
	return o
}

// Upload and request body limits.
const (
	maxUpload  = 64 << 10  // a scenario file
	maxRequest = 256 << 10 // a run request, which may carry two uploads
)

// Server is the classroom's HTTP handler.
type Server struct {
	opt     Options
	gate    *gate
	mux     *http.ServeMux
	shipped []scenarioInfo
	results *store
	cache   *resultCache
	// simulated counts the simulations finished since the server started.
	simulated atomic.Int64
	// memory is the bytes the runs may use together, 0 if unknown, and
	// memSource where that limit was found.
	memory    int64
	memSource string
	cross     *http.CrossOriginProtection
	logMu     sync.Mutex
	// inflight are the keys of the runs in progress or queued, each with
	// a channel closed when its request ends: the same run asked again
	// meanwhile waits for its answer instead of running twice.
	inflightMu sync.Mutex
	inflight   map[string]chan struct{}
	// simulate runs a job: job.Run, or in tests a stand-in that fails.
	simulate func(job *cmpreport.Job, ctx context.Context, workers int, done func()) (*cmpreport.Comparison, error)
	// quoted is Options.Quoted, or the analysis in docs.
	quoted *uncertainty.Quoted
}

type scenarioInfo struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Values      map[string]string `json:"values"`
	Story       bool              `json:"story"`
}

// New returns a server with the given options.
func New(opt Options) (*Server, error) {
	s := &Server{opt: opt.withDefaults(), mux: http.NewServeMux(), results: newStore(keptRuns, keptBytes), cross: http.NewCrossOriginProtection()}
	s.gate = newGate(s.opt.Runs, s.opt.Queue)
	s.cache = newResultCache(s.opt.CacheBytes, s.opt.CacheDir)
	s.inflight = map[string]chan struct{}{}
	s.simulate = (*cmpreport.Job).Run
	if s.quoted = opt.Quoted; s.quoted == nil {
		q, err := defaultQuoted()
		if err != nil {
			return nil, fmt.Errorf("the uncertainty analysis in docs: %w", err)
		}
		s.quoted = q
	}
	switch {
	case s.opt.Memory > 0:
		s.memory, s.memSource = s.opt.Memory, "as the server was configured"
	case s.opt.Memory == 0:
		if lim, ok := (memlimit.Env{}).Available(); ok {
			s.memory, s.memSource = lim.Bytes, lim.Source
		}
	}
	names, err := scenarios.Names()
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		sc, err := scenarios.Load(n)
		if err != nil {
			return nil, err
		}
		_, serr := fs.Stat(assets, "stories/"+n+".html")
		s.shipped = append(s.shipped, scenarioInfo{n, sc.Config.Description, leverValues(&sc.Config), serr == nil})
	}
	static, _ := fs.Sub(assets, "static") // the directory is embedded
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.page("index.html"))
	s.mux.HandleFunc("GET /glossary", s.page("glossary.html"))
	s.mux.HandleFunc("GET /params", s.paramsPage)
	s.mux.HandleFunc("GET /stories/{name}", s.storyPage)
	s.mux.HandleFunc("GET /api/setup", s.setup)
	s.mux.HandleFunc("POST /api/upload", s.upload)
	s.mux.HandleFunc("POST /api/run", s.run)
	s.mux.HandleFunc("GET /api/download/{id}", s.download)
	return s, nil
}

// ServeHTTP serves the page, its assets and its API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer s.recoverPanic(w, r)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	if !s.guard(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := assets.ReadFile("static/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(data)
	}
}

// setup tells the page what it can offer: the scenarios, the levers, the
// exercises and the limits.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	o := s.opt
	writeJSON(w, http.StatusOK, map[string]any{
		"scenarios": s.shipped,
		"levers":    levers(),
		"exercises": Exercises(),
		"size": map[string]any{
			"patients": o.Patients, "years": o.Years, "replicates": o.Replicates, "warmup_years": o.WarmupYears,
			"max_patients": o.MaxPatients, "max_years": o.MaxYears, "max_replicates": o.MaxReplicates,
		},
		"default_pair": []string{"market-contract", "regional-collaborative"},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	if p, ok := v.(problem); ok {
		v = p.bounded()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // a closed connection is the client's choice
}

// problem is an error the page shows: a message and, for a scenario that
// does not load, each issue with its line and field.
type problem struct {
	Message string  `json:"message"`
	Issues  []issue `json:"issues,omitempty"`
}

type issue struct {
	Text  string `json:"text"`
	Field string `json:"field,omitempty"`
}

func problemOf(err error) problem {
	var se *scenario.Error
	if errors.As(err, &se) {
		p := problem{Message: "The scenario has " + plural(len(se.Issues), "problem") + ":"}
		for _, is := range se.Issues {
			p.Issues = append(p.Issues, issue{Text: is.Error(), Field: is.Path})
		}
		return p
	}
	return problem{Message: err.Error()}
}

func plural(n int, word string) string {
	if n == 1 {
		return "one " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// uploadName is the name an uploaded scenario is known by: it is never a
// file, but the loader and its messages need a name.
const uploadName = "uploaded.yaml"

// memLoader is a scenario loader that reads the given files from memory
// and nothing from disk; shipped scenarios load as usual. It is
// scenarios.Loader() with its ReadFile replaced: the default ReadFile (a
// zero scenario.Loader's) reads the disk, which an upload must never reach,
// not even by `extends:`.
func memLoader(files map[string][]byte) scenario.Loader {
	l := scenarios.Loader()
	l.ReadFile = func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		return nil, fmt.Errorf("%s: only shipped scenarios can be named from an uploaded file: %w", name, fs.ErrNotExist)
	}
	return l
}

// upload validates an uploaded scenario with the strict loader and returns
// its name, description and lever values, or its problems. The file is
// held in memory for the request and never written.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if !contentType(r, uploadTypes...) {
		writeJSON(w, http.StatusUnsupportedMediaType, problem{Message: "An upload must be sent as Content-Type: application/yaml, as this server's page sends it."})
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, problem{Message: fmt.Sprintf("The file is too large: a scenario file may be at most %d KiB.", maxUpload>>10)})
		return
	}
	name := uploadName
	if n := r.URL.Query().Get("name"); n != "" {
		name = trimYAMLName(strings.TrimSuffix(strings.TrimSuffix(path.Base(n), ".yaml"), ".yml")) + ".yaml"
	}
	sc, err := memLoader(map[string][]byte{name: data}).Load(name)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problemOf(err))
		return
	}
	writeJSON(w, http.StatusOK, scenarioInfo{sc.Name, sc.Config.Description, leverValues(&sc.Config), false})
}

// Serve listens on addr and serves the classroom until ctx ends, then
// shuts down gracefully. With open, it opens the page in the default
// browser. It prints the address to out, and internal errors (with their
// stacks) unless opt.Log is set.
func Serve(ctx context.Context, addr string, open bool, opt Options, out io.Writer) error {
	if opt.Log == nil {
		opt.Log = out
	}
	s, err := New(opt)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return listenError(addr, err)
	}
	srv := s.httpServer(ctx)
	url := "http://" + ln.Addr().String() + "/"
	if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		url = "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(a.Port)) + "/" // for --open, and for this computer
	}
	fmt.Fprintf(out, "nhssim classroom at %s (teaching size %d patients, %d years, %d replicates; at most %d runs at once)\nPress Ctrl-C to stop.\n",
		url, s.opt.Patients, s.opt.Years, s.opt.Replicates, s.opt.Runs)
	if err := s.quotesDefaultPair(); err != nil {
		fmt.Fprintf(out, "Answers quote no uncertainty analysis: %v (.ci/regenerate uncertainty makes one of the shipped pair as it is now).\n", err)
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		fmt.Fprintf(out, "Listening on every network interface: other computers reach it by this computer's address%s; to reach it by a name, add --allow-host NAME.\n", addresses(a.Port))
	}
	if open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(out, "could not open a browser (%v): open %s yourself\n", err, url)
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shut) // runs in progress see their contexts end
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// addresses lists this computer's non-loopback addresses as URLs, for
// the message of a server on every interface.
func addresses(port int) string {
	addrs, err := net.InterfaceAddrs()
	var urls []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && len(urls) < 4 {
			urls = append(urls, fmt.Sprintf("http://%s/", net.JoinHostPort(n.IP.String(), strconv.Itoa(port))))
		}
	}
	if err != nil || len(urls) == 0 {
		return ""
	}
	return ", such as " + strings.Join(urls, " or ")
}

// httpServer is the http.Server that Serve runs s on: every request has a
// time limit to arrive in, and every write one to be taken (a run's
// stream extends it for each event).
func (s *Server) httpServer(ctx context.Context) *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.opt.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          log.New(s.log(), "nhssim serve: ", 0),
	}
}

// ListenError is an address that cannot be listened on, with advice.
type ListenError struct {
	Addr string
	Err  error
}

func (e *ListenError) Error() string {
	if errors.Is(e.Err, syscall.EADDRINUSE) {
		return fmt.Sprintf("%s is already in use, perhaps by another nhssim serve: stop it, or use another port, such as --addr %s", e.Addr, nextPort(e.Addr))
	}
	return fmt.Sprintf("cannot listen on %s (%v): give --addr as host:port, such as --addr 127.0.0.1:8080", e.Addr, e.Err)
}

func (e *ListenError) Unwrap() error { return e.Err }

func listenError(addr string, err error) error { return &ListenError{addr, err} }

// nextPort is addr with the next port, for advice.
func nextPort(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n <= 0 || n >= 65535 {
		return "127.0.0.1:8081"
	}
	return net.JoinHostPort(host, strconv.Itoa(n+1))
}

// openBrowser opens url in the desktop's browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}

// trimYAMLName keeps a name to letters, digits, - and _, for the name of
// an uploaded file in messages.
func trimYAMLName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
