package http

import (
	"net/http"
	"strings"
	"time"
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
	return s.logRequests(cop.Handler(s.authenticate(s.mux)))
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
