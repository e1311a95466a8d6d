package runner

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SumsFile is the last file of every output set: the SHA-256 of each of the
// set's files, in the format of sha256sum, so that `sha256sum -c SHA256SUMS`
// checks a set. It is written only once every file of the set is in place.
const SumsFile = "SHA256SUMS"

// stagingPrefix starts the name of the directory in which a set is written
// before it is moved into place: beside --out when the set is swapped in
// whole, inside it when its files are renamed in one by one.
const stagingPrefix = ".nhssim-staging-"

// lockSuffix ends the name of the lock file beside a swap's staging
// directory: .nhssim-staging-OUT-RANDOM.lock beside .nhssim-staging-OUT-RANDOM.
const lockSuffix = ".lock"

// probePrefix starts the name of the file with which a command checks,
// before it starts, that it can write into --out.
const probePrefix = ".nhssim-probe-"

// File is one file of an output set.
type File struct {
	Name string // a plain file name, no directory
	Data []byte
}

// Syncer makes a file's data durable; *os.File is one. WriteSet's tests
// give one that fails, as a full disk does.
type Syncer interface {
	io.Writer
	Sync() error
	Close() error
}

// SetWriter writes output sets. The zero SetWriter writes to the disk.
type SetWriter struct {
	// Create creates a file for writing; the default is os.Create.
	Create func(name string) (Syncer, error)
	// InPlace, if set, renames the files into the directory one by one, as
	// WriteSet does where it cannot swap the whole directory.
	InPlace bool
}

// WriteSet writes files into dir as a set with the zero SetWriter.
func WriteSet(dir string, files []File) error { return SetWriter{}.WriteSet(dir, files) }

// WriteSet writes files, and then SHA256SUMS naming them, into dir so that
// dir holds either the earlier set or the new one, each vouched for by its
// SHA256SUMS. The earlier set is the files its SHA256SUMS names; the new
// set replaces it whole, so that dir then holds the new set's files and
// whatever else it held before (a user's notes), but none of the earlier
// set's files that the new set lacks.
//
// Where it can (Linux; see swap), WriteSet writes the whole set in a
// directory beside dir and exchanges the two directories in one step, so
// that a kill leaves dir wholly old or wholly new. Elsewhere it writes the
// set in a directory inside dir and renames each file into place:
//
//  1. every file is written, and made durable, in a staging directory in
//     dir; a failure here (a full disk) removes it and leaves dir as it was;
//  2. the old SHA256SUMS is removed, so that from here until step 4 no set
//     is vouched for;
//  3. each file is renamed into dir, and the earlier set's files that the
//     new set lacks are removed;
//  4. the new SHA256SUMS is renamed into dir, last.
//
// A kill between steps 2 and 4 leaves files without a SHA256SUMS. The next
// WriteSet, or CleanStale, removes the staging directories a kill leaves.
func (w SetWriter) WriteSet(dir string, files []File) error {
	seen := map[string]bool{}
	for _, f := range files {
		if f.Name != filepath.Base(f.Name) || f.Name == SumsFile || strings.HasPrefix(f.Name, ".") || seen[f.Name] {
			panic("runner: bad or repeated file name in an output set: " + f.Name)
		}
		seen[f.Name] = true
	}
	CleanStale(dir)
	if !w.InPlace {
		if err := w.swap(dir, files); !errors.Is(err, errNoSwap) {
			return err
		}
	}
	return w.writeInPlace(dir, files)
}

// errNoSwap says that a set cannot be swapped in whole here, and so is
// written in place; nothing has changed in the output directory.
var errNoSwap = errors.New("cannot swap the output directory")

// stage writes files and their SHA256SUMS into the directory stage.
func (w SetWriter) stage(stage string, files []File) error {
	var sums strings.Builder
	for i, f := range files {
		if err := w.write(filepath.Join(stage, f.Name), f.Data); err != nil {
			return err
		}
		if i == 0 {
			reach("staging")
		}
		h := sha256.Sum256(f.Data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), f.Name)
	}
	return w.write(filepath.Join(stage, SumsFile), []byte(sums.String()))
}

