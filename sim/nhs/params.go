package nhs

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Param is one model parameter's registry entry, read from the tags of
// [Config]'s fields.
type Param struct {
	Path    string // dotted YAML path, such as "hospitals.los_mean_days"
	Kind    reflect.Kind
	Default string
	Domain  Interval // valid values; zero Interval means any
	Range   [2]float64
	Ranged  bool // whether Range is set
	Unit    string
	Source  string
	Doc     string
	Enum    []string // the values a string parameter may take; nil for any
	Len     int      // for a list parameter, its fixed length; 0 for a scalar
	SumsTo1 bool     // a list that is a distribution and must sum to 1
	Dist    Dist     // its uncertainty, from the distributions table; zero if it has none

	index []int // field index path in Config
}

// Interval is a set of numbers in interval notation, such as (0,1].
type Interval struct {
	Lo, Hi         float64
	LoOpen, HiOpen bool
	Set            bool
}

// Contains reports whether x lies in the interval. NaN never does.
func (i Interval) Contains(x float64) bool {
	if !i.Set {
		return !math.IsNaN(x)
	}
	if math.IsNaN(x) || x < i.Lo || x > i.Hi {
		return false
	}
	return !(i.LoOpen && x == i.Lo) && !(i.HiOpen && x == i.Hi)
}

func (i Interval) String() string {
	l, r := "[", "]"
	if i.LoOpen {
		l = "("
	}
	if i.HiOpen {
		r = ")"
	}
	return l + fmtBound(i.Lo) + ", " + fmtBound(i.Hi) + r
}

func fmtBound(x float64) string {
	if math.IsInf(x, 0) {
		return "∞"
	}
	if math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func parseInterval(s string) (Interval, error) {
	if len(s) < 5 || !strings.ContainsAny(s[:1], "[(") || !strings.ContainsAny(s[len(s)-1:], "])") {
		return Interval{}, fmt.Errorf("bad interval %q", s)
	}
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return Interval{}, fmt.Errorf("bad interval %q", s)
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if err1 != nil || err2 != nil || a > b {
		return Interval{}, fmt.Errorf("bad interval %q", s)
	}
	return Interval{Lo: a, Hi: b, LoOpen: s[0] == '(', HiOpen: s[len(s)-1] == ')', Set: true}, nil
}

var registry = sync.OnceValue(func() []Param {
	var ps []Param
	walk(reflect.TypeFor[Config](), "", nil, &ps)
	return ps
})

// Params returns the registry: every leaf parameter of [Config] in schema
// order. It panics if a tag is malformed, which a test catches.
func Params() []Param { return registry() }

func walk(t reflect.Type, prefix string, index []int, out *[]Param) {
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if name == "-" {
			continue // not a parameter
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		idx := append(append([]int(nil), index...), i)
		if f.Type.Kind() == reflect.Struct {
			walk(f.Type, path, idx, out)
			continue
		}
		p := Param{
			Path: path, Kind: f.Type.Kind(), Default: f.Tag.Get("default"),
			Unit: f.Tag.Get("unit"), Source: f.Tag.Get("source"), Doc: f.Tag.Get("doc"),
			SumsTo1: f.Tag.Get("sum") == "1",
			index:   idx,
		}
		if f.Type.Kind() == reflect.Array {
			p.Kind, p.Len = f.Type.Elem().Kind(), f.Type.Len()
		}
		if e, ok := reflect.Zero(f.Type).Interface().(enumerated); ok {
			p.Enum = e.Values()
		}
		if d := f.Tag.Get("domain"); d != "" {
			iv, err := parseInterval(d)
			if err != nil {
				panic("nhs: " + path + ": " + err.Error())
			}
			p.Domain = iv
		}
		if r := f.Tag.Get("range"); r != "" {
			lo, hi, _ := strings.Cut(r, ",")
			a, err1 := strconv.ParseFloat(lo, 64)
			b, err2 := strconv.ParseFloat(hi, 64)
			if err1 != nil || err2 != nil || a > b || !p.Domain.Contains(a) || !p.Domain.Contains(b) {
				panic("nhs: " + path + ": bad range " + r)
			}
			p.Range, p.Ranged = [2]float64{a, b}, true
		}
		if d, ok := distributions[path]; ok {
			dist, err := ParseDist(d)
			if err != nil {
				panic("nhs: " + path + ": distribution: " + err.Error())
			}
			p.Dist = dist
		}
		*out = append(*out, p)
	}
}

// Field returns the addressable field of c that p describes.
func (p Param) Field(c *Config) reflect.Value {
	return reflect.ValueOf(c).Elem().FieldByIndex(p.index)
}

// Number returns p's value in c as a float64, and false for a parameter that
// is not a single number.
func (p Param) Number(c *Config) (float64, bool) {
	return number(p.Field(c))
}

// Numbers returns the values of a numeric parameter in c: one for a scalar,
// Len for a list.
func (p Param) Numbers(c *Config) []float64 {
	v := p.Field(c)
	if v.Kind() != reflect.Array {
		x, ok := number(v)
		if !ok {
			return nil
		}
		return []float64{x}
	}
	out := make([]float64, v.Len())
	for i := range out {
		out[i], _ = number(v.Index(i))
	}
	return out
}

func number(v reflect.Value) (float64, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return 0, false
}

// Defaults returns the configuration with every parameter at its default.
func Defaults() Config {
	var c Config
	for _, p := range Params() {
		if p.Default == "" {
			continue
		}
		v := p.Field(&c)
		parts := []string{p.Default}
		if v.Kind() == reflect.Array {
			parts = strings.Split(p.Default, ",")
			if len(parts) != v.Len() {
				panic("nhs: default of " + p.Path + " has the wrong length")
			}
		}
		for i, s := range parts {
			elem := v
			if v.Kind() == reflect.Array {
				elem = v.Index(i)
			}
			if err := setString(elem, strings.TrimSpace(s)); err != nil {
				panic("nhs: default of " + p.Path + ": " + err.Error())
			}
		}
	}
	return c
}

// enumerated is a string type whose values are a fixed list, such as
// [Payment].
type enumerated interface{ Values() []string }

func setString(v reflect.Value, s string) error {
	if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		return u.UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return err
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, v.Type().Bits())
		if err != nil {
			return err
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil {
			return err
		}
		v.SetFloat(f)
	default:
		return fmt.Errorf("unsupported kind %s", v.Kind())
	}
	return nil
}

