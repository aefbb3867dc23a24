package http

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"minyi"
)

// appealsData is the staff appeal list that a filter selects: where the
// dashboard's numbers drill down to.
type appealsData struct {
	Query     url.Values // the filter as given
	Total     int
	Rows      []queueRow
	Next      string
	First     bool
	FirstHref string
	Export    string
	Districts []*minyi.Unit
	Error     string
}

// appealsPage handles GET /work/appeals?district=&category_id=&type=&channel=&since=&until=
// (dates in the city's time zone, until included): the appeals the
// reader's scope allows, newest first, with their count.
func (ui *webUI) appealsPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx, lang := r.Context(), langOf(r)
	q := r.URL.Query()
	d := appealsData{Query: q, First: true}
	filter := url.Values{}
	for _, k := range []string{"district", "category_id", "type", "channel", "since", "until", "q"} {
		if v := q.Get(k); v != "" {
			filter.Set(k, v)
		}
	}
	d.FirstHref = "/work/appeals?" + filter.Encode()
	d.Export = "/api/v1/appeals/export.csv?" + filter.Encode()
	sd, err := ui.submitData(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d.Districts = sd.Districts
	status := http.StatusOK
	f, err := ui.s.appealFilterFrom(filter, u)
	if err == nil {
		d.Total, err = ui.countAppeals(r, f)
	}
	if err == nil {
		f.Limit = pageSize + 1
		if b, perr := strconv.ParseInt(q.Get("before"), 10, 64); perr == nil && b > 0 {
			f.BeforeID, d.First = b, false
		}
		var list []*minyi.Appeal
		if list, err = ui.s.svc.ListAppeals(ctx, f); err == nil {
			if len(list) > pageSize {
				list = list[:pageSize]
				next := url.Values{}
				for k, v := range filter {
					next[k] = v
				}
				next.Set("before", strconv.FormatInt(list[len(list)-1].ID, 10))
				d.Next = "/work/appeals?" + next.Encode()
			}
			now := ui.s.now()
			for _, a := range list {
				d.Rows = append(d.Rows, rowOf(a, now))
			}
		}
	}
	if err != nil {
		if minyi.ErrorCode(err) != minyi.EINVALID {
			ui.errorPage(w, r, err)
			return
		}
		d.Error, status = errorText(lang, err), http.StatusBadRequest
	}
	p := ui.newPage(r, translate(lang, "nav.appeals"))
	p.Nav = "appeals"
	p.Data = d
	ui.render(w, r, status, "work_appeals", "", p)
}

// countAppeals counts what the filter selects. For a reader who sees
// every appeal, a filter on dates, district, type, channel or a first-level
// category is read from the daily rollups behind the trends, which give
// the same number without counting a million rows; anything else (a title
// search, a lower category, a unit's own appeals) is counted in the
// appeals.
func (ui *webUI) countAppeals(r *http.Request, f minyi.AppealFilter) (int, error) {
	ctx := r.Context()
	count := func() (int, error) { return ui.s.svc.CountAppeals(ctx, f) }
	src, ok := ui.s.svc.(trendsSource)
	plain := len(f.Statuses) == 0 && f.UnitID == 0 && f.Supervised == nil && !f.Reopened && !f.Overdue && !f.Warning && f.Query == ""
	if !ok || !f.Scope.All || !plain {
		return count()
	}
	loc := minyi.DefaultLocation
	today := ui.s.now().In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	since, until := f.Since, f.Until.AddDate(0, 0, -1) // f.Until is the day after
	if f.Until.IsZero() {
		until = today
	}
	period := minyi.PeriodDay
	if f.Since.IsZero() {
		// All the history: by month over the longest range the rollup
		// answers, which is exact when nothing is older and nothing lies
		// after today (whole months only add empty days).
		since = today.AddDate(-minyi.MaxTrendYears, 0, 1)
		if !f.Until.IsZero() && until.Before(today) {
			return count()
		}
		older, err := ui.s.svc.CountAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}, Until: since})
		if err != nil || older > 0 {
			return count()
		}
		period = minyi.PeriodMonth
	} else if until.Sub(since) > (minyi.MaxTrendDays-1)*24*time.Hour {
		return count()
	}
	tq := minyi.TrendQuery{Period: period, By: minyi.ByType, Since: since, Until: until,
		District: f.District, CategoryID: f.CategoryID, Type: f.Type, Channel: f.Channel}
	t, err := src.Trends(ctx, tq)
	if err != nil {
		// Not a first-level category, say: count the appeals.
		return count()
	}
	return int(t.Overall.Total), nil
}
