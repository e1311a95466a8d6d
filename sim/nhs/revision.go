package nhs

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

// RevisionNote is bumped by hand for a change to the model's behaviour
// that the golden files below do not show (a mechanism that neither
// golden run exercises). Any other change to the model changes the golden
// files (TestGolden fails until they are regenerated), and with them
// Revision.
const RevisionNote = "1"

// goldens are the model's outputs for two small runs, which TestGolden
// pins: the model's behaviour in a few kilobytes.
//
//go:embed testdata/*.golden
var goldens embed.FS

// Revision identifies the model's behaviour, for caches of its results
// (the classroom's): a digest of RevisionNote and the golden files. It
// changes whenever the goldens are regenerated with different outputs,
// and does not change with a commit that leaves the model's outputs alone.
// It does not cover parameter values, which a cache keys on through each
// scenario's resolved parameters.
var Revision = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write([]byte("nhssim model revision " + RevisionNote + "\n"))
	names, _ := fs.Glob(goldens, "testdata/*.golden") // sorted; the pattern is valid
	for _, n := range names {
		data, _ := goldens.ReadFile(n) // embedded
		h.Write([]byte(n + "\n"))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})
