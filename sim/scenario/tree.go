package scenario

import (
	"fmt"

	"go.yaml.in/yaml/v4"
)

// node is a YAML value that remembers where it was written, so that a
// problem found after files are merged and overrides applied can still be
// reported at its file, line and column.
type node struct {
	kind  yaml.Kind // yaml.MappingNode, yaml.SequenceNode or yaml.ScalarNode
	tag   string    // resolved tag of a scalar: !!str, !!int, !!float, !!bool, !!null
	value string
	at    position
	keys  []string       // a mapping's keys, in order
	keyAt []position     // where each key was written
	vals  []*node        // a mapping's values
	items []*node        // a sequence's items
	index map[string]int // a mapping's keys -> their positions, so that
	// finding a key, and so checking a file's keys, takes constant time
}

// position is where a value was written: a file, line and column, or a
// --set override.
type position struct {
	file      string
	line, col int
}

func (p position) String() string {
	if p.line == 0 {
		return p.file
	}
	return fmt.Sprintf("%s:%d:%d", p.file, p.line, p.col)
}

// parse reads one YAML document into a tree. A syntax error comes back as an
// Issue with the line and column the parser gave.
func parse(file string, data []byte) (*node, error) {
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, YAMLIssue(file, err, "the file is empty: a scenario is a YAML mapping such as `name: my-scenario`")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &Issue{At: position{file: file}, Msg: "the file is empty"}
		}
		root = root.Content[0]
	}
	return convert(file, "", root)
}

// convert turns a YAML node, at field path path, into a tree.
func convert(file, path string, y *yaml.Node) (*node, error) {
	at := position{file, y.Line, y.Column}
	switch y.Kind {
	case yaml.AliasNode:
		return nil, &Issue{At: at, Path: path, Msg: "YAML aliases are not supported in scenarios; use extends: instead"}
	case yaml.ScalarNode:
		return &node{kind: yaml.ScalarNode, tag: y.ShortTag(), value: y.Value, at: at}, nil
	case yaml.SequenceNode:
		n := &node{kind: yaml.SequenceNode, at: at}
		for _, c := range y.Content {
			v, err := convert(file, path, c)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
		return n, nil
	case yaml.MappingNode:
		n := &node{kind: yaml.MappingNode, at: at}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := y.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, &Issue{At: position{file, k.Line, k.Column}, Path: path, Msg: "a key must be a plain name"}
			}
			sub := k.Value
			if path != "" {
				sub = path + "." + k.Value
			}
			if n.get(k.Value) != nil {
				return nil, &Issue{At: position{file, k.Line, k.Column}, Path: sub, Msg: "set twice in the same mapping"}
			}
			v, err := convert(file, sub, y.Content[i+1])
			if err != nil {
				return nil, err
			}
			n.set(k.Value, position{file, k.Line, k.Column}, v)
		}
		return n, nil
	}
	return nil, &Issue{At: at, Msg: "unsupported YAML node"}
}

func (n *node) get(key string) *node {
	if i, ok := n.index[key]; ok {
		return n.vals[i]
	}
	return nil
}

// set sets key, written at at, to v.
func (n *node) set(key string, at position, v *node) {
	if i, ok := n.index[key]; ok {
		n.keyAt[i] = at
		n.vals[i] = v
		return
	}
	if n.index == nil {
		n.index = map[string]int{}
	}
	n.index[key] = len(n.keys)
	n.keys = append(n.keys, key)
	n.keyAt = append(n.keyAt, at)
	n.vals = append(n.vals, v)
}

func (n *node) remove(key string) {
	i, ok := n.index[key]
	if !ok {
		return
	}
	n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
	n.keyAt = append(n.keyAt[:i:i], n.keyAt[i+1:]...)
	n.vals = append(n.vals[:i:i], n.vals[i+1:]...)
	delete(n.index, key)
	for j := i; j < len(n.keys); j++ {
		n.index[n.keys[j]] = j
	}
}

// merge lays over on top of base: mappings merge key by key, anything else
// in over replaces what base had.
func merge(base, over *node) *node {
	if base == nil || base.kind != yaml.MappingNode || over.kind != yaml.MappingNode {
		return over
	}
	out := &node{kind: yaml.MappingNode, at: over.at}
	for i, k := range base.keys {
		out.set(k, base.keyAt[i], base.vals[i])
	}
	for i, k := range over.keys {
		out.set(k, over.keyAt[i], merge(base.get(k), over.vals[i]))
	}
	return out
}
