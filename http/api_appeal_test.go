package http_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// TestContactMasking: contact details are masked everywhere except a staff
// view asked for with ?contact=1, which is written to the audit log.
func TestContactMasking(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	path := "/api/v1/appeals/" + a.TrackingNo

	masked := func(name string, ap map[string]any) {
		t.Helper()
		if ap["contact_phone"] != "138****5678" || ap["contact_name"] != "张*" {
			t.Errorf("%s: contact %v / %v, want masked", name, ap["contact_name"], ap["contact_phone"])
		}
	}
	pub := f.call("anonymous", "GET", path+"?phone_last4=5678", nil)
	if pub.Status != ok {
		t.Fatalf("public view: %d %s", pub.Status, pub.Raw)
	}
	masked("public view", pub.object("appeal"))
	if strings.Contains(string(pub.Raw), "13812345678") {
		t.Error("the public view contains the full phone number")
	}
	if len(pub.list("timeline")) == 0 || pub.list("attachments") == nil {
		t.Errorf("public view lacks timeline or attachments: %s", pub.Raw)
	}
	masked("citizen's own view", f.get("citizen", a.TrackingNo).object("appeal"))
	masked("dispatcher without contact=1", f.get("dispatcher", a.TrackingNo).object("appeal"))
	masked("evaluator", f.get("evaluator", a.TrackingNo).object("appeal"))
	list := f.call("dispatcher", "GET", "/api/v1/appeals", nil)
	for _, x := range list.list("appeals") {
		masked("list", x.(map[string]any))
	}
	for _, who := range []string{"evaluator", "supervisor", "citizen"} {
		if res := f.call(who, "GET", path+"?contact=1", nil); res.Status != forb {
			t.Errorf("%s asking for contact details: %d", who, res.Status)
		}
	}
	if res := f.call("anonymous", "GET", path+"?phone_last4=5678&contact=1", nil); res.Status != forb {
		t.Errorf("public view asking for contact details: %d", res.Status)
	}
	entries, err := f.db.ListAudit(context.Background(), 100)
	f.mustDo(err)
	for _, e := range entries {
		if e.Action != minyi.AuditAccessDenied {
			t.Fatalf("refused views were audited as %q", e.Action)
		}
	}
	if len(entries) != 3 { // the anonymous request has nobody to name
		t.Fatalf("%d refusals audited, want 3: %+v", len(entries), entries)
	}

	res := f.call("handlerA", "GET", path+"?contact=1", nil)
	if ap := res.object("appeal"); res.Status != ok || ap["contact_phone"] != "13812345678" || ap["contact_name"] != "张三" {
		t.Fatalf("handler with contact=1: %d %v", res.Status, ap)
	}
	entries, err = f.db.ListAudit(context.Background(), 100)
	f.mustDo(err)
	if len(entries) != 4 || entries[0].Action != "view_contact" || entries[0].Target != a.TrackingNo || entries[0].UserID != f.users["handlerA"].ID {
		t.Fatalf("audit log after a contact view: %+v", entries)
	}
	audit := f.call("admin", "GET", "/api/v1/audit", nil)
	rows := audit.list("audit")
	if len(rows) != 4 || rows[0].(map[string]any)["username"] != "handlera" {
		t.Errorf("GET /api/v1/audit: %s", audit.Raw)
	}
}

