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
	if !u.Role.IsStaff() {
		return nil, minyi.Errorf(minyi.EFORBIDDEN, "仅限工作人员访问", "staff only")
	}
	return u, nil
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
	return nil, minyi.Errorf(minyi.EFORBIDDEN, "您的角色无权访问此功能", "your role may not use this")
}
