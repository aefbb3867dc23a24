package http

import (
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"minyi"
	"minyi/guidecheck"
)

// workServicesData is the data of /work/services.
type workServicesData struct {
	Query      serviceQuery
	List       *serviceList
	Prev, Next string
	Policies   []*minyi.PolicyDoc
}

// workServices renders /work/services: the editors' list of guides (by
// name, newest views first) and of policy documents.
func (ui *webUI) workServices(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	sq, err := readServiceQuery(r.URL.Query(), 50)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.listServices(r.Context(), sq)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &workServicesData{Query: sq, List: list}
	d.Prev, d.Next = pageLinks(r, list)
	if d.Policies, err = ui.s.svc.ListPolicies(r.Context(), 0, 100); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "work.services.title"))
	p.Nav = "work_services"
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_services", "", p)
}

// serviceFormData is the data of the guide form.
type serviceFormData struct {
	ID         int64 // 0: a new guide
	LifeEvents []facetLink
	Checked    map[string]bool
}

// serviceTextFields are the form's text inputs, in ServiceFields order.
var serviceTextFields = []string{"name", "code", "type", "department", "theme", "summary", "basis", "conditions",
	"materials", "process", "legal_limit", "promised_limit", "fees", "place", "hours", "phone", "visits", "link"}

// itemForm fills the form's values from an item.
func itemForm(s *minyi.ServiceItem) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"name": s.Name, "code": s.Code, "type": s.Type, "department": s.Department,
		"theme": s.Theme, "summary": s.Summary, "basis": s.Basis, "conditions": s.Conditions, "materials": s.Materials,
		"process": s.Process, "legal_limit": s.LegalLimit, "promised_limit": s.PromisedLimit, "fees": s.Fees,
		"place": s.Place, "hours": s.Hours, "phone": s.Phone, "link": s.Link} {
		v.Set(k, val)
	}
	if s.Visits != nil {
		v.Set("visits", strconv.Itoa(*s.Visits))
	}
	v["life_events"] = s.LifeEvents
	return v
}

// readItemForm copies the posted form onto an item. Visits must be a
// number or empty; no life event ticked means the keyword rules decide.
func readItemForm(r *http.Request, s *minyi.ServiceItem) error {
	f := r.PostForm
	s.Name, s.Code, s.Type, s.Department = f.Get("name"), f.Get("code"), f.Get("type"), f.Get("department")
	s.Theme, s.Summary, s.Basis, s.Conditions = f.Get("theme"), f.Get("summary"), f.Get("basis"), f.Get("conditions")
	s.Materials, s.Process, s.LegalLimit, s.PromisedLimit = f.Get("materials"), f.Get("process"), f.Get("legal_limit"), f.Get("promised_limit")
	s.Fees, s.Place, s.Hours, s.Phone, s.Link = f.Get("fees"), f.Get("place"), f.Get("hours"), f.Get("phone"), f.Get("link")
	s.Visits = nil
	if v := strings.TrimSpace(f.Get("visits")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			msg := "到现场次数应为 0 到 9 的整数"
			return &minyi.Error{Code: minyi.EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "visits must be a number", Fields: map[string]string{"visits": msg}}
		}
		s.Visits = &n
	}
	s.LifeEvents = f["life_events"]
	if len(s.LifeEvents) == 0 {
		s.LifeEvents = minyi.GuessLifeEvents(s.Name, s.Theme, s.Department)
	}
	return nil
}

func (ui *webUI) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, id int64, form url.Values, err error) {
	title := "work.services.new"
	if id != 0 {
		title = "work.services.edit"
	}
	p := ui.newPage(r, translate(langOf(r), title))
	p.Nav = "work_services"
	p.Form = form
	if err != nil {
		p.Error, p.Errors = errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
	}
	d := &serviceFormData{ID: id, Checked: map[string]bool{}}
	for _, e := range form["life_events"] {
		d.Checked[e] = true
	}
	for _, e := range minyi.LifeEventList {
		lbl := e.Name
		if p.Lang == "en" {
			lbl = translate("en", "life."+e.Key)
		}
		d.LifeEvents = append(d.LifeEvents, facetLink{Key: e.Key, Label: lbl, Icon: lifeEventIcons[e.Key], Active: d.Checked[e.Name]})
	}
	p.Data = d
	ui.render(w, r, status, "work_service_form", "", p)
}

// serviceNew renders the empty guide form.
func (ui *webUI) serviceNew(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderServiceForm(w, r, http.StatusOK, 0, url.Values{}, nil)
}

// serviceCreate stores a new guide, or shows the form again with the
// errors next to the fields.
func (ui *webUI) serviceCreate(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无法读取", "unreadable form"))
		return
	}
	item := &minyi.ServiceItem{}
	err := readItemForm(r, item)
	if err == nil {
		err = ui.s.svc.CreateServiceItem(r.Context(), item)
	}
	if err != nil {
		ui.renderServiceForm(w, r, httpStatus(err), 0, r.PostForm, err)
		return
	}
	ui.s.health.invalidate()
	ui.s.auditEdit(r, auditCreateService, item.ID, item.Name)
	http.Redirect(w, r, "/services/"+strconv.FormatInt(item.ID, 10), http.StatusSeeOther)
}

// serviceEdit renders the form of an existing guide.
func (ui *webUI) serviceEdit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	item, err := ui.s.svc.FindServiceItem(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderServiceForm(w, r, http.StatusOK, id, itemForm(item), nil)
}

