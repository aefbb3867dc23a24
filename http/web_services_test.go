package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"minyi"
	"minyi/demo"
)

// seedGuides stores the demo catalogue and policy documents.
func (e *webEnv) seedGuides() {
	e.t.Helper()
	if err := demo.SeedServices(context.Background(), e.db); err != nil {
		e.t.Fatal(err)
	}
}

func (e *webEnv) guideByName(name string) *minyi.ServiceItem {
	e.t.Helper()
	list, err := e.db.ListServiceItems(context.Background(), minyi.ServiceItemFilter{Query: name, Limit: 1})
	if err != nil || len(list) == 0 {
		e.t.Fatalf("guide %s: %v", name, err)
	}
	return list[0]
}

func TestWebServicesBrowse(t *testing.T) {
	e := newWebEnv(t)
	e.seedGuides()
	c := e.client()
	res := c.get("/services")
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	total := len(demo.ServiceGuides())
	mustContain(t, res.body, "办事指南", "按人生大事", `<span class="life-icon" aria-hidden="true">婴</span>`, "出生", "市公安局", "共 "+strconv.Itoa(total)+" 项")
	res = c.get("/services?life_event=elderly")
	mustContain(t, res.body, "高龄老人津贴申领", "筛选：养老")
	mustNotContain(t, res.body, "机动车驾驶证换证")
	res = c.get("/services?department=" + url.QueryEscape("市公安局交通警察局"))
	mustContain(t, res.body, "机动车驾驶证换证")
	mustNotContain(t, res.body, "高龄老人津贴申领")
	if res := c.get("/services?life_event=nope"); res.status != 400 || !strings.Contains(res.body, "人生事件无效") {
		t.Errorf("bad life event: %d", res.status)
	}
	// English second.
	c.post("/prefs", url.Values{"lang": {"en"}})
	mustContain(t, c.get("/services").body, "Service guides", "Old age")
}

func TestWebGuidePage(t *testing.T) {
	e := newWebEnv(t)
	e.seedGuides()
	g := e.guideByName("住房公积金提取（租房）")
	c := e.client()
	res := c.get("/services/" + strconv.FormatInt(g.ID, 10))
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	// The summary line, the five cards from the fields, the handoff slot.
	mustContain(t, res.body, g.Summary, "谁可以办", "要带什么", "去哪里办", "要多久", "要花钱吗",
		"1个工作日", "来自“承诺时限”", `action="/chat/start"`, `name="item" value="`+strconv.FormatInt(g.ID, 10)+`"`, "转人工", g.Materials[:12])
	if got, _ := e.db.FindServiceItem(context.Background(), g.ID); got.Views != 1 {
		t.Errorf("views %d", got.Views)
	}
	// A guide without fees says so instead of inventing an answer.
	bare := &minyi.ServiceItem{Name: "空白事项", Department: "某局", Phone: "12345"}
	if err := e.db.CreateServiceItem(context.Background(), bare); err != nil {
		t.Fatal(err)
	}
	res = c.get("/services/" + strconv.FormatInt(bare.ID, 10))
	mustContain(t, res.body, "指南未写明，请咨询：12345", "空白事项：由某局办理。")
	if res := c.get("/services/99999"); res.status != 404 {
		t.Errorf("missing guide: %d", res.status)
	}
}

func TestWebPolicyPage(t *testing.T) {
	e := newWebEnv(t)
	e.seedGuides()
	list, _ := e.db.ListPolicies(context.Background(), 0, 10)
	var doc *minyi.PolicyDoc
	for _, p := range list {
		if strings.Contains(p.Title, "高龄老人津贴") {
			doc = p
		}
	}
	c := e.client()
	mustContain(t, c.get("/policies").body, doc.Title)
	res := c.get("/policies/" + strconv.FormatInt(doc.ID, 10))
	mustContain(t, res.body, "要点摘要", `<mark class="amount">200元</mark>`, `<mark class="date">10个工作日内</mark>`,
		`<mark class="date">2025年7月1日起</mark>`, `<abbr class="term" title="`, "户口簿")
}

