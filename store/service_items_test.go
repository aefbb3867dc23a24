package store

import (
	"context"
	"fmt"
	"testing"

	"minyi"
)

func intp(v int) *int { return &v }

func TestServiceItems(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		useClock(db, cst(2026, 11, 30, 9, 0))
		birth := &minyi.ServiceItem{Name: " 生育登记 ", Code: "SZ-001", Department: "市卫生健康委", Theme: "生育服务",
			Materials: "身份证", Visits: intp(0), LifeEvents: []string{"婚育", "出生", "出生"},
			Extra: map[string]string{"备注": "全程网办"}}
		if err := db.CreateServiceItem(ctx, birth); err != nil {
			t.Fatal(err)
		}
		if birth.Name != "生育登记" || fmt.Sprint(birth.LifeEvents) != "[出生 婚育]" {
			t.Errorf("not tidied: %q %v", birth.Name, birth.LifeEvents)
		}
		school := &minyi.ServiceItem{Name: "小学一年级入学申请", Department: "区教育局", Theme: minyi.NoTheme, LifeEvents: []string{"上学"}}
		if err := db.CreateServiceItem(ctx, school); err != nil {
			t.Fatal(err)
		}
		if school.Theme != "" {
			t.Errorf("theme 未分类 stored as %q", school.Theme)
		}
		dup := &minyi.ServiceItem{Name: "另一个", Code: "SZ-001"}
		if err := db.CreateServiceItem(ctx, dup); minyi.ErrorCode(err) != minyi.ECONFLICT || minyi.ErrorFields(err)["code"] == "" {
			t.Errorf("duplicate code: %v", err)
		}
		bad := &minyi.ServiceItem{Name: "", Link: "ftp://x", Visits: intp(12), LifeEvents: []string{"飞天"}}
		err := db.CreateServiceItem(ctx, bad)
		for _, f := range []string{"name", "link", "visits", "life_events"} {
			if minyi.ErrorFields(err)[f] == "" {
				t.Errorf("no error on %s: %v", f, err)
			}
		}
		if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); n != 2 {
			t.Errorf("count after rejected creates = %d", n)
		}

		got, err := db.FindServiceItem(ctx, birth.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Extra["备注"] != "全程网办" || got.Visits == nil || *got.Visits != 0 || fmt.Sprint(got.LifeEvents) != "[出生 婚育]" || !got.CreatedAt.Equal(birth.CreatedAt) {
			t.Errorf("read back %+v", got)
		}
		if _, err := db.FindServiceItem(ctx, 9999); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Errorf("missing item: %v", err)
		}

		for range 3 {
			if err := db.ViewServiceItem(ctx, school.ID); err != nil {
				t.Fatal(err)
			}
		}
		got.Name, got.LifeEvents, got.Visits = "生育服务登记", []string{"婚育"}, nil
		if err := db.UpdateServiceItem(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := db.FindServiceItem(ctx, birth.ID)
		if again.Name != "生育服务登记" || fmt.Sprint(again.LifeEvents) != "[婚育]" || again.Visits != nil {
			t.Errorf("update not kept: %+v", again)
		}
		if err := db.UpdateServiceItem(ctx, &minyi.ServiceItem{ID: 9999, Name: "x"}); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Errorf("update missing: %v", err)
		}

		list, err := db.ListServiceItems(ctx, minyi.ServiceItemFilter{})
		if err != nil || len(list) != 2 || list[0].ID != school.ID || list[0].Views != 3 {
			t.Fatalf("popular first: %v %v", list, err)
		}
		check := func(f minyi.ServiceItemFilter, want ...int64) {
			t.Helper()
			list, err := db.ListServiceItems(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountServiceItems(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, s := range list {
				ids = append(ids, s.ID)
			}
			if f.Limit == 0 && n != len(want) {
				t.Errorf("%+v: count %d, want %d", f, n, len(want))
			}
			if fmt.Sprint(ids) != fmt.Sprint(want) {
				t.Errorf("%+v: %v (count %d), want %v", f, ids, n, want)
			}
		}
		check(minyi.ServiceItemFilter{Department: "区教育局"}, school.ID)
		check(minyi.ServiceItemFilter{Theme: "生育服务"}, birth.ID)
		check(minyi.ServiceItemFilter{LifeEvent: "婚育"}, birth.ID)
		check(minyi.ServiceItemFilter{LifeEvent: "出生"})
		check(minyi.ServiceItemFilter{Query: "入学"}, school.ID)
		check(minyi.ServiceItemFilter{Query: "%"})
		check(minyi.ServiceItemFilter{Limit: 1, Offset: 1}, birth.ID)

		facets, err := db.ServiceFacets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if facets.Total != 2 || len(facets.Departments) != 2 || fmt.Sprint(facets.Themes) != "[{生育服务 1}]" ||
			len(facets.LifeEvents) != len(minyi.LifeEventList) || facets.LifeEvents[1] != (minyi.Facet{Name: "上学", Count: 1}) {
			t.Errorf("facets %+v", facets)
		}
	})
}

