package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/nhssim/nhssim/scenarios"
)

var cmdScenarios = &command{
	name:      "scenarios",
	usageLine: "nhssim scenarios",
	short:     "list the shipped scenarios",
	long:      helpText("scenarios"),
}

func runScenarios(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdScenarios, e)
	pos, err := parse(fs, cmdScenarios, e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("scenarios takes no arguments")
	}
	names, err := scenarios.Loader().Names()
	if err != nil {
		return err
	}
	for _, n := range names {
		sc, err := scenarios.Load(n)
		if err != nil {
			return fmt.Errorf("shipped scenario %s: %w", n, err)
		}
		fmt.Fprintf(e.stdout, "%-24s %s\n", n, strings.Join(strings.Fields(sc.Config.Description), " "))
	}
	return nil
}