// TestCreateAppeal covers who may file, code and Chinese values, defaults
// and the validation answers.
func TestCreateAppeal(t *testing.T) {
	f := newFixture(t)
	valid := func() map[string]any {
		return map[string]any{"type": "consult", "title": "社保转移", "content": "外地社保如何转入本市？", "contact_phone": "139 1234 5678"}
	}

	res := f.call("anonymous", "POST", "/api/v1/appeals", valid())
	if res.Status != made || res.Body["channel"] != "api" || res.Body["type"] != "consult" || res.Body["type_label"] != "咨询" {
		t.Fatalf("anonymous filing: %d %s", res.Status, res.Raw)
	}
	if res.Body["contact_phone"] != "139****5678" {
		t.Errorf("the answer must mask the phone: %v", res.Body["contact_phone"])
	}
	anonNo := res.Body["tracking_no"].(string)
	if r := f.call("citizen", "GET", "/api/v1/appeals/"+anonNo, nil); r.Status != nf {
		t.Errorf("a citizen reads an appeal filed by someone else: %d", r.Status)
	}

	body := valid()
	body["type"], body["channel"], body["urgent"], body["unknown_field"] = "投诉", "网站", true, "ignored"
	res = f.call("citizen", "POST", "/api/v1/appeals", body)
	if res.Status != made || res.Body["type"] != "complaint" || res.Body["channel"] != "web" || res.Body["urgent"] != false {
		t.Fatalf("citizen filing with Chinese values: %d %s", res.Status, res.Raw)
	}
	if r := f.call("citizen", "GET", "/api/v1/appeals/"+res.Body["tracking_no"].(string), nil); r.Status != ok {
		t.Errorf("the citizen cannot read their own appeal: %d", r.Status)
	}

	body = valid()
	body["channel"], body["urgent"] = "hotline", true
	res = f.call("dispatcher", "POST", "/api/v1/appeals", body)
	if res.Status != made || res.Body["channel"] != "hotline" || res.Body["urgent"] != true {
		t.Errorf("hotline agent filing an urgent appeal: %d %s", res.Status, res.Raw)
	}

	res = f.call("anonymous", "POST", "/api/v1/appeals", map[string]any{"type": "建议", "title": "增加公交线路", "content": "建议增开一条到科技园的公交。", "anonymous": true})
	if res.Status != made {
		t.Errorf("anonymous appeal without phone: %d %s", res.Status, res.Raw)
	}

	res = f.call("anonymous", "POST", "/api/v1/appeals", map[string]any{"type": "闲聊", "channel": "飞鸽", "content": "短", "contact_phone": "12345", "lat": 22.5})
	if res.Status != 400 || res.errorCode() != minyi.EINVALID {
		t.Fatalf("invalid appeal: %d %s", res.Status, res.Raw)
	}
	for field, msg := range map[string]string{
		"type": "请选择诉求类型（投诉、咨询、建议、举报、求助、表扬）", "channel": "诉求渠道无效", "title": "请填写标题",
		"content":       "诉求内容太短，请描述具体情况",
		"contact_phone": "联系电话格式不正确（手机号 11 位，或带区号的固定电话）",
		"location":      "经纬度无效（WGS-84：纬度 -90～90，经度 -180～180）",
	} {
		if got := res.errorField(field); got != msg {
			t.Errorf("field %s: %q, want %q", field, got, msg)
		}
	}
	if e := res.object("error"); e["message"] != "提交的内容有误，请检查标红的字段" || e["message_en"] == "" {
		t.Errorf("error envelope: %v", e)
	}

	// The district must be one of the city's districts, as on the web form.
	body = valid()
	body["district"] = "A街道办" // a unit, but not a district
	if res := f.call("citizen", "POST", "/api/v1/appeals", body); res.Status != 400 || res.errorField("district") != "请从列表中选择所在区" {
		t.Errorf("a street office as district: %d %s", res.Status, res.Raw)
	}
	body["district"] = "火星区"
	if res := f.call("anonymous", "POST", "/api/v1/appeals", body); res.Status != 400 || res.errorField("district") != "请从列表中选择所在区" {
		t.Errorf("unknown district: %d %s", res.Status, res.Raw)
	}
	// A district named without its suffix is recognised and stored in full.
	body["district"] = "福田"
	if res := f.call("anonymous", "POST", "/api/v1/appeals", body); res.Status != made || res.Body["district"] != "福田区" {
		t.Errorf("district without suffix: %d %s", res.Status, res.Raw)
	}

	// Hotline calls, e-mails and letters are entered by staff.
	for _, channel := range []string{"hotline", "email", "letter", "热线"} {
		for _, who := range []string{"anonymous", "citizen"} {
			body = valid()
			body["channel"] = channel
			res := f.call(who, "POST", "/api/v1/appeals", body)
			if e := res.object("error"); res.Status != forb || res.errorCode() != minyi.EFORBIDDEN || !strings.Contains(e["message"].(string), "工作人员") || e["message_en"] == "" {
				t.Errorf("%s filing by %s: %d %s", who, channel, res.Status, res.Raw)
			}
		}
	}
	for _, channel := range []string{"web", "app", "wechat", "api", "open311"} {
		body = valid()
		body["channel"], body["district"] = channel, "福田区"
		if res := f.call("anonymous", "POST", "/api/v1/appeals", body); res.Status != made {
			t.Errorf("anonymous filing by %s: %d %s", channel, res.Status, res.Raw)
		}
	}

	body = valid()
	body["category_id"] = 999
	if res := f.call("anonymous", "POST", "/api/v1/appeals", body); res.Status != 400 || res.errorField("category_id") != "诉求分类不存在" {
		t.Errorf("unknown category: %d %s", res.Status, res.Raw)
	}
	if res := f.call("anonymous", "POST", "/api/v1/appeals", `{"title": "x"`); res.Status != 400 || res.object("error")["message"] != "请求体不是有效的 JSON" {
		t.Errorf("broken JSON: %d %s", res.Status, res.Raw)
	}
	if res := f.call("anonymous", "POST", "/api/v1/appeals", `{"title": 5}`); res.Status != 400 || res.errorField("title") == "" {
		t.Errorf("wrong type: %d %s", res.Status, res.Raw)
	}
	if res := f.call("anonymous", "POST", "/api/v1/appeals", ""); res.Status != 400 {
		t.Errorf("empty body: %d %s", res.Status, res.Raw)
	}
	big := `{"type":"投诉","title":"大","content":"` + strings.Repeat("很", 1<<19) + `","contact_phone":"13912345678"}`
	if res := f.call("anonymous", "POST", "/api/v1/appeals", big); res.Status != 413 || res.errorCode() != "too_large" || !strings.Contains(res.object("error")["message"].(string), "1 MiB") {
		t.Errorf("body over 1 MiB: %d %s", res.Status, res.Raw)
	}
	n, err := f.db.CountAppeals(context.Background(), minyi.AppealFilter{Scope: minyi.Scope{All: true}})
	f.mustDo(err)
	if n != 10 {
		t.Errorf("%d appeals stored, want 10", n)
	}
}

