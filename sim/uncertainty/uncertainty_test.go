package uncertainty

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/sensitivity"
)

// firstOrderOf returns FirstOrder of every input of f over an n-point Latin
// hypercube in [0,1)^k.
func firstOrderOf(n, k int, f func(u []float64) float64) []float64 {
	x := sensitivity.LatinHypercube(n, k, rand.NewPCG(7, 1))
	y := make([]float64, n)
	for i := range x {
		y[i] = f(x[i])
	}
	out := make([]float64, k)
	for j := range k {
		u := make([]float64, n)
		for i := range x {
			u[i] = x[i][j]
		}
		out[j] = FirstOrder(u, y)
	}
	return out
}

// A linear model of independent uniform inputs has S_j = a_j² / Σ a², and
// an input it does not use has 0.
func TestFirstOrderLinear(t *testing.T) {
	a := []float64{1, 2, 0, 0.5}
	got := firstOrderOf(1024, len(a), func(u []float64) float64 {
		y := 0.0
		for j := range a {
			y += a[j] * u[j]
		}
		return y
	})
	total := 0.0
	for _, x := range a {
		total += x * x
	}
	for j := range a {
		if want := a[j] * a[j] / total; math.Abs(got[j]-want) > 0.04 {
			t.Errorf("S[%d] = %.3f, want %.3f", j, got[j], want)
		}
	}
	if got[2] > 0.01 {
		t.Errorf("an input that touches nothing has S = %.3f, want near 0", got[2])
	}
}

// The Ishigami function (a = 7, b = 0.1, inputs uniform on [−π, π]) has
// S1 ≈ 0.3139, S2 ≈ 0.4424 and S3 = 0, though x3 interacts with x1; a
// fourth input is unused.
func TestFirstOrderIshigami(t *testing.T) {
	const a, b = 7.0, 0.1
	got := firstOrderOf(4096, 4, func(u []float64) float64 {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		return math.Sin(x1) + a*math.Sin(x2)*math.Sin(x2) + b*math.Pow(x3, 4)*math.Sin(x1)
	})
	v := a*a/8 + b*math.Pow(math.Pi, 4)/5 + b*b*math.Pow(math.Pi, 8)/18 + 0.5
	want := []float64{(0.5 * math.Pow(1+b*math.Pow(math.Pi, 4)/5, 2)) / v, a * a / 8 / v, 0, 0}
	for j := range want {
		if math.Abs(got[j]-want[j]) > 0.03 {
			t.Errorf("S[%d] = %.4f, want %.4f", j, got[j], want[j])
		}
	}
}

// Noise on the output does not lift an unused input's index: the ANOVA
// correction removes what noise within the bins gives the bins' means.
func TestFirstOrderNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var sum float64
	const trials = 20
	for range trials {
		x := sensitivity.LatinHypercube(128, 2, rand.NewPCG(rng.Uint64(), 0))
		y := make([]float64, len(x))
		u := make([]float64, len(x))
		for i := range x {
			y[i] = x[i][0] + 0.3*rng.NormFloat64()
			u[i] = x[i][1]
		}
		sum += FirstOrder(u, y)
	}
	if mean := sum / trials; mean > 0.03 {
		t.Errorf("an unused input's index averages %.3f over %d noisy samples of 128, want near 0", mean, trials)
	}
}

func TestNewDesignErrors(t *testing.T) {
	for _, n := range []int{0, 1, MaxDraws + 1} {
		if _, err := NewDesign(nil, nil, n, 1, nil); err == nil {
			t.Errorf("%d draws: no error", n)
		}
	}
	lonely := map[string]nhs.Dist{"continuity.discontinuity_days": {Kind: nhs.DistUniform, Link: "lonely"}}
	if _, err := NewDesign(lonely, nil, 8, 1, nil); err == nil || !strings.Contains(err.Error(), "lonely") {
		t.Errorf("a link of one: err = %v", err)
	}
	bad := map[string]nhs.Dist{"hospitals.los_mean_days": {Kind: nhs.DistBeta, A: 2, B: 2}} // a range of days is not within [0, 1]
	if _, err := NewDesign(bad, nil, 8, 1, nil); err == nil {
		t.Error("beta over a range beyond [0, 1]: no error")
	}
}

