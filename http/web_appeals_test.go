package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"minyi"
)

// The appeal list filters by district, type and dates, counts what it
// selects, pages, refuses a bad date with a message, and keeps a unit's
// staff to their unit's appeals.
func TestWebAppealsFilter(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	mk := func(title, district string, typ minyi.AppealType) *minyi.Appeal {
		a := &minyi.Appeal{Type: typ, Channel: minyi.ChannelWeb, Title: title, Content: title + "，请尽快处理，谢谢。",
			District: district, ContactName: "张三", ContactPhone: "13812345678"}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
		return a
	}
	for i := range 23 {
		mk("南山区路灯不亮 第"+string(rune('A'+i))+"处", "南山区", minyi.TypeComplaint)
	}
	own := mk("福田区井盖缺失", "福田区", minyi.TypeComplaint)
	mk("福田区公交线路建议", "福田区", minyi.TypeSuggestion)
	if _, err := e.db.Act(ctx, own.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(minyi.DefaultLocation).Format(time.DateOnly)

	d := e.login("dispatcher")
	res := d.get("/work/appeals?district=南山区&since=" + today + "&until=" + today)
	if res.status != http.StatusOK {
		t.Fatalf("list: %d", res.status)
	}
	mustContain(t, res.body, "共 23 条诉求", "南山区路灯不亮", "下一页")
	mustNotContain(t, res.body, "福田区井盖缺失", "13812345678")
	res = d.get("/work/appeals?district=福田区&type=suggestion")
	mustContain(t, res.body, "共 1 条诉求", "福田区公交线路建议")
	mustNotContain(t, res.body, "福田区井盖缺失")
	res = d.get("/work/appeals?district=南山区&until=2020-01-01")
	mustContain(t, res.body, "共 0 条诉求")

	res = d.get("/work/appeals?since=2026-13-40")
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad date: %d", res.status)
	}
	mustContain(t, res.body, "日期格式应为 YYYY-MM-DD")

	// A street office's handler sees its own appeal only.
	res = e.login("handlerA").get("/work/appeals")
	mustContain(t, res.body, "共 1 条诉求", own.TrackingNo)
	if res := e.client().get("/work/appeals"); res.status == http.StatusOK {
		t.Errorf("anonymous list: %d", res.status)
	}
}

// Counts read from the rollup agree with counting the appeals, with and
// without dates, and a title search or a lower category is counted in
// the appeals.
func TestWebAppealsCountsAgree(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	if _, err := e.db.ImportCategories(ctx, [][]string{{"城市管理", "市政设施", "路灯"}}); err != nil {
		t.Fatal(err)
	}
	cats, _ := e.db.ListCategories(ctx)
	ids := map[string]int64{}
	for _, c := range cats {
		ids[c.Path] = c.ID
	}
	for i := range 7 {
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "路灯不亮" + strconv.Itoa(i),
			Content: "门口路灯不亮，请尽快维修，谢谢。", District: []string{"南山区", "福田区"}[i%2], ContactName: "张三", ContactPhone: "13812345678"}
		if i < 3 {
			a.CategoryID = ids["城市管理/市政设施/路灯"]
		}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	d := e.login("dispatcher")
	today := time.Now().In(minyi.DefaultLocation).Format(time.DateOnly)
	for _, c := range []struct {
		query string
		want  int
	}{
		{"", 7},
		{"district=南山区", 4},
		{"district=南山区&since=" + today + "&until=" + today, 4},
		{"category_id=" + strconv.FormatInt(ids["城市管理"], 10), 3},
		{"category_id=" + strconv.FormatInt(ids["城市管理/市政设施/路灯"], 10), 3},
		{"q=路灯不亮1", 1},
		{"until=2020-01-01", 0},
	} {
		res := d.get("/work/appeals?" + c.query)
		if !strings.Contains(res.body, "共 "+strconv.Itoa(c.want)+" 条诉求") {
			t.Errorf("/work/appeals?%s: want %d appeals", c.query, c.want)
		}
	}
}
