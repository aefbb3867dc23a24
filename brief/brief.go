// Package brief builds the daily brief (舆情日报): what leaders read every
// morning about the previous day — how many appeals came in and how that
// compares with the day before and with the same weekday a week before,
// the categories and districts with the most appeals, the hot issues that
// appeals of the day belong to (new ones and those still growing) and how
// many appeals are overdue.
//
// Counts come from the trend rollup (cheap); the hot issues come from one
// run of hotspots.Analyze over the appeals of the 30 days up to the end of
// the day, which takes seconds for a city's month of appeals. Callers that
// show a brief often (the web page) should keep it for a while.
package brief

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/analytics"
	"minyi/hotspots"
)

// Source is what a brief is built from; *store.DB is one.
type Source interface {
	Trends(ctx context.Context, q minyi.TrendQuery) (*minyi.Trends, error)
	ListAppeals(ctx context.Context, f minyi.AppealFilter) ([]*minyi.Appeal, error)
	CountAppeals(ctx context.Context, f minyi.AppealFilter) (int, error)
}

// Sizes of a brief.
const (
	TopCategories = 5
	TopDistricts  = 5
	TopHotIssues  = 10
	// WindowDays is how many days up to the brief's day the hot-issue
	// analysis reads.
	WindowDays = 30
	// MaxAppeals caps the analysis, as analytics does: the newest appeals
	// of the window.
	MaxAppeals = analytics.DefaultMaxAppeals
)

// What a hot issue of the brief is.
const (
	IssueNew    = "new"    // 新出现: its first appeal came on the day
	IssueRising = "rising" // 持续升温: older, with appeals on the day
)

// IssueStatusLabels are the Chinese names of the issue statuses.
var IssueStatusLabels = map[string]string{IssueNew: "新出现", IssueRising: "持续升温"}

// Brief is the daily brief of one day.
type Brief struct {
	Date    string `json:"date"`    // YYYY-MM-DD, China time
	Weekday string `json:"weekday"` // 星期一 …
	// District is set when the brief covers one district only.
	District    string    `json:"district,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`

	// Appeals counts the appeals received on the day.
	Appeals Total `json:"appeals"`
	// Categories and Districts are the first-level categories and the
	// districts with the most appeals on the day, with the day before's.
	// Districts is empty for a brief of one district.
	Categories []Item `json:"categories"`
	Districts  []Item `json:"districts"`

	// HotIssues are the hot issues of the window with appeals on the
	// day, the hottest first.
	HotIssues []HotIssue `json:"hot_issues"`
	Window    Window     `json:"hot_window"`

	// Overdue is how many appeals were past their deadline at the end of
	// the day (by their state now: an appeal finished since no longer
	// counts).
	Overdue int `json:"overdue"`
}

// Total is the day's count with the day before's and the same weekday's a
// week before. A change is (count − before) / before, e.g. 0.25 for
// +25 %, rounded to four decimals; null when before is 0.
type Total struct {
	Count          int64    `json:"count"`
	PreviousDay    int64    `json:"previous_day"`
	DayChange      *float64 `json:"day_change"`
	WeekBefore     int64    `json:"week_before"`
	WeekBeforeDate string   `json:"week_before_date"`
	WeekChange     *float64 `json:"week_change"`
}

// Item is one category or district of the day.
type Item struct {
	Key         string   `json:"key"` // a category id or a district name
	Label       string   `json:"label"`
	Count       int64    `json:"count"`
	PreviousDay int64    `json:"previous_day"`
	Change      *float64 `json:"change"`
}

// HotIssue is one hot issue with appeals on the day.
type HotIssue struct {
	Rank   int     `json:"rank"`
	Status string  `json:"status"` // IssueNew or IssueRising
	Label  string  `json:"label"`
	Place  string  `json:"place"`
	Count  int     `json:"count"`  // appeals in the window, reposts included
	People int     `json:"people"` // distinct people in the window
	OnDay  int     `json:"on_day"` // appeals received on the day
	Heat   float64 `json:"heat"`
	Start  string  `json:"start"` // the first appeal's date
	End    string  `json:"end"`   // the last appeal's date
	// IDs are the tracking numbers of the day's appeals of the issue.
	IDs          []string `json:"ids"`
	SampleTitles []string `json:"sample_titles"`
}

