package http

import "net/http"

// apiNeeds handles GET /api/v1/needs?top=N: the latent needs (潜在需求),
// for readers who see every appeal and for content editors.
func (s *Server) apiNeeds(w http.ResponseWriter, r *http.Request) {
	u, err := requireNeedsReader(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	n, err := queryValueInt(r.URL.Query(), "top")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.latentNeeds(r.Context(), u, int(n)))
}
