package compare

import (
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/stats"
)

// TestCSVTextCells: a scenario name that a spreadsheet would run as a
// formula is written as text (loading refuses such names; this is the
// defence behind it), and numbers, negative ones too, are written as they
// are.
func TestCSVTextCells(t *testing.T) {
	for _, test := range []struct {
		name, want string
	}{
		{"england", "england,m,-1.5,"},
		{"=HYPERLINK(\"http://x\")", `"'=HYPERLINK(""http://x"")",m,-1.5,`},
		{"@SUM(A1)", "'@SUM(A1),m,-1.5,"},
		{"-x", "'-x,m,-1.5,"},
		{"+1", "+1,m,-1.5,"},
	} {
		got := string(SummaryCSV([]Row{{Scenario: test.name, Metric: "m", Estimate: stats.Estimate{Mean: -1.5, N: 1}}}))
		if row := strings.Split(got, "\n")[1]; !strings.HasPrefix(row, test.want) {
			t.Errorf("scenario %q: row %q, want it to begin %q", test.name, row, test.want)
		}
	}
}
