package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The panels are built from plotter structs rather than plotter's New*
// functions, which fail on NaN: the builders leave out what is undefined
// themselves, so they cannot fail.

// newPlot returns an empty panel in style st.
func newPlot(st style, title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = st.text(st.title).Font
	p.Title.Padding = st.title * 0.6
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, st.label)
		a.Tick.Label.Font = font.From(sans, st.tick)
		a.Label.Padding = st.label * 0.4
		a.Tick.Marker = niceTicks{}
	}
	p.Legend.TextStyle.Font = font.From(sans, st.legend)
	p.Legend.ThumbnailWidth = 2.5 * st.legend
	p.Legend.Padding = st.legend * 0.25
	return p
}

// notePanel is a panel that only says something, such as what is missing.
func notePanel(st style, title, msg string) *plot.Plot {
	p := newPlot(st, title, "", "")
	p.HideAxes()
	ts := st.text(st.label)
	ts.YAlign = draw.YCenter
	p.Add(&plotter.Labels{XYs: plotter.XYs{{X: 0.5, Y: 0.5}}, Labels: []string{msg}, TextStyle: []text.Style{ts}})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return p
}

// hgrid adds light horizontal grid lines.
func hgrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = color.Gray{0xDD}
	g.Horizontal.Width = vg.Points(0.6)
	p.Add(g)
}

// span tracks the range of the data a panel shows.
type span struct{ lo, hi float64 }

func newSpan() span { return span{math.Inf(1), math.Inf(-1)} }

func (s *span) add(xs ...float64) {
	for _, x := range xs {
		if finite(x) {
			s.lo, s.hi = min(s.lo, x), max(s.hi, x)
		}
	}
}

func (s span) ok() bool { return s.lo <= s.hi }

// setY sets p's Y axis to the span with a margin below and headroom above
// (for a legend at the top); zero, if within reach, is kept in view.
func setY(p *plot.Plot, s span, headroom float64, fromZero bool) {
	if fromZero {
		s.add(0)
	}
	r := s.hi - s.lo
	if r == 0 {
		r = math.Max(math.Abs(s.hi), 1)
	}
	p.Y.Min, p.Y.Max = s.lo-0.05*r, s.hi+headroom*r
	if fromZero && s.lo >= 0 {
		p.Y.Min = 0
	}
}

// yAxis says how a time panel's Y axis may be drawn so as not to mislead:
// from zero (rates, whose small gaps look large on an axis that starts near
// them), and never above a ceiling (100% for a share; 0 for none).
type yAxis struct {
	fromZero bool
	ceiling  float64
	floored  bool // never below zero
}

var (
	rateAxis    = yAxis{fromZero: true}
	percentAxis = yAxis{ceiling: 100, floored: true}
	freeAxis    = yAxis{}
)

