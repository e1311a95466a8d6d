package uncertainty

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/safe"
)

// Quoted is an earlier uncertainty analysis read back from its files, to
// be quoted beside an ordinary comparison of the same scenarios: its
// summaries, the command that made it and its scenarios as its manifest
// records them.
type Quoted struct {
	Source    string // the files' path, as given
	Command   string // the command that made the analysis, from its manifest ("" if none)
	Summaries []Summary
	// Scenarios are the analysis's scenarios, baseline first, with every
	// resolved parameter before the draws (none without a manifest).
	Scenarios []QuotedScenario
}

// QuotedScenario is one scenario of a quoted analysis: its name and its
// resolved parameters, path to value as manifest.json holds them.
type QuotedScenario struct {
	Name       string         `json:"name"`
	Parameters map[string]any `json:"parameters"`
}

// ReadQuoted reads an analysis that `compare --uncertainty` wrote. path is
// either its output directory (uncertainty.csv, drivers.csv and
// manifest.json in it) or a prefix P of copies named P.csv, P-drivers.csv
// and P-manifest.json, as docs/uncertainty-default.csv and its siblings
// are. The manifest is optional; the two tables are not.
func ReadQuoted(path string) (*Quoted, error) {
	summary, drivers, manifest := path+".csv", path+"-drivers.csv", path+"-manifest.json"
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		summary, drivers, manifest = filepath.Join(path, "uncertainty.csv"), filepath.Join(path, "drivers.csv"), filepath.Join(path, "manifest.json")
	}
	return readQuoted(path, func(p string) ([]byte, error) { return safe.ReadRegular(p, maxQuoted) }, summary, drivers, manifest)
}

// ReadQuotedFS reads the copies P.csv, P-drivers.csv and P-manifest.json of
// an analysis, for the prefix P, from fsys (such as the copies in docs
// that the docs package embeds).
func ReadQuotedFS(fsys fs.FS, prefix string) (*Quoted, error) {
	return readQuoted(prefix, func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) }, prefix+".csv", prefix+"-drivers.csv", prefix+"-manifest.json")
}

