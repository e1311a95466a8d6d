package scenario

import (
	"fmt"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
)

// The checks on free text here are about the characters in it, and only
// that: a limit on its length, if any, is a separate check.

// FreeText says why s cannot be a field of free text — a name, a
// description, a source — or returns "" if it can. YAML's escapes
// ("\e", "\x07", "\u009b") can put any character into a quoted string, and
// free text reaches terminals, CSV files, charts and web pages: control
// characters (C0, DEL and C1; a newline only where lines is true), line
// and paragraph separators and text-direction overrides are refused.
func FreeText(s string, lines bool) string {
	for _, r := range s {
		switch {
		case r == '\n' && lines:
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Sprintf("holds the control character %U%s: free text is shown on terminals and written into CSV files", r, controlName(r))
		case r == 0x2028 || r == 0x2029:
			return fmt.Sprintf("holds the line separator %U: free text is one line", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return fmt.Sprintf("holds the invisible text-direction control %U, which can make text display other than it reads", r)
		}
	}
	return ""
}

// Name says why s cannot be a name — a scenario's, a sweep's — or returns
// "": it is one line of [FreeText], and it does not begin with =, +, - or
// @, which a spreadsheet opening a CSV file reads as the start of a formula
// (CSV writers escape such a cell too: see numfmt.Cell).
func Name(s string) string {
	if why := FreeText(s, false); why != "" {
		return why
	}
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return fmt.Sprintf("begins with %q, which a spreadsheet reads as the start of a formula: begin it with a letter or a digit", s[:1])
	}
	return ""
}

func controlName(r rune) string {
	switch r {
	case '\n':
		return " (a newline)"
	case '\r':
		return " (a carriage return)"
	case '\t':
		return " (a tab)"
	case 0x1b:
		return " (escape, which starts terminal control sequences)"
	case 0x07:
		return " (bell)"
	case 0x7f:
		return " (delete)"
	}
	return ""
}

// textIssues checks the free text of c — its name and description — with
// where giving the place each was written, and path the prefix of their
// field paths (a timeline entry's, or "").
func textIssues(c *nhs.Config, where map[string]position, path string, at position) []*Issue {
	var issues []*Issue
	for _, f := range []struct {
		key, value, why string
	}{
		{"name", c.Name, Name(c.Name)},
		{"description", c.Description, FreeText(c.Description, true)},
	} {
		if f.why == "" {
			continue
		}
		pos, ok := where[f.key]
		if !ok {
			pos = at
		}
		issues = append(issues, &Issue{At: pos, Path: path + f.key, Msg: f.why})
	}
	return issues
}
