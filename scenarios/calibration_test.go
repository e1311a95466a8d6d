package scenarios

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhssim/nhssim/sim/nhs"
)

var updateCalibration = flag.Bool("update-calibration", false, "rewrite docs/calibration.md from the replicates")

// target is one calibration target: a metric of the england scenario, the
// published figure, and the band the replicate mean must fall in.
type target struct {
	metric, what, source string
	published            string
	lo, hi               float64
	tuned                string
}

var targets = []target{
	{"gp_consultations_per_person_year", "GP consultations per person-year", "[hippisleycox2009](evidence.md#hippisleycox2009) (5.5 in 2008); [nhse-appointments-2024](evidence.md#nhse-appointments-2024) (≈5.7)", "5.5–5.7", 5.5, 5.7, "general_practice.consultation_rate"},
	{"emergency_admissions_per_1000", "emergency admissions per 1,000 a year", "[nhse-ae-2024](evidence.md#nhse-ae-2024) (≈110, annualised)", "≈110", 104.5, 115.5, "hospitals.emergency_admission_rate"},
	{"acsc_share", "ACSC share of emergency admissions", "[steventon2018](evidence.md#steventon2018) (~14%)", "≈0.14", 0.11, 0.17, "hospitals.acsc_share"},
	{"mean_stay_days", "mean emergency length of stay (days)", "[hf-2023-los](evidence.md#hf-2023-los) (7.9 d in 2019)", "7.9", 7.5, 8.5, "hospitals.los_mean_days"},
	{"bed_occupancy", "general and acute bed occupancy", "[kh03](evidence.md#kh03), [nuffield-qualitywatch-beds](evidence.md#nuffield-qualitywatch-beds) (86–95%)", "0.86–0.95", 0.86, 0.95, "hospitals.bed_utilisation"},
	{"upc_mean_aged_65_79", "mean UPC, patients aged 65–79 with ≥2 GP contacts", "[barker2017](evidence.md#barker2017) (0.61, ages 62–82)", "0.61", 0.58, 0.64, "general_practice.pooled_booking_share"},
}

// TestCalibration runs the shipped england scenario over replicates and
// checks that the mean of each calibrated figure lies in its target band.
// With -update-calibration it rewrites docs/calibration.md.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 10 replicates of england")
	}
	sc, err := Load("england")
	if err != nil {
		t.Fatal(err)
	}
	const r = 10
	values := map[string][]float64{}
	for seed := 1; seed <= r; seed++ {
		cfg := sc.Config
		cfg.Seed = uint64(seed)
		res := nhs.Simulate(cfg)
		for _, m := range res.Metrics {
			values[m.Name] = append(values[m.Name], m.Value)
		}
		adm, _ := res.Metric("emergency_admissions_per_1000")
		acsc, _ := res.Metric("acsc_admissions_per_1000")
		values["acsc_share"] = append(values["acsc_share"], acsc/adm)
	}
	var b strings.Builder
	b.WriteString("| figure | published | source | simulated mean | 95% interval | band tested | tuned by |\n|---|---|---|---|---|---|---|\n")
	for _, tg := range targets {
		mean, half, _ := meanCI(values[tg.metric])
		fmt.Fprintf(&b, "| %s (`%s`) | %s | %s | %.3f | %.3f – %.3f | %g – %g | `%s` |\n",
			tg.what, tg.metric, tg.published, tg.source, mean, mean-half, mean+half, tg.lo, tg.hi, tg.tuned)
		if mean < tg.lo || mean > tg.hi {
			t.Errorf("%s: mean %.4f over %d replicates is outside the target band [%g, %g]", tg.metric, mean, r, tg.lo, tg.hi)
		}
	}
	b.WriteString("\nReported, not targeted (n: replicates in which the figure is defined):\n\n| figure | simulated mean | 95% interval | n |\n|---|---|---|---|\n")
	for _, name := range []string{"delayed_bed_days_per_1000", "readmission_30d_rate", "elective_admissions_per_1000", "elective_wait_mean_days", "handoffs_per_episode", "trust_hospital_mean", "trust_practice_mean", "admissions_per_1000_least_deprived", "admissions_per_1000_most_deprived", "upc_mean", "upc_mean_small_practices", "upc_mean_medium_practices", "upc_mean_large_practices", "relationship_years_mean", "gp_wait_mean_days", "bed_wait_mean_days"} {
		mean, half, n := meanCI(values[name])
		fmt.Fprintf(&b, "| `%s` | %.3f | %.3f – %.3f | %d |\n", name, mean, mean-half, mean+half, n)
	}
	table := b.String()
	path := filepath.Join("..", "docs", "calibration.md")
	const begin, end = "<!-- calibration:begin -->\n", "<!-- calibration:end -->"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the calibration markers", path)
	}
	if *updateCalibration {
		doc = doc[:i+len(begin)] + table + doc[j:]
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if doc[i+len(begin):j] != table {
		t.Errorf("%s is stale: run go test ./scenarios -run Calibration -update-calibration", path)
	}
}

// meanCI returns the mean of the values that are not NaN, the half-width
// of its 95% t interval, and how many there were.
func meanCI(all []float64) (mean, half float64, n int) {
	var xs []float64
	for _, x := range all {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	n = len(xs)
	if n < 2 {
		return math.NaN(), math.NaN(), n
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(n)
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	// 97.5% quantiles of Student's t with 1 to 9 degrees of freedom.
	t := [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262}[min(n-1, 9)-1]
	return mean, t * math.Sqrt(ss/float64(n-1)/float64(n)), n
}
