package analytics

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"minyi"
	"minyi/store"
)

// Six neighbours report the same fumes at one compound; two people write
// about unrelated things. The fumes are the hot issue, seen by the centre
// and by the unit that handles it, not by another unit.
func TestHotIssues(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	city := &minyi.Unit{Name: "深圳市", Code: "4403", Kind: minyi.UnitCity}
	if err := db.CreateUnit(ctx, city); err != nil {
		t.Fatal(err)
	}
	street := &minyi.Unit{Name: "梅林街道", Code: "440304001", Kind: minyi.UnitStreet, ParentID: city.ID}
	other := &minyi.Unit{Name: "市交通运输局", Code: "4403T", Kind: minyi.UnitDepartment, ParentID: city.ID}
	for _, u := range []*minyi.Unit{street, other} {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	texts := []string{
		"梅林一村楼下餐馆油烟直排，家里窗户都不敢开",
		"梅林一村一楼饭店油烟很大，熏得楼上没法住",
		"投诉梅林一村餐馆没有油烟净化器，油烟直排",
		"梅林一村底商餐馆油烟扰民，请执法部门处理",
		"梅林一村餐饮店排烟管道对着住宅，油烟呛人",
		"梅林一村楼下烧烤店油烟直排，晚上无法开窗",
	}
	var first string
	for i, title := range texts {
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: title,
			Content: title + "。我住在福田区梅林一村，已经持续两个多月，请相关部门尽快处理。", District: "福田区",
			ContactName: "居民", ContactPhone: fmt.Sprintf("1380013800%d", i)}
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = a.TrackingNo
			if _, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: street.ID}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, title := range []string{"建议增开到科技园的公交线路", "请问居住证办理需要哪些材料"} {
		a := &minyi.Appeal{Type: minyi.TypeSuggestion, Channel: minyi.ChannelWeb, Title: title, Content: title + "，谢谢。",
			ContactName: "市民", ContactPhone: fmt.Sprintf("1390013900%d", i)}
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
	}

	// Questions and thanks at the same place are no part of the problem.
	for i, title := range []string{"梅林一村附近哪里可以办居住证", "请问梅林一村附近居住证在哪里办理", "梅林一村居住证办理地点咨询", "感谢梅林一村社区工作站热情服务"} {
		typ := minyi.TypeConsult
		if i == 3 {
			typ = minyi.TypePraise
		}
		a := &minyi.Appeal{Type: typ, Channel: minyi.ChannelWeb, Title: title, Content: title + "。我住在福田区梅林一村。",
			District: "福田区", ContactName: "居民", ContactPhone: fmt.Sprintf("1370013700%d", i)}
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
	}

	h := &HotIssues{Appeals: db}
	if issues, snap := h.Top(minyi.Scope{All: true}, 10); issues != nil || snap != nil {
		t.Fatalf("before the first analysis: %v %v", issues, snap)
	}
	snap, err := h.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Appeals != 12 {
		t.Errorf("analysed %d appeals, want 12", snap.Appeals)
	}
	issues, _ := h.Top(minyi.Scope{All: true}, 10)
	if len(issues) != 1 {
		t.Fatalf("issues %+v, want the one at 梅林一村", issues)
	}
	is := issues[0]
	if !strings.Contains(is.Place+is.Label, "梅林一村") || is.Count != 6 || is.People != 6 {
		t.Errorf("issue %q at %q: %d appeals, %d people; want 梅林一村, 6 and 6", is.Label, is.Place, is.Count, is.People)
	}
	if snap.UnitOf(first) != street.ID {
		t.Errorf("unit of %s = %d", first, snap.UnitOf(first))
	}
	if got, _ := h.Top(minyi.Scope{UnitID: street.ID}, 10); len(got) != 1 {
		t.Errorf("the street office sees %d issues, want 1", len(got))
	}
	if got, _ := h.Top(minyi.Scope{UnitID: other.ID}, 10); len(got) != 0 {
		t.Errorf("another unit sees %d issues, want none", len(got))
	}
	if got, _ := h.Top(minyi.Scope{CitizenID: 1}, 10); len(got) != 0 {
		t.Errorf("a citizen scope sees %d issues", len(got))
	}
}
