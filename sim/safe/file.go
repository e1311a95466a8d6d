package safe

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError is the error of [OpenRegular] for a path that is not a
// regular file: a symbolic link (which could lead anywhere, such as
// /etc/shadow), a named pipe (which would block), a device such as
// /dev/zero (endless), a socket or a directory.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: not a regular file but %s; only regular files are read", e.Path, FileKind(e.Mode))
}

// FileKind names the kind of file that m describes, for errors: "a
// symbolic link", "a named pipe" and so on.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a file of mode " + m.String()
}

// OpenRegular opens name for reading if it is a regular file, and not a
// symbolic link to one: whatever else is refused with a *NotRegularError
// before it is opened. Where the system allows, the open itself neither
// follows a link nor waits on a named pipe, so that a file swapped for one
// between the check and the open is refused too.
func OpenRegular(name string) (*os.File, error) {
	st, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{name, st.Mode()}
	}
	f, err := os.OpenFile(name, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return nil, err
	}
	now, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !now.Mode().IsRegular() || !os.SameFile(st, now) {
		f.Close()
		return nil, &NotRegularError{name, now.Mode()}
	}
	return f, nil
}

// TooLargeError is the error of [ReadRegular] for a file larger than it
// reads.
type TooLargeError struct {
	Path string
	Max  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: too large: more than %d bytes", e.Path, e.Max)
}

// ReadRegular reads the regular file name, as [OpenRegular] opens it,
// refusing one of more than max bytes with a *TooLargeError without reading
// more than max+1.
func ReadRegular(name string, max int64) ([]byte, error) {
	f, err := OpenRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{name, max}
	}
	return data, nil
}

// Reader returns r, whose reads fail with ctx's error once ctx is
// cancelled: a long read, such as a digest of a large file, stops at the
// next read after a Ctrl-C.
func Reader(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
