// Package plots draws the charts of a comparison of scenarios with
// gonum/plot: emergency admissions over time, costs per head, continuity of
// GP care, beds, lever attribution and a one-page dashboard. It holds no
// simulation logic: every chart is built from the plain numbers of a
// [Comparison].
//
// Charts use the Okabe–Ito palette, which stays distinguishable with the
// common kinds of colour blindness, and line dashes as a second cue; their
// sizes and fonts are chosen to read on an A4 page and on a projector.
// SVG and PNG output is byte-for-byte reproducible; so is PDF, with its
// dates fixed at the Unix epoch.
package plots

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Estimate is a mean with its 95% interval; Lo and Hi are NaN where there
// is no interval. Clipped says the interval was cut to the values the
// quantity can take (such as 0 for a count); the chart says so.
type Estimate struct {
	Mean, Lo, Hi float64
	Clipped      bool
}

// Band is one scenario's monthly series: its mean over replicates and the
// 95% interval of that mean, at times X in years from the start of the run.
// Clipped says some interval was cut to the values the quantity can take
// (such as 0 to 1 for a share); the chart says so.
type Band struct {
	X, Mean, Lo, Hi []float64
	Clipped         bool
}

// UPC is one scenario's distribution of usual-provider continuity (UPC: the
// share of a patient's consultations with their usual GP) over patients.
type UPC struct {
	// Histogram is the share of patients in each of len(Histogram) equal
	// bins of UPC from 0 to 1, averaged over replicates; nil if not reported.
	Histogram []float64
	Mean      Estimate // mean UPC, with its interval over replicates
}

// Costs are the costs per head of each scenario, by category. A category
// keeps its colour on every chart: the colour of its place in Categories.
type Costs struct {
	Categories []string    // such as "contracting"; none if the scenarios report no costs
	PerHead    [][]float64 // PerHead[scenario][category]: mean £ per head a year
	Total      []Estimate  // per scenario: the total, with its interval

	// colour[j] is category j's place in the full list, or -1 for the
	// "other" of [Costs.top]; nil means each category's own place.
	colour []int
}

// colourOf returns category j's colour.
func (c Costs) colourOf(j int) color.NRGBA {
	switch {
	case j >= len(c.colour):
		return categoryColor(j)
	case c.colour[j] < 0:
		return otherColor
	}
	return categoryColor(c.colour[j])
}

// Effect is one bar of an attribution: a lever, how it changed, and its
// mean effect with its interval.
type Effect struct {
	Lever  string // a readable name, such as "How hospitals are paid"
	Change string // such as "activity → block"; left out on the dashboard
	Estimate
}

func (e Effect) label(short bool) string {
	if short || e.Change == "" {
		return e.Lever
	}
	return e.Lever + ": " + e.Change
}

// AttributionPanel is the attribution of the difference in one metric.
type AttributionPanel struct {
	Metric string   // a readable name, with its unit
	Levers []Effect // each lever alone, from the baseline
	Sum    float64  // the sum of the levers' mean effects
	Full   Estimate // all the levers together: the difference between the scenarios
}

// Attribution is a lever attribution of the difference between two
// scenarios, one panel per headline metric.
type Attribution struct {
	Baseline, Target string
	Panels           []AttributionPanel
	Note             string // shown under the chart, such as levers left out
	// Lead is the panel that the dashboard shows: the metric that differs
	// most (the caller decides how to judge that). Out of range means the
	// first.
	Lead int
}

// lead returns the panel the dashboard shows.
func (a *Attribution) lead() AttributionPanel {
	if a.Lead >= 0 && a.Lead < len(a.Panels) {
		return a.Panels[a.Lead]
	}
	return a.Panels[0]
}

// Comparison is everything the charts show. Slices indexed by scenario
// follow Scenarios; a nil or empty field draws a panel that says what is
// missing, never an error.
type Comparison struct {
	Title     string   // what is compared, such as "england vs personal-lists: 10 replicates"
	Scenarios []string // the baseline first

	Admissions []Band // emergency admissions per 1,000 patients a year
	// AdmissionsDiff[i] is scenario i+1's paired difference in emergency
	// admissions from the baseline.
	AdmissionsDiff []Band
	UsualGP        []Band // share of GP consultations with the usual GP, 0 to 1
	Occupancy      []Band // bed occupancy, 0 to 1
	// Changes are the times, in years from the start of the run, at which
	// a scenario's timeline changes its levers (a reform); the time-series
	// panels mark them.
	Changes []float64
	UPC     []UPC
	Delayed []Estimate // delayed bed-days per 1,000 patients a year
	Costs   Costs

	Attribution *Attribution
	// AttributionNote says why there is no attribution, where there is none.
	AttributionNote string

	// Footer says where the charts come from (version, revision, seeds,
	// replicates, and that the model is synthetic); every chart shows it.
	Footer string

	// Trends says, by chart name (admissions, continuity, beds), whether
	// the chart's series still trend over the window (a slope test on
	// each scenario's monthly series); the chart shows it under its panels.
	Trends map[string]string

	// DashboardNote is shown under the dashboard, such as what an
	// uncertainty analysis of the same scenarios found.
	DashboardNote string
}

