package http

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"minyi"
	"minyi/analytics"
)

// The hot-issue page and API show the latest analysis: the centre sees the
// issue and the appeals behind it, a unit only issues its appeals are part
// of, and readers without the right to personal data see it masked.
func TestHotIssuesPageAndAPI(t *testing.T) {
	hot := &analytics.HotIssues{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := newWebEnvWith(t, func(e *webEnv, cfg *Config) {
		hot.Appeals = e.db
		cfg.HotIssues = hot
	})
	ctx := context.Background()
	dispatcher := e.login("dispatcher")
	if res := dispatcher.get("/work/hotspots"); res.status != http.StatusOK {
		t.Fatalf("page before the analysis: %d", res.status)
	} else {
		mustContain(t, res.body, "热点分析尚未完成")
	}

	var first *minyi.Appeal
	// Every title carries a phone number, as people write them.
	for i, title := range []string{
		"科技园南区路灯不亮", "科技园南区路灯坏了很久", "科技园南区晚上路灯不亮很危险",
		"反映科技园南区路灯不亮", "科技园南区路灯不亮影响出行",
	} {
		title += "，电话1391234567" + fmt.Sprint(i)
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: title,
			Content: title + "。科技园南区 3 栋门口的路灯坏了一个星期，晚上出行很不安全。", District: "南山区",
			ContactName: "居民", ContactPhone: fmt.Sprintf("1371234567%d", i)}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = a
			if _, err := e.db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := hot.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	issues, _ := hot.Top(minyi.Scope{All: true}, 0)
	if len(issues) == 0 {
		t.Fatal("no hot issue found")
	}

	res := dispatcher.get("/work/hotspots")
	mustContain(t, res.body, `data-testid="hotspots"`, "科技园南区", `href="/work/appeals/`+first.TrackingNo+`"`, "热度指数的计算方法")

	// The street office that handles one of the appeals sees the issue
	// and may open only its own appeal; the other unit sees none.
	res = e.login("handlerA").get("/work/hotspots")
	mustContain(t, res.body, "科技园南区", `href="/work/appeals/`+first.TrackingNo+`"`)
	if n := countLinks(res.body); n != 1 {
		t.Errorf("handlerA has %d appeal links, want 1", n)
	}
	res = e.login("handlerB").get("/work/hotspots")
	mustContain(t, res.body, "近期没有多人反映的同一问题")

	// The API, and masking for the evaluator.
	res = dispatcher.get("/api/v1/hotspots?top=5")
	var d struct {
		Available   bool   `json:"available"`
		HeatFormula string `json:"heat_formula"`
		Items       []struct {
			Rank         int      `json:"rank"`
			Count        int      `json:"count"`
			IDs          []string `json:"ids"`
			SampleTitles []string `json:"sample_titles"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(res.body), &d); err != nil || !d.Available || len(d.Items) == 0 || d.HeatFormula == "" {
		t.Fatalf("api: %d %s (%v)", res.status, res.body, err)
	}
	if d.Items[0].Rank != 1 || d.Items[0].Count != len(d.Items[0].IDs) {
		t.Errorf("first item %+v", d.Items[0])
	}
	mustContain(t, dispatcher.get("/api/v1/hotspots").body, "139123456")
	ev := e.login("evaluator")
	for _, path := range []string{"/api/v1/hotspots", "/work/hotspots"} {
		body := ev.get(path).body
		mustContain(t, body, "科技园南区", "139****")
		mustNotContain(t, body, "139123456")
	}
	if res := e.client().get("/api/v1/hotspots"); res.status != http.StatusUnauthorized {
		t.Errorf("anonymous API: %d", res.status)
	}
}

// countLinks counts links to appeal pages.
func countLinks(body string) int { return strings.Count(body, `href="/work/appeals/`) }
