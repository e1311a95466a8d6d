package cmpreport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
)

// A run's files are its summary as given, its series, a manifest of the
// command and its practices, in that order.
func TestRunFiles(t *testing.T) {
	cfg := nhs.Defaults()
	cfg.Population.Patients, cfg.Run.Years, cfg.Run.WarmupYears = 2000, 1, 0
	sc := &scenario.Scenario{Name: "x", File: "x.yaml", Config: cfg}
	res := nhs.Simulate(cfg)
	summary := []byte(`{"x":1}`)
	files := RunFiles(provenance.Build{Version: "v"}, "nhssim run x", sc, res, summary)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "summary.json,series.csv,manifest.json,practices.csv" {
		t.Fatalf("files %s", got)
	}
	if !bytes.Equal(files[0].Data, summary) || !bytes.Equal(files[1].Data, res.SeriesCSV()) || !bytes.Equal(files[3].Data, res.PracticesCSV()) ||
		!bytes.Contains(files[2].Data, []byte(`"command": "nhssim run x"`)) {
		t.Error("a file is not the run's")
	}
}
