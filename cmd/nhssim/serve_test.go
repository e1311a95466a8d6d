package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeExport checks 'nhssim serve --export': the files it writes
// from a module and wasm_exec.js, the same bytes twice, and its usage
// errors.
func TestServeExport(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "nhssim.wasm")
	exec := filepath.Join(dir, "wasm_exec.js")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	os.WriteFile(exec, []byte("globalThis.Go = class Go {};"), 0o644)
	site := filepath.Join(dir, "site")
	out := mustRun(t, "serve", "--export", site, "--wasm", wasm, "--wasm-exec", exec)
	if !strings.Contains(out, "python3 -m http.server") {
		t.Errorf("the export does not say how to serve it: %q", out)
	}
	first := map[string]string{}
	for _, name := range []string{"index.html", "app.js", "worker.js", "setup.json", "nhssim.wasm", "wasm_exec.js", "SHA256SUMS"} {
		data, err := os.ReadFile(filepath.Join(site, name))
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %v (%d bytes)", name, err, len(data))
		}
		first[name] = string(data)
	}
	mustRun(t, "serve", "--export", site, "--wasm", wasm, "--wasm-exec", exec)
	for name, data := range first {
		again, _ := os.ReadFile(filepath.Join(site, name))
		if string(again) != data {
			t.Errorf("%s differs between two exports of the same inputs", name)
		}
	}
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"serve", "--export", site}, "--export needs --wasm"},
		{[]string{"serve", "--export", site, "--wasm", exec, "--wasm-exec", exec}, "is not WebAssembly"},
		{[]string{"serve", "--export", site, "--wasm", wasm, "--max-patients", "5000"}, "not --max-patients"},
		{[]string{"serve", "--wasm", wasm}, "--wasm and --wasm-exec go with --export"},
	} {
		code, _, stderr := nhssim(t, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.says) {
			t.Errorf("nhssim %s: exit %d, %q; want an error saying %q", strings.Join(tc.args, " "), code, stderr, tc.says)
		}
	}
}
