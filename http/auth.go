package http

import (
	"net/http"
	"strings"
	"time"

	"minyi"
)

const (
	sessionCookie = "minyi_session"
	sessionTTL    = 12 * time.Hour
)

// authenticate identifies the user from a bearer token (machines) or a
// session cookie (people). Anonymous requests pass through with no user;
// handlers decide what anonymous visitors may do.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "认证头格式应为 Bearer <token>", "Authorization must be 'Bearer <token>'"))
				return
			}
			u, err := s.svc.FindUserByToken(r.Context(), strings.TrimSpace(token))
			if err != nil {
				s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "令牌无效或已停用", "invalid or revoked token"))
				return
			}
			next.ServeHTTP(w, r.WithContext(withUser(r.Context(), u)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if _, u, err := s.svc.FindSession(r.Context(), c.Value); err == nil && !u.Disabled {
				r = r.WithContext(withUser(r.Context(), u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// login checks the password and starts a server-side session.
func (s *Server) login(w http.ResponseWriter, r *http.Request, username, password string) (*minyi.User, error) {
	u, err := s.svc.Authenticate(r.Context(), username, password)
	if err != nil {
		return nil, err
	}
	sess, err := s.svc.CreateSession(r.Context(), u.ID, sessionTTL)
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess.ID, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt,
	})
	return u, nil
}

// loginLimited is login for the API and the login page alike, with tries
// counted per username so that a password cannot be guessed quickly. A
// wrong password and a disabled account give the same EUNAUTHORIZED.
func (s *Server) loginLimited(w http.ResponseWriter, r *http.Request, username, password string) (*minyi.User, error) {
	key := "login:" + strings.ToLower(strings.TrimSpace(username))
	if !s.limits.attempt(key, s.now()) {
		return nil, minyi.Errorf(minyi.ETOOMANY, "登录失败次数过多，请 15 分钟后再试", "too many failed logins; try again in 15 minutes")
	}
	u, err := s.login(w, r, username, password)
	switch {
	case err == nil:
		s.limits.reset(key)
	case minyi.ErrorCode(err) == minyi.EINTERNAL:
		s.limits.release(key)
	default:
		err = minyi.Errorf(minyi.EUNAUTHORIZED, "用户名或密码错误，或账号已停用", "wrong username or password, or the account is disabled")
	}
	return u, err
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		_ = s.svc.DeleteSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
}

// requireStaff returns the user when a staff member is logged in, or an error
// for the caller to render.
func requireStaff(r *http.Request) (*minyi.User, error) {
	u := userFrom(r)
	if u == nil {
		return nil, minyi.Errorf(minyi.EUNAUTHORIZED, "请先登录", "login required")
	}
	if u.Role == minyi.RoleEditor {
		return nil, errEditorOnly()
	}
	if !u.Role.IsStaff() {
		return nil, minyi.Errorf(minyi.EFORBIDDEN, "仅限工作人员访问", "staff only")
	}
	return u, nil
}

// errEditorOnly is the refusal a content editor meets anywhere outside the
// catalogue and the canned answers: it says what the role is for, so that
// an editor who follows an old link knows it is no mistake.
func errEditorOnly() error {
	return minyi.Errorf(minyi.EFORBIDDEN,
		"内容编辑只能维护办事指南、政策文件和快捷回复，无权查看诉求、群众个人信息和考核数据",
		"content editors maintain service guides, policy documents and canned answers only; they may not see appeals, personal data or performance figures")
}

// requireRole returns the user when they hold one of the roles.
func requireRole(r *http.Request, roles ...minyi.Role) (*minyi.User, error) {
	u := userFrom(r)
	if u == nil {
		return nil, minyi.Errorf(minyi.EUNAUTHORIZED, "请先登录", "login required")
	}
	for _, role := range roles {
		if u.Role == role {
			return u, nil
		}
	}
	if u.Role == minyi.RoleEditor {
		return nil, errEditorOnly()
	}
	return nil, minyi.Errorf(minyi.EFORBIDDEN, "您的角色无权访问此功能", "your role may not use this")
}
