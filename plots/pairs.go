package plots

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PairsChart draws a pair plot of points in k dimensions over the
// parameters' full ranges [lo, hi]: below the diagonal each pair of
// parameters as a scatter of the points (at most the first 2,000), with an
// optional marked point (mark, nil for none) as a black cross; on the
// diagonal each parameter's histogram. Titles and the outer panels' axes
// name the parameters by their last parts (los_mean_days). A calibration
// draws the non-implausible region of each wave with it.
func PairsChart(name, title, note string, names []string, lo, hi []float64, points [][]float64, mark []float64) *Chart {
	st := compact
	k := len(names)
	panels := make([]*plot.Plot, k*k)
	if len(points) > 2000 {
		points = points[:2000]
	}
	short := func(s string) string { return s[strings.LastIndex(s, ".")+1:] }
	for r := range k {
		for c := 0; c <= r; c++ {
			xlabel, ylabel := "", ""
			if r == k-1 {
				xlabel = short(names[c])
			}
			if c == 0 && r > 0 {
				ylabel = short(names[r])
			}
			p := newPlot(st, "", xlabel, ylabel)
			p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{n: 3}, niceTicks{n: 3}
			p.X.Min, p.X.Max = lo[c], hi[c]
			if r == c {
				p.Title.Text = short(names[r])
				p.Title.TextStyle.Font.Size = st.tick
				var v plotter.Values
				for _, x := range points {
					v = append(v, x[c])
				}
				if len(v) > 0 {
					if h, err := plotter.NewHist(v, 20); err == nil {
						h.FillColor, h.LineStyle.Width = scenarioColor(1), 0
						p.Add(h)
					}
				}
				p.Y.Tick.Marker = plot.ConstantTicks(nil)
				p.X.Min, p.X.Max = lo[c], hi[c]
				panels[r*k+c] = p
				continue
			}
			var xy plotter.XYs
			for _, x := range points {
				xy = append(xy, plotter.XY{X: x[c], Y: x[r]})
			}
			if len(xy) > 0 {
				p.Add(&plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: translucent(scenarioColor(1), 90), Radius: st.line * 0.6, Shape: draw.CircleGlyph{}}})
			}
			if mark != nil {
				p.Add(&plotter.Scatter{XYs: plotter.XYs{{X: mark[c], Y: mark[r]}}, GlyphStyle: draw.GlyphStyle{Color: color.Black, Radius: st.line * 2.5, Shape: draw.CrossGlyph{}}})
			}
			p.Y.Min, p.Y.Max = lo[r], hi[r]
			panels[r*k+c] = p
		}
	}
	size := cm * 4.5 * vg.Length(k)
	return &Chart{Name: name, Width: size, Height: size + 2*cm, Rows: k, Cols: k, Panels: panels, Title: title, Note: note, style: st}
}
