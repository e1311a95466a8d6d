package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/classroom"
)

var cmdServe = &command{
	name:      "serve",
	usageLine: "nhssim serve [--addr 127.0.0.1:8080] [--allow-host NAME]... [--open] [--runs N] [--max-patients N] [--max-years Y] [--max-replicates R]",
	short:     "a classroom in the browser: compare two scenarios, move levers, read the answer",
	long: `
Serve starts a web page for teaching: pick two scenarios (shipped, or a YAML
file uploaded and checked by the same loader as 'nhssim validate'), move the
levers of the second, press Run, and read the answer as the same charts as
'nhssim compare' draws, with plain sentences and 95% intervals. A run
compares the two on common random numbers at a teaching size that answers
in seconds (` + fmt.Sprintf("%d patients, %d years, %d replicates", classroom.Defaults().Patients, classroom.Defaults().Years, classroom.Defaults().Replicates) + `), streams its
progress, and can be downloaded as scenario files, tables, charts and the
'nhssim compare' command that reproduces it. The page also has exercises, a
glossary and a story for each seed system. Everything is inside the binary:
no internet, no other install.

--addr is where to listen; the default, 127.0.0.1:8080, is this computer
only. --addr 0.0.0.0:8080 listens on every network interface: anyone who can
reach this computer on that port (a classroom network, or the internet if
the port is open) can load the page and start runs, which use this
computer's processors. Nothing else is exposed: the server writes no files
and reads none but the memory limits under /proc at start (uploads are
checked in memory and never stored) and there is no login. Runs are bounded: at most --runs at once (default: the number of
cores, here ` + fmt.Sprint(runtime.GOMAXPROCS(0)) + `), at most 64 more waiting (each sees its place in the
queue), each within --max-patients, --max-years and --max-replicates and
5 minutes; a run stops when its browser tab is closed or stops reading.
A run too large to finish in that time with every slot busy, or to fit in
its share of the memory (1/--runs of what the machine, its cgroup or Slurm
allows), is refused up front with a message saying what would fit.

The server answers only to requests that name it: localhost, a loopback
address or the address it is reached at (so a web page on another name
cannot reach it through DNS rebinding). To reach it by a name, such as
this computer's host name on a classroom network, give --allow-host NAME
(repeat it for more names). Runs and uploads are accepted only from the
server's own page: a request from another site's page is refused.

--open opens the page in the default browser. Stop the server with Ctrl-C.`,
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flagSet(cmdServe, e)
	o := classroom.Defaults()
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port`")
	open := fs.Bool("open", false, "open the page in the default browser")
	fs.Func("allow-host", "also answer to requests for host `NAME` (repeatable)", func(v string) error {
		if v == "" || strings.ContainsAny(v, ":/ ") {
			return fmt.Errorf("%q is not a host name: give the name alone, such as --allow-host classroom.local", v)
		}
		o.AllowHosts = append(o.AllowHosts, v)
		return nil
	})
	fs.IntVar(&o.Runs, "runs", o.Runs, "at most `N` runs at once")
	fs.IntVar(&o.MaxPatients, "max-patients", o.MaxPatients, "at most `N` patients in a run")
	fs.IntVar(&o.MaxYears, "max-years", o.MaxYears, "at most `Y` years in a run")
	fs.IntVar(&o.MaxReplicates, "max-replicates", o.MaxReplicates, "at most `R` replicates in a run")
	pos, err := parse(fs, cmdServe, e, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("serve takes no arguments\nusage: %s", cmdServe.usageLine)
	case o.Runs < 1 || o.MaxPatients < 1000 || o.MaxYears < 2 || o.MaxReplicates < 2:
		return usagef("--runs must be at least 1, --max-patients 1000, --max-years 2 and --max-replicates 2")
	}
	o.Build = e.build
	err = classroom.Serve(ctx, *addr, *open, o, e.stdout)
	if le := (*classroom.ListenError)(nil); errors.As(err, &le) {
		return usagef("serve: %v", le)
	}
	return err
}
