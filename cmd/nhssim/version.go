package main

import (
	"context"
	"encoding/json"
	"fmt"
)

var cmdVersion = &command{
	name:      "version",
	usageLine: "nhssim version [--json]",
	short:     "print nhssim's version and the commit it was built from",
	long:      helpText("version"),
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdVersion, e)
	asJSON := fs.Bool("json", false, "print the build as JSON")
	pos, err := parse(fs, cmdVersion, e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments")
	}
	if *asJSON {
		out, err := json.MarshalIndent(e.build, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", out)
		return err
	}
	_, err = fmt.Fprintln(e.stdout, e.build)
	return err
}
