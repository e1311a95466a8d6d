package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/sweep"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// prepareDraws sets the draws of sweep --uncertainty N, or of the spec's
// uncertainty: field, on the plan and returns their design; nil for a
// sweep without draws. The flags override the spec.
func (f *sweepFlags) prepareDraws(ctx context.Context, fs *flag.FlagSet, plan *sweep.Plan) (*uncertainty.Design, error) {
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if u := plan.Spec.Uncertainty; u != nil {
		if !given["uncertainty"] {
			f.draws = u.Draws
		}
		if !given["design-seed"] {
			f.designSeed = u.Seed
		}
	}
	if f.draws == 0 {
		if given["design-seed"] {
			return nil, usagef("--design-seed needs --uncertainty N (or uncertainty: in the spec)")
		}
		return nil, nil
	}
	d, err := uncertainty.PrepareSweep(ctx, plan, &uncertainty.Inputs{}, f.draws, f.designSeed, f.workers)
	return d, interrupted(inputErr(sweepErr(err)), "while checking the sweep's draws; nothing written")
}

// mergeHint is the command that combines a sweep's shards in dir and,
// with draws, summarises them.
func (f *sweepFlags) mergeHint(plan *sweep.Plan, dir string) string {
	hint := "nhssim sweep merge " + dir
	if plan.Draws > 0 {
		hint += fmt.Sprintf("\nand then summarise them with:\n  %s --out %s --resume", f.origin.Command, dir)
	}
	return hint
}

// summarise summarises a whole uncertainty sweep's results, point by
// point, into its directory and on standard output; it does nothing for a
// shard or a sweep without draws.
func (f *sweepFlags) summarise(ctx context.Context, e *env, plan *sweep.Plan, d *uncertainty.Design, shard sweep.Shard) error {
	if d == nil || !shard.Whole() {
		return nil
	}
	pv := provenance.Provenance{Build: e.build, Command: f.origin.Command, Seeds: plan.Seeds}
	so, ss, err := uncertainty.SummariseSweep(ctx, plan, d, f.out, pv)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	so.Report(e.stdout, ss)
	fmt.Fprintf(e.stdout, "\nwrote levels.csv, uncertainty.csv, design.csv, draws.csv and uncertainty.json to %s\n", f.out)
	return nil
}
