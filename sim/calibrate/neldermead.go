package calibrate

import "slices"

// nelderMead minimises f from x0 by the Nelder–Mead simplex method, with
// the usual coefficients (reflection 1, expansion 2, contraction and
// shrinkage 1/2), an initial simplex of steps of size step along each
// axis, and at most iters iterations; it stops early when the simplex's
// values agree to 1e-7. It is written here rather than taken from
// gonum/optimize, which would add golang.org/x/tools to the module's
// dependencies for some 50 lines; it is deterministic.
func nelderMead(f func([]float64) float64, x0 []float64, step float64, iters int) ([]float64, float64) {
	n := len(x0)
	pts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range pts {
		pts[i] = slices.Clone(x0)
		if i > 0 {
			pts[i][i-1] += step
		}
		vals[i] = f(pts[i])
	}
	at := func(c []float64, towards []float64, t float64) []float64 {
		out := make([]float64, n)
		for j := range out {
			out[j] = c[j] + t*(towards[j]-c[j])
		}
		return out
	}
	order := make([]int, n+1)
	for range iters {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case vals[a] < vals[b]:
				return -1
			case vals[a] > vals[b]:
				return 1
			}
			return 0
		})
		sp, sv := make([][]float64, n+1), make([]float64, n+1)
		for i, o := range order {
			sp[i], sv[i] = pts[o], vals[o]
		}
		pts, vals = sp, sv
		if vals[n]-vals[0] < 1e-7 {
			break
		}
		c := make([]float64, n)
		for _, p := range pts[:n] {
			for j := range c {
				c[j] += p[j] / float64(n)
			}
		}
		r := at(c, pts[n], -1)
		fr := f(r)
		switch {
		case fr < vals[0]:
			e := at(c, pts[n], -2)
			if fe := f(e); fe < fr {
				pts[n], vals[n] = e, fe
			} else {
				pts[n], vals[n] = r, fr
			}
		case fr < vals[n-1]:
			pts[n], vals[n] = r, fr
		default:
			ct := at(c, pts[n], 0.5)
			if fr < vals[n] {
				ct = at(c, r, 0.5)
			}
			if fc := f(ct); fc < min(fr, vals[n]) {
				pts[n], vals[n] = ct, fc
				continue
			}
			for i := 1; i <= n; i++ {
				pts[i] = at(pts[0], pts[i], 0.5)
				vals[i] = f(pts[i])
			}
		}
	}
	best := 0
	for i := range vals {
		if vals[i] < vals[best] {
			best = i
		}
	}
	return pts[best], vals[best]
}
