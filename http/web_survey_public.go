package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"minyi"
)

// The public questionnaire /s/{code}: no login, one answer per invitation
// or browser. static/survey.js hides the questions a choice jumps over
// as the respondent answers; without it every question shows, and the
// server keeps only the answers on the respondent's path.

type publicSurveyData struct {
	Survey            *minyi.Survey
	Token             string // the invitation, kept in a hidden field
	District, Group   string // an open link's attributes
	Answered, Done    bool
	Closed            bool
	Questions         []publicQuestion
	InvitationInvalid bool
}

type publicQuestion struct {
	minyi.Question
	No      int
	Options []publicOption
	Points  []publicPoint
	Text    string
}

type publicOption struct {
	minyi.Option
	Checked bool
}

type publicPoint struct {
	Value   int
	Label   string
	Checked bool
}

func newPublicData(sv *minyi.Survey, a minyi.Answers) *publicSurveyData {
	d := &publicSurveyData{Survey: sv}
	for i, q := range sv.Questions {
		ans := a[q.ID]
		pq := publicQuestion{Question: q, No: i + 1, Text: ans.Text}
		for _, o := range q.Options {
			checked := ans.Option == o.ID || slices.Contains(ans.Options, o.ID)
			pq.Options = append(pq.Options, publicOption{o, checked})
		}
		lo, hi := 1, 5
		if q.Kind == minyi.QNPS {
			lo, hi = 0, 10
		}
		if q.Kind == minyi.QScale || q.Kind == minyi.QNPS {
			for v := lo; v <= hi; v++ {
				p := publicPoint{Value: v, Checked: ans.Value != nil && *ans.Value == v}
				if q.Kind == minyi.QScale && v-1 < len(q.Labels) {
					p.Label = q.Labels[v-1]
				}
				pq.Points = append(pq.Points, p)
			}
		}
		d.Questions = append(d.Questions, pq)
	}
	return d
}

// publicSurvey finds a survey respondents may see: published or closed.
func (ui *webUI) publicSurvey(w http.ResponseWriter, r *http.Request) *minyi.Survey {
	sv, err := ui.s.svc.FindSurveyByCode(r.Context(), r.PathValue("code"))
	if err == nil && sv.Status == minyi.SurveyDraft {
		err = errSurveyNotFound
	}
	if err != nil {
		ui.errorPage(w, r, err)
		return nil
	}
	return sv
}

func (ui *webUI) renderPublicSurvey(w http.ResponseWriter, r *http.Request, status int, d *publicSurveyData, err error) {
	p := ui.newPage(r, d.Survey.Title)
	p.Nav = "survey"
	if err != nil {
		p.Error, p.Errors = pageError(p.Lang, err), minyi.ErrorFields(err)
	}
	p.Data = d
	ui.render(w, r, status, "survey", "", p)
}

func (ui *webUI) surveyForm(w http.ResponseWriter, r *http.Request) {
	sv := ui.publicSurvey(w, r)
	if sv == nil {
		return
	}
	q := r.URL.Query()
	d := newPublicData(sv, nil)
	d.Closed = sv.Status == minyi.SurveyClosed
	rs := ui.s.respondentFor(w, r, q.Get("t"), q.Get("d"), q.Get("g"))
	d.Token, d.District, d.Group = q.Get("t"), rs.District, rs.Group
	if !d.Closed {
		done, err := ui.s.answered(r.Context(), sv, rs)
		switch {
		case minyi.ErrorCode(err) == minyi.ENOTFOUND:
			d.InvitationInvalid = true
		case err != nil:
			ui.errorPage(w, r, err)
			return
		}
		d.Answered = done
	}
	ui.renderPublicSurvey(w, r, http.StatusOK, d, nil)
}

// answersFromForm reads a.{question id} fields. A scale value that is not
// a number is kept as out of range, so that the check names the question.
func answersFromForm(sv *minyi.Survey, f map[string][]string) minyi.Answers {
	a := minyi.Answers{}
	for _, q := range sv.Questions {
		vals := f["a."+q.ID]
		if len(vals) == 0 {
			continue
		}
		switch q.Kind {
		case minyi.QSingle:
			a[q.ID] = minyi.Answer{Option: vals[0]}
		case minyi.QMulti:
			a[q.ID] = minyi.Answer{Options: vals}
		case minyi.QScale, minyi.QNPS:
			if strings.TrimSpace(vals[0]) == "" {
				continue
			}
			v, err := strconv.Atoi(strings.TrimSpace(vals[0]))
			if err != nil {
				v = -1
			}
			a[q.ID] = minyi.Answer{Value: &v}
		case minyi.QText:
			a[q.ID] = minyi.Answer{Text: vals[0]}
		}
	}
	return a
}

func (ui *webUI) surveySubmit(w http.ResponseWriter, r *http.Request) {
	sv := ui.publicSurvey(w, r)
	if sv == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无效", "invalid form"))
		return
	}
	f := r.PostForm
	answers := answersFromForm(sv, f)
	rs := ui.s.respondentFor(w, r, f.Get("t"), f.Get("d"), f.Get("g"))
	_, err := ui.s.respond(r, sv.Code, rs, answers)
	d := newPublicData(sv, answers)
	d.Token, d.District, d.Group = f.Get("t"), rs.District, rs.Group
	switch {
	case err == nil:
		d.Done = true
	case minyi.ErrorCode(err) == minyi.EINVALID:
		ui.renderPublicSurvey(w, r, http.StatusBadRequest, d, err)
		return
	default:
		d.Answered = minyi.ErrorCode(err) == minyi.ECONFLICT && sv.Status == minyi.SurveyPublished
		d.Closed = sv.Status == minyi.SurveyClosed
		ui.renderPublicSurvey(w, r, httpStatus(err), d, err)
		return
	}
	ui.renderPublicSurvey(w, r, http.StatusOK, d, nil)
}
