package classroom_test

import (
	"fmt"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/classroom"
)

// The exercises of the teaching pack, as the page offers them.
func ExampleExercises() {
	for _, e := range classroom.Exercises() {
		fmt.Printf("%s: %s vs %s\n", e.Title, e.A, e.B)
	}
	// Output:
	// Does competition cut waits?: england vs england
	// Pooling money when care capacity is short: england vs england
	// Pooling money when care capacity is ample: england vs england
	// Small personal lists vs large practices: large-practices vs relational-practice
	// The cost of reorganising: england vs england
}
