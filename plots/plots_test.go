package plots

import (
	"bytes"
	"codeberg.org/go-pdf/fpdf"
	"flag"
	"math"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixture is a small, fixed comparison: two scenarios over two years after a
// one-year warm-up, made from simple formulas rather than a simulation.
func fixture() *Comparison {
	band := func(level, slope, half float64) Band {
		var b Band
		for m := 13; m <= 36; m++ {
			x := (float64(m) - 0.5) / 12
			y := level + slope*x + 2*math.Sin(float64(m)/2)
			b.X = append(b.X, x)
			b.Mean = append(b.Mean, y)
			b.Lo = append(b.Lo, y-half)
			b.Hi = append(b.Hi, y+half)
		}
		return b
	}
	share := func(b Band) Band {
		for i := range b.Mean {
			b.Mean[i] /= 200
			b.Lo[i] /= 200
			b.Hi[i] /= 200
		}
		return b
	}
	est := func(m, h float64) Estimate { return Estimate{Mean: m, Lo: m - h, Hi: m + h} }
	return &Comparison{
		Title:  "england vs personal-lists: 10 replicates of 20,000 patients",
		Footer: "nhssim devel, revision 0123456789ab · seeds 1–10 · 10 replicates · synthetic model, not NHS data",
		Trends: map[string]string{
			"admissions": "Change in admissions over the window (slope test, 95% interval): england +8.4% [6.1, 11] still trending; personal-lists +8.1% [5.7, 10] still trending",
			"beds":       "Change in occupancy over the window (slope test, 95% interval): england +0.5% [-1.2, 2.2]; personal-lists +0.3% [-1.5, 2.1]",
		},
		Scenarios:  []string{"england", "personal-lists"},
		Admissions: []Band{band(110, 1, 1.5), band(104, 0.5, 1.5)},
		AdmissionsDiff: []Band{func() Band {
			b := band(-6, -0.5, 0.6)
			for i := range b.Mean {
				b.Mean[i] -= 2 * math.Sin(float64(i+13)/2) // the shared wave cancels
				b.Lo[i], b.Hi[i] = b.Mean[i]-0.6, b.Mean[i]+0.6
			}
			return b
		}()},
		UsualGP:   []Band{share(band(90, 0, 2)), share(band(140, 1, 2))},
		Occupancy: []Band{share(band(180, 0.5, 1)), share(band(176, 0.5, 1))},
		UPC: []UPC{
			{Histogram: upcHistogram(0.45, 0.2), Mean: est(0.5, 0.004)},
			{Histogram: upcHistogram(0.75, 0.15), Mean: est(0.72, 0.004)},
		},
		Delayed: []Estimate{est(31, 1.2), est(30, 1.1)},
		Costs: Costs{
			Categories: []string{"running", "contracting", "invoicing"},
			PerHead:    [][]float64{{20, 8, 4}, {18, 1, 0}},
			Total:      []Estimate{est(32, 0.5), est(19, 0.4)},
		},
		Attribution: &Attribution{
			Baseline: "england", Target: "personal-lists",
			Panels: []AttributionPanel{
				{Metric: "Emergency admissions per 1,000 a year", Sum: -5.5, Full: est(-6, 0.8), Levers: []Effect{
					{"Appointments booked with any GP (not your own)", "0.3 → 0", est(-4.5, 0.7)},
					{"Discontinuity or", "1.5 → 2", est(-1.2, 0.6)},
					{"GPs leaving each year", "0.1 → 0.05", est(0.2, 0.5)},
				}},
				{Metric: "Mean UPC", Sum: 0.21, Full: est(0.22, 0.01), Levers: []Effect{
					{"Appointments booked with any GP (not your own)", "0.3 → 0", est(0.2, 0.01)},
					{"Discontinuity or", "1.5 → 2", est(0, 0)},
					{"GPs leaving each year", "0.1 → 0.05", est(0.01, 0.005)},
				}},
				{Metric: "Delayed bed-days per 1,000 a year", Sum: -0.8, Full: est(-1, 1.4), Levers: []Effect{
					{"Appointments booked with any GP (not your own)", "0.3 → 0", est(-0.7, 1.2)},
					{"Discontinuity or", "1.5 → 2", est(-0.2, 1.1)},
					{"GPs leaving each year", "0.1 → 0.05", Estimate{Mean: 0.1, Lo: math.NaN(), Hi: math.NaN()}},
				}},
			},
			Note: "Effects need not add up: levers interact. 3 levers differ.",
		},
	}
}

// upcHistogram is a normal distribution of UPC, in 20 bins, with spikes at
// 0, 1/2 and 1, where patients with two consultations fall.
func upcHistogram(mean, sd float64) []float64 {
	h := make([]float64, 20)
	sum := 0.0
	for k := range h {
		x := (float64(k) + 0.5) / 20
		h[k] = math.Exp(-(x - mean) * (x - mean) / (2 * sd * sd))
		if k == 0 || k == 10 || k == 19 {
			h[k] += 0.4
		}
		sum += h[k]
	}
	for k := range h {
		h[k] /= sum
	}
	return h
}

// bare is the fixture without costs or an attribution, and with a missing
// value here and there.
func bare() *Comparison {
	c := fixture()
	c.Costs = Costs{}
	c.Attribution = nil
	c.AttributionNote = "Attribution not run (--attribution=false)"
	c.Admissions[1].Mean[3] = math.NaN()
	c.Occupancy[0].Lo[5] = math.NaN()
	c.Delayed[1] = Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	// Intervals cut at what the quantity can take are said to be.
	c.Delayed[0].Lo, c.Delayed[0].Clipped = 0, true
	c.Occupancy[1].Hi[2], c.Occupancy[1].Clipped = 1, true
	return c
}

func TestCharts(t *testing.T) {
	for _, test := range []struct {
		prefix string
		c      *Comparison
	}{
		{"", fixture()},
		{"bare_", bare()},
	} {
		for _, ch := range Charts(test.c) {
			name := test.prefix + ch.Name
			if test.prefix != "" && ch.Name != "costs" && ch.Name != "attribution" && ch.Name != "dashboard" && ch.Name != "admissions" && ch.Name != "beds" {
				continue // the same as the full fixture's
			}
			t.Run(name, func(t *testing.T) {
				checkGolden(t, ch, name)
				if ch.Data != nil {
					checkDataGolden(t, ch, name)
				}
			})
		}
	}
}

func TestChartNames(t *testing.T) {
	want := []string{"admissions", "costs", "continuity", "beds", "attribution", "dashboard"}
	charts := Charts(fixture())
	if len(charts) != len(want) {
		t.Fatalf("%d charts, want %d", len(charts), len(want))
	}
	for i, ch := range charts {
		if ch.Name != want[i] {
			t.Errorf("chart %d is %q, want %q", i, ch.Name, want[i])
		}
	}
}

// With no attribution there is no attribution chart: no empty page.
func TestNoEmptyAttributionPage(t *testing.T) {
	for _, ch := range Charts(bare()) {
		if ch.Name == "attribution" {
			t.Error("an attribution chart without an attribution")
		}
	}
}

// Every chart carries the footer, and every chart but the attribution
// (whose data is attribution.csv) its data table.
func TestFooterAndData(t *testing.T) {
	c := fixture()
	for _, ch := range Charts(c) {
		if ch.Footer != c.Footer {
			t.Errorf("%s: footer %q", ch.Name, ch.Footer)
		}
		if (ch.Data == nil) != (ch.Name == "attribution") {
			t.Errorf("%s: %d bytes of data", ch.Name, len(ch.Data))
		}
	}
}

// A time-series chart shows, under its panels, whether its series still
// trend over the window (Comparison.Trends); a chart without a trend has no
// such note.
func TestTrendNotes(t *testing.T) {
	c := fixture()
	for _, ch := range Charts(c) {
		if want, ok := c.Trends[ch.Name]; (ok || ch.Name == "costs" || ch.Name == "continuity") && ch.Note != want {
			t.Errorf("%s: note %q, want %q", ch.Name, ch.Note, want)
		}
	}
	svg, err := Charts(c)[0].Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("still trending")) {
		t.Error("the admissions chart's SVG does not show its trend note")
	}
}

