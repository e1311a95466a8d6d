package sweep

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckShardsDir(t *testing.T) {
	for _, test := range []struct {
		name   string
		files  []string
		k      int
		resume bool
		want   string // "" for no error
	}{
		{"missing dir", nil, 4, false, ""},
		{"empty", []string{}, 4, false, ""},
		{"other files", []string{"notes.txt"}, 4, false, ""},
		{"results", []string{ResultsFile}, 4, false, "already holds results (results.csv): add --resume"},
		{"shards", []string{"shard-0-of-4.csv"}, 4, false, "already holds results (shard-0-of-4.csv)"},
		{"resume", []string{"shard-0-of-4.csv", ResultsFile}, 4, true, ""},
		{"other array size", []string{"shard-1-of-3.csv"}, 4, true, "holds shards of a 3-task run (shard-1-of-3.csv): use the same --array-size"},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if test.files != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range test.files {
				if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := CheckShardsDir(dir, test.k, test.resume)
			if test.want == "" {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("got %v, want an *InputError with %q", err, test.want)
			}
		})
	}
}

// fakeTools puts shell scripts named as the keys on PATH.
func fakeTools(t *testing.T, tools map[string]string) {
	t.Helper()
	bin := t.TempDir()
	for name, body := range tools {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
}

func TestSubmit(t *testing.T) {
	for _, test := range []struct {
		name, sbatch, id, err string
	}{
		{"job id", `[ "$1" = --parsable ] && echo "1234;cluster"`, "1234", ""},
		{"fails", "echo 'no partition' >&2; exit 1", "", "sbatch job.sbatch: exit status 1: no partition"},
		{"no id", "exit 0", "", "sbatch job.sbatch gave no job id"},
	} {
		t.Run(test.name, func(t *testing.T) {
			fakeTools(t, map[string]string{"sbatch": test.sbatch + "\n"})
			id, err := Submit(context.Background(), "job.sbatch")
			if id != test.id || (err == nil) != (test.err == "") || (err != nil && !strings.Contains(err.Error(), test.err)) {
				t.Fatalf("got %q, %v; want %q, %q", id, err, test.id, test.err)
			}
		})
	}
	t.Run("no sbatch", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if _, err := Submit(context.Background(), "job.sbatch"); !errors.Is(err, ErrNoSbatch) {
			t.Fatalf("got %v, want ErrNoSbatch", err)
		}
	})
}

func TestWaitForJob(t *testing.T) {
	// The fake squeue counts its calls in a file: the job is queued for
	// the first two, then gone.
	for _, test := range []struct {
		name, squeue, err string
	}{
		{"leaves the queue", `n=$(cat "$COUNT" 2>/dev/null || echo 0); echo $((n+1)) >"$COUNT"; [ "$n" -lt 2 ] && echo 77; exit 0`, ""},
		{"purged", `echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1`, ""},
		{"squeue fails", `echo down >&2; exit 1`, "squeue -j 77 failed 10 times: exit status 1: down"},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Setenv("COUNT", filepath.Join(t.TempDir(), "count"))
			fakeTools(t, map[string]string{"squeue": test.squeue + "\n"})
			t.Setenv("PATH", os.Getenv("PATH")+string(os.PathListSeparator)+"/bin"+string(os.PathListSeparator)+"/usr/bin")
			err := WaitForJob(context.Background(), "77", 0)
			if (err == nil) != (test.err == "") || (err != nil && !strings.Contains(err.Error(), test.err)) {
				t.Fatalf("got %v, want %q", err, test.err)
			}
			if n, _ := os.ReadFile(os.Getenv("COUNT")); test.name == "leaves the queue" && strings.TrimSpace(string(n)) != "3" {
				t.Errorf("squeue ran %q times, want 3", n)
			}
		})
	}
	t.Run("interrupted", func(t *testing.T) {
		fakeTools(t, map[string]string{"squeue": "echo 77\n"})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := WaitForJob(ctx, "77", 0)
		if err == nil || !strings.Contains(err.Error(), "interrupted while waiting for job 77") {
			t.Fatalf("got %v", err)
		}
	})
}

// TestSubmission: a dry run only says how to submit; a submitted array
// says how to merge, or calls After with its id, or with Wait waits for it
// and calls Merge; without sbatch, the script is left to submit elsewhere.
func TestSubmission(t *testing.T) {
	script := filepath.Join("out", "sweep.sbatch")
	for _, test := range []struct {
		name        string
		tools       map[string]string // nil: no sbatch on PATH
		s           Submission
		want, log   string // in what Run says, and logs
		err         string
		after, merg bool // After, Merge called
	}{
		{"dry run", map[string]string{}, Submission{DryRun: true},
			"not submitted (--dry-run); submit it with:\n  sbatch out/sweep.sbatch\nand when it has finished, combine the shards with:\n  HINT\n", "", "", false, false},
		{"no sbatch", nil, Submission{}, "", "", "sbatch not found: is this a Slurm login node? The script is written; submit it elsewhere with sbatch out/sweep.sbatch, or use --dry-run", false, false},
		{"submitted", map[string]string{"sbatch": "echo 42"}, Submission{},
			"submitted job 42 (tasks 0-2); logs in out/logs\nwhen it has finished, combine the shards with:\n  HINT\n", "", "", false, false},
		{"after", map[string]string{"sbatch": "echo 42"}, Submission{}, "submitted job 42 (tasks 0-2); logs in out/logs\n", "", "", true, false},
		{"waited", map[string]string{"sbatch": "echo 42", "squeue": "exit 0"}, Submission{Wait: true},
			"submitted job 42 (tasks 0-2); logs in out/logs\n", "nhssim: waiting for job 42 to finish\n", "", false, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			if test.tools == nil {
				t.Setenv("PATH", t.TempDir())
			} else {
				fakeTools(t, test.tools)
			}
			var after, merged bool
			s := test.s
			s.Script, s.Tasks, s.MergeHint, s.Poll = script, 3, "HINT", time.Millisecond
			s.Merge = func() error { merged = true; return nil }
			if test.after {
				s.After = func(id string) error { after = id == "42"; return nil }
			}
			var w, log strings.Builder
			err := s.Run(context.Background(), &w, &log)
			if (err == nil) != (test.err == "") || err != nil && err.Error() != test.err {
				t.Fatalf("got %v, want %q", err, test.err)
			}
			if w.String() != test.want || log.String() != test.log || after != test.after || merged != test.merg {
				t.Errorf("said %q, logged %q, after %v, merged %v; want %q, %q, %v, %v", w.String(), log.String(), after, merged, test.want, test.log, test.after, test.merg)
			}
		})
	}
}
