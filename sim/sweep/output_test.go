package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
)

// testOrigin is the build and commands the tests' manifests record.
var testOrigin = Origin{Build: provenance.Build{Version: "test"}, Command: "nhssim sweep test.yaml", Shard: "nhssim sweep test.yaml --shard I/K"}

// runShard runs a shard of p into dir, or what is left of it, and finishes
// it. With stopAfter above 0 it stops after writing that many points,
// leaving the shard unfinished.
func runShard(t *testing.T, p *Plan, dir string, s Shard, resume bool, stopAfter int) *Output {
	t.Helper()
	o, err := Open(dir, p, s, resume, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err = p.Run(ctx, o.Pending(), 2, func(point int, rows []byte) error {
		if err := o.Write(point, rows); err != nil {
			return err
		}
		if n++; n == stopAfter {
			cancel()
		}
		return nil
	}, nil)
	if stopAfter > 0 {
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped run: %v", err)
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
		return o
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Finish(); err != nil {
		t.Fatal(err)
	}
	return o
}

// snapshot reads every file in dir, and in its subdirectories, by path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			files[path] = string(data)
		}
		return nil
	})
	return files
}

func TestOutputResume(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	whole := filepath.Join(t.TempDir(), "whole")
	runShard(t, p, whole, Shard{}, false, 0)
	want, err := os.ReadFile(filepath.Join(whole, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(want, []byte("scenario,point,replicate,seed,")) {
		t.Errorf("results start %q", want[:40])
	}

	for _, test := range []struct {
		name string
		tear func(t *testing.T, partial string) // damage after the stop, as a crash might
	}{
		{"interrupted", func(*testing.T, string) {}},
		{"torn rows", func(t *testing.T, partial string) {
			// Half a point written after the last recorded one.
			appendFile(t, partial, "market-contract,2,1,5,5,1.1,3,gp_consult")
		}},
		{"torn progress", func(t *testing.T, partial string) {
			appendFile(t, partial, "market-contract,2,1,5,5,1.1,3,gp_consultations,7\n")
			appendFile(t, partial+progressExt, "2 99")
		}},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			o := runShard(t, p, dir, Shard{}, false, 2)
			if o.Written() < 2 || o.Written() >= len(p.Points) {
				t.Fatalf("%d points written before the stop", o.Written())
			}
			partial := filepath.Join(dir, ResultsFile+partialExt)
			test.tear(t, partial)
			before := snapshot(t, dir)

			// Without --resume the unfinished run is refused, and nothing
			// changes.
			var ie *InputError
			if _, err := Open(dir, p, Shard{}, false, testOrigin); !errors.As(err, &ie) || !strings.Contains(err.Error(), "add --resume") {
				t.Errorf("reopened without resume: %v", err)
			}
			if !maps.Equal(before, snapshot(t, dir)) {
				t.Error("a refused open changed the directory")
			}

			runShard(t, p, dir, Shard{}, true, 0)
			got, err := os.ReadFile(filepath.Join(dir, ResultsFile))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Error("resumed results differ from a straight run's")
			}
			if _, err := os.Stat(partial); err == nil {
				t.Error("the partial file is still there")
			}
			// Resuming a complete sweep does nothing.
			o, err = Open(dir, p, Shard{}, true, testOrigin)
			if err != nil || !o.Complete() || len(o.Pending()) != 0 {
				t.Errorf("resuming a complete sweep: %v, %v", o, err)
			}
		})
	}
}

