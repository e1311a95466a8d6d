package sweep

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"go.yaml.in/yaml/v4"
)

// Spec is a checked sweep specification:
//
//	name: lhs-market-vs-regional
//	scenarios: [market-contract, regional-collaborative]
//	replicates: 2
//	seed: 1
//	patients: 20000
//	years: 3
//	warmup_years: 1
//	set: {discharge.shared_records: true}
//	vary:
//	  - {param: hospitals.los_mean_days, values: [5, 6, 7]}
//	  - {param: general_practice.turnover_rate, grid: {from: 0, to: 0.2, steps: 5}}
//	latin_hypercube:
//	  points: 200
//	  params: [continuity.discontinuity_or, {param: discharge.trust_effect, from: 0, to: 0.4}]
//
// The points are every combination of the vary entries' values (the first
// entry varying slowest) crossed with the Latin-hypercube points (varying
// fastest). Every parameter is checked against the registry when the spec
// is read; whether a point is a valid scenario is the loader's to say, when
// the spec is planned.
type Spec struct {
	File        string // where it was read from
	Name        string // its name: field, else the file's base name
	Description string
	Scenarios   []string // base scenarios: shipped names or paths, relative to the spec's directory
	Replicates  int      // at least 1; the default is 1
	Seed        uint64   // the first replicate's seed, if SeedSet
	SeedSet     bool     // false: the first scenario's seed
	Fixed       []Override
	Vary        []Dimension
	LHS         *Hypercube // nil if the spec has none
	Points      *Points    // nil if the spec has none
	// Uncertainty asks for parameter draws at every point; nil if the spec
	// has none. Only ParseSpec reads it: see [Uncertainty].
	Uncertainty *Uncertainty
}

// MaxDraws is the most parameter draws an uncertainty analysis takes, at
// each point of a sweep or in a comparison.
const MaxDraws = 4096

// Uncertainty is a sweep spec's uncertainty: field: Draws joint draws of
// the uncertain parameters, from a design of seed Seed, run at every point
// of the sweep (so the points are compared under common draws):
//
//	uncertainty: {draws: 64, seed: 1}
//
// The draws themselves are package uncertainty's to make.
type Uncertainty struct {
	Draws int    // 2 to MaxDraws
	Seed  uint64 // the design's seed; the default is 1
}

// Override is one fixed parameter value, applied to every point as
// --set Path=Value.
type Override struct{ Path, Value string }

func (o Override) String() string { return o.Path + "=" + o.Value }

// Dimension is one parameter of the factorial part of a sweep and its
// values, formatted as they are applied and written to the results.
type Dimension struct {
	Param  nhs.Param
	Values []string
}

// Hypercube is the Latin-hypercube part of a sweep: Points points over the
// Factors' ranges.
type Hypercube struct {
	Points  int
	Seed    uint64 // the design's seed, if SeedSet; else the sweep's
	SeedSet bool
	Factors []Factor
}

// ParseSpec reads a sweep spec strictly: an unknown or repeated field, a
// value of the wrong type, a parameter not in the registry, a value outside
// a parameter's valid domain or a parameter varied twice is an error. The
// error, if any, is a *scenario.Error (the scenario decoder's type) listing every problem with its file, line
// and column.
func ParseSpec(file string, data []byte) (*Spec, error) {
	var u *Uncertainty
	s, err := ParseSpecWith(file, data, Extension{Fields: []string{"uncertainty"}, Decode: func(d *Decoder, _ string, v *yaml.Node, path string) {
		u = d.d.uncertainty(v, path)
	}})
	if s != nil {
		s.Uncertainty = u
	}
	return s, err
}

// uncertainty decodes a spec's uncertainty: {draws: N, seed: S}.
func (d *specDecoder) uncertainty(n *yaml.Node, path string) *Uncertainty {
	u := &Uncertainty{Seed: 1}
	if !d.fields(n, path, []string{"draws", "seed"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "draws":
			u.Draws, _ = d.integer(v, sub, 2, MaxDraws)
		case "seed":
			u.Seed, _ = d.seed(v, sub)
		}
	}) {
		return nil
	}
	if u.Draws == 0 {
		if !slices.ContainsFunc(d.issues, func(is *scenario.Issue) bool { return is.Path == path+".draws" }) {
			d.fail(n, path+".draws", "missing: the number of parameter draws at every point, 2 to %d, such as draws: 64", MaxDraws)
		}
		return nil
	}
	return u
}

