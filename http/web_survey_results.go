package http

import (
	"net/http"
	"strconv"

	"minyi"
)

// surveyResultsData is /work/surveys/{id}/results: the counts, the charts
// static/survey_results.js draws from Charts, and the cross-tabs.
type surveyResultsData struct {
	Survey  *minyi.Survey
	Results *minyi.SurveyResults
	Charts  []resultChart
}

type resultChart struct {
	Canvas string   `json:"canvas"`
	Labels []string `json:"labels"`
	Counts []int    `json:"counts"`
}

func (ui *webUI) surveyResultsPage(w http.ResponseWriter, r *http.Request) {
	_, sv, err := ui.s.surveyFor(r, requireSurveyReader)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	res, err := ui.s.surveyResults(r.Context(), sv)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &surveyResultsData{Survey: sv, Results: res, Charts: []resultChart{}}
	for i, q := range res.Questions {
		if len(q.Buckets) == 0 {
			continue
		}
		c := resultChart{Canvas: "chart-" + strconv.Itoa(i)}
		for _, b := range q.Buckets {
			c.Labels, c.Counts = append(c.Labels, b.Label), append(c.Counts, b.Count)
		}
		d.Charts = append(d.Charts, c)
	}
	p := ui.newPage(r, sv.Title)
	p.Nav, p.Data = "surveys", d
	ui.render(w, r, http.StatusOK, "work_survey_results", "", p)
}
