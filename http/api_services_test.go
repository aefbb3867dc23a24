package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

func TestAPIServices(t *testing.T) {
	f := newFixture(t)
	body := map[string]any{"name": "失业保险金申领", "department": "区人社局", "theme": "失业保险",
		"materials": "身份证", "promised_limit": "5个工作日", "fees": "不收费", "visits": 0}

	// Only content editors and administrators create; the others are
	// refused. (The editor's own guides: TestEditorKeepsCatalogue.)
	for _, who := range roleNames {
		if who == "editor" {
			continue
		}
		res := f.call(who, "POST", "/api/v1/services", body)
		want := http.StatusForbidden
		switch who {
		case "anonymous":
			want = http.StatusUnauthorized
		case "admin":
			want = http.StatusCreated
		}
		if res.Status != want {
			t.Errorf("%s: POST /services %d, want %d: %s", who, res.Status, want, res.Raw)
		}
	}
	list := f.call("anonymous", "GET", "/api/v1/services", nil)
	if list.Status != 200 || list.Body["total"].(float64) != 1 {
		t.Fatalf("list: %d %s", list.Status, list.Raw)
	}
	item := list.list("items")[0].(map[string]any)
	id := int64(item["id"].(float64))
	// Without life_events the keyword rules assigned them.
	if ev := item["life_events"].([]any); len(ev) != 2 || ev[0] != "就业" || ev[1] != "社保" {
		t.Errorf("life events %v", ev)
	}

	bad := f.call("admin", "POST", "/api/v1/services", map[string]any{"name": " ", "link": "javascript:x", "life_events": []string{"飞天"}})
	if bad.Status != 400 || bad.errorField("name") == "" || bad.errorField("link") == "" || bad.errorField("life_events") == "" {
		t.Errorf("bad create: %d %s", bad.Status, bad.Raw)
	}

	path := "/api/v1/services/" + strconv.FormatInt(id, 10)
	got := f.call("anonymous", "GET", path, nil)
	pl := got.object("plain")
	if got.Status != 200 || !strings.Contains(pl["one_line"].(string), "由区人社局办理") || len(pl["cards"].([]any)) != 5 {
		t.Fatalf("get: %d %s", got.Status, got.Raw)
	}
	who := pl["cards"].([]any)[0].(map[string]any)
	if who["key"] != "who" || who["missing"] != true {
		t.Errorf("the conditions card must say it is missing: %v", who)
	}

	upd := f.call("admin", "PUT", path, map[string]any{"conditions": "非因本人意愿中断就业的失业人员。"})
	if upd.Status != 200 || upd.object("item")["conditions"] != "非因本人意愿中断就业的失业人员。" || upd.object("item")["department"] != "区人社局" {
		t.Errorf("update keeps other fields: %d %s", upd.Status, upd.Raw)
	}
	if res := f.call("handlerA", "PUT", path, map[string]any{"name": "x"}); res.Status != 403 {
		t.Errorf("handler update: %d", res.Status)
	}
	if res := f.call("anonymous", "GET", "/api/v1/services/999", nil); res.errorCode() != "not_found" {
		t.Errorf("missing: %s", res.Raw)
	}

	// Filters and facets.
	for q, want := range map[string]float64{"department=区人社局": 1, "department=别的局": 0, "life_event=work": 1, "life_event=出生": 0, "theme=失业保险": 1, "q=保险金": 1} {
		res := f.call("anonymous", "GET", "/api/v1/services?"+q, nil)
		if res.Body["total"] != want {
			t.Errorf("%s: total %v, want %v", q, res.Body["total"], want)
		}
	}
	if res := f.call("anonymous", "GET", "/api/v1/services?life_event=飞天", nil); res.Status != 400 || res.errorField("life_event") == "" {
		t.Errorf("bad life event: %d %s", res.Status, res.Raw)
	}
	facets := f.call("anonymous", "GET", "/api/v1/services/facets", nil)
	if facets.Body["total"] != 1.0 || len(facets.list("life_events")) != len(minyi.LifeEventList) {
		t.Errorf("facets %s", facets.Raw)
	}

	// Health: editors only.
	if res := f.call("dispatcher", "GET", "/api/v1/services/health", nil); res.Status != 403 {
		t.Errorf("health as dispatcher: %d", res.Status)
	}
	h := f.call("admin", "GET", "/api/v1/services/health", nil)
	if h.Status != 200 || h.object("report")["items"] != 1.0 {
		t.Errorf("health: %d %s", h.Status, h.Raw)
	}
}

func TestAPIPolicies(t *testing.T) {
	f := newFixture(t)
	html := `<html><head><style>p{}</style></head><body><h1>稳岗补贴</h1><p>每人每月最高<b>800元</b>，申请截止2026年12月31日。</p><script>alert(1)</script><p>申请人须在本市参加社会保险。</p></body></html>`
	res := f.call("admin", "POST", "/api/v1/policies", map[string]any{"title": "稳岗补贴通知", "department": "市人社局", "body": html, "format": "html"})
	if res.Status != 201 {
		t.Fatalf("create: %d %s", res.Status, res.Raw)
	}
	p := res.object("policy")
	if b := p["body"].(string); strings.Contains(b, "<") || strings.Contains(b, "alert") || !strings.Contains(b, "800元") {
		t.Errorf("HTML not reduced to text: %q", b)
	}
	id := int64(p["id"].(float64))
	if r := f.call("citizen", "POST", "/api/v1/policies", map[string]any{"title": "x", "body": "y"}); r.Status != 403 {
		t.Errorf("citizen create: %d", r.Status)
	}
	if r := f.call("admin", "POST", "/api/v1/policies", map[string]any{"title": "", "body": "", "format": "pdf"}); r.Status != 400 || r.errorField("format") == "" {
		t.Errorf("bad format: %d %s", r.Status, r.Raw)
	}
	view := f.call("anonymous", "GET", "/api/v1/policies/"+strconv.FormatInt(id, 10), nil)
	if view.Status != 200 || len(view.list("summary")) == 0 {
		t.Fatalf("view: %d %s", view.Status, view.Raw)
	}
	marked := map[string]string{}
	for _, para := range view.list("paragraphs") {
		for _, s := range para.([]any) {
			seg := s.(map[string]any)
			if k, ok := seg["kind"].(string); ok {
				marked[seg["text"].(string)] = k
			}
		}
	}
	if marked["800元"] != "amount" || marked["2026年12月31日"] != "date" {
		t.Errorf("marked %v", marked)
	}
	if r := f.call("admin", "PUT", "/api/v1/policies/"+strconv.FormatInt(id, 10), map[string]any{"title": "稳岗补贴通知（修订）", "body": "每人每月最高900元。"}); r.Status != 200 {
		t.Errorf("update: %d %s", r.Status, r.Raw)
	}
	list := f.call("anonymous", "GET", "/api/v1/policies", nil)
	if list.Body["total"] != 1.0 || list.list("policies")[0].(map[string]any)["title"] != "稳岗补贴通知（修订）" {
		t.Errorf("list %s", list.Raw)
	}
}
