package main

import (
	"context"
	"fmt"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/scenario"
)

var cmdValidate = &command{
	name:      "validate",
	usageLine: "nhssim validate SCENARIO [--set path=value]...",
	short:     "check a scenario and report every problem",
	long:      helpText("validate"),
}

func runValidate(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdValidate, e)
	var sets multiFlag
	fs.Var(&sets, "set", "override a parameter: `path=value` (repeatable)")
	pos, err := parse(fs, cmdValidate, e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("validate takes one scenario\nusage: %s", cmdValidate.usageLine)
	}
	sc, err := scenarios.Load(pos[0], sets...)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: valid (scenario %s, hash %s)\n", sc.File, sc.Name, scenario.Hash(&sc.Config))
	return nil
}
