package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minyi"
	"minyi/kpi"
)

// kpiFixture is the fixture with three answered appeals at unit A (one
// rated 满意 and solved), one signed at unit B, and a leader of the
// district. It returns the period they fall in.
func kpiFixture(t *testing.T) (*fixture, string) {
	f := newFixture(t)
	ctx := context.Background()
	var first *minyi.Appeal
	for i := range 3 {
		a := f.appealAt(minyi.StatusReplied)
		if i == 0 {
			first = a
			solved := true
			_, err := f.db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingSatisfied, Solved: &solved}, minyi.SystemActor, minyi.Scope{All: true})
			f.mustDo(err)
		}
	}
	b := f.newAppeal()
	_, err := f.db.Act(ctx, b.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.units["B"].ID}, minyi.SystemActor, minyi.Scope{All: true})
	f.mustDo(err)
	lead := &minyi.User{Username: "districtlead", DisplayName: "区负责人", Role: minyi.RoleLeader, UnitID: f.units["district"].ID}
	f.mustDo(f.db.CreateUser(ctx, lead, testPassword))
	tok, err := f.db.CreateToken(ctx, lead.ID, "test")
	f.mustDo(err)
	f.users["districtLeader"], f.tokens["districtLeader"] = lead, tok
	return f, kpi.PeriodOf("month", first.ReceivedAt).String()
}

// rowsByName indexes the rows of a KPI answer.
func rowsByName(r response) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, x := range r.list("rows") {
		row := x.(map[string]any)
		out[row["name"].(string)] = row
	}
	return out
}

func figureOf(row map[string]any, code string) map[string]any {
	for _, x := range row["figures"].([]any) {
		if fig := x.(map[string]any); fig["code"] == code {
			return fig
		}
	}
	return nil
}

func TestAPIKPIFiguresAndDrillDown(t *testing.T) {
	f, period := kpiFixture(t)
	res := f.call("supervisor", "GET", "/api/v1/kpi?level=unit&period="+period, nil)
	if res.Status != nethttp.StatusOK || res.Body["source"] != "computed" {
		t.Fatalf("GET /api/v1/kpi: %d %s", res.Status, res.Raw)
	}
	rows := rowsByName(res)
	a, b := rows["A街道办"], rows["B街道办"]
	if a == nil || b == nil || a["appeals"].(float64) != 3 || b["appeals"].(float64) != 1 {
		t.Fatalf("rows = %s", res.Raw)
	}
	// Three answered at once: signed, contacted, answered in time; one
	// rated 满意 and solved.
	for code, want := range map[string][2]float64{"sign": {3, 3}, "response": {3, 3}, "ontime": {3, 3}, "resolution": {1, 1}, "satisfaction": {1, 1}, "repeat": {0, 3}, "reopen": {0, 3}} {
		fig := figureOf(a, code)
		if fig["numerator"].(float64) != want[0] || fig["denominator"].(float64) != want[1] || fig["appeals"].(float64) != want[1] {
			t.Errorf("A %s = %v", code, fig)
		}
	}
	// The trend's last point is the period itself.
	trend := res.list("trend")
	last := trend[len(trend)-1].(map[string]any)
	if len(trend) != 6 || last["period"] != period || last["score"] != res.object("overall")["score"] {
		t.Errorf("trend = %v, overall score %v", trend, res.object("overall")["score"])
	}
	if a["rank"].(float64) != 1 || a["score"] == nil {
		t.Errorf("A rank/score: %v %v", a["rank"], a["score"])
	}
	// Every figure's drill-down lists its denominator, and recounting the
	// list gives the numerator.
	for name, row := range rows {
		for _, x := range row["figures"].([]any) {
			fig := x.(map[string]any)
			if fig["denominator"].(float64) == 0 {
				continue
			}
			q := url.Values{"level": {"unit"}, "id": {row["id"].(string)}, "period": {period}, "indicator": {fig["code"].(string)}}
			d := f.call("evaluator", "GET", "/api/v1/kpi/appeals?"+q.Encode(), nil)
			if d.Status != nethttp.StatusOK {
				t.Fatalf("drill-down %s %s: %d %s", name, fig["code"], d.Status, d.Raw)
			}
			var sum float64
			for _, y := range d.list("appeals") {
				sum += y.(map[string]any)["counts"].(float64)
			}
			if n := float64(len(d.list("appeals"))); n != fig["denominator"].(float64) || d.Body["denominator"] != fig["denominator"] ||
				math.Abs(sum-fig["numerator"].(float64)) > 1e-9 {
				t.Errorf("drill-down %s %s: %v listed, sum %v; figure %v/%v", name, fig["code"], n, sum, fig["numerator"], fig["denominator"])
			}
		}
	}
	// Titles in the drill-down are masked; contact details never appear.
	d := f.call("evaluator", "GET", "/api/v1/kpi/appeals?level=unit&period="+period+"&indicator=sign&id="+fmt.Sprint(f.units["A"].ID), nil)
	if strings.Contains(string(d.Raw), "13812345678") || strings.Contains(string(d.Raw), "张三") {
		t.Errorf("drill-down leaks personal data: %s", d.Raw)
	}

	// Bad input is refused with a clear message.
	for _, q := range []string{"level=city", "period=2026-13", "period=26-Q5"} {
		if r := f.call("supervisor", "GET", "/api/v1/kpi?"+q, nil); r.Status != nethttp.StatusBadRequest || r.errorCode() != minyi.EINVALID {
			t.Errorf("%s: %d %s", q, r.Status, r.Raw)
		}
	}
	if r := f.call("supervisor", "GET", "/api/v1/kpi/appeals?level=unit&period="+period+"&indicator=nope&id=1", nil); r.Status != nethttp.StatusBadRequest {
		t.Errorf("unknown indicator: %d", r.Status)
	}
}

