package minyi_test

import (
	"strings"
	"testing"

	"minyi"
)

func validAppeal() *minyi.Appeal {
	return &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: " 小区路灯不亮 ",
		Content: "幸福小区北门的路灯已经坏了一周。", ContactName: " 张三 ", ContactPhone: "138-1234 5678",
	}
}

func TestAppealValidate(t *testing.T) {
	lat, lng, far := 22.54, 114.05, 200.0
	tests := []struct {
		name   string
		change func(a *minyi.Appeal)
		fields map[string]string
	}{
		{"valid", func(*minyi.Appeal) {}, nil},
		{"valid landline", func(a *minyi.Appeal) { a.ContactPhone = "0755-83001234" }, nil},
		{"valid anonymous without phone", func(a *minyi.Appeal) { a.ContactPhone, a.Anonymous = "", true }, nil},
		{"valid location", func(a *minyi.Appeal) { a.Lat, a.Lng = &lat, &lng }, nil},
		{"everything missing", func(a *minyi.Appeal) { *a = minyi.Appeal{} }, map[string]string{
			"type":          "请选择诉求类型（投诉、咨询、建议、举报、求助、表扬）",
			"channel":       "诉求渠道无效",
			"title":         "请填写标题",
			"content":       "请填写诉求内容",
			"contact_phone": "请填写联系电话，用于回访和查询办理进度",
		}},
		{"blank title", func(a *minyi.Appeal) { a.Title = "   " }, map[string]string{"title": "请填写标题"}},
		{"title too long", func(a *minyi.Appeal) { a.Title = strings.Repeat("灯", 101) }, map[string]string{"title": "标题不能超过 100 个字"}},
		{"title of 100 characters", func(a *minyi.Appeal) { a.Title = strings.Repeat("灯", 100) }, nil},
		{"content too short", func(a *minyi.Appeal) { a.Content = "灯坏了" }, map[string]string{"content": "诉求内容太短，请描述具体情况"}},
		{"content too long", func(a *minyi.Appeal) { a.Content = strings.Repeat("灯", 4001) }, map[string]string{"content": "诉求内容不能超过 4000 个字"}},
		{"address too long", func(a *minyi.Appeal) { a.Address = strings.Repeat("路", 201) }, map[string]string{"address": "地址不能超过 200 个字"}},
		{"latitude without longitude", func(a *minyi.Appeal) { a.Lat = &lat }, map[string]string{"location": "经纬度无效（WGS-84：纬度 -90～90，经度 -180～180）"}},
		{"longitude out of range", func(a *minyi.Appeal) { a.Lat, a.Lng = &lat, &far }, map[string]string{"location": "经纬度无效（WGS-84：纬度 -90～90，经度 -180～180）"}},
		{"bad mobile number", func(a *minyi.Appeal) { a.ContactPhone = "12812345678" }, map[string]string{"contact_phone": "联系电话格式不正确（手机号 11 位，或带区号的固定电话）"}},
		{"letters in phone", func(a *minyi.Appeal) { a.ContactPhone = "1381234abcd" }, map[string]string{"contact_phone": "联系电话格式不正确（手机号 11 位，或带区号的固定电话）"}},
		{"anonymous with a bad phone", func(a *minyi.Appeal) { a.Anonymous, a.ContactPhone = true, "123" }, map[string]string{"contact_phone": "联系电话格式不正确（手机号 11 位，或带区号的固定电话）"}},
		{"name too long", func(a *minyi.Appeal) { a.ContactName = strings.Repeat("张", 51) }, map[string]string{"contact_name": "联系人姓名不能超过 50 个字"}},
		{"unknown type", func(a *minyi.Appeal) { a.Type = "chat" }, map[string]string{"type": "请选择诉求类型（投诉、咨询、建议、举报、求助、表扬）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAppeal()
			tt.change(a)
			err := a.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v (%v)", err, minyi.ErrorFields(err))
				}
				return
			}
			if minyi.ErrorCode(err) != minyi.EINVALID || minyi.ErrorMessage(err) != "提交的内容有误，请检查标红的字段" {
				t.Fatalf("err = %v", err)
			}
			got := minyi.ErrorFields(err)
			if len(got) != len(tt.fields) {
				t.Errorf("fields = %v, want %v", got, tt.fields)
			}
			for k, v := range tt.fields {
				if got[k] != v {
					t.Errorf("field %s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestAppealValidateNormalizes(t *testing.T) {
	a := validAppeal()
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Title != "小区路灯不亮" || a.ContactName != "张三" || a.ContactPhone != "13812345678" {
		t.Errorf("normalised: %q %q %q", a.Title, a.ContactName, a.ContactPhone)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]minyi.AppealType{"complaint": minyi.TypeComplaint, "投诉": minyi.TypeComplaint, " 咨询 ": minyi.TypeConsult, "表扬": minyi.TypePraise} {
		if got, ok := minyi.ParseAppealType(in); !ok || got != want {
			t.Errorf("ParseAppealType(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := minyi.ParseAppealType("闲聊"); ok {
		t.Error("ParseAppealType accepted 闲聊")
	}
	for in, want := range map[string]minyi.Channel{"web": minyi.ChannelWeb, "网站": minyi.ChannelWeb, "热线": minyi.ChannelHotline, "app": minyi.ChannelApp, "API": minyi.ChannelAPI} {
		if got, ok := minyi.ParseChannel(in); !ok || got != want {
			t.Errorf("ParseChannel(%q) = %q, %v", in, got, ok)
		}
	}
	for in, want := range map[string]minyi.Rating{"1": 1, "5": 5, "非常不满意": 1, "不满意": 2, "基本满意": 3, "满意": 4, "非常满意": 5} {
		if got, ok := minyi.ParseRating(in); !ok || got != want {
			t.Errorf("ParseRating(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"0", "6", "很好", ""} {
		if _, ok := minyi.ParseRating(in); ok {
			t.Errorf("ParseRating(%q) accepted", in)
		}
	}
	for in, want := range map[string]minyi.Role{"handler": minyi.RoleHandler, "承办人": minyi.RoleHandler, "第三方评估员": minyi.RoleEvaluator} {
		if got, err := minyi.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := minyi.ParseRole("boss"); minyi.ErrorCode(err) != minyi.EINVALID {
		t.Errorf("ParseRole(boss) err = %v", err)
	}
	if minyi.Rating(2).Bad() != true || minyi.Rating(3).Bad() != false {
		t.Error("Bad() should hold for 不满意 and 非常不满意 only")
	}
}

func TestMasking(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "075583001234": "075*****1234", "12345": "*****", "": ""} {
		if got := minyi.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"张三": "张*", "欧阳明月": "欧***", "王": "王*", "": ""} {
		if got := minyi.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	a := &minyi.Appeal{ContactName: "张三", ContactPhone: "13812345678", Title: "路灯"}
	m := a.Masked()
	if m.ContactName != "张*" || m.ContactPhone != "138****5678" || m.Title != "路灯" {
		t.Errorf("Masked() = %q %q", m.ContactName, m.ContactPhone)
	}
	if a.ContactPhone != "13812345678" || a.ContactName != "张三" {
		t.Error("Masked() changed the original")
	}
	if minyi.PhoneLast4("13812345678") != "5678" {
		t.Error("PhoneLast4")
	}
}

func TestScopeAndContactRules(t *testing.T) {
	a := &minyi.Appeal{UnitID: 7, CitizenID: 50}
	tests := []struct {
		user    *minyi.User
		allows  bool
		contact bool
	}{
		{nil, false, false},
		{&minyi.User{ID: 50, Role: minyi.RoleCitizen}, true, false},
		{&minyi.User{ID: 51, Role: minyi.RoleCitizen}, false, false},
		{&minyi.User{Role: minyi.RoleDispatcher}, true, true},
		{&minyi.User{Role: minyi.RoleHandler, UnitID: 7}, true, true},
		{&minyi.User{Role: minyi.RoleHandler, UnitID: 8}, false, true},
		{&minyi.User{Role: minyi.RoleLeader, UnitID: 7}, true, true},
		{&minyi.User{Role: minyi.RoleSupervisor}, true, false},
		{&minyi.User{Role: minyi.RoleEvaluator}, true, false},
		{&minyi.User{Role: minyi.RoleAdmin}, true, true},
	}
	for _, tt := range tests {
		name := "anonymous"
		if tt.user != nil {
			name = string(tt.user.Role)
		}
		if got := minyi.ScopeFor(tt.user).Allows(a); got != tt.allows {
			t.Errorf("%s %+v: Allows = %v, want %v", name, tt.user, got, tt.allows)
		}
		if got := minyi.CanSeeContact(tt.user); got != tt.contact {
			t.Errorf("%s: CanSeeContact = %v, want %v", name, got, tt.contact)
		}
	}
}
