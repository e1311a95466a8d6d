package scenario

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"go.yaml.in/yaml/v4"
)

// ParseTime reads a time on a timeline: a number followed by y (years), m
// (months of a twelfth of a year) or d (days), such as 2y, 18m or 365d. It
// returns days.
func ParseTime(s string) (float64, error) {
	s = strings.TrimSpace(s)
	units := map[byte]float64{'y': nhs.DaysPerYear, 'm': nhs.DaysPerMonth, 'd': 1}
	if len(s) < 2 {
		return 0, fmt.Errorf("expected a time such as 2y, 18m or 365d, got %q", s)
	}
	per, ok := units[s[len(s)-1]]
	if !ok {
		return 0, fmt.Errorf("expected a time such as 2y, 18m or 365d (y, m or d at the end), got %q", s)
	}
	x, err := strconv.ParseFloat(s[:len(s)-1], 64)
	if err != nil || x != x || x > 1e6 || x < -1e6 {
		return 0, fmt.Errorf("expected a time such as 2y, 18m or 365d, got %q", s)
	}
	return x * per, nil
}

// timeline decodes the timeline: entries of root, with base the
// configuration they start from (already decoded and validated), into
// base.Timeline. Each entry is {at: <time>, set: {<field.path>: <value>}};
// an entry's values are decoded by the same strict rules as the file, and
// the configuration that results is validated as a whole. Problems come
// back as issues with their place and path.
func timeline(n *node, base *nhs.Config) []*Issue {
	var issues []*Issue
	fail := func(at position, path, format string, args ...any) {
		issues = append(issues, &Issue{At: at, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if n.kind != yaml.SequenceNode {
		fail(n.at, "timeline", "expected a list of changes, such as [{at: 2y, set: {contracts.payment: block}}], got a %s", kindName(n.kind))
		return issues
	}
	type entry struct {
		at    float64
		atPos position
		sets  *node
		path  string
	}
	var entries []entry
	horizon := base.Run.Years * nhs.DaysPerYear
	for i, item := range n.items {
		path := fmt.Sprintf("timeline[%d]", i)
		if item.kind != yaml.MappingNode {
			fail(item.at, path, "expected a mapping {at: <time>, set: {<field.path>: <value>}}, got a %s", kindName(item.kind))
			continue
		}
		e := entry{path: path}
		ok := true
		for k, key := range item.keys {
			if key != "at" && key != "set" {
				fail(item.keyAt[k], path+"."+key, "unknown field %q (known fields: at, set)", key)
				ok = false
			}
		}
		at := item.get("at")
		switch {
		case at == nil:
			fail(item.at, path+".at", "missing: when the change happens, such as at: 2y")
			ok = false
		case at.kind != yaml.ScalarNode:
			fail(at.at, path+".at", "expected a time such as 2y, 18m or 365d, got a %s", kindName(at.kind))
			ok = false
		default:
			t, err := ParseTime(at.value)
			if err != nil {
				fail(at.at, path+".at", "%v", err)
				ok = false
				break
			}
			e.at, e.atPos = t, at.at
			if t <= 0 {
				fail(at.at, path+".at", "%s is at or before the start of the run", at.value)
				ok = false
			} else if t >= horizon {
				fail(at.at, path+".at", "%s is at or after the horizon (run.years: %g)", at.value, base.Run.Years)
				ok = false
			}
		}
		e.sets = item.get("set")
		switch {
		case e.sets == nil:
			fail(item.at, path+".set", "missing: the levers to change, such as set: {contracts.payment: block}")
			ok = false
		case e.sets.kind != yaml.MappingNode || len(e.sets.keys) == 0:
			fail(e.sets.at, path+".set", "expected a mapping of field paths to values, such as {contracts.payment: block}")
			ok = false
		}
		if ok {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.at, b.at) })
	seen := map[string]position{} // "time|path" -> where it was set
	cfg := *base
	cfg.Timeline = nil
	for _, e := range entries {
		// Each set key is a dotted field path; they form one tree, decoded
		// onto the configuration in force before the entry.
		tree := &node{kind: yaml.MappingNode, at: e.sets.at}
		var paths []string
		for k, key := range e.sets.keys {
			sub := e.path + ".set." + key
			parts := strings.Split(key, ".")
			if slices.Contains(parts, "") {
				fail(e.sets.keyAt[k], sub, "expected a field path such as contracts.payment")
				continue
			}
			if why := nhs.FixedMidRun(key); why != "" {
				fail(e.sets.keyAt[k], sub, "%s cannot change during a run: %s", key, why)
				continue
			}
			tk := fmt.Sprintf("%g|%s", e.at, key)
			if prev, dup := seen[tk]; dup {
				fail(e.sets.keyAt[k], sub, "%s is changed twice at the same time (also at %s)", key, prev)
				continue
			}
			seen[tk] = e.sets.keyAt[k]
			t := tree
			for _, part := range parts[:len(parts)-1] {
				next := t.get(part)
				if next == nil || next.kind != yaml.MappingNode {
					next = &node{kind: yaml.MappingNode, at: e.sets.keyAt[k]}
					t.set(part, e.sets.keyAt[k], next)
				}
				t = next
			}
			t.set(parts[len(parts)-1], e.sets.keyAt[k], e.sets.vals[k])
			paths = append(paths, key)
		}
		next := cfg
		d := &decoder{where: map[string]position{}}
		d.decode(tree, reflect.ValueOf(&next).Elem(), "")
		for _, is := range d.issues {
			is.Path = e.path + ".set." + is.Path
			issues = append(issues, is)
		}
		if len(d.issues) > 0 {
			continue
		}
		issues = append(issues, textIssues(&next, d.where, e.path+".set.", e.atPos)...)
		for _, p := range next.Validate() {
			at, ok := d.where[p.Path]
			if !ok {
				at = e.atPos
			}
			issues = append(issues, &Issue{At: at, Path: e.path + ".set." + p.Path, Msg: p.Message})
		}
		if len(paths) == 0 {
			continue
		}
		cfg = next
		base.Timeline = append(base.Timeline, nhs.Change{At: e.at, Paths: paths, Config: next})
	}
	if len(issues) > 0 {
		base.Timeline = nil
	}
	return issues
}
