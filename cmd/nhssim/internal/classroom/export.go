package classroom

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/nhssim/nhssim/sim/runner"
)

// Export writes the classroom as static files into dir, for any static
// web host: the page and its assets, the glossary, parameters and story
// pages, the setup the page asks for (setup.json: the scenarios, levers,
// exercises and limits of a browser run), the simulator built for
// WebAssembly (wasm, from GOOS=js GOARCH=wasm go build of
// ./cmd/nhssim/internal/classroom/wasm) and Go's wasm_exec.js (wasmExec,
// from the same Go's lib/wasm). Every file is at the top of dir, and the
// page's links point at them. The files depend only on the inputs: the
// same inputs give the same bytes. The set is written whole, through
// runner.WriteSet, with a SHA256SUMS.
func Export(dir string, opt Options, wasm, wasmExec []byte) error {
	files, err := ExportFiles(opt, wasm, wasmExec)
	if err != nil {
		return err
	}
	return runner.WriteSet(dir, files)
}

// ExportFiles returns the files Export writes, in a fixed order.
func ExportFiles(opt Options, wasm, wasmExec []byte) ([]runner.File, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, fmt.Errorf("the simulator module is not WebAssembly: build it with GOOS=js GOARCH=wasm go build -trimpath -o nhssim.wasm ./cmd/nhssim/internal/classroom/wasm")
	}
	if !strings.Contains(string(wasmExec), "class Go") && !strings.Contains(string(wasmExec), "globalThis.Go") {
		return nil, fmt.Errorf("wasm_exec.js is not Go's: take it from $(go env GOROOT)/lib/wasm/wasm_exec.js")
	}
	l, err := NewLocal(opt)
	if err != nil {
		return nil, err
	}
	s := l.s
	var out []runner.File
	add := func(name string, data []byte) { out = append(out, runner.File{Name: name, Data: data}) }

	index, err := assets.ReadFile("static/index.html")
	if err != nil {
		return nil, err
	}
	const charset = `<meta charset="utf-8">`
	if !strings.Contains(string(index), charset) {
		return nil, fmt.Errorf("static/index.html has no %s to mark as static", charset)
	}
	// The server's Content-Security-Policy, as a static host sends none:
	// the worker and its module come from the site itself.
	page := strings.Replace(string(index), charset, charset+"\n"+`<meta name="nhssim-mode" content="static">`+"\n"+
		`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'">`, 1)
	add("index.html", relink(page))
	glossary, err := assets.ReadFile("static/glossary.html")
	if err != nil {
		return nil, err
	}
	add("glossary.html", relink(string(glossary)))
	for _, name := range []string{"app.js", "style.css", "worker.js"} {
		data, err := assets.ReadFile("static/" + name)
		if err != nil {
			return nil, err
		}
		add(name, data)
	}
	// The server's own pages, as it serves them.
	get := func(h http.HandlerFunc, target string) ([]byte, error) {
		var rec recorder
		r := httptestRequest(http.MethodGet, target, nil)
		if name, ok := strings.CutPrefix(target, "/stories/"); ok {
			r.SetPathValue("name", name)
		}
		h(&rec, r)
		if rec.code != http.StatusOK && rec.code != 0 {
			return nil, fmt.Errorf("%s: %d %s", target, rec.code, rec.body.String())
		}
		return relink(rec.body.String()), nil
	}
	params, err := get(s.paramsPage, "/params")
	if err != nil {
		return nil, err
	}
	add("params.html", params)
	for _, sc := range s.shipped {
		if !sc.Story {
			continue
		}
		story, err := get(s.storyPage, "/stories/"+sc.Name)
		if err != nil {
			return nil, err
		}
		add("story-"+sc.Name+".html", story)
	}
	add("setup.json", l.Setup())
	add("wasm_exec.js", wasmExec)
	add("nhssim.wasm", wasm)
	return out, nil
}

// exportLink is where a page's link to a server path points in the export;
// app.js's link does the same.
func exportLink(path string) string {
	p, hash, hasHash := strings.Cut(path, "#")
	base, query, hasQuery := strings.Cut(p, "?")
	var f string
	switch {
	case base == "/":
		f = "index.html"
	case strings.HasPrefix(base, "/static/"):
		f = strings.TrimPrefix(base, "/static/")
	case strings.HasPrefix(base, "/stories/"):
		f = "story-" + strings.TrimPrefix(base, "/stories/") + ".html"
	case base == "/api/setup":
		f = "setup.json"
	default:
		f = strings.TrimPrefix(base, "/") + ".html"
	}
	if hasQuery {
		f += "?" + query
	}
	if hasHash {
		f += "#" + hash
	}
	return f
}

var absLink = regexp.MustCompile(`\b(href|src)="(/[^"]*)"`)

// relink points a page's links to server paths at the exported files.
func relink(page string) []byte {
	return []byte(absLink.ReplaceAllStringFunc(page, func(m string) string {
		sub := absLink.FindStringSubmatch(m)
		return sub[1] + `="` + exportLink(sub[2]) + `"`
	}))
}
