package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"
)

// lockHeader starts every lock file, so that only nhssim's are taken for one.
const lockHeader = "nhssim: staging directory of an output set"

// swap writes the set in a directory beside dir, on the same file system,
// and exchanges the two directories with renameat2(RENAME_EXCHANGE), in one
// step; it then removes the earlier set, which the exchange has left in
// the staging directory. A dir that does not exist yet is created by a
// plain rename.
//
// Whatever dir holds that is not of the earlier set (the files its
// SHA256SUMS names) is carried into the new directory by hard links before
// the exchange. swap returns errNoSwap, having changed nothing in dir, when
// it cannot keep its promises so: dir holds a directory of its own (a
// calibration's waves), dir is the working directory or a mount point,
// belongs to another user, or its parent cannot be written; or the kernel
// or file system lacks RENAME_EXCHANGE or hard links (EINVAL, ENOSYS,
// EPERM, EXDEV).
//
// The staging directory is named for dir and is locked, through an flock
// on the lock file beside it, for as long as this process lives; a staging
// directory whose lock is free is provably stale, and CleanStale removes it.
func (w SetWriter) swap(dir string, files []File) error {
	out, carry, err := swappable(dir, files)
	if err != nil {
		return err
	}
	st, err := newStaging(out)
	if err != nil {
		return err
	}
	defer st.remove()
	if err := w.stage(st.dir, files); err != nil {
		return err
	}
	exists := carry != nil
	if exists {
		if err := match(st.dir, out); err != nil {
			return err
		}
		for _, name := range carry {
			err := os.Link(filepath.Join(out, name), filepath.Join(st.dir, name))
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("%w: %v", errNoSwap, err)
			}
		}
	}
	syncDir(st.dir)
	reach("staged")
	flags := uint(renameExchange)
	if !exists {
		flags = renameNoReplace
	}
	if err := renameat2(st.dir, out, flags); err != nil {
		return fmt.Errorf("%w: %v", errNoSwap, err)
	}
	syncDir(filepath.Dir(out))
	reach("exchanged")
	if exists {
		retire(st.dir, out, carry)
	}
	return nil
}

// swappable checks that dir can be swapped and returns its real path and
// the names of what it holds that is not of its set and must be carried
// across: empty but not nil if dir exists, nil if it does not.
func swappable(dir string, files []File) (string, []string, error) {
	if sysRenameat2 == 0 {
		return "", nil, fmt.Errorf("%w: no renameat2 on %s", errNoSwap, runtime.GOARCH)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", errNoSwap, err)
	}
	out, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Lstat(abs); errors.Is(err, os.ErrNotExist) {
			return abs, nil, nil
		}
	}
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", errNoSwap, err)
	}
	fi, err := os.Stat(out)
	if err != nil || !fi.IsDir() {
		return "", nil, fmt.Errorf("%w: %s is not a directory", errNoSwap, dir)
	}
	parent, err := os.Stat(filepath.Dir(out))
	if err != nil || filepath.Dir(out) == out {
		return "", nil, fmt.Errorf("%w: %s has no parent", errNoSwap, dir)
	}
	if wd, err := os.Stat("."); err == nil && os.SameFile(wd, fi) {
		return "", nil, fmt.Errorf("%w: %s is the working directory", errNoSwap, dir)
	}
	st, pst := fi.Sys().(*syscall.Stat_t), parent.Sys().(*syscall.Stat_t)
	switch {
	case st.Dev != pst.Dev:
		return "", nil, fmt.Errorf("%w: %s is a mount point", errNoSwap, dir)
	case int(st.Uid) != os.Geteuid():
		return "", nil, fmt.Errorf("%w: %s belongs to another user", errNoSwap, dir)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", errNoSwap, err)
	}
	earlier := earlierSet(out)
	carry := []string{}
	for _, e := range entries {
		n := e.Name()
		switch {
		case isTemporary(n):
		case e.IsDir(): // a calibration's waves; or a user's, which a swap must not touch
			return "", nil, fmt.Errorf("%w: %s holds a directory, %s", errNoSwap, dir, n)
		case n == SumsFile || earlier[n] || contains(files, n):
		default:
			carry = append(carry, n)
		}
	}
	return out, carry, nil
}

// match gives the staging directory the mode and group of dir.
func match(stage, dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w: %v", errNoSwap, err)
	}
	if err := os.Chmod(stage, fi.Mode()&(os.ModePerm|os.ModeSetgid|os.ModeSticky)); err != nil {
		return fmt.Errorf("%w: %v", errNoSwap, err)
	}
	gid := int(fi.Sys().(*syscall.Stat_t).Gid)
	if sfi, err := os.Stat(stage); err != nil || int(sfi.Sys().(*syscall.Stat_t).Gid) != gid {
		if err := os.Chown(stage, -1, gid); err != nil {
			return fmt.Errorf("%w: %v", errNoSwap, err)
		}
	}
	return nil
}

