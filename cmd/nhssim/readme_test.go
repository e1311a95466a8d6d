package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/appraisal"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// TestReadmeFacts keeps README.md's figures true: each is read from the
// code or the files it describes, so that a change to a default fails here
// until the README says the same. (Its headline table is checked by
// docs/validation_test.go.)
func TestReadmeFacts(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(data)), " ")
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(mod))
	if goVersion == nil {
		t.Fatal("go.mod has no go line")
	}
	want := []string{
		"You need Go " + goVersion[1] + " or newer",
		"`" + defaultCompare[0] + "` and `" + defaultCompare[1] + "`",
		fmt.Sprintf("over %d replicates", defaultReplicates),
		"`./" + defaultOut + "`",
	}
	var th []string
	for _, x := range appraisal.Thresholds {
		th = append(th, "£"+numfmt.Group(x))
	}
	want = append(want, strings.Join(th[:len(th)-1], ", ")+" and "+th[len(th)-1]+" per QALY")
	for _, name := range defaultCompare {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		c := sc.Config
		want = append(want,
			"of "+numfmt.Group(float64(c.Population.Patients))+" patients",
			"for "+numfmt.Human(c.Run.Years)+" years")
		if rep := nhs.RepresentativePatients(c); rep != c.Population.Patients {
			t.Errorf("%s runs %d patients, but one whole local system is %d: README calls it the smallest representative sample", name, c.Population.Patients, rep)
		}
	}
	for _, w := range want {
		if !strings.Contains(readme, w) {
			t.Errorf("README.md does not say %q", w)
		}
	}
}