// TestListAppeals covers filters, queues and keyset paging.
func TestListAppeals(t *testing.T) {
	f := newFixture(t)
	pending := f.appealAt(minyi.StatusPending)
	f.appealAt(minyi.StatusDispatched)
	f.appealAt(minyi.StatusHandling)
	f.appealAt(minyi.StatusReplied)

	count := func(q string) int {
		t.Helper()
		res := f.call("dispatcher", "GET", "/api/v1/appeals"+q, nil)
		if res.Status != ok {
			t.Fatalf("list %s: %d %s", q, res.Status, res.Raw)
		}
		return len(res.list("appeals"))
	}
	for q, want := range map[string]int{
		"": 4, "?queue=pending": 1, "?queue=to_sign": 1, "?queue=handling": 1, "?status=replied": 1,
		"?status=pending,handling": 2, "?status=已答复": 1, "?type=投诉": 4, "?type=consult": 0, "?channel=web": 4,
		"?q=路灯": 4, "?q=噪音": 0, "?queue=overdue": 0, "?queue=supervised": 0, "?district=福田区": 4,
	} {
		if got := count(q); got != want {
			t.Errorf("list %s: %d appeals, want %d", q, got, want)
		}
	}
	for _, q := range []string{"?queue=later", "?status=done", "?limit=0x", "?limit=500", "?type=闲聊", "?before_id=-1"} {
		if res := f.call("dispatcher", "GET", "/api/v1/appeals"+q, nil); res.Status != 400 {
			t.Errorf("list %s: %d, want 400", q, res.Status)
		}
	}

	page1 := f.call("dispatcher", "GET", "/api/v1/appeals?limit=3", nil)
	next, _ := page1.Body["next_before_id"].(float64)
	if len(page1.list("appeals")) != 3 || next == 0 {
		t.Fatalf("page 1: %s", page1.Raw)
	}
	page2 := f.call("dispatcher", "GET", "/api/v1/appeals?limit=3&before_id="+strconv.FormatInt(int64(next), 10), nil)
	if len(page2.list("appeals")) != 1 || page2.Body["next_before_id"] != nil {
		t.Fatalf("page 2: %s", page2.Raw)
	}
	last := page2.list("appeals")[0].(map[string]any)
	if last["tracking_no"] != pending.TrackingNo {
		t.Errorf("the oldest appeal comes last: %v, want %s", last["tracking_no"], pending.TrackingNo)
	}
	first := page1.list("appeals")[0].(map[string]any)
	if first["status_label"] == "" || first["type_label"] != "投诉" {
		t.Errorf("list items carry labels: %v", first)
	}
}

