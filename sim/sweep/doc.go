// Package sweep runs a scenario over many parameter values: a spec names
// base scenarios, the parameters to vary (explicit lists, grids, a Latin
// hypercube over their plausible ranges) and replicates; a [Plan] expands it
// into numbered points; [Plan.Run] simulates them on a pool of goroutines
// and hands over each finished point's rows in point order; an [Output]
// appends them to a results file that an interrupted sweep resumes; shards
// of a sweep (one per cluster task) are combined by [Merge] into the same
// table that one run gives.
//
// Determinism: replicate r of every point and scenario runs with seed
// base+r-1 (common random numbers), points are numbered by the spec alone,
// and rows are written in point order, so the results are byte-identical
// whatever the number of workers, shards or interruptions.
//
// Every parameter is checked against the registry, [nhs.Params], and every
// point is loaded through [scenario.Loader.Load], so a point is valid exactly when
// the same --set overrides would be.
package sweep
