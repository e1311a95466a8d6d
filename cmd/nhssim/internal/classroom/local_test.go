package classroom

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestLocalRun checks the events of a run without a network: the
// server's checks, the browser's memory bound, the representativeness
// warning and a result with its zip.
func TestLocalRun(t *testing.T) {
	l, err := NewBrowser()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, request string
		events        []string // the events' names, in order, each once
		says          string   // in the last event's data
		zip           bool
	}{
		{"bad JSON", `{"A":`, []string{"error"}, "bad request", false},
		{"unknown field", `{"C":{}}`, []string{"error"}, "unknown field", false},
		{"above the cap", `{"A":{"ref":"england"},"B":{"ref":"england"},"patients":200000}`, []string{"error"}, "outside 1,000 to 100,000", false},
		{"not a lever", `{"A":{"ref":"england"},"B":{"ref":"england","sets":{"run.seed":"3"}}}`, []string{"error"}, "is not one of the levers", false},
		{"too much memory", `{"A":{"ref":"market-contract"},"B":{"ref":"regional-collaborative"},"patients":100000,"replicates":10}`, []string{"error"}, "too large for a browser", false},
		{"small", `{"A":{"ref":"england"},"B":{"ref":"england","sets":{"discharge.pooled_budget":"true"}},"patients":1000,"years":2,"replicates":2}`,
			[]string{"started", "warnings", "progress", "result"}, `"title"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var names []string
			var last []byte
			zip := l.Run(context.Background(), []byte(tc.request), func(ev string, data []byte) {
				if len(names) == 0 || names[len(names)-1] != ev {
					names = append(names, ev)
				}
				if !json.Valid(data) {
					t.Errorf("%s: data is not JSON: %s", ev, data)
				}
				last = data
			})
			if strings.Join(names, " ") != strings.Join(tc.events, " ") {
				t.Errorf("events %v, want %v", names, tc.events)
			}
			if !strings.Contains(string(last), tc.says) {
				t.Errorf("the last event says %s, want %q in it", last, tc.says)
			}
			if (zip != nil) != tc.zip {
				t.Errorf("zip of %d bytes, want one: %v", len(zip), tc.zip)
			}
		})
	}
}

// TestLocalUpload checks that an upload is answered as POST /api/upload
// answers it.
func TestLocalUpload(t *testing.T) {
	l, err := NewBrowser()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		status     int
		says       string
	}{
		{"good", "name: mine\nextends: england\n", 200, `"name":"mine"`},
		{"bad field", "name: mine\nextends: england\nhospitals:\n  bedz: 3\n", 400, "bedz"},
		{"reaches the disk", "name: mine\nextends: other.yaml\n", 400, "other.yaml: no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := l.Upload("mine.yaml", []byte(tc.text))
			if status != tc.status || !strings.Contains(string(body), tc.says) {
				t.Errorf("status %d, body %s; want %d and %q", status, body, tc.status, tc.says)
			}
		})
	}
}
