package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is one line of a [CurvesChart]: a metric's mean at each value of a
// swept parameter, with the ends of its interval (NaN where there is none).
type Curve struct {
	Name    string
	X, Mean []float64
	Lo, Hi  []float64
}

// CurvesChart draws one panel of curves against a swept parameter, such as
// delayed bed-days against care capacity with and without a pooled budget:
// the means as lines with points, their intervals as error bars.
func CurvesChart(name, title, xlabel, ylabel, note string, curves []Curve) *Chart {
	st := full
	p := newPlot(st, "", xlabel, ylabel)
	hgrid(p)
	ys := newSpan()
	for i, c := range curves {
		col := scenarioColor(i)
		var line plotter.XYs
		var bars errorBars
		for k := range c.X {
			if !finite(c.X[k], c.Mean[k]) {
				continue
			}
			line = append(line, plotter.XY{X: c.X[k], Y: c.Mean[k]})
			ys.add(c.Mean[k])
			if k < len(c.Lo) && k < len(c.Hi) && finite(c.Lo[k], c.Hi[k]) {
				bars.add(c.X[k], c.Mean[k], c.Lo[k], c.Hi[k])
				ys.add(c.Lo[k], c.Hi[k])
			}
		}
		if len(line) == 0 {
			continue
		}
		l := &plotter.Line{XYs: line, LineStyle: draw.LineStyle{Color: col, Width: st.line, Dashes: scenarioDashes(i)}}
		pts := &plotter.Scatter{XYs: line, GlyphStyle: draw.GlyphStyle{Color: col, Radius: st.line * 1.6, Shape: draw.CircleGlyph{}}}
		p.Add(l, pts)
		if len(bars.xy) > 0 {
			p.Add(bars.vertical(st))
		}
		p.Legend.Add(c.Name, []plot.Thumbnailer{l, pts}...)
	}
	if !ys.ok() {
		p = notePanel(st, "", "No data")
	} else {
		p.Legend.Top = true
		p.Legend.XOffs = -st.legend * 0.5
		setY(p, ys, 0.12+0.1*float64(len(curves)), true)
	}
	return &Chart{Name: name, Width: 20 * cm, Height: 12 * cm, Rows: 1, Cols: 1, Panels: []*plot.Plot{p}, Title: title, Note: note, style: st}
}
