package docs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// proseDocs are the documents whose every number is either generated from
// committed outputs or checked by a test (issue 27, item 7).
var proseDocs = []string{filepath.Join("..", "README.md"), "model.md", "validation.md", "scenarios.md"}

// An inline figure is a number in prose made from a committed output:
//
//	<!-- fig:KEY -->TEXT<!-- /fig -->
//
// KEY is one of
//
//	run:RUN:SCENARIO:METRIC[:D]   a scenario's mean in docs/scenario-runs/RUN-summary.csv
//	diff:RUN:SCENARIO:METRIC[:D]  its paired difference from the run's baseline, signed
//	ndiff:RUN:SCENARIO:METRIC[:D] the baseline's difference from it, signed
//	adiff:RUN:SCENARIO:METRIC[:D] the size of the difference, unsigned
//	gallery:SCENARIO:METRIC[:D]   a scenario's mean in docs/charts/summary.csv
//	gdiff:METRIC[:D]              the gallery's paired difference (its second scenario − its first), signed
//	agdiff:METRIC[:D]             the size of that difference, unsigned
//	cal:METRIC[:D]                the simulated mean in docs/calibration.md
//	params:assumed|all            how many registry parameters are assumptions (their source says so first), and how many there are
//
// with D decimals (by default the precision scenarioMetrics gives the
// metric, or 1). TestInlineFiguresAreCurrent fails when TEXT is not the
// figure, and -update rewrites it.
var inlineFigure = regexp.MustCompile(`<!-- fig:([^ ]+) -->(.*?)<!-- /fig -->`)

