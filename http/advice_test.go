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

// The dispatcher's appeal page shows the routing advice: units and
// categories with confidence, the words behind them, the model figures, the
// automatic-dispatch note, and a one-click dispatch that keeps the urgent
// flag. Other roles see none of it.
func TestAdvicePanelOnAppealPage(t *testing.T) {
	e := newAdviceEnv(t)
	ctx := context.Background()
	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelHotline, Title: "小区门口路灯不亮", Urgent: true,
		Content: "小区门口的路灯坏了一个星期，晚上出行很不安全。", ContactPhone: "13812345678"}
	if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
		t.Fatal(err)
	}
	street := e.units["streetA"]
	lamp := strconv.FormatInt(e.cats[lampPath], 10)

	d := e.login("dispatcher")
	page := d.get("/work/appeals/" + a.TrackingNo)
	if page.status != http.StatusOK {
		t.Fatalf("appeal page: %d", page.status)
	}
	mustContain(t, page.body,
		"智能分拨建议", "派往 "+street.Name, "派往 市交通运输局", "93%", "5%", `<meter min="0" max="1" value="0.93" aria-hidden="true">`,
		`<span class="tag">路灯</span>`, `<span class="tag">小区门口</span>`,
		lampPath, "91%",
		"当前阈值 93%：约 72% 的诉求可自动分拨，准确率 96.8%（模型 unit-v3）",
		"当前阈值 90%：约 80% 的诉求可自动分拨，准确率 95.0%（模型 cat-v2）",
		`data-testid="advice-auto"`,
		`name="category_id" value="`+lamp+`"`, `<input type="hidden" name="urgent" value="1">`,
		// The dispatch form's category select marks the suggestions.
		`id="dispatch-category"`, lampPath+"（建议 91%）",
	)
	if !strings.Contains(page.body, `action="/work/appeals/`+a.TrackingNo+`/act/dispatch"`) {
		t.Error("the one-click form does not post to the dispatch action")
	}

	for _, who := range []string{"supervisor", "evaluator"} {
		res := e.login(who).get("/work/appeals/" + a.TrackingNo)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", who, res.status)
		}
		mustNotContain(t, res.body, "智能分拨建议", "派往 ", `id="dispatch-category"`)
	}

	// One click dispatches to the unit with the best category; the urgent
	// flag survives because the form carries it.
	res := d.post("/work/appeals/"+a.TrackingNo+"/act/dispatch", url.Values{"unit_id": {strconv.FormatInt(street.ID, 10)}, "category_id": {lamp}, "urgent": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("one-click dispatch: %d\n%s", res.status, res.body)
	}
	got := e.appeal(a.TrackingNo)
	if got.Status != minyi.StatusDispatched || got.UnitID != street.ID || !got.Urgent {
		t.Fatalf("after dispatch: status %s unit %d urgent %v", got.Status, got.UnitID, got.Urgent)
	}
	// Dispatched: no advice any more.
	mustNotContain(t, d.get("/work/appeals/"+a.TrackingNo).body, "智能分拨建议")
}

