package http

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/analytics"
	"minyi/text"
)

// Dashboard periods: the district grid compares the last N days with the N
// before; the category chart covers max(N, 30) days.
var dashboardPeriods = []int{7, 30, 90}

const (
	dashboardDefaultPeriod = 7
	dashboardChartDays     = 30
	dashboardHotIssues     = 5
	dashboardTopTerms      = analytics.DefaultTopTerms
)

// EmergingTermSource gives the emerging terms a scope may see;
// *analytics.HotIssues is one. The dashboard asks Config.HotIssues for it.
type EmergingTermSource interface {
	Emerging(scope minyi.Scope, n int) ([]analytics.EmergingTerm, *analytics.Snapshot)
}

// dashboardData is the answer of GET /api/v1/dashboard and the data of
// /work/dashboard.
type dashboardData struct {
	PeriodDays int    `json:"period_days"`
	Today      string `json:"today"`
	Since      string `json:"since"` // the district grid's range
	Until      string `json:"until"`
	// District is the district shown: chosen by a reader who sees every
	// appeal, the unit's own for handlers and leaders; "" for the city.
	District  string              `json:"district,omitempty"`
	AllScope  bool                `json:"all_scope"`
	KPI       dashboardKPI        `json:"kpi"`
	Districts []dashboardDistrict `json:"districts"`
	// Categories is the daily count by first-level category over the
	// chart's range (the shape of GET /api/v1/trends).
	Categories *minyi.Trends  `json:"categories"`
	HotIssues  hotIssuesData  `json:"hot_issues"`
	Terms      dashboardTerms `json:"emerging_terms"`
	Chart      trendChart     `json:"-"` // what static/trends.js draws
	Query      url.Values     `json:"-"`
	Choices    []string       `json:"-"` // the district filter's options
	Periods    []int          `json:"-"`
	Error      string         `json:"-"`
}

// dashboardKPI holds the cheap counts at the top of the dashboard. Href
// fields open the appeals behind each number.
type dashboardKPI struct {
	Today         int64    `json:"today"`
	TodayHref     string   `json:"today_href"`
	Last7         int64    `json:"last_7_days"`
	Previous7     int64    `json:"previous_7_days"`
	Change7       *float64 `json:"change_7_days"` // null when the 7 days before had none
	Last7Href     string   `json:"last_7_days_href"`
	Overdue       int      `json:"overdue"`
	OverdueHref   string   `json:"overdue_href"`
	OverdueInUnit bool     `json:"overdue_in_unit"` // counted over the reader's unit, not the district
	Tone7         string   `json:"-"`
}

// dashboardDistrict is one card of the district grid. Tone colours it by
// its change: red (≥ +20 %), yellow (> +5 %), green (≤ −5 %), "" otherwise.
type dashboardDistrict struct {
	Name     string   `json:"name"`
	Total    int64    `json:"total"`
	Previous int64    `json:"previous"`
	Change   *float64 `json:"change"`
	Tone     string   `json:"tone"`
	Href     string   `json:"href,omitempty"`
}

// dashboardTerms are the emerging terms: Allowed is false for readers who
// do not see every appeal (the terms are computed over all of them),
// Available false before the first analysis.
type dashboardTerms struct {
	Allowed     bool            `json:"allowed"`
	Available   bool            `json:"available"`
	GeneratedAt time.Time       `json:"generated_at"`
	Formula     string          `json:"formula"`
	Items       []dashboardTerm `json:"items"`
}

type dashboardTerm struct {
	analytics.EmergingTerm
	Href  string `json:"href"` // the recent appeals with the term in the title
	Spark string `json:"-"`    // Daily drawn in block characters
}

// spark draws counts as block characters, the highest as a full block.
func spark(counts []int) string {
	const blocks = "▁▂▃▄▅▆▇█"
	top := slices.Max(append([]int{1}, counts...))
	var b strings.Builder
	for _, c := range counts {
		i := c * 7 / top
		b.WriteString(string([]rune(blocks)[i]))
	}
	return b.String()
}

