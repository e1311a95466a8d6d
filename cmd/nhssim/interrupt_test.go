package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhssim/nhssim/plots"
)

// Ctrl-C during a comparison of runs that would take minutes stops them
// promptly, says so, exits 1 and writes nothing. The test binary stands in
// for nhssim (see TestMain); the signal is sent once the runs have started.
func TestInterruptStopsRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs nhssim as a process")
	}
	for _, test := range []struct {
		name string
		args []string
		want string
	}{
		{"compare", []string{"compare", "england", "--patients", "2000000", "--years", "100", "--replicates", "2", "--attribution=false", "--progress", "log"},
			"nhssim: interrupted: nothing written"},
		{"run", []string{"run", "england", "--patients", "2000000", "--years", "100"}, "nhssim: interrupted: nothing written"},
	} {
		t.Run(test.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], append(test.args, "--out", out)...)
			cmd.Env = append(os.Environ(), "NHSSIM_AS_MAIN=1")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if test.name == "run" {
				// run prints nothing until it is done: wait until its output
				// directory exists, which it checks before the run starts.
				for {
					if _, err := os.Stat(out); err == nil {
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			sc := bufio.NewScanner(stderr)
			var lines []string
			sent := false
			if test.name == "run" {
				cmd.Process.Signal(syscall.SIGINT)
				sent = true
			}
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if !sent && strings.HasPrefix(sc.Text(), "nhssim: compare:") {
					cmd.Process.Signal(syscall.SIGINT)
					sent = true
				}
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("exit: %v, want status 1", err)
			}
			all := strings.Join(lines, "\n")
			for _, w := range []string{"interrupted: stopping the running simulations", test.want} {
				if !strings.Contains(all, w) {
					t.Errorf("stderr lacks %q:\n%s", w, all)
				}
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Errorf("an interrupted %s wrote %d entries to --out", test.name, len(entries))
			}
		})
	}
}

// A sweep interrupted while it checks its points says so, exits 1 and
// writes nothing; so do the other commands interrupted before they run.
func TestInterruptedBeforeRuns(t *testing.T) {
	spec := writeSpec(t, tinySweep)
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", spec, "--progress", "none"}, "nhssim: interrupted: while checking the sweep's points; nothing written"},
		{[]string{"sweep", spec, "--slurm", "--dry-run"}, "nhssim: interrupted: while checking the sweep's points; nothing written"},
		{args([]string{"compare", "england"}, smallCompare), "nhssim: interrupted: nothing written"},
		{args([]string{"run", "england"}, small), "nhssim: interrupted: nothing written"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stdout, stderr bytes.Buffer
		err := run(ctx, append(test.args, "--out", out), &env{stdout: &stdout, stderr: &stderr})
		if code := report(err, &stderr); code != 1 || !strings.Contains(stderr.String(), test.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", test.args[0], code, stderr.String(), test.want)
		}
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			t.Errorf("%s: wrote %d entries", test.args[0], len(entries))
		}
	}
}

// A Ctrl-C while the charts are drawn stops the drawing, and nothing is
// written: not only the simulations listen for it.
func TestInterruptStopsCharts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	charts := []*plots.Chart{{Name: "a", Width: 100, Height: 100, Rows: 1, Cols: 1}}
	err := writeOutputs(ctx, &env{}, dir, []outFile{{Name: "t.csv", Data: []byte("a\n1\n")}}, charts, []string{"svg"})
	if err == nil || !strings.Contains(err.Error(), "interrupted: nothing written") {
		t.Errorf("writeOutputs = %v, want interrupted", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--out exists after the interrupt: %v", err)
	}
}
