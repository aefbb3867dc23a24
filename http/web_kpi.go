package http

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"minyi"
	"minyi/kpi"
)

// kpiCell is one figure as the page shows it, linked to its appeals.
type kpiCell struct {
	Rate string // "87.5%", or "–" without a denominator
	N, D string
	Band string
	Href string
}

// html is the cell as the table shows it. A unit-level table has a
// thousand cells; written here instead of by the template's escapers
// (every part is a number, a band name or an escaped URL) the page costs a
// third less.
func (c kpiCell) html() template.HTML {
	var b strings.Builder
	b.WriteString("<td>")
	if c.Href != "" {
		b.WriteString(`<a href="` + html.EscapeString(c.Href) + `" data-testid="kpi-cell">`)
	}
	b.WriteString(`<span class="band ` + html.EscapeString(c.Band) + `">` + html.EscapeString(c.Rate) + "</span>")
	if c.Href != "" {
		b.WriteString("</a>")
	}
	b.WriteString("<small>" + html.EscapeString(c.N) + "/" + html.EscapeString(c.D) + "</small></td>")
	return template.HTML(b.String())
}

// kpiRowView is one row of the KPI table.
type kpiRowView struct {
	Rank      int
	Name      string
	Appeals   int64
	Cells     []template.HTML
	Score     string
	ScoreBand string
	Reveals   int64
	Denied    int64
}

// kpiChartSeries is one line of the trend chart (static/trends.js); a
// missing point is null.
type kpiChartSeries struct {
	Label string     `json:"label"`
	Data  []*float64 `json:"data"`
	Hrefs []string   `json:"hrefs"`
}

type kpiChart struct {
	Labels []string         `json:"labels"`
	Series []kpiChartSeries `json:"series"`
}

type kpiPageData struct {
	Query       url.Values
	Level       string
	Period      string
	PeriodLabel string
	Indicators  []kpi.Indicator
	Rows        []kpiRowView
	Overall     *kpiRowView
	Chart       kpiChart
	Snapshot    *kpi.Snapshot
	Versions    []*kpi.Snapshot
	Audit       *kpi.AuditIntegrity
	Config      minyi.KPIConfig
	CSVHref     string
	XLSXHref    string
	LiveHref    string
	CanPublish  bool
	Error       string
}

// kpiPage handles GET /work/kpi: the figures of a level and period with
// ranks, bands and the trend; each figure links to its appeals.
func (ui *webUI) kpiPage(w http.ResponseWriter, r *http.Request) {
	ui.renderKPI(w, r, "", http.StatusOK)
}

// renderKPI renders the page, with an error of a failed publish.
func (ui *webUI) renderKPI(w http.ResponseWriter, r *http.Request, formErr string, status int) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	q := r.URL.Query()
	d := kpiPageData{Query: q, Indicators: kpi.Indicators, CanPublish: u.Role == minyi.RoleAdmin, Error: formErr}
	req, err := ui.s.kpiQuery(q)
	if err == nil {
		var v *kpiView
		if v, err = ui.s.kpiView(r.Context(), u, req); err == nil {
			ui.fillKPI(&d, v, req)
		}
	}
	switch code := minyi.ErrorCode(err); {
	case err == nil:
	case code == minyi.EINVALID || code == minyi.EFORBIDDEN || code == minyi.ENOTFOUND:
		d.Error, status = errorText(lang, err), httpStatus(err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(lang, "kpi.title"))
	p.Nav = "kpi"
	p.Data = d
	ui.render(w, r, status, "work_kpi", "", p)
}

