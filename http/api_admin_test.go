package http_test

import (
	"context"
	"errors"
	"fmt"
	nethttp "net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	minyihttp "minyi/http"
	"minyi/store"
)

func TestImportCategories(t *testing.T) {
	f := newFixture(t)
	bad := "\ufeff一级分类,二级分类,三级分类\n" +
		"城乡建设,市政设施,路灯\n" +
		",交通管理,\n" +
		"社会保障,医疗保险\n" +
		"城乡建设,,井盖\n" +
		"环境保护,大气/噪声,\n"
	res := f.call("admin", "POST", "/api/v1/categories/import", bad)
	if res.Status != 400 || res.errorCode() != "invalid" {
		t.Fatalf("bad CSV: %d %s", res.Status, res.Raw)
	}
	for _, line := range []string{"line 3", "line 5", "line 6"} {
		if res.errorField(line) == "" {
			t.Errorf("no message for %s: %s", line, res.Raw)
		}
	}
	if res.errorField("line 2") != "" || res.errorField("line 4") != "" {
		t.Errorf("good lines reported as bad: %s", res.Raw)
	}
	if msg := res.object("error")["message"].(string); !strings.Contains(msg, "第 3 行") || !strings.Contains(msg, "未导入") {
		t.Errorf("message %q", msg)
	}
	if cats := f.call("admin", "GET", "/api/v1/categories", nil).list("categories"); len(cats) != 0 {
		t.Fatalf("a rejected file imported %d categories", len(cats))
	}
	if res := f.call("admin", "POST", "/api/v1/categories/import", "分类\n路灯\n"); res.Status != 400 || res.errorField("line 1") == "" {
		t.Errorf("wrong header: %d %s", res.Status, res.Raw)
	}
	if res := f.call("admin", "POST", "/api/v1/categories/import", "一级分类,二级分类,三级分类\n"); res.Status != 400 {
		t.Errorf("header only: %d", res.Status)
	}

	good := "一级分类,二级分类,三级分类\n城乡建设,市政设施,路灯\n城乡建设,市政设施,井盖\n\n社会保障,医疗保险,\n"
	res = f.call("admin", "POST", "/api/v1/categories/import", good)
	if res.Status != ok || res.Body["rows"] != float64(3) || res.Body["created"] != float64(6) {
		t.Fatalf("good CSV: %d %s", res.Status, res.Raw)
	}
	cats := f.call("dispatcher", "GET", "/api/v1/categories", nil).list("categories")
	paths := map[string]bool{}
	for _, c := range cats {
		paths[c.(map[string]any)["path"].(string)] = true
	}
	if len(cats) != 6 || !paths["城乡建设/市政设施/路灯"] || !paths["社会保障/医疗保险"] {
		t.Errorf("categories: %v", paths)
	}
	if res := f.call("admin", "POST", "/api/v1/categories/import", good); res.Body["created"] != float64(0) {
		t.Errorf("importing twice created %v", res.Body["created"])
	}
}

func TestSettings(t *testing.T) {
	f := newFixture(t)
	res := f.call("admin", "GET", "/api/v1/settings", nil)
	if res.Status != ok || res.object("settings")["rating_window_days"] != float64(7) {
		t.Fatalf("default settings: %d %s", res.Status, res.Raw)
	}
	for name, body := range map[string]map[string]any{
		"holidays":           {"holidays": []string{"2026-13-01"}},
		"workdays":           {"workdays": []string{"2026-10-08"}}, // a Thursday
		"rating_window_days": {"rating_window_days": -1},
		"sla_rules[0]":       {"sla_rules": []map[string]any{{"type": "闲聊", "complete_days": 3}}},
		"tracking_prefix":    {"tracking_prefix": "深圳"},
	} {
		res := f.call("admin", "PUT", "/api/v1/settings", body)
		if res.Status != 400 || res.errorField(name) == "" {
			t.Errorf("bad %s: %d %s", name, res.Status, res.Raw)
		}
	}
	res = f.call("admin", "PUT", "/api/v1/settings", map[string]any{"workdays": []string{"2026-10-10"}, "holidays": []string{"2026-10-10"}})
	if res.Status != 400 {
		t.Errorf("a day both off and worked: %d", res.Status)
	}
	res = f.call("admin", "PUT", "/api/v1/settings", map[string]any{
		"holidays":           []string{"2026-10-02", "2026-10-01", "2026-10-01"},
		"workdays":           []string{"2026-09-27"},
		"sla_rules":          []map[string]any{{"type": "complaint", "category": "城乡建设", "complete_days": 10}},
		"auto_close_unrated": true, "rating_window_days": 5,
	})
	if res.Status != ok {
		t.Fatalf("save: %d %s", res.Status, res.Raw)
	}
	st := f.call("admin", "GET", "/api/v1/settings", nil).object("settings")
	if fmt.Sprint(st["holidays"]) != "[2026-10-01 2026-10-02]" || fmt.Sprint(st["workdays"]) != "[2026-09-27]" ||
		st["auto_close_unrated"] != true || st["rating_window_days"] != float64(5) || st["city_name"] != "深圳市" {
		t.Errorf("saved settings: %v", st)
	}
}

