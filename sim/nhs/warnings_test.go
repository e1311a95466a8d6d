package nhs

import (
	"slices"
	"testing"
)

// Each resource is named once in the summary, whether its warning says
// "saturated" itself or not.
func TestOverloadSummary(t *testing.T) {
	results := []*Result{
		{Warnings: []string{"beds saturated: occupancy at or above 99%", "GP appointments: the mean wait grew from 1.7 to 4.7 days"}},
		{Warnings: []string{"beds saturated: occupancy at or above 99%"}},
		{},
	}
	want := []string{
		"market: beds saturated in 2 of 3 replicates",
		"market: GP appointments saturated in 1 of 3 replicates",
	}
	if got := OverloadSummary("market", results); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
