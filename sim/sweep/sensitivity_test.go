package sweep

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// factor is a factor of a made-up float parameter over [lo, hi].
func factor(name string, lo, hi float64) Factor {
	return Factor{Param: nhs.Param{Path: name, Kind: reflect.Float64}, Lo: lo, Hi: hi}
}

// ishigami is the Ishigami and Homma (1990) function with a = 7, b = 0.1,
// on [-π, π]^3.
func ishigami(x []float64) float64 {
	return math.Sin(x[0]) + 7*math.Sin(x[1])*math.Sin(x[1]) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
}

// evaluate runs f at every point of d, through the values as they are
// written to --set, as the command line does with the model.
func evaluate(d *Design, f func([]float64) float64) []float64 {
	y := make([]float64, len(d.Values))
	for i, v := range d.Values {
		y[i] = f(v)
	}
	return y
}

func TestSobolDesignIshigami(t *testing.T) {
	// The design's points mapped onto [-π, π] and rounded to 6 significant
	// digits recover the Ishigami function's analytic indices. With
	// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2: S1 = 0.3139, S2 = 0.4424, S3 = 0,
	// ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437 (Saltelli et al. 2008, §4.9;
	// sim/sensitivity's TestIshigamiIndices derives them).
	pi := math.Pi
	fs := []Factor{factor("x1", -pi, pi), factor("x2", -pi, pi), factor("x3", -pi, pi)}
	d := NewSobolDesign(fs, 4096, 1)
	if len(d.Values) != 4096*5 {
		t.Fatalf("%d points, want N(k+2) = %d", len(d.Values), 4096*5)
	}
	idx := d.Analyse("y", evaluate(d, ishigami), 200, 0.95, 1)
	wantS := []float64{0.3139, 0.4424, 0}
	wantST := []float64{0.5576, 0.4424, 0.2437}
	for i, ix := range idx {
		if ix.Method != Sobol || ix.Metric != "y" || ix.Param != fs[i].Param.Path {
			t.Errorf("index %d: %s %s %s", i, ix.Method, ix.Metric, ix.Param)
		}
		// Tolerances: a few times the estimators' standard error at N = 4096
		// (sim/sensitivity's TestSobolIshigami uses 0.03 at 2^13).
		if math.Abs(ix.S-wantS[i]) > 0.05 || math.Abs(ix.ST-wantST[i]) > 0.05 {
			t.Errorf("x%d: S %.4f ST %.4f, want %.4f %.4f", i+1, ix.S, ix.ST, wantS[i], wantST[i])
		}
		if !(ix.SLo <= ix.S && ix.S <= ix.SHi && ix.STLo <= ix.ST && ix.ST <= ix.STHi) {
			t.Errorf("x%d: intervals (%g, %g) and (%g, %g) miss their estimates", i+1, ix.SLo, ix.SHi, ix.STLo, ix.STHi)
		}
		if !math.IsNaN(ix.MuStar) {
			t.Errorf("x%d: a Sobol index has a Morris mu* %g", i+1, ix.MuStar)
		}
	}
}

