package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/runner"
)

var update = flag.Bool("update", false, "recompute the answers computed ahead (precomputed/) and docs/teaching/exercises.md from the current model")

// exercisesDoc is the teaching pack's exercises with their answers.
var exercisesDoc = filepath.Join("..", "..", "..", "..", "docs", "teaching", "exercises.md")

const regenerate = "regenerate them with\n  .ci/regenerate teaching\n(go test ./cmd/nhssim/internal/classroom -run TeachingAnswers -update: a few minutes, it runs every exercise at the teaching size)"

// TestTeachingAnswers checks that the answers computed ahead and embedded
// (precomputed/) are those of the current scenarios, exercises and model
// (their cache keys, which cover the model's revision, match those the
// page's requests have now), and that docs/teaching/exercises.md is written
// from them. It runs nothing. With -update it runs every exercise and the
// default pair at the teaching size and rewrites both.
func TestTeachingAnswers(t *testing.T) {
	o := Defaults()
	if *update {
		writePrecomputed(t, o)
		return
	}
	want, err := PrecomputedKeys(o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := precomputedIndex()
	if err != nil {
		t.Fatalf("the index of answers computed ahead: %v; %s", err, regenerate)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("the answers computed ahead are stale (the scenarios, the exercises, the teaching size or the model changed):\nembedded %v\nnow      %v\n%s", got, want, regenerate)
	}
	answers := map[string]cached{}
	for name, key := range got {
		data := precomputedData(key)
		if data == nil {
			t.Fatalf("%s: no file %s/%s.json.gz; %s", name, precomputedDir, key, regenerate)
		}
		c, err := decodeCached(data)
		if err != nil {
			t.Fatalf("%s: %v; %s", name, err, regenerate)
		}
		answers[name] = c
	}
	files, _ := precomputed.ReadDir(precomputedDir)
	if len(files) != len(got)+1 {
		t.Errorf("%s holds %d files, not the index and %d answers: %s", precomputedDir, len(files), len(got), regenerate)
	}
	doc, err := Answers(o, answers)
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(exercisesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old, []byte(doc)) {
		t.Errorf("%s is stale: %s\n--- got:\n%s", exercisesDoc, regenerate, doc)
	}
}

// writePrecomputed recomputes the answers computed ahead and the
// exercises' page.
func writePrecomputed(t *testing.T, o Options) {
	ps, err := Precompute(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(precomputedDir, "*.json.gz"))
	idx := map[string]string{}
	answers := map[string]cached{}
	var keep []string
	for _, p := range ps {
		idx[p.Name], answers[p.Name] = p.Key, p.Entry
		name := filepath.Join(precomputedDir, p.Key+".json.gz")
		keep = append(keep, name)
		if err := runner.WriteFile(name, p.Entry.encode()); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range old {
		if !slices.Contains(keep, f) {
			os.Remove(f)
		}
	}
	data, _ := json.MarshalIndent(idx, "", "  ")
	if err := runner.WriteFile(filepath.Join(precomputedDir, "index.json"), append(data, '\n')); err != nil {
		t.Fatal(err)
	}
	doc, err := Answers(o, answers)
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.WriteFile(exercisesDoc, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	var sizes []string
	for _, p := range ps {
		sizes = append(sizes, p.Name)
	}
	t.Logf("computed ahead: %s", strings.Join(sizes, ", "))
}
