package demo

import (
	"context"
	"fmt"

	"minyi"
)

// Password is the password of every demo account. It is printed when the
// demo is seeded and documented in the README; change it in production.
const Password = "minyi2026"

// Demo units of the handler and leader accounts.
const (
	HandlerUnit1 = "福田区城市管理和综合执法局"
	HandlerUnit2 = "南山区住房和建设局"
)

// Login is one demo account, for printing.
type Login struct {
	Username string
	Name     string
	Role     minyi.Role
	Unit     string
	Password string
}

// Logins lists the demo accounts: two per role.
func Logins() []Login {
	acc := []Login{
		{"admin1", "郑海鹰", minyi.RoleAdmin, CentreName, Password},
		{"admin2", "陈若溪", minyi.RoleAdmin, CentreName, Password},
		{"dispatcher1", "李晓敏", minyi.RoleDispatcher, CentreName, Password},
		{"dispatcher2", "黄志强", minyi.RoleDispatcher, CentreName, Password},
		{"handler1", "刘建华", minyi.RoleHandler, HandlerUnit1, Password},
		{"handler2", "吴思琪", minyi.RoleHandler, HandlerUnit2, Password},
		{"leader1", "周国平", minyi.RoleLeader, HandlerUnit1, Password},
		{"leader2", "林雅静", minyi.RoleLeader, HandlerUnit2, Password},
		{"supervisor1", "何振东", minyi.RoleSupervisor, CentreName, Password},
		{"supervisor2", "许美玲", minyi.RoleSupervisor, CentreName, Password},
		{"evaluator1", "高文博", minyi.RoleEvaluator, "", Password},
		{"evaluator2", "梁静怡", minyi.RoleEvaluator, "", Password},
		{"editor1", "孙雨桐", minyi.RoleEditor, "", Password},
		{"editor2", "马俊杰", minyi.RoleEditor, "", Password},
		{"citizen1", "张伟", minyi.RoleCitizen, "", Password},
		{"citizen2", "王芳", minyi.RoleCitizen, "", Password},
	}
	return acc
}

// citizenPhones are the demo citizens' phone numbers; appeals generated for
// them carry these numbers.
var citizenPhones = map[string]string{"citizen1": "13800138001", "citizen2": "13900139002"}

// createAccounts stores the demo accounts.
func createAccounts(ctx context.Context, users minyi.UserService, o *org) error {
	for _, l := range Logins() {
		u := &minyi.User{Username: l.Username, DisplayName: l.Name, Role: l.Role, Phone: citizenPhones[l.Username]}
		if l.Unit != "" {
			unit := o.ByName[l.Unit]
			if unit == nil {
				return fmt.Errorf("demo account %s: unit %s missing", l.Username, l.Unit)
			}
			u.UnitID, u.UnitName = unit.ID, unit.Name
		}
		if err := users.CreateUser(ctx, u, l.Password); err != nil {
			return fmt.Errorf("create user %s: %w", l.Username, err)
		}
	}
	return nil
}
