package runner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// On Linux a set is swapped in whole: --out becomes another directory,
// with the mode of the one it replaces, holding the new set and whatever
// was there that is not of the earlier set (hard links to the same files);
// nothing is left beside it. Where it cannot be swapped — a directory of
// its own inside, the working directory — the set is written in place.
func TestWriteSetSwaps(t *testing.T) {
	for _, test := range []struct {
		name    string
		prepare func(t *testing.T, out string) string // returns the --out to give
		swapped bool
	}{
		{"plain", func(t *testing.T, out string) string { return out }, true},
		{"symlink to it", func(t *testing.T, out string) string {
			link := filepath.Join(filepath.Dir(out), "link")
			if err := os.Symlink(out, link); err != nil {
				t.Fatal(err)
			}
			return link
		}, true},
		{"relative", func(t *testing.T, out string) string {
			t.Chdir(filepath.Dir(out))
			return filepath.Base(out)
		}, true},
		{"holds a directory", func(t *testing.T, out string) string {
			os.Mkdir(filepath.Join(out, "waves"), 0o755)
			return out
		}, false},
		{"holds a directory named as a file of the set", func(t *testing.T, out string) string {
			os.Remove(filepath.Join(out, "only-old.csv"))
			os.Mkdir(filepath.Join(out, "only-old.csv"), 0o755)
			return out
		}, false},
		{"another user's", func(t *testing.T, out string) string {
			if os.Geteuid() != 0 {
				t.Skip("needs root to give --out to another user")
			}
			if err := os.Chown(out, 65534, -1); err != nil {
				t.Fatal(err)
			}
			return out
		}, false},
		{"working directory", func(t *testing.T, out string) string {
			t.Chdir(out)
			return "."
		}, false},
	} {
		t.Run(test.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			os.Mkdir(out, 0o755)
			if err := WriteSet(out, append(set("old", 3), File{"only-old.csv", []byte("x")})); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o600); err != nil {
				t.Fatal(err)
			}
			os.Chmod(out, 0o750)
			arg := test.prepare(t, out)
			before, _ := os.Stat(out)
			notes, _ := os.Stat(filepath.Join(out, "notes.txt"))

			if err := WriteSet(arg, set("new", 3)); err != nil {
				t.Fatal(err)
			}
			after, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if swapped := !os.SameFile(before, after); swapped != test.swapped {
				t.Errorf("swapped %v, want %v", swapped, test.swapped)
			}
			if after.Mode() != before.Mode() {
				t.Errorf("mode %v, was %v", after.Mode(), before.Mode())
			}
			got := entries(t, out)
			want := []string{SumsFile, "file0.csv", "file1.csv", "file2.csv", "notes.txt"}
			switch test.name {
			case "holds a directory":
				want = append(want, "waves")
			case "holds a directory named as a file of the set":
				want = []string{SumsFile, "file0.csv", "file1.csv", "file2.csv", "notes.txt", "only-old.csv"}
			}
			if !slices.Equal(got, want) {
				t.Errorf("--out holds %v, want %v", got, want)
			}
			if fi, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil || !os.SameFile(fi, notes) {
				t.Errorf("notes.txt not carried across as it was: %v", err)
			}
			files := map[string]string{}
			for _, n := range got[:4] {
				data, _ := os.ReadFile(filepath.Join(out, n))
				files[n] = string(data)
			}
			if !strings.HasPrefix(files["file2.csv"], "new\n") || !strings.Contains(files[SumsFile], "file2.csv") {
				t.Errorf("not the new set: %q", files["file2.csv"])
			}
			beside := entries(t, filepath.Dir(out))
			if slices.ContainsFunc(beside, isTemporary) {
				t.Errorf("beside --out: %v", beside)
			}
		})
	}
}

// A --out that does not exist yet is created by renaming the staging
// directory to it.
func TestWriteSetNewDir(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := WriteSet(out, set("new", 2)); err != nil {
		t.Fatal(err)
	}
	if got, ok := readSet(t, out); !ok || len(got) != 3 {
		t.Errorf("new --out: %v, checks %v", keys(got), ok)
	}
	if beside := entries(t, filepath.Dir(out)); !slices.Equal(beside, []string{"out"}) {
		t.Errorf("beside --out: %v", beside)
	}
}

// Only staging directories that are provably nhssim's and stale are
// cleaned away, whether the write that finds them is into the --out they
// were staged for (they are beside it) or into the directory that holds
// them: those whose lock file has nhssim's header and is not locked. A held
// lock (a live nhssim), a lock file of another program's, and a directory
// without a lock file are left alone beside --out.
func TestCleanSwaps(t *testing.T) {
	for _, from := range []string{"out", "parent"} {
		t.Run(from, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			os.Mkdir(out, 0o755)
			stage := func(name, lock string) string {
				dir := filepath.Join(parent, stagingPrefix+name)
				os.Mkdir(dir, 0o700)
				os.WriteFile(filepath.Join(dir, "file0.csv"), []byte("new\n"), 0o644)
				if lock != "(none)" {
					os.WriteFile(dir+lockSuffix, []byte(lock), 0o600)
				}
				return dir
			}
			stale := stage("out-1", lockHeader+" for "+out+", by process 1\n")
			other := stage("elsewhere-2", lockHeader+" for "+filepath.Join(parent, "elsewhere")+"\n")
			emptyLock := stage("out-3", "")
			live := stage("out-4", lockHeader+" for "+out+"\n")
			notOurs := stage("out-5", "some other program's lock\n")
			noLock := stage("out-6", "(none)")
			held, err := os.Open(live + lockSuffix)
			if err != nil {
				t.Fatal(err)
			}
			defer held.Close()
			if err := syscall.Flock(int(held.Fd()), syscall.LOCK_EX); err != nil {
				t.Fatal(err)
			}

			if from == "out" {
				CleanStale(out)
			} else {
				CleanStale(parent)
			}
			for _, test := range []struct {
				dir  string
				kept bool
			}{{stale, false}, {other, false}, {emptyLock, false}, {live, true}, {notOurs, true}, {noLock, from == "out"}} {
				_, err := os.Stat(test.dir)
				_, lerr := os.Stat(test.dir + lockSuffix)
				if kept := err == nil; kept != test.kept {
					t.Errorf("%s: kept %v, want %v", filepath.Base(test.dir), kept, test.kept)
				}
				if !test.kept && lerr == nil {
					t.Errorf("%s: its lock file is left", filepath.Base(test.dir))
				}
			}
		})
	}
}
