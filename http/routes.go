package http

import (
	"net/http"
	"strings"
	"time"

	"minyi"
)

// routes registers the JSON API (api_*.go) and the web pages (web_*.go).
func (s *Server) routes() {
	s.registerAPI()
	s.registerWeb()
}

// handler wraps the mux with the middleware every request passes:
// cross-origin (CSRF) protection for unsafe methods, then authentication.
func (s *Server) handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	return s.logRequests(cop.Handler(s.authenticate(s.auditDenied(s.mux))))
}

// auditDenied writes a refused request of a logged-in user (403) to the
// audit log: the assessment counts them (越权访问), and a reviewer can see
// who tried what.
func (s *Server) auditDenied(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rw, r)
		u := userFrom(r)
		if rw.status != http.StatusForbidden || u == nil {
			return
		}
		entry := &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: minyi.AuditAccessDenied,
			Target: r.Method + " " + r.URL.Path, Detail: "无权访问", At: s.now()}
		if err := s.svc.Audit(r.Context(), entry); err != nil {
			s.log.Warn("audit a denied request", "err", err)
		}
	})
}

// logRequests logs server errors and slow requests only; access logs for
// every request would cost more than they tell at 1,000 requests a second.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rw, r)
		// Event streams are long by design: only their errors count.
		stream := strings.HasPrefix(rw.Header().Get("Content-Type"), "text/event-stream")
		if d := time.Since(start); rw.status >= 500 || d > time.Second && !stream {
			s.log.Warn("request", "method", r.Method, "path", r.URL.Path, "status", rw.status, "duration", d)
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Flush lets server-sent events pass through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
