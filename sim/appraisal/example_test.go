package appraisal_test

import (
	"fmt"

	"github.com/nhssim/nhssim/sim/appraisal"
)

// A scenario that costs £12 more per person and gains 0.0004 QALYs per
// person against its baseline.
func Example() {
	p := appraisal.Pair{Cost: 12, QALY: 0.0004}
	fmt.Println(appraisal.ICEROf(p))
	for _, w := range appraisal.Thresholds {
		fmt.Printf("NMB at £%.0f: £%.2f\n", w, appraisal.NMB(p, w))
	}
	// Output:
	// £30000 per QALY gained
	// NMB at £20000: £-4.00
	// NMB at £30000: £0.00
	// NMB at £70000: £16.00
}
