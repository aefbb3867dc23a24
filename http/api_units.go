package http

import (
	"net/http"

	"minyi"
)

// apiListUnits handles GET /api/v1/units (all staff: dispatchers choose
// units from it).
func (s *Server) apiListUnits(w http.ResponseWriter, r *http.Request) {
	if _, err := requireStaff(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	units, err := s.svc.ListUnits(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": nonNil(units)})
}

// apiCreateUnit handles POST /api/v1/units (admin).
func (s *Server) apiCreateUnit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	var u minyi.Unit
	if err := decodeJSON(w, r, &u); err != nil {
		s.apiError(w, r, err)
		return
	}
	u.ID = 0
	if err := s.svc.CreateUnit(r.Context(), &u); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"unit": u})
}

// apiUpdateUnit handles PUT /api/v1/units/{id} (admin). Fields left out of
// the body keep their values.
func (s *Server) apiUpdateUnit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	u, err := s.svc.FindUnit(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := decodeJSON(w, r, u); err != nil {
		s.apiError(w, r, err)
		return
	}
	u.ID = id
	// The store validates the unit, its parent and the tree.
	if err := s.svc.UpdateUnit(r.Context(), u); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": u})
}
