package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/classroom"
)

// need returns the path of a program the test needs, and skips without
// it unless NHSSIM_REQUIRE_BROWSER=1 (as in CI), when it fails.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		msg := name + " not found: test skipped"
		if os.Getenv("NHSSIM_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + ", but NHSSIM_REQUIRE_BROWSER=1")
		}
		t.Skip(msg)
	}
	return p
}

// buildWasm builds this package for GOOS=js GOARCH=wasm into dir.
func buildWasm(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "nhssim.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the wasm module: %v\n%s", err, b)
	}
	return out
}

// wasmExecJS is the wasm_exec.js of the Go that builds the module.
func wasmExecJS(t *testing.T) string {
	t.Helper()
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"lib/wasm", "misc/wasm"} {
		p := filepath.Join(strings.TrimSpace(string(root)), d, "wasm_exec.js")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("no wasm_exec.js in GOROOT")
	return ""
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(f.Name, "nhssim-classroom/")] = b
	}
	return out
}

// TestSameAsNative runs comparisons in the WebAssembly build under Node,
// as the static classroom's worker does, and natively, and checks that
// their downloads (tables, charts, scenario files) are byte for byte the
// same.
func TestSameAsNative(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm module and runs it under Node")
	}
	node := need(t, "node")
	dir := t.TempDir()
	wasm := buildWasm(t, dir)
	for _, tc := range []struct{ name, request string }{
		{"default pair", `{"A":{"ref":"market-contract"},"B":{"ref":"regional-collaborative"},"patients":3000,"years":2,"replicates":2}`},
		{"levers set", `{"A":{"ref":"england"},"B":{"ref":"england","sets":{"discharge.pooled_budget":"true"}},"patients":2000,"years":2,"replicates":3}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := filepath.Join(dir, "request.json")
			if err := os.WriteFile(req, []byte(tc.request), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out.zip")
			os.Remove(out)
			cmd := exec.Command(node, "node.js", wasmExecJS(t), wasm, req, out)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stats, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, stderr.Bytes())
			}
			t.Logf("wasm: %s", bytes.TrimSpace(stats))
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			l, err := classroom.NewBrowser()
			if err != nil {
				t.Fatal(err)
			}
			var events []string
			want := l.Run(context.Background(), []byte(tc.request), func(ev string, data []byte) {
				events = append(events, ev)
				if ev == "error" {
					t.Errorf("native run: %s", data)
				}
			})
			if want == nil {
				t.Fatalf("native run: no result (events %v)", events)
			}
			g, w := unzip(t, got), unzip(t, want)
			for _, name := range []string{"summary.csv", "differences.csv", "series.csv", "attribution.csv"} {
				if len(w[name]) == 0 {
					t.Errorf("%s: native run has none", name)
				}
			}
			// Every file of the download is the same, the charts too, but
			// the manifest, which records the build (GOOS js, GOARCH wasm).
			for name := range w {
				if name == "manifest.json" {
					continue
				}
				if !bytes.Equal(g[name], w[name]) {
					t.Errorf("%s differs between the wasm build (%d bytes) and native (%d bytes)", name, len(g[name]), len(w[name]))
				}
			}
			if len(g) != len(w) {
				t.Errorf("the wasm build's download has %d files, native's %d", len(g), len(w))
			}
		})
	}
}
