package minyi

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do.
type Role string

const (
	RoleCitizen    Role = "citizen"    // 市民
	RoleDispatcher Role = "dispatcher" // 派单员（指挥中心）
	RoleHandler    Role = "handler"    // 承办人
	RoleLeader     Role = "leader"     // 单位负责人
	RoleSupervisor Role = "supervisor" // 督办员
	RoleEvaluator  Role = "evaluator"  // 第三方评估员（只读、脱敏）
	RoleEditor     Role = "editor"     // 内容编辑（办事指南、政策文件、快捷回复）
	RoleAdmin      Role = "admin"      // 系统管理员
)

// Roles lists every role in display order.
var Roles = []Role{RoleCitizen, RoleDispatcher, RoleHandler, RoleLeader, RoleSupervisor, RoleEvaluator, RoleEditor, RoleAdmin}

// RoleLabels gives the Chinese name of each role.
var RoleLabels = map[Role]string{
	RoleCitizen: "市民", RoleDispatcher: "派单员", RoleHandler: "承办人", RoleLeader: "单位负责人",
	RoleSupervisor: "督办员", RoleEvaluator: "第三方评估员", RoleEditor: "内容编辑", RoleAdmin: "系统管理员",
}

// ParseRole accepts a role code or its Chinese name.
func ParseRole(s string) (Role, error) {
	s = strings.TrimSpace(s)
	for _, r := range Roles {
		if string(r) == s || RoleLabels[r] == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "角色无效：%s", "invalid role: %s", s)
}

// IsStaff reports whether the role works on citizens' appeals inside the
// government. Content editors work inside too but never on appeals: every
// gate that lets staff read appeals, contact details or figures asks
// IsStaff, so an editor is kept out of all of them by default.
func (r Role) IsStaff() bool { return r != RoleCitizen && r != RoleEditor && r != "" }

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 8

// User is an account. Staff belong to a unit; citizens and evaluators
// have none.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	UnitID      int64     `json:"unit_id,omitempty"`
	UnitName    string    `json:"unit_name,omitempty"`
	Phone       string    `json:"-"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	fields := map[string]string{}
	if len(u.Username) < 2 || len(u.Username) > 64 {
		fields["username"] = "用户名长度应为 2 到 64 个字符"
	}
	if _, ok := RoleLabels[u.Role]; !ok {
		fields["role"] = "角色无效"
	}
	switch {
	case (u.Role == RoleHandler || u.Role == RoleLeader) && u.UnitID == 0:
		fields["unit_id"] = "承办人和单位负责人必须属于一个单位"
	case (u.Role == RoleCitizen || u.Role == RoleEvaluator) && u.UnitID != 0:
		fields["unit_id"] = "市民和评估员不属于任何单位"
	case u.Role == RoleEditor && u.UnitID != 0:
		// A unit would suggest the editor sees that unit's appeals.
		fields["unit_id"] = "内容编辑不属于任何单位"
	}
	return fieldErrors(fields)
}

// Session is a server-side login session.
type Session struct {
	ID        string // random, stored hashed
	UserID    int64
	CSRF      string
	ExpiresAt time.Time
}

// UserService manages accounts, sessions and API tokens.
type UserService interface {
	CreateUser(ctx context.Context, u *User, password string) error
	UpdateUser(ctx context.Context, u *User) error
	// UpdateUserAndPassword saves the user and a new password in one
	// transaction.
	UpdateUserAndPassword(ctx context.Context, u *User, password string) error
	SetPassword(ctx context.Context, userID int64, password string) error
	FindUser(ctx context.Context, id int64) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context) ([]*User, error)
	// Authenticate checks a username and password (argon2id) and returns the user.
	Authenticate(ctx context.Context, username, password string) (*User, error)
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (*Session, error)
	FindSession(ctx context.Context, id string) (*Session, *User, error)
	DeleteSession(ctx context.Context, id string) error
	// CreateToken returns a new bearer token for machine access; only its hash is kept.
	CreateToken(ctx context.Context, userID int64, name string) (string, error)
	FindUserByToken(ctx context.Context, token string) (*User, error)
}
