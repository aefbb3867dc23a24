package http

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"minyi"
)

// chartSeries is one line of the trend chart; Hrefs open the appeals
// behind each point (empty where no filter can select them).
type chartSeries struct {
	Label string   `json:"label"`
	Data  []int64  `json:"data"`
	Hrefs []string `json:"hrefs"`
}

// trendChart is what static/trends.js draws.
type trendChart struct {
	Labels []string      `json:"labels"`
	Series []chartSeries `json:"series"`
}

// trendRow is one row of the table under the chart.
type trendRow struct {
	Label    string
	Total    int64
	Previous int64
	Change   *float64
	Href     string
}

type trendsData struct {
	Query     url.Values
	Trends    *minyi.Trends
	Chart     trendChart
	Rows      []trendRow
	Overall   trendRow
	Districts []*minyi.Unit
	AllScope  bool
	Error     string
	// The CSV and Excel exports of the page's figures.
	CSVHref, XLSXHref string
}

// chartLines is how many series the chart draws: more are unreadable; the
// table lists them all.
const chartLines = 8

// trendsPage handles GET /work/trends: the dashboard's trend chart and
// table, by category, district, type or channel, per day, week or month,
// with the change against the previous range. Every number links to the
// appeals behind it (/work/appeals).
func (ui *webUI) trendsPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx, lang := r.Context(), langOf(r)
	q := r.URL.Query()
	d := trendsData{Query: q, AllScope: minyi.ScopeFor(u).All,
		CSVHref: "/api/v1/trends.csv?" + q.Encode(), XLSXHref: "/api/v1/trends.xlsx?" + q.Encode()}
	if sd, err := ui.submitData(ctx); err == nil {
		d.Districts = sd.Districts
	}
	status := http.StatusOK
	t, tq, err := ui.s.trends(ctx, u, q)
	switch code := minyi.ErrorCode(err); {
	case err == nil:
		d.Trends = t
		ui.fillTrends(&d, t, tq)
	case code == minyi.EINVALID || code == minyi.EFORBIDDEN:
		d.Error, status = errorText(lang, err), httpStatus(err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(lang, "nav.trends"))
	p.Nav = "trends"
	p.Data = d
	ui.render(w, r, status, "work_trends", "", p)
}

// fillTrends builds the chart and the table with drill-down links.
func (ui *webUI) fillTrends(d *trendsData, t *minyi.Trends, q minyi.TrendQuery) {
	base := url.Values{}
	if q.District != "" {
		base.Set("district", q.District)
	}
	if q.CategoryID != 0 {
		base.Set("category_id", strconv.FormatInt(q.CategoryID, 10))
	}
	if q.Type != "" {
		base.Set("type", string(q.Type))
	}
	if q.Channel != "" {
		base.Set("channel", string(q.Channel))
	}
	href := func(key string, since, until string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if key != minyi.TrendOverallKey {
			switch t.By {
			case minyi.ByCategory:
				if key == "0" {
					return "" // appeals without a category: no filter selects them
				}
				v.Set("category_id", key)
			case minyi.ByDistrict:
				if key == "" {
					return ""
				}
				v.Set("district", key)
			case minyi.ByType:
				v.Set("type", key)
			case minyi.ByChannel:
				v.Set("channel", key)
			}
		}
		v.Set("since", since)
		v.Set("until", until)
		return "/work/appeals?" + v.Encode()
	}
	ends := make([]string, len(t.Periods))
	for i, start := range t.Periods {
		ends[i] = periodEnd(t.Period, start)
	}
	d.Chart.Labels = t.Periods
	series := t.Series
	if len(series) == 0 || len(series) > chartLines {
		series = append([]minyi.TrendSeries{t.Overall}, series...)
	}
	for i, s := range series {
		if i == chartLines {
			break
		}
		cs := chartSeries{Label: s.Label}
		for j, p := range s.Points {
			cs.Data = append(cs.Data, p.Count)
			cs.Hrefs = append(cs.Hrefs, href(s.Key, t.Periods[j], ends[j]))
		}
		d.Chart.Series = append(d.Chart.Series, cs)
	}
	row := func(s minyi.TrendSeries) trendRow {
		return trendRow{Label: s.Label, Total: s.Total, Previous: s.Previous, Change: s.Change, Href: href(s.Key, t.Since, t.Until)}
	}
	d.Overall = row(t.Overall)
	for _, s := range t.Series {
		d.Rows = append(d.Rows, row(s))
	}
}

// periodEnd is the last day of the period starting at start.
func periodEnd(p minyi.TrendPeriod, start string) string {
	d, err := time.ParseInLocation(time.DateOnly, start, minyi.DefaultLocation)
	if err != nil {
		return start
	}
	switch p {
	case minyi.PeriodWeek:
		d = d.AddDate(0, 0, 6)
	case minyi.PeriodMonth:
		d = d.AddDate(0, 1, -1)
	}
	return d.Format(time.DateOnly)
}