// writeInPlace writes a set by renaming its files into dir one by one.
func (w SetWriter) writeInPlace(dir string, files []File) error {
	stage, err := os.MkdirTemp(dir, stagingPrefix+"*")
	if err != nil {
		return fmt.Errorf("writing to %s: %w", dir, err)
	}
	defer os.RemoveAll(stage)
	if err := w.stage(stage, files); err != nil {
		return err
	}
	earlier := earlierSet(dir)
	if err := os.Remove(filepath.Join(dir, SumsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replacing the output set in %s: %w", dir, err)
	}
	reach("unvouched")
	for i, name := range names(files) {
		if err := os.Rename(filepath.Join(stage, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("replacing the output set in %s: %w", dir, err)
		}
		if i == 0 {
			reach("renaming")
		}
	}
	for name := range earlier {
		path := filepath.Join(dir, name)
		if fi, err := os.Lstat(path); err == nil && !fi.IsDir() && !contains(files, name) {
			os.Remove(path)
		}
	}
	if err := os.Rename(filepath.Join(stage, SumsFile), filepath.Join(dir, SumsFile)); err != nil {
		return fmt.Errorf("replacing the output set in %s: %w", dir, err)
	}
	syncDir(dir)
	return nil
}

// earlierSet returns the names of the files of the set in dir: those that
// its SHA256SUMS names, and SHA256SUMS itself. A name that is not a plain
// file name is left out, so that no path outside dir is ever taken for one
// of the set's files.
func earlierSet(dir string) map[string]bool {
	out := map[string]bool{}
	path := filepath.Join(dir, SumsFile)
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return out // not a FIFO, which would block, nor a link to one
	}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	out[SumsFile] = true
	sc := bufio.NewScanner(io.LimitReader(f, 1<<20))
	for sc.Scan() {
		_, name, ok := strings.Cut(sc.Text(), "  ")
		if ok && name != "" && name == filepath.Base(name) && name != "." && name != ".." {
			out[name] = true
		}
	}
	return out
}

func contains(files []File, name string) bool {
	for _, f := range files {
		if f.Name == name {
			return true
		}
	}
	return false
}

func names(files []File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Name
	}
	return out
}

func (w SetWriter) write(path string, data []byte) error {
	create := w.Create
	if create == nil {
		create = func(name string) (Syncer, error) { return os.Create(name) }
	}
	f, err := create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	return nil
}

// syncDir makes renames in dir durable, where the system allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// CleanStale removes what an nhssim killed while writing into dir left:
// staging directories of output sets in dir, the probe of a command's
// check that it can write there, temporary files of WriteFile, and, beside
// dir, the staging directories of swaps whose nhssim has gone (see swap).
func CleanStale(dir string) {
	cleanSwaps(dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		path := filepath.Join(dir, n)
		switch {
		case strings.HasPrefix(n, stagingPrefix) && strings.HasSuffix(n, lockSuffix):
			cleanSwap(path) // dir is the parent of another --out
		case e.IsDir() && strings.HasPrefix(n, stagingPrefix):
			if _, err := os.Lstat(path + lockSuffix); err != nil {
				os.RemoveAll(path)
			}
		case !e.IsDir() && (strings.HasPrefix(n, probePrefix) || strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp-")):
			os.Remove(path)
		}
	}
}

// CheckWritableDir creates dir if need be and checks that files can be
// created in it, before any work starts. Its probe is one of the
// temporaries that CleanStale knows. An error names dir.
func CheckWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, probePrefix+"*")
	if err != nil {
		return fmt.Errorf("%s: cannot write there: %w", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// PrepareDir is CheckWritableDir for a command that writes an output set
// into dir: it also removes what an nhssim killed while writing there left
// (CleanStale), so that no stray temporary outlasts the next run.
func PrepareDir(dir string) error {
	if err := CheckWritableDir(dir); err != nil {
		return err
	}
	CleanStale(dir)
	return nil
}

// isTemporary says whether name, an entry of an output directory, is one
// of the temporaries that CleanStale removes.
func isTemporary(name string) bool {
	return strings.HasPrefix(name, stagingPrefix) || strings.HasPrefix(name, probePrefix) ||
		strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// killAt names a point in WriteSet at which the process kills itself, as
// SIGKILL would at that moment; the kill tests of cmd/nhssim set it, through
// NHSSIM_TEST_KILL_AT, to reach every step of a write for certain.
var killAt = os.Getenv("NHSSIM_TEST_KILL_AT")

// reach marks a point of WriteSet for the kill tests.
func reach(point string) {
	if point != killAt {
		return
	}
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Kill()
	}
	time.Sleep(time.Minute) // the kill takes effect meanwhile
	panic("runner: survived a kill at " + point)
}
