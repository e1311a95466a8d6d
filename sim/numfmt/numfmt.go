// Package numfmt writes numbers: exactly, for files that programs read
// (CSV cells and JSON values), and briefly, for people (tables on standard
// output, chart labels). Every output of nhssim formats its numbers here, so
// that a value reads the same in every file and every table.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// maxWhole is the largest magnitude [Group] writes as a whole number
// without an exponent: below it every float64 integer is exact in an int64.
const maxWhole = 1e15

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Plain decimals are written for magnitudes from minPlain up to maxPlain;
// beyond them the digits, mostly zeros, would run to dozens, and an
// exponent is written instead (as JavaScript writes numbers).
const (
	minPlain = 1e-6
	maxPlain = 1e21
)

// plain reports whether v is written as a plain decimal.
func plain(v float64) bool { a := math.Abs(v); return a >= minPlain && a < maxPlain }

// Exact writes v so that parsing it gives v back, in the shortest form that
// does: by one rule for every value, a plain decimal (1000000, 20372158.44,
// 0.0004929) for magnitudes from 1e-6 to 1e21, else with an exponent
// (1e-09). NaN and infinities, which mean undefined, are empty; negative
// zero is "0".
func Exact(v float64) string {
	switch {
	case !finite(v):
		return ""
	case v == 0:
		return "0"
	case plain(v):
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Cell writes s, a CSV cell of text, so that a spreadsheet shows it as
// text: a cell that begins with =, +, -, @, a tab or a carriage return, and
// is not a number, gets a ' before it, as the spreadsheets' own advice on
// formula injection has it. Names that begin so are refused when a
// scenario is loaded; this is the defence behind that check, for text from
// anywhere else.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && finite(v) {
		return s // a number such as -3 or +1e5
	}
	return "'" + s
}

// JSON writes v as a JSON value: [Exact], and null for NaN and infinities.
func JSON(v float64) string {
	if !finite(v) {
		return "null"
	}
	return Exact(v)
}

// Digits is the number of significant digits [Human] shows.
const Digits = 4

// Human writes v for people: at most four significant digits as a plain
// decimal (0.00006762, not 6.762e-05; an exponent only below 1e-6),
// magnitudes from 1,000 rounded to whole numbers with thousands separators,
// and "–" for an undefined value (NaN or infinite). Negative zero is "0".
func Human(v float64) string {
	switch {
	case !finite(v):
		return "–"
	case v == 0:
		return "0"
	case math.Abs(v) >= 1000:
		return Group(v)
	}
	s := strconv.FormatFloat(v, 'g', Digits, 64)
	if r, err := strconv.ParseFloat(s, 64); err == nil && plain(r) {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return s
}

// Signed is [Human] with a "+" before a positive value, for differences.
func Signed(v float64) string {
	s := Human(v)
	if finite(v) && v > 0 {
		return "+" + s
	}
	return s
}

// Interval writes a mean and its interval for people: "12.3 [11.9, 12.8]",
// or the mean alone where the interval is undefined.
func Interval(mean, lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return Human(mean)
	}
	return Human(mean) + " [" + Human(lo) + ", " + Human(hi) + "]"
}

// Group writes v rounded to a whole number with thousands separators:
// 1234567 is "1,234,567". Magnitudes beyond what an int64 holds exactly are
// written with an exponent.
func Group(v float64) string {
	v = math.Round(v)
	if !finite(v) {
		return Human(v)
	}
	if math.Abs(v) >= maxWhole {
		return strconv.FormatFloat(v, 'g', Digits, 64)
	}
	s := strconv.FormatInt(int64(v), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Count writes n and the word for one or for many of it: "1 trajectory",
// "3 trajectories".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
