package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
// it, count the Tabs to Run, run the default pair, open a group of levers
// and change a lever, run again from the keyboard, check the captions, that
// the charts changed and that focus moved to the answer, then upload a
// scenario with a mistake and see its line and field, set up exercises (on
// both sides), run one and see its measures, and read the answer on a
// phone's width. It skips when no Chromium is installed, unless
// NHSSIM_REQUIRE_BROWSER=1 (as in CI), when it fails.
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
	// ($NHSSIM_SCREENSHOTS set) at the teaching settings, so that they
	// show what a class sees, but at the largest size whose answer has a
	// lever attribution, which the pack shows (at the default 900,000 the
	// page leaves it out).
	o, limit := small(), 90*time.Second
	if os.Getenv("NHSSIM_SCREENSHOTS") != "" {
		o, limit = Defaults(), 10*time.Minute
		o.Patients = AttributionMaxPatients
	}
	o.Workers = 2
	if os.Getenv("NHSSIM_SCREENSHOTS") == "" {
		o.Quoted = currentQuoted(t) // docs' own analysis may predate the latest parameters
	}
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
			case *string:
				v, err := chromedp.Evaluate[string](expr)(ctx, tg)
				*o = v
				return err
			case *float64:
				v, err := chromedp.Evaluate[float64](expr)(ctx, tg)
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
		quotedJS   = `document.getElementById("answer-uncertainty").hidden ? "" : document.getElementById("answer-uncertainty").textContent`
	)
	var captions1, captions2, alts []string
	var charts1, charts2 map[string]string
	var leverChanged bool
	var focused1, focused2 string
	var quoted1, quoted2 string

	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		shot("classroom-page.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Run is near at hand from the keyboard: the groups of levers fold
	// (before they did, it took 57 Tabs).
	tabs := 0
	for ; tabs < 60 && focused1 != "run"; tabs++ {
		err = chromedp.Do(ctx, chromedp.KeyEvent("\t"), into(&focused1, `document.activeElement.id`))
		if err != nil {
			t.Fatal(err)
		}
	}
	if focused1 != "run" || tabs > 32 {
		t.Errorf("%d Tabs from the top of the page reach %q, want Run within 32", tabs, focused1)
	}
	t.Logf("%d Tabs to Run", tabs)

	err = chromedp.Do(ctx,
		// The default pair, as it comes.
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(done)),
		into(&captions1, captionsJS),
		into(&charts1, chartsJS),
		into(&quoted1, quotedJS),
		// Change a lever of B from the keyboard: open its group, then
		// regional-collaborative without its pooled budget.
		into(&focused1, `document.activeElement.id`),
		chromedp.Focus(chromedp.CSS(`#levers details[data-section="Discharge"] > summary`)),
		chromedp.KeyEvent("\r"),
		chromedp.Focus(chromedp.CSS("#lever-discharge-pooled-budget")),
		chromedp.KeyEvent(" "),
		into(&leverChanged, `document.querySelector('.lever[data-path="discharge.pooled_budget"]').classList.contains("changed")`),
		// Run again from the keyboard.
		chromedp.Focus(chromedp.CSS("#run")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(done)),
		into(&focused2, `document.activeElement.id`),
		into(&captions2, captionsJS),
		into(&charts2, chartsJS),
		into(&quoted2, quotedJS),
		into(&alts, `[...document.querySelectorAll("#charts img")].map(i => i.alt)`),
		chromedp.ScrollIntoView(chromedp.CSS("#answer-h")),
		shot("classroom-answer.png"),
		chromedp.ScrollIntoView(chromedp.CSS(`#charts img[data-chart="attribution"]`)),
		shot("classroom-attribution.png"),
		chromedp.ScrollIntoView(chromedp.CSS(`#levers details[data-section="Discharge"]`)),
		shot("classroom-levers.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !leverChanged {
		t.Error("pressing Space on the pooled-budget lever did not mark it changed")
	}
	// The default pair's answer quotes the uncertainty analysis of that
	// pair; with a lever changed, it is another pair, and quotes nothing.
	if o.Quoted != nil && (!strings.Contains(quoted1, "an earlier uncertainty analysis of this same pair") || !strings.Contains(quoted1, " better in ")) {
		t.Errorf("the default pair's answer does not quote its uncertainty analysis: %q", quoted1)
	}
	if quoted2 != "" {
		t.Errorf("an answer with a lever changed quotes the default pair's uncertainty analysis: %q", quoted2)
	}
	for i, f := range []string{focused1, focused2} {
		if f != "answer-h" {
			t.Errorf("after run %d, focus is on %q, want the answer's heading", i+1, f)
		}
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

	// An exercise's button sets up its scenarios and the levers of both
	// sides; the controls show one side at a time.
	const changedJS = `[...document.querySelectorAll("#levers .lever.changed")].map(r => r.dataset.path + "=" + (r.querySelector("input,select").type === "checkbox" ? r.querySelector("input").checked : r.querySelector("input,select").value))`
	var setB, setA []string
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#exercise-list li:nth-child(2) button")),
		into(&setB, changedJS),
		chromedp.Click(chromedp.CSS("#editing-a")),
		into(&setA, changedJS),
		chromedp.Click(chromedp.CSS("#editing-b")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(setB, " "), "discharge.pooled_budget=true social_care.home_care_hours_per_1000=44"; got != want {
		t.Errorf("the pooling exercise set B's levers %q, want %q", got, want)
	}
	if got, want := strings.Join(setA, " "), "social_care.home_care_hours_per_1000=44"; got != want {
		t.Errorf("the pooling exercise set A's levers %q, want %q", got, want)
	}

	// The page counts the hospitals patients choose between as the server
	// does.
	var cases []map[string]any
	for _, n := range []int{3000, 20000, 90000, 100000, 449999, 450000, 900000} {
		for _, size := range []int{2000, 10000} {
			c := nhs.Defaults()
			c.Population.Patients, c.Population.PracticeSize = n, size
			cases = append(cases, map[string]any{"patients": n, "v": leverValues(&c), "want": localHospitals(c)})
		}
	}
	js, _ := json.Marshal(cases)
	var wrong []string
	_, err = chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[[]string](`(`+string(js)+`).filter(c => localHospitals(c.patients, c.v) !== c.want).map(c => c.patients + " patients, practices of " + c.v["population.practice_size"] + ": page " + localHospitals(c.patients, c.v) + ", server " + c.want)`)(ctx, tg)
		wrong = v
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wrong {
		t.Errorf("hospitals in a local system: %s", w)
	}

	// Exercise 1 sets its own size (within the server's bounds), says
	// whether patients have hospitals to choose between there, and its
	// answer shows the measures it asks about.
	ex := Exercises()[0]
	req := ex.request(s.opt)
	_, job, err := s.check(req)
	if err != nil {
		t.Fatal(err)
	}
	var choiceIdle bool
	for _, l := range levers() {
		for _, r := range l.Idle {
			if l.Path == "market.patient_choice" {
				choiceIdle = choiceIdle || r.holds(&job.Scenarios()[1].Config)
			}
		}
	}
	var patients, idleNote, summary string
	var measures, rows []string
	var marked float64
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#exercise-list li:nth-child(1) button")),
		into(&patients, `document.getElementById("patients").value`),
		into(&idleNote, `document.getElementById("lever-market-patient-choice-idle").hidden ? "" : document.getElementById("lever-market-patient-choice-idle").textContent`),
		into(&summary, `document.getElementById("lever-summary").textContent`),
		into(&focused1, `document.activeElement.id`),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(done)),
		into(&focused2, `document.activeElement.id`),
		into(&measures, `[...document.querySelectorAll("#measures li")].map(li => li.dataset.metric)`),
		into(&rows, `[...document.querySelectorAll("#table tbody tr")].slice(0, `+strconv.Itoa(len(ex.Metrics))+`).filter(r => r.classList.contains("measure")).map(r => r.dataset.metric)`),
		into(&marked, `document.querySelectorAll("#table tr.measure").length`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if patients != strconv.Itoa(req.Patients) {
		t.Errorf("exercise 1 set %s patients, want %d", patients, req.Patients)
	}
	if (idleNote != "") != choiceIdle {
		t.Errorf("at %s patients the page says of choice %q; the server's rule says it does nothing: %v", patients, idleNote, choiceIdle)
	}
	if strings.Contains(summary, "does nothing") != choiceIdle {
		t.Errorf("at %s patients the summary of changed levers reads %q; the server's rule says choice does nothing: %v", patients, summary, choiceIdle)
	}
	if focused1 != "run" || focused2 != "answer-h" {
		t.Errorf("setting up an exercise left focus on %q (want run); its run on %q (want answer-h)", focused1, focused2)
	}
	if got, want := strings.Join(measures, " "), strings.Join(ex.Metrics, " "); got != want {
		t.Errorf("exercise 1's answer shows the sentences of %q, want %q", got, want)
	}
	if !slices.Equal(rows, ex.Metrics) || int(marked) != len(ex.Metrics) {
		t.Errorf("exercise 1's table starts with the marked rows %q (of %g marked), want %q", rows, marked, ex.Metrics)
	}
	if !slices.Contains(rows, "elective_wait_mean_days") {
		t.Error("exercise 1's answer does not show the elective wait")
	}

	// The same exercise run again is answered from the cache, and the
	// page says so; the first run was fresh.
	var cached1, status2 string
	err = chromedp.Do(ctx,
		into(&cached1, `document.getElementById("answer").dataset.cached`),
		chromedp.Click(chromedp.CSS("#exercise-list li:nth-child(1) button")),
		chromedp.Click(chromedp.CSS("#run")),
		chromedp.WaitVisible(chromedp.CSS(`#answer:not([hidden])[data-cached="true"] #measures li`)),
		into(&status2, `document.getElementById("status").textContent`),
		into(&measures, `[...document.querySelectorAll("#measures li")].map(li => li.dataset.metric)`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if cached1 != "false" {
		t.Errorf("exercise 1's first run was marked cached %q", cached1)
	}
	if !strings.Contains(status2, "cached") {
		t.Errorf("the cached answer's status reads %q, without \"cached\"", status2)
	}
	if got, want := strings.Join(measures, " "), strings.Join(ex.Metrics, " "); got != want {
		t.Errorf("exercise 1's cached answer shows the sentences of %q, want %q", got, want)
	}

	// On a phone (390 px wide) the page is no wider than the screen, the
	// B − A column is in view, and a chart enlarges.
	var pageWidth, diffRight, chartRight float64
	var dialogOpen bool
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		into(&pageWidth, `document.documentElement.scrollWidth`),
		into(&diffRight, `Math.max(...[...document.querySelectorAll("#table td:last-child")].map(td => td.getBoundingClientRect().right))`),
		into(&chartRight, `Math.max(...[...document.querySelectorAll("#charts img")].map(i => i.getBoundingClientRect().right))`),
		chromedp.ScrollIntoView(chromedp.CSS("#table tr.measure")),
		shot("classroom-phone.png"),
		chromedp.Click(chromedp.CSS(`#charts figure:first-child .enlarge`)),
		into(&dialogOpen, `document.getElementById("chart-dialog").open`),
		chromedp.Click(chromedp.CSS("#chart-close")),
		chromedp.EmulateReset(),
	)
	if err != nil {
		t.Fatal(err)
	}
	if pageWidth > 390 {
		t.Errorf("at 390 px wide the page lays out %g px wide", pageWidth)
	}
	if diffRight > 390 || diffRight <= 0 {
		t.Errorf("at 390 px wide the B − A column ends at %g px", diffRight)
	}
	if chartRight > 390 || chartRight <= 0 {
		t.Errorf("at 390 px wide the charts end at %g px", chartRight)
	}
	if !dialogOpen {
		t.Error("the chart's Enlarge button did not open it")
	}
	// The narrowest phones in use are 360 px wide.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 740),
		into(&pageWidth, `document.documentElement.scrollWidth`),
		into(&diffRight, `Math.max(...[...document.querySelectorAll("#table td:last-child")].map(td => td.getBoundingClientRect().right))`),
		chromedp.EmulateReset(),
	)
	if err != nil {
		t.Fatal(err)
	}
	if pageWidth > 360 || diffRight > 360 {
		t.Errorf("at 360 px wide the page lays out %g px wide and the B − A column ends at %g px", pageWidth, diffRight)
	}
	t.Logf("screenshots in %s", shots)
}