// ParseSpecWith is [ParseSpec] for a file that is a sweep spec with more
// fields: another command's input (such as a calibration's targets) that
// names its base scenarios, size, replicates and parameter ranges as a
// sweep does. Each of ext.Fields goes to ext.Decode, which reports its
// problems through the [Decoder], so that every problem of the file is
// listed together.
func ParseSpecWith(file string, data []byte, ext Extension) (*Spec, error) {
	d := &specDecoder{file: file, ext: ext}
	if line, col, msg, bad := scenario.TextProblem(data); bad {
		return nil, &scenario.Error{Issues: []*scenario.Issue{scenario.IssueAt(file, line, col, "", strings.Replace(msg, "a scenario", "a sweep spec", 1))}}
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, &scenario.Error{Issues: []*scenario.Issue{scenario.YAMLIssue(file, err, emptySpec)}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &scenario.Error{Issues: []*scenario.Issue{scenario.IssueAt(file, 0, 0, "", emptySpec)}}
		}
		root = root.Content[0]
	}
	s := &Spec{File: file, Replicates: 1}
	d.decode(root, s)
	if len(d.issues) > 0 {
		return nil, &scenario.Error{Issues: d.issues}
	}
	if s.Name == "" {
		base := filepath.Base(file)
		s.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	return s, nil
}

// specDecoder decodes a spec from YAML nodes, collecting every problem.
type specDecoder struct {
	file   string
	issues []*scenario.Issue
	used   map[string]string // parameter path -> the field that set or varies it
	ext    Extension
}

const emptySpec = "the file is empty: a sweep spec is a mapping such as `scenarios: [NAME]`"

func (d *specDecoder) fail(n *yaml.Node, path, format string, args ...any) {
	var line, col int
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.issues = append(d.issues, scenario.IssueAt(d.file, line, col, path, fmt.Sprintf(format, args...)))
}

// fields decodes a mapping: each key must be one of known, and at most once;
// each value goes to its handler, in the order written.
func (d *specDecoder) fields(n *yaml.Node, path string, known []string, handle func(key string, v *yaml.Node, path string)) bool {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping of fields (%s), got %s", strings.Join(known, ", "), kindName(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		sub := join(path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			d.fail(k, path, "a key must be a plain name")
		case !slices.Contains(known, k.Value):
			d.fail(k, sub, "%s", scenario.UnknownField(k.Value, known))
		case seen[k.Value]:
			d.fail(k, sub, "set twice in the same mapping")
		default:
			seen[k.Value] = true
			if v.Kind == yaml.AliasNode {
				d.fail(v, sub, "YAML aliases are not supported in sweep specs")
				continue
			}
			handle(k.Value, v, sub)
		}
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.ShortTag() == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *specDecoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.fail(n, path, "expected %s, got %s", want, kindName(n))
		return false
	}
	return true
}

func (d *specDecoder) str(n *yaml.Node, path string) (string, bool) {
	if !d.scalar(n, path, "a string") {
		return "", false
	}
	return n.Value, true
}

// integer reads a whole number from lo to hi.
func (d *specDecoder) integer(n *yaml.Node, path string, lo, hi int) (int, bool) {
	if !d.scalar(n, path, "a whole number") {
		return 0, false
	}
	x, ok := number(n)
	if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		d.fail(n, path, "expected a whole number, got %q", n.Value)
		return 0, false
	}
	if int(x) < lo {
		d.fail(n, path, "%s is too small: at least %d", n.Value, lo)
		return 0, false
	}
	if int(x) > hi {
		d.fail(n, path, "%s is too large: at most %d", n.Value, hi)
		return 0, false
	}
	return int(x), true
}

func (d *specDecoder) seed(n *yaml.Node, path string) (uint64, bool) {
	if !d.scalar(n, path, "a whole number") {
		return 0, false
	}
	u, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if n.ShortTag() != "!!int" || err != nil {
		d.fail(n, path, "expected a seed: a whole number from 0 to 2^64-1, got %q", n.Value)
		return 0, false
	}
	return u, true
}

