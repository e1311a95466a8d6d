package nhs

// Importance says, for a headline metric, which way is better and the
// smallest difference that would matter: the minimum important difference
// that an uncertainty analysis (compare --uncertainty) counts draws against.
type Importance struct {
	LowerIsBetter bool
	MID           float64 // in the metric's unit, above 0
	Source        string  // where the size comes from, or "assumption: ..."
}

// importance is the registry of minimum important differences, one for
// each headline metric; a test checks that none is missing.
var importance = map[string]Importance{
	"emergency_admissions_per_1000":     {true, 1, "assumption: about 1% of England's rate of emergency admissions (≈100 per 1,000 a year), some 57,000 admissions a year nationally"},
	DuplicationCostPerHead:              {true, 1, "assumption: £1 a head a year, about £58m a year for England, the order of one programme that ministers would notice"},
	"upc_mean":                          {false, 0.02, "assumption: a twentieth of the spread of UPC between personal and pooled lists (0.4), below the differences linked to admissions [barker2017]"},
	"delayed_bed_days_per_1000":         {true, 5, "assumption: 5 bed-days per 1,000 a year, about 800 beds a day for England, the scale of a winter discharge fund's target"},
	"mortality_30d_per_1000_admissions": {true, 1, "assumption: one death in 1,000 admissions, about a tenth of the gap between English trusts' standardised mortality at the 10th and 90th centiles"},
}

// MetricImportance returns the metric's minimum important difference and
// which way is better, and false for a metric with none.
func MetricImportance(metric string) (Importance, bool) {
	i, ok := importance[metric]
	return i, ok
}
