package plots

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// sensitivityFixture is a fixed analysis of two metrics, made from a seeded
// source rather than a simulation: 30 parameters screened by Morris, three
// with Sobol' indices.
func sensitivityFixture() *Sensitivity {
	rng := rand.New(rand.NewPCG(1, 1))
	s := &Sensitivity{
		Title: "Sensitivity of market-contract: 310 runs of 20,000 patients",
		Note:  "Common random numbers: every run has seed 1.",
	}
	for _, m := range []struct{ name, label string }{
		{"emergency_admissions_per_1000", "Emergency admissions per 1,000 a year"},
		{"upc_mean", "Mean UPC (0 to 1)"},
	} {
		mp := MorrisPanel{Name: m.name, Metric: m.label}
		for i := range 30 {
			scale := math.Pow(0.75, float64(i)) * 20
			mu := scale * (rng.Float64()*2 - 0.6)
			muStar := math.Max(math.Abs(mu), scale*0.8)
			mp.Effects = append(mp.Effects, MorrisEffect{
				Param:    "section_" + string(rune('a'+i%26)) + ".parameter_" + string(rune('0'+i/10)) + string(rune('0'+i%10)),
				Mu:       mu,
				MuStar:   muStar,
				Sigma:    scale * rng.Float64(),
				MuStarLo: muStar * 0.7, MuStarHi: muStar * 1.4,
			})
		}
		s.Morris = append(s.Morris, mp)
		sp := SobolPanel{Name: m.name, Metric: m.label}
		for i, p := range []string{"continuity.discontinuity_or", "general_practice.pooled_booking_share", "discharge.trust_effect"} {
			st := 0.6 / float64(i+1)
			sv := st * (0.7 + 0.2*rng.Float64())
			sp.Indices = append(sp.Indices, SobolIndex{Param: p,
				S: Estimate{Mean: sv, Lo: sv - 0.08, Hi: sv + 0.07}, ST: Estimate{Mean: st, Lo: st - 0.05, Hi: st + 0.09}})
		}
		s.Sobol = append(s.Sobol, sp)
	}
	// Undefined values are left out, not drawn.
	s.Morris[1].Effects[29].MuStar = math.NaN()
	s.Sobol[1].Indices[2].S = Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	return s
}

func TestSensitivityCharts(t *testing.T) {
	want := []string{
		"morris-emergency_admissions_per_1000", "morris-upc_mean", "morris",
		"sobol-emergency_admissions_per_1000", "sobol-upc_mean", "sobol",
	}
	charts := SensitivityCharts(sensitivityFixture())
	if len(charts) != len(want) {
		t.Fatalf("%d charts, want %d", len(charts), len(want))
	}
	for i, ch := range charts {
		if ch.Name != want[i] {
			t.Errorf("chart %d is %q, want %q", i, ch.Name, want[i])
		}
		if ch.Name != "morris-emergency_admissions_per_1000" && ch.Name != "morris" && ch.Name != "sobol-emergency_admissions_per_1000" && ch.Name != "sobol" {
			continue // drawn the same way as those
		}
		t.Run(ch.Name, func(t *testing.T) { checkGolden(t, ch, ch.Name) })
	}
}

func TestSensitivityEmpty(t *testing.T) {
	// Panels with nothing to show say so; no analysis gives no charts.
	if n := len(SensitivityCharts(&Sensitivity{})); n != 0 {
		t.Errorf("%d charts of nothing", n)
	}
	nan := math.NaN()
	s := &Sensitivity{
		Morris: []MorrisPanel{{Name: "x", Metric: "X", Effects: []MorrisEffect{{"a", nan, nan, nan, nan, nan}}}},
		Sobol:  []SobolPanel{{Name: "x", Metric: "X", Indices: []SobolIndex{{"a", Estimate{Mean: nan, Lo: nan, Hi: nan}, Estimate{Mean: nan, Lo: nan, Hi: nan}}}}},
	}
	for _, ch := range SensitivityCharts(s) {
		if _, err := ch.Render("svg"); err != nil {
			t.Errorf("%s: %v", ch.Name, err)
		}
	}
}

// keep writes a chart that differs from its golden file where it outlives
// the test (t.TempDir is removed when the test ends), and says where.
func keep(name string, svg []byte) string {
	f, err := os.CreateTemp("", "nhssim-"+name+"-*.svg")
	if err != nil {
		return "not kept: " + err.Error()
	}
	defer f.Close()
	if _, err := f.Write(svg); err != nil {
		return "not kept: " + err.Error()
	}
	return "written to " + f.Name()
}

// checkGolden renders ch as SVG and compares it with testdata/NAME_golden.svg.
// checkDataGolden compares a chart's data table with its golden CSV.
func checkDataGolden(t *testing.T, ch *Chart, name string) {
	t.Helper()
	golden := filepath.Join("testdata", name+"_golden.csv")
	if *update {
		if err := os.WriteFile(golden, ch.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -update to create it)", err)
	}
	if !bytes.Equal(ch.Data, want) {
		t.Errorf("%s's data differs from %s (if the change is intended, run go test ./plots -update)", name, golden)
	}
}

func checkGolden(t *testing.T, ch *Chart, name string) {
	t.Helper()
	got, err := ch.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", name+"_golden.svg")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (%s; if the change is intended, run go test ./plots -update)", name, golden, keep(name, got))
	}
}
