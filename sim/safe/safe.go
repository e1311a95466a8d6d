// Package safe keeps a command trustworthy when something goes wrong: a
// Ctrl-C stops the running simulations promptly and says so, and a crash
// (a Go panic, always a bug) is told apart from bad input by its exit
// status, with the stack for the bug report, even when it happens on a
// worker goroutine; and a file that should be data is read only if it is a
// regular file, to a cap, so that a link to /dev/zero or a named pipe can
// neither exhaust memory nor hang the command.
package safe

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// ExitInternal is the exit status of an internal error: a panic, which is
// a bug in the program, never the user's input (that is 2) or a failure
// during a run (1). Go's own exit status for an unrecovered panic is 2.
const ExitInternal = 3

// Panic is a panic caught on one goroutine to be raised again on another,
// with the stack of the goroutine where it happened.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Catcher catches panics on worker goroutines so that the goroutine that
// waits for them can raise the first again, and so a panic anywhere reaches
// [Main]. The zero Catcher is ready to use.
type Catcher struct {
	mu sync.Mutex
	p  *Panic
}

// Catch, deferred, recovers a panic and keeps the first. Defer it around
// each piece of work, not the whole worker, so that the worker goes on
// taking work and nothing waits for it for ever.
func (c *Catcher) Catch() {
	if r := recover(); r != nil {
		p, ok := r.(*Panic)
		if !ok {
			p = &Panic{Value: r, Stack: debug.Stack()}
		}
		c.mu.Lock()
		if c.p == nil {
			c.p = p
		}
		c.mu.Unlock()
	}
}

// Repanic raises the first panic caught, if any, on the calling goroutine.
func (c *Catcher) Repanic() {
	c.mu.Lock()
	p := c.p
	c.mu.Unlock()
	if p != nil {
		panic(p)
	}
}

// Main runs main and returns its exit status. A panic in main, or one
// raised again from a worker by a [Catcher], is reported on stderr as a
// bug with its stack, and the status is ExitInternal.
func Main(stderr io.Writer, main func() int) (code int) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		p, ok := r.(*Panic)
		if !ok {
			p = &Panic{Value: r, Stack: debug.Stack()}
		}
		fmt.Fprintf(stderr, "nhssim: internal error: %v\n"+
			"This is a bug in nhssim, not a problem with your input. Please report it\n"+
			"to the nhssim maintainers with the command line and the stack below.\n\n%s", p.Value, p.Stack)
		code = ExitInternal
	}()
	return main()
}

// Interrupts returns a context that is cancelled at the first signal on
// sigs, after saying on stderr what happens next; at the second it calls
// exit(1) at once. stop releases it.
func Interrupts(parent context.Context, sigs <-chan os.Signal, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	quit := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-quit:
			return
		}
		fmt.Fprintln(stderr, "\nnhssim: interrupted: stopping the running simulations; no file is left half-written (press Ctrl-C again to quit at once)")
		cancel()
		select {
		case <-sigs:
		case <-quit:
			return
		}
		fmt.Fprintln(stderr, "nhssim: interrupted again: quitting at once")
		exit(1)
	}()
	var once sync.Once
	return ctx, func() { once.Do(func() { close(quit); cancel() }) }
}
