package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Chart sizes. Single charts are a little under A4 landscape's width, so
// they print without scaling and fill a 16:9 slide; the dashboard is A4
// landscape.
const (
	cm          = vg.Centimeter
	singleW     = 24 * cm
	singleH     = 14.5 * cm
	doubleW     = 30 * cm
	doubleH     = 13.5 * cm
	dashboardW  = 29.7 * cm
	dashboardH  = 21 * cm
	panelMargin = 4 * cm // about what axes, ticks and labels take from a panel

	// The dashboard's small panels show the largest levers only, and
	// every cost family (there are at most eight).
	dashboardLevers     = 6
	dashboardCategories = 8
)

// Charts returns the charts of a comparison: admissions, costs,
// continuity, beds, attribution and dashboard, leaving out the attribution
// where there is none (the dashboard says why), so that no page is empty.
// Each carries c's footer and its data table.
func Charts(c *Comparison) []*Chart {
	out := []*Chart{AdmissionsChart(c), CostsChart(c), ContinuityChart(c), BedsChart(c)}
	if a := c.Attribution; a != nil && len(a.Panels) > 0 {
		out = append(out, AttributionChart(c))
	}
	out = append(out, DashboardChart(c))
	for _, ch := range out {
		ch.Footer = c.Footer
		ch.Data = chartData(ch.Name, c)
		if t := c.Trends[ch.Name]; t != "" && ch.Note == "" {
			ch.Note = t
		}
	}
	return out
}

func single(name string, p *plot.Plot) *Chart {
	return &Chart{Name: name, Width: singleW, Height: singleH, Rows: 1, Cols: 1, Panels: []*plot.Plot{p}, style: full}
}

func admissionsPanel(st style, c *Comparison) *plot.Plot {
	return marked(timePanel(st, "Emergency admissions", "Admissions per 1,000 patients a year", c.Scenarios, c.Admissions, 1, 0, rateAxis), c.Changes)
}

// AdmissionsChart draws emergency admissions per 1,000 patients over time:
// a line per scenario with its interval band and, beside it, each
// scenario's paired difference from the baseline, whose interval is
// narrower than either scenario's since the scenarios share their random
// streams.
func AdmissionsChart(c *Comparison) *Chart {
	if len(c.Scenarios) < 2 {
		return single("admissions", admissionsPanel(full, c))
	}
	return &Chart{
		Name: "admissions", Width: doubleW, Height: doubleH, Rows: 1, Cols: 2, style: full,
		Panels: []*plot.Plot{
			admissionsPanel(full, c),
			marked(differencePanel(full, "Difference from "+c.Scenarios[0], "Admissions per 1,000 a year, paired", c.Scenarios, c.AdmissionsDiff), c.Changes),
		},
	}
}

// CostsChart draws duplication and transaction costs per head, stacked by
// category, per scenario, or says that the scenarios report none.
func CostsChart(c *Comparison) *Chart {
	return single("costs", costPanel(full, c.Scenarios, c.Costs, singleW-panelMargin))
}

// ContinuityChart draws the distribution of UPC per scenario and the share
// of consultations with the usual GP over time.
func ContinuityChart(c *Comparison) *Chart {
	return &Chart{
		Name: "continuity", Width: doubleW, Height: doubleH, Rows: 1, Cols: 2, style: full,
		Panels: []*plot.Plot{
			upcPanel(full, c.Scenarios, c.UPC, doubleW/2-panelMargin/2),
			marked(timePanel(full, "Consultations with the usual GP", "Share of consultations (%)", c.Scenarios, c.UsualGP, 100, 0, percentAxis), c.Changes),
		},
	}
}

func delayedPanel(st style, c *Comparison, width vg.Length) *plot.Plot {
	return barPanel(st, "Delayed discharges", "Delayed bed-days per 1,000 patients a year", c.Scenarios, c.Delayed, width)
}

// BedsChart draws bed occupancy over time and delayed bed-days per scenario.
func BedsChart(c *Comparison) *Chart {
	return &Chart{
		Name: "beds", Width: doubleW, Height: doubleH, Rows: 1, Cols: 2, style: full,
		Panels: []*plot.Plot{
			marked(timePanel(full, "Bed occupancy", "Occupied beds (%)", c.Scenarios, c.Occupancy, 100, 0, percentAxis), c.Changes),
			delayedPanel(full, c, doubleW/2-panelMargin),
		},
	}
}

// AttributionChart draws, for each headline metric, each lever's effect on
// its own against the whole difference between the first two scenarios.
func AttributionChart(c *Comparison) *Chart {
	a := c.Attribution
	if a == nil || len(a.Panels) == 0 {
		note := c.AttributionNote
		if note == "" {
			note = "No lever attribution: it needs two scenarios"
		}
		return single("attribution", notePanel(full, "Which lever drives the difference?", note))
	}
	// One panel a row, so that each lever's name and change fit on one
	// line beside its bar.
	cols, rows := 1, len(a.Panels)
	levers := len(a.Panels[0].Levers)
	h := vg.Length(max(float64(rows)*(6+0.5*float64(levers)), 12)) * cm
	ch := &Chart{
		Name: "attribution", Width: doubleW, Height: h, Rows: rows, Cols: cols, style: full,
		Title: "Which lever drives the difference? " + a.Baseline + " → " + a.Target,
		Note:  a.Note,
	}
	for _, panel := range a.Panels {
		ch.Panels = append(ch.Panels, attributionPanel(full, a.Baseline, panel, h/vg.Length(rows)-panelMargin, 0))
	}
	return ch
}

// DashboardChart tiles the headline panels on one A4 landscape page:
// admissions, costs and continuity above, occupancy, delayed discharges and
// the attribution of the difference in the attribution's lead metric below.
func DashboardChart(c *Comparison) *Chart {
	st := compact
	w := dashboardW/3 - panelMargin/2
	h := dashboardH/2 - panelMargin
	attr := notePanel(st, "Which lever drives the difference?", "No lever attribution")
	if a := c.Attribution; a != nil && len(a.Panels) > 0 {
		attr = attributionPanel(st, a.Baseline, a.lead(), h, dashboardLevers)
	} else if c.AttributionNote != "" {
		attr = notePanel(st, "Which lever drives the difference?", c.AttributionNote)
	}
	return &Chart{
		Name: "dashboard", Width: dashboardW, Height: dashboardH, Rows: 2, Cols: 3, style: st,
		Title: c.Title, Note: c.DashboardNote,
		Panels: []*plot.Plot{
			admissionsPanel(st, c),
			costPanel(st, c.Scenarios, c.Costs.top(dashboardCategories), w),
			upcPanel(st, c.Scenarios, c.UPC, w),
			marked(timePanel(st, "Bed occupancy", "Occupied beds (%)", c.Scenarios, c.Occupancy, 100, 0, percentAxis), c.Changes),
			delayedPanel(st, c, w),
			attr,
		},
	}
}
