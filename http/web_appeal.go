package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// contactData is the unmasked contact, shown after an audited request.
type contactData struct {
	Name    string
	Phone   string
	Address string
}

type appealData struct {
	A           *minyi.Appeal // masked
	Events      []*minyi.Event
	Attachments []*minyi.Attachment
	Due         *time.Time
	DueLabel    string
	Level       minyi.Level
	Allowed     map[string]bool // by action code
	AnyAction   bool
	Units       []*minyi.Unit
	CanContact  bool         // may ask to see the contact details
	CanFiles    bool         // may download attachments
	Contact     *contactData // set once revealed
	ActAction   string       // the action whose form has an error
	ActError    string
	ActFields   map[string]string
	ActForm     url.Values
	Ratings     []minyi.Rating

	// For the dispatch centre (web_advice.go): routing advice, the
	// categories to choose on dispatch, and appeals that read alike.
	Advice        *adviceView
	SuggestedCats map[int64]float64 // category ID → probability
	Categories    []*minyi.Category
	Similar       []minyi.SimilarAppeal

	// Quality is the score of the reply, for the replying unit's staff and
	// supervisors (api_replies.go).
	Quality *replyQualityView
}

// FieldErr returns the message for one field of the form that failed.
func (d *appealData) FieldErr(act, field string) string {
	if d.ActAction != act {
		return ""
	}
	return d.ActFields[field]
}

// ErrFor returns the error of an action's form, if that form failed.
func (d *appealData) ErrFor(act string) string {
	if d.ActAction != act {
		return ""
	}
	return d.ActError
}

// FormVal returns what was entered in the form that failed.
func (d *appealData) FormVal(act, field string) string {
	if d.ActAction != act || d.ActForm == nil {
		return ""
	}
	return d.ActForm.Get(field)
}

// allowedActions asks the state machine which actions the actor may take
// now: each is tried on a copy of the appeal with an empty request. An
// action refused for permission or state is hidden; one that only lacks
// input (a reason, a unit) gets its form. The rules live in minyi.Apply only.
func allowedActions(a *minyi.Appeal, actor minyi.Actor, now time.Time, pol *minyi.Policy) map[string]bool {
	out := map[string]bool{}
	for _, act := range minyi.Actions {
		c := *a
		_, err := minyi.Apply(&c, minyi.ActionRequest{Action: act}, actor, now, pol)
		if err == nil || minyi.ErrorCode(err) == minyi.EINVALID {
			out[string(act)] = true
		}
	}
	return out
}

