package safe

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.txt", "hello\n")
	big := write("big.txt", strings.Repeat("x", 101))
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(ok, link); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	for _, test := range []struct {
		name, path string
		want       string // the data, or the error's text
	}{
		{"regular", ok, "hello\n"},
		{"at the cap", write("cap.txt", strings.Repeat("y", 100)), strings.Repeat("y", 100)},
		{"over the cap", big, "big.txt: too large: more than 100 bytes"},
		{"link to a regular file", link, "link.txt: not a regular file but a symbolic link"},
		{"link to /dev/zero", mustLink(t, "/dev/zero", filepath.Join(dir, "zero")), "zero: not a regular file but a symbolic link"},
		{"device", "/dev/null", "/dev/null: not a regular file but a device"},
		{"named pipe", fifo, "fifo: not a regular file but a named pipe"},
		{"directory", dir, "not a regular file but a directory"},
		{"missing", filepath.Join(dir, "none"), "no such file"},
	} {
		t.Run(test.name, func(t *testing.T) {
			data, err := ReadRegular(test.path, 100)
			got := string(data)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, test.want) {
				t.Errorf("ReadRegular(%s) = %q, want %q", test.path, got, test.want)
			}
		})
	}
}

func mustLink(t *testing.T, target, name string) string {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	return name
}

func TestReaderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := Reader(ctx, bytes.NewReader(make([]byte, 10)))
	buf := make([]byte, 4)
	if n, err := r.Read(buf); n != 4 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	cancel()
	if _, err := io.ReadAll(r); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v, want context.Canceled", err)
	}
}
