package scenarios

import (
	"errors"
	"io/fs"
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
			t.Fatalf("error %T %q, want a *scenarios.Error", err, err)
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
