package scenario

import (
	"errors"
	"strings"
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

// FirstIssue is the first problem in a scenario error, or the error itself
// if it is not an *Error: one line, for a message about one of many loads.
func FirstIssue(err error) string {
	var se *Error
	if errors.As(err, &se) && len(se.Issues) > 0 {
		return se.Issues[0].Error()
	}
	return err.Error()
}
