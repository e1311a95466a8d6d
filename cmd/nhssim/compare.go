package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/uncertainty"
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

var cmdCompare = &command{
	name:      "compare",
	usageLine: "nhssim compare [SCENARIO...] [--replicates R] [--workers W] [--seed N] [--patients N] [--years Y] [--warmup-years W] [--set path=value]... [--out DIR] [--format svg,png,pdf] [--progress auto|bar|log|none] [--attribution=false] [--attribution-max N] [--uncertainty-from DIR] [--uncertainty N [--design-seed S] [--distributions FILE] [--calibrated DIR] [--bands FILE] [--shard I/K | --merge-shards K | --slurm [--array-size K] [--partition P] [--time T] [--cpus-per-task C] [--dry-run] [--wait]]]",
	short:     "compare scenarios over replicates, with tables and charts",
	long:      helpText("compare", "defaultCompare", strings.Join(defaultCompare, " with "), "defaultOut", defaultOut, "uncertaintyReplicates", fmt.Sprint(uncertaintyReplicates)),
}

// compareFlags are compare's own flags.
type compareFlags struct {
	runFlags
	replicates, workers int
	out, format         string
	progress            string
	attribution         bool
	attributionMax      int
	uncertaintyFrom     string
	unc                 uncertaintyFlags
}

