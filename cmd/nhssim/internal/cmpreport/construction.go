package cmpreport

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhssim/nhssim/sim/compare"
)

// Constructions says, for each scenario after the first and each headline
// metric, whether the sign of its difference from the baseline is fixed
// by the model's construction (see [compare.Construct]): from the
// scenarios' resolved parameters, not from the runs.
func (c *Comparison) Constructions() []compare.Construction {
	var out []compare.Construction
	base := c.scs[0]
	for _, s := range c.scs[1:] {
		out = append(out, compare.Construct(base.Name, &base.Config, s.Name, &s.Config, c.headline)...)
	}
	return out
}

// reportConstruction prints, after the headline table, which differences
// have a sign the model's construction fixes, wholly or in part: the
// one-way channels that differ, in which direction, and what else moves
// the metric either way.
func (c *Comparison) reportConstruction(w io.Writer) {
	cs := c.Constructions()
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nSigns fixed by construction: read from the levers that differ and the model's one-way channels (sim/nhs/construction.go), not from the runs")
	for _, k := range cs {
		d := func(dir int) string {
			return compare.DirectionWord(dir) + " in " + k.Scenario + " than in " + k.Baseline
		}
		switch k.Verdict {
		case compare.Fixed:
			fmt.Fprintf(w, "%s: fixed: every lever that differs and moves it can only make it %s\n", k.Metric, d(k.Direction))
		case compare.Partly:
			fmt.Fprintf(w, "%s: partly: its one-way channels can only make it %s; other levers move it either way\n", k.Metric, d(k.Direction))
		default:
			fmt.Fprintf(w, "%s: not fixed: in %s against %s its one-way channels point both ways, so the sign rests on their sizes\n", k.Metric, k.Scenario, k.Baseline)
		}
		for _, dir := range []int{-1, +1} {
			var parts []compare.Part
			for _, p := range k.OneWay {
				if p.Direction == dir {
					parts = append(parts, p)
				}
			}
			if len(parts) > 0 {
				wrapped(w, "  "+compare.DirectionWord(dir)+": ", oneWayItems(parts))
			}
		}
		if len(k.TwoWay) > 0 {
			wrapped(w, "  either way: ", compare.PartLevers(k.TwoWay))
		}
		if len(k.Unclassified) > 0 {
			wrapped(w, "  not classified: ", k.Unclassified)
		}
		if len(k.Shut) > 0 {
			wrapped(w, "  shut in both: ", k.Shut)
		}
	}
	fmt.Fprintln(w, "(a one-way channel can move the metric one way only, whatever its size; \"through\" a metric: by moving that metric, which moves this one; construction.csv has every part)")
}

// oneWayItems names the direct one-way channels with the levers that
// open them, then, for each metric others act through, the levers.
func oneWayItems(parts []compare.Part) []string {
	var items, vias []string
	through := map[string][]compare.Part{}
	for _, p := range parts {
		if p.Via == "" {
			items = append(items, p.Name+" ("+strings.Join(p.Levers, ", ")+")")
			continue
		}
		if through[p.Via] == nil {
			vias = append(vias, p.Via)
		}
		through[p.Via] = append(through[p.Via], p)
	}
	for _, v := range vias {
		items = append(items, "through "+v+": "+strings.Join(compare.PartLevers(through[v]), ", "))
	}
	return items
}

// wrapped prints items after lead, separated by "; ", wrapped at about 120
// columns under an indent.
func wrapped(w io.Writer, lead string, items []string) {
	const width = 120
	line := lead
	for i, it := range items {
		sep := "; "
		if i == len(items)-1 {
			sep = ""
		}
		if len(line) > len(lead) && len(line)+len(it)+len(sep) > width {
			fmt.Fprintln(w, strings.TrimRight(line, " "))
			line = "    "
		}
		line += it + sep
	}
	fmt.Fprintln(w, line)
}