func TestInlineFiguresAreCurrent(t *testing.T) {
	src := &figureSources{runs: map[string]*scenarioRun{}}
	for _, path := range proseDocs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		var errs []string
		out := inlineFigure.ReplaceAllStringFunc(doc, func(m string) string {
			sub := inlineFigure.FindStringSubmatch(m)
			want, err := src.figure(sub[1])
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %s: %v", path, sub[1], err))
				return m
			}
			if sub[2] != want && !*update {
				errs = append(errs, fmt.Sprintf("%s: the figure %s reads %q, the output says %q: run go test ./docs -run InlineFigures -update and reread the sentence", path, sub[1], sub[2], want))
			}
			return "<!-- fig:" + sub[1] + " -->" + want + "<!-- /fig -->"
		})
		for _, e := range errs {
			t.Error(e)
		}
		if *update && len(errs) == 0 && out != doc {
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type figureSources struct {
	runs    map[string]*scenarioRun
	gallery map[[2]string]row
	gdiff   map[string]row
	cal     map[string]float64
}

func (s *figureSources) figure(key string) (string, error) {
	parts := strings.Split(key, ":")
	d := -1
	if n := len(parts); n > 2 {
		if v, err := strconv.Atoi(parts[n-1]); err == nil {
			d, parts = v, parts[:n-1]
		}
	}
	metric := parts[len(parts)-1]
	if d < 0 {
		d = 1
		if p, ok := scenarioMetrics[metric]; ok {
			d = p
		}
	}
	switch {
	case len(parts) == 4 && (parts[0] == "run" || parts[0] == "diff" || parts[0] == "ndiff" || parts[0] == "adiff"):
		run, err := s.run(parts[1])
		if err != nil {
			return "", err
		}
		if parts[0] == "run" {
			v, ok := run.mean[[2]string{parts[2], metric}]
			if !ok {
				return "", fmt.Errorf("no %s for %s in docs/scenario-runs/%s-summary.csv", metric, parts[2], parts[1])
			}
			return fixed(v.mean, d), nil
		}
		v, ok := run.diff[[2]string{parts[2], metric}]
		if !ok {
			return "", fmt.Errorf("no difference in %s for %s in docs/scenario-runs/%s-differences.csv", metric, parts[2], parts[1])
		}
		switch parts[0] {
		case "diff":
			return signedFixed(v.mean, d), nil
		case "ndiff":
			return signedFixed(-v.mean, d), nil
		}
		return fixed(abs(v.mean), d), nil
	case len(parts) == 3 && parts[0] == "gallery":
		if s.gallery == nil {
			rows, err := readCSV("charts/summary.csv")
			if err != nil {
				return "", err
			}
			s.gallery = map[[2]string]row{}
			for _, r := range rows[1:] {
				s.gallery[[2]string{r[0], r[1]}] = parseRow(r[2], r[3], r[4], r[5])
			}
		}
		v, ok := s.gallery[[2]string{parts[1], metric}]
		if !ok {
			return "", fmt.Errorf("no %s for %s in docs/charts/summary.csv", metric, parts[1])
		}
		return fixed(v.mean, d), nil
	case len(parts) == 2 && (parts[0] == "gdiff" || parts[0] == "agdiff"):
		if s.gdiff == nil {
			rows, err := readCSV("charts/differences.csv")
			if err != nil {
				return "", err
			}
			s.gdiff = map[string]row{}
			for _, r := range rows[1:] {
				if r[0] == rows[1][0] && r[1] == rows[1][1] {
					s.gdiff[r[2]] = parseRow(r[3], r[4], r[5], r[6])
				}
			}
		}
		v, ok := s.gdiff[metric]
		if !ok {
			return "", fmt.Errorf("no %s in docs/charts/differences.csv", metric)
		}
		if parts[0] == "agdiff" {
			return fixed(abs(v.mean), d), nil
		}
		return signedFixed(v.mean, d), nil
	case len(parts) == 2 && parts[0] == "params":
		var assumed, all int
		for _, p := range nhs.Params() {
			all++
			if strings.HasPrefix(strings.ToLower(p.Source), "assumption") {
				assumed++
			}
		}
		switch parts[1] {
		case "assumed":
			return strconv.Itoa(assumed), nil
		case "all":
			return strconv.Itoa(all), nil
		}
		return "", fmt.Errorf("params knows assumed and all")
	case len(parts) == 2 && parts[0] == "cal":
		if s.cal == nil {
			var err error
			if s.cal, err = calibrationFigures(); err != nil {
				return "", err
			}
		}
		v, ok := s.cal[metric]
		if !ok {
			return "", fmt.Errorf("docs/calibration.md reports no %s", metric)
		}
		return fixed(v, d), nil
	}
	return "", fmt.Errorf("not a figure key (run|diff|ndiff|adiff:RUN:SCENARIO:METRIC, gallery:SCENARIO:METRIC, gdiff|agdiff:METRIC or cal:METRIC, each with an optional :DECIMALS)")
}

func (s *figureSources) run(name string) (*scenarioRun, error) {
	if r, ok := s.runs[name]; ok {
		return r, nil
	}
	r, err := loadScenarioRun(name)
	if err != nil {
		return nil, err
	}
	s.runs[name] = r
	return r, nil
}

// calibrationFigures reads every simulated mean docs/calibration.md
// prints: the tables of targets ("(`metric`) | published | source | mean")
// and of figures reported untargeted ("| `metric` | mean |").
func calibrationFigures() (map[string]float64, error) {
	data, err := os.ReadFile("calibration.md")
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile("(?m)\\(`([a-z0-9_]+)`\\) \\| [^|]* \\| [^|]* \\| ([0-9.]+) \\|"),
		regexp.MustCompile("(?m)^\\| `([a-z0-9_]+)` \\| ([0-9.]+) \\|"),
	} {
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			v, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				return nil, fmt.Errorf("calibration.md: %s: %v", m[1], err)
			}
			out[m[1]] = v
		}
	}
	return out, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Signs of a figure measured by hand: a 95% interval in brackets, a count
