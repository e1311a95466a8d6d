package scenario

import "testing"

func TestErrorList(t *testing.T) {
	one := &Issue{At: position{file: "a.yaml", line: 3, col: 13}, Path: "x", Msg: "bad"}
	two := &Issue{At: position{file: "a.yaml", line: 4, col: 1}, Path: "y", Msg: "worse"}
	for _, test := range []struct {
		err  *Error
		want string
	}{
		{&Error{Issues: []*Issue{one}}, "the spec has 1 problem:\n  a.yaml:3:13: x: bad"},
		{&Error{Issues: []*Issue{one, two}}, "the spec has 2 problems:\n  a.yaml:3:13: x: bad\n  a.yaml:4:1: y: worse"},
	} {
		if got := test.err.List("the spec"); got != test.want {
			t.Errorf("List = %q, want %q", got, test.want)
		}
	}
}