// TestCitizenTimeline: citizens (by phone digits or their own account) see
// the timeline as the tracking page shows it, without staff names and
// without notes meant for staff; staff see it whole.
func TestCitizenTimeline(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	sup := minyi.ActorFor(f.users["supervisor"])
	_, err := f.db.Act(context.Background(), a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupervise, Note: "内部意见：承办单位拖延"}, sup, minyi.Scope{All: true})
	f.mustDo(err)
	path := "/api/v1/appeals/" + a.TrackingNo

	for name, res := range map[string]response{
		"phone digits": f.call("anonymous", "GET", path+"?phone_last4=5678", nil),
		"own account":  f.call("citizen", "GET", path, nil),
	} {
		if res.Status != ok {
			t.Fatalf("%s: %d %s", name, res.Status, res.Raw)
		}
		tl := res.list("timeline")
		if len(tl) != 5 {
			t.Fatalf("%s: %d events, want 5: %s", name, len(tl), res.Raw)
		}
		for _, x := range tl {
			e := x.(map[string]any)
			if e["actor"] != "" || e["actor_id"] != nil {
				t.Errorf("%s: a staff name shows: %v", name, e)
			}
		}
		if strings.Contains(string(res.Raw), "内部意见") || strings.Contains(string(res.Raw), "承办人") {
			t.Errorf("%s: staff-only text shows: %s", name, res.Raw)
		}
	}
	staff := f.call("dispatcher", "GET", path, nil)
	if !strings.Contains(string(staff.Raw), "内部意见") || !strings.Contains(string(staff.Raw), `"actor":"承办人"`) {
		t.Errorf("staff view lacks the full timeline: %s", staff.Raw)
	}
}

// TestQueueListsMatchCounts: a queue= list holds the appeals its badge in
// GET /api/v1/queues counts; 督办 and 重办 are open appeals only.
func TestQueueListsMatchCounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sup := minyi.ActorFor(f.users["supervisor"])
	open := f.appealAt(minyi.StatusHandling)
	done := f.appealAt(minyi.StatusPending)
	_, err := f.db.Act(ctx, done.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, minyi.SystemActor, minyi.Scope{All: true})
	f.mustDo(err)
	for _, a := range []*minyi.Appeal{open, done} {
		_, err := f.db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupervise, Note: "请加快办理"}, sup, minyi.Scope{All: true})
		f.mustDo(err)
	}
	counts := f.call("supervisor", "GET", "/api/v1/queues", nil).object("queues")
	for _, queue := range []string{"pending", "to_sign", "handling", "warning", "overdue", "supervised", "reopened"} {
		res := f.call("supervisor", "GET", "/api/v1/appeals?queue="+queue, nil)
		if res.Status != ok {
			t.Fatalf("queue %s: %d %s", queue, res.Status, res.Raw)
		}
		if got, want := len(res.list("appeals")), counts[queue]; float64(got) != want {
			t.Errorf("queue %s lists %d appeals, its count is %v", queue, got, want)
		}
	}
	if counts["supervised"] != float64(1) {
		t.Errorf("supervised count %v, want 1 (the open one)", counts["supervised"])
	}
}