// Problem is one thing wrong with a configuration, at a field path.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) Error() string { return p.Path + ": " + p.Message }

// Validate checks every parameter against its domain and the constraints
// between parameters, and returns every problem found, in schema order.
func (c *Config) Validate() []Problem {
	var probs []Problem
	for _, p := range Params() {
		if p.Enum != nil {
			if v := p.Field(c).String(); !slices.Contains(p.Enum, v) {
				probs = append(probs, Problem{p.Path, fmt.Sprintf("unknown value %q: expected one of %s", v, strings.Join(p.Enum, ", "))})
			}
			continue
		}
		xs := p.Numbers(c)
		sum := 0.0
		for i, x := range xs {
			sum += x
			if p.Domain.Set && !p.Domain.Contains(x) {
				path := p.Path
				if p.Len > 0 {
					path = fmt.Sprintf("%s[%d]", p.Path, i)
				}
				probs = append(probs, Problem{path, fmt.Sprintf("%s is outside %s", fmtBound(x), p.Domain)})
			}
		}
		if p.SumsTo1 && math.Abs(sum-1) > 1e-6 {
			probs = append(probs, Problem{p.Path, fmt.Sprintf("the shares sum to %s; they must sum to 1", strconv.FormatFloat(sum, 'g', 6, 64))})
		}
	}
	probs = append(probs, c.validateCoverage()...)
	probs = append(probs, c.validateListGrowth()...)
	probs = append(probs, c.validateText()...)
	if d := &c.Discharge; d.AssessmentSocialCareShare+d.AssessmentJointShare > 1 {
		probs = append(probs, Problem{"discharge.assessment_joint_share", fmt.Sprintf("%g with assessment_social_care_share %g attributes more than all of the assessment delay", d.AssessmentJointShare, d.AssessmentSocialCareShare)})
	}
	if c.Run.WarmupYears >= c.Run.Years {
		probs = append(probs, Problem{"run.warmup_years", fmt.Sprintf("%g must be less than run.years (%g)", c.Run.WarmupYears, c.Run.Years)})
	}
	if k := c.GP.GPsPerPractice; c.GP.PatientsPerGP > 0 {
		// GPs follow each list's size: every practice has at least one.
	} else if c.Population.PracticeSize < k {
		probs = append(probs, Problem{"population.practice_size", fmt.Sprintf("%d patients cannot give each of the practice's %d GPs (general_practice.gps_per_practice) a list", c.Population.PracticeSize, k)})
	} else if r := c.Population.Patients % max(c.Population.PracticeSize, 1); r > 0 && r < k { // max: a practice_size below 1 is reported by its domain
		probs = append(probs, Problem{"population.patients", fmt.Sprintf("%d patients leave a last practice of %d, fewer than its %d GPs; use a multiple of population.practice_size (%d) or add a few patients", c.Population.Patients, r, k, c.Population.PracticeSize)})
	}
	return probs
}

// validateCoverage checks that explicit commissioner coverage names every
// area exactly once and gives every body at least one area.
func (c *Config) validateCoverage() []Problem {
	cov := c.Commissioning.Coverage
	if len(cov) == 0 {
		return nil
	}
	var probs []Problem
	areas := c.Population.Areas
	owner := make(map[int]int)
	for b, list := range cov {
		path := fmt.Sprintf("commissioning.coverage[%d]", b)
		if len(list) == 0 {
			probs = append(probs, Problem{path, "this commissioning body covers no area"})
		}
		for i, a := range list {
			switch prev, seen := owner[a]; {
			case a < 0 || a >= areas:
				probs = append(probs, Problem{fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("area %d does not exist: population.areas is %d, so areas are 0 to %d", a, areas, areas-1)})
			case seen:
				probs = append(probs, Problem{fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("area %d is covered twice: also by body %d (commissioning.coverage[%d])", a, prev, prev)})
			default:
				owner[a] = b
			}
		}
	}
	var missing []string
	for a := range areas {
		if _, ok := owner[a]; !ok {
			missing = append(missing, strconv.Itoa(a))
		}
	}
	if len(missing) > 0 && len(missing) <= 20 {
		probs = append(probs, Problem{"commissioning.coverage", "no body covers area " + strings.Join(missing, ", ")})
	} else if len(missing) > 20 {
		probs = append(probs, Problem{"commissioning.coverage", fmt.Sprintf("%d areas are covered by no body", len(missing))})
	}
	return probs
}
