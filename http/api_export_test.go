package http

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"minyi"
)

// readExport fetches an export and parses it; it checks the BOM and the
// content type on the way.
func readExport(t *testing.T, c *webClient, path string) (webResponse, [][]string) {
	t.Helper()
	res := c.get(path)
	if res.status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, res.status, res.body)
	}
	if !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("%s: headers %v", path, res.header)
	}
	body, ok := strings.CutPrefix(res.body, "\ufeff")
	if !ok {
		t.Fatalf("%s: no UTF-8 byte-order mark", path)
	}
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res, recs
}

// col returns the index of a header.
func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// Staff export the list they may read: contact details masked for all,
// the free text as written for the dispatch centre and de-identified for
// supervisors; filters as in the list; every export audited.
func TestExportAppeals(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "=HYPERLINK(\"x\") 路灯不亮请回电13987654321",
		Content: "小区门口路灯坏了，联系人：李四，车牌粤B12345的车堵门。", District: "南山区", Address: "科技园 3 栋（电话13700001111）",
		ContactName: "张三丰", ContactPhone: "13812345678"}
	if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
		t.Fatal(err)
	}
	b := e.newAppeal("道路破损")
	if _, err := e.db.Act(ctx, b.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}

	_, recs := readExport(t, e.login("dispatcher"), "/api/v1/appeals/export.csv")
	if len(recs) != 3 {
		t.Fatalf("dispatcher export: %d records, want header + 2\n%v", len(recs), recs)
	}
	h := recs[0]
	var row []string
	for _, r := range recs[1:] {
		if r[0] == a.TrackingNo {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("appeal %s not exported", a.TrackingNo)
	}
	if got := row[col(t, h, "联系电话")]; got != "138****5678" {
		t.Errorf("phone = %q", got)
	}
	if got := row[col(t, h, "联系人")]; got != "张**" {
		t.Errorf("name = %q", got)
	}
	if got := row[col(t, h, "标题")]; !strings.HasPrefix(got, "'=HYPERLINK") || !strings.Contains(got, "13987654321") {
		t.Errorf("dispatcher's title = %q: want it as written, kept from being a formula", got)
	}
	if got := row[col(t, h, "状态")]; got != "待分拨" {
		t.Errorf("status = %q", got)
	}

	res, recs := readExport(t, e.login("supervisor"), "/api/v1/appeals/export.csv?status=pending")
	if len(recs) != 2 || res.header.Get("X-Total-Count") != "1" {
		t.Fatalf("supervisor's pending export: %v", recs)
	}
	all := strings.Join(recs[1], "|")
	mustNotContain(t, all, "13987654321", "13812345678", "13700001111", "李四", "粤B12345", "张三丰")
	mustContain(t, all, "139****4321", "137****1111", "李*", "粤B***45")

	// A unit exports only its own appeals.
	_, recs = readExport(t, e.login("handlerA"), "/api/v1/appeals/export.csv")
	if len(recs) != 2 || recs[1][0] != b.TrackingNo {
		t.Fatalf("handlerA export: %v", recs)
	}

	// limit= caps the rows and the file says so.
	res, recs = readExport(t, e.login("dispatcher"), "/api/v1/appeals/export.csv?limit=1")
	if len(recs) != 3 || res.header.Get("X-Export-Truncated") != "true" || !strings.Contains(recs[2][0], "已达导出上限") {
		t.Fatalf("capped export: %v %v", res.header, recs)
	}

	// English headers for an English session.
	en := e.login("dispatcher")
	en.post("/prefs", map[string][]string{"lang": {"en"}})
	if _, recs = readExport(t, en, "/api/v1/appeals/export.csv"); recs[0][0] != "Tracking no" {
		t.Errorf("English header = %v", recs[0])
	}

	entries, err := e.db.ListAudit(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, x := range entries {
		if x.Action == "export_appeals" {
			audited = append(audited, x.Username+" "+x.Detail)
		}
	}
	joined := strings.Join(audited, "\n")
	if len(audited) != 5 || !strings.Contains(joined, "supervisor 导出诉求 1 行（共 1 行）；筛选：status=pending") || !strings.Contains(joined, "导出诉求 1 行（共 2 行）；筛选：limit=1") {
		t.Fatalf("audit entries:\n%s", joined)
	}
	mustContain(t, e.login("admin").get("/admin/audit").body, "导出诉求")
}

// Exports are for staff, with the list's parameter checks.
func TestExportAccess(t *testing.T) {
	e := newWebEnv(t)
	if res := e.client().get("/api/v1/appeals/export.csv"); res.status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.status)
	}
	if res := e.login("dispatcher").get("/api/v1/appeals/export.csv?status=nonsense"); res.status != http.StatusBadRequest {
		t.Errorf("bad status filter: %d", res.status)
	}
	if res := e.login("dispatcher").get("/api/v1/appeals/export.csv?limit=-1"); res.status != http.StatusBadRequest {
		t.Errorf("bad limit: %d", res.status)
	}
	// The staff pages link to it.
	mustContain(t, e.login("handlerA").get("/work/queue?tab=handling").body, `href="/api/v1/appeals/export.csv?queue=handling"`)
	mustContain(t, e.login("supervisor").get("/work/supervise").body, `href="/api/v1/appeals/export.csv?queue=overdue"`)
	mustContain(t, e.login("dispatcher").get("/work/dispatch").body, `href="/api/v1/appeals/export.csv?queue=pending"`)
}

// An export longer than one store page reads on by keyset: every appeal
// once, newest first.
func TestExportReadsEveryPage(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	n := exportBatch + 3
	for i := range n {
		a := &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelHotline, Title: "咨询", Content: "请问办事指南在哪里查看？", ContactPhone: "13812345678"}
		if err := e.db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatalf("appeal %d: %v", i, err)
		}
	}
	_, recs := readExport(t, e.login("dispatcher"), "/api/v1/appeals/export.csv")
	if len(recs) != n+1 {
		t.Fatalf("%d records, want %d", len(recs), n+1)
	}
	seen := map[string]bool{}
	for i, r := range recs[1:] {
		if seen[r[0]] {
			t.Fatalf("%s exported twice", r[0])
		}
		seen[r[0]] = true
		if i > 0 && r[0] > recs[i][0] {
			t.Fatalf("not newest first at row %d: %s after %s", i+1, r[0], recs[i][0])
		}
	}
}
