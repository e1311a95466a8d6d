package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// UncertainHeadline is one headline metric's difference under parameter
// uncertainty: the draws' differences (scenario minus baseline), their
// median and 95% uncertainty interval, the noise-only interval, the
// probabilities that each side is better (by more than MID), and the
// drivers' first-order indices, largest first.
type UncertainHeadline struct {
	Name, Metric       string // the metric's name (for files) and its label
	Scenario, Baseline string
	Differences        []float64
	Median, Lo, Hi     float64
	NoiseLo, NoiseHi   float64
	PBetter, PWorse    float64
	PBetterMID         float64
	PWorseMID          float64
	MID                float64
	Fixed              bool
	Drivers            []SobolIndex // S only
	Floor              float64      // the index chance alone reaches (95%), drawn as a dashed line
}

// Uncertainty is an uncertainty analysis's charts' data.
type Uncertainty struct {
	Title, Footer string
	Headlines     []UncertainHeadline
}

// UncertaintyCharts returns the charts of an uncertainty analysis:
// uncertainty-probability (the share of draws in which each side is
// better, and better by more than the minimum important difference),
// uncertainty-differences (each headline difference's distribution over
// the draws) and uncertainty-drivers (each headline's first-order
// indices), each with its data.
func UncertaintyCharts(u *Uncertainty) []*Chart {
	n := len(u.Headlines)
	prob := single("uncertainty-probability", probabilityPanel(full, u.Headlines))
	prob.Title = u.Title
	prob.Note = "Darker: better by more than the minimum important difference (MID; docs/uncertainty.md)."
	diffs := grid("uncertainty-differences", u.Title, n)
	diffs.Note = "Each draw's difference (mean of its replicates). Solid: median; dashed: 95% uncertainty interval; grey band: the interval from replicate noise alone; dotted: no difference."
	drivers := grid("uncertainty-drivers", u.Title, n)
	drivers.Note = "First-order index: the share of the difference's variance over the draws that the parameter alone explains (binned estimate from the draws; docs/uncertainty.md). Dashed: what an unrelated parameter reaches by chance in 5% of designs."
	h := diffs.Height/vg.Length(max(diffs.Rows, 1)) - panelMargin
	var pt, dt, rt table
	for _, hl := range u.Headlines {
		diffs.Panels = append(diffs.Panels, differencesPanel(compact, hl))
		drivers.Panels = append(drivers.Panels, driversPanel(compact, hl, h))
		pt.add(hl.Name, hl.Scenario+" better by more than the MID", "", hl.PBetterMID, math.NaN(), math.NaN())
		pt.add(hl.Name, hl.Scenario+" better", "", hl.PBetter, math.NaN(), math.NaN())
		pt.add(hl.Name, hl.Baseline+" better", "", hl.PWorse, math.NaN(), math.NaN())
		pt.add(hl.Name, hl.Baseline+" better by more than the MID", "", hl.PWorseMID, math.NaN(), math.NaN())
		for i, d := range hl.Differences {
			dt.add(hl.Name, hl.Scenario+" − "+hl.Baseline, strconv.Itoa(i+1), d, math.NaN(), math.NaN())
		}
		for _, d := range hl.Drivers {
			rt.add(hl.Name, d.Param, "", d.S.Mean, math.NaN(), math.NaN())
		}
	}
	prob.Data, diffs.Data, drivers.Data = pt.csv(), dt.csv(), rt.csv()
	out := []*Chart{prob, diffs, drivers}
	for _, ch := range out {
		ch.Footer = u.Footer
	}
	return out
}

// grid is an A4 landscape page of n tiles, two a row.
func grid(name, title string, n int) *Chart {
	return &Chart{Name: name, Width: dashboardW, Height: dashboardH, Rows: max((n+1)/2, 1), Cols: min(max(n, 1), 2), style: compact, Title: title}
}

// probabilityPanel draws, for each headline, one bar split into the share
// of draws in which the scenario is better by more than the MID, better by
// less, and the baseline better by less and by more.
func probabilityPanel(st style, hs []UncertainHeadline) *plot.Plot {
	p := newPlot(st, "Which is better, over the parameter draws", "Share of draws", "")
	if len(hs) == 0 {
		return notePanel(st, "Which is better", "No headline metric to show")
	}
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = niceTicks{n: 5}
	labels := make([]string, len(hs))
	colours := []color.Color{okabeIto[4], lighter(okabeIto[4]), lighter(okabeIto[5]), okabeIto[5]}
	w := barWidth(singleH-3*cm, len(hs))
	var thumbs [4]*plotter.BarChart
	for k, hl := range hs {
		y := float64(len(hs) - 1 - k) // the first headline at the top
		labels[len(hs)-1-k] = hl.Metric
		if hl.Fixed || !finite(hl.PBetter) {
			continue
		}
		parts := []float64{hl.PBetterMID, hl.PBetter - hl.PBetterMID, hl.PWorse - hl.PWorseMID, hl.PWorseMID}
		x := 0.0
		for j, v := range parts {
			v = max(v, 0)
			bar := &plotter.BarChart{Values: plotter.Values{v}, XMin: y, Width: w, Color: colours[j], Horizontal: true, Offset: 0}
			bar.LineStyle.Width = 0
			// BarChart stacks by StackOn; a bar's base here is the sum so far.
			base := &plotter.BarChart{Values: plotter.Values{x}, XMin: y, Width: w, Horizontal: true}
			bar.StackOn(base)
			p.Add(bar)
			x += v
			if thumbs[j] == nil {
				thumbs[j] = bar
			}
		}
	}
	if len(hs) > 0 {
		names := []string{
			fmt.Sprintf("%s better by > MID", hs[0].Scenario), fmt.Sprintf("%s better", hs[0].Scenario),
			fmt.Sprintf("%s better", hs[0].Baseline), fmt.Sprintf("%s better by > MID", hs[0].Baseline),
		}
		for j, t := range thumbs {
			if t != nil {
				p.Legend.Add(names[j], t)
			}
		}
	}
	p.Add(&plotter.Line{XYs: plotter.XYs{{X: 0.5, Y: -0.5}, {X: 0.5, Y: float64(len(hs)) - 0.5}},
		LineStyle: draw.LineStyle{Color: color.Gray{0x66}, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}})
	p.NominalY(st.nominal(labels)...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(hs))-0.5+1.3 // room for the legend above the bars
	p.Legend.Top = true
	return p
}