func (d *specDecoder) float(n *yaml.Node, path string) (float64, bool) {
	if !d.scalar(n, path, "a number") {
		return 0, false
	}
	x, ok := number(n)
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		d.fail(n, path, "expected a finite number, got %q", n.Value)
		return 0, false
	}
	return x, true
}

// number reads an !!int or !!float scalar, as scenario files do.
func number(n *yaml.Node) (float64, bool) { return scenario.Number(n.ShortTag(), n.Value) }

func (d *specDecoder) list(n *yaml.Node, path, want string) ([]*yaml.Node, bool) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, "expected a list of %s, got %s", want, kindName(n))
		return nil, false
	}
	return n.Content, true
}

var specFields = []string{"name", "description", "scenarios", "replicates", "seed", "patients", "years", "warmup_years", "set", "vary", "latin_hypercube", "points"}

func (d *specDecoder) decode(root *yaml.Node, s *Spec) {
	d.used = map[string]string{}
	var fixed []Override
	shorthand := func(path, field, value string, n *yaml.Node) {
		if d.claim(n, field, path) {
			fixed = append(fixed, Override{path, value})
		}
	}
	ok := d.fields(root, "", slices.Concat(specFields, d.ext.Fields), func(key string, v *yaml.Node, path string) {
		switch key {
		case "name":
			s.Name, _ = d.str(v, path)
			if strings.ContainsFunc(s.Name, unicode.IsControl) {
				d.fail(v, path, "%q holds a control character such as a newline; a sweep's name goes into file names and job scripts", s.Name)
			} else if why := scenario.Name(s.Name); why != "" {
				d.fail(v, path, "%s", why)
			}
		case "description":
			s.Description, _ = d.str(v, path)
			if why := scenario.FreeText(s.Description, true); why != "" {
				d.fail(v, path, "%s", why)
			}
		case "scenarios":
			items, _ := d.list(v, path, "scenario names or paths")
			for i, it := range items {
				if ref, ok := d.str(it, fmt.Sprintf("%s[%d]", path, i)); ok {
					s.Scenarios = append(s.Scenarios, ref)
				}
			}
			if v.Kind == yaml.SequenceNode && len(items) == 0 {
				d.fail(v, path, "name at least one scenario")
			}
		case "replicates":
			if r, ok := d.integer(v, path, 1, runner.MaxReplicates); ok {
				s.Replicates = r
			}
		case "seed":
			s.Seed, s.SeedSet = d.seed(v, path)
		case "patients":
			if p, ok := d.integer(v, path, 1, 1<<53); ok {
				shorthand("population.patients", path, strconv.Itoa(p), v)
			}
		case "years":
			if y, ok := d.float(v, path); ok {
				shorthand("run.years", path, formatFloat(y), v)
			}
		case "warmup_years":
			if y, ok := d.float(v, path); ok {
				shorthand("run.warmup_years", path, formatFloat(y), v)
			}
		case "set":
			fixed = append(fixed, d.set(v, path)...)
		case "vary":
			items, _ := d.list(v, path, "parameters to vary, such as {param: hospitals.los_mean_days, values: [5, 6, 7]}")
			for i, it := range items {
				if dim, ok := d.dimension(it, fmt.Sprintf("%s[%d]", path, i)); ok {
					s.Vary = append(s.Vary, dim)
				}
			}
		case "latin_hypercube":
			s.LHS = d.hypercube(v, path)
		case "points":
			s.Points = d.points(v, path)
		default:
			d.ext.Decode(&Decoder{d}, key, v, path)
		}
	})
	if s.LHS != nil && s.Points != nil {
		d.fail(root, "points", "give latin_hypercube or points, not both")
	}
	if ok && len(s.Scenarios) == 0 && !slices.ContainsFunc(d.issues, func(is *scenario.Issue) bool { return is.Path == "scenarios" }) {
		d.fail(root, "scenarios", "missing: name the base scenarios: shipped names or scenario files, such as scenarios: [NAME, variant.yaml]")
	}
	s.Fixed = fixed
}

