package http

import "net/http"

// apiDashboard handles GET /api/v1/dashboard: the dashboard's data.
func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.dashboard(r.Context(), u, r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
