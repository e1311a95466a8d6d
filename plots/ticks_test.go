package plots

import (
	"math"
	"strings"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	for _, test := range []struct {
		lo, hi float64
		want   string // the labelled ticks
	}{
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{1.04, 2.96, "1.5 2.0 2.5"},
		{102, 120, "105 110 115 120"},
		{-7.2, 1.3, "-6 -4 -2 0"},
		{0, 45000, "0 10,000 20,000 30,000 40,000"},
		{0.61, 0.64, "0.61 0.62 0.63 0.64"},
		{5, 5, ""},
	} {
		var labels []string
		for _, tk := range (niceTicks{}).Ticks(test.lo, test.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != test.want {
			t.Errorf("Ticks(%g, %g) = %q, want %q", test.lo, test.hi, got, test.want)
		}
	}
}

func TestNiceTicksFewer(t *testing.T) {
	var labels []string
	for _, tk := range (niceTicks{n: 4}).Ticks(0, 0.0044) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "0.000 0.002 0.004" {
		t.Errorf("Ticks = %q", got)
	}
}

// TestNiceTicksDegenerate: an axis with no round steps float64 can count —
// narrower than about 1e-15 of its values, subnormal or near the largest
// float64 — gets its two ends marked, and every axis a bounded number of
// ticks. Before, k++ stopped changing k beyond 2^53 and the loop never ended.
func TestNiceTicksDegenerate(t *testing.T) {
	for _, test := range []struct {
		name   string
		lo, hi float64
		want   string // the labelled ticks
	}{
		{"calibration range 5 to 5.000000000000001", 5, 5.000000000000001, "5 5.000000000000001"},
		{"one ulp at 1e6", 1e6, math.Nextafter(1e6, 2e6), "1000000 1000000.0000000001"},
		{"narrow at 1e300", 1e300, 1.0000000000001e300, "1e+300 1.00000000000002e+300 1.00000000000004e+300 1.00000000000006e+300 1.00000000000008e+300"},
		{"one ulp at 1e300", 1e300, math.Nextafter(1e300, math.Inf(1)), "1.0000000000000001e+300 1.0000000000000002e+300"},
		{"one ulp at 2^53", 1 << 53, 1<<53 + 2, "9007199254740992 9007199254740994"},
		{"subnormal", 0, 5e-324, "0 5e-324"},
		{"two subnormals", 5e-324, 1e-323, "5e-324 1e-323"},
		{"whole float64 range", -math.MaxFloat64, math.MaxFloat64, "-1e+308 0 1e+308"},
		{"zero width", 7, 7, ""},
		{"reversed", 2, 1, ""},
		{"infinite", 0, math.Inf(1), ""},
		{"NaN", math.NaN(), 1, ""},
		{"tiny but countable", 1e-300, 7e-300, "2e-300 4e-300 6e-300"},
	} {
		t.Run(test.name, func(t *testing.T) {
			ticks := (niceTicks{}).Ticks(test.lo, test.hi)
			if len(ticks) > maxTicks {
				t.Fatalf("%d ticks", len(ticks))
			}
			var labels []string
			for _, tk := range ticks {
				if tk.Label != "" {
					labels = append(labels, tk.Label)
				}
			}
			if got := strings.Join(labels, " "); got != test.want {
				t.Errorf("Ticks(%g, %g) = %q, want %q", test.lo, test.hi, got, test.want)
			}
		})
	}
}

// FuzzNiceTicks: for any axis, tick generation ends with a bounded number
// of finite ticks, none far outside the axis.
func FuzzNiceTicks(f *testing.F) {
	for _, seed := range [][2]float64{
		{0, 1}, {5, 5.000000000000001}, {0, 5e-324}, {-math.MaxFloat64, math.MaxFloat64},
		{1e16, 1e16 + 2}, {-1e300, 1e300}, {0.61, 0.64}, {1, 1},
	} {
		f.Add(seed[0], seed[1], uint8(0))
	}
	f.Fuzz(func(t *testing.T, lo, hi float64, n uint8) {
		ticks := (niceTicks{n: int(n % 20)}).Ticks(lo, hi)
		if len(ticks) > maxTicks {
			t.Fatalf("Ticks(%g, %g): %d ticks", lo, hi, len(ticks))
		}
		span := hi/2 - lo/2
		for _, tk := range ticks {
			if math.IsNaN(tk.Value) || math.IsInf(tk.Value, 0) {
				t.Fatalf("Ticks(%g, %g): tick at %g", lo, hi, tk.Value)
			}
			if tk.Value < lo-span || tk.Value > hi+span {
				t.Fatalf("Ticks(%g, %g): tick at %g, outside the axis", lo, hi, tk.Value)
			}
		}
	})
}
