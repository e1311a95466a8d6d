package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A run that cannot fit in the available memory is refused before any work
// starts, with the estimate and a --patients that would fit.
func TestRunRefusesWhatCannotFit(t *testing.T) {
	defer func(f func() (int64, bool)) { memAvailable = f }(memAvailable)
	memAvailable = func() (int64, bool) { return 1 << 30, true } // 1 GiB
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"run", "england", "--patients", "100000000", "--out", out}, &env{stdout: &stdout, stderr: &stderr})
	if code := report(err, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, "GB") || !strings.Contains(msg, "--patients") {
		t.Errorf("message %q lacks the estimate or the advice", msg)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was created for a refused run", out)
	}
}