// A cost category has the same colour on the dashboard, which shows the
// largest few, as on the costs chart, which shows them all.
func TestCategoryColours(t *testing.T) {
	c := Costs{
		Categories: []string{"a", "b", "c", "d", "e", "f", "g"},
		PerHead:    [][]float64{{1, 9, 2, 8, 3, 7, 4}},
	}
	top := c.top(4)
	for j, cat := range top.Categories {
		if cat == "other" {
			if top.colourOf(j) != otherColor || slices.Contains(categoryColors[:], otherColor) {
				t.Errorf("other is %v, want a colour of its own", top.colourOf(j))
			}
			continue
		}
		k := slices.Index(c.Categories, cat)
		if top.colourOf(j) != c.colourOf(k) {
			t.Errorf("%s is %v on the dashboard and %v on the costs chart", cat, top.colourOf(j), c.colourOf(k))
		}
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Emergency admissions per 1,000 a year": "emergency admissions per 1,000 a year",
		"UPC mean":                              "UPC mean",
		"":                                      "",
		"x":                                     "x",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderFormats(t *testing.T) {
	// Every format renders, and twice gives the same bytes: PNG and PDF are
	// reproducible too (PDF with its dates fixed).
	ch := BedsChart(fixture())
	for _, f := range Formats() {
		a, err := ch.Render(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := BedsChart(fixture()).Render(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: %d bytes, then %d different bytes", f, len(a), len(b))
		}
	}
	// The PDF's dates are the epoch, set on its own document: fpdf's
	// package-wide defaults are left alone.
	if pdf, _ := ch.Render("pdf"); !bytes.Contains(pdf, []byte("/CreationDate (D:1970")) {
		t.Error("the PDF's creation date is not the epoch")
	}
	if d := fpdf.New("P", "mm", "A4", "").GetCreationDate(); !d.IsZero() {
		t.Errorf("rendering a PDF changed fpdf's default creation date to %v", d)
	}
	if _, err := ch.Render("eps"); err == nil {
		t.Error("an unknown format rendered")
	}
	for f, magic := range map[string]string{"svg": "<?xml", "png": "\x89PNG", "pdf": "%PDF"} {
		out, _ := ch.Render(f)
		if !bytes.HasPrefix(out, []byte(magic)) {
			t.Errorf("%s output starts %q", f, out[:min(len(out), 8)])
		}
	}
}

func TestEmpty(t *testing.T) {
	// A comparison with nothing in it still draws every chart, saying what
	// is missing, and fails nowhere.
	c := &Comparison{Scenarios: []string{"a"}}
	for _, ch := range Charts(c) {
		if _, err := ch.Render("svg"); err != nil {
			t.Errorf("%s: %v", ch.Name, err)
		}
	}
}

// A curves chart renders in every format, with a missing interval and a
// NaN mean left out rather than failing.
func TestCurvesChart(t *testing.T) {
	nan := math.NaN()
	c := CurvesChart("curves", "t", "x", "y", "note", []Curve{
		{Name: "a", X: []float64{1, 2, 3}, Mean: []float64{3, 2, nan}, Lo: []float64{2.5, 1.5, nan}, Hi: []float64{3.5, 2.5, nan}},
		{Name: "b", X: []float64{1, 2, 3}, Mean: []float64{2, 1, 0.5}},
	})
	for _, f := range Formats() {
		if b, err := c.Render(f); err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", f, len(b), err)
		}
	}
}

func TestTimeAxes(t *testing.T) {
	// Rates per 1,000 start at zero, so that a gap of a few per cent looks
	// like one; shares stop at 100% even with the legend's room; a free
	// axis (a difference) does neither.
	c := fixture()
	adm := admissionsPanel(full, c)
	if adm.Y.Min != 0 {
		t.Errorf("admissions axis starts at %g, want 0", adm.Y.Min)
	}
	occ := timePanel(full, "Bed occupancy", "%", c.Scenarios, c.Occupancy, 100, 0, percentAxis)
	if occ.Y.Max > 100 {
		t.Errorf("occupancy axis runs to %g%%, want at most 100", occ.Y.Max)
	}
	if occ.Y.Min >= 88-0.5 || occ.Y.Max <= 90.5 {
		t.Errorf("occupancy axis %g–%g does not hold the data (about 88–91%%)", occ.Y.Min, occ.Y.Max)
	}
	for _, ys := range [][2]float64{{0.97, 0.999}, {0.2, 0.3}, {1, 1}} {
		b := Band{X: []float64{1, 2}, Mean: []float64{ys[0], ys[1]}, Lo: []float64{ys[0], ys[1]}, Hi: []float64{ys[0], ys[1]}}
		p := timePanel(full, "", "", []string{"a"}, []Band{b}, 100, 0, percentAxis)
		if p.Y.Max > 100 || p.Y.Min >= p.Y.Max || p.Y.Min > 100*ys[0] {
			t.Errorf("share %v: axis %g–%g, want below 100 and holding the data", ys, p.Y.Min, p.Y.Max)
		}
	}
	diff := differencePanel(full, "", "", c.Scenarios, c.AdmissionsDiff)
	if diff.Y.Min == 0 || diff.Y.Max < 0 {
		t.Errorf("difference axis %g–%g: want zero in view, not as the floor", diff.Y.Min, diff.Y.Max)
	}
}

func TestCategoryColoursDistinct(t *testing.T) {
	// Eight cost families, each a colour of its own, none the "other" grey.
	for i := range 8 {
		for j := range i {
			if categoryColor(i) == categoryColor(j) {
				t.Errorf("categories %d and %d share a colour", i, j)
			}
		}
		if categoryColor(i) == otherColor {
			t.Errorf("category %d has the colour of other", i)
		}
	}
}

func TestShareAxisFloor(t *testing.T) {
	// A share whose interval spans almost 0–100% keeps its axis within them.
	b := Band{X: []float64{1, 2}, Mean: []float64{0.5, 0.6}, Lo: []float64{0, 0.01}, Hi: []float64{1, 0.99}}
	p := timePanel(full, "", "", []string{"a", "b"}, []Band{b, b}, 100, 0, percentAxis)
	if p.Y.Min < 0 || p.Y.Max > 100 {
		t.Errorf("axis %g–%g, want within 0–100", p.Y.Min, p.Y.Max)
	}
}

// TestParseFormats: a list is read case and spaces aside, without repeats;
// an empty or unknown format is an error.
func TestParseFormats(t *testing.T) {
	for _, test := range []struct {
		in   string
		want []string // nil: an error
	}{
		{"svg", []string{"svg"}},
		{"svg,png,pdf", []string{"svg", "png", "pdf"}},
		{" PNG , svg,png", []string{"png", "svg"}},
		{"svg,", nil},
		{"jpeg", nil},
		{"", nil},
	} {
		got, err := ParseFormats(test.in)
		if (err != nil) != (test.want == nil) || !slices.Equal(got, test.want) {
			t.Errorf("ParseFormats(%q) = %q, %v; want %q", test.in, got, err, test.want)
		}
	}
}
