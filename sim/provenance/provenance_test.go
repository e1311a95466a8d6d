package provenance

import (
	"encoding/json"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name     string
		info     debug.BuildInfo
		want     Build
		id, text string
	}{
		{"go run", debug.BuildInfo{GoVersion: "go1.26", Main: debug.Module{Version: "(devel)"}},
			Build{Version: "devel", GoVersion: "go1.26"}, "devel", "revision unknown"},
		{"go build in a checkout", debug.BuildInfo{GoVersion: "go1.26", Main: debug.Module{Version: "v0.0.0-20261201-abc"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-01T22:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			Build{Version: "v0.0.0-20261201-abc", Revision: "abc123", Time: "2026-12-01T22:00:00Z", Modified: true, GoVersion: "go1.26"},
			"v0.0.0-20261201-abc+abc123-dirty", "revision abc123 (2026-12-01T22:00:00Z), with uncommitted changes"},
		{"clean tag", debug.BuildInfo{GoVersion: "go1.26", Main: debug.Module{Version: "v0.2.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "def"}, {Key: "vcs.modified", Value: "false"}}},
			Build{Version: "v0.2.0", Revision: "def", GoVersion: "go1.26"}, "v0.2.0+def", "nhssim v0.2.0, revision def, go1.26"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got := FromBuildInfo(&test.info)
			if got != test.want {
				t.Fatalf("got %+v, want %+v", got, test.want)
			}
			if got.ID() != test.id {
				t.Errorf("ID() = %q, want %q", got.ID(), test.id)
			}
			if !strings.Contains(got.String(), test.text) {
				t.Errorf("String() = %q, want it to contain %q", got.String(), test.text)
			}
		})
	}
}

// TestTyped checks that a manifest keeps numbers as numbers and the
// parameters in the registry's order.
func TestTyped(t *testing.T) {
	cfg := nhs.Defaults()
	cfg.Seed = 42
	p := Provenance{Build: Build{Version: "devel", GoVersion: "go"}, Command: "nhssim run x", Seeds: []uint64{42},
		Scenarios: []Scenario{Of(&scenario.Scenario{Name: "x", File: "x.yaml", Config: cfg})}}
	data, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Seeds     []uint64 `json:"seeds"`
		Scenarios []struct {
			Parameters map[string]any `json:"parameters"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	params := back.Scenarios[0].Parameters
	if seed, ok := params["seed"].(float64); !ok || seed != 42 {
		t.Errorf("seed = %#v, want the number 42", params["seed"])
	}
	if len(params) != len(nhs.Params()) {
		t.Errorf("%d parameters, want %d", len(params), len(nhs.Params()))
	}
	// Order: the registry's.
	ps := nhs.Params()
	last := -1
	for _, p := range ps {
		i := strings.Index(string(data), `"`+p.Path+`":`)
		if i < last {
			t.Fatalf("%s is out of the registry's order", p.Path)
		}
		last = i
	}
}

func TestFooter(t *testing.T) {
	tests := []struct {
		b     Build
		seeds []uint64
		want  string
	}{
		{Build{Version: "devel"}, []uint64{1, 2, 3}, "nhssim devel, revision unknown · seeds 1–3 · 3 replicates · synthetic model: simulated patients, not NHS data"},
		{Build{Version: "v0.1.0", Revision: "0123456789abcdef0123", Modified: true}, []uint64{7}, "nhssim v0.1.0, revision 0123456789ab (modified) · seed 7 · 1 replicate · synthetic model: simulated patients, not NHS data"},
		{Build{Version: "devel", Revision: "abc"}, nil, "nhssim devel, revision abc · synthetic model: simulated patients, not NHS data"},
	}
	for _, tt := range tests {
		if got := Footer(tt.b, tt.seeds); got != tt.want {
			t.Errorf("Footer(%+v, %v) = %q, want %q", tt.b, tt.seeds, got, tt.want)
		}
	}
}

// Parameters read back as they were written, in order.
func TestParametersRoundTrip(t *testing.T) {
	ps := Parameters{{"b.x", 1.5}, {"a.y", "block"}, {"c", true}, {"d", []any{1.0, 2.0}}}
	data, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	var got Parameters
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ps) {
		t.Errorf("read back %v, want %v", got, ps)
	}
	if err := json.Unmarshal([]byte(`[1]`), &got); err == nil {
		t.Error("an array read as parameters")
	}
}
