package uncertainty

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
	"github.com/nhssim/nhssim/sim/sweep"
)

// tinyScenarios are two small scenarios that differ in one lever.
func tinyScenarios() []*scenario.Scenario {
	cfg := nhs.Defaults()
	cfg.Population.Patients, cfg.Run.Years, cfg.Run.WarmupYears = 3000, 1, 0.25
	other := cfg
	other.Commissioning.GuidanceAdherence = 0.9
	return []*scenario.Scenario{{Name: "x", File: "x.yaml", Config: cfg}, {Name: "y", File: "y.yaml", Config: other}}
}

// A setup prepared from scenarios is Prepare's from their names and
// configurations, records them in its provenance, and runs as Run does.
func TestPrepareScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model")
	}
	scs := tinyScenarios()
	set, err := PrepareScenarios(scs, &Inputs{}, 3, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Prepare([]string{"x", "y"}, []nhs.Config{scs[0].Config, scs[1].Config}, &Inputs{}, 3, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if set.digest() != want.digest() {
		t.Error("PrepareScenarios's setup is not Prepare's")
	}
	pv := set.Provenance(provenance.Build{Version: "v"}, "nhssim compare x y")
	if pv.Command != "nhssim compare x y" || pv.Version != "v" || len(pv.Seeds) != 2 || len(pv.Scenarios) != 2 ||
		pv.Scenarios[1].Name != "y" || pv.Scenarios[1].File != "y.yaml" || pv.Scenarios[1].Hash != scenario.Hash(&scs[1].Config) {
		t.Errorf("provenance %+v", pv)
	}
	ctx := context.Background()
	a, err := set.Run(ctx, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(ctx, want.Design, want.Names, want.Configs, want.Seeds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.DrawsCSV(), b.DrawsCSV()) {
		t.Error("Setup.Run's draws differ from Run's")
	}

	// WriteShard writes RunShard's file under its name, and nothing for a
	// shard that does not exist.
	dir := t.TempDir()
	path, err := WriteShard(ctx, set, dir, 1, 2, 2, nil)
	if err != nil || path != filepath.Join(dir, ShardFile(1, 2)) {
		t.Fatalf("WriteShard: %q, %v", path, err)
	}
	data, err := RunShard(ctx, set, 1, 2, 1, nil)
	if got, _ := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the shard's file is not RunShard's (%v)", err)
	}
	var ie *InputError
	if _, err := WriteShard(ctx, set, dir, 2, 2, 1, nil); !errors.As(err, &ie) {
		t.Errorf("shard 2/2: %v, want an *InputError", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ShardFile(2, 2))); !os.IsNotExist(err) {
		t.Errorf("shard 2/2 left a file (%v)", err)
	}
}

// SummariseSweep writes, beside a finished uncertainty sweep's results,
// the tables that its outcome gives.
func TestSummariseSweep(t *testing.T) {
	ctx := context.Background()
	plan := sweepPlan(t)
	d, err := PrepareSweep(ctx, plan, &Inputs{}, 3, 11, 2)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := (&sweep.Local{Plan: plan, Dir: dir, Workers: 2}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	pv := provenance.Provenance{Command: "nhssim sweep tiny.yaml"}
	so, ss, err := SummariseSweep(ctx, plan, d, dir, pv)
	if err != nil {
		t.Fatal(err)
	}
	want := so.Tables(ss, pv, &Inputs{})
	if len(want) != 5 {
		t.Fatalf("%d tables", len(want))
	}
	for _, f := range want {
		if got, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: not the outcome's table (%v)", f.Name, err)
		}
	}
	if _, _, err := SummariseSweep(ctx, plan, d, t.TempDir(), pv); err == nil {
		t.Error("a directory without results summarised")
	}
}

// Locate gives a job this binary, the working directory and an absolute
// output directory.
func TestLocate(t *testing.T) {
	var j SlurmJob
	if err := j.Locate("out"); err != nil {
		t.Fatal(err)
	}
	bin, _ := os.Executable()
	wd, _ := os.Getwd()
	if j.Binary != bin || j.WorkDir != wd || j.Dir != filepath.Join(wd, "out") {
		t.Errorf("%+v", j)
	}
}

// SubmitMerge submits the merge script to start after the array, and says
// how to submit it by hand when sbatch fails.
func TestSubmitMerge(t *testing.T) {
	j := SlurmJob{Dir: "/runs/out"}
	for _, test := range []struct {
		name, sbatch, want, err string
	}{
		{"submitted", `[ "$2" = --dependency=afterany:42 ] && [ "$3" = /runs/out/uncertainty-merge.sbatch ] && echo 43`,
			"submitted job 43, which merges the shards into /runs/out when job 42 has ended; its log: /runs/out/logs/merge.out\n", ""},
		{"refused", "echo no >&2; exit 1", "", "the array is submitted as job 42, but its merge is not: sbatch /runs/out/uncertainty-merge.sbatch: exit status 1: no; when the array has finished, run sbatch /runs/out/uncertainty-merge.sbatch"},
	} {
		t.Run(test.name, func(t *testing.T) {
			bin := t.TempDir()
			if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte("#!/bin/sh\n"+test.sbatch+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PATH", bin)
			var w strings.Builder
			err := j.SubmitMerge(context.Background(), &w, "42")
			if (err == nil) != (test.err == "") || err != nil && err.Error() != test.err || w.String() != test.want {
				t.Errorf("said %q, %v; want %q, %q", w.String(), err, test.want, test.err)
			}
		})
	}
}
