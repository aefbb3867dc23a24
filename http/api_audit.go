package http

import (
	"net/http"

	"minyi"
)

// apiListAudit handles GET /api/v1/audit?limit= (admin), newest first.
func (s *Server) apiListAudit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if limit == 0 || limit > 1000 {
		limit = 100
	}
	list, err := s.svc.ListAudit(r.Context(), int(limit))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"audit": nonNil(list)})
}

// apiCreateToken handles POST /api/v1/tokens {"username","name"} (admin):
// a bearer token for machine access as that user, shown once.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	me, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		Username string `json:"username"`
		Name     string `json:"name"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	u, err := s.svc.FindUserByUsername(r.Context(), in.Username)
	if minyi.ErrorCode(err) == minyi.ENOTFOUND {
		s.apiError(w, r, &minyi.Error{Code: minyi.EINVALID, Message: "用户不存在", MessageEN: "no such user", Fields: map[string]string{"username": "用户不存在"}})
		return
	} else if err != nil {
		s.apiError(w, r, err)
		return
	}
	if u.Disabled {
		s.apiError(w, r, minyi.Errorf(minyi.ECONFLICT, "账号已停用，不能签发令牌", "the account is disabled"))
		return
	}
	if in.Name == "" {
		in.Name = "api"
	}
	token, err := s.svc.CreateToken(r.Context(), u.ID, in.Name)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.Audit(r.Context(), &minyi.AuditEntry{UserID: me.ID, Username: me.Username, Action: "create_token", Target: u.Username, Detail: in.Name, At: s.now()}); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": token, "username": u.Username})
}
