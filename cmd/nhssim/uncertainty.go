package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/sweep"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// uncertaintyReplicates is R under --uncertainty when --replicates is not
// given: the draws, not the replicates, carry most of the spread.
const uncertaintyReplicates = 2

// uncertaintyFlags are compare's flags for an uncertainty analysis.
type uncertaintyFlags struct {
	draws         int
	designSeed    uint64
	distributions string
	bands         string
	calibrated    string
	shard         string
	mergeShards   int
	slurmFlags
}

func (u *uncertaintyFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&u.draws, "uncertainty", 0, fmt.Sprintf("draw the uncertain parameters `N` times (2 to %d) and report the probability that each scenario is better", uncertainty.MaxDraws))
	fs.Uint64Var(&u.designSeed, "design-seed", 1, "with --uncertainty: the `seed` of the Latin hypercube of draws")
	fs.StringVar(&u.distributions, "distributions", "", "with --uncertainty: a YAML `file` of parameter distributions that replace the registry's")
	fs.StringVar(&u.calibrated, "calibrated", "", "with --uncertainty: draw the calibrated parameters from the non-implausible sample that 'nhssim calibrate' left in `DIR`")
	fs.StringVar(&u.shard, "shard", "", "with --uncertainty: run only shard `I/K`, the draws i with i mod K = I, into DIR/uncertainty-shard-I-of-K.csv")
	fs.IntVar(&u.mergeShards, "merge-shards", 0, "with --uncertainty: merge the `K` shards in DIR, run by the same command with --shard, into the analysis's outputs")
	fs.StringVar(&u.bands, "bands", "", "with --uncertainty: a calibration targets `file` (such as scenarios/targets/england.yaml); report the share of draws outside its bands")
	u.slurmFlags.register(fs, "draws")
}

// check checks the uncertainty flags once parsed: given is the set of
// flags given on the command line.
func (u *uncertaintyFlags) check(given map[string]bool) error {
	if !given["uncertainty"] {
		for _, name := range append([]string{"design-seed", "distributions", "bands", "calibrated", "shard", "merge-shards", "slurm"}, slurmOnly...) {
			if given[name] {
				return usagef("--%s needs --uncertainty N", name)
			}
		}
		return nil
	}
	switch {
	case u.draws < 2 || u.draws > uncertainty.MaxDraws:
		return usagef("--uncertainty %d: want 2 to %d parameter draws", u.draws, uncertainty.MaxDraws)
	case u.shard != "" && given["merge-shards"]:
		return usagef("--shard and --merge-shards: run the shards first, then merge them")
	case given["merge-shards"] && (u.mergeShards < 1 || u.mergeShards > u.draws):
		return usagef("--merge-shards %d: want 1 to %d shards (one per draw at most)", u.mergeShards, u.draws)
	case u.slurm && (u.shard != "" || given["merge-shards"]):
		return usagef("--slurm with --shard or --merge-shards: --slurm runs every shard as a task of its own and merges them in a job of its own")
	case u.slurm && u.arraySize > u.draws:
		return usagef("--array-size %d: the analysis has only %d draws, so at most %d tasks", u.arraySize, u.draws, u.draws)
	case u.slurm:
		if err := sweep.CheckScript(u.partition, u.time); err != nil {
			return sweepErr(err)
		}
	}
	return u.slurmFlags.check(given)
}

// runUncertainty runs compare --uncertainty: every scenario at N draws of
// the uncertain parameters, R replicates each.
func runUncertainty(ctx context.Context, e *env, f *compareFlags, refs, formats []string, args []string) error {
	u := f.unc
	in, err := uncertainty.ReadInputs(u.distributions, u.calibrated, u.bands)
	if err != nil {
		return inputErr(err)
	}
	spec := cmpreport.Spec{Loader: scenarios.Loader(), Replicates: f.replicates, Command: commandLine(args), Build: e.build}
	for _, ref := range refs {
		spec.Scenarios = append(spec.Scenarios, cmpreport.Ref{Ref: ref, Sets: f.overrides()})
	}
	job, err := cmpreport.Prepare(spec)
	if err != nil {
		return inputErr(err)
	}
	scs := job.Scenarios()
	if len(scs) < 2 {
		return usagef("--uncertainty compares scenarios: name at least two (or none, for %s)", strings.Join(defaultCompare, " with "))
	}
	set, err := uncertainty.PrepareScenarios(scs, in, u.draws, u.designSeed, f.replicates)
	if err != nil {
		return inputErr(err)
	}
	cfgs := set.Configs
	workers := f.workers
	if u.slurm {
		workers = u.cpus // each task's
	}
	if err := checkMemory(e, "compare", cfgs, workers, set.Runs()); err != nil {
		return err
	}
	if err := checkWritableDir(f.out); err != nil {
		return err
	}
	if u.slurm {
		k, waited, err := submitUncertainty(ctx, e, f, set, args)
		if err != nil || !waited {
			return err
		}
		u.mergeShards = k // the array has finished: merge its shards here
	}

	if u.shard != "" {
		return runUncertaintyShard(ctx, e, f, set)
	}
	start := time.Now()
	var o *uncertainty.Outcome
	if u.mergeShards > 0 {
		o, err = uncertainty.MergeShardsIn(f.out, set, u.mergeShards)
	} else {
		prog := startProgress(e.stderr, f.progress, fmt.Sprintf("compare --uncertainty: %s, %d workers", set.Describe(), f.workers), set.Runs())
		o, err = set.Run(ctx, f.workers, prog.Add)
		prog.Finish()
	}
	if err != nil {
		return interrupted(inputErr(err), "nothing written")
	}
	elapsed := time.Since(start)

	sums, apprs := o.Summarise(), o.Appraisals()
	pv := set.Provenance(e.build, commandLine(args))
	charts := cmpreport.UncertaintyCharts(o, cfgs, sums, apprs, provenance.Footer(e.build, set.Seeds))
	if err := writeOutputs(ctx, e, f.out, o.Tables(sums, apprs, pv, in), charts, formats); err != nil {
		return err
	}
	o.Report(e.stdout, sums, in.Bands, elapsed)
	if len(apprs) > 0 {
		fmt.Fprintln(e.stdout)
		uncertainty.ReportAppraisals(e.stdout, apprs, cfgs[0].Costs.NationalPopulation)
	}
	fmt.Fprintf(e.stdout, "\nwrote uncertainty.csv, drivers.csv, design.csv, draws.csv, appraisal.csv, manifest.json, metrics.json and %d charts (%s, with their data as CSV) to %s\n",
		len(charts), strings.Join(formats, ", "), f.out)
	return nil
}

// runUncertaintyShard runs one shard of an analysis into its file in
// --out, whole or not at all.
func runUncertaintyShard(ctx context.Context, e *env, f *compareFlags, set *uncertainty.Setup) error {
	sh, err := sweep.ParseShard(f.unc.shard)
	if err != nil {
		return sweepErr(err)
	}
	prog := startProgress(e.stderr, f.progress, fmt.Sprintf("compare --uncertainty: shard %d of %d of %s, %d workers", sh.I, sh.K, set.Describe(), f.workers), set.Runs()/sh.K)
	path, err := uncertainty.WriteShard(ctx, set, f.out, sh.I, sh.K, f.workers, prog.Add)
	prog.Finish()
	if err != nil {
		return interrupted(inputErr(err), "nothing written")
	}
	fmt.Fprintf(e.stdout, "wrote %s; when all %d shards are done, merge them with the same command and --merge-shards %d in place of --shard\n", path, sh.K, sh.K)
	return nil
}