// claim records that field sets or varies the parameter at path, and
// reports a parameter claimed twice.
func (d *specDecoder) claim(n *yaml.Node, field, path string) bool {
	if prev, ok := d.used[path]; ok {
		d.fail(n, field, "%s is already set or varied by %s: each parameter may appear once", path, prev)
		return false
	}
	d.used[path] = field
	return true
}

// set decodes the set: mapping of fixed overrides.
func (d *specDecoder) set(n *yaml.Node, path string) []Override {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping of parameter paths to values, such as {hospitals.los_mean_days: 7}, got %s", kindName(n))
		return nil
	}
	var out []Override
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		sub := path + "." + k.Value
		p, ok := d.param(k, sub, k.Value)
		if !ok || !d.variable(k, sub, p) {
			continue
		}
		val, ok := d.value(v, sub, p)
		if ok && d.claim(k, sub, p.Path) {
			out = append(out, Override{p.Path, val})
		}
	}
	return out
}

// param finds a parameter in the registry.
func (d *specDecoder) param(n *yaml.Node, path, name string) (nhs.Param, bool) {
	p, err := Lookup(name)
	if err != nil {
		d.fail(n, path, "%v", err)
		return nhs.Param{}, false
	}
	return p, true
}

// variable reports whether p can be set or varied by a sweep.
func (d *specDecoder) variable(n *yaml.Node, path string, p nhs.Param) bool {
	if why := notVariable(p); why != "" {
		d.fail(n, path, "%s %s", p.Path, why)
		return false
	}
	return true
}

func (d *specDecoder) dimension(n *yaml.Node, path string) (Dimension, bool) {
	var dim Dimension
	var name string
	var nameNode, values, grid *yaml.Node
	if !d.fields(n, path, []string{"param", "values", "grid"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "param":
			name, _ = d.str(v, sub)
			nameNode = v
		case "values":
			values = v
		case "grid":
			grid = v
		}
	}) {
		return dim, false
	}
	if nameNode == nil {
		d.fail(n, path, "missing param: the parameter to vary, such as param: hospitals.los_mean_days")
		return dim, false
	}
	p, ok := d.param(nameNode, path+".param", name)
	if !ok || !d.variable(nameNode, path+".param", p) || !d.claim(nameNode, path, p.Path) {
		return dim, false
	}
	dim.Param = p
	switch {
	case values == nil && grid == nil:
		d.fail(n, path, "give the values of %s: values: [a, b, ...] or grid: {from: A, to: B, steps: N}", p.Path)
		return dim, false
	case values != nil && grid != nil:
		d.fail(grid, path, "give values or grid, not both")
		return dim, false
	case values != nil:
		items, ok := d.list(values, path+".values", "values of "+p.Path)
		if !ok {
			return dim, false
		}
		if len(items) == 0 {
			d.fail(values, path+".values", "give at least one value")
			return dim, false
		}
		before := len(d.issues)
		for i, it := range items {
			if s, ok := d.value(it, fmt.Sprintf("%s.values[%d]", path, i), p); ok {
				if slices.Contains(dim.Values, s) {
					d.fail(it, fmt.Sprintf("%s.values[%d]", path, i), "%s is listed twice", s)
				}
				dim.Values = append(dim.Values, s)
			}
		}
		return dim, len(d.issues) == before
	default:
		vals, ok := d.grid(grid, path+".grid", p)
		dim.Values = vals
		return dim, ok
	}
}

