package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"minyi"
)

// trendCategories imports a small taxonomy and returns the IDs by path.
func trendCategories(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	_, err := db.ImportCategories(ctx, [][]string{
		{"城乡建设", "道路交通", "道路破损"}, {"城乡建设", "市政设施"}, {"环境保护", "噪声污染", "施工噪声"}, {"劳动保障"},
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.ListCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range list {
		ids[c.Path] = c.ID
	}
	return ids
}

// statRows reads appeal_stats without its zero rows.
func statRows(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	return groupRows(t, db, `SELECT day, category_id, district, type, channel, n FROM appeal_stats WHERE n <> 0`)
}

// fullCount groups the appeals themselves, as the rollup should.
func fullCount(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	return groupRows(t, db, `SELECT (a.received_at + 28800000) / 86400000, COALESCE(g.id, p.id, c.id, 0), a.district, a.type, a.channel, COUNT(*)
FROM appeals a
LEFT JOIN categories c ON c.id = a.category_id
LEFT JOIN categories p ON p.id = c.parent_id
LEFT JOIN categories g ON g.id = p.parent_id
GROUP BY 1, 2, 3, 4, 5`)
}

func groupRows(t *testing.T, db *DB, q string) map[string]int64 {
	t.Helper()
	rows, err := db.query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var day, cat, n int64
		var district, typ, channel string
		if err := rows.Scan(&day, &cat, &district, &typ, &channel, &n); err != nil {
			t.Fatal(err)
		}
		m[fmt.Sprintf("%s|%d|%s|%s|%s", dayTime(day).Format(dateLayout), cat, district, typ, channel)] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// rollupRows reads a coarse rollup without its zero rows, and what it
// should hold: appeal_stats summed over the dimensions it lacks. Keys are
// day|category|district|type|channel, the missing ones empty or 0.
func rollupRows(t *testing.T, db *DB, r rollup) (got, want map[string]int64) {
	t.Helper()
	sel := func(col, zero string, keep bool) string {
		if keep {
			return col
		}
		return zero
	}
	cols := "day, " + sel("category_id", "0", r.category) + ", " + sel("district", "''", r.district) + ", " +
		sel("type", "''", r.typ) + ", " + sel("channel", "''", r.channel)
	group := strings.Join(r.columns(), ", ")
	got = groupRows(t, db, `SELECT `+cols+`, n FROM `+r.table+` WHERE n <> 0`)
	want = groupRows(t, db, `SELECT `+cols+`, CAST(SUM(n) AS BIGINT) FROM appeal_stats GROUP BY `+group+` HAVING SUM(n) <> 0`)
	return got, want
}

// checkRollups fails unless every coarse rollup agrees with appeal_stats.
func checkRollups(t *testing.T, db *DB, when string) {
	t.Helper()
	for _, r := range rollups {
		got, want := rollupRows(t, db, r)
		if len(want) == 0 {
			t.Fatalf("%s: %s: appeal_stats is empty", when, r.table)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %s differs from appeal_stats:\n got %v\nwant %v", when, r.table, got, want)
		}
	}
}

// The rollup follows creates, imports and changes of category, counts each
// appeal on its day in China time, and equals a GROUP BY over the appeals;
// the migration's backfill computes the same.
func TestAppealStatsFollowChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		cats := trendCategories(t, db)
		useClock(db, cst(2026, 11, 30, 9, 0))
		disp := f.actor(f.dispatcher)

		mk := func(at time.Time, cat int64, district string, typ minyi.AppealType, ch minyi.Channel) *minyi.Appeal {
			a := newAppeal("道路破损积水")
			a.ReceivedAt, a.CategoryID, a.District, a.Type, a.Channel = at, cat, district, typ, ch
			return mustCreate(t, db, a, minyi.SystemActor)
		}
		// 23:59 and 00:00 China time fall on different days (both on the
		// same UTC day).
		late := mk(cst(2026, 11, 28, 23, 59), cats["城乡建设/道路交通/道路破损"], "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		early := mk(cst(2026, 11, 29, 0, 0), cats["城乡建设/市政设施"], "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		none := mk(cst(2026, 11, 29, 10, 0), 0, "南山区", minyi.TypeConsult, minyi.ChannelHotline)
		noise := mk(cst(2026, 11, 29, 11, 0), cats["环境保护/噪声污染/施工噪声"], "", minyi.TypeReport, minyi.ChannelApp)
		for range 3 {
			mk(cst(2026, 11, 30, 8, 0), cats["城乡建设"], "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		}

		want := map[string]int64{
			fmt.Sprintf("2026-11-28|%d|福田区|complaint|web", cats["城乡建设"]): 1,
			fmt.Sprintf("2026-11-29|%d|福田区|complaint|web", cats["城乡建设"]): 1,
			"2026-11-29|0|南山区|consult|hotline":                           1,
			fmt.Sprintf("2026-11-29|%d||report|app", cats["环境保护"]):       1,
			fmt.Sprintf("2026-11-30|%d|福田区|complaint|web", cats["城乡建设"]): 3,
		}
		if got := statRows(t, db); !reflect.DeepEqual(got, want) {
			t.Fatalf("after creates:\n got %v\nwant %v", got, want)
		}
		checkRollups(t, db, "after creates")

		// Recategorising: into another root moves the count, within the
		// same root changes nothing, and a first category moves it off 0.
		mustAct(t, db, late.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID, CategoryID: cats["劳动保障"]}, disp, all)
		mustAct(t, db, early.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID, CategoryID: cats["城乡建设/道路交通"]}, disp, all)
		mustAct(t, db, none.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.nanshan.ID, CategoryID: cats["环境保护/噪声污染"]}, disp, all)
		mustAct(t, db, noise.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.nanshan.ID}, disp, all)
		mustAct(t, db, noise.TrackingNo, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.futian.ID, CategoryID: cats["城乡建设/市政设施"], Note: "属地在福田"}, disp, all)
		mustAct(t, db, late.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		// A failed action changes nothing.
		if _, err := db.Act(ctx, early.TrackingNo, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.nanshan.ID, CategoryID: 999999}, disp, all); err == nil {
			t.Fatal("transfer to an unknown category succeeded")
		}

		// Imports, with a category given by path and one without any.
		items := []ImportItem{
			{Appeal: &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelWeb, Title: "历史留言", Content: "历史留言内容，已经答复。",
				Status: minyi.StatusClosed, ReceivedAt: cst(2026, 10, 1, 9, 0), Anonymous: true, District: "福田区", Category: "环境保护/噪声污染"}},
			{Appeal: &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelWeb, Title: "历史留言", Content: "历史留言内容，已经答复。",
				Status: minyi.StatusClosed, ReceivedAt: cst(2026, 10, 1, 10, 0), Anonymous: true, District: "福田区", Category: "环境保护/噪声污染"}},
			{Appeal: &minyi.Appeal{Type: minyi.TypeHelp, Channel: minyi.ChannelLetter, Title: "历史来信", Content: "历史来信内容，已经答复。",
				Status: minyi.StatusClosed, ReceivedAt: cst(2025, 12, 31, 23, 0), Anonymous: true}},
		}
		if err := db.ImportAppeals(ctx, items); err != nil {
			t.Fatal(err)
		}

		want = map[string]int64{
			fmt.Sprintf("2026-11-28|%d|福田区|complaint|web", cats["劳动保障"]):   1,
			fmt.Sprintf("2026-11-29|%d|福田区|complaint|web", cats["城乡建设"]):   1,
			fmt.Sprintf("2026-11-29|%d|南山区|consult|hotline", cats["环境保护"]): 1,
			fmt.Sprintf("2026-11-29|%d||report|app", cats["城乡建设"]):         1,
			fmt.Sprintf("2026-11-30|%d|福田区|complaint|web", cats["城乡建设"]):   3,
			fmt.Sprintf("2026-10-01|%d|福田区|consult|web", cats["环境保护"]):     2,
			"2025-12-31|0||help|letter": 1,
		}
		got := statRows(t, db)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after actions and imports:\n got %v\nwant %v", got, want)
		}
		if full := fullCount(t, db); !reflect.DeepEqual(got, full) {
			t.Fatalf("rollup differs from a full count:\n got %v\nfull %v", got, full)
		}
		checkRollups(t, db, "after actions and imports")
		// The district of 城乡建设 on 2026-11-28 moved to 劳动保障: zero,
		// not gone, in the category tables; unchanged in the others.
		if r, _ := rollupRows(t, db, rollups[2]); r["2026-11-28|0|福田区||"] != 1 {
			t.Fatalf("appeal_stats_district: %v", r)
		}

		// The migration's backfill rebuilds the same rollup from the
		// appeals already there.
		name := "0008_appeal_stats.sql"
		if db.Dialect() == Postgres {
			name = "0010_appeal_stats.sql"
		}
		for _, q := range []string{`DROP TABLE appeal_stats`, `DELETE FROM schema_migrations WHERE version = '` + name + `'`} {
			if _, err := db.exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if again := statRows(t, db); !reflect.DeepEqual(again, want) {
			t.Fatalf("backfill:\n got %v\nwant %v", again, want)
		}

		// So does the coarse rollups' migration, from appeal_stats.
		name = "0009_appeal_rollups.sql"
		if db.Dialect() == Postgres {
			name = "0011_appeal_rollups.sql"
		}
		for _, r := range rollups {
			if _, err := db.exec(ctx, `DROP TABLE `+r.table); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.exec(ctx, `DELETE FROM schema_migrations WHERE version = '`+name+`'`); err != nil {
			t.Fatal(err)
		}
		if err := db.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "backfill")
		// And they keep following changes after it.
		mustAct(t, db, early.TrackingNo, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.nanshan.ID, CategoryID: cats["劳动保障"], Note: "转劳动部门"}, disp, all)
		mk(cst(2026, 11, 30, 9, 0), cats["环境保护"], "罗湖区", minyi.TypeSuggestion, minyi.ChannelWeb)
		checkRollups(t, db, "after the backfill")
	})
}

