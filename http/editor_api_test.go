package http_test

import (
	"context"
	nethttp "net/http"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// TestEditorKeepsCatalogue: a content editor writes guides, policy
// documents and canned answers through the API, and the chat offers the
// new answers at once.
func TestEditorKeepsCatalogue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	res := f.call("editor", "POST", "/api/v1/services", map[string]any{"name": "居住证办理", "department": "市公安局", "materials": "身份证"})
	if res.Status != nethttp.StatusCreated {
		t.Fatalf("create guide: %d %s", res.Status, res.Raw)
	}
	id := int64(res.object("item")["id"].(float64))
	res = f.call("editor", "PUT", "/api/v1/services/"+strconv.FormatInt(id, 10), map[string]any{"fees": "不收费"})
	if res.Status != 200 || res.object("item")["fees"] != "不收费" || res.object("item")["materials"] != "身份证" {
		t.Fatalf("update guide: %d %s", res.Status, res.Raw)
	}
	if res := f.call("editor", "POST", "/api/v1/policies", map[string]any{"title": "居住证办理须知", "body": "持身份证到派出所办理。"}); res.Status != nethttp.StatusCreated {
		t.Fatalf("create policy: %d %s", res.Status, res.Raw)
	}
	if res := f.call("editor", "GET", "/api/v1/services/health", nil); res.Status != 200 {
		t.Fatalf("health: %d %s", res.Status, res.Raw)
	}

	// Canned answers: validation in both languages, per field.
	bad := f.call("editor", "POST", "/api/v1/canned", map[string]any{"title": strings.Repeat("长", minyi.MaxCannedTitleLen+1), "text": " "})
	if bad.Status != 400 || bad.errorCode() != "invalid" || !strings.Contains(bad.errorField("title"), "不能超过") || bad.errorField("text") != "请填写答复内容" {
		t.Fatalf("bad canned: %d %s", bad.Status, bad.Raw)
	}
	if e := bad.object("error"); e["message"] == "" || e["message_en"] == "" {
		t.Errorf("the error needs both languages: %s", bad.Raw)
	}
	res = f.call("editor", "POST", "/api/v1/canned", map[string]any{"title": "居住证", "text": "居住证可在社区工作站申领。"})
	if res.Status != nethttp.StatusCreated || res.object("item")["updated_by"] != "editor" {
		t.Fatalf("create canned: %d %s", res.Status, res.Raw)
	}
	cid := strconv.FormatInt(int64(res.object("item")["id"].(float64)), 10)
	res = f.call("editor", "PUT", "/api/v1/canned/"+cid, map[string]any{"text": "居住证可在社区工作站或派出所申领。"})
	if res.Status != 200 || res.object("item")["title"] != "居住证" || !strings.Contains(res.object("item")["text"].(string), "派出所") {
		t.Fatalf("update canned: %d %s", res.Status, res.Raw)
	}
	if res := f.call("editor", "PUT", "/api/v1/canned/"+cid, map[string]any{"title": ""}); res.Status != 400 || res.errorField("title") == "" {
		t.Errorf("emptied title: %d %s", res.Status, res.Raw)
	}
	answers, err := f.db.CannedAnswers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range answers {
		found = found || a.ID == "canned-"+cid && strings.Contains(a.Text, "派出所")
	}
	if !found {
		t.Errorf("the chat does not offer the edited answer: %+v", answers)
	}
	list := f.call("admin", "GET", "/api/v1/canned", nil)
	if list.Status != 200 || len(list.list("items")) != 6 {
		t.Fatalf("admin list: %d %s", list.Status, list.Raw)
	}
	for _, who := range []string{"dispatcher", "supervisor", "evaluator", "citizen"} {
		for _, req := range [][2]string{{"GET", "/api/v1/canned/" + cid}, {"PUT", "/api/v1/canned/" + cid}, {"DELETE", "/api/v1/canned/" + cid}} {
			if res := f.call(who, req[0], req[1], map[string]any{"title": "x"}); res.Status != nethttp.StatusForbidden {
				t.Errorf("%s %s %s: %d", who, req[0], req[1], res.Status)
			}
		}
	}
	if res := f.call("editor", "DELETE", "/api/v1/canned/"+cid, nil); res.Status != nethttp.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Raw)
	}
	if res := f.call("editor", "GET", "/api/v1/canned/"+cid, nil); res.Status != nethttp.StatusNotFound {
		t.Errorf("deleted answer: %d %s", res.Status, res.Raw)
	}
	// An administrator still may.
	if res := f.call("admin", "POST", "/api/v1/canned", map[string]any{"title": "结束", "text": "再见。"}); res.Status != nethttp.StatusCreated {
		t.Errorf("admin create: %d %s", res.Status, res.Raw)
	}

	// Every change is in the audit log, with who made it; refused and
	// invalid requests left none.
	entries, err := f.db.ListAudit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.Action != minyi.AuditAccessDenied {
			got = append(got, e.Username+" "+e.Action+" "+e.Detail)
		}
	}
	want := []string{"editor create_service 居住证办理", "editor update_service 居住证办理", "editor create_policy 居住证办理须知",
		"editor create_canned 居住证", "editor update_canned 居住证", "editor delete_canned ", "admin create_canned 结束"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit log:\n got %q\nwant %q", got, want)
	}
}

