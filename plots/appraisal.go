package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/nhssim/nhssim/sim/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CostEffectiveness is one scenario's appraisal against the baseline over
// parameter draws: each draw's incremental cost and QALYs per head
// (scenario minus baseline; positive QALY is health gained), and the
// acceptability curve, P[k] being the share of draws in which the scenario
// is cost effective at WTP[k] £ per QALY.
type CostEffectiveness struct {
	Scenario, Baseline string
	Cost, QALY         []float64
	WTP, P             []float64
}

// Appraisal is the data of an uncertainty analysis's appraisal charts.
// Thresholds are the values of a QALY drawn as lines on both charts (such
// as NICE's £20,000 and £30,000).
type Appraisal struct {
	Title, Footer string
	Thresholds    []float64
	Comparisons   []CostEffectiveness
}

// thresholdDashes are the dash patterns of the threshold lines, in order.
var thresholdDashes = [][]vg.Length{{vg.Points(5), vg.Points(2.5)}, {vg.Points(1.5), vg.Points(2)}, {vg.Points(7), vg.Points(2), vg.Points(1.5), vg.Points(2)}}

// AppraisalCharts returns the charts of an appraisal under parameter
// uncertainty: ce-plane (each draw's incremental QALYs against its
// incremental cost, with a line through the origin at each threshold:
// points below a line are cost effective at that value of a QALY) and
// ceac (the probability that each option is cost effective against the
// value of a QALY), each with its data.
func AppraisalCharts(a *Appraisal) []*Chart {
	plane := single("ce-plane", planePanel(full, a))
	plane.Title = a.Title
	plane.Note = "One point per parameter draw (discounted, per head). Below a line: cost effective at that value of a QALY."
	ceac := single("ceac", ceacPanel(full, a))
	ceac.Title = a.Title
	ceac.Note = "The share of parameter draws in which each option has the higher net monetary benefit."
	var pt, ct table
	for _, c := range a.Comparisons {
		series := c.Scenario + " − " + c.Baseline
		for i := range c.Cost {
			if i < len(c.QALY) {
				pt.add("incremental_qalys", series, strconv.Itoa(i+1), c.QALY[i], nan, nan)
				pt.add("incremental_cost", series, strconv.Itoa(i+1), c.Cost[i], nan, nan)
			}
		}
		for k, w := range c.WTP {
			if k < len(c.P) {
				ct.add("p_cost_effective", c.Scenario+" vs "+c.Baseline, numfmt.Exact(w), c.P[k], nan, nan)
				ct.add("p_cost_effective", c.Baseline+" vs "+c.Scenario, numfmt.Exact(w), 1-c.P[k], nan, nan)
			}
		}
	}
	plane.Data, ceac.Data = pt.csv(), ct.csv()
	out := []*Chart{plane, ceac}
	for _, ch := range out {
		ch.Footer = a.Footer
	}
	return out
}

// thresholdLabel names a value of a QALY, such as "£20,000 per QALY".
func thresholdLabel(w float64) string { return "£" + numfmt.Group(w) + " per QALY" }

func thresholdStyle(k int) draw.LineStyle {
	return draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(1), Dashes: thresholdDashes[k%len(thresholdDashes)]}
}

// planePanel draws the cost-effectiveness plane: one scatter per
// comparison, the axes through the origin, and each threshold as a line
// through the origin clipped to the panel.
func planePanel(st style, a *Appraisal) *plot.Plot {
	const title = "Cost-effectiveness plane"
	xs, ys := newSpan(), newSpan()
	for _, c := range a.Comparisons {
		for i := range c.Cost {
			if i < len(c.QALY) && finite(c.Cost[i], c.QALY[i]) {
				xs.add(c.QALY[i])
				ys.add(c.Cost[i])
			}
		}
	}
	if !xs.ok() {
		return notePanel(st, title, "No draws with both an incremental cost and QALYs")
	}
	xs.add(0)
	ys.add(0)
	pad := func(s span) span {
		r := s.hi - s.lo
		if r == 0 {
			r = math.Max(math.Abs(s.hi), 1)
		}
		return span{s.lo - 0.08*r, s.hi + 0.08*r}
	}
	xs, ys = pad(xs), pad(ys)
	lines := ys                                                                     // the threshold lines stay below the legend
	ys.hi += 0.12 * float64(len(a.Comparisons)+len(a.Thresholds)) * (ys.hi - ys.lo) // room for the legend
	p := newPlot(st, title, "Incremental QALYs per head (health gained)", "Incremental cost per head (£)")
	axis := draw.LineStyle{Color: color.Gray{0xAA}, Width: vg.Points(0.6)}
	p.Add(&plotter.Line{XYs: plotter.XYs{{X: xs.lo, Y: 0}, {X: xs.hi, Y: 0}}, LineStyle: axis},
		&plotter.Line{XYs: plotter.XYs{{X: 0, Y: ys.lo}, {X: 0, Y: ys.hi}}, LineStyle: axis})
	for i, c := range a.Comparisons {
		var xy plotter.XYs
		for k := range c.Cost {
			if k < len(c.QALY) && finite(c.Cost[k], c.QALY[k]) {
				xy = append(xy, plotter.XY{X: c.QALY[k], Y: c.Cost[k]})
			}
		}
		s := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: translucent(scenarioColor(i+1), 170), Radius: st.line * 1.4, Shape: draw.CircleGlyph{}}}
		p.Add(s)
		p.Legend.Add(c.Scenario+" − "+c.Baseline, s)
	}
	for k, w := range a.Thresholds {
		if seg, ok := clipRay(w, xs, lines); ok {
			l := &plotter.Line{XYs: seg, LineStyle: thresholdStyle(k)}
			p.Add(l)
			p.Legend.Add(thresholdLabel(w), l)
		}
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xs.lo, xs.hi, ys.lo, ys.hi
	p.Legend.Top = true
	return p
}

