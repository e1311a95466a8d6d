package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/scenario"
)

// tiny is a sweep of tiny runs (4,000 patients for a year, about 10 ms
// each): 2 scenarios × 2 replicates at 2 × 3 points.
const tiny = `name: tiny
scenarios: [market-contract, regional-collaborative]
replicates: 2
seed: 5
patients: 4000
years: 1
warmup_years: 0
vary:
  - {param: hospitals.los_mean_days, values: [5, 7]}
latin_hypercube:
  points: 3
  params: [continuity.discontinuity_or, general_practice.gps_per_practice]
`

// plan parses and plans a spec written in a file named file.
func plan(t testing.TB, file, spec string) *Plan {
	t.Helper()
	s, err := ParseSpec(file, []byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s, scenario.Loader{Shipped: os.DirFS("../../scenarios")})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanPoints(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	if got, want := p.Columns, []string{"hospitals.los_mean_days", "continuity.discontinuity_or", "general_practice.gps_per_practice"}; !slices.Equal(got, want) {
		t.Errorf("columns %q, want %q", got, want)
	}
	if !slices.Equal(p.Names, []string{"market-contract", "regional-collaborative"}) || !slices.Equal(p.Seeds, []uint64{5, 6}) {
		t.Errorf("names %q, seeds %v", p.Names, p.Seeds)
	}
	if len(p.Points) != 6 {
		t.Fatalf("%d points, want 2 × 3", len(p.Points))
	}
	// The vary entry varies slowest; the hypercube's points repeat under
	// each of its values.
	for i, pt := range p.Points {
		if want := []string{"5", "7"}[i/3]; pt[0] != want {
			t.Errorf("point %d: los %s, want %s", i, pt[0], want)
		}
		if !slices.Equal(pt[1:], p.Points[i%3][1:]) {
			t.Errorf("point %d: hypercube values %q, want point %d's %q", i, pt[1:], i%3, p.Points[i%3][1:])
		}
	}
	// One hypercube point in each third of discontinuity_or's range [1, 2.32].
	var strata []int
	for _, pt := range p.Points[:3] {
		x, _ := strconv.ParseFloat(pt[1], 64)
		strata = append(strata, int((x-1)/(2.32-1)*3))
		if n, err := strconv.Atoi(pt[2]); err != nil || n < 1 || n > 15 {
			t.Errorf("gps_per_practice %q: want a whole number in [1, 15]", pt[2])
		}
	}
	slices.Sort(strata)
	if !slices.Equal(strata, []int{0, 1, 2}) {
		t.Errorf("discontinuity_or strata %v, want one point in each third", strata)
	}
	if got, want := strings.Join(p.Header(), ","), "scenario,point,replicate,seed,hospitals.los_mean_days,continuity.discontinuity_or,general_practice.gps_per_practice,metric,value"; got != want {
		t.Errorf("header %s", got)
	}

	// Explicit points, crossed with vary like a hypercube's, in the order
	// written; PointsYAML writes them back.
	pts := PointsYAML([]string{"continuity.discontinuity_or", "general_practice.gps_per_practice"}, [][]string{{"1.5", "3"}, {"2", "4"}})
	p = plan(t, "pts.yaml", "scenarios: [england]\nvary:\n  - {param: hospitals.los_mean_days, values: [5, 7]}\n"+pts)
	if got := fmt.Sprint(p.Points); got != "[[5 1.5 3] [5 2 4] [7 1.5 3] [7 2 4]]" {
		t.Errorf("explicit points %s", got)
	}

	// With no seed, the first scenario's; with neither vary nor hypercube,
	// one point.
	p = plan(t, "one.yaml", "scenarios: [england]\nreplicates: 3\n")
	if len(p.Points) != 1 || len(p.Columns) != 0 || !slices.Equal(p.Seeds, []uint64{1, 2, 3}) {
		t.Errorf("one point: %d points, columns %q, seeds %v", len(p.Points), p.Columns, p.Seeds)
	}
}

func TestPlanHash(t *testing.T) {
	base := plan(t, "tiny.yaml", tiny).Hash
	for _, test := range []struct {
		name, spec string
		same       bool
	}{
		{"comments and layout", "# tiny, again\n" + strings.ReplaceAll(tiny, "name: tiny", "name:   tiny   # a comment"), true},
		{"name", strings.Replace(tiny, "name: tiny", "name: other", 1), true},
		{"a value", strings.Replace(tiny, "[5, 7]", "[5, 8]", 1), false},
		{"the seed", strings.Replace(tiny, "seed: 5", "seed: 6", 1), false},
		{"the hypercube's seed", strings.Replace(tiny, "points: 3", "points: 3\n  seed: 9", 1), false},
		{"replicates", strings.Replace(tiny, "replicates: 2", "replicates: 3", 1), false},
		{"a scenario", strings.Replace(tiny, "regional-collaborative", "england", 1), false},
		{"the patients", strings.Replace(tiny, "patients: 4000", "patients: 4100", 1), false},
	} {
		if got := plan(t, "tiny.yaml", test.spec).Hash; (got == base) != test.same {
			t.Errorf("%s: hash %s, base %s; want the same: %t", test.name, got, base, test.same)
		}
	}
}

func TestPlanScenarios(t *testing.T) {
	dir := t.TempDir()
	mine := "extends: england\nname: mine\nhospitals: {los_mean_days: 6}\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	// A path is relative to the spec.
	p := plan(t, filepath.Join(dir, "spec.yaml"), "scenarios: [england, mine.yaml]\npatients: 4000\n")
	if !slices.Equal(p.Names, []string{"england", "mine"}) {
		t.Errorf("names %q", p.Names)
	}
	cfg, err := p.Config(0, 1)
	if err != nil || cfg.Hospitals.LOSMeanDays != 6 || cfg.Population.Patients != 4000 {
		t.Errorf("mine at point 0: los %g, patients %d, %v", cfg.Hospitals.LOSMeanDays, cfg.Population.Patients, err)
	}

	s, _ := ParseSpec("two.yaml", []byte("scenarios: [england, england]\n"))
	var ie *InputError
	if _, err := NewPlan(s, scenario.Loader{Shipped: os.DirFS("../../scenarios")}); !errors.As(err, &ie) || !strings.Contains(err.Error(), `both named "england"`) {
		t.Errorf("two englands: %v", err)
	}
	s, _ = ParseSpec("bad.yaml", []byte("scenarios: [no-such-scenario]\n"))
	var se *scenario.Error
	if _, err := NewPlan(s, scenario.Loader{Shipped: os.DirFS("../../scenarios")}); !errors.As(err, &se) {
		t.Errorf("an unknown scenario: %v", err)
	}
}

func TestCheck(t *testing.T) {
	// Base scenarios may be invalid with the fixed values alone: the points
	// are what run.
	p := plan(t, "warm.yaml", "scenarios: [england]\nyears: 1\nvary:\n  - {param: run.warmup_years, values: [0, 0.5, 1, 2]}\n")
	err := p.Check(context.Background(), []int{0, 1, 2, 3}, 2)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an *InputError", err)
	}
	for _, want := range []string{"2 of the sweep's 4 scenario points are not valid scenarios", "point 2 of england (run.warmup_years=1)", "run.warmup_years: 1 must be less than run.years (1)", "point 3 of england"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if err := p.Check(context.Background(), []int{0, 1}, 2); err != nil {
		t.Errorf("valid points: %v", err)
	}
}

// runAll runs points and returns the rows written, in order.
func runAll(t *testing.T, p *Plan, points []int, workers int) []byte {
	t.Helper()
	var out bytes.Buffer
	var got []int
	err := p.Run(context.Background(), points, workers, func(point int, rows []byte) error {
		got = append(got, point)
		out.Write(rows)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, points) {
		t.Errorf("points written in order %v, want %v", got, points)
	}
	return out.Bytes()
}

func TestRunWorkers(t *testing.T) {
	// The rows do not depend on the number of workers, and each point's rows
	// are its scenarios' replicates with their seeds.
	p := plan(t, "tiny.yaml", tiny)
	all := []int{0, 1, 2, 3, 4, 5}
	one := runAll(t, p, all, 1)
	three := runAll(t, p, all, 3)
	if !bytes.Equal(one, three) {
		t.Error("rows differ between 1 and 3 workers")
	}
	lines := strings.Split(strings.TrimSuffix(string(one), "\n"), "\n")
	if !strings.HasPrefix(lines[0], "market-contract,0,1,5,5,") {
		t.Errorf("first row %q", lines[0])
	}
	seen := map[string]bool{}
	for _, l := range lines {
		f := strings.Split(l, ",")
		seen[f[0]+" "+f[2]+" "+f[3]] = true
	}
	for _, want := range []string{"market-contract 1 5", "market-contract 2 6", "regional-collaborative 1 5", "regional-collaborative 2 6"} {
		if !seen[want] {
			t.Errorf("no rows of %s (scenario, replicate, seed)", want)
		}
	}
	// A subset runs the same as in the whole.
	sub := runAll(t, p, []int{4}, 2)
	if !bytes.Contains(one, sub) {
		t.Error("point 4 alone differs from point 4 in the whole sweep")
	}
}

func TestRunBounded(t *testing.T) {
	// While the first point's write is held up, no more than 2×workers
	// points are started.
	p := plan(t, "many.yaml", "scenarios: [england]\npatients: 4000\nyears: 1\nwarmup_years: 0\nvary:\n  - {param: discharge.trust_effect, grid: {from: 0, to: 0.5, steps: 12}}\n")
	const workers = 2
	var runs atomic.Int64
	release := make(chan struct{})
	var once sync.Once
	go func() {
		time.Sleep(300 * time.Millisecond)
		if n := runs.Load(); n > 2*workers*int64(p.Runs()) {
			t.Errorf("%d runs done while point 0 waited to be written; at most %d points may be in hand", n, 2*workers)
		}
		once.Do(func() { close(release) })
	}()
	var written []int
	err := p.Run(context.Background(), Shard{}.Points(len(p.Points)), workers, func(point int, rows []byte) error {
		<-release
		written = append(written, point)
		return nil
	}, func() { runs.Add(1) })
	if err != nil || len(written) != 12 {
		t.Errorf("wrote %v, %v", written, err)
	}
}

func TestRunStops(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	all := Shard{}.Points(len(p.Points))

	// Cancelled after two points: it returns the context's error, having
	// written a prefix of the points in order.
	ctx, cancel := context.WithCancel(context.Background())
	var written []int
	err := p.Run(ctx, all, 2, func(point int, rows []byte) error {
		written = append(written, point)
		if len(written) == 2 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) || len(written) < 2 || !slices.Equal(written, all[:len(written)]) {
		t.Errorf("cancelled: wrote %v, %v", written, err)
	}

	// A failed write stops it, and nothing more is written.
	boom := errors.New("disk full")
	written = nil
	err = p.Run(context.Background(), all, 2, func(point int, rows []byte) error {
		written = append(written, point)
		return boom
	}, nil)
	if !errors.Is(err, boom) || !slices.Equal(written, []int{0}) {
		t.Errorf("failed write: wrote %v, %v", written, err)
	}
}

// With draws, a point's draw is the unit: the units run point-major, the
// draw's values applied over the point's, keyed by point and draw; the
// hash covers the draws; without draws nothing changes.
func TestPlanDraws(t *testing.T) {
	p := plan(t, "tiny.yaml", tiny)
	base, header := p.Hash, p.Header()
	if p.Units() != 6 || p.Spec.Uncertainty != nil {
		t.Fatalf("%d units without draws, uncertainty %v", p.Units(), p.Spec.Uncertainty)
	}
	// A "draw" sets the number of GPs a practice has to 3 + the draw.
	apply := func(c *nhs.Config, d int) { c.GP.GPsPerPractice = 3 + d }
	p.SetDraws(2, apply, "d1")
	if p.Hash == base {
		t.Error("draws leave the hash unchanged")
	}
	first := p.Hash
	if p.SetDraws(2, apply, "d2"); p.Hash == first {
		t.Error("another design leaves the hash unchanged")
	}
	if got, want := p.Header(), slices.Insert(slices.Clone(header), 2, "draw"); !slices.Equal(got, want) {
		t.Errorf("header %q, want %q", got, want)
	}
	if p.Units() != 12 || p.DescribeUnits() != "12 point×draw units (6 points × 2 draws)" {
		t.Errorf("%d units: %s", p.Units(), p.DescribeUnits())
	}
	for u, want := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}} {
		if pt, d := p.Unit(u); pt != want[0] || d != want[1] {
			t.Errorf("unit %d is point %d draw %d, want %v", u, pt, d, want)
		}
	}
	c, err := p.UnitConfig(3, 1) // point 1, draw 1, regional-collaborative
	point, _ := p.Config(1, 1)
	if err != nil || c.GP.GPsPerPractice != 4 || c.Hospitals.LOSMeanDays != point.Hospitals.LOSMeanDays {
		t.Errorf("unit 3: %v, %d GPs a practice, length of stay %v (the point's %v)", err, c.GP.GPsPerPractice, c.Hospitals.LOSMeanDays, point.Hospitals.LOSMeanDays)
	}
	rows := string(runAll(t, p, []int{3}, 2))
	if !strings.HasPrefix(rows, "market-contract,1,2,1,5,") || !strings.Contains(rows, "\nregional-collaborative,1,2,2,6,") {
		t.Errorf("unit 3's rows start %.200q", rows)
	}
}

// InputMessage tells bad input to a sweep from other errors, and says what
// is wrong with it.
func TestInputMessage(t *testing.T) {
	issue := scenario.IssueAt("spec.yaml", 3, 13, "vary[0].param", "unknown parameter")
	spec := &scenario.Error{Issues: []*scenario.Issue{issue}}
	for _, test := range []struct {
		name string
		err  error
		want string // "" for not bad input
	}{
		{"input", &InputError{"--shard 3/3: out of range"}, "--shard 3/3: out of range"},
		{"spec", fmt.Errorf("reading: %w", spec), "the sweep spec has 1 problem:\n  spec.yaml:3:13: vary[0].param: unknown parameter"},
		{"point", &PointError{Point: 2, Scenario: "x", Sets: []string{"a=1"}, Err: spec}, "point 2 (a=1) of x is not a valid scenario: spec.yaml:3:13: vary[0].param: unknown parameter"},
		{"other", errors.New("disk full"), ""},
		{"nil", nil, ""},
	} {
		msg, ok := InputMessage(test.err)
		if msg != test.want || ok != (test.want != "") {
			t.Errorf("%s: %q, %v; want %q", test.name, msg, ok, test.want)
		}
	}
}