func TestAPIKPIRoleScoping(t *testing.T) {
	f, period := kpiFixture(t)
	names := func(who, level string) ([]string, int) {
		r := f.call(who, "GET", "/api/v1/kpi?level="+level+"&period="+period, nil)
		var out []string
		for n := range rowsByName(r) {
			out = append(out, n)
		}
		return out, r.Status
	}
	cases := []struct {
		who, level string
		status     int
		rows       int
	}{
		{"supervisor", "unit", 200, 2}, {"evaluator", "district", 200, 1}, {"admin", "department", 200, 1},
		{"handlerA", "unit", 200, 1}, {"leader", "unit", 200, 1}, {"handlerA", "district", 403, 0},
		{"districtLeader", "unit", 200, 2}, {"districtLeader", "district", 200, 1}, {"districtLeader", "department", 403, 0},
		{"dispatcher", "unit", 403, 0}, {"citizen", "unit", 403, 0}, {"anonymous", "unit", 401, 0},
	}
	for _, c := range cases {
		rows, status := names(c.who, c.level)
		if status != c.status || len(rows) != c.rows {
			t.Errorf("%s %s: %d %v, want %d with %d rows", c.who, c.level, status, rows, c.status, c.rows)
		}
	}
	if rows, _ := names("handlerA", "unit"); rows[0] != "A街道办" {
		t.Errorf("handlerA sees %v", rows)
	}
	// Another unit's appeals are not theirs to list.
	q := "/api/v1/kpi/appeals?level=unit&period=" + period + "&indicator=sign&id=" + fmt.Sprint(f.units["B"].ID)
	if r := f.call("handlerA", "GET", q, nil); r.Status != nethttp.StatusNotFound {
		t.Errorf("handlerA drilling into B: %d", r.Status)
	}
	// Refusals are audited and counted as 越权访问 against the unit.
	f.call("handlerA", "GET", "/api/v1/kpi?level=district&period="+period, nil)
	res := f.call("supervisor", "GET", "/api/v1/kpi?level=unit&period="+period, nil)
	if sec := rowsByName(res)["A街道办"]["security"].(map[string]any); sec["denied"].(float64) < 1 {
		t.Errorf("denied requests not counted: %v", sec)
	}
}