// timePanel draws one line per scenario over time, with its interval as a
// shaded band, each value multiplied by scale (100 for percentages). Band i
// takes the colour of scenario first+i.
func timePanel(st style, title, ylabel string, names []string, bands []Band, scale float64, first int, ax yAxis) *plot.Plot {
	if len(bands) == 0 {
		return notePanel(st, title, "No such series in these scenarios")
	}
	xlabel := "Years from the start of the run (shaded: 95% interval)"
	if slices.ContainsFunc(bands, func(b Band) bool { return b.Clipped }) {
		xlabel = "Years from the start of the run\n(shaded: 95% interval, " + clippedText + ")"
	}
	p := newPlot(st, title, xlabel, ylabel)
	hgrid(p)
	ys, xs := newSpan(), newSpan()
	for i, b := range bands {
		var line plotter.XYs
		var upper, lower plotter.XYs
		for k := range b.X {
			x, m := b.X[k], b.Mean[k]*scale
			if !finite(x, m) {
				continue
			}
			line = append(line, plotter.XY{X: x, Y: m})
			xs.add(x)
			ys.add(m)
			if lo, hi := b.Lo[k]*scale, b.Hi[k]*scale; finite(lo, hi) {
				upper = append(upper, plotter.XY{X: x, Y: hi})
				lower = append(lower, plotter.XY{X: x, Y: lo})
				ys.add(lo, hi)
			}
		}
		if len(line) == 0 {
			continue
		}
		col := scenarioColor(first + i)
		l := &plotter.Line{XYs: line, LineStyle: draw.LineStyle{Color: col, Width: st.line, Dashes: scenarioDashes(first + i)}}
		thumbs := []plot.Thumbnailer{l}
		if len(upper) > 1 {
			slices.Reverse(lower)
			band := &plotter.Polygon{XYs: []plotter.XYs{append(upper, lower...)}, Color: translucent(col, 0x40)}
			p.Add(band)
			thumbs = []plot.Thumbnailer{band, l}
		}
		p.Add(l)
		p.Legend.Add(name(names, i), thumbs...)
	}
	if !ys.ok() {
		return notePanel(st, title, "No data in the statistics window")
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = st.legend * 0.5
	// Room for the legend, a line per scenario: at the top, or at the
	// bottom where the axis starts at zero (room enough there) or where
	// room at the top would pass the ceiling.
	room := 0.12 + 0.1*float64(len(bands))
	setY(p, ys, room, ax.fromZero)
	if ax.fromZero || (ax.ceiling > 0 && p.Y.Max > ax.ceiling) {
		p.Legend.Top = false
		p.Legend.YOffs = st.legend * 0.5
		r := ys.hi - min(ys.lo, p.Y.Min)
		if r == 0 {
			r = math.Max(math.Abs(ys.hi), 1)
		}
		p.Y.Max = ys.hi + 0.05*r
		if !ax.fromZero {
			p.Y.Min = ys.lo - room*r
		}
	}
	if ax.ceiling > 0 {
		p.Y.Max = min(p.Y.Max, ax.ceiling)
		p.Y.Min = min(p.Y.Min, p.Y.Max-1)
	}
	if ax.floored {
		p.Y.Min = max(p.Y.Min, 0)
	}
	p.X.Min, p.X.Max = xs.lo, xs.hi
	return p
}

// differencePanel draws each scenario's paired difference from the
// baseline over time, with its interval, around a line at zero.
func differencePanel(st style, title, ylabel string, names []string, diffs []Band) *plot.Plot {
	if len(names) < 2 || len(diffs) == 0 {
		return notePanel(st, title, "One scenario: no difference to show")
	}
	p := timePanel(st, title, ylabel, names[1:], diffs, 1, 1, freeAxis)
	if p.X.Min < p.X.Max {
		p.Add(&plotter.Line{XYs: plotter.XYs{{X: p.X.Min, Y: 0}, {X: p.X.Max, Y: 0}},
			LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}})
		p.Y.Min, p.Y.Max = min(p.Y.Min, 0), max(p.Y.Max, 0)
	}
	return p
}

func name(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return "scenario " + string(rune('A'+i%26))
}

// errorBars holds the points and errors of error bars.
type errorBars struct {
	xy       plotter.XYs
	low, upp []float64
}

func (e *errorBars) add(x, y, lo, hi float64) {
	if finite(x, y, lo, hi) {
		e.xy = append(e.xy, plotter.XY{X: x, Y: y})
		e.low, e.upp = append(e.low, lo), append(e.upp, hi)
	}
}

// errs returns the errors relative to the points along their values: y for
// vertical bars, x for horizontal ones.
func (e *errorBars) errs(horizontal bool) plotter.Errors {
	out := make(plotter.Errors, len(e.xy))
	for i, p := range e.xy {
		v := p.Y
		if horizontal {
			v = p.X
		}
		out[i].Low, out[i].High = v-e.low[i], e.upp[i]-v
	}
	return out
}

func (e *errorBars) vertical(st style) *plotter.YErrorBars {
	return &plotter.YErrorBars{XYs: e.xy, YErrors: plotter.YErrors(e.errs(false)),
		LineStyle: draw.LineStyle{Color: color.Black, Width: st.line * 0.6}, CapWidth: st.tick}
}

