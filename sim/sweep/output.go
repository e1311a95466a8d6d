package sweep

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/safe"
)

// The files of a results directory. A finished results file is written
// whole: while a sweep runs, its rows go to NAME.partial and the points
// written so far to NAME.progress, and NAME.partial becomes NAME when the
// last point is written.
const (
	ManifestFile = "sweep.json"  // the sweep: its hash, scenarios, seeds and columns
	ResultsFile  = "results.csv" // a whole sweep's results, or the merged shards'
	ShardsFile   = "shards.json" // the number of shards of a sweep run as shards
	partialExt   = ".partial"
	progressExt  = ".progress"
)

// Manifest is a results directory's sweep.json. It holds nothing that
// depends on how or where the sweep ran, so every shard writes the same
// one: its provenance's command is the sweep's ("nhssim sweep SPEC"), and
// each shard's own command line is in its shard manifest.
type Manifest struct {
	Name        string                `json:"name"`
	Description string                `json:"description,omitempty"`
	Hash        string                `json:"spec_hash"`
	Version     string                `json:"nhssim_version"`
	Provenance  provenance.Provenance `json:"provenance"`
	Scenarios   []ManifestScenario    `json:"scenarios"`
	Fixed       []string              `json:"fixed"`
	Seeds       []uint64              `json:"seeds"`
	Columns     []string              `json:"columns"`
	Points      int                   `json:"points"`
	Draws       int                   `json:"draws,omitempty"` // parameter draws at every point
	Runs        int                   `json:"runs"`
	Header      []string              `json:"header"`
}

// ManifestScenario is a base scenario in a manifest, with the hash of its
// file alone; Fixed and the points' values apply on top.
type ManifestScenario struct {
	Name string `json:"name"`
	Hash string `json:"hash"`
}

// Origin is what made a sweep's results: the build of nhssim, the sweep's
// command (the same for every shard, such as "nhssim sweep spec.yaml") and
// this process's own command line (such as one shard's).
type Origin struct {
	Build          provenance.Build
	Command, Shard string
}

// Units is the number of units of the manifest's sweep: see [Plan.Units].
func (m Manifest) Units() int { return m.Points * max(1, m.Draws) }

// DescribeUnits says how many units the sweep has: "12 points", or with
// draws "24 point×draw units (3 points × 8 draws)".
func (p *Plan) DescribeUnits() string {
	if p.Draws == 0 {
		return fmt.Sprintf("%d points", len(p.Points))
	}
	return fmt.Sprintf("%d point×draw units (%d points × %d draws)", p.Units(), len(p.Points), p.Draws)
}

// Manifest returns the plan's manifest, made by origin.
func (p *Plan) Manifest(origin Origin) Manifest {
	m := Manifest{
		Name: p.Spec.Name, Description: p.Spec.Description, Hash: p.Hash, Version: origin.Build.ID(),
		Provenance: provenance.Provenance{Build: origin.Build, Command: origin.Command, Seeds: p.Seeds, Scenarios: p.bases},
		Fixed:      p.fixed, Seeds: p.Seeds, Columns: p.Columns, Points: len(p.Points), Draws: p.Draws, Runs: p.Units() * p.Runs(),
		Header: p.Header(),
	}
	if m.Columns == nil {
		m.Columns = []string{}
	}
	if m.Fixed == nil {
		m.Fixed = []string{}
	}
	for i, n := range p.Names {
		m.Scenarios = append(m.Scenarios, ManifestScenario{n, p.Hashes[i]})
	}
	return m
}

// Shard is one part of a sweep: the points p with p mod K = I (with
// draws, the units), for one task of a cluster job array. The zero Shard
// is the whole sweep.
type Shard struct{ I, K int }

// ParseShard reads a shard written I/K, such as 0/4.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	k, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, inputErrorf("--shard %q: want I/K, the shard I of K shards, such as 0/4", s)
	}
	if k < 1 || i < 0 || i >= k {
		return Shard{}, inputErrorf("--shard %s: the shard index is out of range: with %d shards it is 0 to %d", s, k, k-1)
	}
	return Shard{i, k}, nil
}

