package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MorrisEffect is one parameter's Morris screening measures for one metric,
// in the metric's units per the parameter's whole plausible range: Mu, the
// mean elementary effect; MuStar, the mean of their absolute values, by
// which parameters are ranked; Sigma, their standard deviation.
type MorrisEffect struct {
	Param             string
	Mu, MuStar, Sigma float64
	// MuStarLo and MuStarHi are μ*'s 95% interval (NaN where there is
	// none), drawn as an error bar.
	MuStarLo, MuStarHi float64
}

// MorrisPanel is the screening of one metric.
type MorrisPanel struct {
	Name    string // the metric's name, such as "upc_mean", for file names
	Metric  string // a readable name with its unit
	Effects []MorrisEffect
}

// SobolIndex is one parameter's first-order (S) and total-order (ST) Sobol'
// indices for one metric, with their intervals.
type SobolIndex struct {
	Param string
	S, ST Estimate
}

// SobolPanel is the indices of one metric.
type SobolPanel struct {
	Name, Metric string
	Indices      []SobolIndex
}

// Sensitivity is a sensitivity analysis of some metrics: Morris screening,
// Sobol' indices, or both.
type Sensitivity struct {
	Title  string // such as "Morris screening of market-contract: 790 runs"
	Note   string // shown under each chart
	Footer string // provenance, on every chart (see [Chart.Footer])
	Morris []MorrisPanel
	Sobol  []SobolPanel
}

// Sizes of the sensitivity charts.
const (
	morrisTop   = 25 // parameters in a metric's chart
	overviewTop = 10 // parameters in each tile of an overview
	rowHeight   = 0.55 * cm
)

// SensitivityCharts returns a chart per Morris panel (morris-NAME), a
// Morris overview of the panels (morris), a chart per Sobol panel
// (sobol-NAME) and a Sobol overview (sobol), leaving out those with no
// panels.
func SensitivityCharts(s *Sensitivity) []*Chart {
	var out []*Chart
	if len(s.Morris) > 0 {
		for _, p := range s.Morris {
			out = append(out, MorrisChart(s, p))
		}
		out = append(out, MorrisOverview(s))
	}
	if len(s.Sobol) > 0 {
		for _, p := range s.Sobol {
			out = append(out, SobolChart(s, p))
		}
		out = append(out, SobolOverview(s))
	}
	for _, ch := range out {
		ch.Footer = s.Footer
	}
	return out
}

// tallHeight is the height of a single chart of rows bars.
func tallHeight(rows int) vg.Length { return max(12*cm, 5*cm+vg.Length(rows)*rowHeight) }

// MorrisChart draws a tornado of one metric's screening: each parameter's
// mu* as a bar, largest at the top, coloured by the sign of mu (whether
// raising the parameter raises or lowers the metric), with sigma as a dot.
// It shows the 25 largest.
func MorrisChart(s *Sensitivity, p MorrisPanel) *Chart {
	h := tallHeight(min(len(p.Effects), morrisTop))
	ch := single("morris-"+p.Name, morrisPanel(full, p, h-3*cm, morrisTop))
	ch.Height, ch.Title, ch.Note = h, s.Title, s.Note
	return ch
}

// MorrisOverview tiles the 10 largest effects of each metric on one A4
// landscape page.
func MorrisOverview(s *Sensitivity) *Chart {
	ch := overview("morris", s, len(s.Morris))
	h := ch.Height/vg.Length(ch.Rows) - panelMargin
	for _, p := range s.Morris {
		ch.Panels = append(ch.Panels, morrisPanel(compact, p, h, overviewTop))
	}
	return ch
}

// SobolChart draws one metric's first- and total-order indices per
// parameter, with their intervals, largest total at the top.
func SobolChart(s *Sensitivity, p SobolPanel) *Chart {
	h := tallHeight(2 * len(p.Indices))
	ch := single("sobol-"+p.Name, sobolPanel(full, p, h-3*cm))
	ch.Height, ch.Title, ch.Note = h, s.Title, s.Note
	return ch
}

// SobolOverview tiles every metric's indices on one A4 landscape page.
func SobolOverview(s *Sensitivity) *Chart {
	ch := overview("sobol", s, len(s.Sobol))
	h := ch.Height/vg.Length(ch.Rows) - panelMargin
	for _, p := range s.Sobol {
		ch.Panels = append(ch.Panels, sobolPanel(compact, p, h))
	}
	return ch
}

// overview is an A4 landscape page of n tiles, two a row.
func overview(name string, s *Sensitivity, n int) *Chart {
	cols := min(max(n, 1), 2)
	rows := max((n+1)/2, 1)
	return &Chart{Name: name, Width: dashboardW, Height: dashboardH, Rows: rows, Cols: cols, style: compact, Title: s.Title, Note: s.Note}
}

// size orders NaN below every number.
func size(v float64) float64 {
	if !finite(v) {
		return math.Inf(-1)
	}
	return v
}

