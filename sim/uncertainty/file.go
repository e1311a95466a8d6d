package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"go.yaml.in/yaml/v4"

	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

// ParseDistributions reads a distributions file: a YAML mapping from
// parameter paths to distributions, as the registry writes them
// (docs/uncertainty.md), each replacing that parameter's registry
// distribution:
//
//	discharge.funding_decision_days: uniform
//	continuity.relationship_elasticity: normal(0.05, 0.2)
//	tenders.quality_cost: fixed: held at its default for this analysis
//
// Every problem is reported with the file, line and path: an unknown
// parameter, an unknown distribution, one that cannot be drawn over the
// parameter's range, and a link that cannot be drawn (a link the file
// declares with no partner). A parameter redeclared without its registry
// link leaves the link, and a registry link left with one parameter is
// dissolved.
func ParseDistributions(file string, data []byte) (map[string]nhs.Dist, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var errs []error
	fail := func(n *yaml.Node, path, format string, args ...any) {
		prefix := file
		if n != nil {
			prefix = fmt.Sprintf("%s:%d", file, n.Line)
		}
		if path != "" {
			prefix += ": " + path
		}
		errs = append(errs, fmt.Errorf("%s: %s", prefix, fmt.Sprintf(format, args...)))
	}
	out := map[string]nhs.Dist{}
	lines := map[string]*yaml.Node{}
	if len(doc.Content) == 0 {
		return out, nil // an empty file changes nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		fail(root, "", "want a mapping of parameter paths to distributions, such as discharge.funding_decision_days: uniform")
		return nil, errors.Join(errs...)
	}
	params := map[string]nhs.Param{}
	var paths []string
	for _, p := range nhs.Params() {
		params[p.Path] = p
		paths = append(paths, p.Path)
	}
	for k := 0; k+1 < len(root.Content); k += 2 {
		key, val := root.Content[k], root.Content[k+1]
		path := key.Value
		p, ok := params[path]
		switch {
		case !ok:
			msg := "not a parameter of the registry (docs/model.md lists them)"
			if s := scenario.Suggest(path, paths); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			fail(key, path, "%s", msg)
			continue
		case lines[path] != nil:
			fail(key, path, "given twice (first at line %d)", lines[path].Line)
			continue
		case val.Kind != yaml.ScalarNode:
			fail(val, path, "want a distribution, such as uniform or normal(1, 2)")
			continue
		}
		d, err := nhs.ParseDist(val.Value)
		if err == nil {
			err = d.Check(p)
		}
		if err != nil {
			fail(val, path, "%v", err)
			continue
		}
		out[path], lines[path] = d, val
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// Links are checked over the registry with the file's changes.
	all := map[string]nhs.Dist{}
	for _, p := range nhs.Params() {
		all[p.Path] = p.Dist
		if d, ok := out[p.Path]; ok {
			all[p.Path] = d
		}
	}
	links := map[string][]string{}
	for _, p := range nhs.Params() {
		if d := all[p.Path]; d.Link != "" {
			links[d.Link] = append(links[d.Link], p.Path)
		}
	}
	names := make([]string, 0, len(links))
	for name := range links {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		// A registry link whose partners the file redeclares is dissolved;
		// a link the file declares must have a partner.
		if members := links[name]; len(members) < 2 && lines[members[0]] != nil {
			fail(lines[members[0]], members[0], "link %q has no other parameter: a link draws two or more together (the registry's links are in docs/model.md)", name)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Band is a calibration target's band: the metric's observed value and how
// far a draw may lie from it, three standard deviations of the
// observation's error and the model's discrepancy together (the cut-off of
// history matching).
type Band struct {
	Metric           string
	Observed, Lo, Hi float64
}

// Bands returns the bands of calibration targets.
func Bands(ts []calibrate.Target) []Band {
	out := make([]Band, len(ts))
	for i, t := range ts {
		w := 3 * math.Sqrt(t.ObsVar+t.DiscVar)
		out[i] = Band{Metric: t.Metric, Observed: t.Observed, Lo: t.Observed - w, Hi: t.Observed + w}
	}
	return out
}

// Outside is the share of draws in which a scenario's mean over its
// replicates lies outside a calibration band: of each band, and of any.
type Outside struct {
	Scenario string
	Any      float64
	ByBand   []float64
}

// OutsideBands returns, for every scenario, the share of draws outside each
// band and outside any of them. A band whose metric the runs do not report
// counts as outside in no draw.
func (o *Outcome) OutsideBands(bands []Band) []Outside {
	var out []Outside
	for s, name := range o.Scenarios {
		res := Outside{Scenario: name, ByBand: make([]float64, len(bands))}
		anyOut := 0
		for i := range o.Design.N() {
			outside := false
			for b, band := range bands {
				j := slices.Index(o.Metrics, band.Metric)
				if j < 0 {
					continue
				}
				sum := 0.0
				for r := range o.Seeds {
					sum += o.Y[s][i][r][j]
				}
				if m := sum / float64(len(o.Seeds)); m < band.Lo || m > band.Hi {
					res.ByBand[b]++
					outside = true
				}
			}
			if outside {
				anyOut++
			}
		}
		n := float64(o.Design.N())
		for b := range res.ByBand {
			res.ByBand[b] /= n
		}
		res.Any = float64(anyOut) / n
		out = append(out, res)
	}
	return out
}
