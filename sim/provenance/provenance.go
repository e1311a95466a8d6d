// Package provenance records where a result came from: the build of nhssim
// that made it (module version, VCS revision), the command line, and the
// scenarios with their hashes, seeds and every resolved parameter. Every
// manifest embeds one Provenance, encoded with encoding/json so that numbers
// stay numbers.
package provenance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

// Build is the build of nhssim that is running.
type Build struct {
	Version   string `json:"nhssim_version"`         // the module version, or "devel"
	Revision  string `json:"vcs_revision,omitempty"` // the commit built, when known
	Time      string `json:"vcs_time,omitempty"`     // the commit's time, when known
	Modified  bool   `json:"vcs_modified,omitempty"` // built from a checkout with uncommitted changes
	GoVersion string `json:"go_version"`
}

// ReadBuild reads the running binary's build information. A `go build` in
// a git checkout records the revision; `go run` and `go test` builds
// usually do not, and their module version is "devel".
func ReadBuild() Build {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Build{Version: "devel", GoVersion: runtime.Version()}
	}
	return FromBuildInfo(info)
}

// FromBuildInfo is the Build that info describes.
func FromBuildInfo(info *debug.BuildInfo) Build {
	b := Build{Version: info.Main.Version, GoVersion: info.GoVersion}
	if b.Version == "" || b.Version == "(devel)" {
		b.Version = "devel"
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the build for people: the version, the revision if known, and
// whether the checkout had changes.
func (b Build) String() string {
	s := "nhssim " + b.Version
	if b.Revision != "" {
		s += ", revision " + b.Revision
		if b.Time != "" {
			s += " (" + b.Time + ")"
		}
		if b.Modified {
			s += ", with uncommitted changes"
		}
	} else {
		s += ", revision unknown (built without version control information)"
	}
	return s + ", " + b.GoVersion
}

// ID is the build in one token, for comparing the builds that wrote two
// results: the version, and the revision if known ("+dirty" if modified).
func (b Build) ID() string {
	s := b.Version
	if b.Revision != "" {
		s += "+" + b.Revision
		if b.Modified {
			s += "-dirty"
		}
	}
	return s
}

// Provenance is what every manifest records about how its results were
// made. Seeds are those of the replicates; a command with one run has one.
type Provenance struct {
	Build
	Command   string     `json:"command"`
	Seeds     []uint64   `json:"seeds"`
	Scenarios []Scenario `json:"scenarios"`
}

// Scenario is one scenario of a result, with every parameter resolved.
type Scenario struct {
	Name       string     `json:"name"`
	File       string     `json:"file"`
	Hash       string     `json:"hash"`
	Parameters Parameters `json:"parameters"`
	// FirstMonthAfterWarmup is the first month of the statistics window,
	// when the scenario has been run.
	FirstMonthAfterWarmup int `json:"first_month_after_warmup,omitempty"`
}

// Of describes a loaded scenario.
func Of(sc *scenario.Scenario) Scenario {
	return Scenario{Name: sc.Name, File: sc.File, Hash: scenario.Hash(&sc.Config), Parameters: ParametersOf(&sc.Config)}
}

// Parameters is every parameter of a configuration, in the registry's
// order, encoded as a JSON object of typed values (numbers as numbers).
type Parameters []Parameter

// Parameter is one parameter's path and value.
type Parameter struct {
	Path  string
	Value any
}

// ParametersOf lists every parameter of c.
func ParametersOf(c *nhs.Config) Parameters {
	ps := nhs.Params()
	out := make(Parameters, len(ps))
	for i, p := range ps {
		out[i] = Parameter{p.Path, p.Field(c).Interface()}
	}
	return out
}

// MarshalJSON writes the parameters as one object, in order.
func (ps Parameters) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(p.Path)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(p.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the parameters back from one object, in its order;
// values are decoded as encoding/json decodes into an interface (numbers
// as float64).
func (ps *Parameters) UnmarshalJSON(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("provenance: parameters are not a JSON object")
	}
	*ps = (*ps)[:0]
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		var v any
		if err := d.Decode(&v); err != nil {
			return err
		}
		*ps = append(*ps, Parameter{Path: t.(string), Value: v})
	}
	_, err := d.Token()
	return err
}

// Encode writes a manifest as indented JSON with a final newline.
func Encode(manifest any) ([]byte, error) {
	out, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// Footer is the provenance line every chart carries: the build (version
// and short revision), the seeds, the replicates and that the model is
// synthetic, such as "nhssim devel, revision unknown · seeds 1–5 ·
// 5 replicates · synthetic model: simulated patients, not NHS data".
func Footer(b Build, seeds []uint64) string {
	rev := "revision unknown"
	if b.Revision != "" {
		rev = "revision " + b.Revision[:min(len(b.Revision), 12)]
		if b.Modified {
			rev += " (modified)"
		}
	}
	var s string
	switch len(seeds) {
	case 0:
	case 1:
		s = fmt.Sprintf(" · seed %d · 1 replicate", seeds[0])
	default:
		s = fmt.Sprintf(" · seeds %d–%d · %d replicates", seeds[0], seeds[len(seeds)-1], len(seeds))
	}
	return fmt.Sprintf("nhssim %s, %s%s · synthetic model: simulated patients, not NHS data", b.Version, rev, s)
}

// CommandLine is the command "nhssim VERB ARGS..." as given, less the flags
// that cannot change the results (--workers and --progress, and their
// values), so that a manifest is the same whatever they are.
func CommandLine(verb string, args []string) string {
	out := []string{"nhssim", verb}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		if strings.HasPrefix(a, "-") && (name == "workers" || name == "progress") {
			if !hasValue {
				i++ // skip the value
			}
			continue
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}