// readQuoted reads an analysis's files with read.
func readQuoted(path string, read func(string) ([]byte, error), summary, drivers, manifest string) (*Quoted, error) {
	s, err := read(summary)
	if err != nil {
		return nil, fmt.Errorf("%s: not an uncertainty analysis (want a directory that `compare --uncertainty` wrote, or a prefix P of P.csv and P-drivers.csv): %w", path, err)
	}
	d, err := read(drivers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sums, err := ReadSummaries(s, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	q := &Quoted{Source: path, Summaries: sums}
	m, err := read(manifest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	default:
		var man struct {
			Command   string           `json:"command"`
			Scenarios []QuotedScenario `json:"scenarios"`
		}
		if err := json.Unmarshal(m, &man); err != nil {
			return nil, fmt.Errorf("%s: %w", manifest, err)
		}
		q.Command, q.Scenarios = man.Command, man.Scenarios
	}
	return q, nil
}

// RunSettings are the parameters that say how a scenario is run — its
// names, seed, size and length — rather than what it is: [Quoted.Compares]
// does not compare them.
var RunSettings = []string{"name", "description", "seed", "population.patients", "run.years", "run.warmup_years"}

// Compares says whether the analysis compared exactly these scenarios,
// baseline first: the same number of them, each with every resolved
// parameter equal to the analysis's scenario's, apart from RunSettings.
// It returns nil if so, or an error that names the first difference: a
// changed lever, a parameter that the registry has gained or lost since
// the analysis, or a default that has changed.
func (q *Quoted) Compares(cfgs ...*nhs.Config) error {
	if len(q.Scenarios) != len(cfgs) {
		return fmt.Errorf("%s compared %d scenarios, not %d", q.Source, len(q.Scenarios), len(cfgs))
	}
	for i, c := range cfgs {
		data, err := json.Marshal(provenance.ParametersOf(c))
		if err != nil {
			return err
		}
		var got map[string]any // as the manifest's values decode, to compare alike
		if err := json.Unmarshal(data, &got); err != nil {
			return err
		}
		want := q.Scenarios[i].Parameters
		keys := make([]string, 0, len(got)+len(want))
		for k := range got {
			keys = append(keys, k)
		}
		for k := range want {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			if slices.Contains(RunSettings, k) {
				continue
			}
			g, inGot := got[k]
			w, inWant := want[k]
			switch {
			case !inWant:
				return fmt.Errorf("%s: %s is not among %s's parameters in the analysis", q.Source, k, q.Scenarios[i].Name)
			case !inGot:
				return fmt.Errorf("%s: %s's %s is not a parameter any more", q.Source, q.Scenarios[i].Name, k)
			case !reflect.DeepEqual(g, w):
				return fmt.Errorf("%s: %s was %v in the analysis's %s, not %v", q.Source, k, w, q.Scenarios[i].Name, g)
			}
		}
	}
	return nil
}

// Pair returns the analysis's headline summaries of scenario − baseline,
// in the order the analysis wrote them (SummaryCSV writes headlines in the
// registry's order), or an error naming the pairs it has.
func (q *Quoted) Pair(scenario, baseline string) ([]Summary, error) {
	var out []Summary
	pairs := map[string]bool{}
	for _, s := range q.Summaries {
		pairs[s.Scenario+" − "+s.Baseline] = true
		if info, ok := nhs.LookupMetric(s.Metric); ok && info.Headline > 0 && s.Scenario == scenario && s.Baseline == baseline {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		have := make([]string, 0, len(pairs))
		for p := range pairs {
			have = append(have, p)
		}
		slices.Sort(have) // the same message every time
		return nil, fmt.Errorf("%s: no headline of %s − %s in this analysis (it has %s)", q.Source, scenario, baseline, strings.Join(have, "; "))
	}
	return out, nil
}

// Origin says where the analysis comes from, for a reader: its command
// without the flags that say only where and how it wrote (--out, --format,
// --progress), or its files' path where it has no manifest.
func (q *Quoted) Origin() string {
	if q.Command == "" {
		return q.Source
	}
	var keep []string
	for f := strings.Fields(q.Command); len(f) > 0; f = f[1:] {
		name, _, inline := strings.Cut(f[0], "=")
		if name != "--out" && name != "--format" && name != "--progress" {
			keep = append(keep, f[0])
		} else if !inline && len(f) > 1 {
			f = f[1:] // its value
		}
	}
	return strings.Join(keep, " ")
}

// Short says in one line what the draws say of one headline difference,
// for a chart's note: who was better in what share of the draws, the
// median and the 95% uncertainty interval.
func (s Summary) Short() string {
	info, _ := nhs.LookupMetric(s.Metric)
	label := strings.ToLower(info.Label[:1]) + info.Label[1:]
	switch {
	case s.Draws == 0:
		return label + ": no draw gave a value"
	case s.Fixed:
		return fmt.Sprintf("%s: %s in every draw (fixed by inputs)", label, numfmt.Signed(s.Median))
	}
	ui := fmt.Sprintf("median %s, 95%% UI %s to %s", numfmt.Signed(s.Median), numfmt.Signed(s.Lo), numfmt.Signed(s.Hi))
	if math.IsNaN(s.PBetter) {
		return fmt.Sprintf("%s: %s", label, ui)
	}
	who, p := s.Scenario, s.PBetter
	if s.PWorse > s.PBetter {
		who, p = s.Baseline, s.PWorse
	}
	return fmt.Sprintf("%s: %s better in %s of %d draws (%s)", label, who, pct(p), s.Draws, ui)
}

// maxQuoted bounds each file of a quoted analysis: uncertainty.csv and
// drivers.csv of every metric of a few scenarios are a few hundred
// kilobytes.
const maxQuoted = 64 << 20
