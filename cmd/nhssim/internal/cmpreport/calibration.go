package cmpreport

import (
	"context"
	"fmt"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/runner"
)

// CalibrationCharts draws each wave's non-implausible region as a pair
// plot over the parameters' ranges, marking the least implausible run.
func CalibrationCharts(res *calibrate.Result) []*plots.Chart {
	k := len(res.Factors)
	names, lo, hi := make([]string, k), make([]float64, k), make([]float64, k)
	for j, f := range res.Factors {
		names[j], lo[j], hi[j] = f.Param.Path, f.Lo, f.Hi
	}
	var out []*plots.Chart
	for _, w := range res.Waves {
		title := fmt.Sprintf("Non-implausible region after wave %d (%s of the prior's volume)", w.Number, numfmt.Human(w.Volume))
		out = append(out, plots.PairsChart(fmt.Sprintf("wave-%d-pairs", w.Number), title,
			"Each dot is a sampled parameter set that no target rules out; the cross is the least implausible run.",
			names, lo, hi, w.Region, res.BestValues()))
	}
	return out
}

// CalibrationSet is a calibration's output set: its results (Result.Files,
// about saying what made them) and the pair plot of each wave as SVG,
// each with footer. A cancelled ctx stops it between charts with ctx's
// error.
func CalibrationSet(ctx context.Context, res *calibrate.Result, tg *calibrate.Targets, about, footer string) ([]runner.File, error) {
	files := res.Files(calibrate.BaseRef(tg.Spec), tg.Spec.Name+"-fitted", about)
	for _, c := range CalibrationCharts(res) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c.Footer = footer
		svg, err := c.Render("svg")
		if err != nil {
			return nil, err
		}
		files = append(files, runner.File{Name: c.Name + ".svg", Data: svg})
	}
	return files, nil
}
