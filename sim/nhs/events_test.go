package nhs

import "testing"

// Every event kind has a name and a handler, and the dispatch table holds
// exactly those.
func TestMechanisms(t *testing.T) {
	names := map[string]bool{}
	for k, mech := range mechanisms {
		if mech.name == "" || mech.handle == nil {
			t.Errorf("event kind %d has no name or no handler", k)
		}
		if names[mech.name] {
			t.Errorf("two event kinds are called %q", mech.name)
		}
		names[mech.name] = true
	}
	for k, h := range handlers {
		if (h != nil) != (k < int(nEventKinds)) {
			t.Errorf("dispatch table entry %d: handler %v", k, h != nil)
		}
	}
}
