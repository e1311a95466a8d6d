package sweep

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/safe"
)

// LogFile is the path, under a results directory, of shard i's cluster log.
func LogFile(i int) string { return filepath.Join("logs", fmt.Sprintf("shard-%d.out", i)) }

// WriteShards records in dir that the sweep there runs as k shards, so that
// a merge knows how many to expect even if some never start.
func WriteShards(dir string, k int) error {
	data, _ := json.Marshal(map[string]int{"shards": k})
	return runner.WriteFile(filepath.Join(dir, ShardsFile), append(data, '\n'))
}

// ShardProblem is a shard that cannot be merged, and why.
type ShardProblem struct {
	Shard   int
	Problem string
}

// MergeError lists the shards that are missing, unfinished or damaged.
type MergeError struct {
	Dir    string
	Shards int
	Bad    []ShardProblem
}

func (e *MergeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of %d shards cannot be merged; nothing written:", e.Dir, len(e.Bad), e.Shards)
	for _, s := range e.Bad {
		fmt.Fprintf(&b, "\n  shard %d/%d: %s", s.Shard, e.Shards, s.Problem)
	}
	return b.String()
}

// MergeResult says what a merge did.
type MergeResult struct {
	Shards, Points int
	Rows           int64
	Path           string
	Unchanged      bool // results.csv was already there, identical
}

var shardName = regexp.MustCompile(`^shard-(\d+)-of-(\d+)\.(csv|json|csv\.partial)$`)

// Merge checks every shard of the sweep in dir and combines them into
// dir/results.csv: the same table, byte for byte, that the whole sweep run
// at once writes. k is the number of shards; 0 takes it from shards.json,
// else from the shard files' names. Each shard is judged by its own files —
// its manifest, its digest and its points — never by a scheduler's exit
// status. If any shard is missing, unfinished or damaged, Merge writes
// nothing and returns a *MergeError naming each. An existing results.csv is
// left as it is: identical, it is reported unchanged; different, it is an
// error.
//
// Every file Merge reads must be a regular file, not a symbolic link, a
// named pipe or a device, and the small ones (the manifests, the shard
// count, the progress files) no larger than they could be; a Ctrl-C
// (ctx cancelled) stops it, with nothing written and ctx's error.
func Merge(ctx context.Context, dir string, k int) (MergeResult, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return MergeResult{}, err
	}
	if k == 0 {
		if k, err = shardCount(dir); err != nil {
			return MergeResult{}, err
		}
	}
	if k < 1 || k > m.Units() {
		return MergeResult{}, inputErrorf("%s: %d shards for a sweep of %d points", dir, k, m.Units())
	}
	var bad []ShardProblem
	for i := range k {
		if problem := checkShard(ctx, dir, m, Shard{i, k}); problem != "" {
			if err := ctx.Err(); err != nil {
				return MergeResult{}, err
			}
			if log := filepath.Join(dir, LogFile(i)); fileExists(log) {
				problem += "; log " + log
				if last := lastLine(log); last != "" {
					problem += ": " + last
				}
			}
			bad = append(bad, ShardProblem{i, problem})
		}
	}
	if len(bad) > 0 {
		return MergeResult{}, &MergeError{Dir: dir, Shards: k, Bad: bad}
	}

	res := MergeResult{Shards: k, Points: m.Points, Path: filepath.Join(dir, ResultsFile)}
	tmp, err := os.CreateTemp(dir, "."+ResultsFile+".tmp-*")
	if err != nil {
		return res, err
	}
	defer os.Remove(tmp.Name())
	rows, err := interleave(ctx, dir, m, k, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, err
	}
	res.Rows = rows
	if fileExists(res.Path) {
		same, err := sameFiles(ctx, res.Path, tmp.Name())
		if err != nil {
			return res, err
		}
		if !same {
			return res, inputErrorf("%s exists and differs from the merged shards: remove it to merge again", res.Path)
		}
		res.Unchanged = true
		return res, nil
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return res, err
	}
	return res, os.Rename(tmp.Name(), res.Path)
}