func TestUsersUnitsAndTokens(t *testing.T) {
	f := newFixture(t)
	res := f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "li", "role": "handler", "password": "short"})
	if res.Status != 400 || res.errorField("password") == "" || res.errorField("unit_id") == "" {
		t.Errorf("short password, handler without unit: %d %s", res.Status, res.Raw)
	}
	if res := f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "li", "role": "boss", "password": "long-enough-1"}); res.errorField("role") == "" {
		t.Errorf("unknown role: %s", res.Raw)
	}
	if res := f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "dispatcher", "role": "dispatcher", "password": "long-enough-1"}); res.Status != 409 && res.Status != 400 {
		t.Errorf("duplicate username: %d %s", res.Status, res.Raw)
	}
	res = f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "li", "display_name": "李四", "role": "单位负责人", "unit_id": f.units["B"].ID, "password": "long-enough-1"})
	if res.Status != made || res.object("user")["role"] != "leader" || res.object("user")["unit_name"] != "B街道办" {
		t.Fatalf("create user: %d %s", res.Status, res.Raw)
	}
	if strings.Contains(string(res.Raw), "password") {
		t.Error("the answer shows a password field")
	}
	id := int64(res.object("user")["id"].(float64))

	login := func(user, pw string) int {
		return f.call("anonymous", "POST", "/api/v1/login", map[string]any{"username": user, "password": pw}).Status
	}
	if st := login("li", "long-enough-1"); st != ok {
		t.Fatalf("new user login: %d", st)
	}
	if res := f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"password": "another-pass-2", "role": "handler"}); res.Status != ok || res.object("user")["role"] != "handler" {
		t.Fatalf("update: %d %s", res.Status, res.Raw)
	}
	if login("li", "long-enough-1") != unau || login("li", "another-pass-2") != ok {
		t.Error("the password change did not take")
	}
	f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"disabled": true})
	if st := login("li", "another-pass-2"); st != unau {
		t.Errorf("disabled user logs in: %d", st)
	}
	if res := f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", f.users["admin"].ID), map[string]any{"disabled": true}); res.Status != 409 {
		t.Errorf("admin disabling themselves: %d", res.Status)
	}
	if res := f.call("admin", "PUT", "/api/v1/users/99999", map[string]any{"disabled": true}); res.Status != nf {
		t.Errorf("unknown user: %d", res.Status)
	}

	res = f.call("admin", "POST", "/api/v1/units", map[string]any{"name": "水务局", "code": "SW", "kind": "bureau"})
	if res.Status != 400 || res.errorField("kind") == "" || res.errorField("parent_id") == "" {
		t.Errorf("bad unit: %d %s", res.Status, res.Raw)
	}
	res = f.call("admin", "POST", "/api/v1/units", map[string]any{"name": "水务局", "code": "SW", "kind": "department", "parent_id": 4242})
	if res.Status != 400 || res.errorField("parent_id") != "上级单位不存在" {
		t.Errorf("unknown parent: %d %s", res.Status, res.Raw)
	}
	if res := f.call("admin", "PUT", "/api/v1/units/4242", map[string]any{"name": "x"}); res.Status != nf {
		t.Errorf("unknown unit: %d", res.Status)
	}
	res = f.call("admin", "PUT", fmt.Sprintf("/api/v1/units/%d", f.units["B"].ID), map[string]any{"name": "B街道办事处"})
	if u := res.object("unit"); res.Status != ok || u["name"] != "B街道办事处" || u["code"] != "SB" || u["kind"] != "street" {
		t.Errorf("rename unit: %d %s", res.Status, res.Raw)
	}

	res = f.call("admin", "POST", "/api/v1/tokens", map[string]any{"username": "handlerb"})
	tok, _ := res.Body["token"].(string)
	if res.Status != made || tok == "" {
		t.Fatalf("token: %d %s", res.Status, res.Raw)
	}
	req, _ := nethttp.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if me := f.send(req); me.object("user")["username"] != "handlerb" {
		t.Errorf("me with the new token: %s", me.Raw)
	}
	req.Header.Set("Authorization", "Bearer nope")
	if me := f.send(req); me.Status != unau {
		t.Errorf("bad token: %d", me.Status)
	}
	if res := f.call("admin", "POST", "/api/v1/tokens", map[string]any{"username": "nobody"}); res.Status != 400 {
		t.Errorf("token for an unknown user: %d", res.Status)
	}
}

