package sweep

import (
	"fmt"
	"slices"

	"github.com/nhssim/nhssim/sim/nhs"
	"go.yaml.in/yaml/v4"
)

// Extension adds fields to a sweep spec: see [ParseSpecWith].
type Extension struct {
	Fields []string
	Decode func(d *Decoder, key string, v *yaml.Node, path string)
}

// Decoder is the spec decoder as an [Extension] sees it: its checks report
// each problem with its file, line, column and field path, and return
// false after reporting one.
type Decoder struct{ d *specDecoder }

// Fail reports a problem at n, in the field at path.
func (d *Decoder) Fail(n *yaml.Node, path, format string, args ...any) {
	d.d.fail(n, path, format, args...)
}

// Fields decodes a mapping whose keys must be among known, each at most
// once, handing each value to handle in the order written.
func (d *Decoder) Fields(n *yaml.Node, path string, known []string, handle func(key string, v *yaml.Node, path string)) bool {
	return d.d.fields(n, path, known, handle)
}

// Str reads a string.
func (d *Decoder) Str(n *yaml.Node, path string) (string, bool) { return d.d.str(n, path) }

// Float reads a finite number.
func (d *Decoder) Float(n *yaml.Node, path string) (float64, bool) { return d.d.float(n, path) }

// Integer reads a whole number from lo to hi.
func (d *Decoder) Integer(n *yaml.Node, path string, lo, hi int) (int, bool) {
	return d.d.integer(n, path, lo, hi)
}

// List reads a list, described as want in the error for anything else.
func (d *Decoder) List(n *yaml.Node, path, want string) ([]*yaml.Node, bool) {
	return d.d.list(n, path, want)
}

// Points is an explicit list of points of a sweep: Values[i][j] is the
// value of Params[j] at point i, formatted as it is applied with --set.
// A calibration writes each of its waves as a spec with points.
type Points struct {
	Params []nhs.Param
	Values [][]string
}

// points decodes {params: [NAME, ...], values: [[a, b, ...], ...]}.
func (d *specDecoder) points(n *yaml.Node, path string) *Points {
	pts := &Points{}
	var valuesN *yaml.Node
	before := len(d.issues)
	if !d.fields(n, path, []string{"params", "values"}, func(key string, v *yaml.Node, sub string) {
		switch key {
		case "params":
			items, _ := d.list(v, sub, "parameter names")
			for i, it := range items {
				at := fmt.Sprintf("%s[%d]", sub, i)
				name, ok := d.str(it, at)
				if !ok {
					continue
				}
				p, ok := d.param(it, at, name)
				if ok && d.variable(it, at, p) && d.claim(it, at, p.Path) {
					pts.Params = append(pts.Params, p)
				}
			}
		case "values":
			valuesN = v
		}
	}) {
		return nil
	}
	if len(pts.Params) == 0 && len(d.issues) == before {
		d.fail(n, path+".params", "missing: name the parameters, such as params: [hospitals.los_mean_days]")
	}
	if valuesN == nil {
		d.fail(n, path+".values", "missing: one list of values per point, such as values: [[5], [6]]")
	}
	if len(d.issues) > before {
		return pts
	}
	rows, ok := d.list(valuesN, path+".values", "points, each a list of values")
	if !ok {
		return pts
	}
	if len(rows) == 0 || len(rows) > MaxPoints {
		d.fail(valuesN, path+".values", "give from 1 to %d points", MaxPoints)
		return pts
	}
	for i, row := range rows {
		at := fmt.Sprintf("%s.values[%d]", path, i)
		items, ok := d.list(row, at, "values")
		if !ok {
			continue
		}
		if len(items) != len(pts.Params) {
			d.fail(row, at, "%d values for %d parameters", len(items), len(pts.Params))
			continue
		}
		vals := make([]string, len(items))
		for j, it := range items {
			vals[j], _ = d.value(it, fmt.Sprintf("%s[%d]", at, j), pts.Params[j])
		}
		pts.Values = append(pts.Values, vals)
	}
	return pts
}

// PointsYAML writes points as a spec's points: field, one point a line.
func PointsYAML(params []string, values [][]string) string {
	b := []byte("points:\n  params: [")
	for i, p := range params {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p...)
	}
	b = append(b, "]\n  values:\n"...)
	for _, row := range values {
		b = append(b, "    - ["...)
		for j, v := range row {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = append(b, v...)
		}
		b = append(b, "]\n"...)
	}
	return string(slices.Clip(b))
}