// loadAppeal gathers the appeal page for a staff user; the scope makes an
// appeal of another unit a 404.
func (ui *webUI) loadAppeal(ctx context.Context, u *minyi.User, no string) (*appealData, *minyi.Appeal, error) {
	a, err := ui.s.svc.FindAppeal(ctx, no, minyi.ScopeFor(u))
	if err != nil {
		return nil, nil, err
	}
	evs, err := ui.s.svc.Timeline(ctx, a.ID)
	if err != nil {
		return nil, nil, err
	}
	settings, err := ui.s.svc.Settings(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := ui.s.now()
	d := &appealData{
		A: a.Masked(), Events: evs, CanContact: minyi.CanSeeContact(u), CanFiles: u.Role != minyi.RoleEvaluator,
		Allowed: allowedActions(a, minyi.ActorFor(u), now, settings.Policy()),
		Ratings: []minyi.Rating{minyi.RatingVerySatisfied, minyi.RatingSatisfied, minyi.RatingBasic, minyi.RatingDissatisfied, minyi.RatingVeryDissatisfied},
	}
	if u.Role == minyi.RoleEvaluator {
		// Evaluators see every appeal de-identified, as the API shows it.
		d.A, d.Events = deidentify(a), deidentifyNotes(evs)
	}
	d.Due, d.Level, d.DueLabel = a.CurrentDeadline(now)
	d.AnyAction = len(d.Allowed) > 0
	if as, ok := ui.s.svc.(attachmentStore); ok {
		if d.Attachments, err = as.ListAttachments(ctx, a.ID); err != nil {
			return nil, nil, err
		}
	}
	if d.Allowed[string(minyi.ActDispatch)] || d.Allowed[string(minyi.ActTransfer)] {
		if d.Units, err = ui.unitsByPath(ctx); err != nil {
			return nil, nil, err
		}
	}
	if err := ui.addAdvice(ctx, u, a, d); err != nil {
		return nil, nil, err
	}
	if maySeeReplyQuality(u, a) {
		if d.Quality, err = ui.s.replyQuality(ctx, a); err != nil {
			return nil, nil, err
		}
	}
	return d, a, nil
}

func (ui *webUI) renderAppeal(w http.ResponseWriter, r *http.Request, status int, d *appealData) {
	p := ui.newPage(r, d.A.TrackingNo)
	p.Nav = "queue"
	p.Data = d
	ui.render(w, r, status, "work_appeal", "", p)
}

// appeal is the staff page of one appeal: its fields, deadline, timeline,
// attachments and a form for every action the user may take now.
func (ui *webUI) appeal(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d, _, err := ui.loadAppeal(r.Context(), u, r.PathValue("no"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderAppeal(w, r, http.StatusOK, d)
}

// actionRequest reads an action's form.
func actionRequest(r *http.Request, act minyi.Action) minyi.ActionRequest {
	req := minyi.ActionRequest{
		Action: act,
		UnitID: formInt(r, "unit_id"),
		// On dispatch and transfer: sets or corrects the category; 0 leaves it.
		CategoryID: formInt(r, "category_id"),
		Note:       strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n"),
		ParentNo:   strings.ToUpper(strings.TrimSpace(r.PostFormValue("parent_no"))),
		Approve:    r.PostFormValue("approve") == "1",
	}
	if n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days"))); err == nil {
		req.Days = n
	}
	if v, ok := minyi.ParseRating(r.PostFormValue("rating")); ok {
		req.Rating = v
	}
	switch r.PostFormValue("solved") {
	case "yes":
		req.Solved = ptr(true)
	case "no":
		req.Solved = ptr(false)
	}
	if act == minyi.ActDispatch {
		req.Urgent = ptr(r.PostFormValue("urgent") != "")
	}
	return req
}

// appealAct applies one action from the appeal page. Errors are shown at
// the form they came from; success reloads the page (or the queue, when the
// appeal has left the user's scope, e.g. after 退回 or 转办).
func (ui *webUI) appealAct(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	act, ok := minyi.ParseAction(r.PathValue("action"))
	if !ok {
		ui.notFound(w, r)
		return
	}
	ctx, no := r.Context(), r.PathValue("no")
	scope := minyi.ScopeFor(u)
	a, actErr := ui.s.svc.Act(ctx, no, actionRequest(r, act), minyi.ActorFor(u), scope)
	if actErr == nil {
		ui.s.scoreReply(ctx, act, a)
		target := "/work/appeals/" + url.PathEscape(no)
		if !scope.Allows(a) {
			target = "/work/queue"
		}
		http.Redirect(w, r, target+"?ok=acted&act="+string(act), http.StatusSeeOther)
		return
	}
	// A missing unit or merge target is the form's error; a missing appeal
	// shows as 404 when the page is loaded again below.
	switch minyi.ErrorCode(actErr) {
	case minyi.EINVALID, minyi.ECONFLICT, minyi.EFORBIDDEN, minyi.ENOTFOUND:
	default:
		ui.errorPage(w, r, actErr)
		return
	}
	d, _, err := ui.loadAppeal(ctx, u, no)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	d.ActAction, d.ActError, d.ActFields, d.ActForm = string(act), errorText(lang, actErr), minyi.ErrorFields(actErr), r.PostForm
	ui.renderAppeal(w, r, httpStatus(actErr), d)
}

// viewContact reveals the unmasked contact details to a role that may see
// them, and writes the audit entry first: no entry, no details.
func (ui *webUI) viewContact(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if !minyi.CanSeeContact(u) {
		ui.errorPage(w, r, minyi.Errorf(minyi.EFORBIDDEN, "您的角色无权查看联系方式", "your role may not see contact details"))
		return
	}
	ctx, no := r.Context(), r.PathValue("no")
	d, a, err := ui.loadAppeal(ctx, u, no)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	entry := &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: minyi.AuditViewContact, Target: a.TrackingNo, At: ui.s.now(), Detail: "查看诉求人联系方式"}
	if err := ui.s.svc.Audit(ctx, entry); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d.Contact = &contactData{Name: a.ContactName, Phone: a.ContactPhone, Address: a.Address}
	if isHTMX(r) {
		ui.renderData(w, http.StatusOK, langOf(r), "work_appeal", "contact", d)
		return
	}
	ui.renderAppeal(w, r, http.StatusOK, d)
}

// attachment sends one file of an appeal the user may read.
func (ui *webUI) attachment(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if u.Role == minyi.RoleEvaluator {
		ui.errorPage(w, r, errEvaluatorFiles())
		return
	}
	a, err := ui.s.svc.FindAppeal(r.Context(), r.PathValue("no"), minyi.ScopeFor(u))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = ui.s.sendAttachment(w, r, a, id)
	}
	if err != nil {
		ui.errorPage(w, r, err)
	}
}