// shardCount finds how many shards the sweep in dir has.
func shardCount(dir string) (int, error) {
	data, err := safe.ReadRegular(filepath.Join(dir, ShardsFile), maxSmallFile)
	if err == nil {
		var s struct{ Shards int }
		if err := json.Unmarshal(data, &s); err != nil || s.Shards < 1 {
			return 0, inputErrorf("%s: not a shard count", filepath.Join(dir, ShardsFile))
		}
		return s.Shards, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return 0, badFile(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var ks []int
	for _, e := range entries {
		if sm := shardName.FindStringSubmatch(e.Name()); sm != nil {
			k, _ := strconv.Atoi(sm[2])
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	slices.Sort(ks)
	switch len(ks) {
	case 0:
		return 0, inputErrorf("%s holds no shard results (shard-I-of-K.csv): run the shards first, with --shard I/K or --slurm", dir)
	case 1:
		return ks[0], nil
	}
	return 0, inputErrorf("%s holds shards of %d different shard counts (%v): say which with --shards K", dir, len(ks), ks)
}

// checkShard returns why shard s cannot be merged, or "".
func checkShard(ctx context.Context, dir string, m Manifest, s Shard) string {
	final := filepath.Join(dir, s.File())
	if !fileExists(final) {
		partial := final + partialExt
		if fileExists(partial) {
			lines, _ := readProgress(partial + progressExt)
			return fmt.Sprintf("unfinished: %d of %d points written (the task was interrupted or failed; rerun it with --resume)", len(lines), len(s.Points(m.Units())))
		}
		return "missing: no results (the task did not run, or failed before its first point)"
	}
	data, err := safe.ReadRegular(filepath.Join(dir, s.manifestFile()), maxSmallFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "damaged: " + s.File() + " has no manifest " + s.manifestFile()
	}
	if err != nil {
		return "unreadable: " + badFile(err).Error()
	}
	var sm ShardManifest
	if err := json.Unmarshal(data, &sm); err != nil {
		return "damaged: " + s.manifestFile() + ": " + err.Error()
	}
	switch {
	case sm.Hash != m.Hash:
		return fmt.Sprintf("from a different sweep (spec hash %s, not %s)", sm.Hash, m.Hash)
	case sm.Shard != s.I || sm.Shards != s.K:
		return fmt.Sprintf("damaged: its manifest says shard %d/%d", sm.Shard, sm.Shards)
	case sm.Points != len(s.Points(m.Units())):
		return fmt.Sprintf("damaged: %d points, want %d", sm.Points, len(s.Points(m.Units())))
	}
	sum, size, err := digestFile(ctx, final)
	if err != nil {
		return "unreadable: " + badFile(err).Error()
	}
	if sum != sm.SHA256 || size != sm.Bytes {
		return fmt.Sprintf("damaged: %s (%d bytes) does not match its manifest's digest (%d bytes)", s.File(), size, sm.Bytes)
	}
	return ""
}

// interleave writes the shards' rows to w in point order, with the header
// once, checking that each shard holds exactly its points.
func interleave(ctx context.Context, dir string, m Manifest, k int, w io.Writer) (int64, error) {
	readers := make([]*blockReader, k)
	for i := range k {
		f, err := safe.OpenRegular(filepath.Join(dir, Shard{i, k}.File()))
		if err != nil {
			return 0, badFile(err)
		}
		defer f.Close()
		r := csv.NewReader(bufio.NewReaderSize(safe.Reader(ctx, f), 1<<16))
		r.FieldsPerRecord = len(m.Header)
		r.ReuseRecord = true
		head, err := r.Read()
		if err != nil || !slices.Equal(head, m.Header) {
			return 0, fmt.Errorf("shard %d/%d: its header is not the sweep's %v", i, k, m.Header)
		}
		readers[i] = &blockReader{r: r, name: Shard{i, k}.String()}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	cw.Write(m.Header)
	var rows int64
	for u := range m.Units() {
		key := []string{strconv.Itoa(u)}
		if m.Draws > 0 {
			key = []string{strconv.Itoa(u / m.Draws), strconv.Itoa(u%m.Draws + 1)}
		}
		n, err := readers[u%k].copyPoint(key, cw)
		if err != nil {
			return rows, err
		}
		rows += n
	}
	for _, r := range readers {
		if err := r.end(); err != nil {
			return rows, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}

// blockReader reads a shard's rows a point at a time.
type blockReader struct {
	r    *csv.Reader
	name string
	rec  []string // the next row, read ahead; nil at the end
	err  error
}

func (b *blockReader) peek() []string {
	if b.rec == nil && b.err == nil {
		b.rec, b.err = b.r.Read()
		if b.err != nil {
			b.rec = nil
		}
	}
	return b.rec
}

// copyPoint copies the rows of a point (or a point's draw), which must come
// next: key is its point (and draw) as the rows give them after the
// scenario.
func (b *blockReader) copyPoint(key []string, w *csv.Writer) (int64, error) {
	var n int64
	p := strings.Join(key, " draw ")
	for rec := b.peek(); rec != nil && slices.Equal(rec[1:1+len(key)], key); rec = b.peek() {
		if err := w.Write(rec); err != nil {
			return n, err
		}
		n++
		b.rec = nil
	}
	if b.err != nil && b.err != io.EOF {
		return n, fmt.Errorf("%s: %v", b.name, b.err)
	}
	if n == 0 {
		got := "the end of the file"
		if b.rec != nil {
			got = "point " + b.rec[1]
		}
		return n, fmt.Errorf("%s: point %s missing (found %s)", b.name, p, got)
	}
	return n, nil
}

func (b *blockReader) end() error {
	if rec := b.peek(); rec != nil {
		return fmt.Errorf("%s: unexpected point %s after its last point", b.name, rec[1])
	}
	if b.err != io.EOF {
		return fmt.Errorf("%s: %v", b.name, b.err)
	}
	return nil
}

// fileExists reports whether path names something, a broken or dangling
// symbolic link included: what it is, the reader checks.
func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// maxSmallFile is the most read of a file that holds a few lines: a shard's
// manifest, the shard count, the sweep's manifest (which lists the seeds)
// or a progress file (a line per point).
const maxSmallFile = 64 << 20

// maxLogTail is the most read from the end of a shard's log.
const maxLogTail = 64 << 10

// badFile turns the errors of the safe readers into the sweep's bad input:
// a special file or a huge one where a result should be is the user's to
// fix, not a failure of the merge.
func badFile(err error) error {
	var nr *safe.NotRegularError
	var tl *safe.TooLargeError
	if errors.As(err, &nr) || errors.As(err, &tl) {
		return inputErrorf("%v", err)
	}
	return err
}

// lastLine returns the last non-empty line of a shard's log, read from at
// most its last maxLogTail bytes, or "" if the log is not a regular file
// (a link to another file must not be quoted) or cannot be read.
func lastLine(path string) string {
	f, err := safe.OpenRegular(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > maxLogTail {
		if _, err := f.Seek(st.Size()-maxLogTail, io.SeekStart); err != nil {
			return ""
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLogTail))
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if len(last) > 300 {
		last = last[:300] + "…"
	}
	return last
}

// sameFiles reports whether two files hold the same bytes, reading both a
// block at a time.
func sameFiles(ctx context.Context, a, b string) (bool, error) {
	fa, err := safe.OpenRegular(a)
	if err != nil {
		return false, badFile(err)
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	x, y := make([]byte, 1<<16), make([]byte, 1<<16)
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		n, errA := io.ReadFull(fa, x)
		m, errB := io.ReadFull(fb, y)
		if !bytes.Equal(x[:n], y[:m]) {
			return false, nil
		}
		endA := errA == io.EOF || errA == io.ErrUnexpectedEOF
		endB := errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case errA != nil && !endA:
			return false, errA
		case errB != nil && !endB:
			return false, errB
		case endA || endB:
			return endA && endB, nil
		}
	}
}
