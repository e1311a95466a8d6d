package appraisal

import "math"

// Sex indexes a life table: Female or Male.
type Sex int

// The sexes of a life table.
const (
	Female Sex = iota
	Male
)

// maxAge is the oldest age a life table follows a survivor to: q of the
// table's last age holds from there to maxAge.
const maxAge = 130

// LifeTable is the mortality of a population by single year of age and
// sex: Qx[sex][x] is the probability that a person aged exactly x dies
// before x+1. Beyond the last age given, its q holds.
type LifeTable struct {
	Qx [2][]float64
}

// England returns the life table of England for 2022 (see englandQx for
// its source).
func England() *LifeTable {
	return &LifeTable{Qx: [2][]float64{englandQx[Female][:], englandQx[Male][:]}}
}

func (lt *LifeTable) q(s Sex, x int) float64 {
	qs := lt.Qx[s]
	return qs[min(x, len(qs)-1)]
}

// Utility is a health-state utility by age (in years) and sex: 1 is full
// health, 0 death.
type Utility func(age float64, s Sex) float64

// AraBrazier is the EQ-5D population norm for England of Ara and Brazier
// (2010, Value in Health 13:509), fitted to the Health Survey for England:
// 0.9508566 + 0.0212126 male - 0.0002587 age - 0.0000332 age². The survey
// covered adults; below 16 the curve is extrapolated (it is near its
// maximum there), and it is kept within [0, 1].
func AraBrazier(age float64, s Sex) float64 {
	male := 0.0
	if s == Male {
		male = 1
	}
	u := 0.9508566 + 0.0212126*male - 0.0002587*age - 0.0000332*age*age
	return min(max(u, 0), 1)
}

// Loss is what a death takes away: life-years (undiscounted) and QALYs
// (discounted to the appraisal's base year).
type Loss struct {
	LifeYears, QALYs float64
}

// Death returns the loss of a death at exact age x, of sex s, in year n of
// the appraisal (year 0 is the discount base year): the person-years the
// life table gives a survivor of age x, each year weighted by the utility
// at its mid-point, the k-th discounted as year n+k.
func (lt *LifeTable) Death(x int, s Sex, n int, u Utility, r Rate) Loss {
	return lt.death(x, s, n, u, r.Factors(n+maxAge-x+1))
}

// death is Death with the discount factors of years 0 to at least
// n+maxAge-x.
func (lt *LifeTable) death(x int, s Sex, n int, u Utility, f []float64) Loss {
	var out Loss
	l := 1.0 // survivors to age a, of one person aged x
	for a := x; a < maxAge; a++ {
		next := l * (1 - lt.q(s, a))
		py := (l + next) / 2 // person-years lived from a to a+1
		out.LifeYears += py
		out.QALYs += py * u(float64(a)+0.5, s) * f[n+a-x]
		l = next
		if l < 1e-12 {
			break
		}
	}
	return out
}

// Band returns the mean loss of a death at an age from lo to hi
// (inclusive), in year n: ages and sexes weighted as deaths are in the life
// table's stationary population, d_x = l_x q_x from equal numbers of births
// of each sex. It is the loss of a death whose exact age within the band
// is unknown.
func (lt *LifeTable) Band(lo, hi int, n int, u Utility, r Rate) Loss {
	var out Loss
	var weight float64
	f := r.Factors(n + maxAge + 1)
	for s := Female; s <= Male; s++ {
		l := 1.0
		for a := 0; a <= hi; a++ {
			d := l * lt.q(s, a)
			if a >= lo {
				loss := lt.death(a, s, n, u, f)
				out.LifeYears += d * loss.LifeYears
				out.QALYs += d * loss.QALYs
				weight += d
			}
			l -= d
		}
	}
	if weight == 0 {
		return Loss{math.NaN(), math.NaN()}
	}
	out.LifeYears /= weight
	out.QALYs /= weight
	return out
}