// grid decodes {from, to, steps}: steps values from from to to, evenly
// spaced, both ends included.
func (d *specDecoder) grid(n *yaml.Node, path string, p nhs.Param) ([]string, bool) {
	if !numeric(p) {
		d.fail(n, path, "%s is not a single number: list its values instead", p.Path)
		return nil, false
	}
	var from, to float64
	var steps int
	var fromN, toN, stepsN *yaml.Node
	before := len(d.issues)
	if !d.fields(n, path, []string{"from", "to", "steps"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "from":
			from, _ = d.float(v, sub)
			fromN = v
		case "to":
			to, _ = d.float(v, sub)
			toN = v
		case "steps":
			steps, _ = d.integer(v, sub, 2, MaxPoints)
			stepsN = v
		}
	}) {
		return nil, false
	}
	if fromN == nil || toN == nil || stepsN == nil {
		d.fail(n, path, "a grid needs from, to and steps (the number of values, at least 2), such as {from: 0, to: 0.2, steps: 5}")
		return nil, false
	}
	if len(d.issues) > before {
		return nil, false
	}
	if from >= to {
		d.fail(toN, path+".to", "%s must be above from (%s)", formatFloat(to), formatFloat(from))
		return nil, false
	}
	if why := tooNarrow(from, to); why != "" {
		d.fail(toN, path+".to", "%s", why)
		return nil, false
	}
	d.inDomain(fromN, path+".from", p, from)
	d.inDomain(toN, path+".to", p, to)
	if len(d.issues) > before {
		return nil, false
	}
	vals := make([]string, steps)
	for i := range steps {
		x := to
		if i < steps-1 {
			// Rounded to 12 significant digits, so that 0.1 steps give 0.3
			// rather than 0.30000000000000004.
			x, _ = strconv.ParseFloat(strconv.FormatFloat(from+(to-from)*float64(i)/float64(steps-1), 'g', 12, 64), 64)
		}
		if integer(p) && x != math.Trunc(x) {
			d.fail(stepsN, path+".steps", "%s is a whole number, but %d steps from %s to %s give %s; choose steps so that they are whole", p.Path, steps, formatFloat(from), formatFloat(to), formatFloat(x))
			return nil, false
		}
		vals[i] = format(p, x)
	}
	return vals, true
}

func (d *specDecoder) inDomain(n *yaml.Node, path string, p nhs.Param, x float64) bool {
	if p.Domain.Set && !p.Domain.Contains(x) {
		d.fail(n, path, "%s is outside %s's valid domain %s", formatFloat(x), p.Path, p.Domain)
		return false
	}
	return true
}

// value checks one value of p as written and returns it formatted as it is
// applied with --set and written to the results.
func (d *specDecoder) value(n *yaml.Node, path string, p nhs.Param) (string, bool) {
	if p.Len > 0 {
		items, ok := d.list(n, path, fmt.Sprintf("%d numbers", p.Len))
		if !ok {
			return "", false
		}
		if len(items) != p.Len {
			d.fail(n, path, "%s is a list of %d numbers; got %d", p.Path, p.Len, len(items))
			return "", false
		}
		parts := make([]string, len(items))
		for i, it := range items {
			s, ok := d.scalarValue(it, fmt.Sprintf("%s[%d]", path, i), p)
			if !ok {
				return "", false
			}
			parts[i] = s
		}
		return "[" + strings.Join(parts, ", ") + "]", true
	}
	return d.scalarValue(n, path, p)
}

func (d *specDecoder) scalarValue(n *yaml.Node, path string, p nhs.Param) (string, bool) {
	switch {
	case p.Kind == reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.fail(n, path, "%s is true or false; got %s", p.Path, kindName(n))
			return "", false
		}
		return strings.ToLower(n.Value), true
	case p.Enum != nil:
		if n.Kind != yaml.ScalarNode || !slices.Contains(p.Enum, n.Value) {
			d.fail(n, path, "%s is one of %s; got %s", p.Path, strings.Join(p.Enum, ", "), kindName(n))
			return "", false
		}
		return n.Value, true
	}
	x, ok := d.float(n, path)
	if !ok {
		return "", false
	}
	if integer(p) && x != math.Trunc(x) {
		d.fail(n, path, "%s is a whole number; got %s", p.Path, n.Value)
		return "", false
	}
	if !d.inDomain(n, path, p, x) {
		return "", false
	}
	return format(p, x), true
}