func TestImportServiceItems(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		var items []*minyi.ServiceItem
		for i := range 3000 {
			items = append(items, &minyi.ServiceItem{Name: fmt.Sprintf("事项%d", i), Code: fmt.Sprintf("C%d", i),
				Department: fmt.Sprintf("部门%d", i%7), LifeEvents: []string{"就业"}})
		}
		items = append(items, &minyi.ServiceItem{Name: "无编码事项"})
		replaced, err := db.ImportServiceItems(ctx, items)
		if err != nil || replaced != 0 {
			t.Fatal(replaced, err)
		}
		if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{LifeEvent: "就业"}); n != 3000 {
			t.Errorf("life event rows: %d", n)
		}
		if err := db.ViewServiceItem(ctx, items[5].ID); err != nil {
			t.Fatal(err)
		}
		// The same codes again replace the stored items and keep their views.
		again := []*minyi.ServiceItem{
			{Name: "事项5（新）", Code: "C5", Department: "部门X", LifeEvents: []string{"创业"}},
			{Name: "新事项", Code: "NEW"},
		}
		replaced, err = db.ImportServiceItems(ctx, again)
		if err != nil || replaced != 1 || again[0].ID != items[5].ID || again[0].Views != 1 {
			t.Fatalf("re-import: %d %v %+v", replaced, err, again[0])
		}
		got, _ := db.FindServiceItem(ctx, items[5].ID)
		if got.Name != "事项5（新）" || fmt.Sprint(got.LifeEvents) != "[创业]" || got.Views != 1 {
			t.Errorf("replaced item %+v", got)
		}
		if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); n != 3002 {
			t.Errorf("count %d", n)
		}
		// Nothing is written when one item is invalid or codes repeat.
		for _, bad := range [][]*minyi.ServiceItem{
			{{Name: "好"}, {Name: ""}},
			{{Name: "甲", Code: "Z"}, {Name: "乙", Code: "Z"}},
		} {
			if _, err := db.ImportServiceItems(ctx, bad); minyi.ErrorCode(err) != minyi.EINVALID {
				t.Errorf("bad batch: %v", err)
			}
		}
		if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); n != 3002 {
			t.Errorf("count after bad batches %d", n)
		}
		// New IDs keep counting after an import (the sequence moved on).
		one := &minyi.ServiceItem{Name: "后来者"}
		if err := db.CreateServiceItem(ctx, one); err != nil || one.ID <= again[1].ID {
			t.Errorf("create after import: %v id %d", err, one.ID)
		}
	})
}

func TestPolicies(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := useClock(db, cst(2026, 11, 1, 9, 0))
		a := &minyi.PolicyDoc{Title: "关于发放育儿补贴的通知", Department: "市卫生健康委", Body: "每孩每年补贴3600元。"}
		if err := db.CreatePolicy(ctx, a); err != nil {
			t.Fatal(err)
		}
		c.advance(3600e9)
		b := &minyi.PolicyDoc{Title: "稳岗补贴", Body: "正文"}
		if err := db.CreatePolicy(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePolicy(ctx, &minyi.PolicyDoc{Title: " "}); minyi.ErrorFields(err)["title"] == "" || minyi.ErrorFields(err)["body"] == "" {
			t.Errorf("empty policy: %v", err)
		}
		list, err := db.ListPolicies(ctx, 0, 10)
		if err != nil || len(list) != 2 || list[0].ID != b.ID {
			t.Fatalf("newest first: %v %v", list, err)
		}
		if n, _ := db.CountPolicies(ctx); n != 2 {
			t.Errorf("count %d", n)
		}
		a.Body = "每孩每年补贴5000元。"
		if err := db.UpdatePolicy(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindPolicy(ctx, a.ID)
		if err != nil || got.Body != a.Body || got.Department != "市卫生健康委" {
			t.Errorf("read back %+v %v", got, err)
		}
		if _, err := db.FindPolicy(ctx, 999); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Errorf("missing: %v", err)
		}
		if err := db.UpdatePolicy(ctx, &minyi.PolicyDoc{ID: 999, Title: "x", Body: "y"}); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Errorf("update missing: %v", err)
		}
	})
}