// lighter mixes a colour halfway to white.
func lighter(c color.NRGBA) color.NRGBA {
	return color.NRGBA{R: c.R/2 + 128, G: c.G/2 + 128, B: c.B/2 + 128, A: c.A}
}

// differencesPanel is a histogram of one headline's draw differences with
// its median, uncertainty interval, noise-only interval and zero.
func differencesPanel(st style, hl UncertainHeadline) *plot.Plot {
	title := hl.Metric
	if hl.Fixed || len(hl.Differences) < 2 {
		msg := "Too few draws to show"
		if hl.Fixed {
			msg = fmt.Sprintf("The same in every draw: %s", strconv.FormatFloat(hl.Median, 'g', 4, 64))
		}
		return notePanel(st, title, msg)
	}
	p := newPlot(st, title, hl.Scenario+" − "+hl.Baseline, "Draws")
	vals := make(plotter.Values, 0, len(hl.Differences))
	for _, d := range hl.Differences {
		if finite(d) {
			vals = append(vals, d)
		}
	}
	bins := max(5, int(math.Round(math.Sqrt(float64(len(vals))))))
	h, err := plotter.NewHist(vals, bins)
	if err != nil {
		return notePanel(st, title, "No differences to show")
	}
	h.FillColor = lighter(okabeIto[0])
	h.LineStyle.Width = vg.Points(0.4)
	top := 0.0
	for _, b := range h.Bins {
		top = max(top, b.Weight)
	}
	if finite(hl.NoiseLo) && finite(hl.NoiseHi) {
		band := &plotter.Polygon{XYs: []plotter.XYs{{{X: hl.NoiseLo, Y: 0}, {X: hl.NoiseHi, Y: 0}, {X: hl.NoiseHi, Y: top * 1.1}, {X: hl.NoiseLo, Y: top * 1.1}}}, Color: color.Gray{0xCC}}
		band.LineStyle.Width = 0
		p.Add(band)
	}
	p.Add(h)
	vline := func(x float64, dashes []vg.Length, c color.Color) {
		if finite(x) {
			p.Add(&plotter.Line{XYs: plotter.XYs{{X: x, Y: 0}, {X: x, Y: top * 1.1}}, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1), Dashes: dashes}})
		}
	}
	vline(0, []vg.Length{vg.Points(1), vg.Points(2)}, color.Black)
	vline(hl.Median, nil, okabeIto[5])
	vline(hl.Lo, []vg.Length{vg.Points(4), vg.Points(2)}, okabeIto[5])
	vline(hl.Hi, []vg.Length{vg.Points(4), vg.Points(2)}, okabeIto[5])
	p.Y.Min, p.Y.Max = 0, top*1.1
	return p
}

// driversPanel draws a headline's largest first-order indices as bars,
// largest at the top.
func driversPanel(st style, hl UncertainHeadline, height vg.Length) *plot.Plot {
	title := hl.Metric
	var ds []SobolIndex
	for _, d := range hl.Drivers {
		if finite(d.S.Mean) {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return notePanel(st, title, "No drivers: the difference does not vary, or too few draws")
	}
	p := newPlot(st, title, "First-order index", "")
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = niceTicks{n: 5}
	vgrid(p)
	w := min(barWidth(height, len(ds)), 0.6*cm)
	labels := make([]string, len(ds))
	for k, d := range ds {
		y := float64(len(ds) - 1 - k)
		labels[len(ds)-1-k] = d.Param
		p.Add(&plotter.BarChart{Values: plotter.Values{d.S.Mean}, XMin: y, Width: w, Color: okabeIto[0], Horizontal: true})
	}
	if finite(hl.Floor) {
		floor := &plotter.Line{XYs: plotter.XYs{{X: hl.Floor, Y: -0.5}, {X: hl.Floor, Y: float64(len(ds)) - 0.5}},
			LineStyle: draw.LineStyle{Color: okabeIto[5], Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
		p.Add(floor)
		p.Legend.Add("chance alone (95%)", floor)
		p.Legend.Top = true
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(ds))-0.5
	return p
}
