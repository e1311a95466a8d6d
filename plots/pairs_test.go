package plots

import (
	"bytes"
	"strings"
	"testing"
)

func TestPairsChart(t *testing.T) {
	names := []string{"a.alpha", "b.beta", "c.gamma"}
	lo, hi := []float64{0, 0, 0}, []float64{1, 10, 100}
	pts := [][]float64{{0.2, 3, 40}, {0.4, 5, 60}, {0.5, 4, 50}}
	c := PairsChart("pairs", "Region", "note", names, lo, hi, pts, pts[0])
	if c.Rows != 3 || c.Cols != 3 || len(c.Panels) != 9 {
		t.Fatalf("%d × %d panels", c.Rows, c.Cols)
	}
	for r := range 3 {
		for col := range 3 {
			if (c.Panels[r*3+col] == nil) != (col > r) {
				t.Errorf("panel %d,%d: drawn %t", r, col, c.Panels[r*3+col] != nil)
			}
		}
	}
	svg, err := c.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"alpha", "beta", "gamma", "Region"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	// An empty region still draws.
	if _, err := PairsChart("empty", "Region", "", names, lo, hi, nil, nil).Render("svg"); err != nil {
		t.Error(err)
	}
	if strings.Contains(string(svg), "NaN") {
		t.Error("NaN in the SVG")
	}
}
