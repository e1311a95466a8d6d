package uncertainty

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
	"github.com/nhssim/nhssim/sim/provenance"
	"github.com/nhssim/nhssim/sim/runner"
	"github.com/nhssim/nhssim/sim/sweep"
)

// An uncertainty sweep runs the same N draws at every point of a sweep, R
// replicates each, so that the points are compared under common parameter
// draws as well as common random numbers. The sweep's own machinery runs
// it — results in point and draw order, resuming, shards, Slurm arrays and
// merging — with a point's draw as its unit of work; this file makes the
// draws and summarises each point's outcome as an analysis of its own.

// PrepareSweep designs n draws from seed for plan and sets them on it
// ([sweep.Plan.SetDraws]). Held, not drawn, are the levers that the
// sweep's scenarios set differently, the parameters the sweep varies and
// the ones its spec sets: those are chosen, not uncertain. It checks, on
// up to workers goroutines, that every draw makes every scenario valid at
// every point. Bad input is an *InputError, or a point's
// *sweep.PointError.
func PrepareSweep(ctx context.Context, plan *sweep.Plan, in *Inputs, n int, seed uint64, workers int) (*Design, error) {
	cfgs, err := pointConfigs(plan, 0)
	if err != nil {
		return nil, err
	}
	held := Levers(cfgs)
	for _, path := range plan.Columns {
		held = append(held, paramOf(path))
	}
	for _, o := range plan.Spec.Fixed {
		held = append(held, paramOf(o.Path))
	}
	d, err := NewDesign(in.Dists, held, n, seed, in.Sample)
	if err != nil {
		return nil, inputErrorf("--uncertainty: %v", err)
	}
	if err := runner.CheckRuns("sweep --uncertainty", plan.Units()*len(plan.Names), len(plan.Seeds)); err != nil {
		return nil, inputErrorf("%v", err)
	}
	checks, err := runner.Map(ctx, len(plan.Points), workers, func(p int) error {
		cfgs, err := pointConfigs(plan, p)
		if err != nil {
			return err
		}
		if err := d.Check(plan.Names, cfgs); err != nil {
			return inputErrorf("%s: point %d (%s): %v", plan.Spec.File, p, strings.Join(plan.Sets(p), ", "), err)
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	for _, err := range checks {
		if err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(d.DesignCSV())
	plan.SetDraws(n, d.Apply, hex.EncodeToString(sum[:8]))
	return d, nil
}

// pointConfigs returns every scenario of plan at point p.
func pointConfigs(plan *sweep.Plan, p int) ([]nhs.Config, error) {
	cfgs := make([]nhs.Config, len(plan.Names))
	for s := range cfgs {
		var err error
		if cfgs[s], err = plan.Config(p, s); err != nil {
			return nil, err
		}
	}
	return cfgs, nil
}

// paramOf is the registry parameter of a path, without an element's index.
func paramOf(path string) string {
	p, _, _ := strings.Cut(path, "[")
	return p
}

// SweepOutcome is an uncertainty sweep's outcome: each point's runs as an
// analysis of its own, over the one design.
type SweepOutcome struct {
	Plan   *sweep.Plan
	Design *Design
	Points []*Outcome // Points[p] is point p's
}

// ReadSweep reads a finished uncertainty sweep's results (its
// results.csv, in the order the sweep writes them) into an outcome per
// point. d must be the design PrepareSweep set on plan.
func ReadSweep(ctx context.Context, plan *sweep.Plan, d *Design, path string) (*SweepOutcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	head := plan.Header()
	r.FieldsPerRecord = len(head)
	r.ReuseRecord = true
	if got, err := r.Read(); err != nil || !slices.Equal(got, head) {
		return nil, fmt.Errorf("%s: its header is not this sweep's %v", path, head)
	}
	n, reps, ns := d.N(), len(plan.Seeds), len(plan.Names)
	so := &SweepOutcome{Plan: plan, Design: d, Points: make([]*Outcome, len(plan.Points))}
	point := -1
	var flat [][]nhs.Metric // scenario-major, then draw, then replicate, as collect takes them
	finish := func() error {
		for k, run := range flat {
			if run == nil {
				return fmt.Errorf("%s: point %d lacks scenario %s, draw %d, replicate %d", path, point, plan.Names[k/(n*reps)], k/reps%n+1, k%reps+1)
			}
		}
		so.Points[point] = collect(d, plan.Names, plan.Seeds, flat)
		return nil
	}
	for line := 2; ; line++ {
		if line%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		s := slices.Index(plan.Names, rec[0])
		p, err1 := strconv.Atoi(rec[1])
		dr, err2 := strconv.Atoi(rec[2])
		rep, err3 := strconv.Atoi(rec[3])
		v, err4 := math.NaN(), error(nil)
		if val := rec[len(rec)-1]; val != "" {
			v, err4 = strconv.ParseFloat(val, 64)
		}
		if s < 0 || err1 != nil || err2 != nil || err3 != nil || err4 != nil || p < 0 || p >= len(plan.Points) || dr < 1 || dr > n || rep < 1 || rep > reps {
			return nil, fmt.Errorf("%s:%d: not a row of this sweep", path, line)
		}
		if p != point {
			if point >= 0 {
				if err := finish(); err != nil {
					return nil, err
				}
			}
			if p != point+1 {
				return nil, fmt.Errorf("%s:%d: point %d where point %d comes next", path, line, p, point+1)
			}
			point, flat = p, make([][]nhs.Metric, ns*n*reps)
		}
		k := s*n*reps + (dr-1)*reps + rep - 1
		flat[k] = append(flat[k], nhs.Metric{Name: rec[len(rec)-2], Value: v})
	}
	if point >= 0 {
		if err := finish(); err != nil {
			return nil, err
		}
	}
	if point != len(plan.Points)-1 {
		return nil, fmt.Errorf("%s: %d of the sweep's %d points", path, point+1, len(plan.Points))
	}
	return so, nil
}

// SummariseSweep reads a finished uncertainty sweep's results in dir
// (ReadSweep), summarises them point by point and writes its tables
// (Tables: levels.csv, uncertainty.csv, design.csv, draws.csv and
// uncertainty.json) beside them, for pv. It returns the outcome and its
// summary, to Report.
func SummariseSweep(ctx context.Context, plan *sweep.Plan, d *Design, dir string, pv provenance.Provenance) (*SweepOutcome, SweepSummary, error) {
	so, err := ReadSweep(ctx, plan, d, filepath.Join(dir, sweep.ResultsFile))
	if err != nil {
		return nil, SweepSummary{}, err
	}
	ss := so.Summarise()
	for _, file := range so.Tables(ss, pv, &Inputs{}) {
		if err := runner.WriteFile(filepath.Join(dir, file.Name), file.Data); err != nil {
			return nil, SweepSummary{}, err
		}
	}
	return so, ss, nil
}

// MetricLevel is one scenario's metric at one point over the draws: the median
// and 95% uncertainty interval of the draws' values (each the mean over
// the draw's replicates).
type MetricLevel struct {
	Scenario, Metric string
	Draws            int // draws with a value
	Median, Lo, Hi   float64
}

// Levels summarises every scenario's metrics over the draws, scenario by
// scenario, headline metrics first.
func (o *Outcome) Levels() []MetricLevel {
	var out []MetricLevel
	for s, name := range o.Scenarios {
		for j, m := range o.Metrics {
			var means []float64
			for i := range o.Design.N() {
				sum := 0.0
				for r := range o.Seeds {
					sum += o.Y[s][i][r][j]
				}
				if x := sum / float64(len(o.Seeds)); !math.IsNaN(x) {
					means = append(means, x)
				}
			}
			slices.Sort(means)
			out = append(out, MetricLevel{Scenario: name, Metric: m, Draws: len(means),
				Median: Quantile(means, 0.5), Lo: Quantile(means, (1-Level)/2), Hi: Quantile(means, (1+Level)/2)})
		}
	}
	return out
}

// SweepSummary is an uncertainty sweep's summaries, point by point.
type SweepSummary struct {
	Levels [][]MetricLevel // Levels[p]: point p's levels
	Diffs  [][]Summary     // Diffs[p]: point p's differences from the first scenario; none for a sweep of one scenario
}

// Summarise summarises every point.
func (so *SweepOutcome) Summarise() SweepSummary {
	var ss SweepSummary
	for _, o := range so.Points {
		ss.Levels = append(ss.Levels, o.Levels())
		ss.Diffs = append(ss.Diffs, o.Summarise())
	}
	return ss
}

// Tables are an uncertainty sweep's tables, each led by the point and its
// values: levels.csv (each scenario's metrics over the draws),
// uncertainty.csv (each scenario's differences from the first, as compare
// --uncertainty writes them; with one scenario, only its header),
// design.csv (the draws, the same at every point), draws.csv (tidy:
// point, draw, scenario, replicate, seed, metric, value) and
// uncertainty.json (the design, as compare --uncertainty's manifest.json).
func (so *SweepOutcome) Tables(ss SweepSummary, pv provenance.Provenance, in *Inputs) []runner.File {
	plan := so.Plan
	lead := slices.Concat([]string{"point"}, plan.Columns)
	levels := [][]string{slices.Concat(lead, []string{"scenario", "metric", "median", "ui_lo", "ui_hi", "draws", "replicates"})}
	diffs := [][]string{slices.Concat(lead, summaryHeader)}
	var draws bytes.Buffer
	draws.WriteString("point,draw,scenario,replicate,seed,metric,value\n")
	for p, o := range so.Points {
		at := slices.Concat([]string{strconv.Itoa(p)}, cells(plan.Points[p]))
		for _, l := range ss.Levels[p] {
			levels = append(levels, slices.Concat(at, []string{l.Scenario, l.Metric, num(l.Median), num(l.Lo), num(l.Hi), strconv.Itoa(l.Draws), strconv.Itoa(len(o.Seeds))}))
		}
		for _, s := range ss.Diffs[p] {
			diffs = append(diffs, slices.Concat(at, s.row()))
		}
		o.writeDraws(&draws, strconv.Itoa(p)+",")
	}
	return []runner.File{
		{Name: "levels.csv", Data: writeCSV(levels)},
		{Name: "uncertainty.csv", Data: writeCSV(diffs)},
		{Name: "design.csv", Data: so.Design.DesignCSV()},
		{Name: "draws.csv", Data: draws.Bytes()},
		{Name: "uncertainty.json", Data: so.Points[0].Manifest(pv, in.Distributions, in.BandsFile)},
	}
}

func cells(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = numfmt.Cell(v)
	}
	return out
}

// maxReported is the most points whose headlines Report prints; the
// tables hold them all.
const maxReported = 12

// Report prints an uncertainty sweep for people: the design, then for
// each point (up to maxReported) its values and every headline metric:
// with two or more scenarios, each one's difference from the first
// (median, 95% uncertainty interval and P(better), as a verdict); with one,
// its level.
func (so *SweepOutcome) Report(w io.Writer, ss SweepSummary) {
	d, plan := so.Design, so.Plan
	reps := "replicates (seeds common to every point, scenario and draw)"
	if len(plan.Seeds) == 1 {
		reps = "1 replicate (its seed common to every point, scenario and draw)"
	} else {
		reps = strconv.Itoa(len(plan.Seeds)) + " " + reps
	}
	fmt.Fprintf(w, "Every point ran the same %d parameter draws (Latin hypercube, design seed %d) × %s; %d parameters drawn from the registry's distributions", d.N(), d.Seed, reps, len(d.Factors))
	if len(d.Held) > 0 {
		fmt.Fprintf(w, "; held, as the sweep's levers, varied or set parameters: %s", strings.Join(d.Held, ", "))
	}
	fmt.Fprintln(w, ".")
	if d.N() < minDraws {
		fmt.Fprintf(w, "With fewer than %d draws the 95%% uncertainty interval is little more than the range of the draws, and the shares are coarse: read them as a trial run.\n", minDraws)
	}
	for p := range min(len(so.Points), maxReported) {
		fmt.Fprintf(w, "\npoint %d", p)
		if len(plan.Columns) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(plan.Sets(p), ", "))
		}
		fmt.Fprintln(w, ":")
		if len(plan.Names) > 1 {
			for _, s := range ss.Diffs[p] {
				if isHeadline(s.Metric) {
					fmt.Fprint(w, "  ")
					s.Verdict(w)
				}
			}
			continue
		}
		for _, l := range ss.Levels[p] {
			if isHeadline(l.Metric) {
				info, _ := nhs.LookupMetric(l.Metric)
				fmt.Fprintf(w, "  %s: median %s, 95%% UI %s to %s over %d draws\n", info.Label, numfmt.Human(l.Median), numfmt.Human(l.Lo), numfmt.Human(l.Hi), l.Draws)
			}
		}
	}
	if len(so.Points) > maxReported {
		fmt.Fprintf(w, "\n… and %d more points: see levels.csv and uncertainty.csv\n", len(so.Points)-maxReported)
	}
}