// clipRay returns the segment of the line y = slope·x that lies in the box
// xs × ys, which contains the origin, and whether there is one.
func clipRay(slope float64, xs, ys span) (plotter.XYs, bool) {
	end := func(x float64) plotter.XY {
		y := slope * x
		switch {
		case y > ys.hi:
			x, y = ys.hi/slope, ys.hi
		case y < ys.lo:
			x, y = ys.lo/slope, ys.lo
		}
		return plotter.XY{X: x, Y: y}
	}
	if !finite(slope) || slope == 0 {
		return plotter.XYs{{X: xs.lo, Y: 0}, {X: xs.hi, Y: 0}}, finite(slope)
	}
	a, b := end(xs.lo), end(xs.hi)
	return plotter.XYs{a, b}, a != b
}

// ceacPanel draws the acceptability curves: for each comparison, the
// scenario's probability of being cost effective and the baseline's (its
// complement), against the value of a QALY in £ thousands.
func ceacPanel(st style, a *Appraisal) *plot.Plot {
	const title = "Cost-effectiveness acceptability curve"
	p := newPlot(st, title, "Value of a QALY (£ thousands)", "Probability cost effective")
	hgrid(p)
	xs := newSpan()
	n := 0
	for i, c := range a.Comparisons {
		var s, b plotter.XYs
		for k, w := range c.WTP {
			if k < len(c.P) && finite(w, c.P[k]) {
				s = append(s, plotter.XY{X: w / 1000, Y: c.P[k]})
				b = append(b, plotter.XY{X: w / 1000, Y: 1 - c.P[k]})
				xs.add(w / 1000)
			}
		}
		if len(s) == 0 {
			continue
		}
		names := [2]string{c.Scenario, c.Baseline}
		if len(a.Comparisons) > 1 {
			names = [2]string{c.Scenario + " (vs " + c.Baseline + ")", c.Baseline + " (vs " + c.Scenario + ")"}
		}
		for j, xy := range []plotter.XYs{s, b} {
			col := scenarioColor(i + 1)
			if j == 1 {
				col = scenarioColor(0)
			}
			l := &plotter.Line{XYs: xy, LineStyle: draw.LineStyle{Color: col, Width: st.line, Dashes: scenarioDashes(n)}}
			p.Add(l)
			p.Legend.Add(names[j], l)
			n++
		}
	}
	if !xs.ok() {
		return notePanel(st, title, "No acceptability curve: no draws")
	}
	top := 1.0 + 0.09*float64(n+len(a.Thresholds))
	for k, w := range a.Thresholds {
		l := &plotter.Line{XYs: plotter.XYs{{X: w / 1000, Y: 0}, {X: w / 1000, Y: 1}}, LineStyle: thresholdStyle(k)}
		p.Add(l)
		p.Legend.Add(thresholdLabel(w), l)
		xs.add(w / 1000)
	}
	p.X.Min, p.X.Max = xs.lo, xs.hi
	p.Y.Min, p.Y.Max = 0, top
	p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	p.Legend.Top = true
	return p
}

// probabilityTicks label 0 to 1 in steps of 0.2, leaving the legend's room
// above 1 unlabelled.
func probabilityTicks() []plot.Tick {
	var ts []plot.Tick
	for k := 0; k <= 5; k++ {
		v := float64(k) / 5
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.1f", v)})
	}
	return ts
}
