package nhs

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/nhssim/nhssim/sim/pmath"
)

// Dist is a parameter's uncertainty: the distribution an uncertainty
// analysis (compare --uncertainty) draws it from. Every parameter declares
// one in [distributions]: a distribution over its plausible range, or
// "fixed" with the reason it is not uncertain, or "lever" for what scenarios
// set.
//
// The kinds, as written in the registry and in a --distributions file:
//
//	uniform            flat over the plausible range
//	triangular         over the range, peaked at the default
//	loguniform         flat in the logarithm over the range (lo > 0)
//	normal(a, b)       normal with 95% interval a to b (a source's own
//	                   interval), truncated to the range
//	lognormal(a, b)    lognormal with 95% interval a to b, truncated
//	beta(α, β)         beta on [0, 1] with those shapes, truncated
//	scale(a, b)        a list: every element times one factor, log-uniform
//	                   from a to b (the profile's shape is held)
//	fixed: REASON      not drawn, for the reason given
//	lever              not drawn: a lever, which scenarios set
//
// Any drawn kind may end with "link=NAME": parameters with the same link
// come from one figure and are drawn together, at one shared quantile (a
// comonotone link); "link=-NAME" draws at one minus it (countermonotone),
// for a parameter that must fall as its partners rise.
type Dist struct {
	Kind   string
	A, B   float64 // the two arguments of normal, lognormal, beta and scale
	Reason string  // for fixed: why
	Link   string  // the link's name, or ""
	Invert bool    // countermonotone within the link
}

// Distribution kinds.
const (
	DistUniform    = "uniform"
	DistTriangular = "triangular"
	DistLogUniform = "loguniform"
	DistNormal     = "normal"
	DistLogNormal  = "lognormal"
	DistBeta       = "beta"
	DistScale      = "scale"
	DistFixed      = "fixed"
	DistLever      = "lever"
)

// DistKinds lists the kinds a distribution may take.
func DistKinds() []string {
	return []string{DistUniform, DistTriangular, DistLogUniform, DistNormal, DistLogNormal, DistBeta, DistScale, DistFixed, DistLever}
}

// Drawn reports whether d is drawn, rather than fixed or a lever.
func (d Dist) Drawn() bool { return d.Kind != DistFixed && d.Kind != DistLever && d.Kind != "" }

// String writes d as [ParseDist] reads it.
func (d Dist) String() string {
	var s string
	switch d.Kind {
	case DistFixed:
		return DistFixed + ": " + d.Reason
	case DistNormal, DistLogNormal, DistBeta, DistScale:
		s = fmt.Sprintf("%s(%s, %s)", d.Kind, fmtBound(d.A), fmtBound(d.B))
	default:
		s = d.Kind
	}
	if d.Link != "" {
		s += " link="
		if d.Invert {
			s += "-"
		}
		s += d.Link
	}
	return s
}

// ParseDist reads a distribution as the registry writes it.
func ParseDist(s string) (Dist, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, DistFixed); ok && (rest == "" || rest[0] == ':') {
		reason := strings.TrimSpace(strings.TrimPrefix(rest, ":"))
		if reason == "" {
			return Dist{}, fmt.Errorf("%q: a fixed parameter needs a reason, as in \"fixed: a definition\"", s)
		}
		return Dist{Kind: DistFixed, Reason: reason}, nil
	}
	var d Dist
	if body, link, ok := strings.Cut(s, " link="); ok {
		s = strings.TrimSpace(body)
		link = strings.TrimSpace(link)
		d.Link, d.Invert = strings.TrimPrefix(link, "-"), strings.HasPrefix(link, "-")
		if d.Link == "" || strings.ContainsAny(d.Link, " \t,()") {
			return Dist{}, fmt.Errorf("link %q: a link is one word, such as link=gp-turnover", link)
		}
	}
	name, args, hasArgs := strings.Cut(s, "(")
	d.Kind = strings.TrimSpace(name)
	switch d.Kind {
	case DistUniform, DistTriangular, DistLogUniform, DistLever:
		if hasArgs {
			return Dist{}, fmt.Errorf("%q: %s takes no arguments (it uses the plausible range)", s, d.Kind)
		}
		if d.Kind == DistLever && d.Link != "" {
			return Dist{}, fmt.Errorf("%q: a lever is not drawn, so it cannot be linked", s)
		}
		return d, nil
	case DistNormal, DistLogNormal, DistBeta, DistScale:
	default:
		return Dist{}, fmt.Errorf("unknown distribution %q: want one of %s", d.Kind, strings.Join(DistKinds(), ", "))
	}
	inner, ok := strings.CutSuffix(strings.TrimSpace(args), ")")
	a, b, ok2 := strings.Cut(inner, ",")
	if !hasArgs || !ok || !ok2 {
		return Dist{}, fmt.Errorf("%q: %s takes two numbers, as in %s(1, 2)", s, d.Kind, d.Kind)
	}
	var err1, err2 error
	d.A, err1 = strconv.ParseFloat(strings.TrimSpace(a), 64)
	d.B, err2 = strconv.ParseFloat(strings.TrimSpace(b), 64)
	switch {
	case err1 != nil || err2 != nil || math.IsNaN(d.A) || math.IsNaN(d.B) || math.IsInf(d.A, 0) || math.IsInf(d.B, 0):
		return Dist{}, fmt.Errorf("%q: %s takes two finite numbers", s, d.Kind)
	case d.Kind == DistBeta && (d.A <= 0 || d.B <= 0):
		return Dist{}, fmt.Errorf("%q: beta's shapes must be above 0", s)
	case d.Kind != DistBeta && d.A >= d.B:
		return Dist{}, fmt.Errorf("%q: the first number must be below the second", s)
	case (d.Kind == DistLogNormal || d.Kind == DistScale) && d.A <= 0:
		return Dist{}, fmt.Errorf("%q: %s needs numbers above 0", s, d.Kind)
	}
	return d, nil
}

