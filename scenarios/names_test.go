package scenarios

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// No engine code may know a scenario by name: regimes differ only through
// the levers in their YAML. This scan fails if a shipped scenario's name
// appears in a string in the non-test Go code of sim/ or scenarios/. (The
// command line may name a default pair of scenarios to compare.)
var rawString = regexp.MustCompile("`[^`]*`")

func TestNoCodeBranchesOnScenarioNames(t *testing.T) {
	names, err := Names()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, dir := range []string{"../sim", "."} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("found only %d Go files to scan", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Struct tags and other raw strings hold documentation (sources
		// that cite the refnet workload, say), not code: leave them out.
		data = rawString.ReplaceAll(data, nil)
		for _, name := range names {
			re := regexp.MustCompile(`"[^"\n]*\b` + regexp.QuoteMeta(name) + `\b[^"\n]*"`)
			if loc := re.Find(data); loc != nil {
				t.Errorf("%s names the scenario %q in %s", f, name, loc)
			}
		}
	}
}
