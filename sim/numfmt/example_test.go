package numfmt_test

import (
	"fmt"
	"math"

	"github.com/nhssim/nhssim/sim/numfmt"
)

func Example() {
	for _, v := range []float64{1234567, 0.60751, math.NaN()} {
		fmt.Printf("%q %q %q\n", numfmt.Exact(v), numfmt.JSON(v), numfmt.Human(v))
	}
	fmt.Println(numfmt.Interval(110.43, 98.96, 121.8))
	// Output:
	// "1234567" "1234567" "1,234,567"
	// "0.60751" "0.60751" "0.6075"
	// "" "null" "–"
	// 110.4 [98.96, 121.8]
}
