package http

import (
	"net/http"
	"strings"

	"minyi"
)

// apiLogin handles POST /api/v1/login {"username","password"}: it starts a
// session (cookie) and returns {"user":…}.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	in.Username = strings.TrimSpace(in.Username)
	if in.Username == "" || in.Password == "" {
		s.apiError(w, r, &minyi.Error{Code: minyi.EINVALID, Message: "请输入用户名和密码", MessageEN: "username and password are required",
			Fields: map[string]string{"username": "请输入用户名", "password": "请输入密码"}})
		return
	}
	u, err := s.loginLimited(w, r, in.Username, in.Password)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": u})
}

// apiLogout handles POST /api/v1/logout.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	s.logout(w, r)
	w.WriteHeader(http.StatusNoContent)
}

// apiMe handles GET /api/v1/me: the logged-in user, or 401.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if u == nil {
		s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "请先登录", "login required"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": u})
}