// StatusLabel is the issue's status in Chinese.
func (h HotIssue) StatusLabel() string { return IssueStatusLabels[h.Status] }

// Window is what the hot-issue analysis read.
type Window struct {
	Since   string `json:"since"` // YYYY-MM-DD, both included
	Until   string `json:"until"`
	Appeals int    `json:"appeals"` // appeals analysed (merged ones left out)
	// Capped is set when the window held more than MaxAppeals appeals and
	// only the newest were analysed.
	Capped bool `json:"capped,omitempty"`
}

// Options narrow a brief.
type Options struct {
	// District limits the brief to one district's appeals ("" for the
	// whole city).
	District string
	// Now is when the brief is made (time.Now when zero).
	Now func() time.Time
}

// Build makes the brief of the day holding date (in the city's time zone)
// for the whole city.
func Build(ctx context.Context, src Source, date time.Time) (*Brief, error) {
	return Options{}.Build(ctx, src, date)
}

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// Build makes the brief of the day holding date with the options.
func (o Options) Build(ctx context.Context, src Source, date time.Time) (*Brief, error) {
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	district := strings.TrimSpace(o.District)
	d := date.In(minyi.DefaultLocation)
	start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, minyi.DefaultLocation)
	end := start.AddDate(0, 0, 1)
	b := &Brief{Date: start.Format(time.DateOnly), Weekday: weekdays[start.Weekday()], District: district,
		GeneratedAt: now, Categories: []Item{}, Districts: []Item{}, HotIssues: []HotIssue{}}

	// The counts: eight days, D−7 … D, by category, then by district.
	q := minyi.TrendQuery{Period: minyi.PeriodDay, By: minyi.ByCategory, Since: start.AddDate(0, 0, -7), Until: start, District: district}
	t, err := src.Trends(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(t.Overall.Points) != 8 {
		return nil, minyi.Errorf(minyi.EINTERNAL, "诉求趋势统计结果有误", "trends returned %d days, want 8", len(t.Overall.Points))
	}
	p := t.Overall.Points
	b.Appeals = Total{Count: p[7].Count, PreviousDay: p[6].Count, DayChange: change(p[7].Count, p[6].Count),
		WeekBefore: p[0].Count, WeekBeforeDate: p[0].Start, WeekChange: change(p[7].Count, p[0].Count)}
	b.Categories = topItems(t, TopCategories)
	if district == "" {
		q.By = minyi.ByDistrict
		if t, err = src.Trends(ctx, q); err != nil {
			return nil, err
		}
		b.Districts = topItems(t, TopDistricts)
	}

	// Overdue at the end of the day.
	b.Overdue, err = src.CountAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}, District: district, Overdue: true, Now: end})
	if err != nil {
		return nil, err
	}

	if err := b.hotIssues(ctx, src, district, start, end); err != nil {
		return nil, err
	}
	return b, nil
}

