package classroom

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// evalTo evaluates expr in the page and keeps its value in out.
func evalTo[T any](out *T, expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[T](expr)(ctx, tg)
		*out = v
		return err
	})
}

// exportSite builds the WebAssembly module and exports the static
// classroom into a temporary directory.
func exportSite(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	wasmFile := filepath.Join(tmp, "nhssim.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", wasmFile, "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the wasm module: %v\n%s", err, out)
	}
	wasm, err := os.ReadFile(wasmFile)
	if err != nil {
		t.Fatal(err)
	}
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(tmp, "site")
	if err := Export(site, Browser(), wasm, wasmExec); err != nil {
		t.Fatal(err)
	}
	return site
}

// staticBrowser exports the static classroom, serves it from a plain file
// server on 127.0.0.1 and starts a headless Chromium in which every other
// host is unreachable; it returns the browser's context and the site's URL.
func staticBrowser(t *testing.T) (context.Context, string) {
	t.Helper()
	exe := findChromium()
	if exe == "" {
		msg := "no Chromium found (install Debian's chromium, or set NHSSIM_CHROMIUM): browser test skipped"
		if os.Getenv("NHSSIM_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + ", but NHSSIM_REQUIRE_BROWSER=1")
		}
		t.Skip(msg)
	}
	if testing.Short() {
		t.Skip("builds the wasm module and runs it in Chromium")
	}
	site := exportSite(t)
	ts := httptest.NewServer(http.FileServer(http.Dir(site)))
	t.Cleanup(ts.Close)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The network is off but for the file server: no name resolves
		// and every other connection goes to a proxy that is not there.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	tctx, cancelT := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancelT)
	actx, cancelA := chromedp.NewExecAllocator(tctx, opts...)
	t.Cleanup(cancelA)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(cancelB)
	return ctx, ts.URL
}

// TestStaticBrowser loads the exported static classroom in headless
// Chromium from a plain file server on 127.0.0.1, every other host
// unreachable, runs the default comparison and an exercise at a small
// size in the browser's WebAssembly worker, and checks that the page shows
// the captions and measures that the same requests give natively, the
// representativeness warning and a download. It skips when no Chromium is
// installed, unless NHSSIM_REQUIRE_BROWSER=1 (as in CI), when it fails.
func TestStaticBrowser(t *testing.T) {
	ctx, url := staticBrowser(t)

	const (
		captionsJS = `[...document.querySelectorAll("#captions li")].map(li => li.textContent)`
		done       = `#answer:not([hidden]) #charts img[data-chart="attribution"]`
		// A small size: the test's runs take seconds.
		small = `(() => { for (const [id, v] of [["patients", 2000], ["years", 2], ["replicates", 2]]) document.getElementById(id).value = v; return true })()`
		// The requests the page sends to its worker, kept to run natively.
		spy = `(() => { window.sent = []; const run = worker.run.bind(worker); worker.run = (req, signal, on) => { window.sent.push(JSON.stringify(req)); return run(req, signal, on); }; return STATIC })()`
	)
	var isStatic, ok bool
	var links []string
	var captions1, captions2, measures, sent, resources []string
	var warning, download, title, status1, status2 string
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		evalTo(&isStatic, spy),
		evalTo(&links, `[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`),
		evalTo(&ok, small),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(done)),
		evalTo(&captions1, captionsJS),
		evalTo(&status1, `document.getElementById("status").textContent`),
		evalTo(&warning, `document.getElementById("run-warnings").hidden ? "" : document.getElementById("run-warnings").textContent`),
		evalTo(&download, `document.getElementById("download").href`),
		// The pooling exercise (the second), at the small size.
		chromedp.Click(chromedp.CSS("#exercise-list li:nth-child(2) button")),
		evalTo(&title, `document.getElementById("exercise-title").textContent`),
		evalTo(&ok, small),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(`#answer:not([hidden]) #exercise-answer:not([hidden]) #measures li`)),
		chromedp.WaitVisible(chromedp.CSS(done)),
		evalTo(&captions2, captionsJS),
		evalTo(&status2, `document.getElementById("status").textContent`),
		evalTo(&measures, `[...document.querySelectorAll("#measures li")].map(li => li.textContent)`),
		evalTo(&sent, `window.sent`),
		evalTo(&resources, `performance.getEntriesByType("resource").map(e => e.name)`),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("default pair: %s %q", status1, captions1[:1])
	t.Logf("exercise: %s", status2)
	// Upload a scenario with a mistake: the worker checks it; then cancel a
	// run (the worker is ended and another started) and run again.
	bad := filepath.Join(t.TempDir(), "my-scenario.yaml")
	os.WriteFile(bad, []byte("name: mine\nextends: england\nmarket:\n  patient_choise: true\n"), 0o644)
	var uploadErr, cancelled, again string
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#upload-b"), []string{bad}),
		chromedp.WaitVisible(chromedp.CSS("#errors-b li")),
		evalTo(&uploadErr, `document.getElementById("errors-b").textContent`),
		chromedp.Click(chromedp.CSS("#exercise-close")),
		evalTo(&ok, `(() => { document.getElementById("patients").value = 100000; return true })()`),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.Click(chromedp.CSS("#cancel")),
		evalTo(&cancelled, `document.getElementById("status").textContent`),
		evalTo(&ok, small),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(done)),
		evalTo(&again, `document.getElementById("status").textContent`),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"my-scenario.yaml:4:3", "market.patient_choise"} {
		if !strings.Contains(uploadErr, want) {
			t.Errorf("the upload error %q lacks %q", uploadErr, want)
		}
	}
	if cancelled != "Cancelled." || !strings.HasPrefix(again, "Done:") {
		t.Errorf("after Cancel the status is %q (want Cancelled.), after another run %q (want Done: …)", cancelled, again)
	}
	// Every link of the page (its stories, the parameters its levers cite,
	// the glossary) is a file of the site.
	checked := 0
	for _, l := range links {
		if l == "" || strings.HasPrefix(l, "#") || strings.Contains(l, ":") {
			continue
		}
		path, _, _ := strings.Cut(l, "#")
		path, _, _ = strings.Cut(path, "?")
		resp, err := http.Get(url + "/" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("the page links to %s: %s", l, resp.Status)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d of the page's links point into the site: %q", checked, links)
	}
	if !isStatic {
		t.Error("the exported page does not run as static")
	}
	if len(sent) != 2 {
		t.Fatalf("the page sent %d requests to its worker, want 2", len(sent))
	}
	if !strings.HasPrefix(download, "blob:") {
		t.Errorf("the download link is %q, want a blob: URL of the zip", download)
	}
	if !strings.Contains(warning, "not representative") {
		t.Errorf("a run of 2,000 patients shows no representativeness warning (%q)", warning)
	}
	for _, r := range resources {
		if !strings.HasPrefix(r, url) && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			t.Errorf("the page fetched %s, off the file server", r)
		}
	}
	// The page's answers are native's to the same requests.
	l, err := NewBrowser()
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range [][]string{captions1, captions2} {
		var res resultOut
		l.Run(context.Background(), []byte(sent[i]), func(ev string, data []byte) {
			switch ev {
			case "result":
				if err := json.Unmarshal(data, &res); err != nil {
					t.Fatal(err)
				}
			case "error":
				t.Errorf("native run of %s: %s", sent[i], data)
			}
		})
		var want []string
		for _, c := range res.Captions {
			want = append(want, c.Text)
		}
		if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("run %d (%s): the page's captions\n%s\nnative's\n%s", i+1, sent[i], strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if i == 1 {
			ex := Exercises()[1]
			if title != ex.Title {
				t.Errorf("the second exercise is %q, want %q", title, ex.Title)
			}
			var wantM []string
			for _, m := range ex.Metrics {
				for _, x := range res.Measures {
					if x.ID == m {
						wantM = append(wantM, x.Caption.Text)
					}
				}
			}
			if len(wantM) == 0 || strings.Join(measures, "\n") != strings.Join(wantM, "\n") {
				t.Errorf("the exercise's measures on the page\n%s\nnative's\n%s", strings.Join(measures, "\n"), strings.Join(wantM, "\n"))
			}
		}
	}
}

