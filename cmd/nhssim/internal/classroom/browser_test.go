package classroom

import (
	"bytes"
	"context"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nhssim/nhssim/sim/nhs"
)

// findChromium returns the path of a Chromium (or Chrome) to drive:
// $NHSSIM_CHROMIUM, else the first of the usual names on $PATH.
func findChromium() string {
	if p := os.Getenv("NHSSIM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "google-chrome", "google-chrome-stable", "chromium-browser", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser test saves its screenshots:
// $NHSSIM_SCREENSHOTS (docs/teaching to regenerate the pack's), else a
// temporary directory. Screenshots are not byte-stable (fonts, antialiasing),
// so CI regenerates them to a temporary directory and checks that they are
// made, not that they are the same.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("NHSSIM_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

// TestBrowser drives the page in headless Chromium as a teacher would: load
// it, run the default pair, change a lever, run again from the keyboard,
// check the captions and that the charts changed, then upload a scenario
// with a mistake and see its line and field. It skips when no Chromium is
// installed, unless NHSSIM_REQUIRE_BROWSER=1 (as in CI), when it fails.
func TestBrowser(t *testing.T) {
	exe := findChromium()
	if exe == "" {
		msg := "no Chromium found (install Debian's chromium, or set NHSSIM_CHROMIUM): browser test skipped"
		if os.Getenv("NHSSIM_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + ", but NHSSIM_REQUIRE_BROWSER=1")
		}
		t.Skip(msg)
	}
	// The tests run at a small size; screenshots for the teaching pack
	// ($NHSSIM_SCREENSHOTS set) at the teaching size, so that they show
	// what a class sees.
	o, limit := small(), 90*time.Second
	if os.Getenv("NHSSIM_SCREENSHOTS") != "" {
		o, limit = Defaults(), 5*time.Minute
	}
	o.Workers = 2
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	shots := screenshotDir(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	// The whole test, browser included, is bounded in time.
	tctx, cancelT := context.WithTimeout(context.Background(), limit)
	defer cancelT()
	actx, cancelA := chromedp.NewExecAllocator(tctx, opts...)
	defer cancelA()
	ctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()

	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.CaptureScreenshot()(ctx, tg)
			if err != nil {
				return err
			}
			if _, err := png.Decode(bytes.NewReader(buf)); err != nil {
				t.Errorf("screenshot %s is not a PNG: %v", name, err)
			}
			return os.WriteFile(filepath.Join(shots, name), buf, 0o644)
		})
	}
	// into runs an action that returns a value and keeps the value.
	into := func(out any, expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			switch o := out.(type) {
			case *[]string:
				v, err := chromedp.Evaluate[[]string](expr)(ctx, tg)
				*o = v
				return err
			case *map[string]string:
				v, err := chromedp.Evaluate[map[string]string](expr)(ctx, tg)
				*o = v
				return err
			case *bool:
				v, err := chromedp.Evaluate[bool](expr)(ctx, tg)
				*o = v
				return err
			}
			panic("into: unsupported type")
		})
	}
	const (
		captionsJS = `[...document.querySelectorAll("#captions li")].map(li => li.textContent)`
		chartsJS   = `Object.fromEntries([...document.querySelectorAll("#charts img")].map(i => [i.dataset.chart, i.src]))`
		done       = `#answer:not([hidden]) #charts img[data-chart="attribution"]`
	)
	var captions1, captions2, alts []string
	var charts1, charts2 map[string]string
	var leverChanged bool

	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		shot("classroom-page.png"),
		// The default pair, as it comes.
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(done)),
		into(&captions1, captionsJS),
		into(&charts1, chartsJS),
		// Change a lever of B from the keyboard: regional-collaborative
		// without its pooled budget.
		chromedp.Focus(chromedp.CSS("#lever-discharge-pooled-budget")),
		chromedp.KeyEvent(" "),
		into(&leverChanged, `document.querySelector('.lever[data-path="discharge.pooled_budget"]').classList.contains("changed")`),
		// Run again from the keyboard.
		chromedp.Focus(chromedp.CSS("#run")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(done)),
		into(&captions2, captionsJS),
		into(&charts2, chartsJS),
		into(&alts, `[...document.querySelectorAll("#charts img")].map(i => i.alt)`),
		chromedp.ScrollIntoView(chromedp.CSS("#answer-h")),
		shot("classroom-answer.png"),
		chromedp.ScrollIntoView(chromedp.CSS(`#charts img[data-chart="attribution"]`)),
		shot("classroom-attribution.png"),
		chromedp.ScrollIntoView(chromedp.CSS("#levers-h")),
		shot("classroom-levers.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !leverChanged {
		t.Error("pressing Space on the pooled-budget lever did not mark it changed")
	}
	interval := regexp.MustCompile(`95% interval −?£?[0-9.,]+ to −?£?[0-9.,]+`)
	for i, caps := range [][]string{captions1, captions2} {
		if len(caps) != len(nhs.HeadlineMetrics()) {
			t.Errorf("run %d: %d captions, want one per headline metric: %q", i+1, len(caps), caps)
		}
		for _, c := range caps {
			if !interval.MatchString(c) && !strings.Contains(c, "in every replicate") {
				t.Errorf("run %d: caption without an interval: %q", i+1, c)
			}
		}
	}
	if len(captions2) > 0 && !strings.Contains(strings.Join(captions2, " "), "regional-collaborative-changed") {
		t.Errorf("the second run's captions do not name the changed scenario: %q", captions2)
	}
	for _, name := range []string{"admissions", "beds", "attribution"} {
		if charts1[name] == "" || charts1[name] == charts2[name] {
			t.Errorf("the %s chart did not change when a lever did (%d and %d bytes)", name, len(charts1[name]), len(charts2[name]))
		}
	}
	// Accessibility basics: every control has a label and every image alt
	// text.
	var unlabelled []string
	_, err = chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[[]string](`[...document.querySelectorAll("input, select, button, img")].filter(e =>
			e.tagName === "IMG" ? !e.alt : e.tagName === "BUTTON" ? !e.textContent.trim() : !(e.labels && e.labels.length) && !e.getAttribute("aria-label")
		).map(e => e.outerHTML.slice(0, 80))`)(ctx, tg)
		unlabelled = v
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range unlabelled {
		t.Errorf("no label or alt text: %s", e)
	}
	for _, a := range alts {
		if len(a) < 40 {
			t.Errorf("chart alt text too short: %q", a)
		}
	}

	// Upload a scenario with a misspelt field: the page shows the line and
	// the field.
	bad := filepath.Join(t.TempDir(), "my-scenario.yaml")
	os.WriteFile(bad, []byte("name: mine\nextends: england\nmarket:\n  patient_choise: true\n"), 0o644)
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#upload-b"), []string{bad}),
		chromedp.WaitVisible(chromedp.CSS("#errors-b li")),
		chromedp.ScrollIntoView(chromedp.CSS("#side-b")),
		shot("classroom-upload-error.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#errors-b")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"my-scenario.yaml:4:3", "market.patient_choise", "patient_choice"} {
		if !strings.Contains(errText, want) {
			t.Errorf("the upload error %q lacks %q", errText, want)
		}
	}

	// An exercise's button sets up its scenarios and levers.
	var set []string
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#exercise-list li:nth-child(2) button")),
		into(&set, `[...document.querySelectorAll("#levers .lever.changed")].map(r => r.dataset.path + "=" + (r.querySelector("input,select").type === "checkbox" ? r.querySelector("input").checked : r.querySelector("input,select").value))`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(set, " "), "discharge.pooled_budget=true social_care.home_care_hours_per_1000=44"; got != want {
		t.Errorf("the pooling exercise set the levers %q, want %q", got, want)
	}
	t.Logf("screenshots in %s", shots)
}
