package minyi_test

import (
	"sort"
	"strings"
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
		{minyi.RoleEditor, 0, ""},
		{minyi.RoleEditor, 7, "内容编辑不属于任何单位"},
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

// TestParseRoleEditor: the content editor is a role like the others, by
// code or Chinese name, and stands between the evaluator and the admin.
func TestParseRoleEditor(t *testing.T) {
	for _, in := range []string{"editor", "内容编辑", " editor "} {
		r, err := minyi.ParseRole(in)
		if err != nil || r != minyi.RoleEditor {
			t.Errorf("ParseRole(%q) = %q, %v", in, r, err)
		}
	}
	for _, r := range minyi.Roles {
		got, err := minyi.ParseRole(minyi.RoleLabels[r])
		if err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v; want %s", minyi.RoleLabels[r], got, err, r)
		}
	}
	if _, err := minyi.ParseRole("编辑"); minyi.ErrorCode(err) != minyi.EINVALID {
		t.Errorf("a partial name must not parse: %v", err)
	}
	if len(minyi.Roles) != len(minyi.RoleLabels) || minyi.Roles[len(minyi.Roles)-2] != minyi.RoleEditor {
		t.Errorf("roles %v", minyi.Roles)
	}
}

// TestEditorSeesNoAppeals: the editor works inside (the work area) but is
// no staff for appeals: empty scope, no contact details, and may edit the
// catalogue, as may admins and nobody else.
func TestEditorSeesNoAppeals(t *testing.T) {
	ed := &minyi.User{ID: 9, Username: "ed", Role: minyi.RoleEditor}
	if ed.Role.IsStaff() {
		t.Error("an editor is no staff")
	}
	if s := minyi.ScopeFor(ed); s != (minyi.Scope{}) || s.Allows(&minyi.Appeal{ID: 1, CitizenID: 9, UnitID: 1}) {
		t.Errorf("editor scope %+v", s)
	}
	if minyi.CanSeeContact(ed) {
		t.Error("an editor may see contact details")
	}
	for _, r := range minyi.Roles {
		u := &minyi.User{Username: "u", Role: r}
		want := r == minyi.RoleEditor || r == minyi.RoleAdmin
		if minyi.CanEditServices(u) != want {
			t.Errorf("CanEditServices(%s) = %v", r, !want)
		}
		if r != minyi.RoleCitizen && r != minyi.RoleEditor && !r.IsStaff() {
			t.Errorf("%s is no longer staff", r)
		}
	}
	ed.Disabled = true
	if minyi.CanEditServices(ed) {
		t.Error("a disabled editor may edit")
	}
}

func TestCannedTextValidate(t *testing.T) {
	long := strings.Repeat("字", minyi.MaxCannedTextLen+1)
	for _, tt := range []struct {
		c      minyi.CannedText
		fields string
	}{
		{minyi.CannedText{Title: "  问候 ", Text: " 您好 "}, ""},
		{minyi.CannedText{Title: "", Text: "您好"}, "title"},
		{minyi.CannedText{Title: "问候", Text: "   "}, "text"},
		{minyi.CannedText{Title: strings.Repeat("题", minyi.MaxCannedTitleLen+1), Text: long}, "text,title"},
		{minyi.CannedText{Title: "问候", Text: "您好", Position: -1}, "position"},
	} {
		err := tt.c.Validate()
		var got []string
		for k := range minyi.ErrorFields(err) {
			got = append(got, k)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != tt.fields {
			t.Errorf("%+v: fields %v, want %s", tt.c, got, tt.fields)
		}
		if tt.fields != "" && (minyi.ErrorMessage(err) == "" || minyi.ErrorMessageEN(err) == "") {
			t.Errorf("%+v: message %v", tt.c, err)
		}
	}
	c := minyi.CannedText{Title: "  问候  语 ", Text: " 您好 "}
	if c.Validate() != nil || c.Title != "问候 语" || c.Text != "您好" {
		t.Errorf("tidied %+v", c)
	}
}