func TestAPIKPIPublishExport(t *testing.T) {
	f, period := kpiFixture(t)
	if r := f.call("supervisor", "POST", "/api/v1/kpi/publish", map[string]any{"period": period}); r.Status != nethttp.StatusForbidden {
		t.Fatalf("supervisor publishing: %d", r.Status)
	}
	if r := f.call("admin", "POST", "/api/v1/kpi/publish", map[string]any{"period": "2999-01"}); r.Status != nethttp.StatusBadRequest {
		t.Fatalf("publishing the future: %d %s", r.Status, r.Raw)
	}
	v1 := f.call("admin", "POST", "/api/v1/kpi/publish", map[string]any{"period": period})
	if v1.Status != nethttp.StatusCreated || v1.Body["version"].(float64) != 1 || len(v1.Body["hash"].(string)) != 64 {
		t.Fatalf("publish: %d %s", v1.Status, v1.Raw)
	}
	if r := f.call("admin", "POST", "/api/v1/kpi/publish", map[string]any{"period": period}); r.Status != nethttp.StatusConflict {
		t.Fatalf("publishing the same figures again: %d", r.Status)
	}
	// A later rating changes the figures: the correction is v2, v1 stays.
	a := f.appealAt(minyi.StatusReplied)
	solved := false
	_, err := f.db.Act(context.Background(), a.TrackingNo, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingBasic, Solved: &solved}, minyi.SystemActor, minyi.Scope{All: true})
	f.mustDo(err)
	v2 := f.call("admin", "POST", "/api/v1/kpi/publish", map[string]any{"period": period, "note": "补充评价"})
	if v2.Status != nethttp.StatusCreated || v2.Body["version"].(float64) != 2 || v2.Body["hash"] == v1.Body["hash"] {
		t.Fatalf("correction: %d %s", v2.Status, v2.Raw)
	}
	old := f.call("evaluator", "GET", "/api/v1/kpi?level=unit&period="+period+"&version=1", nil)
	if old.Body["source"] != "published" || old.object("snapshot")["hash"] != v1.Body["hash"] || rowsByName(old)["A街道办"]["appeals"].(float64) != 3 {
		t.Fatalf("v1 changed: %s", old.Raw)
	}
	cur := f.call("evaluator", "GET", "/api/v1/kpi?level=unit&period="+period, nil)
	if cur.object("snapshot")["version"].(float64) != 2 || rowsByName(cur)["A街道办"]["appeals"].(float64) != 4 || len(cur.list("versions")) != 2 {
		t.Fatalf("latest: %s", cur.Raw)
	}
	list := f.call("handlerA", "GET", "/api/v1/kpi/snapshots?period="+period, nil)
	if snaps := list.list("snapshots"); len(snaps) != 2 || snaps[1].(map[string]any)["hash"] != v1.Body["hash"] {
		t.Fatalf("versions: %s", list.Raw)
	}

	// Exports of a published period come from its snapshot.
	res := f.call("supervisor", "GET", "/api/v1/kpi.csv?level=unit&period="+period+"&version=1", nil)
	if res.Status != nethttp.StatusOK || res.Header.Get("X-KPI-SHA256") != v1.Body["hash"] {
		t.Fatalf("csv: %d %v", res.Status, res.Header)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1 // the source lines under the table are short
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return -1
	}
	var rowA []string
	for _, r := range records {
		if len(r) > 0 && r[0] == "A街道办" {
			rowA = r
		}
	}
	if rowA == nil || rowA[col("诉求数")] != "3" || rowA[col("满意率（%）")] != "100.00" || rowA[col("满意率分子")] != "1" || rowA[col("签收及时率分母")] != "3" {
		t.Fatalf("csv row A = %v (header %v)", rowA, header)
	}
	if !strings.Contains(string(res.Raw), v1.Body["hash"].(string)) {
		t.Fatal("csv does not name the snapshot's hash")
	}
	x := f.call("supervisor", "GET", "/api/v1/kpi.xlsx?level=unit&period="+period, nil)
	book, err := excelize.OpenReader(bytes.NewReader(x.Raw))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	sheet := book.GetSheetName(0)
	xrows, _ := book.GetRows(sheet)
	found := false
	for _, r := range xrows {
		if len(r) > 2 && r[0] == "A街道办" {
			found = r[2] == "4" // v2 has the fourth appeal
		}
	}
	if !found || x.Header.Get("X-KPI-Version") != "2" {
		t.Fatalf("xlsx rows = %v", xrows)
	}
}

