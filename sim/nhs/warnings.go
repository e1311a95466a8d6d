package nhs

import (
	"fmt"
	"strings"

	"github.com/nhssim/nhssim/sim/numfmt"
)

// OverloadSummary lists each overload warning of a scenario's replicates
// once, with the number of replicates it came from; the resource is the
// text before the first colon, less a " saturated" of its own.
func OverloadSummary(name string, results []*Result) []string {
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

// RepresentativeWarning says, for the scenario name, when cfg's sample is
// smaller than one whole local system ([RepresentativePatients]), so that
// its hospitals are scaled down or alone and its results are not
// representative; "" when it is not.
func RepresentativeWarning(name string, cfg *Config) string {
	least := RepresentativePatients(*cfg)
	if cfg.Population.Patients >= least {
		return ""
	}
	return fmt.Sprintf("%s: %s patients is less than one whole local system (%s: %d hospitals of %s); results are not representative",
		name, numfmt.Group(float64(cfg.Population.Patients)), numfmt.Group(float64(least)), cfg.Market.HospitalsPerMarket,
		numfmt.Group(float64(cfg.Hospitals.PracticesPerHospital*cfg.Population.PracticeSize)))
}
