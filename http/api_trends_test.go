package http_test

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/store"
)

// trendsAnswer is the JSON of GET /api/v1/trends.
type trendsAnswer struct {
	Period        string   `json:"period"`
	By            string   `json:"by"`
	Since         string   `json:"since"`
	Until         string   `json:"until"`
	PreviousSince string   `json:"previous_since"`
	PreviousUntil string   `json:"previous_until"`
	Periods       []string `json:"periods"`
	District      string   `json:"district"`
	Overall       trendsSeries
	Series        []trendsSeries `json:"series"`
}

type trendsSeries struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Points []struct {
		Start string `json:"start"`
		Count int64  `json:"count"`
	} `json:"points"`
	Total    int64    `json:"total"`
	Previous int64    `json:"previous"`
	Change   *float64 `json:"change"`
}

func (f *fixture) trends(who, query string) (response, trendsAnswer) {
	f.t.Helper()
	res := f.call(who, "GET", "/api/v1/trends"+query, nil)
	var t trendsAnswer
	if res.Status == nethttp.StatusOK {
		f.mustDo(json.Unmarshal(res.Raw, &t))
	}
	return res, t
}

func (t trendsAnswer) series(key string) *trendsSeries {
	for i := range t.Series {
		if t.Series[i].Key == key {
			return &t.Series[i]
		}
	}
	return nil
}

func TestAPITrends(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.newAppeal()
	f.newAppeal()
	other := &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelHotline, Title: "公积金提取咨询",
		Content: "想咨询一下公积金提取需要哪些材料。", District: "南山区", ContactPhone: "13900001111", ContactName: "李四"}
	f.mustDo(f.db.CreateAppeal(ctx, other, minyi.SystemActor))
	old := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "去年的诉求", Content: "去年的诉求内容。",
		Status: minyi.StatusClosed, ReceivedAt: time.Date(2025, 3, 4, 10, 0, 0, 0, minyi.DefaultLocation), District: "福田区", Anonymous: true}
	f.mustDo(f.db.ImportAppeals(ctx, []store.ImportItem{{Appeal: old}}))

	// Defaults: daily, by category, the last 30 days up to today.
	res, tr := f.trends("dispatcher", "")
	if res.Status != nethttp.StatusOK {
		t.Fatalf("dispatcher: %d %s", res.Status, res.Raw)
	}
	today := time.Now().In(minyi.DefaultLocation).Format("2006-01-02")
	if tr.Period != "day" || tr.By != "category" || len(tr.Periods) != 30 || tr.Until != today || tr.Periods[29] != today {
		t.Fatalf("defaults: %s", res.Raw)
	}
	if tr.Overall.Key != "all" || tr.Overall.Total != 3 || tr.Overall.Points[29].Count != 3 || len(tr.Overall.Points) != 30 ||
		tr.Overall.Change != nil || !strings.Contains(string(res.Raw), `"change":null`) {
		t.Fatalf("overall: %s", res.Raw)
	}
	if s := tr.series("0"); s == nil || s.Label != "未分类" || s.Total != 3 || len(tr.Series) != 1 {
		t.Fatalf("series: %s", res.Raw)
	}

	// By district with a filter given by Chinese name.
	_, tr = f.trends("dispatcher", "?by=district&type=投诉")
	if s := tr.series("福田区"); s == nil || s.Total != 2 || len(tr.Series) != 1 {
		t.Fatalf("by district, complaints: %+v", tr.Series)
	}
	// Monthly over a given range, with the year-old appeal.
	res, tr = f.trends("supervisor", "?period=month&by=channel&since=2025-03-10&until=2025-04-02")
	if res.Status != nethttp.StatusOK || tr.Since != "2025-03-01" || tr.Until != "2025-04-30" ||
		tr.PreviousSince != "2025-01-01" || tr.PreviousUntil != "2025-02-28" || len(tr.Periods) != 2 {
		t.Fatalf("monthly: %d %s", res.Status, res.Raw)
	}
	if s := tr.series("web"); s == nil || s.Label != "网站" || s.Points[0].Count != 1 || s.Points[0].Start != "2025-03-01" {
		t.Fatalf("monthly web: %s", res.Raw)
	}

	// Everyone who sees all appeals may ask.
	for _, who := range []string{"admin", "evaluator", "supervisor"} {
		if res, _ := f.trends(who, "?by=district"); res.Status != nethttp.StatusOK {
			t.Errorf("%s: %d", who, res.Status)
		}
	}

	// A unit's leader and handler see their district only: unit A is a
	// street of 福田区.
	for _, who := range []string{"leader", "handlerA"} {
		res, tr = f.trends(who, "?by=district")
		if res.Status != nethttp.StatusOK || tr.District != "福田区" || len(tr.Series) != 1 || tr.Series[0].Key != "福田区" || tr.Overall.Total != 2 {
			t.Fatalf("%s: %d %s", who, res.Status, res.Raw)
		}
	}
	if res, _ := f.trends("leader", "?district=福田区"); res.Status != nethttp.StatusOK {
		t.Fatalf("leader, own district: %d", res.Status)
	}
	if res, _ := f.trends("leader", "?district=南山区"); res.Status != nethttp.StatusForbidden || !strings.Contains(string(res.Raw), "福田区") {
		t.Fatalf("leader, other district: %d %s", res.Status, res.Raw)
	}
	// A department of the city sits under no district.
	dept := &minyi.Unit{Code: "GJJ", Name: "市住房公积金中心", Kind: minyi.UnitDepartment, ParentID: f.units["city"].ID}
	f.mustDo(f.db.CreateUnit(ctx, dept))
	u := &minyi.User{Username: "handlerc", DisplayName: "handlerC", Role: minyi.RoleHandler, UnitID: dept.ID}
	f.mustDo(f.db.CreateUser(ctx, u, testPassword))
	tok, err := f.db.CreateToken(ctx, u.ID, "test")
	f.mustDo(err)
	f.tokens["handlerC"] = tok
	if res, _ := f.trends("handlerC", ""); res.Status != nethttp.StatusForbidden || res.errorCode() != "forbidden" ||
		!strings.Contains(string(res.Raw), "不属于任何区") || !strings.Contains(string(res.Raw), "not under") {
		t.Fatalf("department handler: %d %s", res.Status, res.Raw)
	}
	if res, _ := f.trends("citizen", ""); res.Status != nethttp.StatusForbidden {
		t.Fatalf("citizen: %d", res.Status)
	}
	if res, _ := f.trends("anonymous", ""); res.Status != nethttp.StatusUnauthorized {
		t.Fatalf("anonymous: %d", res.Status)
	}

	// Invalid queries name their field.
	for query, field := range map[string]string{
		"?period=year":                                   "period",
		"?by=unit":                                       "by",
		"?since=2026-13-01":                              "since",
		"?since=2026-03-02&until=2026-03-01":             "until",
		"?since=2025-01-01&until=2026-01-02":             "until",
		"?period=week&since=2010-01-01&until=2026-01-01": "until",
		"?channel=fax":                                   "channel",
		"?category_id=x":                                 "category_id",
		"?category_id=999":                               "category_id",
	} {
		res, _ := f.trends("dispatcher", query)
		if res.Status != nethttp.StatusBadRequest || res.errorCode() != "invalid" || res.errorField(field) == "" {
			t.Errorf("%s: %d %s", query, res.Status, res.Raw)
		}
		if msg := res.object("error")["message_en"]; msg == "" || msg == nil {
			t.Errorf("%s: no English message", query)
		}
	}
}