func TestDesign(t *testing.T) {
	d, err := NewDesign(nil, []string{"discharge.assessment_days"}, 16, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := NewDesign(nil, []string{"discharge.assessment_days"}, 16, 5, nil)
	if !bytes.Equal(d.DesignCSV(), again.DesignCSV()) {
		t.Error("the same seed gave a different design")
	}
	other, _ := NewDesign(nil, nil, 16, 6, nil)
	if bytes.Equal(d.DesignCSV(), other.DesignCSV()) {
		t.Error("another seed gave the same design")
	}
	col := map[string]int{}
	for f, fa := range d.Factors {
		col[fa.Param.Path] = f
		if fa.Param.Path == "discharge.assessment_days" {
			t.Error("a held parameter was drawn")
		}
	}
	rate, cv := col["general_practice.turnover_rate"], col["general_practice.turnover_cv"]
	for i := range d.N() {
		if u, v := d.Quantile(i, rate), d.Quantile(i, cv); math.Abs(u+v-1) > 1e-12 {
			t.Errorf("draw %d: linked countermonotone quantiles %g and %g do not add to 1", i, u, v)
		}
	}
	base := nhs.Defaults()
	if err := d.Check([]string{"defaults"}, []nhs.Config{base}); err != nil {
		t.Error(err)
	}
	d.Apply(&base, 3)
	p := d.Factors[col["discharge.funding_decision_days"]]
	if got, want := base.Discharge.FundingDecisionDays, d.Values[3][col["discharge.funding_decision_days"]][0]; got != want || got < p.Param.Range[0] || got > p.Param.Range[1] {
		t.Errorf("draw 4 set funding_decision_days to %g, want %g within its range", got, want)
	}
}

// synthetic builds an outcome of one metric for two scenarios from f,
// which gives scenario s's value at draw i, replicate r.
func synthetic(n, r int, metric string, f func(s, i, rep int) float64) *Outcome {
	d, _ := NewDesign(nil, nil, n, 1, nil)
	o := &Outcome{Design: d, Scenarios: []string{"a", "b"}, Seeds: make([]uint64, r), Metrics: []string{metric}}
	o.Y = make([][][][]float64, 2)
	for s := range o.Y {
		o.Y[s] = make([][][]float64, n)
		for i := range n {
			o.Y[s][i] = make([][]float64, r)
			for rep := range r {
				o.Y[s][i][rep] = []float64{f(s, i, rep)}
			}
		}
	}
	return o
}

// Two identical scenarios under common random numbers give no difference
// at all: a median of 0, each better in half the draws (the ties split),
// and a difference marked fixed.
func TestIdenticalScenarios(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := make([]float64, 64*2)
	for i := range vals {
		vals[i] = 100 + 10*rng.NormFloat64()
	}
	o := synthetic(64, 2, "emergency_admissions_per_1000", func(s, i, rep int) float64 { return vals[i*2+rep] })
	s := o.Summarise()[0]
	if s.Median != 0 || s.PBetter != 0.5 || s.PWorse != 0.5 || !s.Fixed || s.PBetterMID != 0 {
		t.Errorf("identical scenarios: %+v", s)
	}
}

// Two scenarios that differ only by noise (no common random numbers)
// give differences centred on 0 and each better in about half the draws.
func TestNoiseOnlyDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const n = 400
	o := synthetic(n, 2, "emergency_admissions_per_1000", func(s, i, rep int) float64 { return 100 + rng.NormFloat64() })
	s := o.Summarise()[0]
	se := 1 / math.Sqrt(n) // each draw's mean difference has sd 1
	if math.Abs(s.Median) > 4*se {
		t.Errorf("median %g, want within %g of 0", s.Median, 4*se)
	}
	if math.Abs(s.PBetter-0.5) > 4*0.5/math.Sqrt(n) {
		t.Errorf("P(better) = %g, want near 0.5", s.PBetter)
	}
	if s.Fixed {
		t.Error("a noisy difference is marked fixed")
	}
	// Noise alone is all the spread, so the noise share is near 1 and the
	// noise-only interval about as wide as the uncertainty interval.
	if s.NoiseShare < 0.7 {
		t.Errorf("noise share %g, want near 1", s.NoiseShare)
	}
}

