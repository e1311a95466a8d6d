package cmpreport

import (
	"fmt"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// StudyCharts are the charts of a finished sensitivity study of base,
// its indices metric by metric, each with build's provenance footer.
func StudyCharts(st *sweep.Study, base *scenario.Scenario, indices [][]sweep.Index, build provenance.Build) []*plots.Chart {
	method := st.Options.Method
	return plots.SensitivityCharts(SensitivityChart(method, st.Metrics, indices, &plots.Sensitivity{
		Title:  fmt.Sprintf("%s of %s: %d runs of %s patients", sweep.MethodName(method), base.Name, st.Runs(), Group(float64(base.Config.Population.Patients))),
		Note:   fmt.Sprintf("Each parameter over its plausible range; common random numbers (%s).", seedNote(st.Seeds)),
		Footer: provenance.Footer(build, st.Seeds),
	}))
}

// seedNote says which seeds a study's runs have.
func seedNote(seeds []uint64) string {
	if len(seeds) == 1 {
		return fmt.Sprintf("every run has seed %d", seeds[0])
	}
	return fmt.Sprintf("every point averages seeds %d–%d", seeds[0], seeds[len(seeds)-1])
}

// SensitivityChart adds each metric's panel of indices to chart.
func SensitivityChart(method string, metrics []string, indices [][]sweep.Index, chart *plots.Sensitivity) *plots.Sensitivity {
	for j, m := range metrics {
		if method == sweep.Morris {
			p := plots.MorrisPanel{Name: m, Metric: nhs.MetricLabel(m)}
			for _, ix := range indices[j] {
				p.Effects = append(p.Effects, plots.MorrisEffect{Param: ix.Param, Mu: ix.Mu, MuStar: ix.MuStar, Sigma: ix.Sigma,
					MuStarLo: ix.MuStarLo, MuStarHi: ix.MuStarHi})
			}
			chart.Morris = append(chart.Morris, p)
		} else {
			p := plots.SobolPanel{Name: m, Metric: nhs.MetricLabel(m)}
			for _, ix := range indices[j] {
				p.Indices = append(p.Indices, plots.SobolIndex{Param: ix.Param,
					S: plots.Estimate{Mean: ix.S, Lo: ix.SLo, Hi: ix.SHi}, ST: plots.Estimate{Mean: ix.ST, Lo: ix.STLo, Hi: ix.STHi}})
			}
			chart.Sobol = append(chart.Sobol, p)
		}
	}
	return chart
}
