package uncertainty

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/safe"
)

// Quoted is an earlier uncertainty analysis read back from its files, to
// be quoted beside an ordinary comparison of the same scenarios: its
// summaries and the command that made it.
type Quoted struct {
	Source    string // the files' path, as given
	Command   string // the command that made the analysis, from its manifest ("" if none)
	Summaries []Summary
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
	read := func(p string) ([]byte, error) { return safe.ReadRegular(p, maxQuoted) }
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
			Command string `json:"command"`
		}
		if err := json.Unmarshal(m, &man); err != nil {
			return nil, fmt.Errorf("%s: %w", manifest, err)
		}
		q.Command = man.Command
	}
	return q, nil
}

// Pair returns the analysis's headline summaries of scenario − baseline,
// in the registry's headline order, or an error naming the pairs it has.
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
		return nil, fmt.Errorf("%s: no headline of %s − %s in this analysis (it has %s)", q.Source, scenario, baseline, strings.Join(have, "; "))
	}
	return out, nil
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