func morrisPanel(st style, p MorrisPanel, height vg.Length, top int) *plot.Plot {
	effects := slices.Clone(p.Effects)
	slices.SortStableFunc(effects, func(a, b MorrisEffect) int { return cmp.Compare(size(a.MuStar), size(b.MuStar)) })
	xlabel := "μ*: mean |elementary effect| over the whole range (bars: 95% interval; dot: σ)"
	if len(effects) > top {
		xlabel = fmt.Sprintf("μ* of the %d most influential of %d parameters (bars: 95%% interval; dot: σ)", top, len(effects))
		effects = effects[len(effects)-top:]
	}
	if !slices.ContainsFunc(effects, func(e MorrisEffect) bool { return finite(e.MuStar) }) {
		return notePanel(st, p.Metric, "No effects: the metric is undefined in these runs")
	}
	pl := newPlot(st, p.Metric, xlabel, "")
	pl.X.Tick.Marker = niceTicks{n: 4}
	vgrid(pl)
	xs := newSpan()
	xs.add(0)
	w := min(barWidth(height, len(effects)), 0.8*cm)
	var up, down *plotter.BarChart
	var sigma plotter.XYs
	var eb errorBars
	for k, e := range effects {
		if !finite(e.MuStar) {
			continue
		}
		col := okabeIto[0]
		if e.Mu < 0 {
			col = okabeIto[1]
		}
		b := &plotter.BarChart{Values: plotter.Values{e.MuStar}, XMin: float64(k), Width: w, Color: col, Horizontal: true}
		pl.Add(b)
		if e.Mu < 0 && down == nil {
			down = b
		} else if e.Mu >= 0 && up == nil {
			up = b
		}
		xs.add(e.MuStar)
		eb.add(e.MuStar, float64(k), e.MuStarLo, e.MuStarHi)
		xs.add(e.MuStarLo, e.MuStarHi)
		if finite(e.Sigma) {
			sigma = append(sigma, plotter.XY{X: e.Sigma, Y: float64(k)})
			xs.add(e.Sigma)
		}
	}
	if len(eb.xy) > 0 {
		pl.Add(eb.horizontal(st))
	}
	dots := &plotter.Scatter{XYs: sigma, GlyphStyle: draw.GlyphStyle{Color: color.Black, Radius: st.tick * 0.3, Shape: draw.CircleGlyph{}}}
	if len(sigma) > 0 {
		pl.Add(dots)
	}
	entries := 0
	if up != nil {
		pl.Legend.Add("μ > 0: raising it raises the metric", up)
		entries++
	}
	if down != nil {
		pl.Legend.Add("μ < 0: raising it lowers the metric", down)
		entries++
	}
	if len(sigma) > 0 {
		pl.Legend.Add("σ: nonlinear or interacting", dots)
		entries++
	}
	labels := make([]string, len(effects))
	for k, e := range effects {
		labels[k] = e.Param
	}
	pl.NominalY(labels...)
	pl.Y.Min, pl.Y.Max = -0.5-legendRoom(st, entries, height, len(effects)), float64(len(effects))-0.5
	pl.X.Min, pl.X.Max = 0, xs.hi*1.05
	if pl.X.Max == 0 {
		pl.X.Max = 1
	}
	return pl
}

// legendRoom returns the rows, in data units, to leave empty under n rows
// of bars for the legend in the bottom corner, so that it covers no bar.
func legendRoom(st style, entries int, height vg.Length, n int) float64 {
	if entries == 0 {
		return 0
	}
	need := vg.Length(entries) * st.legend * 1.3
	row := height / vg.Length(n+1)
	return float64(need / row)
}

// vgrid adds light vertical grid lines.
func vgrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	g.Vertical.Color = color.Gray{0xDD}
	g.Vertical.Width = vg.Points(0.6)
	p.Add(g)
}

func sobolPanel(st style, p SobolPanel, height vg.Length) *plot.Plot {
	idx := slices.Clone(p.Indices)
	slices.SortStableFunc(idx, func(a, b SobolIndex) int { return cmp.Compare(size(a.ST.Mean), size(b.ST.Mean)) })
	if !slices.ContainsFunc(idx, func(i SobolIndex) bool { return finite(i.S.Mean) || finite(i.ST.Mean) }) {
		return notePanel(st, p.Metric, "No indices: the metric does not vary in these runs")
	}
	pl := newPlot(st, p.Metric, "Share of the metric's variance (whiskers: 95% bootstrap interval)", "")
	pl.X.Tick.Marker = niceTicks{n: 5}
	vgrid(pl)
	xs := newSpan()
	xs.add(0)
	const off = 0.19 // each bar's distance from its row's centre, in rows
	w := min(barWidth(height, 2*len(idx)), 0.8*cm)
	var eb errorBars
	var thumbS, thumbT *plotter.BarChart
	for k, ix := range idx {
		for _, b := range []struct {
			e     Estimate
			y     float64
			col   color.NRGBA
			thumb **plotter.BarChart
		}{
			{ix.ST, float64(k) - off, okabeIto[4], &thumbT},
			{ix.S, float64(k) + off, okabeIto[0], &thumbS},
		} {
			if !finite(b.e.Mean) {
				continue
			}
			bar := &plotter.BarChart{Values: plotter.Values{b.e.Mean}, XMin: b.y, Width: w, Color: b.col, Horizontal: true}
			pl.Add(bar)
			if *b.thumb == nil {
				*b.thumb = bar
			}
			eb.add(b.e.Mean, b.y, b.e.Lo, b.e.Hi)
			xs.add(b.e.Mean, b.e.Lo, b.e.Hi)
		}
	}
	if len(eb.xy) > 0 {
		pl.Add(eb.horizontal(st))
	}
	pl.Add(&plotter.Line{XYs: plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(idx)) - 0.5}},
		LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}})
	entries := 0
	if thumbS != nil {
		pl.Legend.Add("S: first order (the parameter alone)", thumbS)
		entries++
	}
	if thumbT != nil {
		pl.Legend.Add("ST: total (with its interactions)", thumbT)
		entries++
	}
	labels := make([]string, len(idx))
	for k, ix := range idx {
		labels[k] = ix.Param
	}
	pl.NominalY(labels...)
	pl.Y.Min, pl.Y.Max = -0.5-legendRoom(st, entries, height, len(idx)), float64(len(idx))-0.5
	r := xs.hi - xs.lo
	if r == 0 {
		r = 1
	}
	pl.X.Min, pl.X.Max = xs.lo-0.03*r, xs.hi+0.05*r
	return pl
}
