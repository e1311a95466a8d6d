// Package scenario loads scenarios: strict YAML, `extends:` to build one
// scenario on another, `--set` overrides, defaults from the parameter
// registry, and validation that reports every problem at once with file,
// line, column and field path. The shipped scenario files themselves live in
// the top-level scenarios package, which passes them in as a Loader's
// Shipped file system.
package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"go.yaml.in/yaml/v4"
)

// Scenario is a loaded, validated scenario.
type Scenario struct {
	Name   string     // the scenario's name: its name: field, else the file's base name
	File   string     // where it was read from
	Config nhs.Config // every parameter, resolved
}

// Loader finds and reads scenario files. The zero Loader reads files on
// disk and knows no shipped scenario.
type Loader struct {
	// ReadFile reads a scenario file named by path. The default is
	// [ReadFile] with a cap of [MaxFileSize]; whatever reads, a file larger
	// than MaxFileSize is refused.
	ReadFile func(name string) ([]byte, error)
	// Shipped holds the shipped scenarios, found by name (NAME.yaml or
	// reference/NAME.yaml); nil means none.
	Shipped fs.FS
}

// Load loads the scenario ref — a shipped scenario's name, such as refnet,
// or the path of a YAML file — applies the overrides in sets (each
// "field.path=value"), fills in defaults and validates the result. The error,
// if any, is an *Error listing every problem found.
func (l Loader) Load(ref string, sets ...string) (*Scenario, error) {
	root, file, err := l.tree(ref, "", nil, position{})
	if err != nil {
		return nil, asError(err)
	}
	errs := &Error{}
	for _, s := range sets {
		if is := applySet(root, s); is != nil {
			errs.Issues = append(errs.Issues, is)
		}
	}
	tl := root.get("timeline")
	root.remove("timeline")
	cfg := nhs.Defaults()
	d := &decoder{where: map[string]position{}}
	d.decode(root, reflect.ValueOf(&cfg).Elem(), "")
	errs.Issues = append(errs.Issues, d.issues...)
	errs.Issues = append(errs.Issues, textIssues(&cfg, d.where, "", position{file: file})...)
	// Validate even when some fields failed to decode, so that every problem
	// is reported at once, but leave out what a failed field's stand-in
	// default would say about that field or about fields checked against it.
	var failed []string
	for _, is := range d.issues {
		if _, ok := d.where[is.Path]; ok {
			failed = append(failed, is.Path)
		}
	}
	for _, p := range cfg.Validate() {
		if slices.ContainsFunc(failed, func(f string) bool { return f == p.Path || strings.Contains(p.Message, f) }) {
			continue
		}
		at, ok := d.where[p.Path]
		if !ok {
			at = position{file: file + " (default value)"}
		}
		errs.Issues = append(errs.Issues, &Issue{At: at, Path: p.Path, Msg: p.Message})
	}
	if len(errs.Issues) == 0 && tl != nil {
		errs.Issues = append(errs.Issues, timeline(tl, &cfg)...)
	}
	if len(errs.Issues) > 0 {
		errs.Issues = capIssues(errs.Issues, d.dropped, file)
		return nil, errs
	}
	if cfg.Name == "" {
		cfg.Name = strings.TrimSuffix(path.Base(filepath.ToSlash(ref)), path.Ext(ref))
	}
	return &Scenario{Name: cfg.Name, File: file, Config: cfg}, nil
}

// capIssues keeps the first maxIssues of issues, wherever they were found
// (the fields, the validation, the timeline), and counts the rest, with the
// dropped ones the decoder counted without keeping, in a last line.
func capIssues(issues []*Issue, dropped int, file string) []*Issue {
	if len(issues) > maxIssues {
		dropped += len(issues) - maxIssues
		issues = issues[:maxIssues]
	}
	if dropped > 0 {
		issues = append(issues, &Issue{At: position{file: file}, Msg: fmt.Sprintf("and %d more problems like those above", dropped)})
	}
	return issues
}

// asError makes err an *Error, as Load promises: a scenario that cannot be
// found or read is as much bad input as one that does not validate.
func asError(err error) error {
	var is *Issue
	if !errors.As(err, &is) {
		is = &Issue{Msg: err.Error()}
	}
	return &Error{Issues: []*Issue{is}}
}

