package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"minyi"
)

// The chat's canned answers (快捷回复), kept by content editors and
// administrators: the API under /api/v1/canned and the pages under
// /work/canned. The chat console offers them as "canned-<id>" (chat.go).

func (s *Server) registerCannedAPI() {
	m := s.mux
	m.HandleFunc("GET /api/v1/canned", s.apiListCanned)
	m.HandleFunc("POST /api/v1/canned", s.apiCreateCanned)
	m.HandleFunc("GET /api/v1/canned/{id}", s.apiGetCanned)
	m.HandleFunc("PUT /api/v1/canned/{id}", s.apiUpdateCanned)
	m.HandleFunc("DELETE /api/v1/canned/{id}", s.apiDeleteCanned)
}

func (ui *webUI) registerCannedPages(m *http.ServeMux) {
	m.HandleFunc("GET /work/canned", ui.cannedList)
	m.HandleFunc("GET /work/canned/new", ui.cannedNew)
	m.HandleFunc("POST /work/canned/new", ui.cannedSave)
	m.HandleFunc("GET /work/canned/{id}/edit", ui.cannedEdit)
	m.HandleFunc("POST /work/canned/{id}/edit", ui.cannedSave)
	m.HandleFunc("POST /work/canned/{id}/delete", ui.cannedDelete)
}

