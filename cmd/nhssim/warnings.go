package main

import (
	"fmt"
	"io"

	"github.com/nhssim/nhssim/sim/nhs"
)

// warnRepresentative tells, on w (standard error), when a scenario's
// sample is smaller than one whole local system: see
// nhs.RepresentativeWarning.
func warnRepresentative(w io.Writer, name string, cfg *nhs.Config) {
	if s := nhs.RepresentativeWarning(name, cfg); s != "" {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

// printOverload writes a run's overload warnings, if any.
func printOverload(w io.Writer, prefix string, warnings []string) {
	for _, s := range warnings {
		fmt.Fprintf(w, "%s%s\n", prefix, s)
	}
}