func TestScoreboardPublic(t *testing.T) {
	f, period := kpiFixture(t)
	page := f.call("anonymous", "GET", "/scoreboard", nil)
	body := string(page.Raw)
	if page.Status != nethttp.StatusOK || !strings.Contains(body, "A街道办") || !strings.Contains(body, "实时计算") || !strings.Contains(body, "满意率") {
		t.Fatalf("scoreboard: %d %s", page.Status, body)
	}
	f.call("admin", "POST", "/api/v1/kpi/publish", map[string]any{"period": period})
	page = f.call("anonymous", "GET", "/scoreboard?period="+period, nil)
	body = string(page.Raw)
	if !strings.Contains(body, "正式公布") || !strings.Contains(body, "100.0%") {
		t.Fatalf("published scoreboard: %s", body)
	}
	// Unit names and counts only: no contact, no tracking number, no text.
	for _, leak := range []string{"13812345678", "张三", "5678", "小区路灯", "SZ2"} {
		if strings.Contains(body, leak) {
			t.Errorf("scoreboard shows %q", leak)
		}
	}
	api := f.call("anonymous", "GET", "/api/v1/scoreboard?period="+period, nil)
	if api.Status != nethttp.StatusOK || api.Body["source"] != "published" || len(api.list("rows")) != 2 {
		t.Fatalf("api scoreboard: %s", api.Raw)
	}
	if r := f.call("anonymous", "GET", "/api/v1/scoreboard?period=2026", nil); r.Status != nethttp.StatusBadRequest {
		t.Fatalf("yearly scoreboard: %d", r.Status)
	}
}

func TestKPIPages(t *testing.T) {
	f, period := kpiFixture(t)
	page := f.call("supervisor", "GET", "/work/kpi?level=unit&period="+period, nil)
	body := string(page.Raw)
	if page.Status != nethttp.StatusOK || !strings.Contains(body, "A街道办") || !strings.Contains(body, "/work/kpi/appeals?") || !strings.Contains(body, `id="trend-data"`) {
		t.Fatalf("kpi page: %d %s", page.Status, body)
	}
	drill := f.call("supervisor", "GET", "/work/kpi/appeals?level=unit&indicator=sign&period="+period+"&id="+fmt.Sprint(f.units["A"].ID), nil)
	if drill.Status != nethttp.StatusOK || strings.Count(string(drill.Raw), `data-testid="kpi-counts"`) != 3 {
		t.Fatalf("drill page: %d %s", drill.Status, drill.Raw)
	}
	if r := f.call("handlerA", "GET", "/work/kpi?level=department&period="+period, nil); r.Status != nethttp.StatusForbidden || !strings.Contains(string(r.Raw), "本单位") {
		t.Fatalf("handler asking for departments: %d", r.Status)
	}
}

func TestKPISettingsForm(t *testing.T) {
	f, period := kpiFixture(t)
	form := url.Values{"holidays": {""}, "workdays": {""}, "rating_window_days": {"7"}, "auto_dispatch": {"1"},
		"kpi_sat_5": {"1"}, "kpi_sat_4": {"0.5"}, "kpi_sat_3": {"0.9"}, "kpi_sat_2": {"0"}, "kpi_sat_1": {"0"},
		"kpi_w_response": {"0.2"}, "kpi_w_resolution": {"0.4"}, "kpi_w_satisfaction": {"0.4"},
		"kpi_green": {"95"}, "kpi_yellow": {"85"}, "kpi_low_green": {"5"}, "kpi_low_yellow": {"10"}}
	post := func(v url.Values) response {
		req, _ := nethttp.NewRequest("POST", f.srv.URL+"/admin/settings", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
		return f.send(req)
	}
	if r := post(form); r.Status != nethttp.StatusOK && r.Status != nethttp.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Status, r.Raw)
	}
	// 满意 now weighs 0.5: unit A's one rating (满意) gives 50 %.
	res := f.call("supervisor", "GET", "/api/v1/kpi?level=unit&period="+period, nil)
	if fig := figureOf(rowsByName(res)["A街道办"], "satisfaction"); fig["rate"].(float64) != 0.5 || fig["band"] != "red" {
		t.Fatalf("satisfaction after the change: %v", fig)
	}
	// Weights that do not sum to 1 are refused and change nothing.
	form.Set("kpi_w_response", "0.5")
	if r := post(form); r.Status != nethttp.StatusBadRequest || !strings.Contains(string(r.Raw), "之和应为 1") {
		t.Fatalf("bad weights: %d", r.Status)
	}
	s, _ := f.db.Settings(context.Background())
	if s.KPI.ScoreWeights["response"] != 0.2 {
		t.Fatalf("settings changed by a refused form: %+v", s.KPI)
	}
}
