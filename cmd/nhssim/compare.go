package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/runner"
)

// defaultCompare is what 'nhssim compare' compares when it is given no
// scenario: the two poles of the design, baseline first.
var defaultCompare = []string{"market-contract", "regional-collaborative"}

// defaultOut is where compare writes unless told otherwise.
const defaultOut = "nhssim-out"

// defaultReplicates is the default R. Common random numbers make the
// paired differences tight with few replicates, and the report says when
// more are needed; 5 keeps the default comparison, lever attribution
// included, under a minute on two cores.
const defaultReplicates = 5

// maxLevers caps the levers attributed, so that a comparison of two very
// different scenarios stays a bounded number of runs.
const maxLevers = 12

var cmdCompare = &command{
	name:      "compare",
	usageLine: "nhssim compare [SCENARIO...] [--replicates R] [--workers W] [--seed N] [--patients N] [--years Y] [--warmup-years W] [--set path=value]... [--out DIR] [--format svg,png,pdf] [--progress auto|bar|log|none] [--attribution=false]",
	short:     "compare scenarios over replicates, with tables and charts",
	long: `
Compare runs each scenario R times and reports every metric's mean and 95%
interval per scenario, and the difference of each scenario from the first
(the baseline) with its 95% interval. Replicate r of every scenario runs with
the same seed, N+r-1, so that the scenarios see the same random streams
(common random numbers) and their differences are the levers' doing, not
noise. The differences are paired replicate by replicate. Results are
identical whatever the number of workers.

With no scenario, compare compares ` + strings.Join(defaultCompare, " with ") + `.
Each SCENARIO is a shipped scenario's name or a YAML file's path. --seed,
--patients, --years, --warmup-years and --set apply to every scenario, as in
'nhssim run'. --seed sets the first replicate's seed (default: the first
scenario's seed).

Lever attribution: from the baseline, compare sets each parameter that
differs in the second scenario, one at a time, runs that variant R times with
the same seeds, and reports each lever's effect on the headline metrics
against the whole difference. Effects need not add up, since levers
interact; the sum is printed beside the whole. At most ` + fmt.Sprint(maxLevers) + ` levers are
attributed, the most different first. --attribution=false skips it.

Output, in DIR (default ./` + defaultOut + `), as one set (the new set whole, or
the earlier one left as it was), with SHA256SUMS, the digest of each file,
written last:
  summary.csv      scenario,metric,mean,lo,hi,n (n: replicates with a value)
  differences.csv  scenario,baseline,metric,difference,lo,hi,n
  series.csv       scenario,replicate,month,metric,value (warm-up included)
  attribution.csv  lever,from,to,metric,effect,lo,hi,n
  manifest.json    version, seeds, scenario hashes, every resolved parameter
                   and the command line (without --workers and --progress,
                   which change nothing in the results)
  admissions, costs, continuity, beds, attribution and dashboard charts,
  in each --format (svg, png, pdf; default svg,png)

Statistics cover the window after the warm-up; the charts show it. Standard
output gets the headline table and says whether R was enough: whether each
headline interval is within ±5% of its mean.

--progress: a bar on a terminal and a line every 5 seconds otherwise (auto,
the default), or bar, log or none; progress goes to standard error.

Exit status: 0 on success, 2 for bad usage or input, or a job that cannot
fit in memory (nothing is written), 1 for a failure during the runs or an
interruption (Ctrl-C; nothing is written), 3 for an internal error (a bug).`,
}

// compareFlags are compare's own flags.
type compareFlags struct {
	runFlags
	replicates, workers int
	out, format         string
	progress            string
	attribution         bool
}