func (d *specDecoder) hypercube(n *yaml.Node, path string) *Hypercube {
	h := &Hypercube{}
	var paramsN *yaml.Node
	if !d.fields(n, path, []string{"points", "seed", "params"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "points":
			h.Points, _ = d.integer(v, sub, 1, MaxPoints)
		case "seed":
			h.Seed, h.SeedSet = d.seed(v, sub)
		case "params":
			paramsN = v
			items, _ := d.list(v, sub, "parameters: names, or {param: NAME, from: A, to: B}")
			for i, it := range items {
				if f, ok := d.factor(it, fmt.Sprintf("%s[%d]", sub, i)); ok {
					h.Factors = append(h.Factors, f)
				}
			}
		}
	}) {
		return nil
	}
	if h.Points == 0 && !slices.ContainsFunc(d.issues, func(is *scenario.Issue) bool { return is.Path == path+".points" }) {
		d.fail(n, path+".points", "missing: the number of points, such as points: 200")
	}
	if paramsN == nil {
		d.fail(n, path+".params", "missing: the parameters to sample, such as params: [continuity.discontinuity_or]")
	} else if paramsN.Kind == yaml.SequenceNode && len(paramsN.Content) == 0 {
		d.fail(paramsN, path+".params", "name at least one parameter")
	}
	return h
}

// minWidth is the narrowest range, relative to the size of its ends, that
// a grid or a Latin hypercube may span: float64 holds about 16 significant
// digits, so a narrower range has too few distinct values to sample, and
// its charts no round numbers to mark.
const minWidth = 1e-9

// tooNarrow says why the range from lo to hi (lo < hi) is too narrow to
// sample, or "".
func tooNarrow(lo, hi float64) string {
	size := max(math.Abs(lo), math.Abs(hi))
	if hi-lo >= minWidth*size {
		return ""
	}
	return fmt.Sprintf("%s is too close to from (%s): a range must be at least a billionth of its values' size wide; to fix the parameter instead, set it under set:",
		formatFloat(hi), formatFloat(lo))
}

// factor decodes one Latin-hypercube parameter: a name, sampled over its
// plausible range, or {param, from, to}.
func (d *specDecoder) factor(n *yaml.Node, path string) (Factor, bool) {
	name, nameN := "", n
	var from, to *float64
	var fromN, toN *yaml.Node
	if n.Kind == yaml.MappingNode {
		nameN = nil
		d.fields(n, path, []string{"param", "from", "to"}, func(key string, v *yaml.Node, sub string) {
			switch key {
			case "param":
				name, _ = d.str(v, sub)
				nameN = v
			case "from":
				if x, ok := d.float(v, sub); ok {
					from, fromN = &x, v
				}
			case "to":
				if x, ok := d.float(v, sub); ok {
					to, toN = &x, v
				}
			}
		})
		if nameN == nil {
			d.fail(n, path, "missing param: the parameter to sample")
			return Factor{}, false
		}
	} else if s, ok := d.str(n, path); ok {
		name = s
	} else {
		return Factor{}, false
	}
	p, ok := d.param(nameN, path, name)
	if !ok || !d.variable(nameN, path, p) {
		return Factor{}, false
	}
	if !numeric(p) {
		d.fail(nameN, path, "%s is not a single number; a Latin hypercube samples numbers only (list its values under vary: instead)", p.Path)
		return Factor{}, false
	}
	if (from == nil) != (to == nil) {
		d.fail(n, path, "give both from and to, or neither to use the plausible range")
		return Factor{}, false
	}
	f := Factor{Param: p}
	switch {
	case from != nil:
		f.Lo, f.Hi = *from, *to
		ok := d.inDomain(fromN, path+".from", p, f.Lo)
		ok = d.inDomain(toN, path+".to", p, f.Hi) && ok
		if !ok {
			return Factor{}, false
		}
		if f.Lo >= f.Hi {
			d.fail(toN, path+".to", "%s must be above from (%s)", formatFloat(f.Hi), formatFloat(f.Lo))
			return Factor{}, false
		}
		if why := tooNarrow(f.Lo, f.Hi); why != "" {
			d.fail(toN, path+".to", "%s", why)
			return Factor{}, false
		}
	case p.Ranged:
		f.Lo, f.Hi = p.Range[0], p.Range[1]
	default:
		d.fail(nameN, path, "%s has no plausible range in the registry: give one, such as {param: %s, from: A, to: B}", p.Path, p.Path)
		return Factor{}, false
	}
	if !d.claim(nameN, path, p.Path) {
		return Factor{}, false
	}
	return f, true
}
