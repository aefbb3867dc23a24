package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/kpi"
)

// 当裁判: the public scoreboard. Citizens see each unit's monthly
// satisfaction, on-time and resolution rates, from the latest published
// version of the month or, where the month is not published, computed
// now and labelled so. Only unit names and counts are shown.

// scoreFigure is one rate with what it is made of.
type scoreFigure struct {
	Rate        *float64 `json:"rate"`
	Numerator   float64  `json:"numerator"`
	Denominator int64    `json:"denominator"`
}

// Text is the rate in per cent, or "–".
func (f scoreFigure) Text() string {
	if f.Rate == nil {
		return "–"
	}
	return strconv.FormatFloat(*f.Rate*100, 'f', 1, 64) + "%"
}

type scoreboardRow struct {
	Rank         int         `json:"rank"`
	Unit         string      `json:"unit"`
	Appeals      int64       `json:"appeals"`
	Satisfaction scoreFigure `json:"satisfaction"`
	OnTime       scoreFigure `json:"ontime"`
	Resolution   scoreFigure `json:"resolution"`
}

type scoreboardData struct {
	Period      string             `json:"period"`
	PeriodLabel string             `json:"period_label"`
	Source      string             `json:"source"` // published or computed
	Version     int                `json:"version,omitempty"`
	Hash        string             `json:"hash,omitempty"`
	PublishedAt *time.Time         `json:"published_at,omitempty"`
	ComputedAt  *time.Time         `json:"computed_at,omitempty"`
	Weights     map[string]float64 `json:"satisfaction_weights"`
	Rows        []scoreboardRow    `json:"rows"`
	Published   []string           `json:"published_months"`
	Chart       kpiChart           `json:"-"`
}

// scoreboardChartUnits is how many units the chart draws; the table has all.
const scoreboardChartUnits = 15

// scoreboard builds the scoreboard of a month ("" for the latest
// published, else this month).
func (s *Server) scoreboard(ctx context.Context, period string) (*scoreboardData, error) {
	src, err := s.kpiSource()
	if err != nil {
		return nil, err
	}
	snaps, err := src.KPISnapshots(ctx, "")
	if err != nil {
		return nil, err
	}
	d := &scoreboardData{Rows: []scoreboardRow{}, Published: []string{}}
	seen := map[string]bool{}
	for _, sn := range snaps {
		if p, err := kpi.ParsePeriod(sn.Period); err == nil && p.Kind == "month" && !seen[sn.Period] {
			seen[sn.Period] = true
			d.Published = append(d.Published, sn.Period)
		}
	}
	var p kpi.Period
	switch period = strings.TrimSpace(period); {
	case period != "":
		if p, err = kpi.ParsePeriod(period); err != nil {
			return nil, err
		}
		if p.Kind != "month" {
			return nil, minyi.Errorf(minyi.EINVALID, "公开评价按月公布，请选择月份（如 2026-10）", "the scoreboard is monthly: give a month such as 2026-10")
		}
	case len(d.Published) > 0:
		p, _ = kpi.ParsePeriod(d.Published[0])
	default:
		p = kpi.PeriodOf("month", s.now())
	}
	d.Period, d.PeriodLabel = p.String(), p.Label()
	var rep *kpi.Report
	if seen[p.String()] {
		snap, err := src.KPISnapshot(ctx, p.String(), 0)
		if err != nil {
			return nil, err
		}
		body, err := snap.Decode()
		if err != nil {
			return nil, err
		}
		rep = body.Report(kpi.LevelUnit)
		at := snap.PublishedAt
		d.Source, d.Version, d.Hash, d.PublishedAt = "published", snap.Version, snap.Hash, &at
	} else {
		if rep, err = s.kpiCompute(ctx, src, kpi.LevelUnit, p, kpiScope{all: true}, false); err != nil {
			return nil, err
		}
		at := rep.ComputedAt
		d.Source, d.ComputedAt = "computed", &at
	}
	d.Weights = rep.Config.SatisfactionWeights
	fig := func(r *kpi.Row, code string) scoreFigure {
		f := r.Figure(code)
		return scoreFigure{Rate: f.Rate, Numerator: f.Numerator, Denominator: f.Denominator}
	}
	for i := range rep.Rows {
		r := &rep.Rows[i]
		d.Rows = append(d.Rows, scoreboardRow{Rank: r.Rank, Unit: r.Name, Appeals: r.Appeals,
			Satisfaction: fig(r, "satisfaction"), OnTime: fig(r, "ontime"), Resolution: fig(r, "resolution")})
	}
	names := []string{"满意率", "按时办结率", "解决率"}
	series := make([]kpiChartSeries, len(names))
	for i, n := range names {
		series[i].Label = n
	}
	for i, row := range d.Rows {
		if i == scoreboardChartUnits {
			break
		}
		d.Chart.Labels = append(d.Chart.Labels, row.Unit)
		for j, f := range []scoreFigure{row.Satisfaction, row.OnTime, row.Resolution} {
			var pct *float64
			if f.Rate != nil {
				x := *f.Rate * 100
				pct = &x
			}
			series[j].Data, series[j].Hrefs = append(series[j].Data, pct), append(series[j].Hrefs, "")
		}
	}
	d.Chart.Series = series
	return d, nil
}

// apiScoreboard handles GET /api/v1/scoreboard[?period=2026-10]: public.
func (s *Server) apiScoreboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.scoreboard(r.Context(), r.URL.Query().Get("period"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// scoreboardPage handles GET /scoreboard: public, no login.
func (ui *webUI) scoreboardPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	d, err := ui.s.scoreboard(r.Context(), r.URL.Query().Get("period"))
	status := http.StatusOK
	var msg string
	switch code := minyi.ErrorCode(err); {
	case err == nil:
	case code == minyi.EINVALID:
		msg, status = errorText(lang, err), httpStatus(err)
		d, err = ui.s.scoreboard(r.Context(), "")
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
	default:
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(lang, "scoreboard.title"))
	p.Nav = "scoreboard"
	p.Error = msg
	p.Data = d
	ui.render(w, r, status, "scoreboard", "", p)
}
