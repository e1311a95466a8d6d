package plots

import (
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
