package calibrate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/sim/numfmt"
)

// TargetFit is one target's fit at a point under one wave's emulators.
//
// For a target on a log scale (Target.Transform), I is computed on that
// scale; Emulated is the emulator's expectation mapped back (the median of
// a log-normal, not its mean) and SD the denominator mapped back to the
// metric's units by the delta method at the observed value.
type TargetFit struct {
	Target   int     // index into the result's targets
	Emulated float64 // the emulator's expectation
	SD       float64 // sqrt(Var_em + Var_obs + Var_disc + Var_stoch): the implausibility's denominator
	I        float64 // |observed − Emulated| / SD; +Inf where undefined
	Uncut    bool    // the wave's emulator for the target failed its check and rules nothing out
}

// targetFits returns each target's fit at u (unit cube) under wave w's
// emulators, in the targets' order.
func (r *Result) targetFits(w *Wave, u []float64) []TargetFit {
	out := make([]TargetFit, len(r.Targets))
	for t, tg := range r.Targets {
		m, v := w.Emulators[t].Predict(u)
		sd := math.Sqrt(v + tg.zVar() + w.StochVar[t])
		i := math.Abs(tg.fwd(tg.Observed)-m) / sd
		if math.IsNaN(i) {
			i = math.Inf(1) // not non-implausible: NaN > cut-off is false
		}
		out[t] = TargetFit{Target: t, Emulated: tg.back(m), SD: sd / tg.deriv(tg.Observed), I: i, Uncut: !w.cuts(t)}
	}
	return out
}

// fitsByWave returns each target's fit at u under each wave's emulators:
// fits[w][t], in the waves' and the targets' order.
func (r *Result) fitsByWave(u []float64) [][]TargetFit {
	out := make([][]TargetFit, len(r.Waves))
	for i, w := range r.Waves {
		out[i] = r.targetFits(w, u)
	}
	return out
}

// Worst is one target's largest implausibility over the waves' emulators
// at a point, and the wave (from 1) that gives it: a target rules a point
// out if any wave's emulator puts it beyond the cut-off.
type Worst struct {
	Target int
	I      float64
	Wave   int
}

// worstFirst returns each target's largest implausibility over the waves
// in fits (fits[w][t]) whose emulators cut, largest first, ties in the
// targets' order: the report's order, the same from run to run.
func worstFirst(fits [][]TargetFit) []Worst {
	out := make([]Worst, len(fits[0]))
	for t := range out {
		out[t] = Worst{Target: t, I: math.Inf(-1)}
		for w := range fits {
			if !fits[w][t].Uncut && fits[w][t].I > out[t].I {
				out[t].I, out[t].Wave = fits[w][t].I, w+1
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Worst) int { return cmp.Compare(b.I, a.I) })
	return out
}

// worstOver is the implausibility of u as the region is drawn: the largest
// over the waves of each wave's implausibility (the method's rank over the
// targets).
func (r *Result) worstOver(u []float64) float64 {
	worst := math.Inf(-1)
	for _, w := range r.Waves {
		worst = max(worst, r.Implausibility(w, u))
	}
	return worst
}

// BaseFits returns the base values' fit to each target under each wave's
// emulators, fits[w][t]: which targets rule the base scenario's values out
// (nil if Base is not set).
func (r *Result) BaseFits() [][]TargetFit {
	if r.Base == nil {
		return nil
	}
	return r.fitsByWave(unitsOf([][]float64{r.Base}, r.Factors)[0])
}

// Pull says what holds one parameter's non-implausible range away from its
// base value, from the emulators already fitted (no further runs).
type Pull struct {
	Factor int     // index into the result's factors
	Base   float64 // the base scenario's value, outside the final region's range
	Best   float64 // the least implausible run's value
	// AtBest and Swapped are each target's fit under the final wave's
	// emulators at the least implausible run's values, and at the same
	// values with this one parameter set back to its base value; in the
	// targets' order.
	AtBest, Swapped []TargetFit
	// Held is the least implausible point found with the parameter held at
	// its base value and the others free within their prior ranges;
	// HeldI its implausibility under every wave's emulators (the region's
	// criterion) and HeldFits its fit to each target under each wave's,
	// HeldFits[w][t].
	Held     []float64
	HeldI    float64
	HeldFits [][]TargetFit
}

// heldStarts is how many of the final region's least implausible points,
// besides the least implausible run, the search for Pull.Held starts from.
const heldStarts = 4

// Pulls returns a Pull for each parameter whose final non-implausible
// range leaves out its base value, in the factors' order (nil if Base is
// not set or the region is empty).
//
// Two questions are answered, both with the emulators already fitted.
// Swapping the base value into the least implausible run, one parameter
// at a time, shows per target what that parameter's base value costs and
// gains with the others where the match put them. Holding the parameter at
// its base value and letting the others move (Nelder–Mead on the
// implausibility over every wave's emulators, from the least implausible
// run and the final region's heldStarts least implausible points, each
// with the parameter set to its base value) shows whether any values of
// the others make the base value fit, and if not which targets stop them.
func (r *Result) Pulls() []Pull {
	if r.Base == nil || len(r.Final().Region) == 0 {
		return nil
	}
	final := r.Final()
	best := r.BestValues()
	ub := unitsOf([][]float64{best}, r.Factors)[0]
	atBest := r.targetFits(final, ub)
	// The region's least implausible points, ties in the region's order.
	order := make([]int, len(final.Region))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(final.RegionI[a], final.RegionI[b]) })
	starts := [][]float64{ub}
	for _, i := range order[:min(heldStarts, len(order))] {
		starts = append(starts, unitsOf([][]float64{final.Region[i]}, r.Factors)[0])
	}
	var out []Pull
	for j, rg := range r.Ranges() {
		if r.Base[j] >= rg[0] && r.Base[j] <= rg[1] {
			continue
		}
		f := r.Factors[j]
		uj := (r.Base[j] - f.Lo) / (f.Hi - f.Lo)
		swapped := slices.Clone(ub)
		swapped[j] = uj
		p := Pull{Factor: j, Base: r.Base[j], Best: best[j], AtBest: atBest, Swapped: r.targetFits(final, swapped)}
		hu, hi := r.hold(j, uj, starts)
		p.Held = make([]float64, len(hu))
		for k, fk := range r.Factors {
			p.Held[k] = fk.Lo + hu[k]*(fk.Hi-fk.Lo)
		}
		p.HeldI = hi
		p.HeldFits = r.fitsByWave(hu)
		out = append(out, p)
	}
	return out
}

