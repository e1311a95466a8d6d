package classroom

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ExportFrom is [Export] of the simulator in the file wasmFile and Go's
// wasm_exec.js in execFile, or, with execFile "", the one of the Go on
// PATH ([GoWasmExec]).
func ExportFrom(dir string, opt Options, wasmFile, execFile string) error {
	wasm, err := os.ReadFile(wasmFile)
	if err != nil {
		return err
	}
	if execFile == "" {
		if execFile, err = GoWasmExec(); err != nil {
			return err
		}
	}
	wasmExec, err := os.ReadFile(execFile)
	if err != nil {
		return err
	}
	return Export(dir, opt, wasm, wasmExec)
}

// GoWasmExec finds Go's wasm_exec.js: in lib/wasm since Go 1.24, in
// misc/wasm before.
func GoWasmExec() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("finding Go's wasm_exec.js (go env GOROOT: %v): give it with --wasm-exec", err)
	}
	root := strings.TrimSpace(string(out))
	for _, d := range []string{"lib/wasm", "misc/wasm"} {
		p := filepath.Join(root, d, "wasm_exec.js")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no wasm_exec.js in %s/lib/wasm or misc/wasm: give it with --wasm-exec", root)
}
