package classroom

import (
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"
)

// The server answers only to requests that name it (the Host check, against
// DNS rebinding), accepts a run or an upload only from its own page (the
// Origin check, against cross-site request forgery) and only with the
// content type its page sends, which a plain HTML form cannot.

// hostAllowed reports whether the request's Host names this server: a
// loopback name or address, the address the connection came in on, or
// one of the names allowed with --allow-host. A web page on another name
// that resolves to this computer (DNS rebinding) names itself.
func (s *Server) hostAllowed(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	switch {
	case host == "":
		return false
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case slices.Contains(s.opt.AllowHosts, host):
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	if ip.Unmap().IsLoopback() || ip.IsUnspecified() { // 0.0.0.0 and [::] reach this computer
		return true
	}
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if ap, err := netip.ParseAddrPort(la.String()); err == nil && ap.Addr().Unmap().WithZone("") == ip.Unmap().WithZone("") {
			return true
		}
	}
	return false
}

// hostRefusal says why a request was refused for its Host.
func (s *Server) hostRefusal(r *http.Request) string {
	return fmt.Sprintf("This server does not answer to the name %q: it answers to localhost, the loopback addresses and the address it is reached at; "+
		"to reach it by a name, start it with --allow-host NAME.", clip(r.Host, 100))
}

// uploadTypes are the content types an upload may be sent as: none is one
// that a plain HTML form can send, so a page on another site cannot post
// one without the browser asking this server first (which it refuses).
var uploadTypes = []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}

// contentType reports whether the request's Content-Type is one of want.
func contentType(r *http.Request, want ...string) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && slices.Contains(want, mt)
}

// guard refuses what the server must not answer, before any handler: a
// request that does not name this server, and a cross-origin request that
// changes something (a POST from another site's page).
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if !s.hostAllowed(r) {
		writeJSON(w, http.StatusForbidden, problem{Message: s.hostRefusal(r)})
		return false
	}
	if err := s.cross.Check(r); err != nil {
		writeJSON(w, http.StatusForbidden, problem{Message: "Refused: a run or an upload must come from this server's own page, not from another site's."})
		return false
	}
	return true
}

// recoverPanic, deferred in a handler, turns a panic (a bug in nhssim) into
// a 500 answer for that request alone, and logs its stack; the server goes
// on serving. A panic that aborts the handler on purpose goes on.
func (s *Server) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.logPanic(r.Method+" "+r.URL.Path, v, debug.Stack())
	writeJSON(w, http.StatusInternalServerError, problem{Message: internalError})
}

// internalError is what a request is told when nhssim failed on it.
const internalError = "This request failed: an internal error in nhssim (a bug, not a problem with your input). The server goes on serving; please report it with the scenarios you used."

// logPanic writes a caught panic and its stack to the server's log.
func (s *Server) logPanic(where string, v any, stack []byte) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log(), "nhssim serve: internal error in %s: %v\n%s\n", where, v, stack)
}

func (s *Server) log() io.Writer {
	if s.opt.Log == nil {
		return io.Discard
	}
	return s.opt.Log
}

// Bounds on the text of a problem the server returns: a scenario with
// thousands of bad entries gets the first few and a count of the rest.
const (
	maxIssues     = 20
	maxIssueText  = 500
	maxMessageLen = 2000
)

// clip shortens s to at most n bytes, at a character boundary, marking the
// cut with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// bounded is p with at most maxIssues issues (and one saying how many more
// there were) and every text clipped.
func (p problem) bounded() problem {
	out := problem{Message: clip(p.Message, maxMessageLen)}
	for i, is := range p.Issues {
		if i == maxIssues {
			out.Issues = append(out.Issues, issue{Text: fmt.Sprintf("and %d more problems", len(p.Issues)-maxIssues)})
			break
		}
		out.Issues = append(out.Issues, issue{Text: clip(is.Text, maxIssueText), Field: clip(is.Field, 200)})
	}
	return out
}
