package http

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"minyi/brief"
	"minyi/brief/brieftest"
	"minyi/pdf/pdftest"
)

// The brief's page: the whole city for the centre, a district for its
// units' staff, refused to a unit under no district; bad dates get 400
// with a Chinese message; printing leaves the frame out.
func TestWebBrief(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	if err := brieftest.Seed(ctx, e.db, e.units["streetA"].ID); err != nil {
		t.Fatal(err)
	}
	d := e.login("dispatcher")
	res := d.get("/work/brief?date=2026-03-10")
	if res.status != http.StatusOK {
		t.Fatalf("brief: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, "<title>舆情日报 2026-03-10", `data-testid="brief-count">6<`, "星期二", "&#43;50%", "&#43;100%",
		"诉求较多的区", "南山区", "城乡建设", "持续升温", "新出现", "梅林一村", "桃源村", `href="/work/appeals/`,
		"/static/brief.", `data-print`, `value="2026-03-10"`, `data-testid="brief-overdue">1<`)

	for path, want := range map[string]string{"/work/brief?date=2026-02-30": "日期格式应为 YYYY-MM-DD", "/work/brief?date=2999-01-01": "日期不能晚于今天"} {
		res := d.get(path)
		if res.status != http.StatusBadRequest {
			t.Errorf("%s: %d", path, res.status)
		}
		mustContain(t, res.body, want)
		mustNotContain(t, res.body, `data-testid="brief"`)
	}

	// handlerA's street office is in 南山区.
	h := e.login("handlerA")
	res = h.get("/work/brief?date=2026-03-10")
	if res.status != http.StatusOK {
		t.Fatalf("handler: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, "南山区 舆情日报", `data-testid="brief-count">3<`, "桃源村")
	mustNotContain(t, res.body, "诉求较多的区", "梅林一村", `href="/work/appeals/`)
	// handlerB's department is under no district.
	res = e.login("handlerB").get("/work/brief")
	if res.status != http.StatusForbidden {
		t.Errorf("department: %d", res.status)
	}
	mustContain(t, res.body, "不属于任何区")
	if res := e.client().get("/work/brief"); res.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.status)
	}
}

// The standalone file has the page's content with its CSS inline, and the
// print rules.
func TestWriteBriefHTML(t *testing.T) {
	e := newWebEnv(t)
	if err := brieftest.Seed(context.Background(), e.db, e.units["streetA"].ID); err != nil {
		t.Fatal(err)
	}
	b, err := brief.Build(context.Background(), e.db, brieftest.Day)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"zh": "舆情日报", "en": "Daily brief"} {
		var buf bytes.Buffer
		if err := WriteBriefHTML(&buf, b, lang); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		mustContain(t, s, "<!doctype html>", want, "--blue:", "@media print", ".brief-figure", `data-testid="brief-count">6<`)
		if strings.Contains(s, "/static/") || strings.Contains(s, "<script") {
			t.Errorf("%s: refers to the server's files", lang)
		}
	}
}

// /work/brief.pdf: the page's brief as a PDF download, linked from the
// page; errors are the site's error pages.
func TestWebBriefPDF(t *testing.T) {
	e := newWebEnv(t)
	if err := brieftest.Seed(context.Background(), e.db, e.units["streetA"].ID); err != nil {
		t.Fatal(err)
	}
	d := e.login("dispatcher")
	mustContain(t, d.get("/work/brief?date=2026-03-10").body, `href="/work/brief.pdf?date=2026-03-10"`, "下载 PDF")
	res := d.get("/work/brief.pdf?date=2026-03-10")
	text := pdftest.Download(t, res.status, res.header, []byte(res.body), "minyi-brief-2026-03-10.pdf")
	mustContain(t, text, "舆情日报 2026-03-10", "诉求较多的区", "南山区", "梅林一村", "桃源村", "第 1 页 / 共 1 页")
	t.Run("pdftotext", func(t *testing.T) {
		mustContain(t, pdftest.Poppler(t, []byte(res.body)), "舆情日报", "桃源村", "南山区", "第 1 页 / 共 1 页")
	})

	// handlerA's street office is in 南山区.
	res = e.login("handlerA").get("/work/brief.pdf?date=2026-03-10")
	text = pdftest.Download(t, res.status, res.header, []byte(res.body), "minyi-brief-2026-03-10.pdf")
	mustContain(t, text, "南山区 舆情日报", "桃源村")
	mustNotContain(t, text, "诉求较多的区", "梅林一村")

	for path, want := range map[string]string{"/work/brief.pdf?date=2026-02-30": "日期格式应为 YYYY-MM-DD", "/work/brief.pdf?date=2999-01-01": "日期不能晚于今天"} {
		res := d.get(path)
		if res.status != http.StatusBadRequest || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, res.status, res.header.Get("Content-Type"))
		}
		mustContain(t, res.body, want)
	}
	if res := e.login("handlerB").get("/work/brief.pdf"); res.status != http.StatusForbidden || !strings.Contains(res.body, "不属于任何区") {
		t.Errorf("department: %d", res.status)
	}
	if res := e.client().get("/work/brief.pdf"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
		t.Errorf("anonymous: %d %s", res.status, res.location)
	}
}
