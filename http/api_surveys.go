package http

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"minyi"
	"minyi/text"
)

// registerSurveyAPI registers satisfaction surveys: building and results
// for staff, and the public side by code.
func (s *Server) registerSurveyAPI() {
	m := s.mux
	m.HandleFunc("GET /api/v1/surveys", s.apiListSurveys)
	m.HandleFunc("POST /api/v1/surveys", s.apiCreateSurvey)
	m.HandleFunc("GET /api/v1/surveys/{id}", s.apiGetSurvey)
	m.HandleFunc("PUT /api/v1/surveys/{id}", s.apiUpdateSurvey)
	m.HandleFunc("POST /api/v1/surveys/{id}/tokens", s.apiSurveyTokens)
	m.HandleFunc("POST /api/v1/surveys/{id}/{action}", s.apiSurveyAct)
	m.HandleFunc("GET /api/v1/surveys/{id}/results", s.apiSurveyResults)
	m.HandleFunc("GET /api/v1/surveys/{id}/responses.csv", s.apiSurveyCSV)
	m.HandleFunc("GET /api/v1/s/{code}", s.apiPublicSurvey)
	m.HandleFunc("POST /api/v1/s/{code}/responses", s.apiRespond)
}

// surveyInput is what a builder sends: the survey without what the
// server decides (id, code, status, times).
type surveyInput struct {
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Open        *bool            `json:"open"`
	Questions   []minyi.Question `json:"questions"`
}

func (in surveyInput) survey() *minyi.Survey {
	open := in.Open == nil || *in.Open
	return &minyi.Survey{Title: in.Title, Description: in.Description, Open: open, Questions: in.Questions}
}