// The dispatch form's category_id reaches the workflow: on dispatch it sets
// the appeal's category (the store applies ActionRequest.CategoryID).
func TestDispatchSetsCategory(t *testing.T) {
	e := newAdviceEnv(t)
	a := e.newAppeal("小区门口路灯不亮")
	d := e.login("dispatcher")
	lamp := strconv.FormatInt(e.cats[lampPath], 10)
	// Without a unit the form comes back with the chosen category kept.
	res := d.post("/work/appeals/"+a.TrackingNo+"/act/dispatch", url.Values{"category_id": {lamp}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("dispatch without unit: %d", res.status)
	}
	mustContain(t, res.body, `<option value="`+lamp+`" selected>`)
	res = d.post("/work/appeals/"+a.TrackingNo+"/act/dispatch", url.Values{
		"unit_id": {strconv.FormatInt(e.units["streetA"].ID, 10)}, "category_id": {lamp}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("dispatch: %d\n%s", res.status, res.body)
	}
	if got := e.appeal(a.TrackingNo); got.CategoryID != e.cats[lampPath] || got.Category != lampPath {
		t.Fatalf("category after dispatch = %d %q, want %d %q", got.CategoryID, got.Category, e.cats[lampPath], lampPath)
	}

	// The API takes category_id as well.
	b := e.newAppeal("道路被占")
	road := e.cats["交通运输/道路/占道"]
	st, _, raw := d.jsonCall("POST", "/api/v1/appeals/"+b.TrackingNo+"/dispatch", map[string]any{"unit_id": e.units["deptB"].ID, "category_id": road})
	if got := e.appeal(b.TrackingNo); st != http.StatusOK || got.CategoryID != road {
		t.Fatalf("API dispatch: %d %s; category %d, want %d", st, raw, got.CategoryID, road)
	}
}

// The dispatch queue carries the compact advice: one click per suggested
// unit, replacing the row with htmx.
func TestAdviceInDispatchQueue(t *testing.T) {
	e := newAdviceEnv(t)
	a := e.newAppeal("小区门口路灯不亮")
	d := e.login("dispatcher")
	page := d.get("/work/dispatch")
	mustContain(t, page.body, "智能分拨建议", "派往 粤海街道办事处", `hx-post="/work/dispatch/`+a.TrackingNo+`"`, `<span class="tag">路灯</span>`)
	res := d.htmx("/work/dispatch/"+a.TrackingNo, url.Values{"action": {"dispatch"},
		"unit_id": {strconv.FormatInt(e.units["streetA"].ID, 10)}, "category_id": {strconv.FormatInt(e.cats[lampPath], 10)}})
	if res.status != http.StatusOK {
		t.Fatalf("htmx dispatch: %d", res.status)
	}
	mustContain(t, res.body, "已派单至 粤海街道办事处")
	if got := e.appeal(a.TrackingNo); got.UnitID != e.units["streetA"].ID {
		t.Fatalf("unit = %d", got.UnitID)
	}
}

// Without an Advisor, or with one that fails, pages work and show no
// advice; the category select is there all the same.
func TestNoAdviceWithoutAdvisor(t *testing.T) {
	plain := newWebEnv(t)
	plain.importCategories()
	a := plain.newAppeal("小区门口路灯不亮")
	d := plain.login("dispatcher")
	for _, path := range []string{"/work/appeals/" + a.TrackingNo, "/work/dispatch"} {
		res := d.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.status)
		}
		mustNotContain(t, res.body, "智能分拨建议", "疑似重复诉求")
	}
	mustContain(t, d.get("/work/appeals/"+a.TrackingNo).body, `id="dispatch-category"`, lampPath)

	failing := newAdviceEnv(t)
	failing.adv.err = errAdvisorDown
	b := failing.newAppeal("小区门口路灯不亮")
	failing.newAppeal("小区门口路灯坏了")
	fd := failing.login("dispatcher")
	for _, path := range []string{"/work/appeals/" + b.TrackingNo, "/work/dispatch"} {
		res := fd.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("failing advisor, %s: %d", path, res.status)
		}
		mustNotContain(t, res.body, "智能分拨建议", "疑似重复诉求")
	}
}

// Likely duplicates are listed for the dispatcher with a merge button that
// merges this appeal into the other.
func TestLikelyDuplicatesMerge(t *testing.T) {
	e := newAdviceEnv(t)
	first := e.newAppeal("幸福小区门口路灯不亮")
	unrelated := &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelWeb, Title: "公积金贷款额度怎么算",
		Content: "请问公积金贷款的额度按什么标准计算？", ContactPhone: "13900001111"}
	if err := e.db.CreateAppeal(context.Background(), unrelated, minyi.ActorFor(nil)); err != nil {
		t.Fatal(err)
	}
	second := e.newAppeal("幸福小区门口路灯坏了")
	d := e.login("dispatcher")
	page := d.get("/work/appeals/" + second.TrackingNo)
	mustContain(t, page.body, "疑似重复诉求", first.TrackingNo, "幸福小区门口路灯不亮", "合并到此诉求", `name="parent_no" value="`+first.TrackingNo+`"`)
	mustNotContain(t, page.body, unrelated.TrackingNo, `name="parent_no" value="`+second.TrackingNo+`"`)
	mustNotContain(t, e.login("supervisor").get("/work/appeals/"+second.TrackingNo).body, "疑似重复诉求")

	res := d.post("/work/appeals/"+second.TrackingNo+"/act/merge", url.Values{"parent_no": {first.TrackingNo}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("merge: %d\n%s", res.status, res.body)
	}
	if got := e.appeal(second.TrackingNo); got.Status != minyi.StatusMerged || got.ParentNo != first.TrackingNo {
		t.Fatalf("after merge: %s into %q", got.Status, got.ParentNo)
	}
}

