package classroom

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/teaching/exercises.md from the current model")

// exercisesDoc is the teaching pack's exercises with their answers.
var exercisesDoc = filepath.Join("..", "..", "..", "..", "docs", "teaching", "exercises.md")

// TestTeachingAnswers checks that docs/teaching/exercises.md holds the
// answers the current model gives at the teaching size; with -update it
// rewrites the file.
func TestTeachingAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every exercise at the teaching size")
	}
	got, err := Answers(context.Background(), Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(exercisesDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(exercisesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s is stale: regenerate it with\n  go test ./cmd/nhssim/internal/classroom -run TeachingAnswers -update\n--- got:\n%s", exercisesDoc, got)
	}
}
