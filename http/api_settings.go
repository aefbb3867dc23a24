package http

import (
	"net/http"

	"minyi"
)

// apiGetSettings handles GET /api/v1/settings (admin).
func (s *Server) apiGetSettings(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": settingsJSON(st)})
}

// apiPutSettings handles PUT /api/v1/settings (admin). Fields left out of
// the body keep their values; SaveSettings checks them (minyi.Settings.Validate)
// and sorts the dates.
func (s *Server) apiPutSettings(w http.ResponseWriter, r *http.Request) {
	me, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	next := *st
	if err := decodeJSON(w, r, &next); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.SaveSettings(r.Context(), &next); err != nil {
		s.apiError(w, r, err)
		return
	}
	_ = s.svc.Audit(r.Context(), &minyi.AuditEntry{UserID: me.ID, Username: me.Username, Action: "update_settings", Target: "settings", At: s.now()})
	writeJSON(w, http.StatusOK, map[string]any{"settings": settingsJSON(&next)})
}

// settingsJSON keeps lists as [] rather than null.
func settingsJSON(st *minyi.Settings) *minyi.Settings {
	c := *st
	c.Holidays, c.Workdays, c.SLARules = nonNil(c.Holidays), nonNil(c.Workdays), nonNil(c.SLARules)
	return &c
}
