package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
)

// warnRepresentative tells, on w (standard error), when a scenario's
// sample is smaller than one whole local system, so that its hospitals are
// scaled down or alone and its results are not representative.
func warnRepresentative(w io.Writer, name string, cfg *nhs.Config) {
	if least := nhs.RepresentativePatients(*cfg); cfg.Population.Patients < least {
		fmt.Fprintf(w, "warning: %s: %s patients is less than one whole local system (%s: %d hospitals of %s); results are not representative\n",
			name, group(float64(cfg.Population.Patients)), group(float64(least)), cfg.Market.HospitalsPerMarket,
			group(float64(cfg.Hospitals.PracticesPerHospital*cfg.Population.PracticeSize)))
	}
}

// printOverload writes a run's overload warnings, if any.
func printOverload(w io.Writer, prefix string, warnings []string) {
	for _, s := range warnings {
		fmt.Fprintf(w, "%s%s\n", prefix, s)
	}
}

// overloadSummary lists each overload warning of a scenario's replicates
// once, with the number of replicates it came from; the resource is the
// text before the first colon, less a " saturated" of its own.
func overloadSummary(name string, results []*nhs.Result) []string {
	count := map[string]int{}
	var order []string
	for _, r := range results {
		seen := map[string]bool{}
		for _, s := range r.Warnings {
			what, _, _ := strings.Cut(s, ":")
			what = strings.TrimSuffix(what, " saturated") // "beds saturated: …" names beds
			if seen[what] {
				continue
			}
			seen[what] = true
			if count[what] == 0 {
				order = append(order, what)
			}
			count[what]++
		}
	}
	out := make([]string, len(order))
	for i, what := range order {
		out[i] = fmt.Sprintf("%s: %s saturated in %d of %d replicates", name, what, count[what], len(results))
	}
	return out
}