// hold minimises the implausibility over every wave's emulators with
// factor j held at uj (unit cube), the others within [0, 1], from each of
// starts; it returns the least implausible point found and its
// implausibility. Nelder–Mead works on the free coordinates; a point
// outside the cube is clamped onto it and charged its distance outside, so
// that the simplex comes back.
func (r *Result) hold(j int, uj float64, starts [][]float64) ([]float64, float64) {
	k := len(r.Factors)
	full := func(v []float64) ([]float64, float64) {
		u := make([]float64, 0, k)
		var outside float64
		for _, x := range v {
			c := min(max(x, 0), 1)
			outside += math.Abs(x - c)
			u = append(u, c)
		}
		return slices.Insert(u, j, uj), outside
	}
	obj := func(v []float64) float64 {
		u, outside := full(v)
		return r.worstOver(u) + outside
	}
	var bestU []float64
	bestI := math.Inf(1)
	for _, s := range starts {
		v0 := slices.Delete(slices.Clone(s), j, j+1)
		v, _ := nelderMead(obj, v0, 0.05, 400*k)
		u, _ := full(v)
		if i := r.worstOver(u); i < bestI || bestU == nil {
			bestU, bestI = u, i
		}
	}
	return bestU, bestI
}

// Report thresholds for explaining the base values: a target is listed
// under the base values if its implausibility is at least listFrom, and
// under a pull if swapping the base value in moves it by at least
// moveFrom.
const (
	listFrom = 1.0
	moveFrom = 0.25
)

// label is a target's metric as the report's explanations name it: plain,
// not in backticks, because docs/calibration.md's tests read the figures
// of its tables from rows that begin "| `metric` | number |" or hold
// "(`metric`) | … | … | number |", and these rows are not those figures.
func (r *Result) label(t int) string { return r.Targets[t].Metric }

