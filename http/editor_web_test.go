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

// editorNav are the links an editor's navigation holds; staffOnlyNav those
// it must not.
var (
	editorNav    = []string{`href="/work/services"`, `href="/work/services#policies"`, `href="/work/services/health"`, `href="/work/canned"`}
	staffOnlyNav = []string{`href="/work"`, `href="/work/queue"`, `href="/work/appeals"`, `href="/work/dashboard"`, `href="/work/kpi"`,
		`href="/work/dispatch"`, `href="/work/chat"`, `href="/work/evaluation"`, `href="/work/surveys"`, `href="/work/replies"`,
		`href="/work/supervise"`, `href="/admin/units"`}
)

// TestEditorPages: an editor lands on the catalogue, sees only its pages in
// the navigation, writes a guide and keeps the canned answers through the
// forms (errors shown in the page, nothing saved), and every other work
// page refuses them with the reason.
func TestEditorPages(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	c := e.client()
	res := c.post("/login", url.Values{"username": {"editor"}, "password": {webTestPassword}})
	if res.status != http.StatusSeeOther || res.location != "/work/services" {
		t.Fatalf("login lands on %d %q", res.status, res.location)
	}
	if res := c.get("/work"); res.status != http.StatusSeeOther || res.location != "/work/services" {
		t.Errorf("/work: %d %q", res.status, res.location)
	}
	page := c.get("/work/services")
	if page.status != 200 {
		t.Fatalf("/work/services: %d", page.status)
	}
	mustContain(t, page.body, editorNav...)
	mustContain(t, page.body, "内容编辑")
	mustNotContain(t, page.body, staffOnlyNav...)
	if res := c.get("/work/services/health"); res.status != 200 {
		t.Errorf("health: %d", res.status)
	}

	// A guide through the form.
	res = c.post("/work/services/new", url.Values{"name": {"居住证办理"}, "department": {"市公安局"}, "materials": {"身份证"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/services/") {
		t.Fatalf("create guide: %d %s", res.status, res.body)
	}
	guide := c.get(res.location)
	mustContain(t, guide.body, "居住证办理", "/edit")
	id := strings.TrimPrefix(res.location, "/services/")
	res = c.post("/work/services/"+id+"/edit", url.Values{"name": {"居住证申领"}, "department": {"市公安局"}, "fees": {"不收费"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("edit guide: %d %s", res.status, res.body)
	}
	if n, _ := strconv.ParseInt(id, 10, 64); n > 0 {
		if g, err := e.db.FindServiceItem(ctx, n); err != nil || g.Name != "居住证申领" || g.Fees != "不收费" {
			t.Errorf("edited guide %+v %v", g, err)
		}
	}

	// Canned answers: the list, errors in the page, create, edit, delete.
	list := c.get("/work/canned")
	if list.status != 200 {
		t.Fatalf("/work/canned: %d", list.status)
	}
	mustContain(t, list.body, "快捷回复", "问候", "结束语", `aria-current="page"`)
	before, _ := e.db.ListCannedTexts(ctx)
	res = c.post("/work/canned/new", url.Values{"title": {strings.Repeat("题", minyi.MaxCannedTitleLen+1)}, "text": {" "}, "position": {"第一"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad canned: %d", res.status)
	}
	mustContain(t, res.body, "顺序应为 0 到 10000 的整数")
	res = c.post("/work/canned/new", url.Values{"title": {strings.Repeat("题", minyi.MaxCannedTitleLen+1)}, "text": {" "}})
	mustContain(t, res.body, "标题不能超过 30 字", "请填写答复内容")
	if after, _ := e.db.ListCannedTexts(ctx); len(after) != len(before) {
		t.Fatalf("saved despite errors: %d → %d", len(before), len(after))
	}
	res = c.post("/work/canned/new", url.Values{"title": {"居住证"}, "text": {"居住证可在社区工作站申领。"}})
	if res.status != http.StatusSeeOther || res.location != "/work/canned?ok=canned_saved" {
		t.Fatalf("create canned: %d %s", res.status, res.body)
	}
	mustContain(t, c.get(res.location).body, "快捷回复已保存", "居住证可在社区工作站申领。", "editor")
	after, _ := e.db.ListCannedTexts(ctx)
	created := after[len(after)-1]
	if created.Title != "居住证" || created.UpdatedBy != "editor" {
		t.Fatalf("created %+v", created)
	}
	cid := strconv.FormatInt(created.ID, 10)
	mustContain(t, c.get("/work/canned/"+cid+"/edit").body, `value="居住证"`, "居住证可在社区工作站申领。", "确认删除")
	res = c.post("/work/canned/"+cid+"/edit", url.Values{"title": {"居住证申领"}, "text": {"可在社区工作站或派出所申领。"}, "position": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("edit canned: %d %s", res.status, res.body)
	}
	if got, _ := e.db.ListCannedTexts(ctx); got[1].ID != created.ID || got[1].Title != "居住证申领" {
		t.Errorf("edited: %+v", got[1])
	}
	res = c.post("/work/canned/"+cid+"/delete", nil)
	if res.status != http.StatusBadRequest {
		t.Fatalf("delete without confirmation: %d", res.status)
	}
	mustContain(t, res.body, "请勾选“确认删除”后再删除")
	res = c.post("/work/canned/"+cid+"/delete", url.Values{"confirm": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if _, err := e.db.FindCannedText(ctx, created.ID); minyi.ErrorCode(err) != minyi.ENOTFOUND {
		t.Errorf("deleted answer still there: %v", err)
	}
	if res := c.get("/work/canned/999999/edit"); res.status != http.StatusNotFound {
		t.Errorf("missing answer: %d", res.status)
	}
	entries, err := e.db.ListAudit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		got = append(got, entries[i].Username+" "+entries[i].Action+" "+entries[i].Detail)
	}
	want := []string{"editor create_service 居住证办理", "editor update_service 居住证申领", "editor create_canned 居住证", "editor update_canned 居住证申领", "editor delete_canned "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit log of the edits:\n got %q\nwant %q", got, want)
	}

	// Everything else: 403 with the reason, and no appeal on the page.
	a := e.newAppeal("路灯不亮")
	for _, path := range []string{"/work/queue", "/work/appeals", "/work/appeals/" + a.TrackingNo, "/work/dispatch", "/work/supervise",
		"/work/dashboard", "/work/trends", "/work/hotspots", "/work/brief", "/work/replies", "/work/kpi",
		"/work/kpi/appeals", "/work/evaluation", "/work/surveys", "/work/chat", "/admin/units", "/admin/users", "/admin/settings", "/admin/audit"} {
		res := c.get(path)
		if res.status != http.StatusForbidden {
			t.Errorf("%s: %d", path, res.status)
			continue
		}
		mustContain(t, res.body, "内容编辑只能维护办事指南、政策文件和快捷回复")
		mustNotContain(t, res.body, "路灯不亮")
		mustNotContain(t, res.body, staffOnlyNav...)
	}
	if res := c.post("/work/appeals/"+a.TrackingNo+"/contact", nil); res.status != http.StatusForbidden {
		t.Errorf("contact: %d", res.status)
	}
}

// TestAdminKeepsCatalogue: administrators keep every catalogue page, the
// canned answers among them, next to the staff pages; others are refused.
func TestAdminKeepsCatalogue(t *testing.T) {
	e := newWebEnv(t)
	adm := e.login("admin")
	page := adm.get("/work/canned")
	if page.status != 200 {
		t.Fatalf("admin /work/canned: %d", page.status)
	}
	mustContain(t, page.body, `href="/work/canned"`, `href="/work/services"`, `href="/work/queue"`, `href="/admin/units"`)
	res := adm.post("/work/canned/new", url.Values{"title": {"热线转接"}, "text": {"正在为您转接 12345 热线。"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("admin create: %d %s", res.status, res.body)
	}
	if res := adm.get("/work/queue"); res.status != 200 {
		t.Errorf("admin queue: %d", res.status)
	}
	for _, who := range []string{"dispatcher", "supervisor", "evaluator", "handlerA"} {
		if res := e.login(who).get("/work/canned"); res.status != http.StatusForbidden {
			t.Errorf("%s /work/canned: %d", who, res.status)
		}
	}

	// The users page offers the role and makes an editor.
	mustContain(t, adm.get("/admin/users").body, `value="editor"`, "内容编辑")
	res = adm.post("/admin/users", url.Values{"username": {"bianji"}, "display_name": {"编辑甲"}, "role": {"editor"}, "password": {"a-long-password"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create editor: %d %s", res.status, res.body)
	}
	if u, err := e.db.FindUserByUsername(context.Background(), "bianji"); err != nil || u.Role != minyi.RoleEditor {
		t.Fatalf("editor: %+v %v", u, err)
	}
}