// serviceUpdate saves an edited guide; its extra columns are kept.
func (ui *webUI) serviceUpdate(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	item, err := ui.s.svc.FindServiceItem(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无法读取", "unreadable form"))
		return
	}
	err = readItemForm(r, item)
	if err == nil {
		err = ui.s.svc.UpdateServiceItem(r.Context(), item)
	}
	if err != nil {
		ui.renderServiceForm(w, r, httpStatus(err), id, r.PostForm, err)
		return
	}
	ui.s.health.invalidate()
	ui.s.auditEdit(r, auditUpdateService, id, item.Name)
	http.Redirect(w, r, "/services/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// maxPolicyUpload bounds an uploaded policy file.
const maxPolicyUpload = 2 << 20

func (ui *webUI) renderPolicyForm(w http.ResponseWriter, r *http.Request, status int, id int64, form url.Values, err error) {
	title := "work.policies.new"
	if id != 0 {
		title = "work.policies.edit"
	}
	p := ui.newPage(r, translate(langOf(r), title))
	p.Nav = "work_policies"
	p.Form = form
	if err != nil {
		p.Error, p.Errors = errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
	}
	p.Data = id
	ui.render(w, r, status, "work_policy_form", "", p)
}

// readPolicyForm reads the policy form: the text from the text area or,
// when a file is chosen, from the file (.txt, .htm, .html). HTML becomes
// text as in the API.
func readPolicyForm(r *http.Request) (policyInput, error) {
	in := policyInput{Title: r.FormValue("title"), Department: r.FormValue("department"), DocNo: r.FormValue("doc_no"),
		Body: r.FormValue("body"), Format: r.FormValue("format")}
	f, h, err := r.FormFile("file")
	if err == http.ErrMissingFile || err == http.ErrNotMultipart {
		return in, nil
	} else if err != nil {
		return in, badPolicyFile()
	}
	defer f.Close()
	ext := strings.ToLower(filepath.Ext(h.Filename))
	if (ext != ".txt" && ext != ".htm" && ext != ".html") || h.Size > maxPolicyUpload {
		return in, badPolicyFile()
	}
	b, err := io.ReadAll(io.LimitReader(f, maxPolicyUpload+1))
	if err != nil || len(b) > maxPolicyUpload {
		return in, badPolicyFile()
	}
	in.Body = string(b)
	if ext != ".txt" {
		in.Format = "html"
	}
	return in, nil
}

func badPolicyFile() error {
	msg := "文件应为 .txt、.htm 或 .html，且不超过 2 MB"
	return &minyi.Error{Code: minyi.EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "the file must be .txt, .htm or .html, at most 2 MB", Fields: map[string]string{"file": msg}}
}

// policyNew renders the empty upload form.
func (ui *webUI) policyNew(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderPolicyForm(w, r, http.StatusOK, 0, url.Values{}, nil)
}

// policySave creates (id 0) or replaces a policy document from the form.
func (ui *webUI) policySave(w http.ResponseWriter, r *http.Request) {
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
	r.Body = http.MaxBytesReader(w, r.Body, maxPolicyUpload+64<<10)
	if err := r.ParseMultipartForm(maxPolicyUpload); err != nil && err != http.ErrNotMultipart {
		ui.renderPolicyForm(w, r, http.StatusBadRequest, id, r.PostForm, badPolicyFile())
		return
	}
	in, err := readPolicyForm(r)
	doc := &minyi.PolicyDoc{ID: id, CreatedBy: u.ID}
	if err == nil {
		err = in.apply(doc)
	}
	if err == nil {
		if id == 0 {
			err = ui.s.svc.CreatePolicy(r.Context(), doc)
		} else {
			err = ui.s.svc.UpdatePolicy(r.Context(), doc)
		}
	}
	if err != nil {
		ui.renderPolicyForm(w, r, httpStatus(err), id, r.PostForm, err)
		return
	}
	action := auditUpdatePolicy
	if id == 0 {
		action = auditCreatePolicy
	}
	ui.s.auditEdit(r, action, doc.ID, doc.Title)
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(doc.ID, 10), http.StatusSeeOther)
}

// policyEdit renders the form of an existing document.
func (ui *webUI) policyEdit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	doc, err := ui.s.svc.FindPolicy(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	form := url.Values{"title": {doc.Title}, "department": {doc.Department}, "doc_no": {doc.DocNo}, "body": {doc.Body}}
	ui.renderPolicyForm(w, r, http.StatusOK, id, form, nil)
}

// healthData is the data of /work/services/health.
type healthData struct {
	Report *guidecheck.Report
	At     string
	Groups []healthGroup
}

type healthGroup struct {
	Kind     string
	Findings []guidecheck.Finding
	Skipped  string
}

// serviceHealth renders /work/services/health.
func (ui *webUI) serviceHealth(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	rep, at, err := ui.s.catalogueHealth(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &healthData{Report: rep, At: fmtTime(at)}
	for _, k := range []string{guidecheck.KindMissing, guidecheck.KindDepartment, guidecheck.KindTheme, guidecheck.KindDuplicate} {
		g := healthGroup{Kind: k, Skipped: rep.Skipped[k]}
		for _, f := range rep.Findings {
			if f.Kind == k {
				g.Findings = append(g.Findings, f)
			}
		}
		d.Groups = append(d.Groups, g)
	}
	p := ui.newPage(r, translate(langOf(r), "health.title"))
	p.Nav = "work_health"
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_services_health", "", p)
}
