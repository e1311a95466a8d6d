package compare

import (
	"cmp"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/stats"
)

// notLevers are the parameters that never count as levers: labels, and the
// seed, which a comparison sets for every scenario alike.
var notLevers = []string{"name", "description", "seed"}

// Lever is one parameter whose value differs between two scenarios.
type Lever struct {
	Path     string  // the parameter, such as "general_practice.pooled_booking_share"
	From, To string  // its values in the baseline and in the other scenario, as --set writes them
	Distance float64 // how far apart the values are: the largest relative difference of an element, 1 for a changed non-number
}

// Set returns the --set override that gives the baseline the other
// scenario's value: "path=value".
func (l Lever) Set() string { return l.Path + "=" + l.To }

// Levers returns the parameters that differ between base and other, most
// different first (by Distance; ties in schema order). Names, descriptions
// and the seed are left out.
func Levers(base, other *nhs.Config) []Lever {
	var out []Lever
	for _, p := range nhs.Params() {
		if slices.Contains(notLevers, p.Path) {
			continue
		}
		a, b := p.Field(base), p.Field(other)
		from, to := Format(a), Format(b)
		if from == to {
			continue
		}
		out = append(out, Lever{Path: p.Path, From: from, To: to, Distance: distance(p.Numbers(base), p.Numbers(other))})
	}
	slices.SortStableFunc(out, func(x, y Lever) int { return cmp.Compare(y.Distance, x.Distance) })
	return out
}

// distance is the largest relative difference between corresponding
// numbers, or 1 for values that are not numbers.
func distance(a, b []float64) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 1
	}
	d := 0.0
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		d = max(d, math.Abs(a[i]-b[i])/max(math.Abs(a[i]), math.Abs(b[i])))
	}
	return d
}

// Format writes a parameter's value as a --set override reads it: numbers
// exactly, strings quoted, lists as YAML flow lists "[a, b, c]".
func Format(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Array, reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = Format(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Float32, reflect.Float64:
		return numfmt.Exact(v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		return strconv.Quote(v.String())
	}
	return strconv.Quote(v.String())
}

// Attribution splits the difference between two scenarios among the levers
// that make it: each lever's effect is the paired difference between the
// baseline with that one lever set to the other scenario's value and the
// baseline itself. Effects need not add up to the whole difference, since
// levers can interact.
type Attribution struct {
	Baseline, Target string
	Metrics          []string
	Levers           []Lever            // the levers attributed, largest effect first (see [Attribution.Rank])
	Effects          [][]stats.Estimate // Effects[lever][metric]
	Full             []stats.Estimate   // the whole difference, target minus baseline, per metric
	Base             []float64          // the baseline's mean, per metric
	Sum              []float64          // the sum of the levers' mean effects, per metric
	Omitted          []Lever            // levers that differ but were not attributed
}

// Attribute computes the attribution of target's difference from base to
// levers, where runs[i] is the baseline with only levers[i] changed, run with
// the same seeds. The levers come back ranked by effect (see
// [Attribution.Rank]).
func Attribute(base, target Scenario, levers []Lever, runs []Scenario, metrics []string) *Attribution {
	a := &Attribution{Baseline: base.Name, Target: target.Name, Metrics: metrics, Levers: slices.Clone(levers)}
	a.Sum = make([]float64, len(metrics))
	for _, m := range metrics {
		a.Full = append(a.Full, stats.PairedCI(base.Values(m), target.Values(m), Level))
		a.Base = append(a.Base, mean(base.Values(m)))
	}
	for i := range levers {
		row := make([]stats.Estimate, len(metrics))
		for j, m := range metrics {
			row[j] = stats.PairedCI(base.Values(m), runs[i].Values(m), Level)
			a.Sum[j] += row[j].Mean
		}
		a.Effects = append(a.Effects, row)
	}
	a.Rank()
	return a
}

// Share returns lever i's share of the levers' effects on metric j: the
// size of its mean effect over the sum of the sizes of every lever's, from
// 0 to 1; 0 when no lever moves the metric.
func (a *Attribution) Share(i, j int) float64 {
	total := 0.0
	for k := range a.Levers {
		if v := a.Effects[k][j].Mean; !math.IsNaN(v) {
			total += math.Abs(v)
		}
	}
	v := a.Effects[i][j].Mean
	if total == 0 || math.IsNaN(v) {
		return 0
	}
	return math.Abs(v) / total
}

// Weight is lever i's largest share of the levers' effects on any metric
// (see [Attribution.Share]): the measure it is ranked by. Metrics in
// different units are put on one footing by comparing each lever with the
// other levers on the same metric.
func (a *Attribution) Weight(i int) float64 {
	w := 0.0
	for j := range a.Metrics {
		w = max(w, a.Share(i, j))
	}
	return w
}

// Rank orders the levers, with their effects, by effect: largest
// [Attribution.Weight] first, ties in their previous order.
func (a *Attribution) Rank() {
	idx := make([]int, len(a.Levers))
	w := make([]float64, len(a.Levers))
	for i := range idx {
		idx[i], w[i] = i, a.Weight(i)
	}
	slices.SortStableFunc(idx, func(x, y int) int { return cmp.Compare(w[y], w[x]) })
	levers, effects := make([]Lever, len(idx)), make([][]stats.Estimate, len(idx))
	for k, i := range idx {
		levers[k], effects[k] = a.Levers[i], a.Effects[i]
	}
	a.Levers, a.Effects = levers, effects
}

// Largest returns the metric whose whole difference is largest relative to
// the baseline's level (|difference| / |baseline mean|), or -1 if no
// difference can be measured that way. Relative size, not the difference
// over its interval, so that a line that inputs fix exactly (an interval of
// zero width) does not win by default.
func (a *Attribution) Largest() int {
	best, bestV := -1, 0.0
	for j := range a.Metrics {
		d, b := a.Full[j].Mean, a.Base[j]
		if math.IsNaN(d) || math.IsNaN(b) || b == 0 {
			continue
		}
		if v := math.Abs(d) / math.Abs(b); v > bestV {
			best, bestV = j, v
		}
	}
	return best
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
