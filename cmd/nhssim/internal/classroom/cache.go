package classroom

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
)

// cacheFormat is the version of a cache entry's encoding and of the page's
// rendering of a result (its sentences, table and charts): bump it when
// either changes, so that no cache serves an answer drawn the old way, and
// regenerate the embedded answers (.ci/regenerate teaching).
const cacheFormat = "1"

// cacheKey identifies a run's answer by its content: everything that
// decides what the page shows, and nothing else. It is a digest of
//   - cacheFormat (the encoding and rendering of an answer);
//   - nhs.Revision() (the model's behaviour: a digest of its golden
//     outputs and a hand-bumped note);
//   - each scenario's name (the charts show it) and every resolved
//     parameter after the page's levers and size are applied (which
//     include its patients, years and warm-up);
//   - the replicates' seeds and whether levers are attributed.
//
// Two requests that differ only in how they name the same content (a
// shipped scenario, or an upload with the same text) share an answer.
// The build's version is not in the key: answers computed ahead and
// embedded must match every build of the same model, and a build that
// changes the model changes nhs.Revision().
func cacheKey(job *cmpreport.Job, attribution bool) string {
	type side struct {
		Name       string                `json:"name"`
		Parameters provenance.Parameters `json:"parameters"`
	}
	k := struct {
		Format      string   `json:"format"`
		Model       string   `json:"model"`
		Scenarios   []side   `json:"scenarios"`
		Seeds       []uint64 `json:"seeds"`
		Attribution bool     `json:"attribution"`
		Runs        int      `json:"runs"`
	}{Format: cacheFormat, Model: nhs.Revision(), Seeds: job.Seeds(), Attribution: attribution, Runs: job.Runs()}
	for _, sc := range job.Scenarios() {
		k.Scenarios = append(k.Scenarios, side{sc.Name, provenance.ParametersOf(&sc.Config)})
	}
	data, err := json.Marshal(k)
	if err != nil {
		panic(err) // parameters are plain values
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// cached is a finished run's answer as the cache keeps it: the page's
// result (its charts' images left out, as they are among the files) and
// the download's files.
type cached struct {
	Result  resultOut        `json:"result"`
	Command string           `json:"command"`
	Files   []cmpreport.File `json:"files"`
}

// entryOf is the cache entry of a rendered result and its download.
func entryOf(res *resultOut, dl download) cached {
	r := *res
	r.Download, r.Cached, r.Uncertainty = "", false, nil // the quote is added as an answer is sent
	r.Charts = make([]chartOut, len(res.Charts))
	for i, c := range res.Charts {
		r.Charts[i] = chartOut{Name: c.Name, Alt: c.Alt} // the image is c.Name.svg among the files
	}
	return cached{Result: r, Command: dl.command, Files: dl.files}
}

// answer is the page's result of an entry, with its charts' images
// restored from the files.
func (c cached) answer() (*resultOut, download) {
	r := c.Result
	r.Charts = make([]chartOut, len(c.Result.Charts))
	svgs := map[string][]byte{}
	for _, f := range c.Files {
		svgs[f.Name] = f.Data
	}
	for i, ch := range c.Result.Charts {
		ch.Src = "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svgs[ch.Name+".svg"])
		r.Charts[i] = ch
	}
	r.Cached = true
	return &r, download{files: c.Files, command: c.Command}
}

// encode writes an entry as gzipped JSON, the same bytes for the same entry.
func (c cached) encode() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := json.NewEncoder(zw).Encode(c); err != nil {
		panic(err) // plain structs
	}
	zw.Close()
	return b.Bytes()
}

func decodeCached(data []byte) (cached, error) {
	var c cached
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return c, err
	}
	err = json.NewDecoder(zr).Decode(&c)
	return c, err
}

// resultCache keeps answers by key: the embedded answers computed ahead,
// the last answers in memory (least recently used dropped first, within
// maxBytes of encoded entries) and, if dir is set, every answer on disk.
type resultCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // of *cacheItem, the most recently used first
	byKey    map[string]*list.Element
	dir      string
}

type cacheItem struct {
	key  string
	data []byte // the encoded entry
}

func newResultCache(maxBytes int, dir string) *resultCache {
	return &resultCache{maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}, dir: dir}
}