// Check reports whether d can be drawn for p: a list only by scale, a scalar
// not by scale, a number with a plausible range for every drawn kind, and a
// support that lies within the range (and the domain) and carries weight.
func (d Dist) Check(p Param) error {
	if !d.Drawn() {
		return nil
	}
	if p.Kind == reflect.Bool || p.Kind == reflect.String || p.Kind == reflect.Slice || p.Kind == reflect.Uint64 && p.Path == "seed" {
		return fmt.Errorf("%s is not a number, so it cannot be drawn; declare it fixed or a lever", p.Path)
	}
	if !p.Ranged || !(p.Range[0] < p.Range[1]) {
		return fmt.Errorf("%s has no plausible range to draw %s over", p.Path, d.Kind)
	}
	if (p.Len > 0) != (d.Kind == DistScale) {
		if p.Len > 0 {
			return fmt.Errorf("%s is a list: draw it with scale(a, b), which keeps its shape", p.Path)
		}
		return fmt.Errorf("%s is a single number: scale(a, b) is for lists", p.Path)
	}
	lo, hi := p.Range[0], p.Range[1]
	switch d.Kind {
	case DistLogUniform:
		if lo <= 0 {
			return fmt.Errorf("%s: loguniform needs a range above 0, not %s to %s", p.Path, fmtBound(lo), fmtBound(hi))
		}
	case DistTriangular:
		if m := p.defaultNumber(); !(m >= lo && m <= hi) {
			return fmt.Errorf("%s: triangular peaks at the default %s, which is outside the range %s to %s", p.Path, fmtBound(m), fmtBound(lo), fmtBound(hi))
		}
	case DistLogNormal:
		if hi <= 0 {
			return fmt.Errorf("%s: a lognormal has no weight on a range at or below 0", p.Path)
		}
	case DistBeta:
		if lo < 0 || hi > 1 {
			return fmt.Errorf("%s: beta is on [0, 1], but the range is %s to %s", p.Path, fmtBound(lo), fmtBound(hi))
		}
	case DistScale:
		for i, x := range p.defaultNumbers() {
			if x*d.A < lo || x*d.B > hi {
				return fmt.Errorf("%s[%d]: the default %s scaled by %s to %s leaves the range %s to %s", p.Path, i, fmtBound(x), fmtBound(d.A), fmtBound(d.B), fmtBound(lo), fmtBound(hi))
			}
		}
		return nil
	}
	if c, ok := d.continuous(); ok {
		if m := c.CDF(hi) - c.CDF(lo); m < 1e-6 {
			return fmt.Errorf("%s: %s puts almost no weight (%.2g) on the range %s to %s", p.Path, d, m, fmtBound(lo), fmtBound(hi))
		}
	}
	return nil
}

