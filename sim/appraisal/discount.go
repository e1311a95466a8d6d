// Package appraisal turns a simulation's costs and deaths into the figures
// of an economic appraisal as HM Treasury's Green Book and NICE's reference
// case ask for them: discounted costs and quality-adjusted life-years
// (QALYs), and from the incremental costs and QALYs of a scenario against
// its baseline, the net monetary benefit, the incremental cost-effectiveness
// ratio with dominance, the cost-effectiveness acceptability curve and the
// expected value of perfect information.
//
// Every decision output is a pure function of pairs of incremental costs
// and QALYs ([Pair]): one pair per replicate today, one per parameter draw
// when parameters are drawn from their distributions.
package appraisal

import "math"

// Discounting follows the Green Book's convention: year 0 is the discount
// base year and is not discounted; an amount in year n is multiplied by
// the product of 1/(1+r_k) over the years k before it, r_k being the rate
// in force in year k.

// decliningSteps are the Green Book's long-term schedule (annex A6): the
// rate that applies from each year on, as a share of the rate of years
// 0-30. The standard rate 3.5% steps to 3.0%, 2.5%, 2.0%, 1.5% and 1.0%;
// the health rate 1.5% to 1.29% and 1.07% in the same proportions, and on
// in them (0.86%, 0.64%, 0.43%) by derivation.
var decliningSteps = [...]struct {
	from  int     // first year the step applies to
	scale float64 // rate as a share of the years 0-30 rate
}{
	{0, 1},
	{31, 3.0 / 3.5},
	{76, 2.5 / 3.5},
	{126, 2.0 / 3.5},
	{201, 1.5 / 3.5},
	{301, 1.0 / 3.5},
}

// Rate is a discount rate: a yearly rate, and whether it declines over the
// long term on the Green Book's schedule.
type Rate struct {
	Rate      float64 // yearly rate of years 0-30, such as 0.035
	Declining bool    // from year 31 on, the Green Book's declining schedule
}

// Year returns the rate in force in year n (from 0).
func (r Rate) Year(n int) float64 {
	if !r.Declining {
		return r.Rate
	}
	s := 1.0
	for _, st := range decliningSteps {
		if n >= st.from {
			s = st.scale
		}
	}
	return r.Rate * s
}

// Factor returns the discount factor of year n: 1 for year 0, and the
// product of 1/(1+Year(k)) for k from 0 to n-1 after it.
func (r Rate) Factor(n int) float64 {
	if !r.Declining {
		return math.Pow(1+r.Rate, -float64(n))
	}
	f := 1.0
	for k := range n {
		f /= 1 + r.Year(k)
	}
	return f
}

// Factors returns the discount factors of years 0 to n-1.
func (r Rate) Factors(n int) []float64 {
	out := make([]float64, n)
	f := 1.0
	for k := range out {
		out[k] = f
		f /= 1 + r.Year(k)
	}
	return out
}

// Present returns the present value of amounts by year (amounts[n] in
// year n).
func (r Rate) Present(amounts []float64) float64 {
	var pv float64
	for n, f := range r.Factors(len(amounts)) {
		pv += amounts[n] * f
	}
	return pv
}
