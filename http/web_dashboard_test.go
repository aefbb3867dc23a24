package http

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/analytics"
)

// dashboardEnv is a server whose hot-issue analysis ran over four weeks of
// steady appeals in 南山区 and, in the last two days, six people writing
// about burning charging piles (充电桩起火).
func dashboardEnv(t *testing.T) *webEnv {
	t.Helper()
	hot := &analytics.HotIssues{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := newWebEnvWith(t, func(e *webEnv, cfg *Config) {
		hot.Appeals = e.db
		cfg.HotIssues = hot
	})
	ctx := context.Background()
	steady := []string{"小区楼下噪音扰民", "路灯不亮晚上出行不安全", "建议增开公交线路", "垃圾清运不及时", "物业收费不合理"}
	// Times are minutes after midnight, so that each appeal's day is
	// certain whenever the test runs.
	y, m, dd := time.Now().In(minyi.DefaultLocation).Date()
	now := time.Date(y, m, dd, 0, 0, 0, 0, minyi.DefaultLocation)
	n := 0
	mk := func(title, district string, at time.Time) {
		n++
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: title, Content: title + "，请相关部门尽快处理。",
			District: district, ContactName: "市民", ContactPhone: fmt.Sprintf("137%08d", n), ReceivedAt: at}
		if err := e.db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
	}
	for day := 28; day >= 0; day-- {
		for i := range 2 {
			mk(steady[(day+i)%len(steady)], "南山区", now.AddDate(0, 0, -day).Add(time.Duration(i)*time.Minute))
		}
	}
	for i := range 6 {
		mk(fmt.Sprintf("%d栋楼下车棚充电桩起火", i+1), "南山区", now.AddDate(0, 0, -(i%2)).Add(time.Duration(10+i)*time.Minute))
	}
	mk("路口红绿灯时间太短", "福田区", now.Add(20*time.Minute))
	if _, err := hot.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

// The dashboard shows the counts, the district grid with links, the
// category chart, the hot issues and the bursting term to the centre; a
// handler sees their district only and no terms.
func TestWebDashboard(t *testing.T) {
	e := dashboardEnv(t)
	d := e.login("dispatcher")
	res := d.get("/work/dashboard")
	if res.status != http.StatusOK {
		t.Fatalf("dashboard: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, `data-testid="dashboard-kpi"`, `data-testid="dashboard-districts"`, `id="trend-chart"`, `id="trend-data"`,
		"/static/trends.", "/static/vendor/chart.umd.", "/static/dashboard.", `<select name="district">`, `href="/work/queue?tab=overdue"`,
		"南山区", "福田区", `data-testid="dashboard-hotspots"`, `href="/work/hotspots"`)
	// The district card links to its appeals of the period.
	if !strings.Contains(res.body, `href="/work/appeals?district=%E5%8D%97%E5%B1%B1%E5%8C%BA&amp;since=`) {
		t.Errorf("no link for 南山区:\n%s", res.body)
	}
	// The bursting term links to the appeals with it in the title.
	termHref := `href="/work/appeals?q=` + url.QueryEscape("充电桩") + `&amp;since=`
	mustContain(t, res.body, "充电桩", termHref)
	mustNotContain(t, res.body, `data-testid="terms-denied"`)
	i := strings.Index(res.body, termHref) + len(`href="`)
	href := strings.ReplaceAll(res.body[i:i+strings.Index(res.body[i:], `"`)], "&amp;", "&")
	mustContain(t, d.get(href).body, "共 6 条诉求")

	// Filters.
	res = d.get("/work/dashboard?period=30&district=" + url.QueryEscape("福田区"))
	if res.status != http.StatusOK {
		t.Fatalf("filtered: %d", res.status)
	}
	mustContain(t, res.body, `<option value="30" selected>`, `<option value="福田区" selected>`)
	if res := d.get("/work/dashboard?period=5"); res.status != http.StatusBadRequest {
		t.Errorf("period 5: %d", res.status)
	}

	// handlerA's street office is in 南山区: that district only, no
	// district choice, another is refused, and no emerging terms.
	h := e.login("handlerA")
	res = h.get("/work/dashboard")
	if res.status != http.StatusOK {
		t.Fatalf("handler: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, `data-testid="own-district"`, `data-testid="terms-denied"`, "南山区")
	mustNotContain(t, res.body, `<select name="district">`, "福田区", termHref)
	if res := h.get("/work/dashboard?district=" + url.QueryEscape("福田区")); res.status != http.StatusForbidden {
		t.Errorf("another district: %d", res.status)
	}
	// handlerB's department is under no district.
	if res := e.login("handlerB").get("/work/dashboard"); res.status != http.StatusForbidden {
		t.Errorf("no district: %d", res.status)
	}
	if res := e.client().get("/work/dashboard"); res.status != http.StatusSeeOther && res.status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.status)
	}
}

// GET /api/v1/dashboard answers the same data as JSON.
func TestAPIDashboard(t *testing.T) {
	e := dashboardEnv(t)
	type answer struct {
		PeriodDays int    `json:"period_days"`
		District   string `json:"district"`
		AllScope   bool   `json:"all_scope"`
		KPI        struct {
			Today     int64  `json:"today"`
			Last7     int64  `json:"last_7_days"`
			Previous7 int64  `json:"previous_7_days"`
			Last7Href string `json:"last_7_days_href"`
		} `json:"kpi"`
		Districts []struct {
			Name  string `json:"name"`
			Total int64  `json:"total"`
			Href  string `json:"href"`
		} `json:"districts"`
		Categories *minyi.Trends `json:"categories"`
		HotIssues  struct {
			Available bool `json:"available"`
		} `json:"hot_issues"`
		Terms struct {
			Allowed   bool   `json:"allowed"`
			Available bool   `json:"available"`
			Formula   string `json:"formula"`
			Items     []struct {
				Term    string   `json:"term"`
				Recent  int      `json:"recent"`
				People  int      `json:"people"`
				Samples []string `json:"samples"`
				Href    string   `json:"href"`
			} `json:"items"`
		} `json:"emerging_terms"`
	}
	get := func(c *webClient, path string) (webResponse, answer) {
		t.Helper()
		res := c.get(path)
		var a answer
		if res.status == http.StatusOK {
			if err := json.Unmarshal([]byte(res.body), &a); err != nil {
				t.Fatalf("%s: %v\n%s", path, err, res.body)
			}
		}
		return res, a
	}
	res, a := get(e.login("dispatcher"), "/api/v1/dashboard?period=30")
	if res.status != http.StatusOK {
		t.Fatalf("api: %d %s", res.status, res.body)
	}
	if a.PeriodDays != 30 || !a.AllScope || a.District != "" || a.Categories == nil || len(a.Categories.Periods) != 30 || !a.HotIssues.Available {
		t.Errorf("answer %+v", a)
	}
	// 2 steady appeals a day, the 6 of the burst in the last 2 days and
	// one in 福田区 today.
	if a.KPI.Last7 != 14+6+1 || a.KPI.Previous7 != 14 || a.KPI.Today < 3 || !strings.HasPrefix(a.KPI.Last7Href, "/work/appeals?since=") {
		t.Errorf("kpi %+v", a.KPI)
	}
	found := false
	for _, d := range a.Districts {
		if d.Name == "南山区" {
			found = d.Total == 30*2+6-2 && strings.HasPrefix(d.Href, "/work/appeals?district=")
		}
	}
	if !found {
		t.Errorf("districts %+v", a.Districts)
	}
	if !a.Terms.Allowed || !a.Terms.Available || a.Terms.Formula == "" || len(a.Terms.Items) == 0 {
		t.Fatalf("terms %+v", a.Terms)
	}
	top := a.Terms.Items[0]
	if !strings.Contains("充电桩起火", top.Term) || top.Recent != 6 || top.People != 6 || len(top.Samples) != 3 ||
		!strings.HasPrefix(top.Href, "/work/appeals?q=") {
		t.Errorf("top term %+v", top)
	}

	res, a = get(e.login("handlerA"), "/api/v1/dashboard")
	if res.status != http.StatusOK || a.AllScope || a.District != "南山区" || a.Terms.Allowed || len(a.Terms.Items) != 0 {
		t.Errorf("handler: %d %+v", res.status, a)
	}
	for _, d := range a.Districts {
		if d.Name != "南山区" {
			t.Errorf("handler sees %q", d.Name)
		}
	}
	if res, _ := get(e.login("dispatcher"), "/api/v1/dashboard?period=abc"); res.status != http.StatusBadRequest {
		t.Errorf("bad period: %d", res.status)
	}
	if res := e.client().get("/api/v1/dashboard"); res.status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.status)
	}
}