// TestEditorRefusedAppeals: everything about appeals, figures and
// administration answers an editor 403 with a message that says why, in
// Chinese and English, and never the appeal.
func TestEditorRefusedAppeals(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	for _, path := range []string{
		"/api/v1/appeals", "/api/v1/appeals/" + a.TrackingNo, "/api/v1/appeals/" + a.TrackingNo + "?contact=1",
		"/api/v1/appeals/export.csv", "/api/v1/appeals/" + a.TrackingNo + "/reply-quality", "/api/v1/reply-quality",
		"/api/v1/queues", "/api/v1/kpi", "/api/v1/kpi/appeals", "/api/v1/kpi/snapshots", "/api/v1/trends", "/api/v1/dashboard",
		"/api/v1/brief", "/api/v1/hotspots", "/api/v1/evaluation/rounds", "/api/v1/surveys",
		"/api/v1/users", "/api/v1/units", "/api/v1/categories", "/api/v1/settings", "/api/v1/audit",
		"/api/v1/agent/chats", "/api/v1/appeals/" + a.TrackingNo + "/advice",
	} {
		res := f.call("editor", "GET", path, nil)
		if res.Status != nethttp.StatusForbidden {
			t.Errorf("GET %s: %d %s", path, res.Status, res.Raw)
			continue
		}
		if strings.Contains(string(res.Raw), a.TrackingNo) && !strings.Contains(path, a.TrackingNo) || strings.Contains(string(res.Raw), "13812345678") {
			t.Errorf("GET %s leaks the appeal: %s", path, res.Raw)
		}
		e := res.object("error")
		if !strings.Contains(e["message"].(string), "内容编辑") || !strings.Contains(e["message_en"].(string), "editor") {
			t.Errorf("GET %s: the refusal does not say why: %s", path, res.Raw)
		}
	}
	res := f.call("editor", "POST", "/api/v1/appeals/"+a.TrackingNo+"/reply", map[string]any{"note": "已处理"})
	if res.Status != nethttp.StatusForbidden || !strings.Contains(string(res.Raw), "内容编辑") {
		t.Errorf("reply as editor: %d %s", res.Status, res.Raw)
	}
	// Hotline entry is for staff who take calls.
	res = f.call("editor", "POST", "/api/v1/appeals", map[string]any{"type": "投诉", "title": "噪音", "content": "楼下商铺每晚装修施工。", "channel": "hotline", "contact_phone": "13912345678"})
	if res.Status != nethttp.StatusForbidden {
		t.Errorf("hotline appeal by an editor: %d %s", res.Status, res.Raw)
	}
}

// TestAdminCreatesEditor: administrators make editor accounts like any
// other, by code or Chinese name; an editor belongs to no unit.
func TestAdminCreatesEditor(t *testing.T) {
	f := newFixture(t)
	res := f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "bianji", "role": "内容编辑", "password": "long-enough-pw"})
	if res.Status != nethttp.StatusCreated || !strings.Contains(string(res.Raw), `"role":"editor"`) {
		t.Fatalf("create editor: %d %s", res.Status, res.Raw)
	}
	res = f.call("admin", "POST", "/api/v1/users", map[string]any{"username": "bianji2", "role": "editor", "unit_id": f.units["A"].ID, "password": "long-enough-pw"})
	if res.Status != 400 || res.errorField("unit_id") != "内容编辑不属于任何单位" {
		t.Fatalf("editor in a unit: %d %s", res.Status, res.Raw)
	}
	if res := f.call("editor", "POST", "/api/v1/users", map[string]any{"username": "x1", "role": "editor", "password": "long-enough-pw"}); res.Status != nethttp.StatusForbidden {
		t.Errorf("an editor made a user: %d", res.Status)
	}
}
