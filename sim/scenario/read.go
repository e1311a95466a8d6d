package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/nhssim/nhssim/sim/safe"
	"go.yaml.in/yaml/v4"
)

// MaxFileSize is the largest scenario file read, in bytes. The largest
// shipped scenario is a few kilobytes; the cap keeps a hostile or mistaken
// file (a data dump, /dev/zero) from exhausting memory or time.
const MaxFileSize = 1 << 20

// ReadFile reads a scenario or spec file from disk, refusing anything that
// is not a regular file (a FIFO would block, a device could be endless) and
// anything larger than max bytes, without reading more than max+1 bytes.
// Its own errors do not name the file: the caller does.
func ReadFile(name string, max int64) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular(st.Mode())
	}
	if st.Size() > max {
		return nil, errTooLarge(sizeText(st.Size()), max)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced or grown since the Stat.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular(st.Mode())
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errTooLarge("more than "+sizeText(max), max)
	}
	return data, nil
}

func errNotRegular(m fs.FileMode) error {
	return fmt.Errorf("not a regular file but %s: a scenario or spec must be a YAML file", safe.FileKind(m))
}

func errTooLarge(size string, max int64) error {
	return fmt.Errorf("too large (%s): a scenario or spec file may be at most %d KB", size, max>>10)
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// checkText reports, at its line and column, the first thing in data that
// cannot be in a scenario's text: bytes that are not UTF-8, or control
// characters other than tab, newline and carriage return. YAML would reject
// them too, but without saying where.
func checkText(file string, data []byte) *Issue {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Issue{At: position{file, line, col}, Msg: fmt.Sprintf("not UTF-8 text (byte 0x%02x): a scenario is a YAML text file", data[i])}
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || (r == '\ufeff' && i == 0):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0 && r != 0x85):
			return &Issue{At: position{file, line, col}, Msg: fmt.Sprintf("control character %U: a scenario is a YAML text file", r)}
		}
		i += size
		col++
	}
	return nil
}

// TextProblem reports the first thing in data that cannot be in a YAML
// scenario or spec, as checkText does, with its line and column; ok is
// false if there is none.
func TextProblem(data []byte) (line, col int, msg string, ok bool) {
	if is := checkText("", data); is != nil {
		return is.At.line, is.At.col, is.Msg, true
	}
	return 0, 0, "", false
}

// checkSingleDocument reports the start of a second YAML document in data,
// at its line: a scenario is one document.
func checkSingleDocument(file string, data []byte) *Issue {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first, second yaml.Node
	if err := dec.Decode(&first); err != nil {
		return nil // parse reports it
	}
	err := dec.Decode(&second)
	if errors.Is(err, io.EOF) {
		return nil
	}
	at := position{file: file}
	if err == nil {
		at.line, at.col = second.Line, second.Column
		if second.Kind == yaml.DocumentNode && len(second.Content) > 0 {
			at.line, at.col = second.Content[0].Line, second.Content[0].Column
		}
	}
	return &Issue{At: at, Msg: "a second YAML document: a scenario file holds one document (remove the --- line)"}
}

// extendsPath checks the value of an extends: it names a shipped scenario
// or a .yaml file beside the extending scenario (in its directory or one
// below it), so that a scenario cannot make nhssim read, and quote in its
// errors, an unrelated file such as /etc/shadow. It returns why ref is
// refused, or "".
func extendsPath(ref string) string {
	if !IsPath(ref) {
		return "" // a name
	}
	clean := path.Clean(strings.ReplaceAll(ref, `\`, "/"))
	switch {
	case filepath.IsAbs(ref) || strings.HasPrefix(ref, `/`) || strings.HasPrefix(ref, `\`) || filepath.VolumeName(ref) != "":
		return "an absolute path; extends takes a shipped scenario's name or a path relative to this scenario's directory"
	case clean == ".." || strings.HasPrefix(clean, "../"):
		return "outside this scenario's directory; extends takes a shipped scenario's name or a .yaml file beside the extending scenario (copy the file there)"
	case !strings.HasSuffix(ref, ".yaml") && !strings.HasSuffix(ref, ".yml"):
		return "not a .yaml file; extends takes a shipped scenario's name or the path of a .yaml file"
	}
	return ""
}

// linkEscapes reports whether name, a file that a scenario in dir extends,
// is reached through a symbolic link (of the file or of a directory on the
// way) that leads outside dir: Git stores links, so a scenario from an
// untrusted pull request could name s.yaml, a link to /etc/shadow. A name
// that does not resolve is left for the read to report.
func linkEscapes(dir, name string) (bool, error) {
	real, err := filepath.EvalSymlinks(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(realDir, real)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}
