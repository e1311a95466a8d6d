// Package sim is a small discrete-event kernel that knows nothing of the NHS.
//
// Time is a float64 number of days. Events are ordered by (time, priority,
// sequence): ties in time break by priority, then in the order the events were
// scheduled, so a run is a deterministic function of its inputs.
//
// Randomness comes only from [Stream] values, each derived from a master seed,
// a purpose and an entity. A stream's draws depend on nothing else, so adding a
// stream or a mechanism never shifts the draws of another: this is what lets
// two scenarios share common random numbers.
//
// The package imports only the standard library and keeps no package-level
// mutable state; separate kernels may run on separate goroutines.
package sim