// get returns the answer under key: from memory, from the embedded
// answers or from the cache directory, in that order.
func (rc *resultCache) get(key string) (cached, bool) {
	rc.mu.Lock()
	var data []byte
	if e, ok := rc.byKey[key]; ok {
		rc.order.MoveToFront(e)
		data = e.Value.(*cacheItem).data
	}
	rc.mu.Unlock()
	if data == nil {
		data = precomputedData(key)
	}
	if data == nil && rc.dir != "" {
		data, _ = os.ReadFile(filepath.Join(rc.dir, key+".json.gz")) // a missing file is a miss
	}
	if data == nil {
		return cached{}, false
	}
	c, err := decodeCached(data)
	if err != nil {
		return cached{}, false // a damaged file is a miss, and is replaced
	}
	rc.remember(key, data)
	return c, true
}

// put keeps an answer in memory and, with a directory, on disk (written
// whole: a temporary file renamed into place). It returns the disk's error.
func (rc *resultCache) put(key string, c cached) error {
	data := c.encode()
	rc.remember(key, data)
	if rc.dir == "" {
		return nil
	}
	return runner.WriteFile(filepath.Join(rc.dir, key+".json.gz"), data)
}

// remember keeps data in memory under key, dropping the least recently
// used entries beyond maxBytes.
func (rc *resultCache) remember(key string, data []byte) {
	if len(data) > rc.maxBytes {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if e, ok := rc.byKey[key]; ok {
		rc.order.MoveToFront(e)
		return
	}
	rc.byKey[key] = rc.order.PushFront(&cacheItem{key, data})
	rc.bytes += len(data)
	for rc.bytes > rc.maxBytes {
		last := rc.order.Back()
		it := last.Value.(*cacheItem)
		rc.order.Remove(last)
		delete(rc.byKey, it.key)
		rc.bytes -= len(it.data)
	}
}

// The answers computed ahead: one file for each shipped exercise and for
// the page's default pair, at the page's default size, named by its key
// and written by .ci/regenerate teaching (TestTeachingAnswers -update).
//
//go:embed precomputed
var precomputed embed.FS

// precomputedDir is where the answers are, relative to this package.
const precomputedDir = "precomputed"

// precomputedData is the embedded answer under key, or nil.
func precomputedData(key string) []byte {
	data, err := precomputed.ReadFile(precomputedDir + "/" + key + ".json.gz")
	if err != nil {
		return nil
	}
	return data
}

// precomputedIndex is the embedded index of the answers computed ahead:
// each one's name (an exercise's id, or "default") and key.
func precomputedIndex() (map[string]string, error) {
	f, err := precomputed.Open(precomputedDir + "/index.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	idx := map[string]string{}
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("%s/index.json: %w", precomputedDir, err)
	}
	return idx, nil
}

// logf writes a line to the server's log.
func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log(), "nhssim serve: "+format+"\n", args...)
}

// claim makes this request the one that runs key, and returns a release
// to call when it ends; or, if another request is running key already,
// returns the channel that closes when that one ends.
func (s *Server) claim(key string) (release func(), running <-chan struct{}) {
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	if ch, ok := s.inflight[key]; ok {
		return nil, ch
	}
	ch := make(chan struct{})
	s.inflight[key] = ch
	return func() {
		s.inflightMu.Lock()
		delete(s.inflight, key)
		s.inflightMu.Unlock()
		close(ch)
	}, nil
}

// awaitTwin answers a request whose run another request is running: it
// streams that it waits, then the other's answer from the cache, or an
// error if the other stopped without one.
func (s *Server) awaitTwin(w http.ResponseWriter, r *http.Request, job *cmpreport.Job, key string, running <-chan struct{}) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	ev := &eventWriter{w: w, rc: http.NewResponseController(w), timeout: s.opt.WriteTimeout}
	defer func() { ev.rc.SetWriteDeadline(time.Now().Add(s.opt.WriteTimeout)) }()
	waiting := map[string]any{"runs": job.Runs(), "what": "the same run, which another student started: waiting for its answer"}
	if ev.send("started", waiting) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*s.opt.RunTimeout) // its wait in the queue, then its run
	defer cancel()
	keep := time.NewTicker(10 * time.Second) // an event now and then keeps the stream's write deadline ahead
	defer keep.Stop()
	for {
		select {
		case <-running:
			if c, ok := s.cache.get(key); ok {
				s.sendCached(ev, job, c)
			} else {
				ev.send("error", problem{Message: "The same run, started by another student, stopped without an answer; press Run again."})
			}
			return
		case <-keep.C:
			if ev.send("started", waiting) != nil {
				return
			}
		case <-ctx.Done():
			ev.send("error", problem{Message: stopped(ctx.Err())})
			return
		}
	}
}
