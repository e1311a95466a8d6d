package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/classroom"
	"github.com/nhssim/nhssim/cmd/nhssim/internal/cmpreport"
)

var cmdServe = &command{
	name:      "serve",
	usageLine: "nhssim serve [--addr 127.0.0.1:8080] [--allow-host NAME]... [--open] [--runs N] [--max-patients N] [--max-years Y] [--max-replicates R] [--cache-dir DIR] [--cache-mb MB]\n       nhssim serve --export DIR --wasm nhssim.wasm [--wasm-exec wasm_exec.js]",
	short:     "a classroom in the browser: compare two scenarios, move levers, read the answer",
	long:      helpText("serve", "classroomDefaults", fmt.Sprintf("%s patients, %d years, %d replicates", cmpreport.Group(float64(classroom.Defaults().Patients)), classroom.Defaults().Years, classroom.Defaults().Replicates), "cores", fmt.Sprint(runtime.GOMAXPROCS(0)), "browserMaxPatients", fmt.Sprint(classroom.BrowserMaxPatients)),
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
	fs.StringVar(&o.CacheDir, "cache-dir", "", "also keep every answer in directory `DIR`")
	cacheMB := fs.Int("cache-mb", o.CacheBytes>>20, "keep at most `MB` of answers in memory")
	export := fs.String("export", "", "write the classroom as static files into `DIR` instead of serving it")
	wasm := fs.String("wasm", "", "with --export, the simulator built for the browser (`nhssim.wasm`)")
	wasmExec := fs.String("wasm-exec", "", "with --export, Go's `wasm_exec.js` (default: from $(go env GOROOT)/lib/wasm)")
	pos, err := parse(fs, cmdServe, e, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("serve takes no arguments\nusage: %s", cmdServe.usageLine)
	case o.Runs < 1 || o.MaxPatients < 1000 || o.MaxYears < 2 || o.MaxReplicates < 2 || *cacheMB < 1:
		return usagef("--runs must be at least 1, --max-patients 1000, --max-years 2, --max-replicates 2 and --cache-mb 1")
	}
	o.CacheBytes = *cacheMB << 20
	if o.CacheDir != "" {
		if err := os.MkdirAll(o.CacheDir, 0o755); err != nil {
			return usagef("--cache-dir: %v", err)
		}
	}
	o.Build = e.build
	if *export != "" {
		var server []string // a server's flags, which an export has no use for
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "export" && f.Name != "wasm" && f.Name != "wasm-exec" {
				server = append(server, "--"+f.Name)
			}
		})
		if len(server) > 0 {
			return usagef("--export takes only --wasm and --wasm-exec, not %s: a browser run's limits are fixed (docs/teaching/publish.md)", strings.Join(server, ", "))
		}
		return exportClassroom(e, *export, *wasm, *wasmExec)
	}
	if *wasm != "" || *wasmExec != "" {
		return usagef("--wasm and --wasm-exec go with --export")
	}
	err = classroom.Serve(ctx, *addr, *open, o, e.stdout)
	if le := (*classroom.ListenError)(nil); errors.As(err, &le) {
		return usagef("serve: %v", le)
	}
	return err
}

// exportClassroom writes the static classroom into dir.
func exportClassroom(e *env, dir, wasmFile, execFile string) error {
	if wasmFile == "" {
		return usagef("--export needs --wasm: build it with\n  GOOS=js GOARCH=wasm go build -trimpath -o nhssim.wasm ./cmd/nhssim/internal/classroom/wasm")
	}
	o := classroom.Browser()
	o.Build = e.build
	if err := classroom.ExportFrom(dir, o, wasmFile, execFile); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "static classroom written to %s: serve it from any web host, for example\n  python3 -m http.server -d %s 8000\nand open http://127.0.0.1:8000/\n", dir, dir)
	return nil
}
