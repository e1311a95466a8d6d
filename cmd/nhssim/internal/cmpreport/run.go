package cmpreport

import (
	"context"
	"fmt"
	"slices"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// Ref names one scenario of a comparison: a shipped scenario's name or a
// file that the Spec's Loader reads, the overrides applied to it
// ("field.path=value"), and optionally a name that replaces its own.
type Ref struct {
	Ref  string
	Sets []string
	Name string
}

// Spec is a comparison to run: the scenarios, the first the baseline.
type Spec struct {
	Loader      scenario.Loader
	Scenarios   []Ref
	Replicates  int
	Attribution bool // attribute the difference between the first two to their levers
	// MaxLevers caps the levers attributed, to bound the runs of a
	// comparison of two very different scenarios; 0 attributes every
	// lever that differs. Under a cap, the levers whose parameters moved
	// furthest are attributed (effects are not known before the runs).
	MaxLevers int
	Command   string           // the command line recorded in the manifest
	Build     provenance.Build // nhssim's build, recorded in the manifest
	// Uncertainty is an earlier uncertainty analysis of the first two
	// scenarios, quoted beside the comparison's own intervals (which
	// measure replicate noise at one set of parameters): in the report
	// and on the dashboard. nil quotes none.
	Uncertainty *uncertainty.Quoted
}

// Job is a loaded, validated comparison, ready to run.
type Job struct {
	spec  Spec
	scs   []*scenario.Scenario
	seeds []uint64
	plan  Plan
	unc   []uncertainty.Summary // the quoted analysis's headlines of the first two scenarios
}

// Prepare loads and validates every scenario and plans the attribution,
// before any simulation. Its error is a *scenario.Error for bad scenario
// input and an *InputError for scenarios that cannot be compared.
func Prepare(spec Spec) (*Job, error) {
	if len(spec.Scenarios) == 0 {
		return nil, &InputError{"a comparison needs at least one scenario"}
	}
	if spec.Replicates < 2 {
		return nil, &InputError{fmt.Sprintf("%d replicates: 95%% intervals need at least 2", spec.Replicates)}
	}
	j := &Job{spec: spec, scs: make([]*scenario.Scenario, len(spec.Scenarios))}
	for i, r := range spec.Scenarios {
		s, err := spec.Loader.Load(r.Ref, r.Sets...)
		if err != nil {
			return nil, err
		}
		if r.Name != "" {
			s.Name, s.Config.Name = r.Name, r.Name
		}
		if k := slices.IndexFunc(j.scs[:i], func(o *scenario.Scenario) bool { return o.Name == s.Name }); k >= 0 {
			return nil, &InputError{fmt.Sprintf("%s and %s are both named %q: give one a different name: field to tell them apart", j.scs[k].File, s.File, s.Name)}
		}
		j.scs[i] = s
	}
	// Every scenario runs replicate r with the same seed: the first
	// scenario's, plus r-1.
	j.seeds = runner.Seeds(j.scs[0].Config.Seed, spec.Replicates)
	for _, s := range j.scs {
		s.Config.Seed = j.seeds[0]
	}
	j.plan = planAttribution(spec.Loader, spec.Scenarios[0], j.scs, spec.Attribution, spec.MaxLevers)
	if q := spec.Uncertainty; q != nil {
		if len(j.scs) < 2 {
			return nil, &InputError{q.Source + ": an uncertainty analysis is quoted beside a difference, and one scenario has none"}
		}
		sums, err := q.Pair(j.scs[1].Name, j.scs[0].Name)
		if err != nil {
			return nil, &InputError{err.Error()}
		}
		j.unc = sums
	}
	return j, nil
}

// InputError is a comparison that cannot be run as asked.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// Scenarios returns the loaded scenarios, the baseline first.
func (j *Job) Scenarios() []*scenario.Scenario { return j.scs }

// Seeds returns the replicates' seeds.
func (j *Job) Seeds() []uint64 { return slices.Clone(j.seeds) }

// Runs returns the number of simulations the job runs.
func (j *Job) Runs() int { return len(j.seeds) * (len(j.scs) + len(j.plan.levers)) }

// Describe says what the job runs, for a progress label.
func (j *Job) Describe() string {
	s := Plural(len(j.scs), "scenario")
	if n := len(j.plan.levers); n > 0 {
		s += " and " + Plural(n, "lever")
	}
	return fmt.Sprintf("%s: %s × %s", Plural(j.Runs(), "run"), s, Plural(len(j.seeds), "replicate"))
}

// Configs returns the configurations the job simulates: the scenarios',
// the baseline first, then the attribution variants.
func (j *Job) Configs() []nhs.Config {
	cfgs := make([]nhs.Config, 0, len(j.scs)+len(j.plan.levers))
	for _, s := range j.scs {
		cfgs = append(cfgs, s.Config)
	}
	for _, v := range j.plan.variants {
		cfgs = append(cfgs, v.Config)
	}
	return cfgs
}

// Run runs every simulation on up to workers goroutines, calling done after
// each, and gathers the comparison. It stops early with ctx's error.
func (j *Job) Run(ctx context.Context, workers int, done func()) (*Comparison, error) {
	cfgs := j.Configs()
	results, err := compare.Simulate(ctx, cfgs, j.seeds, workers, done)
	if err != nil {
		return nil, err
	}
	runs := make([]compare.Scenario, len(j.scs))
	for i, s := range j.scs {
		runs[i] = compare.Scenario{Name: s.Name, Results: results[i]}
	}
	c := &Comparison{
		scs: j.scs, runs: runs, seeds: j.seeds, command: j.spec.Command, build: j.spec.Build, plan: j.plan,
		summary: compare.Summary(runs), diffs: compare.Differences(runs),
		headline: compare.HeadlineMetrics(runs), appr: compare.Appraise(runs),
		unc: j.unc, uncSource: j.spec.Uncertainty,
	}
	if len(j.plan.levers) > 0 {
		vars := make([]compare.Scenario, len(j.plan.levers))
		for i, l := range j.plan.levers {
			vars[i] = compare.Scenario{Name: l.Path, Results: results[len(j.scs)+i]}
		}
		c.attr = compare.Attribute(runs[0], runs[1], j.plan.levers, vars, c.headline)
		c.attr.Omitted = j.plan.omitted
	}
	return c, nil
}

// File is one output file.
type File = runner.File

// Tables returns the comparison's CSV tables and manifest.
func (c *Comparison) Tables() []File {
	attr := []byte("lever,from,to,metric,effect,lo,hi,n\n")
	if c.attr != nil {
		attr = compare.AttributionCSV(c.attr)
	}
	return []File{
		{Name: "summary.csv", Data: compare.SummaryCSV(c.summary)},
		{Name: "differences.csv", Data: compare.DifferencesCSV(c.diffs)},
		{Name: "series.csv", Data: compare.SeriesCSV(c.runs)},
		{Name: "attribution.csv", Data: attr},
		{Name: "appraisal.csv", Data: compare.AppraisalCSV(c.appr)},
		{Name: "construction.csv", Data: compare.ConstructionCSV(c.Constructions())},
		{Name: "manifest.json", Data: c.Manifest()},
	}
}

// Charts returns the comparison's charts, the same as 'nhssim compare' draws.
func (c *Comparison) Charts() []*plots.Chart { return plots.Charts(c.ChartData()) }

// Headline returns the headline metrics that the scenarios report.
func (c *Comparison) Headline() []string { return c.headline }

// Names returns the scenarios' names, the baseline first.
func (c *Comparison) Names() []string {
	out := make([]string, len(c.scs))
	for i, s := range c.scs {
		out[i] = s.Name
	}
	return out
}

// Plan is the levers to attribute and the baseline variants that set them
// one at a time.
type Plan struct {
	levers   []compare.Lever
	variants []*scenario.Scenario // variants[i] is the baseline with levers[i] set
	omitted  []compare.Lever      // differing levers beyond the cap (Spec.MaxLevers)
	max      int                  // the cap, 0 for none
	skipped  []skippedLever       // levers that cannot be set alone
	note     string               // why there is no attribution, if there is none
}

type skippedLever struct {
	lever  compare.Lever
	reason string
}

// planAttribution finds the levers that differ between the first two
// scenarios and loads the baseline with each set alone: the same scenario
// file and overrides, plus lever=value. With maxLevers above 0, at most that
// many are attributed, those whose values moved furthest.
func planAttribution(l scenario.Loader, base Ref, scs []*scenario.Scenario, enabled bool, maxLevers int) Plan {
	p := Plan{max: maxLevers}
	switch {
	case !enabled:
		p.note = "Attribution not run (--attribution=false)"
		return p
	case len(scs) < 2:
		p.note = "Lever attribution needs two scenarios"
		return p
	}
	all := compare.Levers(&scs[0].Config, &scs[1].Config)
	if len(all) == 0 {
		p.note = scs[0].Name + " and " + scs[1].Name + " have the same parameters: no lever to attribute"
		return p
	}
	for _, lv := range all {
		if maxLevers > 0 && len(p.levers) == maxLevers {
			p.omitted = append(p.omitted, lv)
			continue
		}
		v, err := l.Load(base.Ref, append(slices.Clone(base.Sets), lv.Set())...)
		if err != nil {
			p.skipped = append(p.skipped, skippedLever{lv, FirstLine(err)})
			continue
		}
		v.Config.Seed = scs[0].Config.Seed
		p.levers = append(p.levers, lv)
		p.variants = append(p.variants, v)
	}
	if len(p.levers) == 0 {
		p.note = "No lever can be set alone on " + scs[0].Name
	}
	return p
}

// FirstLine is the first problem in a scenario error.
func FirstLine(err error) string { return scenario.FirstIssue(err) }

// Plural writes n and the word, plural unless n is 1.
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Group writes a whole number with thousands separators.
func Group(v float64) string { return numfmt.Group(v) }