func (e *errorBars) horizontal(st style) *plotter.XErrorBars {
	return &plotter.XErrorBars{XYs: e.xy, XErrors: plotter.XErrors(e.errs(true)),
		LineStyle: draw.LineStyle{Color: color.Black, Width: st.line * 0.6}, CapWidth: st.tick}
}

// barWidth is the width of one of n bars sharing length l of a panel.
func barWidth(l vg.Length, n int) vg.Length {
	return min(0.6*l/vg.Length(max(n, 1)), 2.5*vg.Centimeter)
}

// barPanel draws one bar per scenario, in the scenario's colour, with its
// interval.
func barPanel(st style, title, ylabel string, names []string, ests []Estimate, width vg.Length) *plot.Plot {
	p := newPlot(st, title, "", ylabel)
	hgrid(p)
	ys := newSpan()
	var eb errorBars
	missing := &plotter.Labels{}
	for i, e := range ests {
		if !finite(e.Mean) {
			ts := st.text(st.tick)
			ts.YAlign = draw.YBottom
			missing.XYs = append(missing.XYs, plotter.XY{X: float64(i), Y: 0})
			missing.Labels = append(missing.Labels, "not reported")
			missing.TextStyle = append(missing.TextStyle, ts)
			continue
		}
		p.Add(&plotter.BarChart{Values: plotter.Values{e.Mean}, XMin: float64(i), Width: barWidth(width, len(ests)), Color: scenarioColor(i)})
		eb.add(float64(i), e.Mean, e.Lo, e.Hi)
		ys.add(e.Mean, e.Lo, e.Hi)
	}
	if !ys.ok() {
		return notePanel(st, title, "Not reported by these scenarios")
	}
	if len(eb.xy) > 0 {
		p.Add(eb.vertical(st))
	}
	if slices.ContainsFunc(ests, func(e Estimate) bool { return e.Clipped }) {
		p.X.Label.Text = "Bars: 95% interval, " + clippedText
	}
	if len(missing.XYs) > 0 {
		p.Add(missing)
	}
	p.NominalX(st.nominal(names[:len(ests)])...)
	p.X.Min, p.X.Max = -0.5, float64(len(ests))-0.5
	setY(p, ys, 0.08, true)
	return p
}

// upcPanel draws the distribution of UPC in each scenario: the share of
// patients in each bin as a step line over a light fill, and a triangle on
// the X axis at the scenario's mean. The X axis gets a shorter label if the
// long one is wider than width.
func upcPanel(st style, names []string, upc []UPC, width vg.Length) *plot.Plot {
	const title = "Continuity of GP care by patient"
	xlabel := "UPC: share of consultations with the usual GP (▲ mean)"
	if st.text(st.label).Width(xlabel) > width {
		xlabel = "UPC, usual provider of care (▲ mean)"
	}
	p := newPlot(st, title, xlabel, "Share of patients (%)")
	hgrid(p)
	ys := newSpan()
	var means plotter.XYs
	var meanColors []color.Color
	for i, u := range upc {
		n := len(u.Histogram)
		if n == 0 || !finite(u.Histogram...) {
			continue
		}
		// Post-steps from the left edge of each bin, down to zero at both ends.
		xy := make(plotter.XYs, 0, n+2)
		xy = append(xy, plotter.XY{X: 0, Y: 0})
		for k, h := range u.Histogram {
			xy = append(xy, plotter.XY{X: float64(k) / float64(n), Y: 100 * h})
			ys.add(100 * h)
		}
		xy = append(xy, plotter.XY{X: 1, Y: 0})
		col := scenarioColor(i)
		l := &plotter.Line{XYs: xy, StepStyle: plotter.PostStep, FillColor: translucent(col, 0x20),
			LineStyle: draw.LineStyle{Color: col, Width: st.line, Dashes: scenarioDashes(i)}}
		p.Add(l)
		p.Legend.Add(name(names, i), l)
		if finite(u.Mean.Mean) {
			means = append(means, plotter.XY{X: u.Mean.Mean})
			meanColors = append(meanColors, col)
		}
	}
	if !ys.ok() {
		return notePanel(st, title, "No UPC distribution in these scenarios")
	}
	p.X.Min, p.X.Max = 0, 1
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = st.legend * 0.5
	// Room at the top for the legend: a line per scenario.
	setY(p, ys, 0.12+0.1*float64(len(upc)), true)
	if len(means) > 0 {
		sc := &plotter.Scatter{XYs: means}
		sc.GlyphStyleFunc = func(k int) draw.GlyphStyle {
			return draw.GlyphStyle{Color: meanColors[k], Radius: st.tick * 0.45, Shape: draw.PyramidGlyph{}}
		}
		for k := range sc.XYs {
			sc.XYs[k].Y = p.Y.Min
		}
		p.Add(sc)
	}
	return p
}