// surveyFor resolves {id} for a role check.
func (s *Server) surveyFor(r *http.Request, need func(*http.Request) (*minyi.User, error)) (*minyi.User, *minyi.Survey, error) {
	u, err := need(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	sv, err := s.svc.FindSurvey(r.Context(), id)
	return u, sv, err
}

func (s *Server) apiListSurveys(w http.ResponseWriter, r *http.Request) {
	if _, err := requireSurveyReader(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.svc.ListSurveys(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"surveys": nonNil(list)})
}

func (s *Server) apiCreateSurvey(w http.ResponseWriter, r *http.Request) {
	u, err := requireSurveyBuilder(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in surveyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	sv := in.survey()
	sv.CreatedBy = u.Username
	if err := s.svc.CreateSurvey(r.Context(), sv); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/surveys/"+strconv.FormatInt(sv.ID, 10))
	writeJSON(w, http.StatusCreated, sv)
}

// surveyView is a survey with its public link and its invitations.
type surveyView struct {
	*minyi.Survey
	Link        string `json:"link"`
	Invitations struct {
		Issued int `json:"issued"`
		Used   int `json:"used"`
	} `json:"invitations"`
}

func (s *Server) apiGetSurvey(w http.ResponseWriter, r *http.Request) {
	_, sv, err := s.surveyFor(r, requireSurveyReader)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v := surveyView{Survey: sv, Link: s.surveyLink(r, sv.Code, "")}
	if v.Invitations.Issued, v.Invitations.Used, err = s.svc.SurveyInvitations(r.Context(), sv.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiUpdateSurvey(w http.ResponseWriter, r *http.Request) {
	_, sv, err := s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in surveyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	next := in.survey()
	next.ID = sv.ID
	if in.Open == nil {
		next.Open = sv.Open
	}
	if in.Questions == nil { // retitling a published survey needs no questions
		next.Questions = sv.Questions
	}
	if err := s.svc.UpdateSurvey(r.Context(), next); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, next)
}

// apiSurveyAct handles publish, close and copy (a new draft of the
// questions, the way to change a published survey).
func (s *Server) apiSurveyAct(w http.ResponseWriter, r *http.Request) {
	u, sv, err := s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out, status, err := s.surveyAction(r, u, sv, r.PathValue("action"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, out)
}

func (s *Server) surveyAction(r *http.Request, u *minyi.User, sv *minyi.Survey, action string) (*minyi.Survey, int, error) {
	ctx := r.Context()
	switch action {
	case "publish":
		out, err := s.svc.SetSurveyStatus(ctx, sv.ID, minyi.SurveyPublished)
		return out, http.StatusOK, err
	case "close":
		out, err := s.svc.SetSurveyStatus(ctx, sv.ID, minyi.SurveyClosed)
		return out, http.StatusOK, err
	case "copy":
		c := sv.Copy()
		c.CreatedBy = u.Username
		return c, http.StatusCreated, s.svc.CreateSurvey(ctx, c)
	}
	return nil, 0, minyi.Errorf(minyi.ENOTFOUND, "未知操作：%s", "unknown action: %s", action)
}

func (s *Server) apiSurveyTokens(w http.ResponseWriter, r *http.Request) {
	u, sv, err := s.surveyFor(r, requireSurveyBuilder)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in tokenRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	toks, err := s.createTokens(r.Context(), u, sv.ID, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type invitation struct {
		minyi.SurveyToken
		Link string `json:"link"`
	}
	out := make([]invitation, len(toks))
	for i, t := range toks {
		out[i] = invitation{t, s.surveyLink(r, sv.Code, t.Token)}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"tokens": out})
}

func (s *Server) apiSurveyResults(w http.ResponseWriter, r *http.Request) {
	_, sv, err := s.surveyFor(r, requireSurveyReader)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.surveyResults(r.Context(), sv)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiSurveyCSV handles GET /api/v1/surveys/{id}/responses.csv: one row per
// response, UTF-8 with a byte-order mark for Excel, free text masked.
// Like the appeal export, each download is audited before a row is sent.
func (s *Server) apiSurveyCSV(w http.ResponseWriter, r *http.Request) {
	u, sv, err := s.surveyFor(r, requireSurveyReader)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx := r.Context()
	list, err := s.svc.SurveyResponses(ctx, sv.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	entry := &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "export_survey", Target: "survey:" + strconv.FormatInt(sv.ID, 10),
		Detail: fmt.Sprintf("导出问卷“%s”答卷 %d 份", sv.Title, len(list)), At: s.now()}
	if err := s.svc.Audit(ctx, entry); err != nil {
		s.apiError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="survey-%d.csv"`, sv.ID))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	for _, rec := range surveyCSV(sv, list, langOf(r) == "en") {
		_ = cw.Write(rec)
	}
	cw.Flush()
}

// surveyCSV is the header and one record per response: choices by their
// labels (several joined by "；"), scale and NPS values, masked text.
func surveyCSV(sv *minyi.Survey, list []*minyi.SurveyResponse, en bool) [][]string {
	head := []string{"答卷编号", "提交时间", "所在区", "分组", "邀请填写"}
	if en {
		head = []string{"Response", "Submitted", "District", "Group", "Invited"}
	}
	for _, q := range sv.Questions {
		head = append(head, q.Title)
	}
	out := [][]string{head}
	for _, resp := range list {
		inv := "否"
		if resp.Invited {
			inv = "是"
		}
		rec := []string{strconv.FormatInt(resp.ID, 10), fmtTime(&resp.SubmittedAt), resp.District, resp.Group, inv}
		for _, q := range sv.Questions {
			rec = append(rec, answerText(q, resp.Answers[q.ID]))
		}
		for i, v := range rec {
			rec[i] = cellSafe(v)
		}
		out = append(out, rec)
	}
	return out
}

func answerText(q minyi.Question, a minyi.Answer) string {
	label := func(id string) string {
		for _, o := range q.Options {
			if o.ID == id {
				return o.Label
			}
		}
		return id
	}
	switch {
	case a.Option != "":
		return label(a.Option)
	case len(a.Options) > 0:
		var ls []string
		for _, id := range a.Options {
			ls = append(ls, label(id))
		}
		return strings.Join(ls, "；")
	case a.Value != nil:
		return strconv.Itoa(*a.Value)
	}
	return text.Mask(a.Text)
}

// publicSurvey is what respondents see: the questions, without counts
// or who made it.
type publicSurvey struct {
	Code        string             `json:"code"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Status      minyi.SurveyStatus `json:"status"`
	Questions   []minyi.Question   `json:"questions"`
	Answered    bool               `json:"answered"`
}

func (s *Server) apiPublicSurvey(w http.ResponseWriter, r *http.Request) {
	sv, err := s.svc.FindSurveyByCode(r.Context(), r.PathValue("code"))
	if err == nil && sv.Status == minyi.SurveyDraft {
		err = errSurveyNotFound
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	q := r.URL.Query()
	rs := s.respondentFor(w, r, q.Get("t"), "", "")
	done, err := s.answered(r.Context(), sv, rs)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, publicSurvey{sv.Code, sv.Title, sv.Description, sv.Status, sv.Questions, done})
}

var errSurveyNotFound = &minyi.Error{Code: minyi.ENOTFOUND, Message: "问卷不存在或尚未发布", MessageEN: "no such survey, or it is not published"}

func (s *Server) apiRespond(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token    string        `json:"token"`
		District string        `json:"district"`
		Group    string        `json:"group"`
		Answers  minyi.Answers `json:"answers"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	resp, err := s.respond(r, r.PathValue("code"), s.respondentFor(w, r, in.Token, in.District, in.Group), in.Answers)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": resp.ID, "submitted_at": resp.SubmittedAt,
		"message": "提交成功，感谢您的参与！", "message_en": "Thank you, your answers were saved."})
}

// respond stores a respondent's answers to the survey of code.
func (s *Server) respond(r *http.Request, code string, rs respondent, a minyi.Answers) (*minyi.SurveyResponse, error) {
	sv, err := s.svc.FindSurveyByCode(r.Context(), code)
	if err == nil && sv.Status == minyi.SurveyDraft {
		err = errSurveyNotFound
	}
	if err != nil {
		return nil, err
	}
	if !rs.Invited && !s.surveyLimits.attempt("survey:"+clientHost(r), s.now()) {
		return nil, minyi.Errorf(minyi.ETOOMANY, "提交过于频繁，请稍后再试", "too many answers from this address; try again later")
	}
	resp := &minyi.SurveyResponse{SurveyID: sv.ID, Token: rs.Token, Invited: rs.Invited, District: rs.District, Group: rs.Group, Answers: a}
	return resp, s.svc.SubmitSurveyResponse(r.Context(), resp)
}
