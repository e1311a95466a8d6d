package compare

import (
	"math"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
)

// The verdicts of [Construct] on a metric's difference.
const (
	// Fixed: every lever that differs and moves the metric does so through
	// a one-way channel, and all of them push the difference the same way.
	Fixed = "fixed"
	// Partly: the one-way channels that differ push the same way, but
	// other levers that differ move the metric either way (or are not
	// classified).
	Partly = "partly"
	// Opposed: one-way channels that differ push the difference both
	// ways, so its sign rests on their sizes.
	Opposed = "opposed"
)

// TimelinePath stands for the scenarios' timelines in
// [Construction.Unclassified] when they differ: changes mid-run and the
// reorganisations they bring are not classified.
const TimelinePath = "timeline"

// Part is one way a difference between two scenarios reaches a metric.
type Part struct {
	Name   string   // the channel, or for a two-way reach its reason
	Levers []string // the parameters that differ and open it
	// Via is the metric it comes through ("" when it moves the metric
	// itself), such as emergency admissions for delayed bed-days.
	Via string
	// Direction is the sign it gives the difference (scenario −
	// baseline): +1 or -1 for a one-way channel, 0 for either.
	Direction int
}

// Construction says whether the sign of a metric's difference between a
// scenario and the baseline is fixed by the model's construction: read from
// the levers that differ and the table of channels in sim/nhs
// ([nhs.Channels], [nhs.Reaches], [nhs.Follows]), not from any run.
type Construction struct {
	Scenario, Baseline, Metric string
	Verdict                    string // Fixed, Partly or Opposed
	// Direction is the sign every one-way channel gives the difference
	// (scenario − baseline), for Fixed and Partly; 0 for Opposed.
	Direction int
	OneWay    []Part // the one-way channels that differ
	TwoWay    []Part // levers that differ and move the metric either way
	// Unclassified lists parameters that differ but that the table does
	// not classify, and TimelinePath if the timelines differ.
	Unclassified []string
	// Shut names the groups of the metric's channels (such as the
	// market-side discharge levers) shut in both scenarios.
	Shut []string
}

// Construct returns, for each metric with a one-way channel that differs
// between base and other, whether the sign of other − base is fixed by
// construction. Metrics that no one-way channel reaches are left out, so
// two identical configurations give none.
func Construct(baseName string, base *nhs.Config, name string, other *nhs.Config, metrics []string) []Construction {
	ra, rb := regimes(base), regimes(other)
	// A parameter differs if it differs on some day: the timelines are
	// compared day by day, at every change of either.
	differ := map[string]bool{}
	for _, r := range append(slices.Clone(ra), rb...) {
		for _, l := range Levers(under(ra, r.at), under(rb, r.at)) {
			differ[l.Path] = true
		}
	}
	timelines := !sameTimeline(base.Timeline, other.Timeline)
	if len(differ) == 0 && !timelines {
		return nil
	}
	chans, reaches := nhs.Channels(), nhs.Reaches()
	known := map[string]bool{}
	for _, c := range chans {
		for _, l := range c.Levers {
			known[l] = true
		}
	}
	for _, r := range reaches {
		known[r.Lever] = true
	}
	var unclassified []string
	for _, p := range nhs.Params() {
		if differ[p.Path] && !known[p.Path] {
			unclassified = append(unclassified, p.Path)
		}
	}
	if timelines {
		unclassified = append(unclassified, TimelinePath)
	}
	both := configs(ra, rb)

	var out []Construction
	for _, m := range metrics {
		c := Construction{Scenario: name, Baseline: baseName, Metric: m, Unclassified: unclassified}
		for _, src := range sources(m, both) {
			via := ""
			if src.metric != m {
				via = src.metric
			}
			for _, ch := range chans {
				if ch.Metric != src.metric {
					continue
				}
				levers := differing(ch.Levers, differ)
				if len(levers) == 0 {
					continue
				}
				dir, moved := compareStrength(ch.Strength, ra, rb)
				if !moved {
					continue
				}
				p := Part{Name: ch.Name, Levers: levers, Via: via, Direction: dir * ch.Sign * src.sign}
				if p.Direction == 0 {
					c.TwoWay = append(c.TwoWay, p)
				} else {
					c.OneWay = append(c.OneWay, p)
				}
			}
			for _, r := range reaches {
				if !differ[r.Lever] || !slices.Contains(r.Metrics, src.metric) || !holds(r.When, both) {
					continue
				}
				c.TwoWay = append(c.TwoWay, Part{Name: r.Why, Levers: []string{r.Lever}, Via: via})
			}
		}
		if len(c.OneWay) == 0 {
			continue
		}
		c.Verdict, c.Direction = verdict(&c)
		c.Shut = shutGroups(m, chans, both)
		out = append(out, c)
	}
	return out
}

