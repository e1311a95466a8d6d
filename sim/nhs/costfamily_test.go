package nhs

import "testing"

func TestCostFamilies(t *testing.T) {
	// Charts tell at most eight colours apart.
	if n := len(costFamilies); n > 8 {
		t.Errorf("%d cost families: charts can tell at most 8 apart", n)
	}
	// Every category has exactly one family, and every family's categories
	// exist.
	seen := map[string]string{}
	for _, f := range costFamilies {
		for _, c := range f.categories {
			if prev, ok := seen[c]; ok {
				t.Errorf("category %s is in families %q and %q", c, prev, f.name)
			}
			seen[c] = f.name
		}
	}
	for _, c := range costCategories {
		if _, ok := seen[c.name]; !ok {
			t.Errorf("cost category %s has no family in costFamilies", c.name)
		}
		delete(seen, c.name)
	}
	for c := range seen {
		t.Errorf("costFamilies lists %s, which is not a cost category", c)
	}
	if got := CostFamily("no_such_category"); got != "other" {
		t.Errorf("CostFamily of an unknown category = %q, want other", got)
	}
}