// A difference that follows one parameter is driven by it: the parameter's
// index is large, and P(better) follows the share of its range where the
// difference is negative.
func TestDriverFound(t *testing.T) {
	const n = 256
	o := fundingDriven(n, 0)
	s := o.Summarise()[0]
	if len(s.Drivers) == 0 || s.Drivers[0].Param != "discharge.funding_decision_days" || s.Drivers[0].Index < 0.9 {
		t.Errorf("drivers: %+v", s.Drivers[:min(3, len(s.Drivers))])
	}
	if !(s.Floor > 0 && s.Floor < 0.2) || s.Drivers[1].Index > s.Floor {
		t.Errorf("chance floor %g with %d draws; second driver %+v", s.Floor, n, s.Drivers[1])
	}
	if math.Abs(s.PBetter-0.25) > 0.02 {
		t.Errorf("P(better) = %g, want 0.25", s.PBetter)
	}
	var b bytes.Buffer
	s.Verdict(&b)
	if !strings.Contains(b.String(), "a was better in 75% of 256 parameter draws") || !strings.Contains(b.String(), "funding_decision_days") {
		t.Errorf("verdict: %s", b.String())
	}
}

// fundingDriven is an outcome of n draws whose delayed bed-days difference
// follows discharge.funding_decision_days alone: lower (better) in the
// bottom quarter of its draws; replicate r adds r times step.
func fundingDriven(n int, step float64) *Outcome {
	d, _ := NewDesign(nil, nil, n, 1, nil)
	f := slices.IndexFunc(d.Factors, func(fa Factor) bool { return fa.Param.Path == "discharge.funding_decision_days" })
	o := synthetic(n, 2, "delayed_bed_days_per_1000", func(s, i, rep int) float64 {
		if s == 0 {
			return 50
		}
		return 50 + 20*(d.Quantile(i, f)-0.25) + step*float64(rep)
	})
	o.Design = d
	return o
}

// The same design seed gives byte-identical draws.csv whatever the number
// of workers, on the model itself.
func TestDrawsCSVWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model")
	}
	cfg := nhs.Defaults()
	cfg.Population.Patients, cfg.Run.Years, cfg.Run.WarmupYears = 3000, 1, 0.25
	d, err := NewDesign(nil, nil, 3, 11, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"x", "y"}
	cfgs := []nhs.Config{cfg, cfg}
	if err := d.Check(names, cfgs); err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for _, w := range []int{1, 3} {
		o, err := Run(context.Background(), d, names, cfgs, []uint64{1, 2}, w, nil)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o.DrawsCSV())
		if w == 1 {
			for _, s := range o.Summarise() {
				if s.Draws > 0 && (!s.Fixed || s.PBetter != 0.5 && !math.IsNaN(s.PBetter)) {
					t.Errorf("identical scenarios on the model: %s: %+v", s.Metric, s)
				}
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("draws.csv differs between 1 and 3 workers")
	}
	if n := bytes.Count(outs[0], []byte("\n")); n < 2*3*2*10 {
		t.Errorf("draws.csv has %d lines", n)
	}
}

