//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "this is the classroom simulator for browsers: build it with GOOS=js GOARCH=wasm go build -trimpath -o nhssim.wasm ./cmd/nhssim/internal/classroom/wasm")
	os.Exit(2)
}
