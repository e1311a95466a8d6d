package runner

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	t.Run("None", func(t *testing.T) {
		var b bytes.Buffer
		p := StartProgress(&b, "none", "label", 3)
		p.Add()
		p.Finish()
		if b.Len() != 0 {
			t.Errorf("--progress none wrote %q", b.String())
		}
	})
	t.Run("AutoIsLogOffATerminal", func(t *testing.T) {
		var b bytes.Buffer
		p := StartProgress(&b, "auto", "compare: 3 runs", 3)
		for range 3 {
			p.Add()
		}
		p.draw() // what the ticker prints every few seconds
		p.Finish()
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != 3 || lines[0] != "nhssim: compare: 3 runs" ||
			!strings.HasPrefix(lines[1], "nhssim: 3/3 runs (100%), 0:00 elapsed, about 0:00 left") ||
			!strings.HasPrefix(lines[2], "nhssim: 3/3 runs done in ") || strings.Contains(b.String(), "\r") {
			t.Errorf("log output:\n%s", b.String())
		}
	})
	t.Run("Bar", func(t *testing.T) {
		var b bytes.Buffer
		p := StartProgress(&b, "bar", "label", 4)
		p.Add()
		p.Add()
		p.Finish()
		out := b.String()
		if !strings.HasPrefix(out, "\r[") || !strings.HasSuffix(out, "\n") || !strings.Contains(out, "2/4 runs   50%") {
			t.Errorf("bar output %q", out)
		}
	})
	if got := clock(3723 * time.Second); got != "1:02:03" {
		t.Errorf("clock = %q", got)
	}
	if got := clock(75 * time.Second); got != "1:15" {
		t.Errorf("clock = %q", got)
	}
}