// The transfers between NHS bodies, outside the cost total, are reported
// over the draws; none, and nothing is said.
func TestReportTransfers(t *testing.T) {
	o := synthetic(8, 2, nhs.DuplicationCostPerHead, func(s, i, rep int) float64 { return 100 - 30*float64(s) })
	o.Metrics = append(o.Metrics, nhs.TransfersPerHead)
	for s := range o.Y {
		for i := range o.Y[s] {
			for rep := range o.Y[s][i] {
				o.Y[s][i][rep] = append(o.Y[s][i][rep], 10*float64(1-s)) // transfers of 10 in a, none in b
			}
		}
	}
	var b bytes.Buffer
	o.reportTransfers(&b)
	if got := b.String(); !strings.Contains(got, "Transfers between NHS bodies") || !strings.Contains(got, "median -10") {
		t.Errorf("transfers: %s", got)
	}
	for s := range o.Y {
		for i := range o.Y[s] {
			for rep := range o.Y[s][i] {
				o.Y[s][i][rep][len(o.Metrics)-1] = 0
			}
		}
	}
	b.Reset()
	if o.reportTransfers(&b); b.Len() != 0 {
		t.Errorf("no transfers, yet: %s", b.String())
	}
}

// The appraisal over draws: the plane is each draw's (ΔC, ΔQ), the
// acceptability curve the share of draws with a positive net monetary
// benefit, and the EVPI what perfect information would add.
func TestAppraisals(t *testing.T) {
	// Draw i: b costs 100·(i−3.5) more a head and loses 0.001 fewer QALYs
	// (QALYs lost are a − 0.001 in b).
	o := synthetic(8, 2, nhs.AppraisalCost, func(s, i, rep int) float64 { return float64(s) * 100 * (float64(i) - 3.5) })
	o.Metrics = append(o.Metrics, nhs.AppraisalQALYs)
	for s := range o.Y {
		for i := range o.Y[s] {
			for rep := range o.Y[s][i] {
				o.Y[s][i][rep] = append(o.Y[s][i][rep], 1-0.001*float64(s))
			}
		}
	}
	as := o.Appraisals()
	if len(as) != 1 || len(as[0].Pairs) != 8 {
		t.Fatalf("appraisals %+v", as)
	}
	a := as[0]
	for i, p := range a.Pairs {
		if math.Abs(p.Cost-100*(float64(i)-3.5)) > 1e-9 || math.Abs(p.QALY-0.001) > 1e-12 {
			t.Errorf("draw %d: %+v", i, p)
		}
	}
	// At £0 a QALY, cost effective where it saves money: 4 of 8 draws; at
	// £100,000, NMB = 100 − ΔC > 0 for ΔC < 100: draws 0–4, 5 of 8.
	if a.CEAC[0] != 0.5 || a.CEAC[len(a.CEAC)-1] != 5.0/8 {
		t.Errorf("CEAC %v", a.CEAC)
	}
	// At £20,000 a QALY, NMB = 20 − ΔC: mean 20, positive on average, so
	// EVPI is the mean of max(−NMB, 0) over draws: (30+130+230+330)/8.
	if want := (30.0 + 130 + 230 + 330) / 8; math.Abs(a.EVPI[0]-want) > 1e-9 {
		t.Errorf("EVPI at £20,000 = %v, want %v", a.EVPI[0], want)
	}
	csv := string(AppraisalCSV(as))
	if !strings.HasPrefix(csv, "scenario,baseline,measure,threshold,draw,value\n") || !strings.Contains(csv, ",p_cost_effective,20000,,") || !strings.Contains(csv, ",evpi_per_person,70000,,") {
		t.Errorf("appraisal.csv:\n%s", csv)
	}
	var b bytes.Buffer
	ReportAppraisals(&b, as, 57700000)
	if !strings.Contains(b.String(), "at £30,000 a QALY, cost effective in") {
		t.Errorf("report: %s", b.String())
	}
}
