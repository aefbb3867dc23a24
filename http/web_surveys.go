package http

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"minyi"
)

// The survey pages of the workbench: the list, the builder (drafts only),
// a survey's page with its link, QR code and invitations, and results.

func (ui *webUI) registerSurveyWeb(m *http.ServeMux) {
	m.HandleFunc("GET /work/surveys", ui.surveysPage)
	m.HandleFunc("GET /work/surveys/new", ui.surveyNew)
	m.HandleFunc("POST /work/surveys/new", ui.surveyBuild)
	m.HandleFunc("GET /work/surveys/{id}", ui.surveyPage)
	m.HandleFunc("GET /work/surveys/{id}/edit", ui.surveyEdit)
	m.HandleFunc("POST /work/surveys/{id}/edit", ui.surveyBuild)
	m.HandleFunc("POST /work/surveys/{id}/tokens", ui.surveyTokens)
	m.HandleFunc("POST /work/surveys/{id}/act/{action}", ui.surveyAct)
	m.HandleFunc("GET /work/surveys/{id}/results", ui.surveyResultsPage)
	m.HandleFunc("GET /s/{code}", ui.surveyForm)
	m.HandleFunc("POST /s/{code}", ui.surveySubmit)
}

func (ui *webUI) surveysPage(w http.ResponseWriter, r *http.Request) {
	if _, err := requireSurveyReader(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.svc.ListSurveys(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "sv.list_title"))
	p.Nav, p.Data = "surveys", list
	ui.render(w, r, http.StatusOK, "work_surveys", "", p)
}

// builderData is the builder form: the survey as entered and, per
// question, where its options may jump.
type builderData struct {
	Survey    *minyi.Survey
	Action    string
	Questions []builderQuestion
}

type builderQuestion struct {
	minyi.Question
	Index  int
	Later  []jumpTarget
	Labels string
}

type jumpTarget struct {
	ID    string
	Label string
}

func newBuilderData(sv *minyi.Survey, action string) *builderData {
	d := &builderData{Survey: sv, Action: action}
	for i, q := range sv.Questions {
		bq := builderQuestion{Question: q, Index: i, Labels: strings.Join(q.Labels, "/")}
		for j := i + 1; j < len(sv.Questions); j++ {
			bq.Later = append(bq.Later, jumpTarget{sv.Questions[j].ID, fmt.Sprintf("%d. %s", j+1, sv.Questions[j].Title)})
		}
		d.Questions = append(d.Questions, bq)
	}
	return d
}

// starterSurvey is the builder's blank: one single-choice question.
func starterSurvey() *minyi.Survey {
	sv := &minyi.Survey{Status: minyi.SurveyDraft, Open: true}
	addQuestion(sv, minyi.QSingle)
	sv.Normalize()
	return sv
}

func addQuestion(sv *minyi.Survey, kind minyi.QuestionKind) {
	q := minyi.Question{Kind: kind, Required: true}
	if kind == minyi.QSingle || kind == minyi.QMulti {
		q.Options = []minyi.Option{{}, {}}
	}
	if kind == minyi.QText {
		q.Required = false
	}
	sv.Questions = append(sv.Questions, q)
}

