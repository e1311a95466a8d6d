//go:build unix

package safe

import "syscall"

// openNoFollow makes an open fail on a symbolic link and return at once on
// a named pipe rather than wait for a writer.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