// costPanel stacks each scenario's costs per head by category, with the
// interval of the total.
func costPanel(st style, names []string, c Costs, width vg.Length) *plot.Plot {
	const title = "Running, transaction and integration costs (accounting)"
	if len(c.Categories) == 0 || len(c.PerHead) == 0 {
		return notePanel(st, title, "No cost metrics in these scenarios\n(cost_per_head_CATEGORY)")
	}
	p := newPlot(st, title, "", "£ per head a year")
	hgrid(p)
	n := len(c.PerHead)
	// The legend goes to the right of the bars, in room made by widening
	// the X axis: a stack of many categories leaves no headroom for it.
	ts := st.text(st.legend)
	var legendW vg.Length
	for _, cat := range c.Categories {
		legendW = max(legendW, ts.Width(cat))
	}
	legendW += p.Legend.ThumbnailWidth + 2*st.legend
	f := min(float64(legendW/width), 0.6)
	ys := newSpan()
	var below *plotter.BarChart
	type legendEntry struct {
		label string
		thumb plot.Thumbnailer
	}
	var legend []legendEntry
	for j, cat := range c.Categories {
		vals := make(plotter.Values, n)
		for i := range vals {
			if j < len(c.PerHead[i]) && finite(c.PerHead[i][j]) {
				vals[i] = c.PerHead[i][j]
			}
		}
		b := &plotter.BarChart{Values: vals, Width: barWidth(width*vg.Length(1-f), n), Color: c.colourOf(j),
			LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
		if below != nil {
			b.StackOn(below)
		}
		for i := range vals {
			ys.add(b.BarHeight(i)) // the top of the stack so far
		}
		p.Add(b)
		legend = append(legend, legendEntry{cat, b})
		below = b
	}
	for _, e := range slices.Backward(legend) { // top of the stack first
		p.Legend.Add(e.label, e.thumb)
	}
	var eb errorBars
	for i, t := range c.Total {
		eb.add(float64(i), t.Mean, t.Lo, t.Hi)
		ys.add(t.Lo, t.Hi)
	}
	if len(eb.xy) > 0 {
		p.Add(eb.vertical(st))
	}
	p.NominalX(st.nominal(names[:n])...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5+float64(n)*f/(1-f)
	p.Legend.Top = true
	setY(p, ys, 0.08, true)
	return p
}

// attributionPanel draws a tornado: each lever's effect alone, largest at
// the top, under the sum of those effects and the whole difference.
//
// With top above 0, only the top levers with the largest effects are drawn,
// with short labels (the sum still counts every lever).
func attributionPanel(st style, baseline string, a AttributionPanel, height vg.Length, top int) *plot.Plot {
	levers := slices.Clone(a.Levers)
	// NaN effects sort as smallest.
	size := func(e Effect) float64 {
		if !finite(e.Mean) {
			return -1
		}
		return math.Abs(e.Mean)
	}
	slices.SortStableFunc(levers, func(x, y Effect) int { return cmp.Compare(size(x), size(y)) })
	short := top > 0
	title := "Change from " + baseline + " (bars: 95% interval)"
	if short && len(levers) > top {
		levers = levers[len(levers)-top:]
		title = fmt.Sprintf("Change from %s: the %d largest of %d levers", baseline, top, len(a.Levers))
	}
	rows := append(levers,
		Effect{Lever: "Sum of single-lever effects", Estimate: Estimate{Mean: a.Sum, Lo: math.NaN(), Hi: math.NaN()}},
		Effect{Lever: "All levers together", Estimate: a.Full})
	heading := a.Metric
	if short {
		// On the dashboard the panel stands alone: say what it shows.
		heading = "Which lever drives the difference in\n" + lowerFirst(a.Metric) + "?"
	}
	p := newPlot(st, heading, title, "")
	p.X.Tick.Marker = niceTicks{n: 4} // room for labels such as 0.002
	xs := newSpan()
	xs.add(0)
	var eb errorBars
	w := barWidth(height, len(rows))
	for k, r := range rows {
		if !finite(r.Mean) {
			continue
		}
		// Levers in a neutral colour, not a scenario's; the whole
		// difference in the target scenario's colour, as elsewhere.
		col := leverColor
		switch k {
		case len(rows) - 2:
			col = grey
		case len(rows) - 1:
			col = scenarioColor(1)
		}
		p.Add(&plotter.BarChart{Values: plotter.Values{r.Mean}, XMin: float64(k), Width: w, Color: col, Horizontal: true})
		eb.add(r.Mean, float64(k), r.Lo, r.Hi)
		xs.add(r.Mean, r.Lo, r.Hi)
	}
	p.Add(&plotter.Line{XYs: plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(rows)) - 0.5}},
		LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}})
	if len(eb.xy) > 0 {
		p.Add(eb.horizontal(st))
	}
	labels := make([]string, len(rows))
	for k, r := range rows {
		labels[k] = r.label(short)
		if short {
			labels[k] = wrapLabel(labels[k], 3*st.wrap/2)
		}
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	r := xs.hi - xs.lo
	if r == 0 {
		r = 1
	}
	p.X.Min, p.X.Max = xs.lo-0.05*r, xs.hi+0.05*r
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	g.Vertical.Color = color.Gray{0xDD}
	p.Add(g)
	return p
}