// continuous is d's untruncated distribution, for the kinds given by
// arguments.
func (d Dist) continuous() (interface {
	CDF(float64) float64
	Quantile(float64) float64
}, bool) {
	const z = 1.959963984540054 // the 97.5% point of the standard normal
	switch d.Kind {
	case DistNormal:
		return distuv.Normal{Mu: (d.A + d.B) / 2, Sigma: (d.B - d.A) / (2 * z)}, true
	case DistLogNormal:
		la, lb := pmath.Log(d.A), pmath.Log(d.B)
		return distuv.LogNormal{Mu: (la + lb) / 2, Sigma: (lb - la) / (2 * z)}, true
	case DistBeta:
		return distuv.Beta{Alpha: d.A, Beta: d.B}, true
	}
	return nil, false
}

// Quantile returns the value of p at quantile u in (0, 1) of d, within
// p's plausible range: for a list, the factor that multiplies every element
// of its default ([Dist.Values] applies it). It panics for a kind that is not
// drawn.
func (d Dist) Quantile(p Param, u float64) float64 {
	lo, hi := p.Range[0], p.Range[1]
	var x float64
	switch d.Kind {
	case DistUniform:
		x = lo + u*(hi-lo)
	case DistLogUniform:
		x = pmath.Exp(pmath.Log(lo) + u*(pmath.Log(hi)-pmath.Log(lo)))
	case DistTriangular:
		m := p.defaultNumber()
		if f := (m - lo) / (hi - lo); u < f {
			x = lo + math.Sqrt(u*(hi-lo)*(m-lo))
		} else {
			x = hi - math.Sqrt((1-u)*(hi-lo)*(hi-m))
		}
	case DistScale:
		return pmath.Exp(pmath.Log(d.A) + u*(pmath.Log(d.B)-pmath.Log(d.A)))
	case DistNormal, DistLogNormal, DistBeta:
		c, _ := d.continuous()
		a, b := c.CDF(lo), c.CDF(hi)
		x = c.Quantile(a + u*(b-a))
	default:
		panic("nhs: Quantile of a distribution that is not drawn: " + d.String())
	}
	return min(max(x, lo), hi)
}

// Values returns p's values at quantile u: one for a scalar, Len for a
// list (its default times the drawn factor), each within the range and
// rounded to a whole number for an integer parameter.
func (d Dist) Values(p Param, u float64) []float64 {
	q := d.Quantile(p, u)
	var xs []float64
	if d.Kind == DistScale {
		for _, x := range p.defaultNumbers() {
			xs = append(xs, min(max(x*q, p.Range[0]), p.Range[1]))
		}
	} else {
		xs = []float64{q}
	}
	if p.integer() {
		for i := range xs {
			xs[i] = math.Round(xs[i])
		}
	}
	return xs
}

func (p Param) integer() bool {
	switch p.Kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// defaultNumbers are p's default values, as numbers.
func (p Param) defaultNumbers() []float64 {
	var xs []float64
	for _, s := range strings.Split(p.Default, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil
		}
		xs = append(xs, x)
	}
	return xs
}

func (p Param) defaultNumber() float64 {
	if xs := p.defaultNumbers(); len(xs) == 1 {
		return xs[0]
	}
	return math.NaN()
}

// SetValues sets p in c to xs, as [Dist.Values] returns them.
func (p Param) SetValues(c *Config, xs []float64) {
	v := p.Field(c)
	set := func(f reflect.Value, x float64) {
		switch {
		case f.CanInt():
			f.SetInt(int64(x))
		case f.CanUint():
			f.SetUint(uint64(x))
		case f.CanFloat():
			f.SetFloat(x)
		default:
			panic("nhs: SetValues of " + p.Path + ", which is not a number")
		}
	}
	if v.Kind() == reflect.Array {
		for i := range v.Len() {
			set(v.Index(i), xs[i])
		}
		return
	}
	set(v, xs[0])
}

// Links groups the drawn parameters of dists by link, in registry order of
// first member, and returns an error for a link that cannot be drawn: one
// with a single member, or naming a parameter that is not drawn.
func Links(ps []Param, dists map[string]Dist) (map[string][]string, error) {
	out := map[string][]string{}
	for _, p := range ps {
		d := dists[p.Path]
		if d.Link != "" {
			out[d.Link] = append(out[d.Link], p.Path)
		}
	}
	for name, members := range out {
		if len(members) < 2 {
			return nil, fmt.Errorf("link %q has only one parameter, %s: a link draws two or more together", name, members[0])
		}
	}
	return out, nil
}
