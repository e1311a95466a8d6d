package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// SumsFile is the last file of every output set: the SHA-256 of each of the
// set's files, in the format of sha256sum, so that `sha256sum -c SHA256SUMS`
// checks a set. It is written only once every file of the set is in place.
const SumsFile = "SHA256SUMS"

// stagingPrefix starts the name of the directory in which a set is written
// before it is moved into place.
const stagingPrefix = ".nhssim-staging-"

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
}

// WriteSet writes files into dir as a set with the zero SetWriter.
func WriteSet(dir string, files []File) error { return SetWriter{}.WriteSet(dir, files) }

// WriteSet writes files, and then SHA256SUMS naming them, into dir so that
// dir holds either the earlier set or the new one, each vouched for by its
// SHA256SUMS, never a mixture that SHA256SUMS vouches for:
//
//  1. every file is written, and made durable, in a staging directory in
//     dir; a failure here (a full disk) removes it and leaves dir as it was;
//  2. the old SHA256SUMS is removed, so that from here until step 4 no set
//     is vouched for;
//  3. each file is renamed into dir;
//  4. the new SHA256SUMS is renamed into dir, last.
//
// A kill between steps 2 and 4 leaves files without a SHA256SUMS; the next
// WriteSet, or CleanStale, removes the staging directory it leaves.
func (w SetWriter) WriteSet(dir string, files []File) error {
	CleanStale(dir)
	stage, err := os.MkdirTemp(dir, stagingPrefix+"*")
	if err != nil {
		return fmt.Errorf("writing to %s: %w", dir, err)
	}
	defer os.RemoveAll(stage)
	var sums strings.Builder
	seen := map[string]bool{}
	for _, f := range files {
		if f.Name != filepath.Base(f.Name) || f.Name == SumsFile || strings.HasPrefix(f.Name, ".") || seen[f.Name] {
			panic("runner: bad or repeated file name in an output set: " + f.Name)
		}
		seen[f.Name] = true
		if err := w.write(filepath.Join(stage, f.Name), f.Data); err != nil {
			return err
		}
		h := sha256.Sum256(f.Data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), f.Name)
	}
	if err := w.write(filepath.Join(stage, SumsFile), []byte(sums.String())); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, SumsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replacing the output set in %s: %w", dir, err)
	}
	for _, name := range append(names(files), SumsFile) {
		if err := os.Rename(filepath.Join(stage, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("replacing the output set in %s: %w", dir, err)
		}
	}
	syncDir(dir)
	return nil
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

// CleanStale removes from dir what an nhssim killed while writing left:
// staging directories of output sets and temporary files of WriteFile.
func CleanStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case e.IsDir() && strings.HasPrefix(n, stagingPrefix):
			os.RemoveAll(filepath.Join(dir, n))
		case !e.IsDir() && strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp-"):
			os.Remove(filepath.Join(dir, n))
		}
	}
}