// clippedText says that intervals were cut to the values the quantity can
// take.
const clippedText = "clipped to the possible range"

// leverColor is the colour of a lever's bar in an attribution.
var leverColor = color.NRGBA{0x55, 0x55, 0x55, 0xFF}

// lowerFirst lowers the first letter of a label, unless it begins an
// abbreviation (such as "UPC").
func lowerFirst(s string) string {
	if len(s) < 2 || s[1] < 'a' || s[1] > 'z' || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// wrapLabel breaks a label longer than width runes onto two lines: after
// its colon if it has one (a lever's name, then its change), else at the
// space nearest its middle.
func wrapLabel(s string, width int) string {
	rs := []rune(s)
	if len(rs) <= width {
		return s
	}
	if i := strings.Index(s, ": "); i > 0 {
		return s[:i+1] + "\n" + s[i+2:]
	}
	best := -1
	for j, r := range rs {
		if r == ' ' && (best < 0 || abs(j-len(rs)/2) < abs(best-len(rs)/2)) {
			best = j
		}
	}
	if best <= 0 {
		return s
	}
	return string(rs[:best]) + "\n" + string(rs[best+1:])
}

// marked draws a dashed vertical line at each of the times (years) that
// lies within p's time axis: where a scenario's timeline changes levers.
func marked(p *plot.Plot, times []float64) *plot.Plot {
	first := true
	for _, x := range times {
		if x < p.X.Min || x > p.X.Max || !(p.Y.Min < p.Y.Max) {
			continue
		}
		l := &plotter.Line{
			XYs:       plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}},
			LineStyle: draw.LineStyle{Color: color.Gray{Y: 0x60}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}},
		}
		p.Add(l)
		if first {
			p.Legend.Add("timeline change", l)
			first = false
		}
	}
	return p
}
