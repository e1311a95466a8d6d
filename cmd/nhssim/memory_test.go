package main

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/runner"
)

// fakeMachine is a memlimit.Env of a machine with plenty of MemAvailable
// and the given files and environment variables besides.
func fakeMachine(files map[string]string, vars map[string]string) memlimit.Env {
	all := map[string]string{"/proc/meminfo": "MemTotal: 67108864 kB\nMemAvailable: 67108864 kB\n"}
	for k, v := range files {
		all[k] = v
	}
	return memlimit.Env{
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := all[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		Getenv: func(key string) string { return vars[key] },
	}
}

// Every command that simulates estimates the memory of the whole job —
// runs at once times the largest run — and refuses, before any work starts
// and with nothing written, one that cannot fit in the least of the
// machine's, the cgroup's and Slurm's limits, saying what would fit.
func TestRefusesWhatCannotFit(t *testing.T) {
	cgroup2 := map[string]string{"/proc/self/cgroup": "0::/job/step\n", "/sys/fs/cgroup/job/memory.max": "1500000000\n", "/sys/fs/cgroup/job/step/memory.max": "max\n"}
	cgroup1 := map[string]string{"/proc/self/cgroup": "12:cpu,cpuacct:/x\n5:memory:/slurm/job1\n", "/sys/fs/cgroup/memory/slurm/job1/memory.limit_in_bytes": "1500000000\n"}
	tiny := map[string]string{"/proc/meminfo": "MemAvailable: 1048576 kB\n"}
	spec := writeSpec(t, strings.Replace(tinySweep, "patients: 4000", "patients: 30000000", 1))
	for _, test := range []struct {
		name  string
		mem   memlimit.Env
		args  []string
		wants []string
	}{
		{"run, MemAvailable", fakeMachine(tiny, nil), []string{"run", "england", "--patients", "100000000"},
			[]string{"england with 100,000,000 patients needs about", "only 1.1 GB is available (MemAvailable in /proc/meminfo); try --patients"}},
		{"run, cgroup v2 of a parent", fakeMachine(cgroup2, nil), []string{"run", "england", "--patients", "60000000"},
			[]string{"only 1.5 GB is available (the cgroup v2 limit /sys/fs/cgroup/job/memory.max)"}},
		{"run, cgroup v1", fakeMachine(cgroup1, nil), []string{"run", "england", "--patients", "60000000"},
			[]string{"(the cgroup v1 limit /sys/fs/cgroup/memory/slurm/job1/memory.limit_in_bytes)"}},
		{"run, Slurm --mem", fakeMachine(nil, map[string]string{"SLURM_MEM_PER_NODE": "1024"}), []string{"run", "england", "--patients", "60000000"},
			[]string{"only 1.1 GB is available (Slurm's --mem (SLURM_MEM_PER_NODE=1024))"}},
		{"run, Slurm --mem-per-cpu", fakeMachine(nil, map[string]string{"SLURM_MEM_PER_CPU": "512", "SLURM_CPUS_PER_TASK": "2"}), []string{"run", "england", "--patients", "60000000"},
			[]string{"SLURM_MEM_PER_CPU=512 × SLURM_CPUS_PER_TASK=2"}},
		{"compare, workers", fakeMachine(cgroup2, nil), []string{"compare", "england", "--patients", "10000000", "--workers", "4", "--replicates", "4", "--progress", "none"},
			[]string{"compare needs about", "(4 runs at once, ", "use --workers 3 or fewer"}},
		{"compare, one run too big", fakeMachine(cgroup2, nil), []string{"compare", "england", "--patients", "60000000", "--workers", "2", "--progress", "none"},
			[]string{"try --workers 1 with --patients"}},
		{"sensitivity", fakeMachine(cgroup2, nil), []string{"sensitivity", "england", "--patients", "20000000", "--workers", "2", "--params", "discharge.boundaries", "--progress", "none"},
			[]string{"sensitivity needs about", "2 runs at once"}},
		{"sweep", fakeMachine(cgroup2, nil), []string{"sweep", spec, "--workers", "2", "--progress", "none"},
			[]string{"sweep tiny needs about", "2 runs at once"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append(test.args, "--out", out), &env{stdout: &stdout, stderr: &stderr, mem: test.mem})
			if code := report(err, &stderr); code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
			}
			for _, w := range test.wants {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("message lacks %q:\n%s", w, stderr.String())
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was created for a refused job", out)
			}
		})
	}
}

// A disk that fills up while a run's or a comparison's files are written
// gives exit 1 and leaves the earlier complete set as it was, with nothing
// stray beside it.
func TestFullDiskKeepsEarlierSet(t *testing.T) {
	for _, cmd := range [][]string{
		args([]string{"run", "refnet"}, small),
		args([]string{"compare", "england"}, smallCompare, []string{"--attribution=false", "--format", "svg"}),
	} {
		t.Run(cmd[0], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustRun(t, append(cmd, "--out", dir, "--seed", "1")...)
			before := tree(t, dir)
			var stdout, stderr bytes.Buffer
			full := runner.SetWriter{Create: func(string) (runner.Syncer, error) {
				return nil, &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
			}}
			err := run(context.Background(), append(cmd, "--out", dir, "--seed", "2"), &env{stdout: &stdout, stderr: &stderr, out: full})
			if code := report(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("exit %d, want 1 and the disk's error; stderr: %s", code, stderr.String())
			}
			if after := tree(t, dir); !maps.Equal(before, after) {
				t.Errorf("the earlier set changed: %v, then %v", keys(before), keys(after))
			}
		})
	}
}