// hotIssues analyses the window's appeals and keeps the issues with
// appeals on the day.
func (b *Brief) hotIssues(ctx context.Context, src Source, district string, start, end time.Time) error {
	since := start.AddDate(0, 0, -(WindowDays - 1))
	b.Window = Window{Since: since.Format(time.DateOnly), Until: b.Date}
	var docs []hotspots.Doc
	received := map[string]time.Time{}
	f := minyi.AppealFilter{Scope: minyi.Scope{All: true}, District: district, Since: since, Until: end}
	err := analytics.EachAppeal(ctx, src, f, func(a *minyi.Appeal) bool {
		if len(docs) >= MaxAppeals {
			b.Window.Capped = true
			return false
		}
		if a.Status == minyi.StatusMerged || !analytics.IsProblem(a.Type) {
			return true // its parent speaks for it; questions and thanks are no hot issue
		}
		docs = append(docs, analytics.DocOf(a))
		received[a.TrackingNo] = a.ReceivedAt
		return true
	})
	if err != nil {
		return err
	}
	b.Window.Appeals = len(docs)
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, is := range hotspots.Analyze(docs, hotspots.Options{Now: end}) {
		var today []string
		for _, id := range is.IDs {
			if at, ok := received[id]; ok && !at.Before(start) && at.Before(end) {
				today = append(today, id)
			}
		}
		if len(today) == 0 {
			continue
		}
		status := IssueRising
		if !is.Start.Before(start) {
			status = IssueNew
		}
		b.HotIssues = append(b.HotIssues, HotIssue{Rank: len(b.HotIssues) + 1, Status: status, Label: is.Label, Place: is.Place,
			Count: is.Count, People: is.People, OnDay: len(today), Heat: is.Heat,
			Start: is.Start.In(minyi.DefaultLocation).Format(time.DateOnly), End: is.End.In(minyi.DefaultLocation).Format(time.DateOnly),
			IDs: today, SampleTitles: is.SampleTitles})
		if len(b.HotIssues) == TopHotIssues {
			break
		}
	}
	return nil
}

// topItems returns the n series with the most appeals on the range's last
// day (those with none left out), with the day before's counts.
func topItems(t *minyi.Trends, n int) []Item {
	items := []Item{}
	for _, s := range t.Series {
		last := len(s.Points) - 1
		if last < 1 || s.Points[last].Count == 0 {
			continue
		}
		cur, prev := s.Points[last].Count, s.Points[last-1].Count
		items = append(items, Item{Key: s.Key, Label: s.Label, Count: cur, PreviousDay: prev, Change: change(cur, prev)})
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.PreviousDay != b.PreviousDay {
			return a.PreviousDay > b.PreviousDay
		}
		return a.Key < b.Key
	})
	if len(items) > n {
		items = items[:n]
	}
	return items
}

// change is (cur − prev) / prev rounded to four decimals, nil when prev is
// 0 — as the trends do.
func change(cur, prev int64) *float64 {
	if prev == 0 {
		return nil
	}
	c := float64(cur-prev) / float64(prev)
	r, _ := strconv.ParseFloat(strconv.FormatFloat(c, 'f', 4, 64), 64)
	return &r
}

// ParseDate reads a brief's date, YYYY-MM-DD in the city's time zone;
// empty means yesterday. A day after today is refused.
func ParseDate(s string, now time.Time) (time.Time, error) {
	now = now.In(minyi.DefaultLocation)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, minyi.DefaultLocation)
	s = strings.TrimSpace(s)
	if s == "" {
		return today.AddDate(0, 0, -1), nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, minyi.DefaultLocation)
	if err != nil {
		return time.Time{}, &minyi.Error{Code: minyi.EINVALID, Message: "日期格式应为 YYYY-MM-DD，如 2026-03-01",
			MessageEN: "the date must be YYYY-MM-DD, e.g. 2026-03-01", Fields: map[string]string{"date": "日期格式应为 YYYY-MM-DD"}}
	}
	if d.After(today) {
		return time.Time{}, &minyi.Error{Code: minyi.EINVALID, Message: "日期不能晚于今天（" + today.Format(time.DateOnly) + "）",
			MessageEN: "the date must not be after today (" + today.Format(time.DateOnly) + ")", Fields: map[string]string{"date": "日期不能晚于今天"}}
	}
	return d, nil
}

// ChangeText writes a change as "+12.5%", "-3%" or "–" (nothing to compare
// with).
func ChangeText(c *float64) string {
	if c == nil {
		return "–"
	}
	s := strconv.FormatFloat(*c*100, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0") + "%"
	if *c > 0 {
		s = "+" + s
	}
	return s
}
