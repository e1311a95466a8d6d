package pmath

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCloseToMath checks that each function is within two units in the
// last place of the standard library's, and equal to it on exact and
// special cases, over a spread of inputs.
func TestCloseToMath(t *testing.T) {
	ulps := func(a, b float64) uint64 {
		x, y := math.Float64bits(a), math.Float64bits(b)
		if x > y {
			return x - y
		}
		return y - x
	}
	inputs := []float64{-745, -700, -20, -1, -0.5, -1e-9, 0, 1e-9, 0.1, 0.5, 1, 2, math.E, 10, 123.456, 700, 709}
	for x := -30.0; x < 30; x += 0.0137 {
		inputs = append(inputs, x)
	}
	for _, x := range inputs {
		if g, w := Exp(x), math.Exp(x); ulps(g, w) > 2 {
			t.Errorf("Exp(%v) = %v, math.Exp = %v", x, g, w)
		}
		if x > 0 {
			if g, w := Log10(x), math.Log10(x); ulps(g, w) > 2 {
				t.Errorf("Log10(%v) = %v, math.Log10 = %v", x, g, w)
			}
			if g, w := Log(x), math.Log(x); ulps(g, w) > 2 {
				t.Errorf("Log(%v) = %v, math.Log = %v", x, g, w)
			}
			for _, y := range []float64{-2.5, -1, -0.5, 0, 0.3, 0.5, 1, 1.7, 3} {
				if g, w := Pow(x, y), math.Pow(x, y); ulps(g, w) > 4 && !(math.IsInf(g, 0) && math.IsInf(w, 0)) {
					t.Errorf("Pow(%v, %v) = %v, math.Pow = %v", x, y, g, w)
				}
			}
		}
	}
	specials := []struct {
		name      string
		got, want float64
	}{
		{"Exp(0)", Exp(0), 1},
		{"Exp(+Inf)", Exp(math.Inf(1)), math.Inf(1)},
		{"Exp(-Inf)", Exp(math.Inf(-1)), 0},
		{"Log(1)", Log(1), 0},
		{"Log(0)", Log(0), math.Inf(-1)},
		{"Pow(2, 10)", Pow(2, 10), 1024},
		{"Pow(9, 0.5)", Pow(9, 0.5), 3},
		{"Pow(0, -1)", Pow(0, -1), math.Inf(1)},
	}
	for _, s := range specials {
		if s.got != s.want {
			t.Errorf("%s = %v, want %v", s.name, s.got, s.want)
		}
	}
	if !math.IsNaN(Log(-1)) || !math.IsNaN(Exp(math.NaN())) || !math.IsNaN(Pow(-2, 0.5)) {
		t.Error("Log(-1), Exp(NaN) and Pow(-2, 0.5) should be NaN")
	}
}

// TestSimulationUsesPmath checks that the packages a comparison's numbers
// come from call this package's functions, not the standard library's
// platform-dependent ones (nor Log2, Log10, Exp2 or Hypot, which call them
// or have assembly of their own), so that a run gives the same bits
// natively and in the browser.
func TestSimulationUsesPmath(t *testing.T) {
	direct := regexp.MustCompile(`\bmath\.(Exp|Exp2|Log|Log2|Log10|Pow|Hypot)\(`)
	for _, dir := range []string{"..", "../nhs", "../stats", "../compare", "../../cmd/nhssim/internal/cmpreport", "../../plots"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Errorf("no Go files in %s", dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(data), "\n") {
				if m := direct.FindString(line); m != "" {
					t.Errorf("%s:%d calls %s: call pmath's", f, i+1, m)
				}
			}
		}
	}
}
