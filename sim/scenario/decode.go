package scenario

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/nhssim/nhssim/sim/nhs"
)

// decoder fills a Go value from a tree strictly: unknown keys, wrong types
// and missing values are all reported, each with its place and field path,
// and decoding goes on past each so that every problem is found at once.
type decoder struct {
	issues  []*Issue
	where   map[string]position // field path -> where its value was written
	dropped int                 // issues beyond maxIssues, counted only
}

// maxIssues caps the problems reported in detail: a file of a hundred
// thousand bad keys gets a readable answer, found in linear time.
const maxIssues = 100

func (d *decoder) fail(at position, path, format string, args ...any) {
	if len(d.issues) >= maxIssues {
		d.dropped++
		return
	}
	d.issues = append(d.issues, &Issue{At: at, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) decode(n *node, v reflect.Value, path string) {
	if path != "" {
		d.where[path] = n.at
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Array, reflect.Slice:
		d.decodeList(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

// decodeList decodes a fixed-length array or a slice from a sequence.
func (d *decoder) decodeList(n *node, v reflect.Value, path string) {
	if v.Kind() == reflect.Array {
		if n.kind != yaml.SequenceNode {
			d.fail(n.at, path, "expected a list of %d numbers, such as [%s], got a %s", v.Len(), strings.TrimSuffix(strings.Repeat("1, ", v.Len()), ", "), kindName(n.kind))
			return
		}
		if len(n.items) != v.Len() {
			d.fail(n.at, path, "expected a list of %d numbers, got %d", v.Len(), len(n.items))
			return
		}
	} else {
		if n.kind != yaml.SequenceNode {
			d.fail(n.at, path, "expected a list, such as [0, 1], got a %s", kindName(n.kind))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), len(n.items), len(n.items)))
	}
	for i, item := range n.items {
		d.decode(item, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
}

// decodeScalar decodes a string, typed choice, bool or number.
func (d *decoder) decodeScalar(n *node, v reflect.Value, path string) {
	if n.kind != yaml.ScalarNode {
		d.fail(n.at, path, "expected %s, got a %s", describe(v.Kind()), kindName(n.kind))
		return
	}
	if n.tag == "!!null" {
		d.fail(n.at, path, "no value given: expected %s", describe(v.Kind()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if u, ok := textUnmarshaler(v); ok {
			if err := u.UnmarshalText([]byte(n.value)); err != nil {
				d.fail(n.at, path, "%v", err)
			}
			return
		}
		v.SetString(n.value)
	case reflect.Bool:
		if n.tag != "!!bool" {
			d.fail(n.at, path, "expected true or false, got %q", n.value)
			return
		}
		b, _ := strconv.ParseBool(strings.ToLower(n.value))
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.decodeWhole(n, v, path)
	case reflect.Float32, reflect.Float64:
		x, ok := number(n)
		if !ok {
			d.fail(n.at, path, "expected a number, got %q", n.value)
			return
		}
		v.SetFloat(x)
	default:
		panic("scenarios: unsupported field kind " + v.Kind().String())
	}
}

// decodeWhole decodes a signed or unsigned integer.
func (d *decoder) decodeWhole(n *node, v reflect.Value, path string) {
	// An integer is read as one, not through a float64, so that a seed
	// above 2^53 is not silently rounded to a different seed.
	if n.tag == "!!int" {
		s := strings.ReplaceAll(n.value, "_", "")
		if v.CanInt() {
			if i, err := strconv.ParseInt(s, 0, 64); err == nil && !v.OverflowInt(i) {
				v.SetInt(i)
				return
			}
		} else if u, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 0, 64); err == nil && !v.OverflowUint(u) {
			v.SetUint(u)
			return
		}
	}
	x, ok := number(n)
	if !ok {
		d.fail(n.at, path, "expected a whole number, got %q", n.value)
		return
	}
	if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) {
		d.fail(n.at, path, "expected a whole number, got %s", n.value)
		return
	}
	if v.CanInt() {
		if v.OverflowInt(int64(x)) || math.Abs(x) > 1<<62 {
			d.fail(n.at, path, "%s is too large", n.value)
			return
		}
		v.SetInt(int64(x))
	} else {
		if x < 0 {
			d.fail(n.at, path, "expected a whole number of at least 0, got %s", n.value)
			return
		}
		if x >= 1<<63 || v.OverflowUint(uint64(x)) {
			d.fail(n.at, path, "%s is too large", n.value)
			return
		}
		v.SetUint(uint64(x))
	}
}

// number reads an !!int or !!float scalar.
func number(n *node) (float64, bool) { return Number(n.tag, n.value) }

// Number reads a YAML scalar with resolved tag !!int or !!float (digits may
// be grouped with _; .inf and .nan as YAML spells them); ok is false for any
// other tag or a value that does not parse. Scenario files and sweep specs
// both read numbers with it.
func Number(tag, value string) (x float64, ok bool) {
	s := strings.ReplaceAll(value, "_", "")
	switch tag {
	case "!!int":
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return float64(i), true
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	case "!!float":
		switch strings.ToLower(strings.TrimLeft(s, "+")) {
		case ".nan":
			return math.NaN(), true
		case ".inf":
			return math.Inf(1), true
		case "-.inf":
			return math.Inf(-1), true
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return 0, false
}

func (d *decoder) decodeStruct(n *node, v reflect.Value, path string) {
	if n.kind != yaml.MappingNode {
		d.fail(n.at, path, "expected a mapping of fields, got a %s", kindName(n.kind))
		return
	}
	t := v.Type()
	for i, key := range n.keys {
		f, ok := fieldByTag(t, key)
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		if !ok && len(d.issues) >= maxIssues {
			d.dropped++
			continue
		}
		if !ok {
			if why, gone := nhs.RemovedFields[sub]; gone {
				d.fail(n.keyAt[i], sub, "%s", why)
				continue
			}
			d.fail(n.keyAt[i], sub, "%s", UnknownField(key, fieldNames(t)))
			continue
		}
		d.decode(n.vals[i], v.FieldByIndex(f.Index), sub)
	}
}

// fieldByTag finds the field of t that a scenario's key names. A field
// tagged "-" (the timeline, decoded on its own) or untagged has no key: a
// key "-" is unknown, not a way to set it.
func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); keyOf(f) == key && key != "" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// fieldNames lists the keys of t's fields, for suggestions.
func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if k := keyOf(t.Field(i)); k != "" {
			names = append(names, k)
		}
	}
	return names
}

// keyOf is the scenario key of f, or "" if it has none.
func keyOf(f reflect.StructField) string {
	k := f.Tag.Get("yaml")
	if k == "-" {
		return ""
	}
	return k
}

// Suggest returns the known name nearest to key by edit distance, if it is
// near enough to be a likely typo.
func Suggest(key string, known []string) string {
	best, bestD := "", len(key)/2+2
	for _, k := range known {
		if d := editDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func describe(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Float32, reflect.Float64:
		return "a number"
	default:
		return "a whole number"
	}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	default:
		return "single value"
	}
}

// textUnmarshaler returns v's UnmarshalText, for a typed choice such as
// nhs.Payment.
func textUnmarshaler(v reflect.Value) (encoding.TextUnmarshaler, bool) {
	if !v.CanAddr() {
		return nil, false
	}
	u, ok := v.Addr().Interface().(encoding.TextUnmarshaler)
	return u, ok
}