// tree reads ref and everything it extends, merged into one tree. chain
// holds the files being read, to catch a cycle of extends; from is where
// ref was named, if it was named by an extends.
func (l Loader) tree(ref, fromDir string, chain []string, from position) (*node, string, error) {
	data, file, dir, err := l.open(ref, fromDir)
	if err != nil {
		return nil, "", err
	}
	if slices.Contains(chain, file) {
		return nil, "", &Issue{At: from, Path: "extends", Msg: "extends goes round in a circle: " + strings.Join(append(chain, file), " → ")}
	}
	if len(data) > MaxFileSize {
		return nil, "", &Issue{At: position{file: file}, Msg: fmt.Sprintf("too large: a scenario file may be at most %d KB", MaxFileSize>>10)}
	}
	if is := checkText(file, data); is != nil {
		return nil, "", is
	}
	if is := checkSingleDocument(file, data); is != nil {
		return nil, "", is
	}
	n, err := parse(file, data)
	if err != nil {
		return nil, "", err
	}
	if n.kind != yaml.MappingNode {
		return nil, "", &Issue{At: n.at, Msg: "a scenario must be a mapping of fields, such as `name: my-scenario`"}
	}
	ext := n.get("extends")
	if ext == nil {
		return n, file, nil
	}
	n.remove("extends")
	if ext.kind != yaml.ScalarNode || ext.tag != "!!str" {
		return nil, "", &Issue{At: ext.at, Path: "extends", Msg: "expected the name or path of another scenario"}
	}
	if why := extendsPath(ext.value); why != "" {
		return nil, "", &Issue{At: ext.at, Path: "extends", Msg: fmt.Sprintf("%q is %s", ext.value, why)}
	}
	base, _, err := l.tree(ext.value, dir, append(chain, file), ext.at)
	if err != nil {
		var is *Issue
		if errors.As(err, &is) {
			return nil, "", err
		}
		return nil, "", &Issue{At: ext.at, Path: "extends", Msg: err.Error()}
	}
	return merge(base, n), file, nil
}

// open finds a scenario: a path on disk when ref looks like one (it has a
// slash or a .yaml ending), else a file beside the scenario that extends it,
// else a shipped scenario of that name.
func (l Loader) open(ref, fromDir string) (data []byte, file, dir string, err error) {
	read := l.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) { return ReadFile(name, MaxFileSize) }
	}
	looksLikePath := IsPath(ref)
	var tried []string
	if looksLikePath || fromDir != "" {
		cands := []string{ref}
		if fromDir != "" && !filepath.IsAbs(ref) {
			cands = []string{filepath.Join(fromDir, ref)}
			if !looksLikePath {
				cands = []string{filepath.Join(fromDir, ref+".yaml")}
			}
		}
		for _, c := range cands {
			if fromDir != "" && l.ReadFile == nil {
				out, err := linkEscapes(fromDir, c)
				if err != nil {
					return nil, "", "", fmt.Errorf("%s: %w", c, err)
				}
				if out {
					return nil, "", "", fmt.Errorf("%s is a symbolic link (or is reached through one) that leads outside this scenario's directory; extends takes a .yaml file beside the extending scenario", c)
				}
			}
			data, err := read(c)
			if err == nil {
				return data, c, filepath.Dir(c), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, "", "", fmt.Errorf("%s: %w", c, err)
			}
			tried = append(tried, c)
		}
		if looksLikePath {
			return nil, "", "", fmt.Errorf("%s: no such file%s: %w", ref, lookedFor(ref, tried), fs.ErrNotExist)
		}
	}
	for _, c := range []string{ref + ".yaml", "reference/" + ref + ".yaml"} {
		if l.Shipped == nil {
			break
		}
		if data, err := fs.ReadFile(l.Shipped, c); err == nil {
			return data, "scenarios/" + c, "", nil
		}
	}
	names, _ := l.Names()
	if s := Suggest(ref, names); s != "" {
		return nil, "", "", fmt.Errorf("unknown scenario %q: did you mean %s? (not a file%s; the shipped scenarios are %s): %w",
			ref, s, lookedFor(ref, tried), strings.Join(names, ", "), fs.ErrNotExist)
	}
	return nil, "", "", fmt.Errorf("unknown scenario %q: not a file%s, and the shipped scenarios are %s: %w",
		ref, lookedFor(ref, tried), strings.Join(names, ", "), fs.ErrNotExist)
}