// Whole reports whether s is the whole sweep.
func (s Shard) Whole() bool { return s.K == 0 }

func (s Shard) String() string {
	if s.Whole() {
		return "the whole sweep"
	}
	return fmt.Sprintf("shard %d/%d", s.I, s.K)
}

// Points returns the shard's points of a sweep of n, in order.
func (s Shard) Points(n int) []int {
	var out []int
	for p := range n {
		if s.Whole() || p%s.K == s.I {
			out = append(out, p)
		}
	}
	return out
}

// File is the name of the shard's results file.
func (s Shard) File() string {
	if s.Whole() {
		return ResultsFile
	}
	return fmt.Sprintf("shard-%d-of-%d.csv", s.I, s.K)
}

// manifestFile is the name of a shard's own manifest.
func (s Shard) manifestFile() string { return strings.TrimSuffix(s.File(), ".csv") + ".json" }

// ShardManifest certifies a finished shard's results file. It is written
// before the file takes its final name.
type ShardManifest struct {
	Hash    string `json:"spec_hash"`
	Command string `json:"command,omitempty"` // the command line that ran the shard
	Shard   int    `json:"shard"`
	Shards  int    `json:"shards"`
	Points  int    `json:"points"`
	Rows    int64  `json:"rows"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
}

// Output is the results file of a sweep or a shard of one, in a directory,
// open for appending points in order.
type Output struct {
	Dir    string
	Shard  Shard
	plan   *Plan
	origin Origin
	points []int // the shard's points
	done   int   // how many of points are written
	offset int64 // size of the partial file
	rows   int64 // rows written, header excluded
	f      *os.File
	prog   *os.File
	final  bool // the results file is complete
}

// Open prepares dir for the shard of plan: it writes sweep.json, or checks
// that the one there is the same sweep's, and opens the shard's results
// for appending. Without resume, earlier results of the shard in dir are
// an error; with it, their complete points are kept (a point torn by a
// crash is dropped) and only the rest are run. A directory of another
// sweep is an error either way, and nothing is changed.
func Open(dir string, plan *Plan, shard Shard, resume bool, origin Origin) (*Output, error) {
	if n := plan.Units(); !shard.Whole() && shard.K > n {
		return nil, inputErrorf("%d shards for a sweep of %s: some would be empty; use at most %d", shard.K, plan.DescribeUnits(), n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := WriteManifest(dir, plan.Manifest(origin)); err != nil {
		return nil, err
	}
	o := &Output{Dir: dir, Shard: shard, plan: plan, origin: origin, points: shard.Points(plan.Units())}
	final := filepath.Join(dir, shard.File())
	partial := final + partialExt
	if _, err := os.Stat(final); err == nil {
		if !resume {
			return nil, inputErrorf("%s exists: %s is complete there; use another --out, or --resume to finish what is unfinished", final, shard)
		}
		o.final, o.done = true, len(o.points)
		return o, nil
	}
	if _, err := os.Stat(partial); err == nil && !o.nothingKept(partial) {
		if !resume {
			n, _ := readProgress(partial + progressExt)
			return nil, inputErrorf("%s holds an unfinished run of %s (%d of %d points written): add --resume to finish it, or use another --out", dir, shard, len(n), len(o.points))
		}
		return o, o.reopen(partial)
	}
	return o, o.create(partial)
}

// WriteManifest writes dir's sweep.json, or checks that the one there
// describes the same sweep; one of another sweep is an *InputError.
func WriteManifest(dir string, m Manifest) error {
	path := filepath.Join(dir, ManifestFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		out, _ := json.MarshalIndent(m, "", "  ")
		return runner.WriteFile(path, append(out, '\n'))
	}
	if err != nil {
		return err
	}
	var old Manifest
	if err := json.Unmarshal(data, &old); err != nil {
		return inputErrorf("%s is not a sweep manifest (%v): %s is not this sweep's results directory; use another --out", path, err, dir)
	}
	if old.Hash != m.Hash {
		return inputErrorf("%s holds the results of a different sweep (%s, spec hash %s; this spec, %s, has hash %s): use another --out, or remove the directory to start again", dir, old.Name, old.Hash, m.Name, m.Hash)
	}
	if old.Version != m.Version {
		return inputErrorf("%s holds results written by nhssim %s; this is nhssim %s, whose results may differ: use another --out", dir, old.Version, m.Version)
	}
	return nil
}

// ReadManifest reads dir's sweep.json.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := safe.ReadRegular(filepath.Join(dir, ManifestFile), maxSmallFile)
	if errors.Is(err, fs.ErrNotExist) {
		return m, inputErrorf("%s has no %s: it is not a sweep's results directory", dir, ManifestFile)
	}
	if err != nil {
		return m, badFile(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, inputErrorf("%s: %v", filepath.Join(dir, ManifestFile), err)
	}
	return m, nil
}

// header is the results file's first line.
func (o *Output) header() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(o.plan.Header())
	w.Flush()
	return b.Bytes()
}

// nothingKept reports whether a partial file holds no point to keep: its
// progress file records none, and it is empty, or the whole or a start of
// this sweep's header, with or without a torn first point after it. A kill
// between creating the file and writing its first point leaves one; it is
// started again rather than called damaged, so that neither a rerun nor a
// resubmitted Slurm task is stuck.
func (o *Output) nothingKept(partial string) bool {
	if lines, _ := readProgress(partial + progressExt); len(lines) > 0 {
		return false
	}
	f, err := os.Open(partial)
	if err != nil {
		return false
	}
	defer f.Close()
	h := o.header()
	start := make([]byte, len(h))
	n, _ := io.ReadFull(f, start)
	return bytes.HasPrefix(h, start[:n])
}

func (o *Output) create(partial string) error {
	b := bytes.NewBuffer(o.header())
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	prog, err := os.OpenFile(partial+progressExt, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		f.Close()
		return err
	}
	o.f, o.prog, o.offset = f, prog, int64(b.Len())
	return nil
}

// progressLine is one point recorded in a progress file: the point, and the
// size and row count of the partial file once it was written.
type progressLine struct {
	point        int
	offset, rows int64
}

// readProgress reads a progress file up to its first incomplete line,
// which a crash in mid-write can leave.
func readProgress(path string) ([]progressLine, error) {
	data, err := safe.ReadRegular(path, maxSmallFile)
	if err != nil {
		return nil, err
	}
	var out []progressLine
	for len(data) > 0 {
		line, rest, ok := bytes.Cut(data, []byte{'\n'})
		if !ok {
			break
		}
		var pl progressLine
		if _, err := fmt.Sscanf(string(line), "%d %d %d", &pl.point, &pl.offset, &pl.rows); err != nil {
			break
		}
		out = append(out, pl)
		data = rest
	}
	return out, nil
}

// reopen resumes a partial file: it keeps the points its progress file
// records, in order, and cuts off anything written after the last of them.
func (o *Output) reopen(partial string) error {
	lines, err := readProgress(partial + progressExt)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(partial, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	header, err := bufio.NewReader(f).ReadString('\n')
	want := o.header()
	if err != nil || header != string(want) {
		f.Close()
		return inputErrorf("%s does not start with this sweep's header: it is damaged or not this sweep's; use another --out", partial)
	}
	o.offset = int64(len(want))
	for i, l := range lines {
		if i >= len(o.points) || l.point != o.points[i] {
			f.Close()
			return inputErrorf("%s records point %d where %s has point %s: it is not this sweep's; use another --out", partial+progressExt, l.point, o.Shard, pointAt(o.points, i))
		}
		o.done, o.offset, o.rows = i+1, l.offset, l.rows
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() < o.offset {
		err = inputErrorf("%s is shorter (%d bytes) than its progress record says (%d): it is damaged; remove it and its .progress file to start again", partial, fi.Size(), o.offset)
	}
	if err == nil {
		err = f.Truncate(o.offset)
	}
	if err == nil {
		_, err = f.Seek(o.offset, io.SeekStart)
	}
	var prog *os.File
	if err == nil {
		// Rewrite the progress file without any torn last line.
		var b bytes.Buffer
		for _, l := range lines[:o.done] {
			fmt.Fprintf(&b, "%d %d %d\n", l.point, l.offset, l.rows)
		}
		prog, err = os.OpenFile(partial+progressExt, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err == nil {
			_, err = prog.Write(b.Bytes())
		}
	}
	if err != nil {
		f.Close()
		if prog != nil {
			prog.Close()
		}
		return err
	}
	o.f, o.prog = f, prog
	return nil
}

func pointAt(points []int, i int) string {
	if i < len(points) {
		return strconv.Itoa(points[i])
	}
	return "none"
}

// Pending returns the points still to run, in order.
func (o *Output) Pending() []int { return o.points[o.done:] }

// Written returns how many points are written.
func (o *Output) Written() int { return o.done }

// Points returns how many points the shard has.
func (o *Output) Points() int { return len(o.points) }

// Complete reports whether the results file was already complete when it
// was opened.
func (o *Output) Complete() bool { return o.final }

// Path is the finished results file's path.
func (o *Output) Path() string { return filepath.Join(o.Dir, o.Shard.File()) }

// Write appends a point's rows, which must be the next pending point's, in
// one write, makes them durable, and then records the point as written.
func (o *Output) Write(point int, rows []byte) error {
	if o.done >= len(o.points) || o.points[o.done] != point {
		panic(fmt.Sprintf("sweep: point %d written out of order (want %s)", point, pointAt(o.points, o.done)))
	}
	if _, err := o.f.Write(rows); err != nil {
		return err
	}
	if err := o.f.Sync(); err != nil {
		return err
	}
	o.offset += int64(len(rows))
	o.rows += int64(bytes.Count(rows, []byte{'\n'}))
	if _, err := fmt.Fprintf(o.prog, "%d %d %d\n", point, o.offset, o.rows); err != nil {
		return err
	}
	o.done++
	return nil
}

// Close closes the files, leaving an unfinished run to be resumed.
func (o *Output) Close() error {
	var errs []error
	for _, f := range []*os.File{o.f, o.prog} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	o.f, o.prog = nil, nil
	return errors.Join(errs...)
}

// Finish closes the files and, when every point is written, gives the
// results file its final name; a shard's manifest is written first, with
// the file's digest, so that a merge can tell a finished shard from a
// damaged one.
func (o *Output) Finish() error {
	if o.final {
		return nil
	}
	if err := o.Close(); err != nil {
		return err
	}
	if o.done < len(o.points) {
		return fmt.Errorf("%s: %d of %d points written", o.Shard, o.done, len(o.points))
	}
	final := o.Path()
	partial := final + partialExt
	if !o.Shard.Whole() {
		sum, size, err := digestFile(context.Background(), partial)
		if err != nil {
			return err
		}
		m := ShardManifest{Hash: o.plan.Hash, Command: o.origin.Shard, Shard: o.Shard.I, Shards: o.Shard.K, Points: len(o.points), Rows: o.rows, Bytes: size, SHA256: sum}
		data, _ := json.MarshalIndent(m, "", "  ")
		if err := runner.WriteFile(filepath.Join(o.Dir, o.Shard.manifestFile()), append(data, '\n')); err != nil {
			return err
		}
	}
	if err := os.Rename(partial, final); err != nil {
		return err
	}
	o.final = true
	os.Remove(partial + progressExt)
	return nil
}

func digestFile(ctx context.Context, path string) (sum string, size int64, err error) {
	f, err := safe.OpenRegular(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err = io.Copy(h, safe.Reader(ctx, f))
	return hex.EncodeToString(h.Sum(nil)), size, err
}
