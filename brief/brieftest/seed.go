// Package brieftest seeds a store with appeals over several days around a
// fixed day, for the tests of package brief, the report command and the
// brief's page and API.
package brieftest

import (
	"context"
	"fmt"
	"time"

	"minyi"
	"minyi/store"
)

// Day is the brief's day of the seed: Tuesday 10 March 2026.
var Day = time.Date(2026, 3, 10, 0, 0, 0, 0, minyi.DefaultLocation)

// Expected figures of the seed for Day.
const (
	DayCount      = 6 // appeals received on Day
	PreviousCount = 4 // on the day before
	WeekCount     = 3 // on the same weekday a week before
	Overdue       = 1 // past their deadline at the end of Day
	// The districts and their counts on Day (and the day before).
	Nanshan = "南山区" // 3 (2)
	Futian  = "福田区" // 2 (1): the fumes, a hot issue rising on Day
	Baoan   = "宝安区" // 1 (1)
	// The hot issues with appeals on Day.
	FumesPlace  = "梅林一村" // rising: 3 appeals before Day, 2 on Day
	LightsPlace = "桃源村"  // new: 3 appeals on Day
)

// Seed imports three categories and the appeals. unitID is the unit that
// handles the overdue appeal; when 0, a unit is made for it.
func Seed(ctx context.Context, db *store.DB, unitID int64) error {
	if _, err := db.ImportCategories(ctx, [][]string{
		{"城乡建设", "市政设施", "路灯"}, {"环境保护", "大气污染", "餐饮油烟"}, {"劳动保障", "劳动关系", "工资拖欠"},
	}); err != nil {
		return err
	}
	if unitID == 0 {
		unit := &minyi.Unit{Name: "日报测试指挥中心", Code: "BRIEF-C", Kind: minyi.UnitCity}
		if err := db.CreateUnit(ctx, unit); err != nil {
			return err
		}
		unitID = unit.ID
	}
	at := func(days, hour int) time.Time { return Day.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour) }
	var items []store.ImportItem
	n := 0
	add := func(when time.Time, district, category, title, content string) *minyi.Appeal {
		n++
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Status: minyi.StatusPending,
			Title: title, Content: content, District: district, Category: category, ReceivedAt: when,
			ContactName: "居民", ContactPhone: fmt.Sprintf("1380000%04d", n)}
		items = append(items, store.ImportItem{Appeal: a})
		return a
	}
	const (
		build  = "城乡建设/市政设施/路灯"
		green  = "环境保护/大气污染/餐饮油烟"
		labour = "劳动保障/劳动关系/工资拖欠"
	)
	fumes := []string{
		"梅林一村楼下餐馆油烟直排，家里窗户都不敢开",
		"梅林一村一楼饭店油烟很大，熏得楼上没法住",
		"投诉梅林一村餐馆没有油烟净化器，油烟直排",
		"梅林一村底商餐馆油烟扰民，请执法部门处理",
		"梅林一村餐饮店排烟管道对着住宅，油烟呛人",
	}
	fumesAt := []time.Time{at(-3, 9), at(-2, 10), at(-1, 11), at(0, 9), at(0, 20)}
	for i, t := range fumes {
		add(fumesAt[i], Futian, green, t, t+"。我住在福田区梅林一村，已经持续两个多月，请相关部门尽快处理。")
	}
	lights := []string{
		"桃源村三期路灯不亮，晚上出行很危险",
		"桃源村小区门口路灯坏了好几盏，一片漆黑",
		"反映桃源村路灯不亮的问题，老人晚上摔倒",
	}
	for i, t := range lights {
		add(at(0, 8+3*i), Nanshan, build, t, t+"。南山区桃源村的路灯已经坏了，请尽快维修路灯。")
	}
	// Unrelated appeals: each its own problem.
	add(at(0, 15), Baoan, labour, "公司拖欠三个月工资", "宝安区西乡某电子厂拖欠我三个月工资，老板联系不上。")
	add(at(-1, 14), Baoan, labour, "装修工程款被拖欠", "在宝安区做装修，工程款一直拿不到。")
	add(at(-1, 9), Nanshan, build, "科技园人行道地砖松动", "南山区科技园人行道地砖松动，下雨踩到溅一身水。")
	add(at(-1, 16), Nanshan, build, "后海大道井盖缺失", "南山区后海大道有个井盖不见了，很危险。")
	add(at(-7, 9), Nanshan, build, "蛇口港湾大道路面坑洼", "南山区蛇口港湾大道路面坑洼不平。")
	add(at(-7, 10), Nanshan, build, "西丽留仙洞公交站无遮雨棚", "南山区西丽留仙洞公交站没有遮雨棚。")
	// Overdue at the end of Day: dispatched a week before, due two days
	// before Day, still being handled.
	old := add(at(-7, 11), Baoan, labour, "劳务派遣公司扣押证件", "宝安区福永某劳务派遣公司扣押我的身份证。")
	old.Status, old.UnitID = minyi.StatusHandling, unitID
	dispatched, due := at(-7, 12), at(-2, 18)
	old.DispatchedAt, old.SignedAt, old.CompleteDue = &dispatched, &dispatched, &due
	// The day after Day counts nowhere.
	add(at(1, 9), Futian, green, "梅林一村餐馆油烟又开始直排", "福田区梅林一村餐馆今天又开始油烟直排。")
	return db.ImportAppeals(ctx, items)
}