func (ui *webUI) surveyNew(w http.ResponseWriter, r *http.Request) {
	if _, err := requireSurveyBuilder(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderBuilder(w, r, http.StatusOK, starterSurvey(), "/work/surveys/new", nil)
}

func (ui *webUI) surveyEdit(w http.ResponseWriter, r *http.Request) {
	_, sv, err := ui.s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if sv.Status != minyi.SurveyDraft {
		http.Redirect(w, r, fmt.Sprintf("/work/surveys/%d?ok=survey_frozen", sv.ID), http.StatusSeeOther)
		return
	}
	ui.renderBuilder(w, r, http.StatusOK, sv, fmt.Sprintf("/work/surveys/%d/edit", sv.ID), nil)
}

func (ui *webUI) renderBuilder(w http.ResponseWriter, r *http.Request, status int, sv *minyi.Survey, action string, err error) {
	title := "sv.new_title"
	if sv.ID != 0 {
		title = "sv.edit_title"
	}
	p := ui.newPage(r, translate(langOf(r), title))
	p.Nav = "surveys"
	if err != nil {
		p.Error, p.Errors = pageError(p.Lang, err), minyi.ErrorFields(err)
	}
	p.Data = newBuilderData(sv, action)
	ui.render(w, r, status, "work_survey_edit", "", p)
}

// pageError is an error's message in the page's language.
func pageError(lang string, err error) string {
	if lang == "en" {
		return minyi.ErrorMessageEN(err)
	}
	return minyi.ErrorMessage(err)
}

// surveyBuild handles the builder's buttons: "save" stores the survey;
// the others (add, remove, move a question or an option) change the form
// and show it again, so the builder works without JavaScript.
func (ui *webUI) surveyBuild(w http.ResponseWriter, r *http.Request) {
	u, err := requireSurveyBuilder(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	action, id := "/work/surveys/new", int64(0)
	if r.PathValue("id") != "" {
		_, old, err := ui.s.surveyFor(r, requireSurveyBuilder)
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		if old.Status != minyi.SurveyDraft {
			ui.errorPage(w, r, minyi.Errorf(minyi.ECONFLICT, "问卷已发布，不能修改题目；可以结束问卷或复制为新草稿", "the survey is published: close it or copy it to a new draft"))
			return
		}
		action, id = fmt.Sprintf("/work/surveys/%d/edit", old.ID), old.ID
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无效", "invalid form"))
		return
	}
	sv := surveyFromForm(r.PostForm)
	sv.ID = id
	op := r.PostForm.Get("op")
	if op != "save" {
		applyBuilderOp(sv, op, minyi.QuestionKind(r.PostForm.Get("newkind")))
		sv.Normalize()
		ui.renderBuilder(w, r, http.StatusOK, sv, action, nil)
		return
	}
	ctx := r.Context()
	if id == 0 {
		sv.CreatedBy = u.Username
		err = ui.s.svc.CreateSurvey(ctx, sv)
	} else {
		err = ui.s.svc.UpdateSurvey(ctx, sv)
	}
	if err != nil {
		ui.renderBuilder(w, r, httpStatus(err), sv, action, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/work/surveys/%d?ok=survey_saved", sv.ID), http.StatusSeeOther)
}

// surveyFromForm reads the builder's fields: q0.kind, q0.o1.label, …
func surveyFromForm(f url.Values) *minyi.Survey {
	sv := &minyi.Survey{Title: f.Get("title"), Description: f.Get("description"), Open: f.Get("open") != "", Status: minyi.SurveyDraft}
	for i := 0; f.Has(fmt.Sprintf("q%d.kind", i)); i++ {
		k := fmt.Sprintf("q%d.", i)
		q := minyi.Question{ID: f.Get(k + "id"), Kind: minyi.QuestionKind(f.Get(k + "kind")), Title: f.Get(k + "title"),
			Required: f.Get(k+"required") != ""}
		if l := strings.TrimSpace(f.Get(k + "labels")); l != "" {
			q.Labels = strings.Split(l, "/")
			for j := range q.Labels {
				q.Labels[j] = strings.TrimSpace(q.Labels[j])
			}
		}
		for j := 0; f.Has(fmt.Sprintf("%so%d.label", k, j)); j++ {
			o := fmt.Sprintf("%so%d.", k, j)
			q.Options = append(q.Options, minyi.Option{ID: f.Get(o + "id"), Label: f.Get(o + "label"), Next: f.Get(o + "next")})
		}
		sv.Questions = append(sv.Questions, q)
	}
	return sv
}

// applyBuilderOp applies one builder button: addq, delq:i, upq:i,
// downq:i, addopt:i, delopt:i:j.
func applyBuilderOp(sv *minyi.Survey, op string, kind minyi.QuestionKind) {
	parts := strings.Split(op, ":")
	idx := func(k int) int {
		if k >= len(parts) {
			return -1
		}
		n, err := strconv.Atoi(parts[k])
		if err != nil {
			return -1
		}
		return n
	}
	i := idx(1)
	qs := sv.Questions
	valid := i >= 0 && i < len(qs)
	switch parts[0] {
	case "addq":
		if _, ok := minyi.QuestionKindLabels[kind]; !ok {
			kind = minyi.QSingle
		}
		addQuestion(sv, kind)
	case "delq":
		if valid {
			gone := qs[i].ID
			sv.Questions = slices.Delete(qs, i, i+1)
			// Jumps to the removed question would point nowhere.
			for a := range sv.Questions {
				for b := range sv.Questions[a].Options {
					if sv.Questions[a].Options[b].Next == gone {
						sv.Questions[a].Options[b].Next = ""
					}
				}
			}
		}
	case "upq":
		if valid && i > 0 {
			qs[i-1], qs[i] = qs[i], qs[i-1]
		}
	case "downq":
		if valid && i < len(qs)-1 {
			qs[i+1], qs[i] = qs[i], qs[i+1]
		}
	case "addopt":
		if valid {
			qs[i].Options = append(qs[i].Options, minyi.Option{})
		}
	case "delopt":
		if j := idx(2); valid && j >= 0 && j < len(qs[i].Options) {
			qs[i].Options = slices.Delete(qs[i].Options, j, j+1)
		}
	}
}

// surveyPageData is a survey's page.
type surveyPageData struct {
	Survey   *minyi.Survey
	Link     string
	QR       template.HTML
	CanBuild bool
	Tokens   []invitationLink
	// Jumps name the questions options jump to: "3. 未解决的原因".
	Jumps map[string]string
	// Issued and Used count the invitations, for the response rate.
	Issued, Used int
}

type invitationLink struct {
	minyi.SurveyToken
	Link string
}

func (ui *webUI) surveyPage(w http.ResponseWriter, r *http.Request) {
	ui.renderSurveyPage(w, r, http.StatusOK, nil, nil)
}

func (ui *webUI) renderSurveyPage(w http.ResponseWriter, r *http.Request, status int, tokens []minyi.SurveyToken, formErr error) {
	u, sv, err := ui.s.surveyFor(r, requireSurveyReader)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &surveyPageData{Survey: sv, Link: ui.s.surveyLink(r, sv.Code, ""), CanBuild: canBuildSurveys(u), Jumps: map[string]string{}}
	for i, q := range sv.Questions {
		d.Jumps[q.ID] = fmt.Sprintf("%d. %s", i+1, q.Title)
	}
	if d.Issued, d.Used, err = ui.s.svc.SurveyInvitations(r.Context(), sv.ID); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if sv.Status == minyi.SurveyPublished {
		svg, err := ui.s.surveyQR(r, sv.Code)
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		// The SVG is drawn by package qr from numbers only.
		d.QR = template.HTML(svg)
	}
	for _, t := range tokens {
		d.Tokens = append(d.Tokens, invitationLink{t, ui.s.surveyLink(r, sv.Code, t.Token)})
	}
	p := ui.newPage(r, sv.Title)
	p.Nav, p.Data = "surveys", d
	if formErr != nil {
		p.Error, p.Errors, p.Form = pageError(p.Lang, formErr), minyi.ErrorFields(formErr), r.PostForm
	}
	ui.render(w, r, status, "work_survey", "", p)
}

// surveyTokens makes a batch of invitations from the survey's page: a
// number of alike ones, or one per tracking number listed.
func (ui *webUI) surveyTokens(w http.ResponseWriter, r *http.Request) {
	u, sv, err := ui.s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	in := tokenRequest{District: r.FormValue("district"), Group: r.FormValue("group")}
	in.Appeals = strings.Fields(r.FormValue("appeals"))
	if len(in.Appeals) == 0 {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue("count")))
		if err != nil {
			n = 0
		}
		in.Count = n
	}
	toks, err := ui.s.createTokens(r.Context(), u, sv.ID, in)
	if err != nil {
		ui.renderSurveyPage(w, r, httpStatus(err), nil, err)
		return
	}
	ui.renderSurveyPage(w, r, http.StatusOK, toks, nil)
}

func (ui *webUI) surveyAct(w http.ResponseWriter, r *http.Request) {
	u, sv, err := ui.s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	out, _, err := ui.s.surveyAction(r, u, sv, r.PathValue("action"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/work/surveys/%d?ok=survey_%s", out.ID, r.PathValue("action")), http.StatusSeeOther)
}
