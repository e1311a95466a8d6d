//go:build linux

package main

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killedCommands are the commands the kill tests kill, each small enough to
// take a moment, so that a kill can land anywhere in it.
var killedCommands = []struct {
	name string
	args []string
}{
	{"run", []string{"run", "england", "--patients", "2000", "--years", "1", "--warmup-years", "0"}},
	{"compare", []string{"compare", "england", "regional-collaborative", "--replicates", "2", "--patients", "2000",
		"--years", "1", "--warmup-years", "0", "--format", "svg", "--attribution=false", "--progress", "none"}},
}

// A kill -9 at any moment of run or compare leaves --out holding either the
// earlier set, whole, or the new one, whole, byte for byte, and a user's
// file in it as it was; the stray temporaries a kill leaves, in --out or
// beside it, are gone after the next run. The kills land at each named step
// of the write (NHSSIM_TEST_KILL_AT), where the outcome is known, and at 29
// moments spread over a whole run (300 with NHSSIM_LONG=1). The test binary
// stands in for nhssim (see TestMain).
func TestKillLeavesWholeSet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs nhssim as a process, many times")
	}
	timed := 29
	if os.Getenv("NHSSIM_LONG") != "" {
		timed = 300
	}
	for _, c := range killedCommands {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			nhssim := func(seed, killAt string) *exec.Cmd {
				cmd := exec.Command(os.Args[0], append(c.args, "--seed", seed, "--out", out)...)
				cmd.Env = append(os.Environ(), "NHSSIM_AS_MAIN=1", "NHSSIM_TEST_KILL_AT="+killAt)
				return cmd
			}
			mustNhssim := func(seed string) map[string]string {
				t.Helper()
				if b, err := nhssim(seed, "").CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, b)
				}
				set, _, _, _ := outSet(t, out)
				return set
			}
			older := mustNhssim("1")
			newer := mustNhssim("2")
			if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o600); err != nil {
				t.Fatal(err)
			}
			// restore puts the older set back in --out, leaving the user's
			// file and any stray temporary where they are.
			restore := func() {
				t.Helper()
				set, _, _, _ := outSet(t, out)
				for name := range set {
					os.Remove(filepath.Join(out, name))
				}
				for name, data := range older {
					if err := os.WriteFile(filepath.Join(out, name), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			// which says whether --out holds the older set or the newer.
			which := func(what string) string {
				t.Helper()
				set, notes, _, _ := outSet(t, out)
				if notes != "mine" {
					t.Errorf("%s: notes.txt holds %q", what, notes)
				}
				switch {
				case maps.Equal(set, older):
					return "old"
				case maps.Equal(set, newer):
					return "new"
				}
				var diff []string
				for _, name := range slices.Sorted(maps.Keys(set)) {
					switch {
					case set[name] == older[name]:
						diff = append(diff, name+" (old)")
					case set[name] == newer[name]:
						diff = append(diff, name+" (new)")
					default:
						diff = append(diff, name+" (neither)")
					}
				}
				t.Errorf("%s: --out holds a mixture: %s", what, strings.Join(diff, ", "))
				return "mixed"
			}

			for _, k := range []struct{ point, want string }{
				{"staging", "old"}, {"staged", "old"}, {"exchanged", "new"}, {"retiring", "new"},
			} {
				restore()
				cmd := nhssim("2", k.point)
				err := cmd.Run()
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
					t.Errorf("at %s: %v, want a kill", k.point, err)
				}
				if got := which("killed at " + k.point); got != k.want {
					t.Errorf("killed at %s: --out holds the %s set, want the %s", k.point, got, k.want)
				}
			}

			restore()
			start := time.Now()
			if err := nhssim("2", "").Run(); err != nil {
				t.Fatal(err)
			}
			whole := time.Since(start)
			outcomes := map[string]int{}
			strays := 0
			for i := range timed {
				restore()
				_, _, tmp0, beside0 := outSet(t, out)
				at := whole * time.Duration(i) / time.Duration(timed)
				cmd := nhssim("2", "")
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(at)
				cmd.Process.Kill()
				cmd.Wait()
				got := which(fmt.Sprintf("killed after %v", at))
				if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); !ws.Signaled() {
					got += " (finished first)"
				}
				outcomes[got]++
				_, _, tmp, beside := outSet(t, out)
				before := append(tmp0, beside0...)
				if slices.ContainsFunc(append(tmp, beside...), func(n string) bool { return !slices.Contains(before, n) }) {
					strays++
				}
			}
			t.Logf("%d kills over %v: %v; %d, killed while writing, left a staging directory", timed, whole, outcomes, strays)

			if err := nhssim("2", "").Run(); err != nil {
				t.Fatal(err)
			}
			if got := which("a run after the kills"); got != "new" {
				t.Errorf("a run after the kills left the %s set", got)
			}
			if _, _, tmp, beside := outSet(t, out); len(tmp)+len(beside) > 0 {
				t.Errorf("stray temporaries after a run: %v in --out, %v beside it", tmp, beside)
			}
		})
	}
}

// outSet reads the output directory out: its files but the user's
// notes.txt and nhssim's temporaries, the notes, and the temporaries in it
// and beside it (any name but out's own).
func outSet(t *testing.T, out string) (set map[string]string, notes string, tmp, beside []string) {
	t.Helper()
	set = map[string]string{}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		data, _ := os.ReadFile(filepath.Join(out, n))
		switch {
		case strings.HasPrefix(n, "."):
			tmp = append(tmp, n)
		case n == "notes.txt":
			notes = string(data)
		default:
			set[n] = string(data)
		}
	}
	all, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Name() != filepath.Base(out) {
			beside = append(beside, e.Name())
		}
	}
	return set, notes, tmp, beside
}
