package runner

import "fmt"

// MaxReplicates caps the replicates of one command: far more than any
// interval needs (the width shrinks as 1/√R), and small enough that the
// seeds and results of every replicate are held without trouble.
const MaxReplicates = 10_000

// MaxRuns caps the simulations of one command. At a tenth of a second a run
// it is months of CPU; a larger job is a sweep split into shards.
const MaxRuns = 10_000_000

// CheckCount checks a count a user gave — flag is how it was given, such
// as --replicates — against [lo, hi] before anything is allocated for it,
// so that a huge count is refused with a message instead of a panic.
func CheckCount(flag string, n, lo, hi int) error {
	switch {
	case n < lo:
		return fmt.Errorf("%s %d: need at least %d", flag, n, lo)
	case n > hi:
		return fmt.Errorf("%s %d: at most %d", flag, n, hi)
	}
	return nil
}

// CheckRuns checks the number of simulations a command would run, n per
// unit times units, without overflowing, against MaxRuns.
func CheckRuns(what string, n, units int) error {
	if n > 0 && units > MaxRuns/n {
		return fmt.Errorf("%s: %d × %d runs is more than %d; use fewer, or split the work into a sweep's shards", what, n, units, MaxRuns)
	}
	return nil
}
