package http

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"minyi"
)

// The trends page shows the chart's data, the table with changes and
// links to the appeals behind every number; a unit's staff see their
// district only.
func TestWebTrends(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	for i, district := range []string{"南山区", "南山区", "南山区", "福田区"} {
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "路灯不亮" + string(rune('A'+i)),
			Content: "门口路灯不亮，请尽快维修，谢谢。", District: district, ContactName: "张三", ContactPhone: "13812345678"}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	today := time.Now().In(minyi.DefaultLocation).Format(time.DateOnly)
	d := e.login("dispatcher")
	res := d.get("/work/trends?by=district")
	if res.status != http.StatusOK {
		t.Fatalf("trends: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, `id="trend-chart"`, `id="trend-data"`, `"label":"南山区"`, "/static/vendor/chart.umd.", "/static/trends.",
		`data-testid="trend-table"`, "全部")
	// The 南山区 row links to its 3 appeals of the range.
	if !strings.Contains(res.body, `/work/appeals?district=%E5%8D%97%E5%B1%B1%E5%8C%BA&amp;since=`) {
		t.Errorf("no drill-down link for 南山区:\n%s", res.body)
	}
	list := d.get("/work/appeals?district=南山区&since=" + today + "&until=" + today)
	mustContain(t, list.body, "共 3 条诉求")

	res = d.get("/work/trends?since=2026-02-30")
	if res.status != http.StatusBadRequest {
		t.Errorf("bad date: %d", res.status)
	}
	mustContain(t, res.body, "日期格式应为 YYYY-MM-DD")

	// handlerA's street office is in a district: only that district, no
	// district choice, and another district is refused.
	h := e.login("handlerA")
	res = h.get("/work/trends")
	if res.status != http.StatusOK {
		t.Fatalf("handler trends: %d %s", res.status, res.body)
	}
	mustNotContain(t, res.body, `<select name="district">`)
	if res := h.get("/work/trends?district=不存在区"); res.status != http.StatusForbidden {
		t.Errorf("another district: %d", res.status)
	}
}

// The trends export as CSV (with a BOM, for Excel) and as an Excel sheet
// hold the page's figures; the page links both.
func TestTrendsExport(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	for _, district := range []string{"南山区", "南山区", "福田区"} {
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "路灯不亮",
			Content: "门口路灯不亮，请尽快维修，谢谢。", District: district, ContactName: "张三", ContactPhone: "13812345678"}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	d := e.login("dispatcher")
	page := d.get("/work/trends?by=district&period=week")
	mustContain(t, page.body, `href="/api/v1/trends.csv?by=district&amp;period=week"`, `href="/api/v1/trends.xlsx?by=district&amp;period=week"`)

	res := d.get("/api/v1/trends.csv?by=district&period=week")
	if res.status != http.StatusOK || !strings.HasPrefix(res.body, "\ufeff分组,") {
		t.Fatalf("csv: %d %q", res.status, res.body[:min(80, len(res.body))])
	}
	mustContain(t, res.body, "全部,", "南山区,", "福田区,")
	lines := strings.Split(strings.TrimSpace(res.body), "\n")
	if len(lines) != 4 { // header, 全部, 南山区, 福田区
		t.Errorf("csv lines: %q", lines)
	}

	res = d.get("/api/v1/trends.xlsx?by=district")
	if res.status != http.StatusOK || !strings.HasPrefix(res.body, "PK") {
		t.Fatalf("xlsx: %d", res.status)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 4 || rows[2][0] != "南山区" {
		t.Fatalf("xlsx rows %q, %v", rows, err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "合计" {
			col = i
		}
	}
	if col < 0 || col >= len(rows[2]) || rows[2][col] != "2" {
		t.Errorf("南山区 total in column %d of %q, want 2", col, rows[2])
	}
	if res := e.client().get("/api/v1/trends.csv"); res.status != http.StatusUnauthorized {
		t.Errorf("anonymous export: %d", res.status)
	}
}