// Citizens and evaluators belong to no unit: the API refuses one rather
// than storing or silently dropping it.
func TestUsersWithoutUnit(t *testing.T) {
	f := newFixture(t)
	for _, role := range []string{"citizen", "evaluator"} {
		res := f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "x-" + role, "role": role, "unit_id": f.units["A"].ID, "password": "long-enough-1"})
		if res.Status != 400 || res.errorField("unit_id") != "市民和评估员不属于任何单位" {
			t.Errorf("%s with a unit: %d %s", role, res.Status, res.Raw)
		}
	}
	res := f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", f.users["evaluator"].ID), map[string]any{"unit_id": f.units["A"].ID})
	if res.Status != 400 || res.errorField("unit_id") != "市民和评估员不属于任何单位" {
		t.Errorf("moving an evaluator into a unit: %d %s", res.Status, res.Raw)
	}
	res = f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", f.users["leader"].ID), map[string]any{"role": "evaluator", "unit_id": 0})
	if u := res.object("user"); res.Status != ok || u["role"] != "evaluator" || u["unit_id"] != nil {
		t.Errorf("a leader becomes an evaluator: %d %s", res.Status, res.Raw)
	}
	res = f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "li", "role": "handler", "unit_id": 4242, "password": "long-enough-1"})
	if res.Status != 400 || res.errorField("unit_id") != "所属单位不存在" {
		t.Errorf("unknown unit: %d %s", res.Status, res.Raw)
	}
}

// failingPassword is the store with SetPassword broken, as when the
// database fails between two statements.
type failingPassword struct{ *store.DB }

func (failingPassword) SetPassword(context.Context, int64, string) error {
	return errors.New("connection lost")
}

// PUT /api/v1/users/{id} saves the user and the new password together.
func TestUpdateUserWithPasswordIsOneChange(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(minyihttp.NewServer(minyihttp.Config{Services: failingPassword{f.db}, DataDir: f.data}))
	t.Cleanup(srv.Close)
	f.srv = srv
	id := f.users["handlerB"].ID
	res := f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"display_name": "新名字", "password": "another-pass-2"})
	if res.Status != ok {
		t.Fatalf("update with password: %d %s", res.Status, res.Raw)
	}
	if _, err := f.db.Authenticate(context.Background(), "handlerb", "another-pass-2"); err != nil {
		t.Errorf("the new password was not saved: %v", err)
	}

	// A problem with either leaves both as they were.
	res = f.call("admin", "PUT", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"display_name": "又一个名字", "unit_id": 4242, "password": "third-pass-33"})
	if res.Status != 400 {
		t.Fatalf("unknown unit: %d %s", res.Status, res.Raw)
	}
	u, err := f.db.FindUser(context.Background(), id)
	f.mustDo(err)
	if u.DisplayName != "新名字" {
		t.Errorf("display name %q after a refused update", u.DisplayName)
	}
	if _, err := f.db.Authenticate(context.Background(), "handlerb", "third-pass-33"); err == nil {
		t.Error("a refused update changed the password")
	}
}

// TestSessionLogin logs in with a cookie, reads /me, and logs out.
func TestSessionLogin(t *testing.T) {
	f := newFixture(t)
	jar, err := cookiejar.New(nil)
	f.mustDo(err)
	client := &nethttp.Client{Jar: jar}
	post := func(path, body string) *nethttp.Response {
		res, err := client.Post(f.srv.URL+path, "application/json", strings.NewReader(body))
		f.mustDo(err)
		res.Body.Close()
		return res
	}
	get := func(path string) int {
		res, err := client.Get(f.srv.URL + path)
		f.mustDo(err)
		res.Body.Close()
		return res.StatusCode
	}
	if res := post("/api/v1/login", `{"username":"dispatcher","password":"wrong-password"}`); res.StatusCode != unau {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	if res := post("/api/v1/login", `{"username":"dispatcher"}`); res.StatusCode != 400 {
		t.Errorf("missing password: %d", res.StatusCode)
	}
	if get("/api/v1/me") != unau {
		t.Fatal("a failed login left a session")
	}
	if res := post("/api/v1/login", `{"username":"dispatcher","password":"`+testPassword+`"}`); res.StatusCode != ok || len(res.Cookies()) == 0 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	if get("/api/v1/me") != ok || get("/api/v1/appeals") != ok {
		t.Fatal("the session cookie is not accepted")
	}
	if res := post("/api/v1/logout", ""); res.StatusCode != nethttp.StatusNoContent {
		t.Errorf("logout: %d", res.StatusCode)
	}
	if get("/api/v1/me") != unau {
		t.Error("still logged in after logout")
	}
	for range 10 {
		post("/api/v1/login", `{"username":"admin","password":"guess"}`)
	}
	if res := post("/api/v1/login", `{"username":"admin","password":"`+testPassword+`"}`); res.StatusCode != nethttp.StatusTooManyRequests {
		t.Errorf("login after 10 failures: %d", res.StatusCode)
	}
}