// explainBase writes to b which targets rule the base values out, and for
// each parameter whose range leaves out its base value, which targets hold
// it there (Pulls).
func (r *Result) explainBase(b *strings.Builder) {
	h := numfmt.Human
	fits := r.BaseFits()
	final := fits[len(fits)-1]
	var shown []Worst
	for _, w := range worstFirst(fits) {
		if w.I >= listFrom {
			shown = append(shown, w)
		}
	}
	fmt.Fprintf(b, "\nWhich targets decide it: the base values' implausibility per target under each wave's emulators, by the largest over the waves, largest first (%d of %d targets; those under %g under every wave left out), with the final wave's emulated value and sd (all variances):\n\n", len(shown), len(r.Targets), listFrom)
	b.WriteString("| metric | observed | emulated at the base values | sd |")
	for _, w := range r.Waves {
		fmt.Fprintf(b, " wave %d |", w.Number)
	}
	b.WriteString("\n|---|---|---|---|" + strings.Repeat("---|", len(r.Waves)) + "\n")
	for _, w := range shown {
		f := final[w.Target]
		fmt.Fprintf(b, "| %s | %s | %s | %s |", r.label(w.Target), g(r.Targets[w.Target].Observed), h(f.Emulated), h(f.SD))
		for _, fw := range fits {
			mark := ""
			if fw[w.Target].Uncut {
				mark = " (does not cut)"
			}
			fmt.Fprintf(b, " %.2f%s |", fw[w.Target].I, mark)
		}
		b.WriteString("\n")
	}
	pulls := r.Pulls()
	if len(pulls) == 0 {
		return
	}
	fmt.Fprintf(b, "\nWhat holds a parameter's non-implausible range away from its base value, from the emulators already fitted. First, the least implausible run with that one parameter set back to its base value and the others kept, under the final wave's emulators: the targets whose implausibility moves by at least %g, largest rise first (a rise is a target against the base value, a fall one for it):\n\n", moveFrom)
	b.WriteString("| parameter | base (best run) | metric | observed | emulated at the best run → with the base value | implausibility at the best run → with the base value |\n|---|---|---|---|---|---|\n")
	for _, p := range pulls {
		f := r.Factors[p.Factor]
		type move struct {
			t int
			d float64
		}
		var moves []move
		for t := range r.Targets {
			if d := p.Swapped[t].I - p.AtBest[t].I; math.Abs(d) >= moveFrom {
				moves = append(moves, move{t, d})
			}
		}
		slices.SortStableFunc(moves, func(a, b move) int { return cmp.Compare(b.d, a.d) })
		head := fmt.Sprintf("`%s` | %s (%s)", f.Param.Path, f.Format(p.Base), f.Format(p.Best))
		if len(moves) == 0 {
			fmt.Fprintf(b, "| %s | none moves by %g | | | |\n", head, moveFrom)
		}
		for i, m := range moves {
			if i > 0 {
				head = " | "
			}
			a, s := p.AtBest[m.t], p.Swapped[m.t]
			fmt.Fprintf(b, "| %s | %s | %s | %s → %s | %.2f → %.2f |\n", head, r.label(m.t), g(r.Targets[m.t].Observed), h(a.Emulated), h(s.Emulated), a.I, s.I)
		}
	}
	fmt.Fprintf(b, "\nSecond, the parameter held at its base value and the others free within their priors: the least implausible point found (Nelder–Mead on the implausibility over every wave's emulators, from the least implausible run and the final region's %d least implausible points, each with the parameter set to its base value), its values in the order above, and the targets with the largest implausibility there (the final wave's emulated value; the largest implausibility over the waves, and its wave):\n\n", heldStarts)
	for _, p := range pulls {
		f := r.Factors[p.Factor]
		verdict := "still ruled out"
		if p.HeldI <= r.Method.Cutoff {
			verdict = "not ruled out: the region's sample missed such points, and the range above understates"
		}
		vals := make([]string, len(p.Held))
		for k, x := range p.Held {
			vals[k] = h(x)
		}
		var top []string
		for _, w := range worstFirst(p.HeldFits)[:min(3, len(r.Targets))] {
			top = append(top, fmt.Sprintf("%s %s against %s (%.2f, wave %d)", r.label(w.Target), h(p.HeldFits[len(p.HeldFits)-1][w.Target].Emulated), g(r.Targets[w.Target].Observed), w.I, w.Wave))
		}
		fmt.Fprintf(b, "- `%s` at %s: implausibility %.2f, %s; at (%s): %s.\n", f.Param.Path, f.Format(p.Base), p.HeldI, verdict, strings.Join(vals, ", "), strings.Join(top, "; "))
	}
}
