package http_test

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"testing"

	"minyi"
	"minyi/brief"
	"minyi/brief/brieftest"
	"minyi/pdf/pdftest"
)

func (f *fixture) brief(who, query string) (response, brief.Brief) {
	f.t.Helper()
	res := f.call(who, "GET", "/api/v1/brief"+query, nil)
	var b brief.Brief
	if res.Status == nethttp.StatusOK {
		f.mustDo(json.Unmarshal(res.Raw, &b))
	}
	return res, b
}

func TestAPIBrief(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.mustDo(brieftest.Seed(ctx, f.db, f.units["A"].ID))

	// The centre sees the whole city.
	res, b := f.brief("dispatcher", "?date=2026-03-10")
	if res.Status != nethttp.StatusOK || b.Date != "2026-03-10" || b.District != "" || b.Appeals.Count != brieftest.DayCount ||
		b.Appeals.PreviousDay != brieftest.PreviousCount || len(b.Districts) != 3 || len(b.HotIssues) != 2 || b.Overdue != 1 {
		t.Fatalf("dispatcher: %d %s", res.Status, res.Raw)
	}
	if !strings.Contains(string(res.Raw), `"status":"new"`) || !strings.Contains(string(res.Raw), `"status":"rising"`) {
		t.Errorf("no new and rising issues: %s", res.Raw)
	}
	for _, who := range []string{"admin", "evaluator", "supervisor"} {
		if res, b := f.brief(who, "?date=2026-03-10"); res.Status != nethttp.StatusOK || b.Appeals.Count != brieftest.DayCount {
			t.Errorf("%s: %d %s", who, res.Status, res.Raw)
		}
	}
	// Without a date: yesterday.
	if res, b := f.brief("dispatcher", ""); res.Status != nethttp.StatusOK || b.Date == "" || b.Appeals.Count != 0 {
		t.Errorf("yesterday: %d %s", res.Status, res.Raw)
	}

	// A unit's staff see their district: unit A is a street of 福田区.
	for _, who := range []string{"leader", "handlerA"} {
		res, b := f.brief(who, "?date=2026-03-10")
		if res.Status != nethttp.StatusOK || b.District != brieftest.Futian || b.Appeals.Count != 2 || b.Appeals.PreviousDay != 1 ||
			len(b.Districts) != 0 || len(b.HotIssues) != 1 || b.HotIssues[0].Status != brief.IssueRising {
			t.Fatalf("%s: %d %s", who, res.Status, res.Raw)
		}
	}
	// A department of the city is under no district.
	dept := &minyi.Unit{Code: "GJJ", Name: "市住房公积金中心", Kind: minyi.UnitDepartment, ParentID: f.units["city"].ID}
	f.mustDo(f.db.CreateUnit(ctx, dept))
	u := &minyi.User{Username: "handlerc", DisplayName: "handlerC", Role: minyi.RoleHandler, UnitID: dept.ID}
	f.mustDo(f.db.CreateUser(ctx, u, testPassword))
	tok, err := f.db.CreateToken(ctx, u.ID, "test")
	f.mustDo(err)
	f.tokens["handlerC"] = tok
	if res, _ := f.brief("handlerC", "?date=2026-03-10"); res.Status != nethttp.StatusForbidden || !strings.Contains(string(res.Raw), "不属于任何区") {
		t.Errorf("department handler: %d %s", res.Status, res.Raw)
	}
	if res, _ := f.brief("citizen", ""); res.Status != nethttp.StatusForbidden {
		t.Errorf("citizen: %d", res.Status)
	}
	if res, _ := f.brief("anonymous", ""); res.Status != nethttp.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.Status)
	}

	// Bad dates are refused in Chinese, naming the field.
	for query, want := range map[string]string{"?date=2026-02-30": "日期格式应为 YYYY-MM-DD", "?date=yesterday": "日期格式应为", "?date=2999-01-01": "不能晚于今天"} {
		res, _ := f.brief("dispatcher", query)
		if res.Status != nethttp.StatusBadRequest || res.errorCode() != "invalid" || !strings.Contains(string(res.Raw), want) || res.errorField("date") == "" {
			t.Errorf("%s: %d %s", query, res.Status, res.Raw)
		}
	}
}

// GET /api/v1/brief.pdf: the JSON brief's content as PDF, scoped and
// masked as the JSON is, errors in the API's shape.
func TestAPIBriefPDF(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.mustDo(brieftest.Seed(ctx, f.db, f.units["A"].ID))

	res := f.call("dispatcher", "GET", "/api/v1/brief.pdf?date=2026-03-10", nil)
	text := pdftest.Download(t, res.Status, res.Header, res.Raw, "minyi-brief-2026-03-10.pdf")
	for _, want := range []string{"深圳市 舆情日报 2026-03-10", "2026-03-10 星期二", "诉求较多的区", brieftest.Nanshan, brieftest.FumesPlace,
		brieftest.LightsPlace, "第 1 页 / 共 1 页"} {
		if !strings.Contains(text, want) {
			t.Errorf("dispatcher: no %q in\n%s", want, text)
		}
	}
	t.Run("pdftotext", func(t *testing.T) {
		text := pdftest.Poppler(t, res.Raw)
		for _, want := range []string{"深圳市 舆情日报", brieftest.LightsPlace, brieftest.Nanshan, "第 1 页 / 共 1 页"} {
			if !strings.Contains(text, want) {
				t.Errorf("pdftotext: no %q in\n%s", want, text)
			}
		}
	})

	// A street's staff get their district's brief.
	res = f.call("handlerA", "GET", "/api/v1/brief.pdf?date=2026-03-10", nil)
	if text := pdftest.Download(t, res.Status, res.Header, res.Raw, "minyi-brief-2026-03-10.pdf"); !strings.Contains(text, "深圳市"+brieftest.Futian+" 舆情日报") ||
		strings.Contains(text, "诉求较多的区") || strings.Contains(text, brieftest.LightsPlace) {
		t.Errorf("handler:\n%s", text)
	}
	// Supervisors get the labels masked, as in the JSON.
	_, b := f.brief("supervisor", "?date=2026-03-10")
	res = f.call("supervisor", "GET", "/api/v1/brief.pdf?date=2026-03-10", nil)
	if text := pdftest.Download(t, res.Status, res.Header, res.Raw, "minyi-brief-2026-03-10.pdf"); len(b.HotIssues) == 0 || !strings.Contains(text, b.HotIssues[0].Label) {
		t.Errorf("supervisor: %+v\n%s", b.HotIssues, text)
	}

	for who, status := range map[string]int{"citizen": nethttp.StatusForbidden, "anonymous": nethttp.StatusUnauthorized} {
		if res := f.call(who, "GET", "/api/v1/brief.pdf?date=2026-03-10", nil); res.Status != status || res.errorCode() == "" {
			t.Errorf("%s: %d %s", who, res.Status, res.Raw)
		}
	}
	res = f.call("dispatcher", "GET", "/api/v1/brief.pdf?date=2026-02-30", nil)
	if res.Status != nethttp.StatusBadRequest || res.errorCode() != "invalid" || res.errorField("date") == "" {
		t.Errorf("bad date: %d %s", res.Status, res.Raw)
	}
}
