package http

import (
	"net/http"
	"strings"

	"minyi"
)

// apiListUsers handles GET /api/v1/users (admin).
func (s *Server) apiListUsers(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	users, err := s.svc.ListUsers(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": nonNil(users)})
}

// userInput is the body of POST and PUT /api/v1/users; PUT changes only
// the fields present.
type userInput struct {
	Username    *string `json:"username"`
	DisplayName *string `json:"display_name"`
	Role        *string `json:"role"` // code or Chinese name
	UnitID      *int64  `json:"unit_id"`
	Phone       *string `json:"phone"`
	Disabled    *bool   `json:"disabled"`
	Password    *string `json:"password"`
}

// apply copies the given fields onto u, adding problems to fields.
func (in *userInput) apply(u *minyi.User, fields map[string]string) {
	if in.Username != nil {
		u.Username = strings.TrimSpace(*in.Username)
	}
	if in.DisplayName != nil {
		u.DisplayName = strings.TrimSpace(*in.DisplayName)
	}
	if in.Role != nil {
		role, err := minyi.ParseRole(strings.TrimSpace(*in.Role))
		if err != nil {
			fields["role"] = "角色无效，应为 citizen、dispatcher、handler、leader、supervisor、evaluator 或 admin"
		}
		u.Role = role
	}
	if in.UnitID != nil {
		u.UnitID = *in.UnitID
	}
	if in.Phone != nil {
		u.Phone = strings.TrimSpace(*in.Phone)
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
}

// checkUser reports the problems found while reading the body, together
// with the domain's (minyi.User.Validate). With none, the store checks
// the user, its unit and the password when it saves them.
func checkUser(u *minyi.User, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	err := u.Validate()
	for k, v := range fields {
		err = addField(err, k, v)
	}
	return err
}

// apiCreateUser handles POST /api/v1/users (admin); password is required.
func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	var in userInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	u := &minyi.User{}
	fields := map[string]string{}
	in.apply(u, fields)
	if in.Password == nil {
		fields["password"] = "请设置初始密码（至少 8 个字符）"
	}
	if in.Role == nil {
		fields["role"] = "请选择角色"
	}
	if err := checkUser(u, fields); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.CreateUser(r.Context(), u, *in.Password); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}

// apiUpdateUser handles PUT /api/v1/users/{id} (admin): role, unit,
// display name, phone, disabled and password. Admins cannot disable
// themselves or drop their own admin role, so the system keeps an admin.
func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) {
	me, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	u, err := s.svc.FindUser(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in userInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	in.Username = nil // usernames are permanent: audit rows refer to them
	fields := map[string]string{}
	in.apply(u, fields)
	if u.ID == me.ID && (u.Disabled || u.Role != minyi.RoleAdmin) {
		s.apiError(w, r, minyi.Errorf(minyi.ECONFLICT, "不能停用自己的账号或取消自己的管理员角色", "you cannot disable yourself or drop your own admin role"))
		return
	}
	if err := checkUser(u, fields); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.Password != nil {
		err = s.svc.UpdateUserAndPassword(r.Context(), u, *in.Password)
	} else {
		err = s.svc.UpdateUser(r.Context(), u)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": u})
}
