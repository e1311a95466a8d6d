package sweep

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/memlimit"
	"github.com/nhssim/nhssim/sim/scenario"
)

func shipped() scenario.Loader { return scenario.Loader{Shipped: os.DirFS("../../scenarios")} }

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "tiny.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	for name, data := range map[string]string{good: tiny, bad: "name: bad\nscenarios: [market-contract]\nvary:\n  - {param: no.such_param, values: [1, 2]}\n"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, test := range []struct {
		name, path string
		want       string // "" for success; else in the error
		input      bool   // the error is an *InputError
	}{
		{"good", good, "", false},
		{"missing", filepath.Join(dir, "none.yaml"), "none.yaml: no such sweep spec", true},
		{"a directory", dir, dir + ": ", true},
		{"bad field", bad, `bad.yaml:4:13: vary[0].param: unknown parameter "no.such_param"`, false},
	} {
		t.Run(test.name, func(t *testing.T) {
			p, err := Load(test.path, shipped())
			if test.want == "" {
				if err != nil || len(p.Points) != 6 {
					t.Fatalf("got %v", err)
				}
				return
			}
			var ie *InputError
			if err == nil || !strings.Contains(err.Error(), test.want) || errors.As(err, &ie) != test.input {
				t.Errorf("got %v (%T), want %q (input error %v)", err, err, test.want, test.input)
			}
		})
	}
}

func TestDocsSweepSpec(t *testing.T) {
	// README's example sweep stays valid: every point of both scenarios.
	p, err := Load(filepath.Join("..", "..", "docs", "lhs-market-vs-regional.yaml"), shipped())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Points) != 200 || len(p.Columns) != 12 || len(p.Names) != 2 {
		t.Errorf("%d points, %d columns, scenarios %q", len(p.Points), len(p.Columns), p.Names)
	}
	if err := p.Check(context.Background(), Shard{}.Points(len(p.Points)), 2); err != nil {
		t.Error(err)
	}
}

// TestLocalRun: a local run writes every point, with metrics.json, whatever
// the number of workers; run again it does nothing with Resume and refuses
// without; a shard writes only its points.
func TestLocalRun(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	ctx := context.Background()
	var results [][]byte
	for _, workers := range []int{1, 3} {
		dir := t.TempDir()
		var label string
		var total, added int
		l := &Local{Plan: p, Dir: dir, Workers: workers, Progress: func(lab string, n int) (func(), func()) {
			label, total = lab, n
			return func() { added++ }, func() {}
		}}
		res, err := l.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Complete || res.Ran != 6 || res.Path != filepath.Join(dir, ResultsFile) {
			t.Errorf("workers %d: %+v", workers, res)
		}
		if want := "sweep tiny: 6 points × 2 scenarios × 2 replicates = 24 runs, "; !strings.HasPrefix(label, want) || total != 24 || added != 24 {
			t.Errorf("progress %q of %d runs, %d added; want %q… of 24", label, total, added, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "metrics.json")); err != nil {
			t.Error(err)
		}
		data, err := os.ReadFile(res.Path)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, data)

		l.Progress = nil
		if res, err := l.Run(ctx); err == nil {
			t.Errorf("a second run without Resume: %+v, want an error", res)
		}
		l.Resume = true
		if res, err := l.Run(ctx); err != nil || !res.Complete || res.Ran != 0 {
			t.Errorf("a second run with Resume: %+v, %v; want complete", res, err)
		}
	}
	if !bytes.Equal(results[0], results[1]) {
		t.Error("results differ between 1 and 3 workers")
	}

	dir := t.TempDir()
	res, err := (&Local{Plan: p, Shard: Shard{I: 1, K: 4}, Dir: dir, Workers: 2}).Run(ctx)
	if err != nil || res.Ran != 2 || filepath.Base(res.Path) != "shard-1-of-4.csv" {
		t.Errorf("shard 1/4: %+v, %v; want points 1 and 5 in shard-1-of-4.csv", res, err)
	}
}

// TestLocalRefuses: a job too big for the memory there is, and a directory
// that CheckDir refuses, are refused before anything is written.
func TestLocalRefuses(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	small := memlimit.Env{ReadFile: func(name string) ([]byte, error) {
		if name == "/proc/meminfo" {
			return []byte("MemAvailable: 1024 kB\n"), nil
		}
		return nil, os.ErrNotExist
	}, Getenv: func(string) string { return "" }}
	refused := errors.New("refused")
	for _, test := range []struct {
		name string
		l    Local
		want error // nil: an *InputError
	}{
		{"memory", Local{Mem: small}, nil},
		{"directory", Local{CheckDir: func(string) error { return refused }}, refused},
	} {
		t.Run(test.name, func(t *testing.T) {
			l := test.l
			l.Plan, l.Dir, l.Workers = p, filepath.Join(t.TempDir(), "out"), 1
			_, err := l.Run(context.Background())
			var ie *InputError
			if test.want == nil && !errors.As(err, &ie) || test.want != nil && !errors.Is(err, test.want) {
				t.Errorf("got %v, want %v", err, test.want)
			}
			if _, err := os.Stat(l.Dir); !os.IsNotExist(err) {
				t.Errorf("%s was created", l.Dir)
			}
		})
	}
}

// TestLocalInterrupted: cancelled while the points run, a local run keeps
// the points written and says so; Resume finishes them into the same table
// as an uninterrupted run.
func TestLocalInterrupted(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	whole := t.TempDir()
	if _, err := (&Local{Plan: p, Dir: whole, Workers: 2}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := (&Local{Plan: p, Dir: dir, Workers: 1, Written: cancel}).Run(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "interrupted: ") || !strings.Contains(err.Error(), "of 6 points are written to "+filepath.Join(dir, ResultsFile)+".partial") || errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want an interruption saying what is kept", err)
	}
	res, err := (&Local{Plan: p, Dir: dir, Workers: 2, Resume: true}).Run(context.Background())
	if err != nil || res.Ran == 0 || res.Ran == 6 {
		t.Fatalf("resumed: %+v, %v; want the points left", res, err)
	}
	a, _ := os.ReadFile(filepath.Join(whole, ResultsFile))
	b, _ := os.ReadFile(res.Path)
	if !bytes.Equal(a, b) {
		t.Error("the resumed results differ from an uninterrupted run's")
	}
}
