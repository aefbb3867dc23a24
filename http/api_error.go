package http

import (
	"encoding/json"
	"net/http"

	"minyi"
)

// apiError writes {"error":{"code","message","message_en","fields"}}.
// Only internal errors are logged with their detail.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := minyi.ErrorCode(err)
	if code == minyi.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := map[string]any{
		"code":       code,
		"message":    minyi.ErrorMessage(err),
		"message_en": minyi.ErrorMessageEN(err),
	}
	if f := minyi.ErrorFields(err); len(f) > 0 {
		body["fields"] = f
	}
	writeJSON(w, httpStatus(err), map[string]any{"error": body})
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
