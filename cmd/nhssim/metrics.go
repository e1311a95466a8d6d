package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/nhssim/nhssim/sim/nhs"
)

var cmdMetrics = &command{
	name:      "metrics",
	usageLine: "nhssim metrics [--json]",
	short:     "list every metric: name, unit, kind and definition",
	long:      helpText("metrics"),
}

func runMetrics(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdMetrics, e)
	asJSON := fs.Bool("json", false, "print the metric dictionary as JSON")
	pos, err := parse(fs, cmdMetrics, e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("metrics takes no arguments")
	}
	if *asJSON {
		_, err := e.stdout.Write(nhs.MetricDictionary())
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tunit\tkind\theadline\tdefinition")
	for _, m := range nhs.Metrics() {
		hl := ""
		if m.Headline > 0 {
			hl = fmt.Sprint(m.Headline)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Name, m.Unit, m.Kind, hl, m.Definition)
	}
	return tw.Flush()
}
