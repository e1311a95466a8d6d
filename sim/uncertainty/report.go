package uncertainty

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
)

// minDraws is the fewest draws whose 95% percentile interval means much:
// with 40, each tail holds one draw.
const minDraws = 40

// Report prints an analysis for people: what was run, a verdict per
// headline metric, the headline table, and the share of draws outside the
// calibration bands when bands are given.
func (o *Outcome) Report(w io.Writer, sums []Summary, bands []Band, elapsed time.Duration) {
	d := o.Design
	runs := len(o.Scenarios) * d.N() * len(o.Seeds)
	fmt.Fprintf(w, "Uncertainty analysis of %s: %d parameter draws (Latin hypercube, design seed %d) × %d replicates (seeds %d–%d, common to every scenario and draw); %d runs in %.1f s\n",
		strings.Join(o.Scenarios, " vs "), d.N(), d.Seed, len(o.Seeds), o.Seeds[0], o.Seeds[len(o.Seeds)-1], runs, elapsed.Seconds())
	fmt.Fprintf(w, "%d parameters drawn from the registry's distributions (docs/model.md)", len(d.Factors))
	if d.Sample != nil {
		fmt.Fprintf(w, ", the calibrated ones jointly from the %d points of %s", len(d.Sample.Rows), d.Sample.File)
	}
	if len(d.Held) > 0 {
		fmt.Fprintf(w, "; held at each scenario's value as levers of this comparison: %s", strings.Join(d.Held, ", "))
	}
	fmt.Fprintln(w, ".")
	if d.N() < minDraws {
		fmt.Fprintf(w, "With fewer than %d draws the 95%% uncertainty interval is little more than the range of the draws, and the shares are coarse: read them as a trial run.\n", minDraws)
	}
	fmt.Fprintln(w)
	for _, s := range sums {
		if isHeadline(s.Metric) {
			s.Verdict(w)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tunit\tdifference\tmedian\t95% UI\tnoise alone\tP(better)\tbetter by > MID")
	for _, s := range sums {
		if !isHeadline(s.Metric) {
			continue
		}
		info, _ := nhs.LookupMetric(s.Metric)
		ui, noise := "fixed by inputs", "–"
		if !s.Fixed {
			ui = interval(s.Lo, s.Hi)
			noise = interval(s.NoiseLo, s.NoiseHi)
		}
		better := "–"
		mid := "–"
		if !math.IsNaN(s.PBetter) && !s.Fixed {
			better = fmt.Sprintf("%s %s, %s %s", s.Scenario, pct(s.PBetter), s.Baseline, pct(s.PWorse))
			mid = fmt.Sprintf("%s, %s (MID %s)", pct(s.PBetterMID), pct(s.PWorseMID), numfmt.Human(s.MID))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s − %s\t%s\t%s\t%s\t%s\t%s\n", s.Metric, info.Unit, s.Scenario, s.Baseline, numfmt.Signed(s.Median), ui, noise, better, mid)
	}
	tw.Flush()
	fmt.Fprintln(w, "(over the draws' differences, each the mean of its replicates; the 95% uncertainty interval covers parameter and stochastic uncertainty together, noise alone is the interval replicates give at one set of parameters; every metric is in uncertainty.csv, the drivers in drivers.csv)")
	o.reportTransfers(w)
	if len(bands) > 0 {
		fmt.Fprintln(w)
		for _, out := range o.OutsideBands(bands) {
			var parts []string
			for b, share := range out.ByBand {
				if share > 0 {
					parts = append(parts, fmt.Sprintf("%s %s", bands[b].Metric, pct(share)))
				}
			}
			detail := ""
			if len(parts) > 0 {
				detail = " (" + strings.Join(parts, ", ") + ")"
			}
			fmt.Fprintf(w, "Calibration: %s falls outside at least one calibration band in %s of the draws%s; such draws are kept, not dropped (the bands hold for the targets file's own run size and settings).\n", out.Scenario, pct(out.Any), detail)
		}
	}
}

func interval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return numfmt.Signed(lo) + " to " + numfmt.Signed(hi)
}

// manifest is the analysis's manifest.json: enough to run it again.
type manifest struct {
	provenance.Provenance
	DesignSeed    uint64              `json:"design_seed"`
	Design        string              `json:"design"`
	Draws         int                 `json:"draws"`
	Replicates    int                 `json:"replicates"`
	Factors       []factorManifest    `json:"parameters_drawn"`
	Held          []string            `json:"levers_held"`
	Links         map[string][]string `json:"links"`
	Distributions string              `json:"distributions_file,omitempty"`
	Bands         string              `json:"calibration_bands_file,omitempty"`
	Calibrated    string              `json:"calibrated_sample_file,omitempty"`
	SamplePoints  int                 `json:"calibrated_sample_points,omitempty"`
}

type factorManifest struct {
	Param        string `json:"param"`
	Distribution string `json:"distribution"`
}

// Manifest returns manifest.json, with p's provenance (build, command,
// scenarios) and the names of any distributions and bands files.
func (o *Outcome) Manifest(p provenance.Provenance, distributions, bands string) []byte {
	d := o.Design
	m := manifest{Provenance: p, DesignSeed: d.Seed, Design: "Latin hypercube (McKay, Beckman and Conover 1979), linked parameters sharing a column",
		Draws: d.N(), Replicates: len(o.Seeds), Held: d.Held, Links: d.Links, Distributions: distributions, Bands: bands}
	if m.Held == nil {
		m.Held = []string{}
	}
	if d.Sample != nil {
		m.Calibrated, m.SamplePoints = d.Sample.File, len(d.Sample.Rows)
	}
	for _, fa := range d.Factors {
		dist := fa.Dist.String()
		if fa.Sampled >= 0 {
			dist = "the calibrated sample, jointly"
		}
		m.Factors = append(m.Factors, factorManifest{fa.Param.Path, dist})
	}
	out, err := provenance.Encode(m)
	if err != nil {
		panic(err) // plain values always encode
	}
	return out
}

// codingDrift is the cost category that is a transfer between NHS bodies
// (invoiced value beyond the care given), not a resource used.
const codingDrift = nhs.CostPrefix + "coding_drift"

// reportTransfers splits the duplication and transaction cost difference
// into the transfer between NHS bodies (coding drift) and the resources
// used (the rest), over the draws, where the runs report both.
func (o *Outcome) reportTransfers(w io.Writer) {
	for _, sc := range o.Scenarios[1:] {
		total, drift := o.DrawDifferences(sc, nhs.DuplicationCostPerHead), o.DrawDifferences(sc, codingDrift)
		if len(total) == 0 || len(total) != len(drift) {
			continue
		}
		resource := make([]float64, len(total))
		for i := range total {
			resource[i] = total[i] - drift[i]
		}
		fmt.Fprintf(w, "Of the duplication and transaction cost difference (%s − %s, £ per head a year), coding drift, a transfer between NHS bodies rather than a resource used, is %s; the resources used alone are %s.\n",
			sc, o.Scenarios[0], medianUI(drift), medianUI(resource))
	}
}

// medianUI writes the median and 95% interval of xs.
func medianUI(xs []float64) string {
	sorted := slices.Sorted(slices.Values(xs))
	return fmt.Sprintf("median %s (95%% UI %s)", numfmt.Signed(Quantile(sorted, 0.5)),
		interval(Quantile(sorted, (1-Level)/2), Quantile(sorted, (1+Level)/2)))
}