// Chart is one figure: panels on a grid of Rows × Cols, row by row, under
// an optional title and over an optional note.
type Chart struct {
	Name          string // the file name, without extension, such as "admissions"
	Width, Height vg.Length
	Rows, Cols    int
	Panels        []*plot.Plot // nil leaves a tile empty
	Title, Note   string
	Footer        string // provenance, in small grey type at the bottom left
	// Data is what the chart shows as a CSV table, written beside it; nil
	// where another file already holds it (the attribution's).
	Data  []byte
	style style
}

// Formats returns the output formats that [Chart.Render] supports.
func Formats() []string { return []string{"svg", "png", "pdf"} }

// ParseFormats reads a comma-separated list of formats, such as "svg,png":
// case and spaces aside, each must be one of Formats; a repeat is dropped.
func ParseFormats(list string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(Formats(), f) {
			return nil, fmt.Errorf("unknown format %q; want some of %s, comma-separated", f, strings.Join(Formats(), ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// pngDPI is the resolution of PNG output: a 24 cm chart is 1,417 pixels
// wide, sharp on a projector and in print.
const pngDPI = 150

// Render draws the chart in format ("svg", "png" or "pdf").
func (c *Chart) Render(format string) ([]byte, error) {
	var cv vg.CanvasWriterTo
	switch format {
	case "svg":
		cv = vgsvg.New(c.Width, c.Height)
	case "png":
		cv = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(c.Width, c.Height), vgimg.UseDPI(pngDPI))}
	case "pdf":
		pc := vgpdf.New(c.Width, c.Height)
		if err := reproducible(pc); err != nil {
			return nil, err
		}
		cv = pc
	default:
		return nil, fmt.Errorf("plots: unknown format %q (want svg, png or pdf)", format)
	}
	c.draw(draw.New(cv))
	var b bytes.Buffer
	if _, err := cv.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("plots: rendering %s as %s: %w", c.Name, format, err)
	}
	out := b.Bytes()
	if format == "svg" {
		// SVG names the font without embedding it; Arial and Helvetica have
		// Liberation Sans's metrics, so text keeps its size where Liberation
		// is not installed.
		out = bytes.ReplaceAll(out, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	}
	return out, nil
}

// reproducible fixes the dates of a PDF canvas's document at the Unix
// epoch and sorts its catalogue, for this document only: fpdf stamps
// documents with the time of day unless told otherwise, and its
// package-wide defaults would change every other PDF the program writes.
// vgpdf keeps the document in an unexported field, so it is reached by
// reflection; a test renders a PDF twice and compares the bytes.
func reproducible(c *vgpdf.Canvas) error {
	f := reflect.ValueOf(c).Elem().FieldByName("doc")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*fpdf.Fpdf]() {
		return fmt.Errorf("plots: cannot make PDF output reproducible with this version of gonum.org/v1/plot")
	}
	doc := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*fpdf.Fpdf)
	epoch := time.Unix(0, 0).UTC()
	doc.SetCreationDate(epoch)
	doc.SetModificationDate(epoch)
	doc.SetCatalogSort(true)
	return nil
}

func (c *Chart) draw(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	st := c.style
	var top, bottom vg.Length
	pad := 0.3 * vg.Centimeter
	if c.Title != "" {
		ts := st.text(st.title + 2)
		top = ts.Height(c.Title) + 2*pad
		dc.FillText(ts, vg.Point{X: dc.Center().X, Y: dc.Max.Y - pad}, c.Title)
	}
	if c.Footer != "" {
		fs := st.text(footerSize)
		fs.Color = color.Gray{Y: 0x55}
		fs.XAlign, fs.YAlign = draw.XLeft, draw.YBottom
		bottom = fs.Height(c.Footer) + pad
		dc.FillText(fs, vg.Point{X: dc.Min.X + pad, Y: dc.Min.Y + pad/2}, c.Footer)
	}
	if c.Note != "" {
		ns := st.text(st.tick)
		ns.YAlign = draw.YBottom
		dc.FillText(ns, vg.Point{X: dc.Center().X, Y: dc.Min.Y + bottom + pad}, c.Note)
		bottom += ns.Height(c.Note) + 2*pad
	}
	tiles := draw.Tiles{
		Rows: c.Rows, Cols: c.Cols,
		PadTop: max(top, pad), PadBottom: max(bottom, pad), PadLeft: pad, PadRight: pad,
		PadX: 2 * pad, PadY: 2 * pad,
	}
	for i, p := range c.Panels {
		if p != nil {
			p.Draw(tiles.At(dc, i%c.Cols, i/c.Cols))
		}
	}
}

// footerSize is the font size of a chart's provenance footer.
const footerSize = 7.5

// style holds the sizes of a chart's text and lines.
type style struct {
	title, label, tick, legend vg.Length // font sizes
	line                       vg.Length // data line width
	wrap                       int       // scenario names longer than this wrap onto two lines
}

