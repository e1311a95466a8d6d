package cmpreport

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// UncertaintyCharts draws an uncertainty analysis: each headline
// difference's draws, probabilities and drivers, and, where the analysis
// has an appraisal, its cost-effectiveness plane and acceptability curve.
func UncertaintyCharts(o *uncertainty.Outcome, cfgs []nhs.Config, sums []uncertainty.Summary, apprs []uncertainty.Appraisal, footer string) []*plots.Chart {
	nan := math.NaN()
	pu := &plots.Uncertainty{
		Title:  fmt.Sprintf("%s: %d parameter draws × %d replicates", strings.Join(o.Scenarios, " vs "), o.Design.N(), len(o.Seeds)),
		Footer: footer,
	}
	if c := cfgs[0]; !slices.ContainsFunc(cfgs, func(o nhs.Config) bool { return o.Population.Patients != c.Population.Patients || o.Run != c.Run }) {
		pu.Title += fmt.Sprintf(" of %s patients, %s", Group(float64(c.Population.Patients)), Window(c.Run.WarmupYears, c.Run.Years))
	}
	for _, s := range sums {
		info, ok := nhs.LookupMetric(s.Metric)
		if !ok || info.Headline == 0 || s.Draws == 0 {
			continue
		}
		h := plots.UncertainHeadline{
			Name: s.Metric, Metric: info.Label, Scenario: s.Scenario, Baseline: s.Baseline,
			Differences: o.DrawDifferences(s.Scenario, s.Metric),
			Median:      s.Median, Lo: s.Lo, Hi: s.Hi, NoiseLo: s.NoiseLo, NoiseHi: s.NoiseHi,
			PBetter: s.PBetter, PWorse: s.PWorse, PBetterMID: s.PBetterMID, PWorseMID: s.PWorseMID, MID: s.MID, Fixed: s.Fixed, Floor: s.Floor,
		}
		for _, d := range s.TopDrivers(10, 0) {
			h.Drivers = append(h.Drivers, plots.SobolIndex{Param: d.Param, S: plots.Estimate{Mean: d.Index, Lo: nan, Hi: nan}, ST: plots.Estimate{Mean: nan, Lo: nan, Hi: nan}})
		}
		pu.Headlines = append(pu.Headlines, h)
	}
	charts := plots.UncertaintyCharts(pu)
	if len(apprs) > 0 {
		charts = append(charts, plots.AppraisalCharts(appraisalChartData(apprs, pu.Title, footer))...)
	}
	return charts
}

// appraisalChartData gathers what the appraisal charts show: each
// scenario's draws on the cost-effectiveness plane and its acceptability
// curve, with NICE's thresholds drawn as lines.
func appraisalChartData(as []uncertainty.Appraisal, title, footer string) *plots.Appraisal {
	pa := &plots.Appraisal{Title: title, Footer: footer, Thresholds: appraisal.Thresholds[:2]}
	for _, a := range as {
		c := plots.CostEffectiveness{Scenario: a.Scenario, Baseline: a.Baseline, WTP: uncertainty.CEACThresholds, P: a.CEAC}
		for _, p := range a.Pairs {
			c.Cost, c.QALY = append(c.Cost, p.Cost), append(c.QALY, p.QALY)
		}
		pa.Comparisons = append(pa.Comparisons, c)
	}
	return pa
}
