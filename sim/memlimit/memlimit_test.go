package memlimit

import (
	"io/fs"
	"strings"
	"testing"
)

func fake(files, vars map[string]string) Env {
	return Env{
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := files[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		Getenv: func(k string) string { return vars[k] },
	}
}

func TestAvailable(t *testing.T) {
	const gib = 1 << 30
	meminfo := "MemTotal: 16777216 kB\nMemAvailable: 8388608 kB\n" // 8 GiB
	for _, test := range []struct {
		name   string
		files  map[string]string
		vars   map[string]string
		bytes  int64
		source string // part of the source; "" for none found
	}{
		{"nothing readable", nil, nil, 0, ""},
		{"MemAvailable", map[string]string{"/proc/meminfo": meminfo}, nil, 8 * gib, "MemAvailable"},
		{"cgroup v2 below MemAvailable", map[string]string{"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/a/b\n",
			"/sys/fs/cgroup/a/b/memory.max": "max\n", "/sys/fs/cgroup/a/memory.max": "2147483648\n", "/sys/fs/cgroup/memory.max": "4294967296\n"},
			nil, 2 * gib, "cgroup v2 limit /sys/fs/cgroup/a/memory.max"},
		{"cgroup v2 unlimited", map[string]string{"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "max\n"},
			nil, 8 * gib, "MemAvailable"},
		{"cgroup v1", map[string]string{"/proc/meminfo": meminfo, "/proc/self/cgroup": "4:pids:/x\n3:memory:/job\n",
			"/sys/fs/cgroup/memory/job/memory.limit_in_bytes": "1073741824\n", "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"},
			nil, 1 * gib, "cgroup v1 limit /sys/fs/cgroup/memory/job/memory.limit_in_bytes"},
		{"cgroup v1 unlimited", map[string]string{"/proc/meminfo": meminfo, "/proc/self/cgroup": "3:memory:/\n",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, nil, 8 * gib, "MemAvailable"},
		{"Slurm --mem", map[string]string{"/proc/meminfo": meminfo}, map[string]string{"SLURM_MEM_PER_NODE": "3072"}, 3 * gib, "SLURM_MEM_PER_NODE=3072"},
		{"Slurm --mem-per-cpu", map[string]string{"/proc/meminfo": meminfo}, map[string]string{"SLURM_MEM_PER_CPU": "1024", "SLURM_CPUS_ON_NODE": "2"}, 2 * gib, "SLURM_CPUS_ON_NODE=2"},
		{"Slurm --mem-per-cpu, one CPU", nil, map[string]string{"SLURM_MEM_PER_CPU": "1024"}, 1 * gib, "one CPU"},
		{"Slurm above MemAvailable", map[string]string{"/proc/meminfo": meminfo}, map[string]string{"SLURM_MEM_PER_NODE": "65536"}, 8 * gib, "MemAvailable"},
		{"Slurm nonsense", map[string]string{"/proc/meminfo": meminfo}, map[string]string{"SLURM_MEM_PER_NODE": "lots"}, 8 * gib, "MemAvailable"},
	} {
		t.Run(test.name, func(t *testing.T) {
			lim, ok := fake(test.files, test.vars).Available()
			if ok != (test.source != "") || lim.Bytes != test.bytes || !strings.Contains(lim.Source, test.source) {
				t.Errorf("Available() = %+v, %v; want %d bytes from %q", lim, ok, test.bytes, test.source)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	e := fake(map[string]string{"/proc/meminfo": "MemAvailable: 1048576 kB\n"}, nil) // 1 GiB
	for _, test := range []struct {
		job  Job
		want string // "" if it fits
	}{
		{Job{What: "a run", PerRun: 500 << 20, Concurrent: 1, Patients: 1000}, ""},
		{Job{What: "a run", PerRun: 2 << 30, Concurrent: 1, Patients: 1000}, "a run needs about 2.1 GB, but only 1.1 GB is available (MemAvailable in /proc/meminfo); try --patients 450 or fewer"},
		{Job{What: "compare", PerRun: 400 << 20, Concurrent: 4, Patients: 1000}, "compare needs about 1.7 GB (4 runs at once, 0.4 GB each), but only 1.1 GB is available (MemAvailable in /proc/meminfo); use --workers 2 or fewer"},
		{Job{What: "compare", PerRun: 2 << 30, Concurrent: 2, Patients: 1000}, "try --workers 1 with --patients 450 or fewer"},
		// An estimate that saturates (nhs.EstimateMemory's 2^62) times
		// workers must not wrap to a small or negative need.
		{Job{What: "compare", PerRun: 1 << 62, Concurrent: 64, Patients: 1000}, "compare needs about 9223372036.9 GB"},
	} {
		err := e.Check(test.job)
		if (err == nil) != (test.want == "") || err != nil && !strings.Contains(err.Error(), test.want) {
			t.Errorf("Check(%+v) = %v, want %q", test.job, err, test.want)
		}
	}
	if err := fake(nil, nil).Check(Job{PerRun: 1 << 50, Concurrent: 8}); err != nil {
		t.Errorf("with no limit readable: %v", err)
	}
}