// fillKPI lays the report out for the template.
func (ui *webUI) fillKPI(d *kpiPageData, v *kpiView, req kpiRequest) {
	rep := v.Report
	d.Level, d.Period, d.PeriodLabel = rep.Level, rep.Period, rep.PeriodLabel
	d.Snapshot, d.Versions, d.Audit, d.Config = v.Snapshot, v.Versions, rep.Audit, rep.Config
	base := url.Values{"level": {rep.Level}, "period": {rep.Period}}
	if v.Snapshot != nil {
		base.Set("version", strconv.Itoa(v.Snapshot.Version))
		d.LiveHref = "/work/kpi?" + url.Values{"level": {rep.Level}, "period": {rep.Period}, "live": {"1"}}.Encode()
	} else if req.live {
		base.Set("live", "1")
	}
	d.CSVHref, d.XLSXHref = "/api/v1/kpi.csv?"+base.Encode(), "/api/v1/kpi.xlsx?"+base.Encode()
	row := func(r kpi.Row, linked bool) kpiRowView {
		out := kpiRowView{Rank: r.Rank, Name: r.Name, Appeals: r.Appeals, Reveals: r.Security.Reveals, Denied: r.Security.Denied, Score: "–", ScoreBand: r.ScoreBand}
		if r.Score != nil {
			out.Score = strconv.FormatFloat(*r.Score, 'f', 1, 64)
		}
		for _, f := range r.Figures {
			c := kpiCell{Rate: "–", N: strconv.FormatFloat(f.Numerator, 'f', -1, 64), D: strconv.FormatInt(f.Denominator, 10), Band: f.Band}
			if f.Rate != nil {
				c.Rate = strconv.FormatFloat(*f.Rate*100, 'f', 1, 64) + "%"
			}
			if linked && f.Denominator > 0 {
				c.Href = "/work/kpi/appeals?" + url.Values{"level": {rep.Level}, "id": {r.ID}, "period": {rep.Period}, "indicator": {f.Code}}.Encode()
			}
			out.Cells = append(out.Cells, c.html())
		}
		return out
	}
	for _, r := range rep.Rows {
		d.Rows = append(d.Rows, row(r, true))
	}
	if len(rep.Rows) > 1 {
		o := row(rep.Overall, false)
		d.Overall = &o
	}
	// The trend: the score and the three weighed rates, in per cent.
	score := kpiChartSeries{Label: translate("zh", "kpi.score")}
	lines := []string{"response", "resolution", "satisfaction"}
	series := make([]kpiChartSeries, len(lines))
	for i, code := range lines {
		ind, _ := kpi.FindIndicator(code)
		series[i].Label = ind.Name
	}
	for _, pt := range rep.Trend {
		d.Chart.Labels = append(d.Chart.Labels, pt.Label)
		href := "/work/kpi?" + url.Values{"level": {rep.Level}, "period": {pt.Period}}.Encode()
		score.Data, score.Hrefs = append(score.Data, pt.Score), append(score.Hrefs, href)
		for i, code := range lines {
			var pct *float64
			if r := pt.Rates[code]; r != nil {
				x := *r * 100
				pct = &x
			}
			series[i].Data, series[i].Hrefs = append(series[i].Data, pct), append(series[i].Hrefs, href)
		}
	}
	d.Chart.Series = append([]kpiChartSeries{score}, series...)
}

// kpiPublish handles POST /work/kpi/publish (admins).
func (ui *webUI) kpiPublish(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无效", "bad form"))
		return
	}
	in := publishInput{Period: r.PostForm.Get("period"), Note: r.PostForm.Get("note")}
	level := r.PostForm.Get("level")
	snap, err := ui.s.publishKPI(r, u, in)
	if err != nil {
		if minyi.ErrorCode(err) == minyi.EINTERNAL {
			ui.errorPage(w, r, err)
			return
		}
		r.URL.RawQuery = url.Values{"level": {level}, "period": {in.Period}}.Encode()
		ui.renderKPI(w, r, errorText(langOf(r), err), httpStatus(err))
		return
	}
	v := url.Values{"level": {level}, "period": {snap.Period}, "version": {strconv.Itoa(snap.Version)}, "ok": {"kpi_published"}}
	http.Redirect(w, r, "/work/kpi?"+v.Encode(), http.StatusSeeOther)
}

type kpiDrillPageData struct {
	Query    url.Values
	Drill    *kpiDrill
	Rate     string
	Pages    int
	PrevHref string
	NextHref string
	BackHref string
	Error    string
}

// kpiAppealsPage handles GET /work/kpi/appeals: the appeals behind one
// figure, with whether each counts in the numerator.
func (ui *webUI) kpiAppealsPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	q := r.URL.Query()
	d := kpiDrillPageData{Query: q, BackHref: "/work/kpi?" + url.Values{"level": {q.Get("level")}, "period": {q.Get("period")}}.Encode()}
	status := http.StatusOK
	req, err := ui.s.kpiDrillQuery(q)
	if err == nil {
		d.Drill, err = ui.s.kpiDrillDown(r.Context(), u, req)
	}
	switch code := minyi.ErrorCode(err); {
	case err == nil:
		dr := d.Drill
		d.Rate = "–"
		if dr.Rate != nil {
			d.Rate = strconv.FormatFloat(*dr.Rate*100, 'f', 1, 64) + "%"
		}
		d.Pages = int((dr.Denominator + kpiDrillPage - 1) / kpiDrillPage)
		page := func(n int) string {
			v := url.Values{}
			for k, vs := range q {
				v[k] = vs
			}
			v.Set("page", strconv.Itoa(n))
			return "/work/kpi/appeals?" + v.Encode()
		}
		if dr.Page > 1 {
			d.PrevHref = page(dr.Page - 1)
		}
		if dr.Page < d.Pages {
			d.NextHref = page(dr.Page + 1)
		}
	case code == minyi.EINVALID || code == minyi.EFORBIDDEN || code == minyi.ENOTFOUND:
		d.Error, status = errorText(lang, err), httpStatus(err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(lang, "kpi.drill"))
	p.Nav = "kpi"
	p.Data = d
	ui.render(w, r, status, "work_kpi_appeals", "", p)
}