func TestWebEditGuides(t *testing.T) {
	e := newWebEnv(t)
	e.seedGuides()
	// Staff other than editors are refused; anonymous visitors log in.
	if res := e.login("dispatcher").get("/work/services"); res.status != http.StatusForbidden {
		t.Errorf("dispatcher: %d", res.status)
	}
	if res := e.client().get("/work/services/new"); res.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.status)
	}
	c := e.login("admin")
	mustContain(t, c.get("/work/services").body, "新建指南", "生育登记", "目录体检")

	// Field errors, nothing saved.
	before, _ := e.db.CountServiceItems(context.Background(), minyi.ServiceItemFilter{})
	res := c.post("/work/services/new", url.Values{"name": {""}, "visits": {"两次"}, "link": {"ftp://x"}})
	if res.status != 400 {
		t.Fatalf("bad form: %d", res.status)
	}
	mustContain(t, res.body, "到现场次数应为 0 到 9 的整数")
	res = c.post("/work/services/new", url.Values{"name": {""}, "link": {"ftp://x"}})
	mustContain(t, res.body, "请填写事项名称", "链接应以 http:// 或 https:// 开头")
	if after, _ := e.db.CountServiceItems(context.Background(), minyi.ServiceItemFilter{}); after != before {
		t.Errorf("saved despite errors: %d → %d", before, after)
	}

	// A valid guide; with no life event ticked the rules assign them.
	res = c.post("/work/services/new", url.Values{"name": {"老年人优待证办理"}, "department": {"市民政局"}, "visits": {"0"},
		"materials": {"身份证"}, "place": {"社区工作站"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/services/") {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	g := e.guideByName("老年人优待证办理")
	if len(g.LifeEvents) != 1 || g.LifeEvents[0] != "养老" || g.Visits == nil || *g.Visits != 0 {
		t.Errorf("created %+v", g)
	}
	edit := c.get("/work/services/" + strconv.FormatInt(g.ID, 10) + "/edit")
	mustContain(t, edit.body, `value="老年人优待证办理"`, `value="elderly" checked`)
	res = c.post("/work/services/"+strconv.FormatInt(g.ID, 10)+"/edit", url.Values{"name": {"老年人优待证办理"}, "department": {"市民政局"},
		"life_events": {"elderly", "documents"}, "promised_limit": {"3个工作日"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.status, res.body)
	}
	g = e.guideByName("老年人优待证办理")
	if g.PromisedLimit != "3个工作日" || len(g.LifeEvents) != 2 || g.Visits != nil {
		t.Errorf("updated %+v", g)
	}

	// The health page lists the new guide's missing fields.
	h := c.get("/work/services/health")
	mustContain(t, h.body, "缺少必填内容", "老年人优待证办理", "缺少：")
}

func TestWebUploadPolicy(t *testing.T) {
	e := newWebEnv(t)
	c := e.login("admin")
	mustContain(t, c.get("/work/policies/new").body, "上传政策文件")
	html := []byte(`<html><body><h2>通知</h2><p>补贴<b>500元</b>。</p><script>steal()</script></body></html>`)
	res := c.multipart("/work/policies/new", url.Values{"title": {"补贴通知"}, "department": {"市人社局"}}, webFile{"file", "notice.html", html})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/policies/") {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	list, _ := e.db.ListPolicies(context.Background(), 0, 10)
	if len(list) != 1 || list[0].Body != "通知\n补贴500元。" {
		t.Fatalf("stored %+v", list)
	}
	page := c.get(res.location)
	mustContain(t, page.body, `<mark class="amount">500元</mark>`)
	mustNotContain(t, page.body, "steal()")
	res = c.multipart("/work/policies/new", url.Values{"title": {"x"}}, webFile{"file", "notice.exe", []byte("MZ")})
	if res.status != 400 {
		t.Errorf("bad file: %d", res.status)
	}
	mustContain(t, res.body, "文件应为 .txt、.htm 或 .html")
	res = c.post("/work/policies/new", url.Values{"title": {""}, "body": {""}})
	mustContain(t, res.body, "请填写文件标题", "请填写或上传正文")
	if n, _ := e.db.CountPolicies(context.Background()); n != 1 {
		t.Errorf("%d policies after bad uploads", n)
	}
}
