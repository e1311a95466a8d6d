package classroom

import (
	"encoding/json"
	"testing"
)

// FuzzCheck feeds arbitrary run requests to the request check: it must
// return a plan or an error, never panic, and never accept a request
// beyond the server's bounds.
func FuzzCheck(f *testing.F) {
	f.Add(`{"A":{"ref":"england"},"B":{"ref":"torbay","sets":{"discharge.pooled_budget":"false"}}}`)
	f.Add(`{"A":{"yaml":"name: x\nextends: england\n"},"B":{"ref":"england"},"patients":1000000}`)
	f.Add(`{"A":{"ref":"england","name":"é"},"B":{"ref":"england"},"replicates":-1}`)
	f.Add(`{"A":{"yaml":"extends: /etc/passwd"},"B":{"ref":"x.yaml"}}`)
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
			return
		}
		o := s.opt
		if r := p.req; r.Patients > o.MaxPatients || r.Years > o.MaxYears || r.Replicates > o.MaxReplicates {
			t.Errorf("accepted %+v beyond the bounds", r)
		}
		if job.Runs() == 0 {
			t.Error("a job with no runs")
		}
	})
}