// TestStaticBrowserSpeed measures, with NHSSIM_STATIC_BENCH=N, the
// default comparison at N patients (3 years, 2 replicates) in Chromium's
// WebAssembly worker and natively on one worker, and logs the seconds of
// each (the simulation, not the module's loading; two runs in the page)
// and their ratios, for
// bench/README.md. It asserts nothing about time. Run it pinned to one
// CPU, so that the browser and native have one core each:
//
//	NHSSIM_STATIC_BENCH=100000 taskset -c 1 go test -run StaticBrowserSpeed -v ./cmd/nhssim/internal/classroom
func TestStaticBrowserSpeed(t *testing.T) {
	n := os.Getenv("NHSSIM_STATIC_BENCH")
	if n == "" {
		t.Skip("a measurement: set NHSSIM_STATIC_BENCH to a number of patients")
	}
	ctx, url := staticBrowser(t)
	var ok bool
	var sent []string
	var seconds, again float64
	const secondsJS = `Number(document.getElementById("status").textContent.match(/in ([0-9.]+) s/)[1])`
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		evalTo(&ok, `(() => { window.sent = []; const run = worker.run.bind(worker); worker.run = (req, signal, on) => { window.sent.push(JSON.stringify(req)); return run(req, signal, on); }; return STATIC })()`),
		evalTo(&ok, `(() => { for (const [id, v] of [["patients", `+n+`], ["years", 3], ["replicates", 2]]) document.getElementById(id).value = v; return true })()`),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(`#answer:not([hidden]) #charts img[data-chart="attribution"]`)),
		evalTo(&sent, `window.sent`),
		evalTo(&seconds, secondsJS),
		// Again: the engine has compiled the module's hot code by now.
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(`#answer:not([hidden]) #charts img[data-chart="attribution"]`)),
		evalTo(&again, secondsJS),
	)
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewBrowser()
	if err != nil {
		t.Fatal(err)
	}
	var native resultOut
	l.Run(context.Background(), []byte(sent[0]), func(ev string, data []byte) {
		if ev == "result" {
			json.Unmarshal(data, &native)
		}
	})
	t.Logf("%s patients, 3 years, 2 replicates, default pair: Chromium %.1f s (first run), %.1f s (second), native %.1f s: ratios %.2f, %.2f",
		n, seconds, again, native.Seconds, seconds/native.Seconds, again/native.Seconds)
}