// A kill between creating the partial file and recording its first point
// leaves a partial with no point to keep: empty, a torn header, the header
// alone or with a torn first point, and no progress file or an empty one.
// With or without --resume, and for a whole sweep or a Slurm shard, the run
// simply starts again and gives the same results as a straight run.
func TestOutputRestartsWhatHoldsNothing(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	ref := filepath.Join(t.TempDir(), "ref")
	runShard(t, p, ref, Shard{}, false, 0)
	runShard(t, p, ref, Shard{1, 2}, false, 0)
	header := string((&Output{plan: p}).header())
	for _, test := range []struct {
		name, partial string
		progress      *string // nil: no progress file
	}{
		{"empty", "", nil},
		{"empty with empty progress", "", new(string)},
		{"torn header", header[:7], nil},
		{"header alone", header, new(string)},
		{"header and a torn point", header + "market-contract,0,1", new(string)},
	} {
		for _, shard := range []Shard{{}, {1, 2}} {
			for _, resume := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/resume=%v", test.name, shard, resume), func(t *testing.T) {
					dir := filepath.Join(t.TempDir(), "out")
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					partial := filepath.Join(dir, shard.File()+partialExt)
					if err := os.WriteFile(partial, []byte(test.partial), 0o644); err != nil {
						t.Fatal(err)
					}
					if test.progress != nil {
						if err := os.WriteFile(partial+progressExt, []byte(*test.progress), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					runShard(t, p, dir, shard, resume, 0)
					got, _ := os.ReadFile(filepath.Join(dir, shard.File()))
					want, _ := os.ReadFile(filepath.Join(ref, shard.File()))
					if len(want) == 0 || !bytes.Equal(got, want) {
						t.Errorf("restarted results (%d bytes) differ from a straight run's (%d bytes)", len(got), len(want))
					}
				})
			}
		}
	}
	// A partial that is not this sweep's is still refused, not overwritten.
	dir := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(dir, 0o755)
	partial := filepath.Join(dir, ResultsFile+partialExt)
	if err := os.WriteFile(partial, []byte("something else\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, p, Shard{}, true, testOrigin); err == nil || !strings.Contains(err.Error(), "does not start with this sweep's header") {
		t.Errorf("a foreign partial: %v", err)
	}
	if data, _ := os.ReadFile(partial); string(data) != "something else\n" {
		t.Errorf("a foreign partial was changed to %q", data)
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func TestOutputRefusals(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	dir := filepath.Join(t.TempDir(), "out")
	runShard(t, p, dir, Shard{}, false, 0)
	other := plan(t, "tiny.yaml", strings.Replace(tiny, "[5, 7]", "[5, 8]", 1))
	for _, test := range []struct {
		name   string
		plan   *Plan
		shard  Shard
		resume bool
		want   string
	}{
		{"complete, without resume", p, Shard{}, false, "is complete there"},
		{"another spec", other, Shard{}, false, "holds the results of a different sweep (tiny, spec hash " + p.Hash},
		{"another spec, resuming", other, Shard{}, true, "this spec, tiny, has hash " + other.Hash},
		{"another spec's shard", other, Shard{0, 2}, true, "different sweep"},
		{"more shards than points", p, Shard{0, 7}, true, "7 shards for a sweep of 6 points"},
	} {
		t.Run(test.name, func(t *testing.T) {
			before := snapshot(t, dir)
			_, err := Open(dir, test.plan, test.shard, test.resume, testOrigin)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), test.want) {
				t.Errorf("got %v, want an *InputError saying %q", err, test.want)
			}
			if !maps.Equal(before, snapshot(t, dir)) {
				t.Error("a refused open changed the directory")
			}
		})
	}
	if _, err := Open(dir, p, Shard{}, true, Origin{Build: provenance.Build{Version: "another-version"}}); err == nil || !strings.Contains(err.Error(), "written by nhssim test") {
		t.Errorf("another version: %v", err)
	}
}

func TestParseShard(t *testing.T) {
	for _, test := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/4", Shard{0, 4}, ""},
		{"3/4", Shard{3, 4}, ""},
		{"4/4", Shard{}, "out of range: with 4 shards it is 0 to 3"},
		{"-1/4", Shard{}, "out of range"},
		{"0/0", Shard{}, "out of range"},
		{"1", Shard{}, "want I/K"},
		{"a/b", Shard{}, "want I/K"},
	} {
		got, err := ParseShard(test.in)
		switch {
		case test.err == "" && (err != nil || got != test.want):
			t.Errorf("ParseShard(%q) = %v, %v", test.in, got, err)
		case test.err != "" && (err == nil || !strings.Contains(err.Error(), test.err)):
			t.Errorf("ParseShard(%q): error %v, want %q", test.in, err, test.err)
		}
	}
	if got := (Shard{1, 3}).Points(8); len(got) != 3 || got[0] != 1 || got[1] != 4 || got[2] != 7 {
		t.Errorf("shard 1/3 of 8 points: %v", got)
	}
}

