//go:build !unix

package safe

// openNoFollow is nothing where the system has no such flags: OpenRegular's
// checks before and after the open stand alone.
const openNoFollow = 0
