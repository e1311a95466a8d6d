package classroom

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
)

// download is a finished run's files, kept in memory for the page's
// download link.
type download struct {
	files   []cmpreport.File
	command string
}

// What the server keeps of past runs for their download links: the last
// keptRuns, and fewer if they hold more than keptBytes together.
const (
	keptRuns  = 32
	keptBytes = 128 << 20
)

// store keeps the last n downloads, and fewer if their files hold more
// than maxBytes together; older ones are dropped.
type store struct {
	mu       sync.Mutex
	n        int
	maxBytes int
	bytes    int
	order    []string
	byID     map[string]download
}

func newStore(n, maxBytes int) *store {
	return &store{n: n, maxBytes: maxBytes, byID: map[string]download{}}
}

// size is the bytes of a download's files.
func (d download) size() int {
	n := len(d.command)
	for _, f := range d.files {
		n += len(f.Name) + len(f.Data)
	}
	return n
}

// put keeps d and returns its id, or "" if d alone is larger than the
// store may hold.
func (s *store) put(d download) string {
	size := d.size()
	if size > s.maxBytes {
		return ""
	}
	var b [12]byte
	rand.Read(b[:]) // never fails
	id := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = d
	s.order = append(s.order, id)
	s.bytes += size
	for len(s.order) > s.n || s.bytes > s.maxBytes {
		s.bytes -= s.byID[s.order[0]].size()
		delete(s.byID, s.order[0])
		s.order = s.order[1:]
	}
	return id
}

func (s *store) get(id string) (download, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.byID[id]
	return d, ok
}

// download serves a finished run as one zip file: the scenario files of
// the settings used, the tables, the charts, the manifest and a README
// with the command that reproduces the run.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSuffix(r.PathValue("id"), ".zip")
	d, ok := s.results.get(id)
	if !ok {
		http.Error(w, "This run is no longer kept: run it again to download it.", http.StatusNotFound)
		return
	}
	data, err := zipFiles(d.files)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="nhssim-classroom.zip"`)
	w.Write(data)
}

func zipFiles(files []cmpreport.File) ([]byte, error) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range files {
		w, err := z.Create("nhssim-classroom/" + f.Name)
		if err != nil {
			return nil, err
		}
		w.Write(f.Data) // writes to a bytes.Buffer cannot fail
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// scenarioFiles are the scenario files of a run's settings: a.yaml and
// b.yaml, each extending its scenario (a shipped one by name, an uploaded
// one copied beside it) with its name and changed levers.
func scenarioFiles(p *plan, names []string) []cmpreport.File {
	var out []cmpreport.File
	for i, sd := range []side{p.req.A, p.req.B} {
		letter := string(rune('a' + i))
		base := sd.Ref
		if sd.YAML != "" {
			base = letter + "-uploaded.yaml"
			out = append(out, cmpreport.File{Name: base, Data: []byte(sd.YAML)})
		}
		out = append(out, cmpreport.File{Name: letter + ".yaml", Data: scenarioYAML(names[i], base, p.spec.Scenarios[i].Sets, strings.ToUpper(letter))})
	}
	return out
}

// scenarioYAML writes a scenario that extends base, with the given name
// and the lever overrides among sets (the size overrides are left to the
// command line).
func scenarioYAML(name, base string, sets []string, side string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Scenario %s of a classroom run (nhssim serve): %s with the levers set on the page.\n", side, base)
	fmt.Fprintf(&b, "name: %s\nextends: %s\n", strconv.Quote(name), base)
	section := ""
	for _, s := range sets {
		path, value, _ := strings.Cut(s, "=")
		if !isLever(path) {
			continue
		}
		sec, key, _ := strings.Cut(path, ".")
		if sec != section {
			fmt.Fprintf(&b, "%s:\n", sec)
			section = sec
		}
		fmt.Fprintf(&b, "  %s: %s\n", key, value)
	}
	return b.Bytes()
}

// commandFor is the command line that reproduces a run from the files of
// its download.
func commandFor(p *plan) string {
	return fmt.Sprintf("nhssim compare a.yaml b.yaml --patients %d --years %d --warmup-years %s --replicates %d",
		p.req.Patients, p.req.Years, strconv.FormatFloat(p.warm, 'g', -1, 64), p.req.Replicates)
}

// readme explains a download.
func readme(res *resultOut, command string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "nhssim classroom run: %s\n\n", res.Title)
	for _, c := range res.Captions {
		fmt.Fprintf(&b, "- %s\n", c.Text)
	}
	fmt.Fprintf(&b, `
Files
  a.yaml, b.yaml   the two scenarios as set on the page (A is the baseline)
  summary.csv      each metric's mean and 95%% interval per scenario
  differences.csv  B minus A, paired replicate by replicate, with its interval
  series.csv       every monthly series of every replicate
  attribution.csv  the effect of each lever set alone on A
  appraisal.csv    B against A as an economic appraisal: incremental cost
                   and QALYs per head, net monetary benefit, ICER
  construction.csv which differences have a sign the model's construction
                   fixes, wholly or in part, and through which levers
  manifest.json    seeds, scenario hashes and every resolved parameter
  metrics.json     what each metric means (docs/metrics.md)
  *.svg            the charts, each with its data as CSV beside it
                   (attribution.csv is the attribution chart's)

Run it again, or at a research size, from this directory:
  %s
(go run github.com/nhssim/nhssim/cmd/nhssim@latest works in place of nhssim.)
Raise --patients, --years and --replicates for research: the classroom uses
a teaching size that answers in seconds.
`, command)
	return b.String()
}
