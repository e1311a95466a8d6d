package scenarios

import (
	"math"
	"os"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

// scaleMetrics are the headline per-1,000 (and per-head) metrics that must
// not depend on how many patients are sampled.
var scaleMetrics = []string{
	"emergency_admissions_per_1000", "upc_mean", "delayed_bed_days_per_1000",
	"mortality_30d_per_1000_admissions", "bed_occupancy", "elective_waiting_list_per_1000",
	"duplication_transaction_cost_per_head",
}

// TestScaleInvariance runs market-contract and regional-collaborative at
// the smallest representative sample (one whole local system), 4× and 16×
// it, 5 replicates each over 3 years, and checks that every headline metric's
// 99% replicate interval at 4× and 16× overlaps its interval at 1×: per-1,000
// results must not depend on the sample size. It runs 30 simulations, up to
// 14.4 million patients each (about 1,300 CPU-seconds by the per-run cost
// of the calibration; not yet timed on a free machine), so it runs only with
// NHSSIM_LONG=1, in a step of its own in .ci/run.
func TestScaleInvariance(t *testing.T) {
	if os.Getenv("NHSSIM_LONG") == "" {
		t.Skip("set NHSSIM_LONG=1: runs up to 16 local systems (14.4 million patients)")
	}
	const r = 5
	for _, name := range []string{"market-contract", "regional-collaborative"} {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		cfg := sc.Config
		cfg.Run.Years, cfg.Run.WarmupYears = 3, 1
		base := nhs.RepresentativePatients(cfg)
		type interval struct{ mean, half float64 }
		at := map[int]map[string]interval{}
		for _, k := range []int{1, 4, 16} {
			c := cfg
			c.Population.Patients = k * base
			values := map[string][]float64{}
			for _, res := range replicates(c, r) {
				for _, m := range scaleMetrics {
					v, _ := res.Metric(m)
					values[m] = append(values[m], v)
				}
			}
			at[k] = map[string]interval{}
			for _, m := range scaleMetrics {
				mean, half95, _ := meanCI(values[m])
				// From the 95% to the 99% interval: t quantiles with 4
				// degrees of freedom, 4.604 / 2.776.
				at[k][m] = interval{mean, half95 * 4.604 / 2.776}
				t.Logf("%s at %d patients: %s = %.4f ± %.4f", name, c.Population.Patients, m, mean, at[k][m].half)
			}
		}
		for _, k := range []int{4, 16} {
			for _, m := range scaleMetrics {
				a, b := at[1][m], at[k][m]
				if math.Abs(a.mean-b.mean) > a.half+b.half {
					t.Errorf("%s: %s is %.4f ± %.4f at %d patients but %.4f ± %.4f at %d× that: the 99%% intervals do not overlap",
						name, m, a.mean, a.half, base, b.mean, b.half, k)
				}
			}
		}
	}
}

// structuralLines are the accounting lines that the scenario's structure
// alone fixes (organisations, their running costs, what is bought
// centrally): the same per head at any sample size, to rounding.
var structuralLines = []string{
	"cost_per_head_commissioner_running", "cost_per_head_policy", "cost_per_head_provider_running",
	"cost_per_head_buying_premium", "cost_per_head_shared_records", "cost_per_head_virtual_wards",
	"cost_per_head_ooh_services",
}

// TestAccountingScale runs market-contract and regional-collaborative at
// the classroom's 20,000 patients and at one whole local system (900,000)
// and checks the accounting lines: those the structure fixes are equal per
// head; contracting, counted per practice, within £0.50 a head (20,000
// patients hold two or three whole practices, drawn in sizes that need not
// average practice_size; at £5,000 a contract one practice more or less
// is £0.25 a head); the total's
// 99% replicate intervals overlap, leaving out the out-of-area mental
// health placements, which are emergent (a queue for a few beds). Costs that come whole per organisation
// (an exit, an entrant's contract) are scaled by the full-size hospitals a
// simulated one stands for, so that 20,000 patients do not carry a whole
// organisation's cost. Emergent metrics are not checked here: a sample
// smaller than a local system has one hospital without rivals, so choice,
// competition, failure and queueing at full size are not reproduced
// (docs/validation.md says which metrics are biased). Runs only with
// NHSSIM_LONG=1 (16 simulations, 6 of them at 900,000 patients).
func TestAccountingScale(t *testing.T) {
	if os.Getenv("NHSSIM_LONG") == "" {
		t.Skip("set NHSSIM_LONG=1: runs 900,000 patients")
	}
	for _, name := range []string{"market-contract", "regional-collaborative"} {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		cfg := sc.Config
		cfg.Run.Years, cfg.Run.WarmupYears = 3, 1
		at := func(patients, r int) map[string][]float64 {
			c := cfg
			c.Population.Patients = patients
			v := map[string][]float64{}
			for _, res := range replicates(c, r) {
				for _, m := range append(structuralLines, "cost_per_head_contracting", nhs.DuplicationCostPerHead) {
					x, _ := res.Metric(m)
					if m == nhs.DuplicationCostPerHead {
						// Out-of-area mental health placements are
						// emergent and biased in a small sample: its
						// two or three beds overflow far more often
						// than a local system's (docs/validation.md).
						oap, _ := res.Metric("cost_per_head_mh_out_of_area")
						x -= oap
					}
					v[m] = append(v[m], x)
				}
			}
			return v
		}
		small, whole := at(20000, 5), at(nhs.RepresentativePatients(cfg), 3)
		for _, m := range structuralLines {
			a, _, _ := meanCI(small[m])
			b, _, _ := meanCI(whole[m])
			if math.Abs(a-b) > 1e-9*max(math.Abs(b), 1) {
				t.Errorf("%s: %s is £%.6f a head at 20,000 patients but £%.6f at a whole local system", name, m, a, b)
			}
		}
		a, _, _ := meanCI(small["cost_per_head_contracting"])
		b, _, _ := meanCI(whole["cost_per_head_contracting"])
		if math.Abs(a-b) > 0.5 {
			t.Errorf("%s: contracting is £%.3f a head at 20,000 patients but £%.3f at a whole local system (more than £0.50 apart)", name, a, b)
		}
		// 95% half-widths to 99%: t quantiles 4.604/2.776 (4 df) and
		// 9.925/4.303 (2 df).
		ma, ha, _ := meanCI(small[nhs.DuplicationCostPerHead])
		mb, hb, _ := meanCI(whole[nhs.DuplicationCostPerHead])
		ha, hb = ha*4.604/2.776, hb*9.925/4.303
		t.Logf("%s: duplication and transaction cost less out-of-area placements £%.2f ± %.2f a head at 20,000 patients, £%.2f ± %.2f at a whole local system", name, ma, ha, mb, hb)
		if math.Abs(ma-mb) > ha+hb {
			t.Errorf("%s: duplication and transaction cost less out-of-area placements £%.2f ± %.2f a head at 20,000 patients but £%.2f ± %.2f at a whole local system: the 99%% intervals do not overlap", name, ma, ha, mb, hb)
		}
	}
}

// TestAmbulanceScale runs england (with release to respond after 45
// minutes, ambulance.release_minutes) at one local system (900,000
// patients, 3 hospitals) and at four (3.6 million, 12 hospitals), 3
// replicates each over 3 years, and checks that the ambulance service's
// metrics agree: the category 2 mean response and the mean handover within
// 25% of the smaller sample's replicate mean, the handovers over 60 minutes
// within 50 per 1,000 and the conveyance rate within 0.01. Catchments of
// the same size must give the same service whatever their number; a queue
// of calls that grows without bound in some catchments of a larger sample
// fails it (as it does with release_minutes 0 and handover_minutes 20,
// england's settings before: category 2 34.2 minutes at 900,000 against
// 51.6 at 3.6 million). It runs 3.6
// million patients, so only with NHSSIM_LONG=1.
func TestAmbulanceScale(t *testing.T) {
	if os.Getenv("NHSSIM_LONG") == "" {
		t.Skip("set NHSSIM_LONG=1: runs 3.6 million patients")
	}
	sc, err := Load("england")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	cfg.Run.Years, cfg.Run.WarmupYears = 3, 1
	tolerances := []struct {
		metric        string
		relative, abs float64
	}{
		{"ambulance_response_mean_minutes_cat2", 0.25, 0},
		{"handover_delay_mean_minutes", 0.25, 0},
		{"handovers_over_60_min_per_1000_conveyances", 0, 50},
		{"conveyance_rate", 0, 0.01},
	}
	at := func(patients int) map[string]float64 {
		c := cfg
		c.Population.Patients = patients
		v := map[string][]float64{}
		for _, res := range replicates(c, 3) {
			for _, m := range tolerances {
				x, _ := res.Metric(m.metric)
				v[m.metric] = append(v[m.metric], x)
			}
		}
		out := map[string]float64{}
		for m, xs := range v {
			out[m], _, _ = meanCI(xs)
		}
		return out
	}
	one := nhs.RepresentativePatients(cfg)
	small, large := at(one), at(4*one)
	for _, m := range tolerances {
		a, b := small[m.metric], large[m.metric]
		t.Logf("%s: %.3f at %d patients, %.3f at %d", m.metric, a, one, b, 4*one)
		if math.IsNaN(a) || math.IsNaN(b) || math.Abs(b-a) > m.relative*a+m.abs {
			t.Errorf("%s is %.3f at %d patients but %.3f at %d; want within %.0f%% + %g", m.metric, a, one, b, 4*one, 100*m.relative, m.abs)
		}
	}
}
