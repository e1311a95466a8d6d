package scenario

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad loads arbitrary bytes as a scenario file. Load must not panic,
// and must return either a scenario that validates or an *Error whose every
// issue says where and what; the same input must give the same answer.
// The seed corpus in testdata/fuzz/FuzzLoad is made from testdata/ok and
// testdata/bad.
func FuzzLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		// Only the fuzzed file exists, so an extends of it is a cycle and an
		// extends of anything else is a shipped scenario or not found.
		l := Loader{ReadFile: func(name string) ([]byte, error) {
			if name == "fuzz.yaml" {
				return data, nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}}
		sc, err := l.Load("fuzz.yaml")
		if err == nil {
			if probs := sc.Config.Validate(); len(probs) > 0 {
				t.Fatalf("Load returned a scenario that does not validate: %v", probs)
			}
			if sc.Name == "" || sc.File != "fuzz.yaml" {
				t.Fatalf("Load returned name %q, file %q", sc.Name, sc.File)
			}
			Hash(&sc.Config)
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T %q, want a *scenario.Error", err, err)
		}
		if len(e.Issues) == 0 {
			t.Fatalf("*Error with no issues")
		}
		for _, is := range e.Issues {
			if is.At.file == "" || is.Msg == "" {
				t.Fatalf("issue without a place or a message: %+v", is)
			}
		}
		if _, err2 := l.Load("fuzz.yaml"); err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("loading twice gave\n%v\nthen\n%v", err, err2)
		}
	})
}

// FuzzLoadFile loads arbitrary bytes as a scenario file on disk, read as
// nhssim reads it (not stubbed), beside a valid base.yaml it may extend.
// Load must not panic, hang or read without bound, and must return either a
// scenario that validates or an *Error whose every issue says where and
// what. The seeds are every file in testdata/ok and testdata/bad and the
// hostile files of TestHostileFiles.
func FuzzLoadFile(f *testing.F) {
	for _, dir := range []string{"testdata/ok", "testdata/bad"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, h := range hostileFiles {
		if len(h.data) <= 64<<10 { // the fuzzer mutates small inputs best
			f.Add([]byte(h.data))
		}
	}
	dir := f.TempDir()
	base, err := os.ReadFile("testdata/ok/base.yaml")
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "base.yaml"), base, 0o644); err != nil {
		f.Fatal(err)
	}
	linkOutside(f, dir)
	path := filepath.Join(dir, "fuzz.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := shippedLoader().Load(path)
		if err == nil {
			if probs := sc.Config.Validate(); len(probs) > 0 {
				t.Fatalf("Load returned a scenario that does not validate: %v", probs)
			}
			if sc.Name == "" || sc.File != path || sc.Name == "SECRET" {
				t.Fatalf("Load returned name %q, file %q", sc.Name, sc.File)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T %q, want a *scenario.Error", err, err)
		}
		if strings.Contains(e.Error(), "SECRET") {
			t.Fatalf("the error quotes a file outside the scenario's directory: %.300s", e)
		}
		if len(e.Issues) == 0 || len(e.Issues) > maxIssues+1 {
			t.Fatalf("*Error with %d issues", len(e.Issues))
		}
		for _, is := range e.Issues {
			if is.At.file == "" || is.Msg == "" {
				t.Fatalf("issue without a place or a message: %+v", is)
			}
		}
	})
}