// apiListCanned handles GET /api/v1/canned (editors).
func (s *Server) apiListCanned(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.svc.ListCannedTexts(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

// editorsCanned returns the signed-in editor and the canned answer named
// by the path's {id}.
func (s *Server) editorsCanned(r *http.Request) (*minyi.User, *minyi.CannedText, error) {
	u, err := requireEditor(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	c, err := s.svc.FindCannedText(r.Context(), id)
	return u, c, err
}

// apiGetCanned handles GET /api/v1/canned/{id} (editors).
func (s *Server) apiGetCanned(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.editorsCanned(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": c})
}

// cannedInput is a canned answer as the API takes it; on PUT the fields
// left out keep their values.
type cannedInput struct {
	Position *int    `json:"position"`
	Title    *string `json:"title"`
	Text     *string `json:"text"`
}

func (in cannedInput) apply(c *minyi.CannedText) {
	if in.Position != nil {
		c.Position = *in.Position
	}
	if in.Title != nil {
		c.Title = *in.Title
	}
	if in.Text != nil {
		c.Text = *in.Text
	}
}

// apiCreateCanned handles POST /api/v1/canned (editors).
func (s *Server) apiCreateCanned(w http.ResponseWriter, r *http.Request) {
	u, err := requireEditor(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in cannedInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	c := &minyi.CannedText{UpdatedBy: u.Username}
	in.apply(c)
	if err := s.svc.CreateCannedText(r.Context(), c); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.auditEdit(r, auditCreateCanned, c.ID, c.Title)
	writeJSON(w, http.StatusCreated, map[string]any{"item": c})
}

// apiUpdateCanned handles PUT /api/v1/canned/{id} (editors).
func (s *Server) apiUpdateCanned(w http.ResponseWriter, r *http.Request) {
	u, c, err := s.editorsCanned(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in cannedInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	in.apply(c)
	c.UpdatedBy = u.Username
	if err := s.svc.UpdateCannedText(r.Context(), c); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.auditEdit(r, auditUpdateCanned, c.ID, c.Title)
	writeJSON(w, http.StatusOK, map[string]any{"item": c})
}

// apiDeleteCanned handles DELETE /api/v1/canned/{id} (editors): 204.
func (s *Server) apiDeleteCanned(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.DeleteCannedText(r.Context(), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.auditEdit(r, auditDeleteCanned, id, "")
	w.WriteHeader(http.StatusNoContent)
}

// cannedList renders /work/canned: every canned answer in the chat's order.
func (ui *webUI) cannedList(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.svc.ListCannedTexts(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "canned.title"))
	p.Nav = "work_canned"
	p.Data = list
	ui.render(w, r, http.StatusOK, "work_canned", "", p)
}

// cannedFormData is the data of the canned answer form.
type cannedFormData struct {
	ID       int64 // 0: a new answer
	MaxTitle int
	MaxText  int
}

func (ui *webUI) renderCannedForm(w http.ResponseWriter, r *http.Request, status int, id int64, form url.Values, err error) {
	title := "canned.new"
	if id != 0 {
		title = "canned.edit"
	}
	p := ui.newPage(r, translate(langOf(r), title))
	p.Nav = "work_canned"
	p.Form = form
	if err != nil {
		p.Error, p.Errors = errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
	}
	p.Data = &cannedFormData{ID: id, MaxTitle: minyi.MaxCannedTitleLen, MaxText: minyi.MaxCannedTextLen}
	ui.render(w, r, status, "work_canned_form", "", p)
}

// cannedNew renders the empty form.
func (ui *webUI) cannedNew(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderCannedForm(w, r, http.StatusOK, 0, url.Values{}, nil)
}

// cannedEdit renders the form of an existing answer.
func (ui *webUI) cannedEdit(w http.ResponseWriter, r *http.Request) {
	_, c, err := ui.s.editorsCanned(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderCannedForm(w, r, http.StatusOK, c.ID, cannedForm(c), nil)
}

// cannedForm is the form filled with a stored answer.
func cannedForm(c *minyi.CannedText) url.Values {
	return url.Values{"title": {c.Title}, "text": {c.Text}, "position": {strconv.Itoa(c.Position)}}
}

// cannedSave creates (no id in the path) or replaces an answer from the
// form, and goes back to the list.
func (ui *webUI) cannedSave(w http.ResponseWriter, r *http.Request) {
	u, err := requireEditor(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	var id int64
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			ui.errorPage(w, r, err)
			return
		}
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无法读取", "the form could not be read"))
		return
	}
	c := &minyi.CannedText{ID: id, Title: r.PostFormValue("title"), Text: r.PostFormValue("text"), UpdatedBy: u.Username}
	if v := strings.TrimSpace(r.PostFormValue("position")); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil {
			msg := "顺序应为 0 到 10000 的整数（0 表示排在最后）"
			err = &minyi.Error{Code: minyi.EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "position must be a whole number", Fields: map[string]string{"position": msg}}
		}
		c.Position = n
	}
	if err == nil {
		if id == 0 {
			err = ui.s.svc.CreateCannedText(r.Context(), c)
		} else {
			err = ui.s.svc.UpdateCannedText(r.Context(), c)
		}
	}
	if err != nil {
		if minyi.ErrorCode(err) == minyi.ENOTFOUND {
			ui.errorPage(w, r, err)
			return
		}
		ui.renderCannedForm(w, r, httpStatus(err), id, r.PostForm, err)
		return
	}
	action := auditUpdateCanned
	if id == 0 {
		action = auditCreateCanned
	}
	ui.s.auditEdit(r, action, c.ID, c.Title)
	http.Redirect(w, r, "/work/canned?ok=canned_saved", http.StatusSeeOther)
}

// cannedDelete removes an answer once the editor ticked the confirmation.
func (ui *webUI) cannedDelete(w http.ResponseWriter, r *http.Request) {
	_, c, err := ui.s.editorsCanned(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "1" {
		// A checkbox rather than a script's dialog: the pages run no
		// inline script.
		msg := "请勾选“确认删除”后再删除"
		err = &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: "tick the confirmation to delete", Fields: map[string]string{"confirm": msg}}
		ui.renderCannedForm(w, r, http.StatusBadRequest, c.ID, cannedForm(c), err)
		return
	}
	if err := ui.s.svc.DeleteCannedText(r.Context(), c.ID); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.s.auditEdit(r, auditDeleteCanned, c.ID, "")
	http.Redirect(w, r, "/work/canned?ok=canned_deleted", http.StatusSeeOther)
}