func TestMerge(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	base := t.TempDir()
	whole := filepath.Join(base, "whole")
	runShard(t, p, whole, Shard{}, false, 0)
	want, _ := os.ReadFile(filepath.Join(whole, ResultsFile))

	for _, k := range []int{1, 4, 6} {
		dir := filepath.Join(base, "shards", strings.Repeat("k", k))
		for i := range k {
			runShard(t, p, dir, Shard{i, k}, false, 0)
		}
		res, err := Merge(context.Background(), dir, 0)
		if err != nil {
			t.Fatalf("%d shards: %v", k, err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
		if !bytes.Equal(got, want) || res.Shards != k || res.Points != 6 {
			t.Errorf("%d shards: merged table differs from the whole sweep's (%+v)", k, res)
		}
		// Merging again finds the same table.
		if res, err := Merge(context.Background(), dir, 0); err != nil || !res.Unchanged {
			t.Errorf("%d shards, merged again: %+v, %v", k, res, err)
		}
	}
}

func TestMergeProblems(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	for _, test := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   []string
	}{
		{"missing", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "shard-1-of-3.csv"))
			os.Remove(filepath.Join(dir, "shard-1-of-3.json"))
			os.MkdirAll(filepath.Join(dir, "logs"), 0o755)
			os.WriteFile(filepath.Join(dir, LogFile(1)), []byte("starting\nslurmstepd: error: *** JOB 7 CANCELLED DUE TO TIME LIMIT ***\n"), 0o644)
		}, []string{"1 of 3 shards cannot be merged; nothing written", "shard 1/3: missing: no results", "logs/shard-1.out: slurmstepd: error: *** JOB 7 CANCELLED DUE TO TIME LIMIT ***"}},
		{"damaged", func(t *testing.T, dir string) {
			path := filepath.Join(dir, "shard-2-of-3.csv")
			data, _ := os.ReadFile(path)
			os.WriteFile(path, bytes.Replace(data, []byte(",5,"), []byte(",6,"), 1), 0o644)
		}, []string{"shard 2/3: damaged: shard-2-of-3.csv"}},
		{"no manifest", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "shard-0-of-3.json"))
		}, []string{"shard 0/3: damaged: shard-0-of-3.csv has no manifest"}},
		{"unfinished and missing", func(t *testing.T, dir string) {
			for _, i := range []string{"0", "2"} {
				os.Remove(filepath.Join(dir, "shard-"+i+"-of-3.csv"))
				os.Remove(filepath.Join(dir, "shard-"+i+"-of-3.json"))
			}
			runShard(t, p, dir, Shard{0, 3}, true, 1)
		}, []string{"2 of 3 shards", "shard 0/3: unfinished: ", " of 2 points written (the task was interrupted or failed; rerun it with --resume)", "shard 2/3: missing"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			for i := range 3 {
				runShard(t, p, dir, Shard{i, 3}, false, 0)
			}
			if err := WriteShards(dir, 3); err != nil {
				t.Fatal(err)
			}
			test.damage(t, dir)
			_, err := Merge(context.Background(), dir, 0)
			var me *MergeError
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want a *MergeError", err)
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, ResultsFile)); err == nil {
				t.Error("a failed merge wrote results.csv")
			}
		})
	}

	// A results.csv that differs is not overwritten.
	dir := filepath.Join(t.TempDir(), "out")
	for i := range 2 {
		runShard(t, p, dir, Shard{i, 2}, false, 0)
	}
	os.WriteFile(filepath.Join(dir, ResultsFile), []byte("something else\n"), 0o644)
	var ie *InputError
	if _, err := Merge(context.Background(), dir, 0); !errors.As(err, &ie) || !strings.Contains(err.Error(), "differs from the merged shards") {
		t.Errorf("merge over a different results.csv: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ResultsFile)); string(data) != "something else\n" {
		t.Error("results.csv was overwritten")
	}
	// Shards of two counts need --shards.
	runShard(t, p, dir, Shard{0, 3}, false, 0)
	if _, err := Merge(context.Background(), dir, 0); err == nil || !strings.Contains(err.Error(), "2 different shard counts ([2 3])") {
		t.Errorf("two shard counts: %v", err)
	}
	if _, err := Merge(context.Background(), t.TempDir(), 0); err == nil || !strings.Contains(err.Error(), "not a sweep's results directory") {
		t.Errorf("an empty directory: %v", err)
	}
}

// The sweep's manifest records its provenance: the build, the sweep's
// command, the seeds and each base scenario with every resolved parameter;
// a shard's manifest records the command line that ran it.
func TestManifestProvenance(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	dir := t.TempDir()
	runShard(t, p, dir, Shard{1, 2}, false, 0)
	var m struct {
		Provenance provenance.Provenance `json:"provenance"`
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	pv := m.Provenance
	if pv.Version != "test" || pv.Command != testOrigin.Command || !slices.Equal(pv.Seeds, p.Seeds) || len(pv.Scenarios) != len(p.Names) {
		t.Fatalf("provenance %+v", pv)
	}
	for i, s := range pv.Scenarios {
		if s.Name != p.Names[i] || s.Hash != p.Hashes[i] || len(s.Parameters) != len(nhs.Params()) {
			t.Errorf("scenario %d: %s %s with %d parameters", i, s.Name, s.Hash, len(s.Parameters))
		}
	}
	var sm ShardManifest
	data, err = os.ReadFile(filepath.Join(dir, Shard{1, 2}.manifestFile()))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sm); err != nil || sm.Command != testOrigin.Shard {
		t.Errorf("shard manifest command %q, %v; want %q", sm.Command, err, testOrigin.Shard)
	}
}