// retire removes the earlier set, which the exchange has moved to old.
// Whatever old holds that swap did not know of — put into dir by another
// program since swap looked — is moved into dir, unless dir has an entry
// of that name.
func retire(old, dir string, carried []string) {
	known := map[string]bool{}
	for _, n := range carried {
		known[n] = true
	}
	entries, _ := os.ReadDir(old)
	earlier := earlierSet(old)
	removed := 0
	for _, e := range entries {
		n := e.Name()
		if !known[n] && !earlier[n] && !isTemporary(n) {
			if _, err := os.Lstat(filepath.Join(dir, n)); errors.Is(err, os.ErrNotExist) {
				os.Rename(filepath.Join(old, n), filepath.Join(dir, n))
				continue
			}
		}
		os.RemoveAll(filepath.Join(old, n))
		if removed++; removed == 1 {
			reach("retiring")
		}
	}
}

// staging is a swap's staging directory and its lock.
type staging struct {
	dir  string
	lock *os.File
}

// newStaging creates a locked staging directory beside dir.
func newStaging(dir string) (*staging, error) {
	base := filepath.Base(dir)
	if len(base) > 64 {
		base = base[:64]
	}
	lock, err := os.CreateTemp(filepath.Dir(dir), stagingPrefix+base+"-*"+lockSuffix)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoSwap, err)
	}
	st := &staging{dir: strings.TrimSuffix(lock.Name(), lockSuffix), lock: lock}
	err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		// Another nhssim cleaning beside dir may have taken the new, empty
		// lock file for a killed one's and removed it before the flock.
		fi, ferr := lock.Stat()
		pfi, perr := os.Lstat(lock.Name())
		if ferr != nil || perr != nil || !os.SameFile(fi, pfi) {
			err = errors.New("lock file removed by another nhssim")
		}
	}
	if err == nil {
		_, err = fmt.Fprintf(lock, "%s for %s, by process %d; it is removed by the next nhssim that writes beside it once that process has gone\n", lockHeader, dir, os.Getpid())
	}
	if err == nil {
		err = os.Mkdir(st.dir, 0o777) // less the umask, as a new --out would be
	}
	if err != nil {
		st.remove()
		return nil, fmt.Errorf("%w: %v", errNoSwap, err)
	}
	return st, nil
}

// remove removes the staging directory, whatever it holds, and then its
// lock file.
func (st *staging) remove() {
	os.RemoveAll(st.dir)
	os.Remove(st.lock.Name())
	st.lock.Close()
}

// cleanSwaps removes, beside dir, every staging directory whose lock file
// is nhssim's and is not held: its nhssim has gone, killed, since the
// kernel releases an flock when a process ends, however it ends.
func cleanSwaps(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	parent := filepath.Dir(abs)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, stagingPrefix) && strings.HasSuffix(n, lockSuffix) {
			cleanSwap(filepath.Join(parent, n))
		}
	}
}

// cleanSwap removes the staging directory of the lock file at path, and
// the lock file, if the lock is nhssim's and free.
func cleanSwap(path string) {
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return // held: its nhssim is still writing
	}
	// An empty lock file is one whose nhssim was killed before it wrote it.
	head := make([]byte, len(lockHeader))
	n, _ := io.ReadFull(f, head)
	if !strings.HasPrefix(lockHeader, string(head[:n])) {
		return
	}
	stage := strings.TrimSuffix(path, lockSuffix)
	if fi, err := os.Lstat(stage); err == nil && fi.IsDir() {
		os.RemoveAll(stage)
	}
	if _, err := os.Lstat(stage); errors.Is(err, os.ErrNotExist) {
		os.Remove(path)
	}
}

const (
	renameNoReplace = 1 // RENAME_NOREPLACE
	renameExchange  = 2 // RENAME_EXCHANGE
)

// sysRenameat2 is renameat2's number on this architecture, which package
// syscall does not define on every one; 0 if unknown.
var sysRenameat2 = map[string]uintptr{
	"386": 353, "amd64": 316, "arm": 382, "arm64": 276, "loong64": 276,
	"mips": 4351, "mipsle": 4351, "mips64": 5311, "mips64le": 5311,
	"ppc64": 357, "ppc64le": 357, "riscv64": 276, "s390x": 347,
}[runtime.GOARCH]

// renameat2 renames from to to with renameat2(2)'s flags.
func renameat2(from, to string, flags uint) error {
	p0, err := syscall.BytePtrFromString(from)
	if err != nil {
		return err
	}
	p1, err := syscall.BytePtrFromString(to)
	if err != nil {
		return err
	}
	cwd := atFDCWD
	_, _, e := syscall.Syscall6(sysRenameat2, uintptr(cwd), uintptr(unsafe.Pointer(p0)), uintptr(cwd), uintptr(unsafe.Pointer(p1)), uintptr(flags), 0)
	if e != 0 {
		return &os.LinkError{Op: "renameat2", Old: from, New: to, Err: e}
	}
	return nil
}

// atFDCWD is AT_FDCWD: paths are taken as they are.
var atFDCWD = -100
