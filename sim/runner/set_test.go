package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk is a SetWriter whose files fail with ENOSPC once limit bytes
// have been written in all, as a disk that fills up does.
func fullDisk(limit int) SetWriter {
	written := 0
	return SetWriter{Create: func(name string) (Syncer, error) {
		f, err := os.Create(name)
		if err != nil {
			return nil, err
		}
		return &limitedFile{File: f, left: func(n int) int { ok := min(n, limit-written); written += ok; return ok }}, nil
	}}
}

type limitedFile struct {
	*os.File
	left func(n int) int
}

func (f *limitedFile) Write(p []byte) (int, error) {
	n := f.left(len(p))
	f.File.Write(p[:n])
	if n < len(p) {
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return n, nil
}

// readSet reads dir's files and checks them against its SHA256SUMS, as
// `sha256sum -c` would; it returns the files and whether they check.
func readSet(t *testing.T, dir string) (map[string]string, bool) {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			files[e.Name()] = "(a directory)"
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		files[e.Name()] = string(data)
	}
	sums, ok := files[SumsFile]
	if !ok {
		return files, false
	}
	named := 0
	for line := range strings.Lines(sums) {
		sum, name, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "  ")
		h := sha256.Sum256([]byte(files[name]))
		if _, ok := files[name]; !ok || hex.EncodeToString(h[:]) != sum {
			return files, false
		}
		named++
	}
	return files, named == len(files)-1
}

func set(version string, n int) []File {
	var out []File
	for i := range n {
		out = append(out, File{fmt.Sprintf("file%d.csv", i), []byte(strings.Repeat(version+"\n", 100))})
	}
	return out
}

// Both ways of writing a set — swapping the directory (where the system
// allows) and renaming the files in place — keep the earlier set whole and
// checking when the disk fills up at any point, and end with the new set.
func TestWriteSet(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		t.Run(fmt.Sprintf("in place %v", inPlace), func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteSet(dir, set("old", 5)); err != nil {
				t.Fatal(err)
			}
			old, ok := readSet(t, dir)
			if !ok || len(old) != 6 || !strings.HasPrefix(old["file4.csv"], "old\n") {
				t.Fatalf("first set: %v files, checks %v", len(old), ok)
			}

			// A disk that fills up at any point of writing the new set leaves the
			// old set, whole and checking, and nothing else.
			total := 5*400 + 5*(64+2+9+1) // the files and SHA256SUMS
			for _, limit := range []int{0, 1, 399, 400, 1999, total - 1} {
				w := fullDisk(limit)
				w.InPlace = inPlace
				err := w.WriteSet(dir, set("new", 5))
				if !errors.Is(err, syscall.ENOSPC) {
					t.Errorf("limit %d: error %v, want ENOSPC", limit, err)
				}
				got, ok := readSet(t, dir)
				if !ok || fmt.Sprint(got) != fmt.Sprint(old) {
					t.Errorf("limit %d: the old set is not intact: %d files, checks %v", limit, len(got), ok)
				}
			}
			w := fullDisk(total)
			w.InPlace = inPlace
			if err := w.WriteSet(dir, set("new", 5)); err != nil {
				t.Fatalf("with just enough room: %v", err)
			}
			if got, ok := readSet(t, dir); !ok || !strings.HasPrefix(got["file0.csv"], "new\n") {
				t.Errorf("new set: %d files, checks %v", len(got), ok)
			}
		})
	}
}

// A new set replaces the earlier one whole, both ways: the earlier set's
// files that the new one lacks go, and what is not of the earlier set (a
// user's file, a file that an older set left unvouched) stays as it was.
func TestWriteSetReplacesWhole(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		t.Run(fmt.Sprintf("in place %v", inPlace), func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
			if err := WriteSet(dir, set("old", 4)); err != nil {
				t.Fatal(err)
			}
			if err := (SetWriter{InPlace: inPlace}).WriteSet(dir, set("new", 2)); err != nil {
				t.Fatal(err)
			}
			got := entries(t, dir)
			want := []string{SumsFile, "file0.csv", "file1.csv", "notes.txt"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("holds %v, want %v", got, want)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
				t.Errorf("notes.txt holds %q", data)
			}
		})
	}
}

// What a kill leaves — a staging directory, WriteFile's temporaries — is
// cleaned away by the next write, and the set it was writing is not
// vouched for: its old SHA256SUMS is gone before any file is replaced.
func TestWriteSetCleansStale(t *testing.T) {
	dir := t.TempDir()
	if err := WriteSet(dir, set("old", 2)); err != nil {
		t.Fatal(err)
	}
	// A kill after step 2 and a rename of step 3.
	os.Remove(filepath.Join(dir, SumsFile))
	os.WriteFile(filepath.Join(dir, "file0.csv"), []byte("new\n"), 0o644)
	stage := filepath.Join(dir, stagingPrefix+"123")
	os.Mkdir(stage, 0o755)
	os.WriteFile(filepath.Join(stage, "file1.csv"), []byte("new\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".summary.json.tmp-456"), []byte("{"), 0o644)
	if _, ok := readSet(t, dir); ok {
		t.Fatal("a torn set checks")
	}
	if err := WriteSet(dir, set("third", 2)); err != nil {
		t.Fatal(err)
	}
	got, ok := readSet(t, dir)
	if !ok || len(got) != 3 {
		t.Errorf("after cleaning: %v, checks %v", keys(got), ok)
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCheckWritableDir: a directory is created if need be and left with no
// probe in it; one that cannot be made, or written, is an error naming it.
func TestCheckWritableDir(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(tmp, "read-only")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name, dir, want string // want "" for success
	}{
		{"new", filepath.Join(tmp, "a", "b"), ""},
		{"under a file", filepath.Join(file, "out"), filepath.Join(file, "out") + ": mkdir "},
		{"read-only", readOnly, readOnly + ": cannot write there: "},
	} {
		t.Run(test.name, func(t *testing.T) {
			if test.name == "read-only" && os.Geteuid() == 0 {
				t.Skip("root writes anywhere")
			}
			err := CheckWritableDir(test.dir)
			if test.want == "" {
				entries, rerr := os.ReadDir(test.dir)
				if err != nil || rerr != nil || len(entries) != 0 {
					t.Errorf("got %v, %v, %d entries; want an empty directory", err, rerr, len(entries))
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), test.want) {
				t.Errorf("got %v, want %q…", err, test.want)
			}
		})
	}
}

// TestPrepareDir: preparing a directory removes what a killed nhssim left
// there and keeps the rest.
func TestPrepareDir(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{probePrefix + "123", ".summary.csv.tmp-9", "summary.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := PrepareDir(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "summary.csv" {
		t.Errorf("left %v, %v; want only summary.csv", entries, err)
	}
}
