package scenario

import (
	"strings"
	"testing"
)

func TestFreeText(t *testing.T) {
	for _, test := range []struct {
		text  string
		lines bool
		name  bool   // checked as a name too
		want  string // "" if accepted
	}{
		{"England 2025", false, true, ""},
		{"Region – Nord (café) 東京", false, true, ""},
		{"3 hospitals", false, true, ""},
		{"a+b=c", false, true, ""},
		{"", false, true, ""},
		{"two\nlines", true, false, ""},
		{"two\nlines", false, true, "U+000A (a newline)"},
		{"tab\there", true, false, "U+0009 (a tab)"},
		{"cr\r", true, false, "U+000D"},
		{"nul\x00", false, true, "U+0000"},
		{"esc\x1b[31m", true, false, "U+001B (escape"},
		{"bell\a", false, true, "U+0007 (bell)"},
		{"del\x7f", false, true, "U+007F (delete)"},
		{"csi\u009b", false, true, "U+009B"},
		{"next line\u0085", true, false, "U+0085"},
		{"ls\u2028", true, false, "line separator U+2028"},
		{"rlo\u202e", false, true, "text-direction control U+202E"},
		{"isolate\u2066", false, true, "U+2066"},
	} {
		got := FreeText(test.text, test.lines)
		if test.name {
			got = Name(test.text)
		}
		if (test.want == "") != (got == "") || !strings.Contains(got, test.want) {
			t.Errorf("check of %q = %q, want %q", test.text, got, test.want)
		}
	}
	for _, s := range []string{"=1+2", "+1", "-x", "@SUM(A1)", "=HYPERLINK(\"http://x\")"} {
		if got := Name(s); !strings.Contains(got, "start of a formula") {
			t.Errorf("Name(%q) = %q, want a refusal", s, got)
		}
	}
}

// A name set by --set is checked as one written in the file.
func TestFreeTextSet(t *testing.T) {
	_, err := shippedLoader().Load("refnet", "name==cmd|' /C calc'!A0")
	if err == nil || !strings.Contains(err.Error(), `name: begins with "="`) {
		t.Errorf("Load: %v", err)
	}
	if _, err := shippedLoader().Load("refnet", "description=two\nlines"); err != nil {
		t.Errorf("a description of two lines: %v", err)
	}
}
