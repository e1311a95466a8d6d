package runner

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ProgressModes are the modes of a progress report (a command's
// --progress).
var ProgressModes = []string{"auto", "bar", "log", "none"}

// Progress reports how many of a known number of runs are done, on standard
// error: a bar redrawn in place on a terminal, a plain line every few
// seconds elsewhere (such as a cluster job's log), or nothing.
type Progress struct {
	w        io.Writer
	mode     string // "bar", "log" or "none"
	label    string
	total    int
	interval time.Duration // between redraws of a bar or lines of a log

	done  atomic.Int64
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
}

// progressMode resolves "auto": a bar if w is a terminal, else a log.
func progressMode(mode string, w io.Writer) string {
	if mode != "auto" {
		return mode
	}
	if isTerminal(w) {
		return "bar"
	}
	return "log"
}

// isTerminal reports whether w is a terminal (a character device), which
// needs no dependency to find out.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// StartProgress starts reporting on w in mode ("auto", "bar", "log" or
// "none") and returns the progress, whose Add method the runs call and
// whose Finish method ends the report.
func StartProgress(w io.Writer, mode, label string, total int) *Progress {
	p := &Progress{w: w, mode: progressMode(mode, w), label: label, total: total, start: time.Now(), stop: make(chan struct{})}
	switch p.mode {
	case "bar":
		p.interval = 200 * time.Millisecond
		p.draw()
	case "log":
		p.interval = 5 * time.Second
		fmt.Fprintf(w, "nhssim: %s\n", label)
	default:
		return p
	}
	p.wg.Go(func() {
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	})
	return p
}

// Add records one finished run. It is safe for concurrent use.
func (p *Progress) Add() { p.done.Add(1) }

// Finish stops the report and ends it with a last line.
func (p *Progress) Finish() {
	if p.mode == "none" {
		return
	}
	close(p.stop)
	p.wg.Wait()
	elapsed := time.Since(p.start).Round(100 * time.Millisecond)
	if p.mode == "bar" {
		p.draw()
		fmt.Fprintln(p.w)
		return
	}
	fmt.Fprintf(p.w, "nhssim: %d/%d runs done in %s\n", p.done.Load(), p.total, elapsed)
}

func (p *Progress) draw() {
	done := int(p.done.Load())
	elapsed := time.Since(p.start)
	eta := "–"
	if done > 0 && done < p.total {
		left := time.Duration(float64(elapsed) / float64(done) * float64(p.total-done))
		eta = clock(left)
	} else if done == p.total {
		eta = "0:00"
	}
	frac := float64(done) / float64(max(p.total, 1))
	if p.mode == "log" {
		fmt.Fprintf(p.w, "nhssim: %d/%d runs (%.0f%%), %s elapsed, about %s left\n", done, p.total, 100*frac, clock(elapsed), eta)
		return
	}
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d runs  %3.0f%%  %s elapsed  %s left ", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, p.total, 100*frac, clock(elapsed), eta)
}

// clock writes d as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
