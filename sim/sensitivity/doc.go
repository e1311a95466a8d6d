// Package sensitivity estimates how strongly each input of a function drives
// its output: Morris elementary effects for screening, and first- and
// total-order Sobol' indices with bootstrap intervals for variance-based
// analysis.
//
// The package knows nothing of the model. Each design returns points in the
// unit cube, one row per point. The caller maps every coordinate onto its
// parameter's range, evaluates the model at every row and passes the outputs
// back in row order. A model with m outputs is analysed one output at a time
// over the same evaluations. Elementary effects are in output units per unit
// of the cube; divide by a parameter's range to express them per unit of the
// parameter.
//
// Randomness comes only from the rand.Source passed in, so a design and a
// bootstrap are deterministic functions of their arguments and seed.
// Programmer errors (bad sizes, lengths that do not match the design) panic
// with a "sensitivity:" prefix. A NaN output gives NaN estimates.
package sensitivity
