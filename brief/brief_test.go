package brief_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/brief"
	"minyi/brief/brieftest"
	"minyi/store"
)

func seeded(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := brieftest.Seed(ctx, db, 0); err != nil {
		t.Fatal(err)
	}
	return db
}

func pct(c *float64) string { return brief.ChangeText(c) }

func TestBuild(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	// Any time of the day gives the day's brief.
	b, err := brief.Build(ctx, db, brieftest.Day.Add(15*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if b.Date != "2026-03-10" || b.Weekday != "星期二" || b.District != "" {
		t.Errorf("date %s %s %q", b.Date, b.Weekday, b.District)
	}
	a := b.Appeals
	if a.Count != brieftest.DayCount || a.PreviousDay != brieftest.PreviousCount || pct(a.DayChange) != "+50%" ||
		a.WeekBefore != brieftest.WeekCount || a.WeekBeforeDate != "2026-03-03" || pct(a.WeekChange) != "+100%" {
		t.Errorf("appeals %+v (%s, %s)", a, pct(a.DayChange), pct(a.WeekChange))
	}
	var cats []string
	for _, c := range b.Categories {
		cats = append(cats, c.Label+" "+pct(c.Change))
	}
	if got := strings.Join(cats, ", "); got != "城乡建设 +50%, 环境保护 +100%, 劳动保障 0%" {
		t.Errorf("categories %s", got)
	}
	var ds []string
	for _, d := range b.Districts {
		ds = append(ds, d.Label+" "+pct(d.Change))
	}
	if got := strings.Join(ds, ", "); got != "南山区 +50%, 福田区 +100%, 宝安区 0%" {
		t.Errorf("districts %s", got)
	}
	if b.Overdue != brieftest.Overdue {
		t.Errorf("overdue %d, want %d", b.Overdue, brieftest.Overdue)
	}
	if b.Window.Since != "2026-02-09" || b.Window.Until != "2026-03-10" || b.Window.Appeals != 15 {
		t.Errorf("window %+v", b.Window)
	}

	byPlace := map[string]brief.HotIssue{}
	for i, h := range b.HotIssues {
		if h.Rank != i+1 {
			t.Errorf("rank %d at %d", h.Rank, i)
		}
		for _, p := range []string{brieftest.FumesPlace, brieftest.LightsPlace} {
			if strings.Contains(h.Place+h.Label, p) {
				byPlace[p] = h
			}
		}
	}
	if len(b.HotIssues) != 2 {
		t.Fatalf("hot issues %+v, want the fumes and the lights", b.HotIssues)
	}
	if h, ok := byPlace[brieftest.FumesPlace]; !ok || h.Status != brief.IssueRising || h.StatusLabel() != "持续升温" ||
		h.Count != 5 || h.People != 5 || h.OnDay != 2 || len(h.IDs) != 2 || h.Start != "2026-03-07" || h.End != "2026-03-10" {
		t.Errorf("fumes %+v", h)
	}
	if h, ok := byPlace[brieftest.LightsPlace]; !ok || h.Status != brief.IssueNew || h.Count != 3 || h.OnDay != 3 || h.Start != "2026-03-10" {
		t.Errorf("lights %+v", h)
	}

	// The day before: the fumes were rising already, the lights not there.
	b, err = brief.Build(ctx, db, brieftest.Day.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	if b.Appeals.Count != brieftest.PreviousCount || len(b.HotIssues) != 1 || b.HotIssues[0].Status != brief.IssueRising || b.HotIssues[0].OnDay != 1 {
		t.Errorf("day before: %+v %+v", b.Appeals, b.HotIssues)
	}

	var out bytes.Buffer
	if err := b.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"舆情日报  2026-03-09（星期一）", "当日受理诉求 4 件", "热点问题", "持续升温"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}

// A brief of one district counts its appeals only and has no district
// table.
func TestBuildDistrict(t *testing.T) {
	db := seeded(t)
	b, err := brief.Options{District: brieftest.Nanshan}.Build(context.Background(), db, brieftest.Day)
	if err != nil {
		t.Fatal(err)
	}
	if b.District != brieftest.Nanshan || b.Appeals.Count != 3 || b.Appeals.PreviousDay != 2 || b.Appeals.WeekBefore != 2 ||
		len(b.Districts) != 0 || len(b.Categories) != 1 || b.Categories[0].Label != "城乡建设" || b.Overdue != 0 {
		t.Errorf("南山区: %+v", b)
	}
	if len(b.HotIssues) != 1 || b.HotIssues[0].Status != brief.IssueNew || !strings.Contains(b.HotIssues[0].Place+b.HotIssues[0].Label, brieftest.LightsPlace) {
		t.Errorf("hot issues %+v", b.HotIssues)
	}
	var out bytes.Buffer
	if err := b.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "南山区 舆情日报") || strings.Contains(s, "诉求较多的区") || !strings.Contains(s, "三、热点问题") {
		t.Errorf("text:\n%s", s)
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 3, 11, 1, 30, 0, 0, minyi.DefaultLocation)
	if d, err := brief.ParseDate("", now); err != nil || d.Format(time.DateOnly) != "2026-03-10" {
		t.Errorf("default: %v %v", d, err)
	}
	// 23:30 UTC on the 10th is already the 11th in China.
	if d, err := brief.ParseDate(" ", time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)); err != nil || d.Format(time.DateOnly) != "2026-03-10" {
		t.Errorf("default from UTC: %v %v", d, err)
	}
	if d, err := brief.ParseDate("2026-03-11", now); err != nil || !d.Equal(time.Date(2026, 3, 11, 0, 0, 0, 0, minyi.DefaultLocation)) {
		t.Errorf("today: %v %v", d, err)
	}
	for in, want := range map[string]string{"2026-03-12": "不能晚于今天", "2026-02-30": "YYYY-MM-DD", "昨天": "YYYY-MM-DD"} {
		_, err := brief.ParseDate(in, now)
		if minyi.ErrorCode(err) != minyi.EINVALID || !strings.Contains(minyi.ErrorMessage(err), want) {
			t.Errorf("%s: %v", in, err)
		}
	}
}

func TestChangeText(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		in   *float64
		want string
	}{{nil, "–"}, {f(0), "0%"}, {f(0.125), "+12.5%"}, {f(-0.5), "-50%"}, {f(2), "+200%"}} {
		if got := brief.ChangeText(c.in); got != c.want {
			t.Errorf("%v: %q, want %q", c.in, got, c.want)
		}
	}
}
