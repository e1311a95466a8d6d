package scenario

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Issue is one problem with a scenario, at the place it was written.
type Issue struct {
	At   position
	Path string // field path such as hospitals.los_mean_days; empty for the whole file
	Msg  string
}

func (i *Issue) Error() string {
	var b strings.Builder
	if at := i.At.String(); at != "" {
		b.WriteString(at)
		b.WriteString(": ")
	}
	if i.Path != "" {
		b.WriteString(i.Path)
		b.WriteString(": ")
	}
	b.WriteString(i.Msg)
	return b.String()
}

// Error is every problem found in a scenario, one per line, in the order
// they were found. Loading reports them all at once, so a user can fix a file
// in one pass.
type Error struct {
	Issues []*Issue
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		lines[i] = is.Error()
	}
	return strings.Join(lines, "\n")
}

// List is the error for people: "WHAT has N problems:" and each problem
// on a line of its own, indented by two spaces, such as
//
//	the sweep spec has 1 problem:
//	  spec.yaml:3:13: vary[0].param: unknown parameter "x"
func (e *Error) List(what string) string {
	var b strings.Builder
	if len(e.Issues) == 1 {
		fmt.Fprintf(&b, "%s has 1 problem:", what)
	} else {
		fmt.Fprintf(&b, "%s has %d problems:", what, len(e.Issues))
	}
	for _, is := range e.Issues {
		b.WriteString("\n  " + is.Error())
	}
	return b.String()
}

// FirstIssue is the first problem in a scenario error, or the error itself
// if it is not an *Error: one line, for a message about one of many loads.
func FirstIssue(err error) string {
	var se *Error
	if errors.As(err, &se) && len(se.Issues) > 0 {
		return se.Issues[0].Error()
	}
	return err.Error()
}

// IssueAt is a problem at line and column of file (line 0: the whole file),
// in field path, for decoders of other YAML files such as sweep specs that
// share this package's error type.
func IssueAt(file string, line, col int, path, msg string) *Issue {
	return &Issue{At: position{file, line, col}, Path: path, Msg: msg}
}

// YAMLIssue turns an error from yaml.Load of file into an Issue at the line
// and column the parser gave; empty is the message for a file with no
// document in it.
func YAMLIssue(file string, err error, empty string) *Issue {
	if strings.Contains(err.Error(), "no documents in stream") {
		return &Issue{At: position{file: file}, Msg: empty}
	}
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return &Issue{At: position{file, le.Mark.Line, le.Mark.Column}, Msg: "not valid YAML: " + le.Message}
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		e := les.Errors[0]
		return &Issue{At: position{file, e.Mark.Line, e.Mark.Column}, Msg: "not valid YAML: " + e.Message}
	}
	return &Issue{At: position{file: file}, Msg: "not valid YAML: " + err.Error()}
}

// UnknownField is the message for a key that is not one of known: a
// suggestion if one is near, else the list of known names.
func UnknownField(key string, known []string) string {
	msg := fmt.Sprintf("unknown field %q", key)
	if s := Suggest(key, known); s != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + " (known fields: " + strings.Join(known, ", ") + ")"
}
