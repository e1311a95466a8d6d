package stats

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func TestTQuantile(t *testing.T) {
	// Two-sided 95% critical values of Student's t, from the standard table
	// (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2), to 9 digits.
	for _, test := range []struct {
		p, df, want float64
	}{
		{0.975, 1, 12.7062047},
		{0.975, 2, 4.30265273},
		{0.975, 4, 2.77644511},
		{0.975, 9, 2.26215716},
		{0.975, 30, 2.04227246},
		{0.975, math.Inf(1), 1.95996398},
		{0.995, 9, 3.24983554},
		{0.025, 9, -2.26215716},
		{0.5, 5, 0},
	} {
		if got := TQuantile(test.p, test.df); !near(got, test.want, 1e-8) {
			t.Errorf("TQuantile(%g, %g) = %.10g, want %.9g", test.p, test.df, got, test.want)
		}
	}
}

func TestMeanCI(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		name  string
		xs    []float64
		level float64
		want  Estimate
	}{
		// mean 3, sd √2.5 = 1.58114, se 0.707107, t(0.975, 4) 2.776445: ±1.963243.
		{"Five", []float64{1, 2, 3, 4, 5}, 0.95, Estimate{3, 1.0367568, 4.9632432, 5}},
		// Identical values: a zero-width interval.
		{"Constant", []float64{7, 7, 7}, 0.95, Estimate{7, 7, 7, 3}},
		// NaN values are left out and not counted.
		{"NaNSkipped", []float64{nan, 1, 2, 3, 4, 5, nan}, 0.95, Estimate{3, 1.0367568, 4.9632432, 5}},
		{"One", []float64{4, nan}, 0.95, Estimate{4, nan, nan, 1}},
		{"None", []float64{nan, nan}, 0.95, Estimate{nan, nan, nan, 0}},
		{"Empty", nil, 0.95, Estimate{nan, nan, nan, 0}},
		// Two values 0 and 2: mean 1, se 1, t(0.95, 1) = 6.313752.
		{"Level90", []float64{0, 2}, 0.90, Estimate{1, 1 - 6.3137515, 1 + 6.3137515, 2}},
	} {
		t.Run(test.name, func(t *testing.T) {
			got := MeanCI(test.xs, test.level)
			if got.N != test.want.N || !near(got.Mean, test.want.Mean, 1e-7) ||
				!near(got.Lo, test.want.Lo, 1e-7) || !near(got.Hi, test.want.Hi, 1e-7) {
				t.Errorf("MeanCI(%v, %g) = %+v, want %+v", test.xs, test.level, got, test.want)
			}
		})
	}
}

func TestPairedCI(t *testing.T) {
	// Differences 1, 2, 2, 0, 2 (worked by hand): mean 1.4, variance 0.8,
	// se 0.4, t(0.975, 4) 2.776445: ±1.110578.
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{2, 4, 5, 4, 7}
	got := PairedCI(a, b, 0.95)
	want := Estimate{1.4, 0.289422, 2.510578, 5}
	if got.N != want.N || !near(got.Mean, want.Mean, 1e-9) || !near(got.Lo, want.Lo, 1e-6) || !near(got.Hi, want.Hi, 1e-6) {
		t.Errorf("PairedCI = %+v, want %+v", got, want)
	}
	if !got.Excludes(0) || got.Excludes(1) {
		t.Errorf("Excludes: %+v", got)
	}
	// Pairing removes what the replicates share: the unpaired interval of b
	// alone is far wider than the paired one.
	if u := MeanCI(b, 0.95); u.HalfWidth() <= got.HalfWidth() {
		t.Errorf("unpaired half-width %g not above paired %g", u.HalfWidth(), got.HalfWidth())
	}
	// A NaN on either side drops the pair.
	nan := math.NaN()
	if got := PairedCI([]float64{1, nan, 3}, []float64{2, 5, nan}, 0.95); got.N != 1 || got.Mean != 1 {
		t.Errorf("PairedCI with NaNs = %+v, want the one pair (1, 2)", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("PairedCI of different lengths did not panic")
		}
	}()
	PairedCI(a, b[:2], 0.95)
}

func TestReplicatesFor(t *testing.T) {
	for _, test := range []struct {
		e      Estimate
		target float64
		want   int
	}{
		{Estimate{Mean: 100, Lo: 99, Hi: 101, N: 10}, 0.05, 10}, // ±1%: enough
		{Estimate{Mean: 100, Lo: 90, Hi: 110, N: 10}, 0.05, 40}, // ±10%: 4× as many
		{Estimate{Mean: -100, Lo: -110, Hi: -90, N: 10}, 0.05, 40},
		{Estimate{Mean: 0, Lo: -1, Hi: 1, N: 10}, 0.05, 0},
		{Estimate{Mean: 5, Lo: math.NaN(), Hi: math.NaN(), N: 1}, 0.05, 0},
	} {
		if got := ReplicatesFor(test.e, test.target); got != test.want {
			t.Errorf("ReplicatesFor(%+v, %g) = %d, want %d", test.e, test.target, got, test.want)
		}
	}
}

func TestReplicatesToDetect(t *testing.T) {
	five := MeanCI([]float64{1, 2, 3, 4, 5}, 0.95) // sd √2.5
	for _, tc := range []struct {
		name  string
		e     Estimate
		delta float64
		want  int
	}{
		// (1.96 + 0.8416)² × 2.5 / δ²
		{"delta 1", five, 1, 20},
		{"delta 2", five, 2, 5},
		{"a large delta needs two at least", five, 100, 2},
		{"no delta", five, 0, 0},
		{"one replicate", MeanCI([]float64{3}, 0.95), 1, 0},
	} {
		if got := ReplicatesToDetect(tc.e, tc.delta, 0.95, 0.8); got != tc.want {
			t.Errorf("%s: %d replicates, want %d", tc.name, got, tc.want)
		}
	}
}

func TestFixed(t *testing.T) {
	for _, tc := range []struct {
		xs, ys []float64
		want   bool
	}{
		{[]float64{1, 2, 3}, []float64{-35.5, -34.5, -33.5}, true}, // the same difference each time
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, true},
		{[]float64{1, 2, 3}, []float64{1.1, 2, 3}, false},
		{[]float64{1}, []float64{2}, false}, // one value: no spread to judge
	} {
		got := PairedCI(tc.xs, tc.ys, 0.95)
		if got.Fixed() != tc.want {
			t.Errorf("PairedCI(%v, %v) = %+v: Fixed %v, want %v", tc.xs, tc.ys, got, got.Fixed(), tc.want)
		}
	}
}

func TestSD(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []float64
		want float64
	}{
		{"five", []float64{1, 2, 3, 4, 5}, math.Sqrt(2.5)},
		{"no spread", []float64{2, 2, 2}, 0},
		{"one value", []float64{3}, math.NaN()},
	} {
		got := MeanCI(tc.xs, 0.95).SD(0.95)
		if math.IsNaN(tc.want) != math.IsNaN(got) || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: SD %v, want %v", tc.name, got, tc.want)
		}
	}
}
