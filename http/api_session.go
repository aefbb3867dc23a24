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
	key := "login:" + strings.ToLower(in.Username)
	now := s.now()
	if !s.limits.allow(key, now) {
		s.apiError(w, r, minyi.Errorf(minyi.ETOOMANY, "登录失败次数过多，请 15 分钟后再试", "too many failed logins; try again in 15 minutes"))
		return
	}
	u, err := s.login(w, r, in.Username, in.Password)
	if err != nil {
		if minyi.ErrorCode(err) == minyi.EINTERNAL {
			s.apiError(w, r, err)
			return
		}
		s.limits.fail(key, now)
		s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "用户名或密码错误，或账号已停用", "wrong username or password, or the account is disabled"))
		return
	}
	s.limits.reset(key)
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
