package sweep

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/scenario"
)

// Factor is a numeric parameter sampled over an interval: a Latin
// hypercube's or a sensitivity analysis's input.
type Factor struct {
	Param  nhs.Param
	Lo, Hi float64
}

// Value maps u in [0, 1] linearly onto [Lo, Hi]: Lo + u (Hi - Lo), rounded to
// the nearest whole number for an integer parameter and otherwise to 6
// significant digits, which keeps the results readable and is far finer
// than any design's strata. The value stays within [Lo, Hi].
func (f Factor) Value(u float64) float64 {
	x := f.Lo + u*(f.Hi-f.Lo)
	if integer(f.Param) {
		x = math.Round(x)
	} else {
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	}
	return min(max(x, f.Lo), f.Hi)
}

// Format writes x as it is applied with --set and written to results.
func (f Factor) Format(x float64) string { return format(f.Param, x) }

// Lookup finds a parameter in the registry by its path. The error for an
// unknown path suggests the nearest one.
func Lookup(path string) (nhs.Param, error) {
	ps := nhs.Params()
	if i := slices.IndexFunc(ps, func(p nhs.Param) bool { return p.Path == path }); i >= 0 {
		return ps[i], nil
	}
	var paths []string // the parameters a sweep can vary
	for _, p := range ps {
		if notVariable(p) == "" {
			paths = append(paths, p.Path)
		}
	}
	msg := fmt.Sprintf("unknown parameter %q: not in the registry (docs/model.md lists every parameter)", path)
	// A bare field name, such as los_mean_days, names its parameter if
	// only one has it.
	var byLeaf []string
	for _, p := range paths {
		if strings.HasSuffix(p, "."+path) {
			byLeaf = append(byLeaf, p)
		}
	}
	if len(byLeaf) == 1 {
		return nhs.Param{}, fmt.Errorf("%s; did you mean %q?", msg, byLeaf[0])
	}
	if s := scenario.Suggest(path, paths); s != "" {
		return nhs.Param{}, fmt.Errorf("%s; did you mean %q?", msg, s)
	}
	return nhs.Param{}, fmt.Errorf("%s", msg)
}

// notVariable says why p cannot be set or varied by a sweep, or "" if it
// can.
func notVariable(p nhs.Param) string {
	switch {
	case p.Path == "seed":
		return "cannot be varied: replicates set the seeds (seed: sets the first)"
	case p.Kind == reflect.Slice:
		return "cannot be varied by a sweep: write it in a scenario file"
	case p.Kind == reflect.String && p.Enum == nil:
		return "is a label, not a model parameter"
	}
	return ""
}

// numeric reports whether p is a single number.
func numeric(p nhs.Param) bool {
	return p.Len == 0 && notVariable(p) == "" && p.Kind != reflect.Bool && p.Kind != reflect.String
}

func integer(p nhs.Param) bool {
	switch p.Kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// format writes a number of p exactly: whole numbers without an exponent,
// others in the shortest form that reads back to the same float64.
func format(p nhs.Param, x float64) string {
	if integer(p) {
		return strconv.FormatInt(int64(x), 10)
	}
	return formatFloat(x)
}

// formatFloat writes a factor's value exactly.
func formatFloat(x float64) string { return numfmt.Exact(x) }

// Ranged returns a factor for every numeric parameter with a plausible
// range, over that range, in registry order, leaving out the paths in
// except.
func Ranged(except ...string) []Factor {
	var out []Factor
	for _, p := range nhs.Params() {
		if p.Ranged && p.Range[0] < p.Range[1] && numeric(p) && !slices.Contains(except, p.Path) {
			out = append(out, Factor{Param: p, Lo: p.Range[0], Hi: p.Range[1]})
		}
	}
	return out
}

// RangedFactor returns the factor of the parameter at path over its
// plausible range, or an error saying why there is none.
func RangedFactor(path string) (Factor, error) {
	p, err := Lookup(path)
	if err != nil {
		return Factor{}, err
	}
	if !numeric(p) {
		return Factor{}, fmt.Errorf("%s is not a single number, so it has no range to sample", p.Path)
	}
	if !p.Ranged || p.Range[0] >= p.Range[1] {
		return Factor{}, fmt.Errorf("%s has no plausible range in the registry", p.Path)
	}
	return Factor{Param: p, Lo: p.Range[0], Hi: p.Range[1]}, nil
}
