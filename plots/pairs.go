package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PairsChart draws a pair plot of points in k dimensions: below the
// diagonal, each pair of parameters as a scatter of the points (at most
// the first 2,000) on the parameters' full ranges [lo, hi], with an
// optional marked point (mark, nil for none) drawn larger; on the
// diagonal, each parameter's name. A calibration draws the non-implausible
// region of each wave with it.
func PairsChart(name, title, note string, names []string, lo, hi []float64, points [][]float64, mark []float64) *Chart {
	st := compact
	k := len(names)
	panels := make([]*plot.Plot, k*k)
	if len(points) > 2000 {
		points = points[:2000]
	}
	for r := range k {
		for c := range k {
			switch {
			case r == c:
				panels[r*k+c] = notePanel(st, "", fmt.Sprintf("%s\n%.4g – %.4g", names[r], lo[r], hi[r]))
			case c < r:
				p := newPlot(st, "", "", "")
				var xy plotter.XYs
				for _, x := range points {
					xy = append(xy, plotter.XY{X: x[c], Y: x[r]})
				}
				if len(xy) > 0 {
					p.Add(&plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: translucent(scenarioColor(1), 90), Radius: st.line * 0.6, Shape: draw.CircleGlyph{}}})
				}
				if mark != nil {
					p.Add(&plotter.Scatter{XYs: plotter.XYs{{X: mark[c], Y: mark[r]}}, GlyphStyle: draw.GlyphStyle{Color: scenarioColor(5), Radius: st.line * 2.2, Shape: draw.CrossGlyph{}}})
				}
				p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo[c], hi[c], lo[r], hi[r]
				panels[r*k+c] = p
			}
		}
	}
	size := cm * 4.5 * vg.Length(k)
	return &Chart{Name: name, Width: size, Height: size + 2*cm, Rows: k, Cols: k, Panels: panels, Title: title, Note: note, style: st}
}
