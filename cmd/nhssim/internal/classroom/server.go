// Package classroom is the server behind 'nhssim serve': a web page on
// which a class picks two scenarios, moves levers, runs a comparison on
// common random numbers at a teaching size and reads the answer in charts
// and sentences. Every asset is embedded; the server reads no file and
// writes none.
package classroom

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os/exec"
	"path"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
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
	// RunTimeout bounds one request, queueing included.
	RunTimeout time.Duration
	// Build is nhssim's build, recorded in the manifests of downloads.
	Build provenance.Build
}

// Defaults returns the options of 'nhssim serve': the teaching size answers
// within a few seconds on two cores.
func Defaults() Options {
	return Options{
		Patients: 20000, Years: 3, WarmupYears: 1, Replicates: 4,
		MaxPatients: 200000, MaxYears: 10, MaxReplicates: 10,
		Runs: runtime.GOMAXPROCS(0), Workers: runtime.GOMAXPROCS(0), Queue: 64,
		RunTimeout: 5 * time.Minute,
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
	if o.WarmupYears <= 0 || o.WarmupYears >= float64(o.Years) {
		o.WarmupYears = min(d.WarmupYears, float64(o.Years)/2)
	}
	if o.RunTimeout <= 0 {
		o.RunTimeout = d.RunTimeout
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
	// simulated counts the simulations finished since the server started.
	simulated atomic.Int64
}

type scenarioInfo struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Values      map[string]string `json:"values"`
	Story       bool              `json:"story"`
}

// New returns a server with the given options.
func New(opt Options) (*Server, error) {
	s := &Server{opt: opt.withDefaults(), mux: http.NewServeMux(), results: newStore(32)}
	s.gate = newGate(s.opt.Runs, s.opt.Queue)
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
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
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
// browser. It prints the address to out.
func Serve(ctx context.Context, addr string, open bool, opt Options, out io.Writer) error {
	s, err := New(opt)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(out, "nhssim classroom at %s (teaching size %d patients, %d years, %d replicates; at most %d runs at once)\nPress Ctrl-C to stop.\n",
		url, s.opt.Patients, s.opt.Years, s.opt.Replicates, s.opt.Runs)
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