// lookedFor names the files tried for ref, where they are not ref itself.
func lookedFor(ref string, tried []string) string {
	if len(tried) == 0 || slices.Equal(tried, []string{ref}) {
		return ""
	}
	return " (looked for " + strings.Join(tried, ", ") + ")"
}

// Names lists the shipped scenarios by name, sorted.
func (l Loader) Names() ([]string, error) {
	if l.Shipped == nil {
		return nil, nil
	}
	var names []string
	err := fs.WalkDir(l.Shipped, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			names = append(names, strings.TrimSuffix(path.Base(p), ".yaml"))
		}
		return nil
	})
	slices.Sort(names)
	return names, err
}

// IsPath says whether ref names a scenario file rather than a shipped
// scenario: it has a slash or a backslash, or a .yaml or .yml ending.
func IsPath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// Unshipped returns the first of refs that is neither a path (IsPath) nor
// a shipped scenario's name, or "" when each is one, and the shipped
// scenarios' names (Names).
func (l Loader) Unshipped(refs []string) (ref string, names []string, err error) {
	if names, err = l.Names(); err != nil {
		return "", nil, err
	}
	for _, r := range refs {
		if !IsPath(r) && !slices.Contains(names, r) {
			return r, names, nil
		}
	}
	return "", names, nil
}

// applySet applies one "field.path=value" override to the tree.
func applySet(root *node, s string) *Issue {
	at := position{file: "--set " + s}
	p, v, ok := strings.Cut(s, "=")
	p = strings.TrimSpace(p)
	if !ok || p == "" {
		return &Issue{At: at, Msg: "expected field.path=value, such as hospitals.los_mean_days=7"}
	}
	val, err := parse(at.file, []byte(v))
	if err != nil {
		val = &node{kind: yaml.ScalarNode, tag: "!!str", value: v}
	}
	if strings.TrimSpace(v) == "" {
		val = &node{kind: yaml.ScalarNode, tag: "!!null"}
	}
	setPos(val, at)
	parts := strings.Split(p, ".")
	n := root
	for _, part := range parts[:len(parts)-1] {
		next := n.get(part)
		if next == nil || next.kind != yaml.MappingNode {
			next = &node{kind: yaml.MappingNode, at: at}
			n.set(part, at, next)
		}
		n = next
	}
	n.set(parts[len(parts)-1], at, val)
	return nil
}

func setPos(n *node, at position) {
	n.at = at
	for i := range n.keyAt {
		n.keyAt[i] = at
	}
	for _, c := range n.vals {
		setPos(c, at)
	}
	for _, c := range n.items {
		setPos(c, at)
	}
}

// Hash is a digest of every resolved parameter: two scenarios with the same
// hash run the same model.
func Hash(c *nhs.Config) string {
	h := sha256.New()
	for _, kv := range Resolved(c) {
		fmt.Fprintf(h, "%s=%s\n", kv[0], kv[1])
	}
	for i, ch := range c.Timeline {
		fmt.Fprintf(h, "timeline[%d].at=%g\n", i, ch.At)
		for _, kv := range Resolved(&ch.Config) {
			fmt.Fprintf(h, "timeline[%d].%s=%s\n", i, kv[0], kv[1])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Resolved lists every parameter of c as (path, value) pairs in schema order.
func Resolved(c *nhs.Config) [][2]string {
	var out [][2]string
	for _, p := range nhs.Params() {
		v := p.Field(c)
		var s string
		switch v.Kind() {
		case reflect.Float32, reflect.Float64:
			s = strconv.FormatFloat(v.Float(), 'g', -1, 64)
		default:
			s = fmt.Sprint(v.Interface())
		}
		out = append(out, [2]string{p.Path, s})
	}
	return out
}
