package docs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// The uncertainty analysis of the default pair that `.ci/regenerate
// uncertainty` makes leaves its tables in docs: uncertainty.csv, drivers.csv
// and manifest.json, under these names.
const (
	uncertaintySummaryFile  = "uncertainty-default.csv"
	uncertaintyDriversFile  = "uncertainty-default-drivers.csv"
	uncertaintyManifestFile = "uncertainty-default-manifest.json"
)

// docs/validation.md, README.md and docs/uncertainty.md quote that analysis (P(better), the
// uncertainty interval and the drivers of each headline) between the
// markers <!-- validation:uncertainty:... -->, <!-- readme:uncertainty:... -->
// and <!-- uncertainty:default:... -->,
// made from its files; this test fails when a quote is stale
// (go test ./docs -run Uncertainty -update rewrites them).
func TestUncertaintyQuoteIsCurrent(t *testing.T) {
	block, err := uncertaintyBlock()
	if err != nil {
		t.Fatal(err)
	}
	checkBlocks(t, "validation.md", "validation", map[string]string{"uncertainty": block("uncertainty.md")})
	checkBlocks(t, filepath.Join("..", "README.md"), "readme", map[string]string{"uncertainty": block("docs/uncertainty.md")})
	checkBlocks(t, "uncertainty.md", "uncertainty", map[string]string{"default": block("#method")})
}

// uncertaintyBlock makes the quote from the analysis's files; its argument
// is the link to docs/uncertainty.md from the quoting document.
func uncertaintyBlock() (func(link string) string, error) {
	sum, err := os.ReadFile(uncertaintySummaryFile)
	if err != nil {
		return nil, err
	}
	drv, err := os.ReadFile(uncertaintyDriversFile)
	if err != nil {
		return nil, err
	}
	sums, err := uncertainty.ReadSummaries(sum, drv)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(uncertaintyManifestFile)
	if err != nil {
		return nil, err
	}
	var m struct {
		Command    string `json:"command"`
		DesignSeed uint64 `json:"design_seed"`
		Draws      int    `json:"draws"`
		Replicates int    `json:"replicates"`
		Scenarios  []struct {
			Name       string         `json:"name"`
			Parameters map[string]any `json:"parameters"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", uncertaintyManifestFile, err)
	}
	if len(m.Scenarios) < 2 || m.Draws == 0 {
		return nil, fmt.Errorf("%s: want two scenarios and some draws", uncertaintyManifestFile)
	}
	for _, s := range sums {
		if s.Draws > m.Draws || s.Replicates != m.Replicates {
			return nil, fmt.Errorf("%s and %s are of different analyses", uncertaintySummaryFile, uncertaintyManifestFile)
		}
	}
	p := map[string]float64{}
	for _, k := range []string{"population.patients", "run.years", "run.warmup_years"} {
		v, ok := m.Scenarios[0].Parameters[k].(float64)
		if !ok {
			return nil, fmt.Errorf("%s: no number for %s", uncertaintyManifestFile, k)
		}
		p[k] = v
	}
	names := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		names[i] = s.Name
	}
	size := fmt.Sprintf("%s patients over %s years (with a %s-year warm-up)", numfmt.Group(p["population.patients"]), numfmt.Human(p["run.years"]), numfmt.Human(p["run.warmup_years"]))
	return func(link string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "From an [uncertainty analysis](%s) of %s: **%d parameter draws** (Latin hypercube, design seed %d) × %d replicates of %s, every uncertain parameter drawn jointly, made by `%s` (remade by `.ci/regenerate uncertainty`, the full analysis, or `uncertainty-trial`, a small check). Each headline difference is %s − %s; \"better in\" is the share of draws in which that scenario was better, the 95%% uncertainty interval covers parameter and stochastic uncertainty together, and the drivers are first-order indices above the chance floor.\n\n",
			link, strings.Join(names, " and "), m.Draws, m.DesignSeed, m.Replicates, size, m.Command, names[1], names[0])
		if m.Draws < 40 {
			b.WriteString("With fewer than 40 draws the intervals are little more than the range of the draws and the shares are coarse: **a trial, not a finding**.\n\n")
		}
		b.WriteString(uncertainty.Quote(sums))
		return b.String()
	}, nil
}