var (
	// full is for a chart of one or two panels on its own page or slide.
	full = style{title: 15, label: 13, tick: 11.5, legend: 12, line: 2.2, wrap: 18}
	// compact is for the tiles of the dashboard.
	compact = style{title: 11, label: 9.5, tick: 8.5, legend: 8.5, line: 1.6, wrap: 11}
)

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// text returns a text style at size. Nothing is bold: gonum/plot's PDF
// canvas (v0.17.0) registers each font without its weight and then fails to
// find a bold one.
func (st style) text(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sans, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: plot.DefaultTextHandler,
	}
}

// okabeIto is the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
// 2002), ordered for scenarios: blue, vermillion, bluish green, reddish
// purple, orange, sky blue, yellow, black.
var okabeIto = [...]color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF},
	{0xD5, 0x5E, 0x00, 0xFF},
	{0x00, 0x9E, 0x73, 0xFF},
	{0xCC, 0x79, 0xA7, 0xFF},
	{0xE6, 0x9F, 0x00, 0xFF},
	{0x56, 0xB4, 0xE9, 0xFF},
	{0xF0, 0xE4, 0x42, 0xFF},
	{0x00, 0x00, 0x00, 0xFF},
}

// categoryColors are the colours of cost categories, a category's colour
// being its place in the registry's list on every chart: the Okabe–Ito
// palette less the first two scenarios' blue and vermillion, then colours
// of Paul Tol's "muted" scheme (wine, teal, olive, indigo), then greys.
var categoryColors = [...]color.NRGBA{
	okabeIto[4], okabeIto[5], okabeIto[2], okabeIto[6], okabeIto[3], okabeIto[7],
	{0x88, 0x22, 0x55, 0xFF}, {0x44, 0xAA, 0x99, 0xFF}, {0x99, 0x99, 0x33, 0xFF}, {0x33, 0x22, 0x88, 0xFF},
	{0xBB, 0xBB, 0xBB, 0xFF}, {0x66, 0x66, 0x66, 0xFF},
}

// otherColor is the colour of "other", the categories the dashboard lumps
// together: lighter than any category's.
var otherColor = color.NRGBA{0xE2, 0xE2, 0xE2, 0xFF}

// grey marks a derived quantity, such as the sum of the levers' effects.
var grey = color.NRGBA{0x99, 0x99, 0x99, 0xFF}

func scenarioColor(i int) color.NRGBA { return okabeIto[i%len(okabeIto)] }
func categoryColor(i int) color.NRGBA { return categoryColors[i%len(categoryColors)] }

// translucent returns c at the given opacity, for interval bands. It must
// be an NRGBA: a premultiplied RGBA with low alpha draws the wrong colour.
func translucent(c color.NRGBA, alpha uint8) color.NRGBA { c.A = alpha; return c }

// dashes gives each scenario's line a pattern as well as a colour.
var dashes = [][]vg.Length{nil, {7, 3}, {2, 2.5}, {7, 2.5, 2, 2.5}, {12, 4}, {4, 4}}

func scenarioDashes(i int) []vg.Length { return dashes[i%len(dashes)] }

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// top returns the costs with at most k categories: the k-1 largest (by
// their largest cost in any scenario), in their order, and "other" for the
// rest.
func (c Costs) top(k int) Costs {
	if len(c.Categories) <= k {
		return c
	}
	size := make([]float64, len(c.Categories))
	for _, row := range c.PerHead {
		for j, v := range row {
			if finite(v) && j < len(size) {
				size[j] = max(size[j], v)
			}
		}
	}
	order := make([]int, len(size))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	keep := order[:k-1]
	slices.Sort(keep)
	out := Costs{Total: c.Total}
	for _, j := range keep {
		out.Categories = append(out.Categories, c.Categories[j])
		out.colour = append(out.colour, j)
	}
	out.Categories = append(out.Categories, "other")
	out.colour = append(out.colour, -1)
	for _, row := range c.PerHead {
		r := make([]float64, k)
		for j, v := range row {
			if !finite(v) {
				continue
			}
			if i := slices.Index(keep, j); i >= 0 {
				r[i] = v
			} else {
				r[k-1] += v
			}
		}
		out.PerHead = append(out.PerHead, r)
	}
	return out
}

// nominal returns the names as tick labels: if any is long, each is broken
// after the hyphen, underscore or space nearest its middle.
func (st style) nominal(names []string) []string {
	out := slices.Clone(names)
	if !slices.ContainsFunc(names, func(n string) bool { return len(n) > st.wrap }) {
		return out
	}
	for i, n := range names {
		best := -1
		for j, r := range n {
			if (r == '-' || r == '_' || r == ' ') && (best < 0 || abs(j-len(n)/2) < abs(best-len(n)/2)) {
				best = j
			}
		}
		if best > 0 && best < len(n)-1 {
			out[i] = strings.TrimSpace(n[:best+1]) + "\n" + n[best+1:]
		}
	}
	return out
}

func abs(x int) int { return max(x, -x) }
