package cmpreport

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/nhssim/nhssim/plots"
	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/scenario"
)

// RunFiles are a run's output set but its metric dictionary (which
// OutputSet adds): summary.json (summary, its SummaryJSON), series.csv,
// manifest.json (RunManifest, for build and command) and practices.csv.
func RunFiles(build provenance.Build, command string, sc *scenario.Scenario, res *nhs.Result, summary []byte) []File {
	return []File{
		{Name: "summary.json", Data: summary},
		{Name: "series.csv", Data: res.SeriesCSV()},
		{Name: "manifest.json", Data: RunManifest(build, command, sc, res)},
		{Name: "practices.csv", Data: res.PracticesCSV()},
	}
}

// RunManifest is nhssim run's manifest.json: the provenance of its one
// scenario and seed, made by build and command.
func RunManifest(build provenance.Build, command string, sc *scenario.Scenario, res *nhs.Result) []byte {
	s := provenance.Of(sc)
	s.FirstMonthAfterWarmup = res.WarmupMonth
	out, err := provenance.Encode(provenance.Provenance{
		Build: build, Command: command, Seeds: []uint64{sc.Config.Seed},
		Scenarios: []provenance.Scenario{s},
	})
	if err != nil {
		panic(err) // a manifest of plain values always encodes
	}
	return out
}

// PrintRun prints one run for people: the scenario, its size, seed and
// window, the events and their rate, every metric with its unit, and the
// run's overload warnings.
func PrintRun(w io.Writer, sc *scenario.Scenario, res *nhs.Result, elapsed time.Duration) {
	c := &sc.Config
	events, _ := res.Metric("events")
	fmt.Fprintf(w, "%s: %s patients, seed %d, statistics %s\n",
		sc.Name, Group(float64(c.Population.Patients)), c.Seed, Window(c.Run.WarmupYears, c.Run.Years))
	fmt.Fprintf(w, "%s events in %.2f s (%.1f million events/s)\n\n",
		Group(events), elapsed.Seconds(), events/elapsed.Seconds()/1e6)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  metric\tvalue\tunit")
	for _, m := range res.Metrics {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.Name, numfmt.Human(m.Value), Unit(m.Name))
	}
	tw.Flush()
	if len(res.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, s := range res.Warnings {
			fmt.Fprintf(w, "warning: %s\n", s)
		}
	}
}

// OutputSet is an output set: files, the metric dictionary (metrics.json),
// and every chart's data (NAME.csv, if it has any) and its rendering in
// each of formats. A cancelled ctx between charts stops it with ctx's
// error.
func OutputSet(ctx context.Context, files []File, charts []*plots.Chart, formats []string) ([]File, error) {
	files = append(files, File{Name: "metrics.json", Data: nhs.MetricDictionary()})
	for _, ch := range charts {
		if ch.Data != nil {
			files = append(files, File{Name: ch.Name + ".csv", Data: ch.Data})
		}
		for _, format := range formats {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			data, err := ch.Render(format)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: ch.Name + "." + format, Data: data})
		}
	}
	return files, nil
}
