package calibrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// InputError is bad input found after the targets file was read: an
// output directory of an earlier calibration, a document without markers.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// CheckDir refuses a directory that already holds waves of a calibration
// unless resume.
func CheckDir(dir string, resume bool) error {
	entries, err := os.ReadDir(filepath.Join(dir, "waves"))
	if errors.Is(err, fs.ErrNotExist) || resume {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return &InputError{fmt.Sprintf("%s already holds a calibration's waves: add --resume to finish or reuse them, or use another --out", dir)}
	}
	return nil
}

// Markers delimit the part of a document that [Splice] replaces.
const (
	BeginMarker = "<!-- calibrate:begin -->\n"
	EndMarker   = "<!-- calibrate:end -->"
)

// Splice replaces what lies between the markers in doc with text.
func Splice(doc, text string) (string, error) {
	i, j := strings.Index(doc, BeginMarker), strings.Index(doc, EndMarker)
	if i < 0 || j < i {
		return "", &InputError{fmt.Sprintf("the document lacks the lines %q and %q around the calibration's report", strings.TrimSpace(BeginMarker), EndMarker)}
	}
	return doc[:i+len(BeginMarker)] + text + doc[j:], nil
}
