package sim_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// module is nhssim's module path.
const module = "github.com/nhssim/nhssim"

// pointsUp reports whether a package under sim/ may not import path: every
// package under sim/ imports only packages under sim/ and libraries, never
// scenarios/, plots/, cmd/ or anything else of the module's above sim/.
func pointsUp(path string) bool {
	rest, ok := strings.CutPrefix(path, module)
	if !ok || rest != "" && !strings.HasPrefix(rest, "/") {
		return false // a library
	}
	return rest != "/sim" && !strings.HasPrefix(rest, "/sim/")
}

func TestPointsUp(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt":                               false,
		"go.yaml.in/yaml/v4":                false,
		module + "/sim":                     false,
		module + "/sim/nhs":                 false,
		module + "/sim/scenario":            false,
		module + "/scenarios":               true,
		module + "/plots":                   true,
		module + "/cmd/nhssim":              true,
		module + "/cmd/nhssim/internal/x":   true,
		module + "/simulator":               true,
		module:                              true,
		"github.com/nhssim/nhssimother/sim": false,
	} {
		if got := pointsUp(path); got != want {
			t.Errorf("pointsUp(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestImportsPointDown reads every Go file under sim/, tests included, and
// fails on an import of scenarios/, plots/, cmd/ or any other package of
// the module outside sim/.
func TestImportsPointDown(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if pointsUp(path) {
				t.Errorf("%s imports %s: packages under sim/ import only packages under sim/ (README, Layout)", fset.Position(imp.Pos()), path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read %d Go files under sim/: expected the whole tree", files)
	}
}
