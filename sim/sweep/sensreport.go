package sweep

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nhssim/nhssim/sim/nhs"
	"github.com/nhssim/nhssim/sim/numfmt"
)

// SensitivityFactors returns the parameters a sensitivity analysis varies
// over their ranges: those named in params (comma-separated), or for Morris
// with none named, every ranged one but those in except (the run's size).
// A parameter also fixed by sets ("path=value") cannot be varied; Sobol
// takes at most maxSobol. Its errors are bad input, worded for the
// command's --params flag.
func SensitivityFactors(method, params string, sets, except []string, maxSobol int) ([]Factor, error) {
	fixed := map[string]bool{}
	for _, s := range sets {
		p, _, _ := strings.Cut(s, "=")
		fixed[strings.TrimSpace(p)] = true
	}
	if params == "" {
		if method == Sobol {
			return nil, fmt.Errorf("--method sobol needs --params: the few parameters to estimate indices for, such as --params continuity.discontinuity_or,general_practice.pooled_booking_share (Morris screening finds them)")
		}
		var out []Factor
		for _, f := range Ranged(except...) {
			if !fixed[f.Param.Path] {
				out = append(out, f)
			}
		}
		return out, nil
	}
	var out []Factor
	for _, name := range strings.Split(params, ",") {
		name = strings.TrimSpace(name)
		if name == "population.patients" {
			return nil, fmt.Errorf("--params: population.patients sets the size of every run (--patients), not a mechanism; its range reaches England's 57 million")
		}
		f, err := RangedFactor(name)
		if err != nil {
			return nil, fmt.Errorf("--params: %v", err)
		}
		if slices.ContainsFunc(out, func(g Factor) bool { return g.Param.Path == f.Param.Path }) {
			return nil, fmt.Errorf("--params: %s is listed twice", f.Param.Path)
		}
		if fixed[f.Param.Path] {
			return nil, fmt.Errorf("--params: %s is also fixed by --set or a flag; it cannot be both", f.Param.Path)
		}
		out = append(out, f)
	}
	if method == Sobol && len(out) > maxSobol {
		return nil, fmt.Errorf("--params: %d parameters; Sobol indices take at most %d (screen with Morris first)", len(out), maxSobol)
	}
	return out, nil
}

// RunsCSV writes every run of a sensitivity design:
// point,replicate,seed,<each parameter>,metric,value, where outs holds
// len(seeds) consecutive runs per point, as [RunPoints] returns them, each
// with a value per metric.
func (d *Design) RunsCSV(seeds []uint64, metrics []string, outs [][]float64) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"point", "replicate", "seed"}
	for _, f := range d.Factors {
		head = append(head, f.Param.Path)
	}
	w.Write(append(head, "metric", "value"))
	for i, vals := range d.Values {
		strs := make([]string, len(vals))
		for j, f := range d.Factors {
			strs[j] = f.Format(vals[j])
		}
		for r, seed := range seeds {
			for j, m := range metrics {
				rec := slices.Concat([]string{strconv.Itoa(i), strconv.Itoa(r + 1), strconv.FormatUint(seed, 10)}, strs,
					[]string{m, numfmt.Exact(outs[i*len(seeds)+r][j])})
				w.Write(rec)
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

// PrintIndices prints, per metric, the ten largest Morris effects or every
// Sobol index, and whether the design settles which parameters lead.
func PrintIndices(w io.Writer, method string, metrics []string, rows []Index) {
	for _, m := range metrics {
		var idx []Index
		for _, r := range rows {
			if r.Metric == m {
				idx = append(idx, r)
			}
		}
		key := func(ix Index) float64 {
			v := ix.MuStar
			if method == Sobol {
				v = ix.ST
			}
			if math.IsNaN(v) {
				return math.Inf(-1)
			}
			return v
		}
		slices.SortStableFunc(idx, func(a, b Index) int { return cmp.Compare(key(b), key(a)) })
		label, unit := nhs.MetricLabel(m), "–"
		if info, ok := nhs.LookupMetric(m); ok && info.Unit != "" {
			unit = info.Unit
		}
		fmt.Fprintf(w, "\n%s (%s)\n", label, m)
		if method == Morris {
			fmt.Fprintf(w, "  μ*, μ and σ in %s, over each parameter's whole range\n", unit)
			fmt.Fprintf(w, "  %-48s %28s %12s %12s\n", "parameter", "μ* (95% interval)", "μ", "σ")
			for _, ix := range idx[:min(10, len(idx))] {
				fmt.Fprintf(w, "  %-48s %28s %12s %12s\n", ix.Param, numfmt.Interval(ix.MuStar, ix.MuStarLo, ix.MuStarHi), numfmt.Human(ix.Mu), numfmt.Human(ix.Sigma))
			}
			if len(idx) > 10 {
				fmt.Fprintf(w, "  … and %d more in indices.csv\n", len(idx)-10)
			}
		} else {
			fmt.Fprintf(w, "  %-48s %24s %24s\n", "parameter", "S (95% interval)", "ST (95% interval)")
			for _, ix := range idx {
				fmt.Fprintf(w, "  %-48s %24s %24s\n", ix.Param, numfmt.Interval(ix.S, ix.SLo, ix.SHi), numfmt.Interval(ix.ST, ix.STLo, ix.STHi))
			}
		}
		fmt.Fprintln(w, "  "+RankingNote(method, idx))
	}
}

// rankingLeaders is how many leading parameters a ranking is judged by.
const rankingLeaders = 5

// RankingNote says whether the design settles which parameters lead: a
// warning when no set of up to five leaders stands clear of the rest.
func RankingNote(method string, idx []Index) string {
	measure, more := "μ*", "more trajectories (--trajectories)"
	if method == Sobol {
		measure, more = "ST", "more base samples (--samples, a power of two)"
	}
	if k := LeadingSet(idx, rankingLeaders); k > 0 {
		word := "parameters"
		if k == 1 {
			word = "parameter"
		}
		return fmt.Sprintf("the %s 95%% interval of the leading %d %s stands clear of the rest", measure, k, word)
	}
	return fmt.Sprintf("warning: underpowered: no set of up to %d leading parameters has a %s 95%% interval clear of the rest, so the ranking is not settled; use %s", rankingLeaders, measure, more)
}
