package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

func TestWebAdminUnitsAndUsers(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	adm := e.login("admin")

	res := adm.get("/admin/units")
	mustContain(t, res.body, "深圳市", "南山区", "粤海街道办事处", `action="/admin/units"`)
	res = adm.post("/admin/units", url.Values{"name": {"福田区"}, "code": {""}, "kind": {"district"}, "parent_id": {strconv.FormatInt(e.units["city"].ID, 10)}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("unit without code: %d", res.status)
	}
	mustContain(t, res.body, "请填写单位编码", `value="福田区"`)
	res = adm.post("/admin/units", url.Values{"name": {"福田区"}, "code": {"440304"}, "kind": {"district"}, "parent_id": {strconv.FormatInt(e.units["city"].ID, 10)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create unit: %d %s", res.status, res.body)
	}
	u, err := e.db.FindUnitByName(ctx, "福田区")
	if err != nil || u.Kind != minyi.UnitDistrict || u.ParentID != e.units["city"].ID {
		t.Fatalf("unit: %+v %v", u, err)
	}
	// The new district is offered on the citizen's form.
	mustContain(t, e.client().get("/submit").body, `<option value="福田区"`)

	res = adm.post("/admin/users", url.Values{"username": {"handlerC"}, "role": {"handler"}, "password": {"short"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad user: %d", res.status)
	}
	mustContain(t, res.body, "密码至少 8 个字符", "承办人和单位负责人必须属于一个单位", `value="handlerC"`)
	mustNotContain(t, res.body, `value="short"`)
	res = adm.post("/admin/users", url.Values{"username": {"pinggu"}, "role": {"evaluator"}, "unit_id": {strconv.FormatInt(u.ID, 10)}, "password": {"a-long-password"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("evaluator in a unit: %d", res.status)
	}
	mustContain(t, res.body, "市民和评估员不属于任何单位")
	res = adm.post("/admin/users", url.Values{"username": {"handlerC"}, "display_name": {"王五"}, "role": {"handler"},
		"unit_id": {strconv.FormatInt(u.ID, 10)}, "password": {"a-long-password"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create user: %d %s", res.status, res.body)
	}
	created, err := e.db.FindUserByUsername(ctx, "handlerC")
	if err != nil || created.Role != minyi.RoleHandler || created.UnitID != u.ID {
		t.Fatalf("user: %+v %v", created, err)
	}
	if res := e.client().post("/login", url.Values{"username": {"handlerC"}, "password": {"a-long-password"}}); res.status != http.StatusSeeOther {
		t.Fatalf("new user cannot log in: %d", res.status)
	}

	// Disabling locks the account out; admins cannot disable themselves.
	if res := adm.post("/admin/users/"+strconv.FormatInt(created.ID, 10)+"/toggle", nil); res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	if got, _ := e.db.FindUser(ctx, created.ID); !got.Disabled {
		t.Fatal("user not disabled")
	}
	if res := e.client().post("/login", url.Values{"username": {"handlerC"}, "password": {"a-long-password"}}); res.status == http.StatusSeeOther {
		t.Fatal("a disabled user logged in")
	}
	if res := adm.post("/admin/users/"+strconv.FormatInt(e.users["admin"].ID, 10)+"/toggle", nil); res.status != http.StatusConflict {
		t.Fatalf("self-disable: %d", res.status)
	}
	res = adm.get("/admin/users")
	mustContain(t, res.body, "handlerC", "已停用", "启用")

	// Only admins.
	if res := e.login("dispatcher").post("/admin/units", url.Values{"name": {"x"}}); res.status != http.StatusForbidden {
		t.Fatalf("dispatcher creating a unit: %d", res.status)
	}
}

func TestWebAdminCategoriesCSV(t *testing.T) {
	e := newWebEnv(t)
	adm := e.login("admin")
	res := adm.multipart("/admin/categories", nil, webFile{"file", "c.csv", []byte("名称\n城乡建设\n")})
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad header: %d", res.status)
	}
	mustContain(t, res.body, "表头应为")
	csv := "\ufeff一级分类,二级分类,三级分类\n城乡建设,市容环卫,垃圾清运\n城乡建设,市容环卫,占道经营\n交通运输,公共交通,\n"
	res = adm.multipart("/admin/categories", nil, webFile{"file", "c.csv", []byte(csv)})
	if res.status != http.StatusSeeOther {
		t.Fatalf("import: %d %s", res.status, res.body)
	}
	res = adm.get(res.location)
	mustContain(t, res.body, "新增 6 个分类", "垃圾清运", "占道经营", "公共交通")
	list, err := e.db.ListCategories(context.Background())
	if err != nil || len(list) != 6 {
		t.Fatalf("categories: %d %v", len(list), err)
	}
	// The page checks files like the API: every bad line is named and
	// nothing is imported.
	for name, tt := range map[string]struct{ csv, msg string }{
		"a level without its parent": {"一级分类,二级分类,三级分类\n,市容环卫,垃圾清运\n", "第 2 行"},
		"a slash in a name":          {"一级分类,二级分类,三级分类\n教育,民办/公办,入学\n", "第 2 行"},
		"four levels":                {"一级分类,二级分类,三级分类\n教育,学前,幼儿园,收费\n", "第 2 行"},
	} {
		res := adm.multipart("/admin/categories", nil, webFile{"file", "c.csv", []byte(tt.csv)})
		if res.status != http.StatusBadRequest {
			t.Errorf("%s: %d", name, res.status)
			continue
		}
		mustContain(t, res.body, tt.msg)
	}
	if list, _ := e.db.ListCategories(context.Background()); len(list) != 6 {
		t.Errorf("refused files added categories: %d", len(list))
	}
}

func TestWebAdminSettings(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	adm := e.login("admin")
	res := adm.get("/admin/settings")
	if res.status != http.StatusOK {
		t.Fatalf("settings: %d", res.status)
	}
	mustContain(t, res.body, `name="auto_close"`, `name="auto_dispatch" value="1" checked`)
	mustNotContain(t, res.body, `name="auto_close" value="1" checked`)

	form := url.Values{
		"holidays": {"2026-10-01\n2026-10-02\nnot-a-date"}, "workdays": {"2026-09-27"}, "rating_window_days": {"7"},
		"rule_type": {"consult", ""}, "rule_category": {"", ""}, "rule_sign": {"12", ""}, "rule_urgent": {"", ""},
		"rule_contact": {"", ""}, "rule_complete": {"2", ""},
	}
	res = adm.post("/admin/settings", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad date: %d", res.status)
	}
	mustContain(t, res.body, "not-a-date", "格式不正确")
	form.Set("holidays", "2026-10-02, 2026-10-01")
	form.Set("auto_close", "1")
	if res := adm.post("/admin/settings", form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	st, err := e.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Unchecked boxes are not sent: automatic dispatch is now off.
	if strings.Join(st.Holidays, ",") != "2026-10-01,2026-10-02" || strings.Join(st.Workdays, ",") != "2026-09-27" || !st.AutoCloseUnrated || st.AutoDispatch {
		t.Fatalf("settings: %+v", st)
	}
	if len(st.SLARules) != 1 || st.SLARules[0].Type != minyi.TypeConsult || st.SLARules[0].SignHours != 12 || st.SLARules[0].CompleteDays != 2 {
		t.Fatalf("rules: %+v", st.SLARules)
	}
	res = adm.get("/admin/settings?ok=settings_saved")
	mustContain(t, res.body, "设置已保存", "2026-10-01\n2026-10-02", `value="12"`)
	mustNotContain(t, res.body, `name="auto_dispatch" value="1" checked`)
	form.Set("auto_dispatch", "1")
	if res := adm.post("/admin/settings", form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	if st, err := e.db.Settings(ctx); err != nil || !st.AutoDispatch {
		t.Fatalf("auto dispatch not switched on: %+v %v", st, err)
	}

	// The page applies the same rules as the API: a 调休 workday is a
	// weekend day, and time limits are capped.
	for name, tt := range map[string]struct{ field, value, msg string }{
		"a weekday as 调休":   {"workdays", "2026-10-08", "周六或周日"},
		"a holiday worked":  {"workdays", "2026-10-03\n2026-10-04", "不能既是节假日又是调休上班日"},
		"hours over limits": {"rule_sign", "5000", "第 1 条时限规则"},
	} {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = append([]string(nil), v...)
		}
		bad.Set("holidays", "2026-10-01\n2026-10-04")
		if tt.field == "rule_sign" {
			bad[tt.field] = []string{tt.value, ""}
		} else {
			bad.Set(tt.field, tt.value)
		}
		res := adm.post("/admin/settings", bad)
		if res.status != http.StatusBadRequest {
			t.Errorf("%s: %d", name, res.status)
			continue
		}
		mustContain(t, res.body, tt.msg)
	}
	if st, _ := e.db.Settings(ctx); strings.Join(st.Workdays, ",") != "2026-09-27" || st.SLARules[0].SignHours != 12 {
		t.Errorf("a refused form changed the settings: %+v", st)
	}
}

// Every page renders for every role that may see it, in both languages,
// with an appeal at each interesting state.
func TestWebPagesRender(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	all := minyi.Scope{All: true}
	pending := e.newAppeal("待分拨的诉求")
	ext := e.newAppeal("申请延期的诉求")
	for _, step := range []minyi.ActionRequest{
		{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID},
		{Action: minyi.ActSign},
		{Action: minyi.ActExtend, Days: 5, Note: "需要协调多个部门"},
	} {
		actor := minyi.ActorFor(e.users["handlerA"])
		if step.Action == minyi.ActDispatch {
			actor = minyi.ActorFor(e.users["dispatcher"])
		}
		if _, err := e.db.Act(ctx, ext.TrackingNo, step, actor, all); err != nil {
			t.Fatal(err)
		}
	}
	pages := map[string][]string{
		"dispatcher": {"/work", "/work/dispatch", "/work/queue", "/work/supervise", "/work/appeals/" + pending.TrackingNo, "/work/appeals/" + ext.TrackingNo},
		"supervisor": {"/work", "/work/supervise?tab=supervised", "/work/appeals/" + ext.TrackingNo},
		"handlerA":   {"/work", "/work/queue?tab=handling", "/work/appeals/" + ext.TrackingNo},
		"admin":      {"/admin/units", "/admin/users", "/admin/categories", "/admin/settings", "/admin/audit", "/work/appeals/" + pending.TrackingNo},
		"":           {"/", "/submit", "/track", "/login", "/search?q=x", "/submitted/" + pending.TrackingNo},
	}
	for _, lang := range []string{"zh", "en"} {
		for who, paths := range pages {
			c := e.client()
			if who != "" {
				c = e.login(who)
			}
			c.post("/prefs", url.Values{"lang": {lang}})
			for _, p := range paths {
				res := c.get(p)
				if res.status != http.StatusOK {
					t.Errorf("%s %s as %q: %d", lang, p, who, res.status)
					continue
				}
				if !strings.HasSuffix(strings.TrimSpace(res.body), "</html>") {
					t.Errorf("%s %s as %q: page cut short", lang, p, who)
				}
			}
		}
	}
	// The supervisor decides the extension; the dispatcher may too.
	mustContain(t, e.login("supervisor").get("/work/appeals/"+ext.TrackingNo).body, "/act/approve-extension", "/act/supervise", "需要协调多个部门")
	mustNotContain(t, e.login("handlerA").get("/work/appeals/"+ext.TrackingNo).body, "/act/approve-extension", `/act/extend"`)
	res := e.login("supervisor").post("/work/appeals/"+ext.TrackingNo+"/act/approve-extension", url.Values{"approve": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.status)
	}
	if got := e.appeal(ext.TrackingNo); got.ExtensionDays != 0 {
		t.Fatalf("extension still pending")
	}
}