// dashboard gathers the dashboard for u from v (period=7|30|90, district=).
// Counts come from the trend rollup (s.trends, scoped as the trends API)
// and one CountAppeals; hot issues and terms from the latest analysis.
func (s *Server) dashboard(ctx context.Context, u *minyi.User, v url.Values) (*dashboardData, error) {
	scope := minyi.ScopeFor(u)
	d := &dashboardData{PeriodDays: dashboardDefaultPeriod, AllScope: scope.All, Districts: []dashboardDistrict{}, Periods: dashboardPeriods}
	if p := strings.TrimSpace(v.Get("period")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || !slices.Contains(dashboardPeriods, n) {
			return d, &minyi.Error{Code: minyi.EINVALID, Message: "统计周期应为 7、30 或 90 天", MessageEN: "period must be 7, 30 or 90 days",
				Fields: map[string]string{"period": "统计周期应为 7、30 或 90 天"}}
		}
		d.PeriodDays = n
	}
	now := s.now().In(minyi.DefaultLocation)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, minyi.DefaultLocation)
	day := func(back int) string { return today.AddDate(0, 0, -back).Format(time.DateOnly) }
	d.Today, d.Since, d.Until = day(0), day(d.PeriodDays-1), day(0)

	// The chart's daily counts by category; its overall points give the
	// counts of today and of the last 7 and the 7 days before.
	chartDays := max(d.PeriodDays, dashboardChartDays)
	q := url.Values{"by": {string(minyi.ByCategory)}, "period": {string(minyi.PeriodDay)}, "since": {day(chartDays - 1)}, "until": {d.Today}}
	if dist := strings.TrimSpace(v.Get("district")); dist != "" {
		q.Set("district", dist)
	}
	cats, tq, err := s.trends(ctx, u, q)
	if err != nil {
		return d, err
	}
	d.Categories, d.District = cats, tq.District
	pts := cats.Overall.Points
	for i := range pts {
		switch back := len(pts) - 1 - i; {
		case back == 0:
			d.KPI.Today = pts[i].Count
			fallthrough
		case back < 7:
			d.KPI.Last7 += pts[i].Count
		case back < 14:
			d.KPI.Previous7 += pts[i].Count
		}
	}
	if d.KPI.Previous7 > 0 {
		c := float64(d.KPI.Last7-d.KPI.Previous7) / float64(d.KPI.Previous7)
		d.KPI.Change7 = &c
	}
	d.KPI.Tone7 = changeTone(d.KPI.Change7)
	d.KPI.TodayHref = appealsHref(d.District, "", d.Today, d.Today)
	d.KPI.Last7Href = appealsHref(d.District, "", day(6), d.Today)

	// Overdue: the reader's scope, within the district chosen.
	f := minyi.AppealFilter{Scope: scope, Overdue: true, Now: s.now()}
	if scope.All {
		f.District = d.District
	} else {
		d.KPI.OverdueInUnit = true
	}
	if d.KPI.Overdue, err = s.svc.CountAppeals(ctx, f); err != nil {
		return d, err
	}
	d.KPI.OverdueHref = "/work/queue?tab=overdue"

	// The district grid.
	q.Set("by", string(minyi.ByDistrict))
	q.Set("since", d.Since)
	byDistrict, _, err := s.trends(ctx, u, q)
	if err != nil {
		return d, err
	}
	if err := s.fillDistricts(ctx, d, byDistrict); err != nil {
		return d, err
	}

	d.HotIssues = s.hotIssues(u, dashboardHotIssues)
	d.Terms = s.emergingTerms(u, today)
	return d, nil
}