// TestMergeSpecialFiles: every file a merge reads must be a regular file.
// A link to /dev/zero (endless) or a named pipe (which blocks) in place of
// any of them is refused at once, and a shard's log linked to another file
// is not quoted.
func TestMergeSpecialFiles(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	src := filepath.Join(t.TempDir(), "src")
	for i := range 3 {
		runShard(t, p, src, Shard{i, 3}, false, 0)
	}
	if err := WriteShards(src, 3); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("root:SECRET:0:0\n"), 0o600)
	link := func(target string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			os.Remove(path)
			if err := os.Symlink(target, path); err != nil {
				t.Skipf("cannot make a symbolic link here: %v", err)
			}
		}
	}
	fifo := func(t *testing.T, path string) {
		os.Remove(path)
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skipf("cannot make a FIFO here: %v", err)
		}
	}
	for _, test := range []struct {
		name, file string
		replace    func(t *testing.T, path string)
		want       string
	}{
		{"sweep.json to /dev/zero", ManifestFile, link("/dev/zero"), "sweep.json: not a regular file but a symbolic link"},
		{"sweep.json a FIFO", ManifestFile, fifo, "sweep.json: not a regular file but a named pipe"},
		{"shards.json to /dev/zero", ShardsFile, link("/dev/zero"), "shards.json: not a regular file but a symbolic link"},
		{"shard manifest to /dev/zero", "shard-1-of-3.json", link("/dev/zero"), "shard 1/3: unreadable: "},
		{"shard manifest a FIFO", "shard-1-of-3.json", fifo, "shard-1-of-3.json: not a regular file but a named pipe"},
		{"shard CSV to /dev/zero", "shard-2-of-3.csv", link("/dev/zero"), "shard 2/3: unreadable: "},
		{"shard CSV a FIFO", "shard-2-of-3.csv", fifo, "shard-2-of-3.csv: not a regular file but a named pipe"},
		{"shard CSV to a good copy", "shard-0-of-3.csv", link(filepath.Join(src, "shard-0-of-3.csv")), "shard-0-of-3.csv: not a regular file but a symbolic link"},
		{"results.csv a FIFO", ResultsFile, fifo, "results.csv: not a regular file but a named pipe"},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := copyDir(t, src)
			test.replace(t, filepath.Join(dir, test.file))
			_, err := Merge(context.Background(), dir, 0)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("Merge: %v\nwant an error with %q", err, test.want)
			}
			var ie *InputError
			var me *MergeError
			if !errors.As(err, &ie) && !errors.As(err, &me) {
				t.Errorf("Merge: %T %v, want bad input", err, err)
			}
			if st, err := os.Lstat(filepath.Join(dir, ResultsFile)); err == nil && st.Mode().IsRegular() {
				t.Error("a refused merge wrote results.csv")
			}
		})
	}
	for _, test := range []struct {
		name    string
		replace func(t *testing.T, path string)
		want    string
	}{
		{"log linked to another file", link(secret), "shard 1/3: missing: no results (the task did not run, or failed before its first point); log "},
		{"log to /dev/zero", link("/dev/zero"), "shard 1/3: missing"},
		{"log a FIFO", fifo, "shard 1/3: missing"},
		{"a long log", func(t *testing.T, path string) {
			os.WriteFile(path, []byte(strings.Repeat("noise\n", 1<<20)+"the last line\n"), 0o644)
		}, "logs/shard-1.out: the last line"},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := copyDir(t, src)
			os.Remove(filepath.Join(dir, "shard-1-of-3.csv"))
			os.MkdirAll(filepath.Join(dir, "logs"), 0o755)
			test.replace(t, filepath.Join(dir, LogFile(1)))
			_, err := Merge(context.Background(), dir, 0)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("Merge: %v\nwant an error with %q", err, test.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("Merge quotes the file a log links to: %v", err)
			}
		})
	}
}

// TestMergeCancelled: a merge stops at a Ctrl-C, with nothing written.
func TestMergeCancelled(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	dir := filepath.Join(t.TempDir(), "out")
	for i := range 2 {
		runShard(t, p, dir, Shard{i, 2}, false, 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Merge(ctx, dir, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Merge = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ResultsFile)); err == nil {
		t.Error("a cancelled merge wrote results.csv")
	}
}

// copyDir copies the regular files of dir into a new directory.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
