package cmpreport

import (
	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/sweep"
)

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
