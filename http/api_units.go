package http

import (
	"context"
	"net/http"
	"strings"

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
	if err := s.saveUnit(r, &u, s.svc.CreateUnit); err != nil {
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
	if u.ParentID == id {
		s.apiError(w, r, &minyi.Error{Code: minyi.EINVALID, Message: "上级单位不能是自身", MessageEN: "a unit cannot be its own parent", Fields: map[string]string{"parent_id": "上级单位不能是自身"}})
		return
	}
	if err := s.saveUnit(r, u, s.svc.UpdateUnit); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": u})
}

// saveUnit validates a unit, checks its parent exists, and stores it.
func (s *Server) saveUnit(r *http.Request, u *minyi.Unit, save func(ctx context.Context, u *minyi.Unit) error) error {
	u.Name, u.Code = strings.TrimSpace(u.Name), strings.TrimSpace(u.Code)
	err := u.Validate()
	if u.ParentID != 0 {
		if _, perr := s.svc.FindUnit(r.Context(), u.ParentID); minyi.ErrorCode(perr) == minyi.ENOTFOUND {
			err = addField(err, "parent_id", "上级单位不存在")
		} else if perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	return save(r.Context(), u)
}
