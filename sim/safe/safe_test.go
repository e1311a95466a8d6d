package safe

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
)

func TestMainExitStatus(t *testing.T) {
	for _, test := range []struct {
		name string
		main func() int
		code int
		want []string
	}{
		{"ok", func() int { return 0 }, 0, nil},
		{"bad input", func() int { return 2 }, 2, nil},
		{"panic", func() int { panic("index out of range") }, ExitInternal,
			[]string{"nhssim: internal error: index out of range", "This is a bug in nhssim", "safe_test.go"}},
		{"panic from a worker", func() int {
			var c Catcher
			var wg sync.WaitGroup
			wg.Go(func() {
				defer c.Catch()
				workerThatCrashes()
			})
			wg.Wait()
			c.Repanic()
			return 0
		}, ExitInternal, []string{"nhssim: internal error: worker crashed", "workerThatCrashes"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := Main(&stderr, test.main); code != test.code {
				t.Errorf("exit %d, want %d", code, test.code)
			}
			for _, w := range test.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if test.want == nil && stderr.Len() > 0 {
				t.Errorf("stderr %q", stderr.String())
			}
		})
	}
}

func workerThatCrashes() { panic("worker crashed") }

// A Catcher keeps the first panic of many, and a worker that panicked goes
// on to its next piece of work.
func TestCatcherKeepsFirst(t *testing.T) {
	var c Catcher
	done := 0
	for i := range 3 {
		func() {
			defer c.Catch()
			if i < 2 {
				panic(i)
			}
			done++
		}()
	}
	if done != 1 {
		t.Errorf("work after a panic: %d done, want 1", done)
	}
	defer func() {
		p, ok := recover().(*Panic)
		if !ok || p.Value != 0 || len(p.Stack) == 0 {
			t.Errorf("raised %+v, want the first panic with its stack", p)
		}
	}()
	c.Repanic()
}

// The first signal cancels the context and says what is happening; the
// second exits at once with status 1; stop ends the watch.
func TestInterrupts(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	var stderr syncBuffer
	exited := make(chan int, 1)
	ctx, stop := Interrupts(context.Background(), sigs, &stderr, func(code int) { exited <- code })
	defer stop()
	sigs <- os.Interrupt
	<-ctx.Done()
	if !strings.Contains(stderr.String(), "interrupted: stopping the running simulations") || !strings.Contains(stderr.String(), "Ctrl-C again") {
		t.Errorf("first Ctrl-C said %q", stderr.String())
	}
	sigs <- syscall.SIGTERM
	if code := <-exited; code != 1 {
		t.Errorf("second Ctrl-C exited %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "quitting at once") {
		t.Errorf("second Ctrl-C said %q", stderr.String())
	}

	// Without a signal, stop cancels and nothing is printed.
	var quiet syncBuffer
	ctx, stop = Interrupts(context.Background(), make(chan os.Signal), &quiet, func(int) { t.Error("exit called") })
	stop()
	<-ctx.Done()
	stop()
	if quiet.String() != "" {
		t.Errorf("printed %q", quiet.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
