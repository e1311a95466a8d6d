// Package memlimit finds how much memory a job may use — the least of the
// cgroup limit (v2 memory.max, v1 memory.limit_in_bytes), Slurm's --mem
// (SLURM_MEM_PER_NODE, or SLURM_MEM_PER_CPU times the CPUs) and the
// kernel's MemAvailable — and refuses, before any work starts, a job whose
// estimate does not fit.
package memlimit

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
)

// Env is where limits are read from. The zero Env reads this machine: its
// files under /proc and /sys/fs/cgroup and its environment variables.
// Tests give their own.
type Env struct {
	ReadFile func(name string) ([]byte, error) // default os.ReadFile
	Getenv   func(key string) string           // default os.Getenv
}

func (e Env) read(name string) ([]byte, error) {
	if e.ReadFile != nil {
		return e.ReadFile(name)
	}
	return os.ReadFile(name)
}

func (e Env) getenv(key string) string {
	if e.Getenv != nil {
		return e.Getenv(key)
	}
	return os.Getenv(key)
}

// Limit is an amount of memory a job may use, and where it was found.
type Limit struct {
	Bytes  int64
	Source string // such as "the cgroup's memory.max (/sys/fs/cgroup/job/memory.max)"
}

// unlimited is above any real limit: cgroup v1 writes "no limit" as a
// number near 2^63.
const unlimited = 1 << 60

// Available returns the least of the limits found; ok is false if none
// is, and then no check can be made.
func (e Env) Available() (lim Limit, ok bool) {
	for _, l := range e.Limits() {
		if !ok || l.Bytes < lim.Bytes {
			lim, ok = l, true
		}
	}
	return lim, ok
}

// Limits returns every limit found, in the order: MemAvailable, cgroup v2,
// cgroup v1, Slurm.
func (e Env) Limits() []Limit {
	var out []Limit
	if b, ok := e.memAvailable(); ok {
		out = append(out, Limit{b, "MemAvailable in /proc/meminfo"})
	}
	out = append(out, e.cgroupLimits()...)
	if l, ok := e.slurm(); ok {
		out = append(out, l)
	}
	return out
}

func (e Env) memAvailable() (int64, bool) {
	data, err := e.read("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, found := strings.CutPrefix(sc.Text(), "MemAvailable:"); found {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err == nil && kb >= 0
		}
	}
	return 0, false
}

// cgroupLimits reads the memory limits of this process's cgroup and of
// every cgroup above it (a parent's limit binds its children), from
// /proc/self/cgroup: "0::/path" for v2, "N:...memory...:/path" for v1.
func (e Env) cgroupLimits() []Limit {
	data, err := e.read("/proc/self/cgroup")
	if err != nil {
		return nil
	}
	var out []Limit
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		var root, file, kind string
		switch {
		case parts[0] == "0" && parts[1] == "":
			root, file, kind = "/sys/fs/cgroup", "memory.max", "cgroup v2"
		case hasController(parts[1], "memory"):
			root, file, kind = "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "cgroup v1"
		default:
			continue
		}
		if l, ok := e.tightest(root, path.Clean("/"+parts[2]), file, kind); ok {
			out = append(out, l)
		}
	}
	return out
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// tightest reads file in the cgroup at dir under root and in each of its
// ancestors, and returns the smallest limit set.
func (e Env) tightest(root, dir, file, kind string) (Limit, bool) {
	var best Limit
	ok := false
	for {
		p := path.Join(root, dir, file)
		if data, err := e.read(p); err == nil {
			s := strings.TrimSpace(string(data))
			if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n < unlimited && (!ok || n < best.Bytes) {
				best, ok = Limit{n, fmt.Sprintf("the %s limit %s", kind, p)}, true
			}
		}
		if dir == "/" || dir == "." || dir == "" {
			return best, ok
		}
		dir = path.Dir(dir)
	}
}

