package numfmt

import (
	"math"
	"strconv"
	"testing"
)

var (
	nan    = math.NaN()
	inf    = math.Inf(1)
	negZer = math.Copysign(0, -1)
)

func TestFormats(t *testing.T) {
	tests := []struct {
		v                  float64
		exact, json, human string
		signed, group      string
	}{
		{nan, "", "null", "–", "–", "–"},
		{inf, "", "null", "–", "–", "–"},
		{-inf, "", "null", "–", "–", "–"},
		{0, "0", "0", "0", "0", "0"},
		{negZer, "0", "0", "0", "0", "0"},
		{1, "1", "1", "1", "+1", "1"},
		{-3, "-3", "-3", "-3", "-3", "-3"},
		{1000000, "1000000", "1000000", "1,000,000", "+1,000,000", "1,000,000"},
		{-1234567, "-1234567", "-1234567", "-1,234,567", "-1,234,567", "-1,234,567"},
		{999.96, "999.96", "999.96", "1000", "+1000", "1,000"},
		{0.6075, "0.6075", "0.6075", "0.6075", "+0.6075", "1"},
		{110.4321, "110.4321", "110.4321", "110.4", "+110.4", "110"},
		{1.0 / 3, "0.3333333333333333", "0.3333333333333333", "0.3333", "+0.3333", "0"},
		{1e-9, "1e-09", "1e-09", "1e-09", "+1e-09", "0"},
		{-0.0004929, "-0.0004929", "-0.0004929", "-0.0004929", "-0.0004929", "0"},
		{6.762e-05, "0.00006762", "0.00006762", "0.00006762", "+0.00006762", "0"},
		{1.23456789e-6, "0.00000123456789", "0.00000123456789", "0.000001235", "+0.000001235", "0"},
		{9.99e-7, "9.99e-07", "9.99e-07", "9.99e-07", "+9.99e-07", "0"},
		{1e15, "1000000000000000", "1000000000000000", "1e+15", "+1e+15", "1e+15"},
		{20372158.440302614, "20372158.440302614", "20372158.440302614", "20,372,158", "+20,372,158", "20,372,158"},
		{1e21, "1e+21", "1e+21", "1e+21", "+1e+21", "1e+21"},
		{1e300, "1e+300", "1e+300", "1e+300", "+1e+300", "1e+300"},
		{123456789.5, "123456789.5", "123456789.5", "123,456,790", "+123,456,790", "123,456,790"},
	}
	for _, tt := range tests {
		name := strconv.FormatFloat(tt.v, 'g', -1, 64)
		if got := Exact(tt.v); got != tt.exact {
			t.Errorf("Exact(%s) = %q, want %q", name, got, tt.exact)
		}
		if got := JSON(tt.v); got != tt.json {
			t.Errorf("JSON(%s) = %q, want %q", name, got, tt.json)
		}
		if got := Human(tt.v); got != tt.human {
			t.Errorf("Human(%s) = %q, want %q", name, got, tt.human)
		}
		if got := Signed(tt.v); got != tt.signed {
			t.Errorf("Signed(%s) = %q, want %q", name, got, tt.signed)
		}
		if got := Group(tt.v); got != tt.group {
			t.Errorf("Group(%s) = %q, want %q", name, got, tt.group)
		}
	}
}

// TestExactRoundTrips checks that Exact loses nothing.
func TestExactRoundTrips(t *testing.T) {
	for _, v := range []float64{0.1, 1.0 / 3, math.Pi * 1e20, -2.5e-310, 1e15 - 1, 4503599627370497, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		got, err := strconv.ParseFloat(Exact(v), 64)
		if err != nil || got != v {
			t.Errorf("Exact(%g) = %q parses as %g, %v", v, Exact(v), got, err)
		}
	}
}

func TestInterval(t *testing.T) {
	tests := []struct {
		mean, lo, hi float64
		want         string
	}{
		{110.4, 98.96, 121.8, "110.4 [98.96, 121.8]"},
		{-10.83, -10.83, -10.83, "-10.83 [-10.83, -10.83]"},
		{53.39, nan, nan, "53.39"},
		{nan, nan, nan, "–"},
		{1500, 1200.2, 1800.7, "1,500 [1,200, 1,801]"},
	}
	for _, tt := range tests {
		if got := Interval(tt.mean, tt.lo, tt.hi); got != tt.want {
			t.Errorf("Interval(%g, %g, %g) = %q, want %q", tt.mean, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func FuzzExact(f *testing.F) {
	for _, v := range []float64{0, -1, 0.5, 1e21, 1e-7} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		s := Exact(v)
		if !finite(v) {
			if s != "" {
				t.Fatalf("Exact(%g) = %q, want empty", v, s)
			}
			return
		}
		got, err := strconv.ParseFloat(s, 64)
		if err != nil || got != v {
			t.Fatalf("Exact(%g) = %q parses as %g, %v", v, s, got, err)
		}
	})
}

func TestCell(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"england", "england"},
		{"", ""},
		{"-3", "-3"},
		{"+1e5", "+1e5"},
		{"-0.25", "-0.25"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+44 20", "'+44 20"},
		{"-x", "'-x"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=b", "a=b"},
		{"-inf", "'-inf"},
	} {
		if got := Cell(test.in); got != test.want {
			t.Errorf("Cell(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}
