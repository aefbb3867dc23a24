package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minyi"
)

// The search page shows the answer card quoting the guide, the results
// with the matched words marked, 有帮助吗 (htmx) and 转人工; a too long
// question is a clear error; the header of other pages has the box.
func TestWebSearch(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	item := &minyi.ServiceItem{Name: "失业保险金申领", Department: "区人社局",
		Materials: "社会保障卡或身份证；<与原单位解除劳动合同的证明>", Summary: "失业人员按规定申领失业保险金。"}
	if err := e.db.CreateServiceItem(ctx, item); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	res := c.get("/search?q=" + url.QueryEscape("领失业金要带什么"))
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	mustContain(t, res.body, `data-testid="answer"`, "申请材料", "&lt;与原单位解除劳动合同的证明&gt;",
		`<mark>失业保险金</mark>`, `hx-post="/search/feedback"`, `action="/chat/start"`, `name="item" value="1"`, `name="q" value="领失业金要带什么"`, "有帮助吗")
	mustNotContain(t, res.body, "<与原单位")

	res = c.htmx("/search/feedback", url.Values{"q": {"领失业金要带什么"}, "item_id": {"1"}, "field": {"materials"}, "helpful": {"yes"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "谢谢您的反馈") {
		t.Errorf("feedback: %d %s", res.status, res.body)
	}
	res = c.htmx("/search/feedback", url.Values{"q": {"领失业金要带什么"}, "item_id": {"0"}, "helpful": {"yes"}})
	if res.status != http.StatusBadRequest {
		t.Errorf("feedback without an item: %d", res.status)
	}

	res = c.get("/search?q=" + url.QueryEscape(strings.Repeat("失业", 60)))
	if res.status != http.StatusBadRequest {
		t.Errorf("long question: %d", res.status)
	}
	mustContain(t, res.body, "问题太长了")

	// A sound-alike typo is read as the known term, and the page says so.
	if err := e.db.CreateServiceItem(ctx, &minyi.ServiceItem{Name: "最低生活保障申请", Department: "区民政局"}); err != nil {
		t.Fatal(err)
	}
	res = c.get("/search?q=" + url.QueryEscape("低包怎么申请"))
	mustContain(t, res.body, `data-testid="typos"`, "「低保」", "/search/go?item=2&amp;")
	mustNotContain(t, c.get("/search?q="+url.QueryEscape("领失业金要带什么")).body, `data-testid="typos"`)

	res = c.get("/search/go?item=1&q=x")
	if res.status != http.StatusSeeOther || res.location != "/services/1?q=x" {
		t.Errorf("click: %d → %q", res.status, res.location)
	}
	mustContain(t, c.get("/track").body, `id="site-q"`)
}

// The questions the search box could not answer are listed on the latent
// needs page for staff who see every appeal, masked for those who may not
// see personal data, and not at all for a unit's handlers.
func TestWebNeedsListsSearchMisses(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	if err := e.db.LogSearchMiss(ctx, "宠物殡葬去哪里办 13812345678", "宠物殡葬去哪里办 13812345678", 0); err != nil {
		t.Fatal(err)
	}
	res := e.login("dispatcher").get("/work/needs")
	mustContain(t, res.body, "搜索无答案的问题", `data-testid="search-misses"`, "宠物殡葬去哪里办 13812345678")
	res = e.login("evaluator").get("/work/needs")
	mustContain(t, res.body, "宠物殡葬去哪里办")
	mustNotContain(t, res.body, "13812345678")
	res = e.login("handlerA").get("/work/needs")
	mustNotContain(t, res.body, "宠物殡葬")
}
