// Package scenarios holds the shipped scenario files, embedded in the
// binary. Loading, validation and hashing live in sim/scenario; Loader
// returns a scenario.Loader that knows these files by name.
package scenarios

import (
	"embed"
	"io/fs"

	"github.com/nhssim/nhssim/sim/scenario"
)

//go:embed *.yaml reference/*.yaml
var shipped embed.FS

// FS returns the shipped scenario files: NAME.yaml and reference/NAME.yaml.
func FS() fs.FS { return shipped }

// Loader returns a loader that reads files on disk and the shipped
// scenarios by name.
func Loader() scenario.Loader { return scenario.Loader{Shipped: shipped} }

// Load loads a scenario, a shipped one's name or a file's path, with
// Loader: see [scenario.Loader.Load].
func Load(ref string, sets ...string) (*scenario.Scenario, error) {
	return Loader().Load(ref, sets...)
}

// Names lists the shipped scenarios by name, sorted.
func Names() ([]string, error) { return Loader().Names() }