// slurm reads the memory Slurm gave the job: --mem as SLURM_MEM_PER_NODE,
// or --mem-per-cpu as SLURM_MEM_PER_CPU times the CPUs of the task (or of
// the node), both in megabytes.
func (e Env) slurm() (Limit, bool) {
	if mb, ok := positive(e.getenv("SLURM_MEM_PER_NODE")); ok {
		return Limit{mb << 20, fmt.Sprintf("Slurm's --mem (SLURM_MEM_PER_NODE=%d)", mb)}, true
	}
	mb, ok := positive(e.getenv("SLURM_MEM_PER_CPU"))
	if !ok {
		return Limit{}, false
	}
	for _, v := range []string{"SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE"} {
		if cpus, ok := positive(e.getenv(v)); ok {
			return Limit{mb * cpus << 20, fmt.Sprintf("Slurm's --mem-per-cpu (SLURM_MEM_PER_CPU=%d × %s=%d)", mb, v, cpus)}, true
		}
	}
	return Limit{mb << 20, fmt.Sprintf("Slurm's --mem-per-cpu (SLURM_MEM_PER_CPU=%d, one CPU)", mb)}, true
}

// positive parses a positive whole number, as Slurm writes them; a size
// with a unit suffix (as in a job script) is read in megabytes too.
func positive(s string) (int64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "M")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0 && n < unlimited>>20
}

// Job is what a command is about to run: Concurrent runs at once, each
// needing up to PerRun bytes (nhs.EstimateMemory of the largest), and
// Patients in the largest.
type Job struct {
	What       string // such as "compare" or "sweep NAME"
	PerRun     int64
	Concurrent int
	Patients   int
}

// Need is the job's estimate: every concurrent run at its largest.
// It saturates at the largest int64 rather than wrap.
func (j Job) Need() int64 {
	n := int64(max(j.Concurrent, 1))
	if j.PerRun > math.MaxInt64/n {
		return math.MaxInt64
	}
	return j.PerRun * n
}

// Check returns an error, saying what would fit, if the job's estimate is
// above the least limit; nil if it fits or no limit can be read.
func (e Env) Check(j Job) error {
	lim, ok := e.Available()
	need := j.Need()
	if !ok || need <= lim.Bytes {
		return nil
	}
	each := ""
	if j.Concurrent > 1 {
		each = fmt.Sprintf(" (%d runs at once, %s each)", j.Concurrent, gb(j.PerRun))
	}
	msg := fmt.Sprintf("%s needs about %s%s, but only %s is available (%s)", j.What, gb(need), each, gb(lim.Bytes), lim.Source)
	if j.Concurrent > 1 && j.PerRun <= lim.Bytes {
		return fmt.Errorf("%s; use --workers %d or fewer", msg, lim.Bytes/j.PerRun)
	}
	perPatient := float64(j.PerRun) / float64(max(j.Patients, 1))
	fit := int64(float64(lim.Bytes) / float64(max(j.Concurrent, 1)) / perPatient * 0.9)
	advice := fmt.Sprintf("; try --patients %d or fewer", fit)
	if j.Concurrent > 1 {
		advice = fmt.Sprintf("; try --workers 1 with --patients %d or fewer", int64(float64(lim.Bytes)/perPatient*0.9))
	}
	return fmt.Errorf("%s%s", msg, advice)
}

func gb(b int64) string { return fmt.Sprintf("%.1f GB", float64(b)/1e9) }

// TuneGC makes the garbage collector run less often than Go's default. A
// simulation's state is a few large arrays without pointers that live for
// the whole run, so collections find little to free; at the default
// GOGC=100, several runs at once (compare, sweep) spend a third of their
// CPU time collecting. GOGC=400 with a soft limit at 90% of the available
// memory keeps that cost small without risking the machine. Either
// environment variable, if set, wins.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if lim, ok := (Env{}).Available(); ok {
			debug.SetMemoryLimit(lim.Bytes / 10 * 9)
		}
	}
}
