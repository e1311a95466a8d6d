// Package docs is nhssim's documentation. As Go it holds only what the
// program quotes from it: the copies of the uncertainty analysis of the
// default pair (.ci/regenerate uncertainty writes them), which the
// classroom quotes under an answer that compares exactly that pair.
package docs

import "embed"

// UncertaintyDefault holds uncertainty-default.csv, -drivers.csv and
// -manifest.json: read them with uncertainty.ReadQuotedFS and the prefix
// UncertaintyDefaultPrefix.
//
//go:embed uncertainty-default.csv uncertainty-default-drivers.csv uncertainty-default-manifest.json
var UncertaintyDefault embed.FS

// UncertaintyDefaultPrefix is the analysis's prefix in UncertaintyDefault.
const UncertaintyDefaultPrefix = "uncertainty-default"