// verdict is the verdict on c's parts, and the direction its one-way
// channels share (0 if they do not).
func verdict(c *Construction) (string, int) {
	dir := c.OneWay[0].Direction
	for _, p := range c.OneWay[1:] {
		if p.Direction != dir {
			return Opposed, 0
		}
	}
	if len(c.TwoWay) > 0 || len(c.Unclassified) > 0 {
		return Partly, dir
	}
	return Fixed, dir
}

// sameTimeline reports whether two timelines make the same changes on the
// same days: the values they set, not the rest of the configurations that
// hold them.
func sameTimeline(a, b []nhs.Change) bool {
	if len(a) != len(b) {
		return false
	}
	byPath := map[string]nhs.Param{}
	for _, p := range nhs.Params() {
		byPath[p.Path] = p
	}
	for i := range a {
		if a[i].At != b[i].At || !slices.Equal(a[i].Paths, b[i].Paths) {
			return false
		}
		for _, path := range a[i].Paths {
			p, ok := byPath[path]
			if !ok || Format(p.Field(&a[i].Config)) != Format(p.Field(&b[i].Config)) {
				return false
			}
		}
	}
	return true
}

// regime is a configuration and the day from which a run is under it.
type regime struct {
	at  float64
	cfg *nhs.Config
}

// regimes returns the configurations cfg runs under, each from its day:
// its own from the start, then after each change of its timeline before
// the horizon, in turn.
func regimes(cfg *nhs.Config) []regime {
	first := *cfg
	first.Timeline = nil
	out := []regime{{0, &first}}
	cur := first
	for i := range cfg.Timeline {
		ch := &cfg.Timeline[i]
		if ch.At >= cfg.Run.Years*nhs.DaysPerYear {
			break
		}
		ch.Apply(&cur)
		next := cur
		out = append(out, regime{ch.At, &next})
	}
	return out
}

// configs returns the regimes' configurations.
func configs(rs ...[]regime) []*nhs.Config {
	var out []*nhs.Config
	for _, r := range rs {
		for _, x := range r {
			out = append(out, x.cfg)
		}
	}
	return out
}

// under returns the configuration in force on day t.
func under(rs []regime, t float64) *nhs.Config {
	c := rs[0].cfg
	for _, r := range rs[1:] {
		if r.at <= t {
			c = r.cfg
		}
	}
	return c
}

// source is a metric whose channels reach another, with the sign of the
// reach: +1 the same way, -1 the opposite, 0 either.
type source struct {
	metric string
	sign   int
}

// sources returns m itself and the metrics m follows ([nhs.Follows]),
// directly or in a chain, each once, with the sign the chain gives under
// every configuration in cfgs (0 where they disagree).
func sources(m string, cfgs []*nhs.Config) []source {
	out := []source{{m, +1}}
	fs := nhs.Follows()
	for i := 0; i < len(out); i++ {
		cur := out[i]
		for _, f := range fs {
			if f.Metric != cur.metric || slices.ContainsFunc(out, func(s source) bool { return s.metric == f.Source }) {
				continue
			}
			sign, ok := followSign(f, cfgs)
			if !ok {
				continue
			}
			out = append(out, source{f.Source, cur.sign * sign})
		}
	}
	return out
}