func TestMorrisDesign(t *testing.T) {
	// y = 3 a + b² - 0 c, with a on [0, 2], b on [0, 1], and an integer c:
	// the effect of a over its whole range is 6 everywhere (mu* = mu = 6,
	// sigma = 0); b's is positive and varies; c has none.
	c := Factor{Param: nhs.Param{Path: "c", Kind: reflect.Int}, Lo: 1, Hi: 15}
	fs := []Factor{factor("a", 0, 2), factor("b", 0, 1), c}
	d := NewMorrisDesign(fs, 20, 4, 7)
	if len(d.Values) != 20*4 {
		t.Fatalf("%d points, want r(k+1) = 80", len(d.Values))
	}
	for _, v := range d.Values {
		if v[2] != math.Round(v[2]) || v[2] < 1 || v[2] > 15 {
			t.Fatalf("integer factor at %g", v[2])
		}
	}
	y := evaluate(d, func(x []float64) float64 { return 3*x[0] + x[1]*x[1] })
	idx := d.Analyse("y", y, 0, 0, 0)
	if a := idx[0]; math.Abs(a.MuStar-6) > 1e-4 || math.Abs(a.Mu-6) > 1e-4 || a.Sigma > 1e-4 {
		t.Errorf("a: mu* %g mu %g sigma %g, want 6, 6, 0", a.MuStar, a.Mu, a.Sigma)
	}
	if b := idx[1]; !(b.Mu > 0 && b.Sigma > 0) {
		t.Errorf("b: mu %g sigma %g, want both positive", b.Mu, b.Sigma)
	}
	if c := idx[2]; c.MuStar != 0 {
		t.Errorf("c: mu* %g, want 0", c.MuStar)
	}
	if !math.IsNaN(idx[0].S) {
		t.Error("a Morris effect has a Sobol index")
	}
	if got := d.Sets(0); len(got) != 3 || !strings.HasPrefix(got[0], "a=") || !strings.HasPrefix(got[2], "c=") {
		t.Errorf("Sets(0) = %q", got)
	}
	if d.Sets(0)[2] != "c="+d.Factors[2].Format(d.Values[0][2]) || strings.Contains(d.Sets(0)[2], ".") {
		t.Errorf("integer factor written %q", d.Sets(0)[2])
	}
}

func TestIndicesCSV(t *testing.T) {
	nan := math.NaN()
	got := string(IndicesCSV([]Index{
		{Morris, "m", "a", 1.5, 2, 0.25, 1.75, 2.5, nan, nan, nan, nan, nan, nan},
		{Sobol, "m", "b", nan, nan, nan, nan, nan, 0.3, 0.2, 0.4, 0.5, 0.45, 0.6},
	}))
	want := "method,metric,param,mu,mu_star,mu_star_lo,mu_star_hi,sigma,S,S_lo,S_hi,ST,ST_lo,ST_hi\n" +
		"morris,m,a,1.5,2,1.75,2.5,0.25,,,,,,\n" +
		"sobol,m,b,,,,,,0.3,0.2,0.4,0.5,0.45,0.6\n"
	if got != want {
		t.Errorf("IndicesCSV:\n%s\nwant\n%s", got, want)
	}
}

func TestLeadingSet(t *testing.T) {
	nan := math.NaN()
	morris := func(vlh ...[3]float64) []Index {
		var out []Index
		for _, x := range vlh {
			out = append(out, Index{Method: Morris, MuStar: x[0], MuStarLo: x[1], MuStarHi: x[2]})
		}
		return out
	}
	sobol := func(vlh ...[3]float64) []Index {
		var out []Index
		for _, x := range vlh {
			out = append(out, Index{Method: Sobol, ST: x[0], STLo: x[1], STHi: x[2]})
		}
		return out
	}
	for _, tt := range []struct {
		name string
		idx  []Index
		max  int
		want int
	}{
		{"one clear leader", morris([3]float64{1, 0.5, 1.5}, [3]float64{10, 8, 12}, [3]float64{0.2, 0, 0.4}), 5, 1},
		{"two clear leaders", morris([3]float64{9, 7, 11}, [3]float64{10, 8, 12}, [3]float64{1, 0, 2}), 5, 2},
		{"all overlap", morris([3]float64{9, 2, 11}, [3]float64{10, 1, 12}, [3]float64{1, 0, 3}), 5, 0},
		{"beyond max", morris([3]float64{9, 7, 11}, [3]float64{10, 8, 12}, [3]float64{1, 0, 2}), 1, 0},
		{"no intervals", morris([3]float64{9, nan, nan}, [3]float64{1, nan, nan}), 5, 0},
		{"sobol", sobol([3]float64{0.6, 0.5, 0.7}, [3]float64{0.1, 0, 0.2}), 5, 1},
	} {
		if got := LeadingSet(tt.idx, tt.max); got != tt.want {
			t.Errorf("%s: LeadingSet = %d, want %d", tt.name, got, tt.want)
		}
	}
}