// of replicates, runs, points, draws or seeds, a ± or a dated measurement.
var handMeasured = []*regexp.Regexp{
	regexp.MustCompile(`\[[−+-]?[0-9][0-9.,]*, [−+-]?[0-9][0-9.,]*\]`),
	regexp.MustCompile(`\b[0-9]+ of (the )?[0-9,]+ (\S+ )?(points|replicates|runs|draws|seeds)\b`),
	regexp.MustCompile(`[0-9] ?± ?[0-9]`),
	regexp.MustCompile(`95% interval [0-9.−-]+(–| to )`),
	regexp.MustCompile(`(?i)at the version of this page|at commit [0-9a-f]{7}`),
}

// A table whose header names a shipped scenario or says "simulated" holds
// measured figures; each of its rows with a decimal number counts.
var (
	measuredHeader = regexp.MustCompile("(?i)simulated|`(england|market-contract|regional-collaborative|market-wins|relational-practice|large-practices|pooled-but-short|torbay)`|\\| (market-contract|regional-collaborative) \\|")
	decimalNumber  = regexp.MustCompile(`[0-9]\.[0-9]`)
)

// handMeasuredAllowed is how many lines of each document, outside its
// generated blocks and inline figures, may still carry such a sign: the
// measurements not yet generated (docs/validation.md's one-off runs of
// single mechanisms, each with its command). Lower a count when you
// generate or remove one; never raise it: make the figure from an output
// (a block between markers or an inline <!-- fig:... -->) instead. It was
// raised once, from 50 to 63, when four branches written beside this test
// (delays by organisation, out of hours, category 1, case-finding) merged
// with their one-off measurements of single mechanisms.
var handMeasuredAllowed = map[string]int{
	filepath.Join("..", "README.md"): 0,
	"scenarios.md":                   0,
	"model.md":                       0,
	"validation.md":                  62,
}

// TestNoHandWrittenFigures fails when a document carries, outside its
// generated blocks, more hand-measured figures than it is allowed: the
// way README's sweep figures once went stale.
func TestNoHandWrittenFigures(t *testing.T) {
	for _, path := range proseDocs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		inTable, measuredTable := false, false // measured: the header names a scenario or says "simulated"
		for i, line := range strings.Split(stripGenerated(string(data)), "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case !strings.HasPrefix(trimmed, "|"):
				inTable, measuredTable = false, false
			case !inTable:
				inTable, measuredTable = true, measuredHeader.MatchString(trimmed)
				continue
			case measuredTable && decimalNumber.MatchString(trimmed):
				found = append(found, fmt.Sprintf("  line %d: a table of simulated figures: %.60q", i+1, trimmed))
				continue
			}
			for _, re := range handMeasured {
				if m := re.FindString(line); m != "" {
					found = append(found, fmt.Sprintf("  line %d: %q", i+1, m))
					break
				}
			}
		}
		if allowed := handMeasuredAllowed[path]; len(found) > allowed {
			t.Errorf("%s has %d lines with hand-measured figures outside generated blocks (allowed %d); generate them (a block between markers, or <!-- fig:KEY -->):\n%s",
				path, len(found), allowed, strings.Join(found, "\n"))
		} else if len(found) < allowed {
			t.Errorf("%s has %d lines with hand-measured figures, fewer than the %d allowed: lower handMeasuredAllowed", path, len(found), allowed)
		}
	}
}

// stripGenerated blanks the generated parts of a document (blocks between
// <!-- NAME:begin --> and <!-- NAME:end -->, inline figures), keeping its
// lines where they were.
func stripGenerated(doc string) string {
	begin := regexp.MustCompile(`<!-- ([a-z0-9:_-]+):begin -->`)
	var b strings.Builder
	for {
		loc := begin.FindStringSubmatchIndex(doc)
		if loc == nil {
			break
		}
		name := doc[loc[2]:loc[3]]
		end := strings.Index(doc[loc[1]:], "<!-- "+name+":end -->")
		if end < 0 {
			break
		}
		end += loc[1] + len("<!-- "+name+":end -->")
		b.WriteString(doc[:loc[0]])
		b.WriteString(strings.Repeat("\n", strings.Count(doc[loc[0]:end], "\n")))
		doc = doc[end:]
	}
	b.WriteString(doc)
	return inlineFigure.ReplaceAllString(b.String(), "")
}
