package classroom

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/runner"
)

// fakeWasm is enough of a module for the exporter, which copies it.
var fakeWasm = []byte("\x00asm\x01\x00\x00\x00")

const fakeWasmExec = "globalThis.Go = class Go {};"

// TestExportFiles checks the static classroom: the same inputs give the
// same bytes, every page's links point at files of the export, and the
// page is marked static.
func TestExportFiles(t *testing.T) {
	a, err := ExportFiles(Browser(), fakeWasm, []byte(fakeWasmExec))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ExportFiles(Browser(), fakeWasm, []byte(fakeWasmExec))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("two exports have %d and %d files", len(a), len(b))
	}
	have := map[string][]byte{}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("two exports differ in %s", a[i].Name)
		}
		have[a[i].Name] = a[i].Data
	}
	for _, name := range []string{"index.html", "app.js", "style.css", "worker.js", "wasm_exec.js", "nhssim.wasm", "setup.json", "glossary.html", "params.html", "story-market-contract.html"} {
		if len(have[name]) == 0 {
			t.Errorf("the export has no %s", name)
		}
	}
	if !strings.Contains(string(have["index.html"]), `<meta name="nhssim-mode" content="static">`) {
		t.Error("index.html is not marked static")
	}
	links := regexp.MustCompile(`\b(?:href|src)="([^"#?]*)[^"]*"`)
	for name, data := range have {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range links.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if target == "" || strings.HasPrefix(target, "data:") || strings.Contains(target, "://") {
				continue
			}
			if _, ok := have[target]; !ok {
				t.Errorf("%s links to %q, which the export lacks", name, m[0])
			}
		}
	}
	if !bytes.Contains(have["setup.json"], []byte(`"max_patients":100000`)) {
		t.Errorf("setup.json does not carry the browser's cap: %.200s", have["setup.json"])
	}
}

// TestExportLink checks the page's server paths against the files they
// become; app.js's link maps the same (the static browser test follows
// its links).
func TestExportLink(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/", "index.html"},
		{"/?a=england&amp;b=x", "index.html?a=england&amp;b=x"},
		{"/static/style.css", "style.css"},
		{"/glossary#crn", "glossary.html#crn"},
		{"/params#population.patients", "params.html#population.patients"},
		{"/stories/england", "story-england.html"},
		{"/api/setup", "setup.json"},
	} {
		if got := exportLink(tc.in); got != tc.want {
			t.Errorf("exportLink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExportWhole checks that Export writes a set with its SHA256SUMS and
// refuses a module that is not WebAssembly, leaving nothing.
func TestExportWhole(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := Export(dir, Browser(), []byte("not wasm"), []byte(fakeWasmExec)); err == nil {
		t.Error("exported a module that is not WebAssembly")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused export left %s: %v", dir, err)
	}
	if err := Export(dir, Browser(), fakeWasm, []byte(fakeWasmExec)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, runner.SumsFile)); err != nil {
		t.Error(err)
	}
}
