package plots

import (
	"bytes"
	"encoding/csv"
	"math"

	"github.com/nhssim/nhssim/sim/numfmt"
)

// DataHeader is the header of every chart's data table (docs/outputs.md):
// the panel, the series (a scenario, or a lever in an attribution), the
// position along the panel's axis (years, a UPC bin's lower edge, a cost
// category), the value drawn and its 95% interval, in the units the panel
// shows (percentages where the axis is in %).
const DataHeader = "panel,series,x,value,lo,hi"

// table gathers a chart's data rows.
type table struct{ rows [][]string }

func (t *table) add(panel, series, x string, v, lo, hi float64) {
	t.rows = append(t.rows, []string{panel, numfmt.Cell(series), numfmt.Cell(x), numfmt.Exact(v), numfmt.Exact(lo), numfmt.Exact(hi)})
}

// bands adds monthly series, each value multiplied by scale.
func (t *table) bands(panel string, names []string, bs []Band, scale float64) {
	for i, b := range bs {
		for k := range b.X {
			t.add(panel, name(names, i), numfmt.Exact(b.X[k]), scale*b.Mean[k], scale*b.Lo[k], scale*b.Hi[k])
		}
	}
}

func (t *table) estimates(panel string, names []string, es []Estimate) {
	for i, e := range es {
		t.add(panel, name(names, i), "", e.Mean, e.Lo, e.Hi)
	}
}

func (t *table) upc(names []string, upc []UPC) {
	for i, u := range upc {
		for k, h := range u.Histogram {
			t.add("upc_histogram", name(names, i), numfmt.Exact(float64(k)/float64(len(u.Histogram))), 100*h, nan, nan)
		}
		t.add("upc_mean", name(names, i), "", u.Mean.Mean, u.Mean.Lo, u.Mean.Hi)
	}
}

func (t *table) costs(names []string, c Costs) {
	for i, row := range c.PerHead {
		for j, v := range row {
			if j < len(c.Categories) {
				t.add("costs", name(names, i), c.Categories[j], v, nan, nan)
			}
		}
	}
	t.estimates("costs_total", names, c.Total)
}

func (t *table) csv() []byte {
	var b bytes.Buffer
	b.WriteString(DataHeader + "\n")
	w := csv.NewWriter(&b)
	w.WriteAll(t.rows) // writes to a bytes.Buffer cannot fail
	return b.Bytes()
}

var nan = math.NaN()

// Panel names in the data tables.
const (
	admissionsData = "emergency_admissions_per_1000"
	differenceData = "emergency_admissions_difference"
	usualGPData    = "usual_gp_share_percent"
	occupancyData  = "bed_occupancy_percent"
	delayedData    = "delayed_bed_days_per_1000"
)

func admissionsTable(c *Comparison, t *table) {
	t.bands(admissionsData, c.Scenarios, c.Admissions, 1)
	if len(c.Scenarios) > 1 {
		t.bands(differenceData, c.Scenarios[1:], c.AdmissionsDiff, 1)
	}
}

// chartData returns the data table of the chart called name.
func chartData(name string, c *Comparison) []byte {
	var t table
	switch name {
	case "admissions":
		admissionsTable(c, &t)
	case "costs":
		t.costs(c.Scenarios, c.Costs)
	case "continuity":
		t.upc(c.Scenarios, c.UPC)
		t.bands(usualGPData, c.Scenarios, c.UsualGP, 100)
	case "beds":
		t.bands(occupancyData, c.Scenarios, c.Occupancy, 100)
		t.estimates(delayedData, c.Scenarios, c.Delayed)
	case "dashboard":
		t.bands(admissionsData, c.Scenarios, c.Admissions, 1)
		t.costs(c.Scenarios, c.Costs)
		t.upc(c.Scenarios, c.UPC)
		t.bands(occupancyData, c.Scenarios, c.Occupancy, 100)
		t.estimates(delayedData, c.Scenarios, c.Delayed)
		if a := c.Attribution; a != nil && len(a.Panels) > 0 {
			attributionTable(a.Panels[:1], &t)
		}
	default:
		return nil
	}
	return t.csv()
}

// attributionTable adds attribution panels: a row per lever, its change as
// x, then the sum of the levers and the whole difference.
func attributionTable(panels []AttributionPanel, t *table) {
	for _, p := range panels {
		panel := "attribution: " + p.Metric
		for _, l := range p.Levers {
			t.add(panel, l.Lever, l.Change, l.Mean, l.Lo, l.Hi)
		}
		t.add(panel, "Sum of single-lever effects", "", p.Sum, nan, nan)
		t.add(panel, "All levers together", "", p.Full.Mean, p.Full.Lo, p.Full.Hi)
	}
}