// points returns the counts of a series.
func points(s minyi.TrendSeries) []int64 {
	var out []int64
	for _, p := range s.Points {
		out = append(out, p.Count)
	}
	return out
}

func seriesByKey(tr *minyi.Trends) map[string]minyi.TrendSeries {
	m := map[string]minyi.TrendSeries{}
	for _, s := range tr.Series {
		m[s.Key] = s
	}
	return m
}

func day(y int, m time.Month, d int) time.Time { return cst(y, m, d, 0, 0) }

// Trends buckets by day, Monday-weeks and months, fills empty periods with
// zeros, compares with the previous range and applies the filters.
func TestTrends(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		cats := trendCategories(t, db)
		road, env := cats["城乡建设"], cats["环境保护"]
		var items []ImportItem
		add := func(at time.Time, n int, cat int64, district string, typ minyi.AppealType, ch minyi.Channel) {
			for range n {
				items = append(items, ImportItem{Appeal: &minyi.Appeal{Type: typ, Channel: ch, Title: "历史诉求", Content: "历史诉求内容。",
					Status: minyi.StatusClosed, ReceivedAt: at, CategoryID: cat, District: district, Anonymous: true}})
			}
		}
		// Mon 2026-11-02 … Sun 2026-11-29; 2026-11-30 is a Monday.
		add(cst(2026, 11, 2, 9, 0), 2, road, "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		add(cst(2026, 11, 4, 23, 59), 1, env, "南山区", minyi.TypeComplaint, minyi.ChannelHotline)
		add(cst(2026, 11, 8, 22, 0), 1, road, "福田区", minyi.TypeConsult, minyi.ChannelWeb) // Sunday
		add(cst(2026, 11, 9, 0, 0), 3, env, "福田区", minyi.TypeComplaint, minyi.ChannelApp) // Monday
		add(cst(2026, 11, 30, 12, 0), 4, 0, "南山区", minyi.TypeHelp, minyi.ChannelHotline)
		add(cst(2026, 12, 1, 8, 0), 1, road, "南山区", minyi.TypeComplaint, minyi.ChannelWeb)
		// The previous ranges.
		add(cst(2026, 10, 30, 9, 0), 5, road, "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		add(cst(2026, 10, 5, 9, 0), 2, env, "福田区", minyi.TypeComplaint, minyi.ChannelWeb)
		if err := db.ImportAppeals(ctx, items); err != nil {
			t.Fatal(err)
		}

		// Daily, Nov 2–8 against Oct 26–Nov 1, by category.
		tr, err := db.Trends(ctx, minyi.TrendQuery{Since: day(2026, 11, 2), Until: day(2026, 11, 8)})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Period != minyi.PeriodDay || tr.By != minyi.ByCategory || tr.Since != "2026-11-02" || tr.Until != "2026-11-08" ||
			tr.PreviousSince != "2026-10-26" || tr.PreviousUntil != "2026-11-01" || len(tr.Periods) != 7 || tr.Periods[6] != "2026-11-08" {
			t.Fatalf("daily range: %+v", tr)
		}
		if got := points(tr.Overall); !reflect.DeepEqual(got, []int64{2, 0, 1, 0, 0, 0, 1}) || tr.Overall.Total != 4 || tr.Overall.Previous != 5 {
			t.Fatalf("daily overall = %v (%d, prev %d)", got, tr.Overall.Total, tr.Overall.Previous)
		}
		if c := tr.Overall.Change; c == nil || *c != -0.2 {
			t.Fatalf("overall change = %v, want -0.2", c)
		}
		s := seriesByKey(tr)
		if r := s[fmt.Sprint(road)]; r.Label != "城乡建设" || r.Total != 3 || r.Previous != 5 || *r.Change != -0.4 ||
			!reflect.DeepEqual(points(r), []int64{2, 0, 0, 0, 0, 0, 1}) {
			t.Fatalf("road series = %+v", r)
		}
		if e := s[fmt.Sprint(env)]; e.Label != "环境保护" || e.Total != 1 || e.Previous != 0 || e.Change != nil {
			t.Fatalf("env series = %+v", e)
		}
		if len(tr.Series) != 2 || tr.Series[0].Key != fmt.Sprint(road) {
			t.Fatalf("series order: %+v", tr.Series)
		}

		// Weekly from a Wednesday to a Tuesday: widened to Mon Nov 2 – Sun
		// Dec 6, five weeks, against the five weeks before.
		tr, err = db.Trends(ctx, minyi.TrendQuery{Period: minyi.PeriodWeek, By: minyi.ByDistrict, Since: day(2026, 11, 4), Until: day(2026, 12, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Since != "2026-11-02" || tr.Until != "2026-12-06" || tr.PreviousSince != "2026-09-28" || tr.PreviousUntil != "2026-11-01" ||
			!reflect.DeepEqual(tr.Periods, []string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"}) {
			t.Fatalf("weekly range: %+v", tr)
		}
		if got := points(tr.Overall); !reflect.DeepEqual(got, []int64{4, 3, 0, 0, 5}) || tr.Overall.Previous != 7 {
			t.Fatalf("weekly overall = %v prev %d", got, tr.Overall.Previous)
		}
		s = seriesByKey(tr)
		if ft := s["福田区"]; ft.Label != "福田区" || !reflect.DeepEqual(points(ft), []int64{3, 3, 0, 0, 0}) || ft.Previous != 7 {
			t.Fatalf("福田区 = %+v", ft)
		}
		if ns := s["南山区"]; !reflect.DeepEqual(points(ns), []int64{1, 0, 0, 0, 5}) || ns.Change != nil {
			t.Fatalf("南山区 = %+v", ns)
		}

		// Monthly by channel: October and November (to Nov 30) against
		// August and September.
		tr, err = db.Trends(ctx, minyi.TrendQuery{Period: minyi.PeriodMonth, By: minyi.ByChannel, Since: day(2026, 10, 15), Until: day(2026, 11, 3)})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Since != "2026-10-01" || tr.Until != "2026-11-30" || tr.PreviousSince != "2026-08-01" || tr.PreviousUntil != "2026-09-30" ||
			!reflect.DeepEqual(tr.Periods, []string{"2026-10-01", "2026-11-01"}) {
			t.Fatalf("monthly range: %+v", tr)
		}
		s = seriesByKey(tr)
		if w := s["web"]; w.Label != "网站" || !reflect.DeepEqual(points(w), []int64{7, 3}) {
			t.Fatalf("web = %+v", w)
		}
		if h := s["hotline"]; h.Label != "热线" || !reflect.DeepEqual(points(h), []int64{0, 5}) {
			t.Fatalf("hotline = %+v", h)
		}
		if tr.Overall.Total != 18 {
			t.Fatalf("monthly total = %d", tr.Overall.Total)
		}

		// By type with filters; the uncategorised series.
		tr, err = db.Trends(ctx, minyi.TrendQuery{By: minyi.ByType, Since: day(2026, 11, 30), Until: day(2026, 12, 1), District: "南山区"})
		if err != nil {
			t.Fatal(err)
		}
		s = seriesByKey(tr)
		if h := s["help"]; h.Label != "求助" || !reflect.DeepEqual(points(h), []int64{4, 0}) || len(tr.Series) != 2 || tr.District != "南山区" {
			t.Fatalf("by type in 南山区: %+v", tr)
		}
		tr, err = db.Trends(ctx, minyi.TrendQuery{Since: day(2026, 11, 30), Until: day(2026, 11, 30), Channel: minyi.ChannelHotline, Type: minyi.TypeHelp})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Series) != 1 || tr.Series[0].Key != "0" || tr.Series[0].Label != minyi.TrendNoneLabel || tr.Series[0].Total != 4 {
			t.Fatalf("uncategorised: %+v", tr.Series)
		}
		tr, err = db.Trends(ctx, minyi.TrendQuery{By: minyi.ByDistrict, Since: day(2026, 11, 1), Until: day(2026, 11, 30), CategoryID: env})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Overall.Total != 4 || tr.Overall.Previous != 2 || *tr.Overall.Change != 1 {
			t.Fatalf("category filter: %+v", tr.Overall)
		}
		// No appeals at all: zeros, no series.
		tr, err = db.Trends(ctx, minyi.TrendQuery{Since: day(2020, 1, 1), Until: day(2020, 1, 3)})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Series) != 0 || !reflect.DeepEqual(points(tr.Overall), []int64{0, 0, 0}) || tr.Overall.Change != nil {
			t.Fatalf("empty range: %+v", tr)
		}
	})
}

func TestTrendsValidation(t *testing.T) {
	db := MustOpenDB(t, SQLite)
	ctx := context.Background()
	cats := trendCategories(t, db)
	since := day(2026, 1, 1)
	cases := []struct {
		q     minyi.TrendQuery
		field string
	}{
		{minyi.TrendQuery{Period: "year", Since: since, Until: since}, "period"},
		{minyi.TrendQuery{By: "unit", Since: since, Until: since}, "by"},
		{minyi.TrendQuery{Since: since, Until: since.AddDate(0, 0, -1)}, "until"},
		{minyi.TrendQuery{Until: since}, "since"},
		{minyi.TrendQuery{Since: since}, "until"},
		{minyi.TrendQuery{Since: since, Until: since.AddDate(0, 0, 366)}, "until"},
		{minyi.TrendQuery{Period: minyi.PeriodWeek, Since: since, Until: since.AddDate(10, 0, 0)}, "until"},
		{minyi.TrendQuery{Since: since, Until: since, Type: "gripe"}, "type"},
		{minyi.TrendQuery{Since: since, Until: since, Channel: "fax"}, "channel"},
		{minyi.TrendQuery{Since: since, Until: since, CategoryID: cats["城乡建设/市政设施"]}, "category_id"},
	}
	for _, c := range cases {
		_, err := db.Trends(ctx, c.q)
		wantCode(t, err, minyi.EINVALID)
		if minyi.ErrorFields(err)[c.field] == "" {
			t.Errorf("%+v: fields %v lack %s", c.q, minyi.ErrorFields(err), c.field)
		}
	}
	// The longest ranges allowed.
	for _, q := range []minyi.TrendQuery{
		{Since: since, Until: since.AddDate(0, 0, 365)},
		{Period: minyi.PeriodMonth, Since: since, Until: since.AddDate(10, 0, -1)},
	} {
		if _, err := db.Trends(ctx, q); err != nil {
			t.Errorf("%+v: %v", q, err)
		}
	}
}

// Trends answers the same from the coarse rollups as from appeal_stats,
// for every breakdown, period and combination of filters; and reads a
// rollup whenever one keeps the breakdown and the filters.
func TestTrendsFromRollups(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		cats := trendCategories(t, db)
		var ids []int64
		for _, id := range cats {
			ids = append(ids, id)
		}
		districts := []string{"福田区", "南山区", "罗湖区", ""}
		rng := rand.New(rand.NewPCG(3, 4))
		var items []ImportItem
		for range 600 {
			var cat int64
			if rng.IntN(8) > 0 {
				cat = ids[rng.IntN(len(ids))]
			}
			items = append(items, ImportItem{Appeal: &minyi.Appeal{
				Type: minyi.AppealTypes[rng.IntN(len(minyi.AppealTypes))], Channel: minyi.Channels[rng.IntN(len(minyi.Channels))],
				Title: "历史诉求", Content: "历史诉求内容。", Status: minyi.StatusClosed, CategoryID: cat, Anonymous: true,
				ReceivedAt: cst(2026, 11, 30, 23, 0).Add(-time.Duration(rng.Int64N(200*24)) * time.Hour), District: districts[rng.IntN(len(districts))],
			}})
		}
		if err := db.ImportAppeals(ctx, items); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after import")

		filters := []minyi.TrendQuery{
			{}, {District: "福田区"}, {District: "南山区"}, {CategoryID: cats["城乡建设"]}, {CategoryID: cats["环境保护"]},
			{Type: minyi.TypeComplaint}, {Channel: minyi.ChannelWeb}, {District: "福田区", CategoryID: cats["城乡建设"]},
			{District: "南山区", Type: minyi.TypeHelp}, {CategoryID: cats["劳动保障"], Channel: minyi.ChannelHotline, Type: minyi.TypeConsult},
		}
		var coarse int
		for _, by := range []minyi.TrendBy{minyi.ByCategory, minyi.ByDistrict, minyi.ByType, minyi.ByChannel} {
			for _, p := range []minyi.TrendPeriod{minyi.PeriodDay, minyi.PeriodWeek, minyi.PeriodMonth} {
				for _, f := range filters {
					q := f
					q.By, q.Period, q.Since, q.Until = by, p, day(2026, 10, 3), day(2026, 11, 30)
					got, err := db.trends(ctx, q, false)
					if err != nil {
						t.Fatal(err)
					}
					want, err := db.trends(ctx, q, true)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%+v:\n rollup %+v\n   full %+v", q, got, want)
					}
					if want.Overall.Total == 0 && q.Channel == "" && q.Type == "" {
						t.Fatalf("%+v: nothing counted", q)
					}
					for _, r := range rollups {
						if r.covers(&q) {
							coarse++
							break
						}
					}
				}
			}
		}
		// The filters a rollup covers: by category or district, none, one
		// district (2), one category (2) or both (1); by type or channel,
		// none or their own (1). Each in 3 periods.
		if want := (6 + 6 + 2 + 2) * 3; coarse != want {
			t.Fatalf("%d queries read a rollup, want %d", coarse, want)
		}
	})
}
