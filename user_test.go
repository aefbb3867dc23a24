package minyi_test

import (
	"testing"

	"minyi"
)

func TestUserValidateUnit(t *testing.T) {
	tests := []struct {
		role minyi.Role
		unit int64
		msg  string // the unit_id message, "" when valid
	}{
		{minyi.RoleHandler, 0, "承办人和单位负责人必须属于一个单位"},
		{minyi.RoleLeader, 0, "承办人和单位负责人必须属于一个单位"},
		{minyi.RoleHandler, 7, ""},
		{minyi.RoleCitizen, 0, ""},
		{minyi.RoleEvaluator, 0, ""},
		{minyi.RoleCitizen, 7, "市民和评估员不属于任何单位"},
		{minyi.RoleEvaluator, 7, "市民和评估员不属于任何单位"},
		{minyi.RoleDispatcher, 7, ""},
		{minyi.RoleAdmin, 0, ""},
	}
	for _, tt := range tests {
		u := &minyi.User{Username: "user", Role: tt.role, UnitID: tt.unit}
		err := u.Validate()
		if got := minyi.ErrorFields(err)["unit_id"]; got != tt.msg {
			t.Errorf("%s in unit %d: unit_id message %q, want %q", tt.role, tt.unit, got, tt.msg)
		}
		if (err == nil) != (tt.msg == "") {
			t.Errorf("%s in unit %d: err %v", tt.role, tt.unit, err)
		}
	}
}