func runCompare(ctx context.Context, e *env, args []string) error {
	f, refs, formats, err := parseCompare(e, args)
	if err != nil {
		return err
	}
	if f.unc.draws > 0 {
		return runUncertainty(ctx, e, f, refs, formats, args)
	}
	sets := f.overrides()
	spec := cmpreport.Spec{Loader: scenarios.Loader(), Replicates: f.replicates, Attribution: f.attribution, MaxLevers: f.attributionMax, Command: commandLine(args), Build: e.build}
	if f.uncertaintyFrom != "" {
		q, err := uncertainty.ReadQuoted(f.uncertaintyFrom)
		if err != nil {
			return usagef("--uncertainty-from %v", err)
		}
		spec.Uncertainty = q
	}
	for _, ref := range refs {
		spec.Scenarios = append(spec.Scenarios, cmpreport.Ref{Ref: ref, Sets: sets})
	}
	if err := runner.CheckRuns("compare", len(refs), f.replicates); err != nil {
		return usagef("%v", err)
	}
	job, err := cmpreport.Prepare(spec)
	if err != nil {
		return inputErr(err)
	}
	if err := runner.CheckRuns("compare", job.Runs()/f.replicates, f.replicates); err != nil {
		return usagef("%v (with lever attribution: --attribution-max N bounds it)", err)
	}
	if err := checkMemory(e, "compare", job.Configs(), f.workers, job.Runs()); err != nil {
		return err
	}
	if err := prepareOut(f.out); err != nil {
		return err
	}

	label := fmt.Sprintf("compare: %s, %d workers", job.Describe(), f.workers)
	prog := startProgress(e.stderr, f.progress, label, job.Runs())
	start := time.Now()
	c, err := job.Run(ctx, f.workers, prog.Add)
	prog.Finish()
	if err != nil {
		return interrupted(err, "nothing written")
	}
	elapsed := time.Since(start)

	charts := c.Charts()
	if err := writeOutputs(ctx, e, f.out, c.Tables(), charts, formats); err != nil {
		return err
	}
	printCompare(e, c, elapsed)
	fmt.Fprintf(e.stdout, "\nwrote summary.csv, differences.csv, series.csv, attribution.csv, appraisal.csv, construction.csv, manifest.json, metrics.json and %d charts (%s, with their data as CSV) to %s\n",
		len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

// parseCompare parses and checks compare's flags and scenarios, before
// anything is loaded.
func parseCompare(e *env, args []string) (*compareFlags, []string, []string, error) {
	fs := flagSet(cmdCompare, e)
	var f compareFlags
	f.register(fs)
	fs.IntVar(&f.replicates, "replicates", defaultReplicates, "replicates `R` of each scenario, at least 2")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "`W` simulations at once (the default is every core)")
	fs.StringVar(&f.out, "out", defaultOut, "write the tables and charts to `DIR`")
	fs.StringVar(&f.format, "format", "svg,png", "chart `formats`, comma-separated: svg, png, pdf")
	fs.StringVar(&f.progress, "progress", "auto", "progress on standard error: `mode` auto, bar, log or none")
	fs.BoolVar(&f.attribution, "attribution", true, "attribute the difference between the first two scenarios to their levers")
	fs.IntVar(&f.attributionMax, "attribution-max", 0, "attribute at most `N` levers, those whose values moved furthest (0: every lever that differs)")
	fs.StringVar(&f.uncertaintyFrom, "uncertainty-from", "", "quote an earlier `compare --uncertainty` analysis of the first two scenarios (its output `DIR`, or a prefix P of P.csv and P-drivers.csv) in the report and on the dashboard")
	f.unc.register(fs)
	refs, err := parse(fs, cmdCompare, e, args)
	if err != nil {
		return nil, nil, nil, err
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if err := f.unc.check(given); err != nil {
		return nil, nil, nil, err
	}
	if f.unc.draws > 0 && f.uncertaintyFrom != "" {
		return nil, nil, nil, usagef("--uncertainty-from quotes an earlier analysis beside an ordinary comparison; it cannot be given with --uncertainty")
	}
	if f.unc.draws > 0 && !given["replicates"] {
		f.replicates = uncertaintyReplicates
	}
	formats, err := parseFormats(f.format)
	if err != nil {
		return nil, nil, nil, err
	}
	switch {
	case f.replicates < 2:
		return nil, nil, nil, usagef("--replicates %d: 95%% intervals need at least 2 replicates", f.replicates)
	case f.replicates > runner.MaxReplicates:
		return nil, nil, nil, usagef("--replicates %d: at most %d", f.replicates, runner.MaxReplicates)
	case f.workers < 1:
		return nil, nil, nil, usagef("--workers %d: need at least 1", f.workers)
	case f.attributionMax < 0:
		return nil, nil, nil, usagef("--attribution-max %d: need 0 (every lever) or more", f.attributionMax)
	case !slices.Contains(progressModes, f.progress):
		return nil, nil, nil, usagef("--progress %q: want one of %s", f.progress, strings.Join(progressModes, ", "))
	}
	if len(refs) == 0 {
		refs = defaultCompare
		if err := checkShipped(refs); err != nil {
			return nil, nil, nil, err
		}
	}
	if len(refs) == 0 {
		return nil, nil, nil, usagef("compare needs at least one scenario\nusage: %s", cmdCompare.usageLine)
	}
	return &f, refs, formats, nil
}

// printCompare prints a finished comparison: the representativeness
// warnings, the report and any overload.
func printCompare(e *env, c *cmpreport.Comparison, elapsed time.Duration) {
	scs, runs := c.Compared()
	for _, s := range scs {
		warnRepresentative(e.stderr, s.Name, &s.Config)
	}
	c.Report(e.stdout, elapsed)
	var overload []string
	for _, r := range runs {
		overload = append(overload, nhs.OverloadSummary(r.Name, r.Results)...)
	}
	if len(overload) > 0 {
		fmt.Fprintln(e.stdout)
		printOverload(e.stdout, "warning: ", overload)
	}
}

// outFile is one output file.
type outFile = cmpreport.File

// parseFormats checks a --format list.
func parseFormats(s string) ([]string, error) {
	out, err := plots.ParseFormats(s)
	if err != nil {
		return nil, usagef("--format %q: %v", s, err)
	}
	return out, nil
}

// checkShipped checks that the default scenarios exist, to say plainly
// what to do if this build does not have them yet.
func checkShipped(refs []string) error {
	r, names, err := scenarios.Loader().Unshipped(refs)
	if err != nil || r == "" {
		return err
	}
	return usagef("with no scenario, compare compares %s, but this nhssim does not ship %s yet (it ships %s)\nName the scenarios to compare, such as: nhssim compare england my-variant.yaml",
		strings.Join(refs, " with "), r, strings.Join(names, ", "))
}

// writeOutputs renders every chart in every format and writes it, with the
// tables and the metric dictionary (metrics.json), into dir as one set: the
// new set whole, with its SHA256SUMS, or the earlier one left as it was.
// A Ctrl-C (ctx cancelled) between charts stops it with nothing written.
func writeOutputs(ctx context.Context, e *env, dir string, files []outFile, charts []*plots.Chart, formats []string) error {
	set, err := cmpreport.OutputSet(ctx, files, charts, formats)
	if err != nil {
		return interrupted(err, "nothing written")
	}
	return e.out.WriteSet(dir, set)
}

// commandLine is the command as given, less the flags that cannot change
// the results (--workers and --progress), so that the manifest too is the
// same whatever they are.
func commandLine(args []string) string { return commandLineOf("compare", args) }

// commandLineOf is provenance.CommandLine.
func commandLineOf(verb string, args []string) string { return provenance.CommandLine(verb, args) }
