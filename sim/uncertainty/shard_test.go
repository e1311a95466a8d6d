package uncertainty

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// An analysis split into shards and merged gives the outcome of one run of
// it: draws.csv, uncertainty.csv and drivers.csv byte for byte, whatever
// the number of shards. A shard of another analysis, or one missing, is
// refused by name.
func TestShardsMergeToTheSameDraws(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model")
	}
	cfg := nhs.Defaults()
	cfg.Population.Patients, cfg.Run.Years, cfg.Run.WarmupYears = 3000, 1, 0.25
	other := cfg
	other.Commissioning.GuidanceAdherence = 0.9
	names, cfgs := []string{"x", "y"}, []nhs.Config{cfg, other}
	set, err := Prepare(names, cfgs, &Inputs{}, 5, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	whole, err := Run(ctx, set.Design, names, cfgs, set.Seeds, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]byte{whole.DrawsCSV(), SummaryCSV(whole.Summarise()), DriversCSV(whole.Summarise())}
	shards := map[int][][]byte{}
	for _, k := range []int{1, 2, 5} {
		files := make([][]byte, k)
		for i := range k {
			if files[i], err = RunShard(ctx, set, i, k, 2, nil); err != nil {
				t.Fatal(err)
			}
		}
		shards[k] = files
		o, err := MergeShards(set, files)
		if err != nil {
			t.Fatalf("%d shards: %v", k, err)
		}
		got := [][]byte{o.DrawsCSV(), SummaryCSV(o.Summarise()), DriversCSV(o.Summarise())}
		for f, name := range []string{"draws.csv", "uncertainty.csv", "drivers.csv"} {
			if !bytes.Equal(got[f], want[f]) {
				t.Errorf("%d shards: %s differs from one run's", k, name)
			}
		}
	}
	var ie *InputError
	swapped := [][]byte{shards[2][1], shards[2][0]}
	if _, err := MergeShards(set, swapped); !errors.As(err, &ie) {
		t.Errorf("swapped shards merged: %v", err)
	}
	cut := [][]byte{shards[2][0], shards[2][1][:len(shards[2][1])/2]}
	if _, err := MergeShards(set, cut); !errors.As(err, &ie) {
		t.Errorf("a truncated shard merged: %v", err)
	}
	otherSet, err := Prepare(names, cfgs, &Inputs{}, 5, 4, 2) // another design seed
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MergeShards(otherSet, shards[2]); !errors.As(err, &ie) {
		t.Errorf("shards of another design merged: %v", err)
	}
	if _, err := RunShard(ctx, set, 2, 2, 1, nil); !errors.As(err, &ie) {
		t.Errorf("shard 2/2 ran: %v", err)
	}
}