// An automatic dispatch (the system actor) is marked as such in the staff
// timeline, not shown as an administrator's act.
func TestTimelineShowsSystemActor(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("小区门口路灯不亮")
	req := minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID, Note: "自动分拨"}
	if _, err := e.db.Act(context.Background(), a.TrackingNo, req, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	page := e.login("dispatcher").get("/work/appeals/" + a.TrackingNo)
	mustContain(t, page.body, `data-testid="system-actor"`, "系统自动")
	mustNotContain(t, page.body, "系统（系统管理员）")
}

// The submit form asks for similar open appeals as the citizen types; the
// fragment masks titles and offers 我也遇到, which counts a supporter and
// confirms in place (htmx) or on a page (no JavaScript).
func TestSubmitSimilarAndMeToo(t *testing.T) {
	e := newAdviceEnv(t)
	open := e.newAppeal("南山区小区门口路灯不亮请回电13987654321")
	c := e.client()

	form := c.get("/submit")
	mustContain(t, form.body, `hx-post="/submit/similar"`, `hx-trigger="input changed delay:600ms"`, `hx-params="title,content"`, `id="similar"`, `id="similar-done"`)

	frag := c.htmx("/submit/similar", url.Values{"title": {"小区门口路灯不亮"}, "content": {""}})
	if frag.status != http.StatusOK {
		t.Fatalf("similar fragment: %d", frag.status)
	}
	mustContain(t, frag.body, "类似诉求正在办理中", "139****4321", "待分拨", "南山区", "0 人附议", "我也遇到", `hx-post="/support/`+open.TrackingNo+`"`)
	mustNotContain(t, frag.body, "13987654321", "<html")

	if short := c.htmx("/submit/similar", url.Values{"title": {"路灯"}}); strings.Contains(short.body, "我也遇到") {
		t.Error("two characters already bring suggestions")
	}

	res := c.htmx("/support/"+open.TrackingNo, nil)
	if res.status != http.StatusOK {
		t.Fatalf("support: %d", res.status)
	}
	// The confirmation goes above the list; the button gives way to a mark.
	mustContain(t, res.body, "已附议，当前 1 人遇到同样问题", `id="support-`+open.TrackingNo+`" hx-swap-oob="innerHTML"`)
	mustNotContain(t, res.body, "<html")
	// The same browser again is refused and not counted; another counts.
	res = c.htmx("/support/"+open.TrackingNo, nil)
	mustContain(t, res.body, "您已附议过这条诉求")
	res = e.client().post("/support/"+open.TrackingNo, nil)
	mustContain(t, res.body, "已附议，当前 2 人遇到同样问题", "<html")
	if got := e.appeal(open.TrackingNo); got.Supporters != 2 {
		t.Fatalf("supporters = %d", got.Supporters)
	}

	// A closed appeal cannot be supported: said in place of the button.
	closed := e.newAppeal("已经办结的诉求")
	if _, err := e.db.Act(context.Background(), closed.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	res = c.htmx("/support/"+closed.TrackingNo, nil)
	mustContain(t, res.body, `class="alert err"`)
}

// Without an Advisor the fragment is empty and the form is unchanged.
func TestSubmitSimilarWithoutAdvisor(t *testing.T) {
	e := newWebEnv(t)
	e.newAppeal("小区门口路灯不亮")
	res := e.client().htmx("/submit/similar", url.Values{"title": {"小区门口路灯不亮"}})
	if res.status != http.StatusOK || strings.TrimSpace(res.body) != "" {
		t.Fatalf("fragment without advisor: %d %q", res.status, res.body)
	}
}

// POST /api/v1/similar is public and masked, and limited per client;
// GET /api/v1/appeals/{no}/advice is for the dispatch centre only.
func TestAdviceAPI(t *testing.T) {
	e := newAdviceEnv(t)
	a := e.newAppeal("小区门口路灯不亮请回电13987654321")

	anon := e.client()
	st, body, raw := anon.jsonCall("POST", "/api/v1/similar", map[string]string{"title": "小区门口路灯不亮"})
	if st != http.StatusOK {
		t.Fatalf("similar: %d %s", st, raw)
	}
	items, _ := body["items"].([]any)
	if len(items) != 1 || !strings.Contains(raw, a.TrackingNo) || !strings.Contains(raw, "139****4321") || strings.Contains(raw, "13987654321") {
		t.Fatalf("similar items: %s", raw)
	}
	if st, _, _ := anon.jsonCall("POST", "/api/v1/similar", "not an object"); st != http.StatusBadRequest {
		t.Errorf("bad body: %d", st)
	}

	path := "/api/v1/appeals/" + a.TrackingNo + "/advice"
	if st, _, _ := anon.jsonCall("GET", path, nil); st != http.StatusUnauthorized {
		t.Errorf("anonymous advice: %d", st)
	}
	for _, who := range []string{"handlerA", "handlerB", "supervisor", "evaluator"} {
		if st, _, _ := e.login(who).jsonCall("GET", path, nil); st != http.StatusForbidden {
			t.Errorf("%s advice: %d, want 403", who, st)
		}
	}
	for _, who := range []string{"dispatcher", "admin"} {
		st, body, raw := e.login(who).jsonCall("GET", path, nil)
		if st != http.StatusOK {
			t.Fatalf("%s advice: %d %s", who, st, raw)
		}
		adv, _ := body["advice"].(map[string]any)
		units, _ := adv["units"].([]any)
		if len(units) != 2 || adv["auto"] != true {
			t.Errorf("%s advice: %s", who, raw)
		}
	}
	if st, _, _ := e.login("dispatcher").jsonCall("GET", "/api/v1/appeals/SZ00000000000000/advice", nil); st != http.StatusNotFound {
		t.Errorf("unknown appeal: %d", st)
	}

	// The public look-up is limited per client address.
	limited := 0
	for range similarPerMinute + 5 {
		if st, _, _ := anon.jsonCall("POST", "/api/v1/similar", map[string]string{"title": "路灯"}); st == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("similar look-ups are not limited")
	}
}

// With no Advisor, advice is null, not an error.
func TestAdviceAPIWithoutAdvisor(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("小区门口路灯不亮")
	st, body, raw := e.login("dispatcher").jsonCall("GET", "/api/v1/appeals/"+a.TrackingNo+"/advice", nil)
	if st != http.StatusOK || body["advice"] != nil || !strings.Contains(raw, `"advice":null`) {
		t.Fatalf("advice without advisor: %d %s", st, raw)
	}
	st, _, raw = e.client().jsonCall("POST", "/api/v1/similar", map[string]string{"title": "小区门口路灯不亮"})
	if st != http.StatusOK || !strings.Contains(raw, `"items":[]`) {
		t.Fatalf("similar without advisor: %d %s", st, raw)
	}
}

// modelServices adds ListModels to the services; embedding the interface
// hides whatever else the store offers.
type modelServices struct {
	Services
	models []*minyi.ModelInfo
}

func (m modelServices) ListModels(context.Context) ([]*minyi.ModelInfo, error) { return m.models, nil }

// The admin sees the stored routing models with their figures, in the API
// and on a page; when the services keep no models both say so.
func TestRoutingModels(t *testing.T) {
	models := []*minyi.ModelInfo{
		{ID: 2, Kind: minyi.ModelUnit, Version: "unit-v3", Examples: 120000, Corrections: 3400, MacroF1: 0.912, Threshold: 0.93, Coverage: 0.72, Precision: 0.968, Active: true},
		{ID: 1, Kind: minyi.ModelCategory, Version: "cat-v2", Examples: 90000, MacroF1: 0.874, Threshold: 0.9, Coverage: 0.8, Precision: 0.95},
	}
	e := newWebEnvWith(t, func(e *webEnv, cfg *Config) {
		cfg.Services = modelServices{Services: e.db, models: models}
	})
	admin := e.login("admin")
	st, body, raw := admin.jsonCall("GET", "/api/v1/models", nil)
	if list, _ := body["models"].([]any); st != http.StatusOK || len(list) != 2 || !strings.Contains(raw, `"macro_f1":0.912`) {
		t.Fatalf("models: %d %s", st, raw)
	}
	for _, who := range []string{"dispatcher", "supervisor"} {
		if st, _, _ := e.login(who).jsonCall("GET", "/api/v1/models", nil); st != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", who, st)
		}
		if res := e.login(who).get("/admin/models"); res.status != http.StatusForbidden {
			t.Errorf("%s page: %d, want 403", who, res.status)
		}
	}
	page := admin.get("/admin/models")
	mustContain(t, page.body, "分拨模型", "unit-v3", "cat-v2", "91.2%", "72.0%", "96.8%", "93%", "120000", "3400", "使用中", `href="/admin/models" aria-current="page"`)

	// Services that keep no models at all (no ListModels).
	bare := newWebEnvWith(t, func(e *webEnv, cfg *Config) { cfg.Services = struct{ Services }{e.db} })
	st, _, raw = bare.login("admin").jsonCall("GET", "/api/v1/models", nil)
	if st != http.StatusOK || !strings.Contains(raw, `"models":[]`) {
		t.Fatalf("no models: %d %s", st, raw)
	}
	mustContain(t, bare.login("admin").get("/admin/models").body, "还没有训练好的分拨模型")
}
