// Command nhssim simulates ways of organising the NHS and reports what
// happens to emergency admissions, continuity of care and the costs of
// duplication and transactions.
//
// Run 'nhssim help' for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
	"github.com/nhssim/nhssim/sim/calibrate"
	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/safe"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/uncertainty"
)

// command is one verb of the command line.
type command struct {
	name      string
	usageLine string
	short     string
	long      string
	run       func(ctx context.Context, env *env, args []string) error
}

// env is what a command reads and writes besides its arguments.
type env struct {
	stdout, stderr io.Writer
	mem            memlimit.Env     // where memory limits are read; the zero value reads this machine
	out            runner.SetWriter // writes output sets; the zero value writes to disk
	build          provenance.Build // this binary's build; the zero value is read from the binary
	pointWritten   func()           // if not nil, called after a sweep writes each point (tests interrupt with it)
}

var commands []*command

func init() {
	// The run functions are set here, not in the literals, because they
	// refer back to their commands (for help and usage).
	cmdRun.run, cmdCompare.run, cmdValidate.run, cmdScenarios.run, cmdHelp.run = runRun, runCompare, runValidate, runScenarios, runHelp
	cmdSweep.run, cmdCalibrate.run, cmdSensitivity.run, cmdMetrics.run, cmdVersion.run, cmdServe.run = runSweep, runCalibrate, runSensitivity, runMetrics, runVersion, runServe
	commands = []*command{cmdRun, cmdCompare, cmdSweep, cmdCalibrate, cmdSensitivity, cmdServe, cmdValidate, cmdScenarios, cmdMetrics, cmdVersion, cmdHelp}
}

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(safe.Main(os.Stderr, func() int {
		memlimit.TuneGC()
		sigs := make(chan os.Signal, 2)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		ctx, stop := safe.Interrupts(context.Background(), sigs, os.Stderr, os.Exit)
		defer stop()
		err := run(ctx, os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr})
		return report(err, os.Stderr)
	}))
}

// report prints err, if any, and returns the exit status: 0 for success, 2
// for bad usage or bad input, 1 for a failure during a run (or an
// interruption). A panic, a bug, exits 3 (safe.ExitInternal) by way of
// safe.Main.
func report(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue *usageError
	var se *scenario.Error
	switch {
	case errors.As(err, &se):
		fmt.Fprintf(stderr, "nhssim: %s\n", se.List("the scenario"))
		return 2
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "nhssim: %s\n", ue.msg)
		return 2
	}
	fmt.Fprintf(stderr, "nhssim: %s\n", err)
	return 1
}

// inputErr makes the packages' errors for bad input usage errors, which
// exit 2; any other error is returned as it is.
func inputErr(err error) error {
	var ce *cmpreport.InputError
	var ue *uncertainty.InputError
	var ke *calibrate.InputError
	switch {
	case errors.As(err, &ce):
		return usagef("%s", ce.Msg)
	case errors.As(err, &ue):
		return usagef("%s", ue.Msg)
	case errors.As(err, &ke):
		return usagef("%s", ke.Msg)
	}
	return err
}

// interrupted makes the error of a cancelled context say what happened,
// and what was left: it is the user's Ctrl-C, not a failure.
func interrupted(err error, left string) error {
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted: " + left)
	}
	return err
}

func plural(n int, word string) string { return cmpreport.Plural(n, word) }

func run(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 {
		printUsage(e.stderr)
		return usagef("no command given")
	}
	if e.build == (provenance.Build{}) {
		e.build = provenance.ReadBuild()
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		printUsage(e.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return usagef("unknown command %q%s\nRun 'nhssim help' for usage.", name, didYouMean(name, names, ""))
}

// didYouMean is " (did you mean PREFIX+NAME?)" for the name of known
// nearest to name by edit distance, if one is near enough to be a typo,
// else "".
func didYouMean(name string, known []string, prefix string) string {
	if s := scenario.Suggest(name, known); s != "" {
		return fmt.Sprintf(" (did you mean %s%s?)", prefix, s)
	}
	return ""
}

// flagSuggestion is a suggestion for a flag that fs does not define, from
// the flag package's error for it, or "".
func flagSuggestion(fs *flag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	var known []string
	fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
	return didYouMean(name, known, "--")
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "nhssim simulates ways of organising the NHS: a market of contracts, a regional\ncollaborative and the systems between.")
	fmt.Fprint(w, "\nUsage:\n\n\tnhssim <command> [arguments]\n\nThe commands are:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-12s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nUse 'nhssim help <command>' for more about a command.")
}

var cmdHelp = &command{
	name:      "help",
	usageLine: "nhssim help [command]",
	short:     "show help for nhssim or one of its commands",
	long:      "Help prints the list of commands, or the full help of one command.",
}

func runHelp(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		printUsage(e.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			printHelp(e.stdout, c)
			return nil
		}
	}
	return usagef("unknown help topic %q\nRun 'nhssim help' for usage.", args[0])
}

func printHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.usageLine, strings.TrimSpace(c.long))
}

// flagSet returns a flag set for c that reports errors instead of exiting and
// prints c's help for -h.
func flagSet(c *command, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args with fs, allowing flags before and after positional
// arguments (Go's flag package alone stops at the first positional one).
// It returns the positional arguments.
func parse(fs *flag.FlagSet, c *command, e *env, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(e.stdout, c)
				fmt.Fprintln(e.stdout, "\nFlags:")
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
				return nil, flag.ErrHelp
			}
			return nil, usagef("%s: %v%s\nRun 'nhssim help %s' for usage.", c.name, err, flagSuggestion(fs, err), c.name)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// multiFlag is a flag that may be given many times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// progressModes are the values of --progress.
var progressModes = runner.ProgressModes

// startProgress reports the progress of total runs on w in mode (the
// value of --progress).
func startProgress(w io.Writer, mode, label string, total int) *runner.Progress {
	return runner.StartProgress(w, mode, label, total)
}