// fillDistricts makes one card per district: every district of the city
// when no district is chosen, else the one.
func (s *Server) fillDistricts(ctx context.Context, d *dashboardData, t *minyi.Trends) error {
	cards := map[string]*dashboardDistrict{}
	add := func(name string) *dashboardDistrict {
		if c := cards[name]; c != nil {
			return c
		}
		c := &dashboardDistrict{Name: name}
		if name != "" {
			c.Href = appealsHref(name, "", d.Since, d.Until)
		} else {
			c.Name = minyi.TrendNoPlaceLabel // no filter selects these
		}
		cards[name] = c
		return c
	}
	if d.District != "" {
		add(d.District)
	}
	if d.AllScope {
		units, err := s.svc.ListUnits(ctx)
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.Kind == minyi.UnitDistrict {
				d.Choices = append(d.Choices, u.Name)
				if d.District == "" {
					add(u.Name)
				}
			}
		}
		if d.District != "" && !slices.Contains(d.Choices, d.District) {
			d.Choices = append(d.Choices, d.District) // a district named in appeals only
		}
	}
	for _, sr := range t.Series {
		if d.District != "" && sr.Key != d.District {
			continue
		}
		c := add(sr.Key)
		c.Total, c.Previous, c.Change = sr.Total, sr.Previous, sr.Change
	}
	for _, c := range cards {
		c.Tone = changeTone(c.Change)
		d.Districts = append(d.Districts, *c)
	}
	slices.SortFunc(d.Districts, func(a, b dashboardDistrict) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Name, b.Name))
	})
	return nil
}

// changeTone colours a change: red for a rise of 20 % or more, yellow for
// one above 5 %, green for a fall of 5 % or more.
func changeTone(c *float64) string {
	switch {
	case c == nil:
		return ""
	case *c >= 0.2:
		return "red"
	case *c > 0.05:
		return "yellow"
	case *c <= -0.05:
		return "green"
	}
	return ""
}

// appealsHref links to the staff appeal list of a district (all when
// ""), a title search (when q is not "") and a range of days.
func appealsHref(district, q, since, until string) string {
	v := url.Values{}
	if district != "" {
		v.Set("district", district)
	}
	if q != "" {
		v.Set("q", q)
	}
	v.Set("since", since)
	v.Set("until", until)
	return "/work/appeals?" + v.Encode()
}

// emergingTerms returns the emerging terms u may see: all of them for
// staff who see every appeal, none for others. Readers who may not see
// personal data get them masked, as the hot issues.
func (s *Server) emergingTerms(u *minyi.User, today time.Time) dashboardTerms {
	scope := minyi.ScopeFor(u)
	d := dashboardTerms{Allowed: scope.All, Formula: analytics.TermFormula, Items: []dashboardTerm{}}
	src, ok := s.cfg.HotIssues.(EmergingTermSource)
	if !ok || !scope.All {
		return d
	}
	terms, snap := src.Emerging(scope, dashboardTopTerms)
	if snap == nil {
		return d
	}
	d.Available, d.GeneratedAt = true, snap.At
	since := today.AddDate(0, 0, -(analytics.DefaultRecentDays - 1)).Format(time.DateOnly)
	for _, t := range terms {
		if !minyi.CanSeeContact(u) {
			t.Term = text.Mask(t.Term)
		}
		d.Items = append(d.Items, dashboardTerm{EmergingTerm: t, Href: appealsHref("", t.Term, since, today.Format(time.DateOnly)), Spark: spark(t.Daily)})
	}
	return d
}

// dashboardPage handles GET /work/dashboard?period=7|30|90&district=: the
// leaders' overview.
func (ui *webUI) dashboardPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	status := http.StatusOK
	d, err := ui.s.dashboard(r.Context(), u, r.URL.Query())
	switch code := minyi.ErrorCode(err); {
	case err == nil:
		td := trendsData{}
		ui.fillTrends(&td, d.Categories, minyi.TrendQuery{District: d.District})
		d.Chart = td.Chart
	case code == minyi.EINVALID || code == minyi.EFORBIDDEN:
		d.Error, status = errorText(lang, err), httpStatus(err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	d.Query = r.URL.Query()
	p := ui.newPage(r, translate(lang, "dashboard.title"))
	p.Nav = "dashboard"
	p.Data = d
	ui.render(w, r, status, "work_dashboard", "", p)
}
