//go:build !linux

package runner

// swap cannot exchange directories in one step on this system, which has
// no renameat2(RENAME_EXCHANGE): WriteSet writes each set in place.
func (w SetWriter) swap(dir string, files []File) error { return errNoSwap }

// cleanSwaps has nothing to clean where sets are never swapped.
func cleanSwaps(dir string) {}

// cleanSwap has no swap's lock to look at.
func cleanSwap(lock string) {}