// followSign is f's sign under every configuration in cfgs: 0 if they
// disagree, and ok false if f applies under none.
func followSign(f nhs.Follow, cfgs []*nhs.Config) (int, bool) {
	sign, any, all := 0, false, true
	for i, c := range cfgs {
		s, ok := f.Sign(c)
		any, all = any || ok, all && ok
		if i == 0 || !ok {
			sign = s
		} else if s != sign {
			sign = 0
		}
	}
	if !any {
		return 0, false
	}
	if !all {
		return 0, true
	}
	return sign, true
}

// compareStrength compares a channel's strength in two scenarios day by
// day, over their timelines: moved is false if it is the same throughout;
// dir is the sign of b's strength against a's when b's is never below
// (+1) or never above (-1) a's, and 0 when it is below on some days and
// above on others, or when the channel's direction is not fixed under
// some regime.
func compareStrength(strength func(*nhs.Config) float64, ra, rb []regime) (dir int, moved bool) {
	lower, higher := false, false
	for _, r := range append(slices.Clone(ra), rb...) {
		a, b := strength(under(ra, r.at)), strength(under(rb, r.at))
		if math.IsNaN(a) || math.IsNaN(b) {
			return 0, true
		}
		lower, higher = lower || b < a, higher || b > a
	}
	switch {
	case lower && higher:
		return 0, true
	case higher:
		return +1, true
	case lower:
		return -1, true
	}
	return 0, false
}

// differing returns the paths of levers in differ, in order.
func differing(levers []string, differ map[string]bool) []string {
	var out []string
	for _, l := range levers {
		if differ[l] {
			out = append(out, l)
		}
	}
	return out
}

// holds reports whether when holds under any configuration (nil: always).
func holds(when func(*nhs.Config) bool, cfgs []*nhs.Config) bool {
	return when == nil || slices.ContainsFunc(cfgs, when)
}

// shutGroups names the groups of m's channels whose every channel is shut
// under every configuration.
func shutGroups(m string, chans []nhs.Channel, cfgs []*nhs.Config) []string {
	var out []string
	for _, ch := range chans {
		if ch.Metric != m || ch.Group == "" || slices.Contains(out, ch.Group) {
			continue
		}
		shut := true
		for _, c := range chans {
			if c.Metric == m && c.Group == ch.Group {
				for _, cfg := range cfgs {
					shut = shut && c.Strength(cfg) == 0
				}
			}
		}
		if shut {
			out = append(out, ch.Group)
		}
	}
	return out
}

// PartLevers returns the lever paths of the parts, each once, in order.
func PartLevers(parts []Part) []string {
	var out []string
	for _, p := range parts {
		for _, l := range p.Levers {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out
}

// ConstructionCSV writes constructions, one row a part:
// scenario,baseline,metric,verdict,part,direction,channel,through,levers.
// part is one-way, either-way, unclassified or shut-in-both; direction is
// lower or higher (scenario against baseline) for a one-way part; levers
// are separated by spaces.
func ConstructionCSV(cs []Construction) []byte {
	var recs [][]string
	for _, c := range cs {
		row := func(part string, p Part) {
			recs = append(recs, []string{text(c.Scenario), text(c.Baseline), c.Metric, c.Verdict, part,
				DirectionWord(p.Direction), text(p.Name), p.Via, strings.Join(p.Levers, " ")})
		}
		for _, p := range c.OneWay {
			row("one-way", p)
		}
		for _, p := range c.TwoWay {
			row("either-way", p)
		}
		for _, u := range c.Unclassified {
			row("unclassified", Part{Levers: []string{u}})
		}
		for _, g := range c.Shut {
			row("shut-in-both", Part{Name: g})
		}
	}
	return table([]string{"scenario", "baseline", "metric", "verdict", "part", "direction", "channel", "through", "levers"}, len(recs), func(i int) []string { return recs[i] })
}

// DirectionWord says a direction: "lower", "higher" or "" for either.
func DirectionWord(d int) string {
	switch {
	case d < 0:
		return "lower"
	case d > 0:
		return "higher"
	}
	return ""
}
