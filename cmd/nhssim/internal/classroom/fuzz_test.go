package classroom

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhssim/nhssim/sim/nhs"
)

// FuzzCheck feeds arbitrary run requests to the request check: it must
// return a plan or an error, never panic, and never accept a request
// beyond the server's bounds.
func FuzzCheck(f *testing.F) {
	f.Add(`{"A":{"ref":"england"},"B":{"ref":"torbay","sets":{"discharge.pooled_budget":"false"}}}`)
	f.Add(`{"A":{"yaml":"name: x\nextends: england\n"},"B":{"ref":"england"},"patients":1000000}`)
	f.Add(`{"A":{"ref":"england","name":"é"},"B":{"ref":"england"},"replicates":-1}`)
	f.Add(`{"A":{"yaml":"extends: /etc/passwd"},"B":{"ref":"x.yaml"}}`)
	// Issue 24: list growth that overflowed a reserve, and a long name.
	f.Add(`{"A":{"ref":"england"},"B":{"yaml":"name: g\nextends: england\npopulation: {practice_size: 1000}\ngeneral_practice: {list_growth_per_year: 0.5, list_growth_share: 0.025}\n"},"patients":5000,"years":3,"replicates":3}`)
	f.Add(`{"A":{"yaml":"name: ` + strings.Repeat("n", 200) + `\nextends: england\n"},"B":{"ref":"england"}}`)
	s, err := New(small())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var req runRequest
		if json.Unmarshal([]byte(body), &req) != nil {
			return
		}
		p, job, err := s.check(req)
		if err != nil {
			if msg := problemOf(err).bounded(); len(msg.Message) > maxMessageLen+3 || len(msg.Issues) > maxIssues+1 {
				t.Errorf("an unbounded problem: %d bytes, %d issues", len(msg.Message), len(msg.Issues))
			}
			return
		}
		o := s.opt
		if r := p.req; r.Patients > o.MaxPatients || r.Years > o.MaxYears || r.Replicates > o.MaxReplicates {
			t.Errorf("accepted %+v beyond the bounds", r)
		}
		if job.Runs() == 0 {
			t.Error("a job with no runs")
		}
		for _, sc := range job.Scenarios() {
			if utf8.RuneCountInString(sc.Name) > nhs.MaxNameLength {
				t.Errorf("accepted a name of %d characters", utf8.RuneCountInString(sc.Name))
			}
		}
	})
}

// FuzzUpload posts arbitrary files, under arbitrary names, to the upload
// endpoint: the answer is a scenario's summary or a bounded problem as
// JSON, never a crash or an internal error.
func FuzzUpload(f *testing.F) {
	f.Add("name: mine\nextends: england\nmarket:\n  patient_choice: true\n", "mine.yaml")
	f.Add("name: mine\nmarket:\n  patient_choise: true\n", "")
	f.Add("extends: /etc/passwd\n", "../../x.yml")
	f.Add("extends: uploaded.yaml\n", "uploaded.yaml")
	f.Add("name: g\nextends: england\npopulation: {practice_size: 1000}\ngeneral_practice: {list_growth_per_year: 0.5, list_growth_share: 0.025}\nrun: {years: 10}\n", "g.yaml")
	f.Add("name: "+strings.Repeat("n", 60000)+"\n", "long.yaml")
	f.Add("description: \""+strings.Repeat("\\u00e9", 3000)+"\"\n", "d.yaml")
	f.Add("name: t\nextends: england\ntimeline:\n  - at: 1y\n    set: {nonsense: 1}\n  - at: 2y\n    set: {market.patient_choice: maybe}\n", "t.yaml")
	f.Add("a: &a [*a, *a]\nb: *a\n", "alias.yaml")
	f.Add("\"-\": [{}, {}]\n", "dash.yaml")
	f.Add("run: {years: 1e308, warmup_years: 0}\npopulation: {patients: 1000000000, practice_size: 1}\n", "huge.yaml")
	s, err := New(small())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, yaml, name string) {
		r := httptest.NewRequest("POST", "/api/upload?name="+url.QueryEscape(name), strings.NewReader(yaml))
		r.Host = "127.0.0.1:8080"
		r.Header.Set("Content-Type", "application/yaml")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		body := w.Body.Bytes()
		switch w.Code {
		case 200:
			var info scenarioInfo
			if err := json.Unmarshal(body, &info); err != nil {
				t.Fatalf("200 with %v: %s", err, body)
			}
			if utf8.RuneCountInString(info.Name) > nhs.MaxNameLength || utf8.RuneCountInString(info.Description) > nhs.MaxDescriptionLength {
				t.Errorf("accepted a name of %d characters or a description of %d", len(info.Name), len(info.Description))
			}
		case 400, 413:
			var p problem
			if err := json.Unmarshal(body, &p); err != nil || p.Message == "" {
				t.Fatalf("%d with %v: %s", w.Code, err, body)
			}
			if len(p.Issues) > maxIssues+1 || len(body) > 64<<10 {
				t.Errorf("a problem of %d issues in %d bytes", len(p.Issues), len(body))
			}
		default:
			t.Fatalf("status %d: %s", w.Code, body)
		}
	})
}