func runCompare(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdCompare, e)
	var f compareFlags
	f.register(fs)
	fs.IntVar(&f.replicates, "replicates", defaultReplicates, "replicates `R` of each scenario, at least 2")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "`W` simulations at once (the default is every core)")
	fs.StringVar(&f.out, "out", defaultOut, "write the tables and charts to `DIR`")
	fs.StringVar(&f.format, "format", "svg,png", "chart `formats`, comma-separated: svg, png, pdf")
	fs.StringVar(&f.progress, "progress", "auto", "progress on standard error: `mode` auto, bar, log or none")
	fs.BoolVar(&f.attribution, "attribution", true, "attribute the difference between the first two scenarios to their levers")
	refs, err := parse(fs, cmdCompare, e, args)
	if err != nil {
		return err
	}

	formats, err := parseFormats(f.format)
	if err != nil {
		return err
	}
	switch {
	case f.replicates < 2:
		return usagef("--replicates %d: 95%% intervals need at least 2 replicates", f.replicates)
	case f.replicates > runner.MaxReplicates:
		return usagef("--replicates %d: at most %d", f.replicates, runner.MaxReplicates)
	case f.workers < 1:
		return usagef("--workers %d: need at least 1", f.workers)
	case !slices.Contains(progressModes, f.progress):
		return usagef("--progress %q: want one of %s", f.progress, strings.Join(progressModes, ", "))
	}
	if len(refs) == 0 {
		refs = defaultCompare
		if err := checkShipped(refs); err != nil {
			return err
		}
	}
	if len(refs) == 0 {
		return usagef("compare needs at least one scenario\nusage: %s", cmdCompare.usageLine)
	}

	sets := f.overrides()
	scs := make([]*scenarios.Scenario, len(refs))
	for i, ref := range refs {
		if scs[i], err = scenarios.Load(ref, sets...); err != nil {
			return err
		}
		if j := slices.IndexFunc(scs[:i], func(s *scenarios.Scenario) bool { return s.Name == scs[i].Name }); j >= 0 {
			return usagef("%s and %s are both named %q: give one a different name: field to tell them apart", scs[j].File, scs[i].File, scs[i].Name)
		}
	}
	if err := runner.CheckRuns("compare", len(scs)+maxLevers, f.replicates); err != nil {
		return usagef("%v", err)
	}
	// Every scenario runs replicate r with the same seed: the first
	// scenario's (or --seed), plus r-1.
	seeds := runner.Seeds(scs[0].Config.Seed, f.replicates)
	for _, s := range scs {
		s.Config.Seed = seeds[0]
	}
	plan := planAttribution(scs, refs[0], sets, f.attribution)
	cfgs := make([]nhs.Config, 0, len(scs)+len(plan.levers))
	for _, s := range scs {
		cfgs = append(cfgs, s.Config)
	}
	for _, v := range plan.variants {
		cfgs = append(cfgs, v.Config)
	}
	if err := checkMemory(e, "compare", cfgs, f.workers, len(cfgs)*f.replicates); err != nil {
		return err
	}
	if err := checkWritableDir(f.out); err != nil {
		return err
	}
	for _, s := range scs {
		warnRepresentative(e.stderr, s.Name, &s.Config)
	}
	label := fmt.Sprintf("compare: %d runs: %s × %d replicates, %d workers", len(cfgs)*f.replicates, what(len(scs), len(plan.levers)), f.replicates, f.workers)
	prog := startProgress(e.stderr, f.progress, label, len(cfgs)*f.replicates)
	start := time.Now()
	results, err := compare.Simulate(ctx, cfgs, seeds, f.workers, prog.add)
	prog.finish()
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)

	runs := make([]compare.Scenario, len(scs))
	for i, s := range scs {
		runs[i] = compare.Scenario{Name: s.Name, Results: results[i]}
	}
	c := &comparison{
		scs: scs, runs: runs, seeds: seeds, args: args, plan: plan,
		summary: compare.Summary(runs), diffs: compare.Differences(runs),
		headline: compare.HeadlineMetrics(runs),
	}
	if len(plan.levers) > 0 {
		vars := make([]compare.Scenario, len(plan.levers))
		for i, l := range plan.levers {
			vars[i] = compare.Scenario{Name: l.Path, Results: results[len(scs)+i]}
		}
		c.attr = compare.Attribute(runs[0], runs[1], plan.levers, vars, c.headline)
		c.attr.Omitted = plan.omitted
	}

	files := []outFile{
		{"summary.csv", compare.SummaryCSV(c.summary)},
		{"differences.csv", compare.DifferencesCSV(c.diffs)},
		{"series.csv", compare.SeriesCSV(runs)},
		{"attribution.csv", attributionCSV(c.attr)},
		{"manifest.json", c.manifest()},
	}
	charts := plots.Charts(c.chartData())
	if err := writeOutputs(e, f.out, files, charts, formats); err != nil {
		return err
	}
	c.report(e.stdout, elapsed)
	var overload []string
	for _, r := range runs {
		overload = append(overload, overloadSummary(r.Name, r.Results)...)
	}
	if len(overload) > 0 {
		fmt.Fprintln(e.stdout)
		printOverload(e.stdout, "warning: ", overload)
	}
	fmt.Fprintf(e.stdout, "\nwrote summary.csv, differences.csv, series.csv, attribution.csv, manifest.json, metrics.json and %d charts (%s) to %s\n",
		len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

type outFile struct {
	name string
	data []byte
}

// parseFormats checks a --format list.
func parseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(plots.Formats(), f) {
			return nil, usagef("--format %q: unknown format %q; want some of %s, comma-separated", s, f, strings.Join(plots.Formats(), ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// checkShipped checks that the default scenarios exist, to say plainly
// what to do if this build does not have them yet.
func checkShipped(refs []string) error {
	names, err := scenarios.Loader{}.Names()
	if err != nil {
		return err
	}
	for _, r := range refs {
		isPath := strings.ContainsAny(r, `/\`) || strings.HasSuffix(r, ".yaml") || strings.HasSuffix(r, ".yml")
		if !isPath && !slices.Contains(names, r) {
			return usagef("with no scenario, compare compares %s, but this nhssim does not ship %s yet (it ships %s)\nName the scenarios to compare, such as: nhssim compare england my-variant.yaml",
				strings.Join(refs, " with "), r, strings.Join(names, ", "))
		}
	}
	return nil
}

func what(scenarios, levers int) string {
	s := plural(scenarios, "scenario")
	if levers > 0 {
		s += " and " + plural(levers, "lever")
	}
	return s
}

// attributionPlan is the levers to attribute and the baseline variants that
// set them one at a time.
type attributionPlan struct {
	levers   []compare.Lever
	variants []*scenarios.Scenario // variants[i] is the baseline with levers[i] set
	omitted  []compare.Lever       // differing levers beyond maxLevers
	skipped  []skippedLever        // levers that cannot be set alone
	note     string                // why there is no attribution, if there is none
}

type skippedLever struct {
	lever  compare.Lever
	reason string
}

// planAttribution finds the levers that differ between the first two
// scenarios and loads the baseline with each set alone: the same scenario
// file and overrides, plus --set lever=value.
func planAttribution(scs []*scenarios.Scenario, baseRef string, sets []string, enabled bool) attributionPlan {
	var p attributionPlan
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
	for _, l := range all {
		if len(p.levers) == maxLevers {
			p.omitted = append(p.omitted, l)
			continue
		}
		v, err := scenarios.Load(baseRef, append(slices.Clone(sets), l.Set())...)
		if err != nil {
			p.skipped = append(p.skipped, skippedLever{l, firstLine(err)})
			continue
		}
		v.Config.Seed = scs[0].Config.Seed
		p.levers = append(p.levers, l)
		p.variants = append(p.variants, v)
	}
	if len(p.levers) == 0 {
		p.note = "No lever can be set alone on " + scs[0].Name
	}
	return p
}

// firstLine is the first problem in a scenario error.
func firstLine(err error) string {
	var se *scenarios.Error
	if errors.As(err, &se) && len(se.Issues) > 0 {
		return se.Issues[0].Error()
	}
	return err.Error()
}

func attributionCSV(a *compare.Attribution) []byte {
	if a == nil {
		return []byte("lever,from,to,metric,effect,lo,hi,n\n")
	}
	return compare.AttributionCSV(a)
}

// writeOutputs renders every chart in every format and writes it, with the
// tables and the metric dictionary (metrics.json), into dir as one set: the
// new set whole, with its SHA256SUMS, or the earlier one left as it was.
func writeOutputs(e *env, dir string, files []outFile, charts []*plots.Chart, formats []string) error {
	files = append(files, outFile{"metrics.json", nhs.MetricDictionary()})
	for _, ch := range charts {
		for _, format := range formats {
			data, err := ch.Render(format)
			if err != nil {
				return err
			}
			files = append(files, outFile{ch.Name + "." + format, data})
		}
	}
	set := make([]runner.File, len(files))
	for i, f := range files {
		set[i] = runner.File{Name: f.name, Data: f.data}
	}
	return e.out.WriteSet(dir, set)
}
