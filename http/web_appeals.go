package http

import (
	"net/http"
	"net/url"
	"strconv"

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
		d.Total, err = ui.countAppeals(r, u, filter, f)
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

// countAppeals counts what the filter selects. A dashboard drill-down
// (dates with district, type, channel or a first-level category, for a
// reader who sees every appeal) is read from the daily rollup behind the
// trends, which gives the same number without counting a million rows;
// anything else is counted in the appeals.
func (ui *webUI) countAppeals(r *http.Request, u *minyi.User, q url.Values, f minyi.AppealFilter) (int, error) {
	ctx := r.Context()
	src, ok := ui.s.svc.(trendsSource)
	if !ok || !f.Scope.All || q.Get("q") != "" || q.Get("since") == "" || q.Get("until") == "" {
		return ui.s.svc.CountAppeals(ctx, f)
	}
	tq, err := ui.s.trendQuery(url.Values{"period": {"month"}, "by": {"type"}, "since": {q.Get("since")}, "until": {q.Get("until")},
		"district": {q.Get("district")}, "type": {q.Get("type")}, "channel": {q.Get("channel")}, "category_id": {q.Get("category_id")}})
	if err != nil {
		return ui.s.svc.CountAppeals(ctx, f)
	}
	// The month points cover whole months: keep the asked days only.
	tq.Period = minyi.PeriodDay
	t, err := src.Trends(ctx, tq)
	if err != nil {
		// Not a first-level category, or a range the rollup does not
		// answer by day: count the appeals.
		return ui.s.svc.CountAppeals(ctx, f)
	}
	return int(t.Overall.Total), nil
}
