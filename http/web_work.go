package http

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// Queues of the workbench. Each is a filter over the user's scope; the
// store applies the scope, so a unit only ever counts its own appeals.
type queueDef struct {
	Key    string
	Label  string // catalogue key
	filter func(f *minyi.AppealFilter)
}

var openStatuses = []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened}

var unitQueues = []queueDef{
	{"to_sign", "queue.to_sign", func(f *minyi.AppealFilter) {
		f.Statuses = []minyi.Status{minyi.StatusDispatched, minyi.StatusReopened}
	}},
	{"handling", "queue.handling", func(f *minyi.AppealFilter) {
		f.Statuses = []minyi.Status{minyi.StatusSigned, minyi.StatusHandling}
	}},
	{"warning", "queue.warning", func(f *minyi.AppealFilter) { f.Warning = true }},
	{"overdue", "queue.overdue", func(f *minyi.AppealFilter) { f.Overdue = true }},
	{"all", "queue.all", func(f *minyi.AppealFilter) {}},
}

var superviseQueues = []queueDef{
	{"overdue", "queue.overdue", func(f *minyi.AppealFilter) { f.Overdue = true }},
	{"supervised", "queue.supervised", func(f *minyi.AppealFilter) {
		f.Supervised = ptr(true)
		f.Statuses = openStatuses
	}},
	{"reopened", "queue.reopened", func(f *minyi.AppealFilter) {
		f.Reopened = true
		f.Statuses = openStatuses
	}},
}

var pendingQueue = queueDef{"pending", "queue.pending", func(f *minyi.AppealFilter) {
	f.Statuses = []minyi.Status{minyi.StatusPending}
}}

// queueByKey finds a queue by its key, which is also a queue= value of GET
// /api/v1/appeals and a key of GET /api/v1/queues, so that a list and its
// badge count the same appeals. "all" is a tab, not a queue.
func queueByKey(key string) (queueDef, bool) {
	for _, defs := range [][]queueDef{{pendingQueue}, unitQueues, superviseQueues} {
		for _, q := range defs {
			if q.Key == key && key != "all" {
				return q, true
			}
		}
	}
	return queueDef{}, false
}

// countQueue counts one queue in a scope at now.
func (ui *webUI) countQueue(ctx context.Context, q queueDef, scope minyi.Scope, now time.Time) (int, error) {
	f := minyi.AppealFilter{Scope: scope, Now: now}
	q.filter(&f)
	return ui.s.svc.CountAppeals(ctx, f)
}

// queueCard is one badge on the overview.
type queueCard struct {
	Key   string
	Label string
	Count int
	Href  string
	Tone  string // colour of the badge: blue, yellow, red
}

type overviewData struct {
	Cards []queueCard
}

// overview shows the counts of the queues the user works on.
func (ui *webUI) overview(w http.ResponseWriter, r *http.Request) {
	if u := userFrom(r); u != nil && u.Role == minyi.RoleEditor {
		// The work area's front door: an editor's work is the catalogue.
		http.Redirect(w, r, homeOf(u), http.StatusSeeOther)
		return
	}
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx, now, scope := r.Context(), ui.s.now(), minyi.ScopeFor(u)
	type entry struct {
		q    queueDef
		href string
		tone string
	}
	var entries []entry
	if u.Role == minyi.RoleDispatcher || u.Role == minyi.RoleAdmin {
		entries = append(entries, entry{pendingQueue, "/work/dispatch", "blue"})
	}
	for _, q := range unitQueues[:4] {
		tone := map[string]string{"warning": "yellow", "overdue": "red"}[q.Key]
		entries = append(entries, entry{q, "/work/queue?tab=" + q.Key, tone})
	}
	if u.Role == minyi.RoleSupervisor || u.Role == minyi.RoleAdmin || u.Role == minyi.RoleDispatcher || u.Role == minyi.RoleLeader {
		for _, q := range superviseQueues[1:] {
			href := "/work/supervise?tab=" + q.Key
			if u.Role == minyi.RoleLeader {
				href = ""
			}
			entries = append(entries, entry{q, href, "red"})
		}
	}
	// One query for all badges when the store offers it.
	var counts map[string]int
	if qc, ok := ui.s.svc.(queueCounter); ok {
		c, err := qc.QueueCounts(ctx, scope, now)
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		counts = c.ByQueue()
	}
	d := overviewData{}
	for _, e := range entries {
		n, ok := counts[e.q.Key]
		if !ok {
			if n, err = ui.countQueue(ctx, e.q, scope, now); err != nil {
				ui.errorPage(w, r, err)
				return
			}
		}
		d.Cards = append(d.Cards, queueCard{Key: e.q.Key, Label: e.q.Label, Count: n, Href: e.href, Tone: e.tone})
	}
	if u.Role == minyi.RoleDispatcher || u.Role == minyi.RoleAdmin {
		waiting, err := ui.s.svc.ListChats(ctx, minyi.ChatFilter{Statuses: []minyi.ChatStatus{minyi.ChatWaiting}})
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		d.Cards = append(d.Cards, queueCard{Key: "chat", Label: "overview.chat_waiting", Count: len(waiting), Href: "/work/chat", Tone: "blue"})
	}
	p := ui.newPage(r, translate(langOf(r), "nav.overview"))
	p.Nav = "overview"
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_overview", "", p)
}

// queueRow is an appeal in a list, with its running deadline.
type queueRow struct {
	A        *minyi.Appeal // masked
	Due      *time.Time
	Level    minyi.Level
	DueLabel string
}

func rowOf(a *minyi.Appeal, now time.Time) queueRow {
	due, level, lbl := a.CurrentDeadline(now)
	return queueRow{A: a.Masked(), Due: due, Level: level, DueLabel: lbl}
}

type queueTab struct {
	Key, Label, Href string
	Count            int // -1: not counted
}

type queueData struct {
	Heading   string // catalogue key
	Tabs      []queueTab
	Active    string
	Rows      []queueRow
	Next      string // URL of the next page, "" on the last
	First     bool   // this is the first page
	FirstHref string
}

const pageSize = 20

// listQueue loads one page of a queue, newest first, paged by keyset
// (before = the last ID seen), and the tab counts.
func (ui *webUI) listQueue(r *http.Request, u *minyi.User, base string, defs []queueDef) (queueData, error) {
	ctx, now, scope := r.Context(), ui.s.now(), minyi.ScopeFor(u)
	tab := r.URL.Query().Get("tab")
	active := defs[0]
	for _, q := range defs {
		if q.Key == tab {
			active = q
		}
	}
	d := queueData{Active: active.Key, First: true, FirstHref: base + "?tab=" + active.Key}
	for _, q := range defs {
		tab := queueTab{Key: q.Key, Label: q.Label, Href: base + "?tab=" + q.Key, Count: -1}
		// The "all" tab is the unit's whole history: counting it on every
		// page view would cost more than the rest of the page together.
		if q.Key != "all" {
			n, err := ui.countQueue(ctx, q, scope, now)
			if err != nil {
				return d, err
			}
			tab.Count = n
		}
		d.Tabs = append(d.Tabs, tab)
	}
	f := minyi.AppealFilter{Scope: scope, Now: now, Limit: pageSize + 1}
	active.filter(&f)
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
		d.First = false
	}
	list, err := ui.s.svc.ListAppeals(ctx, f)
	if err != nil {
		return d, err
	}
	if len(list) > pageSize {
		list = list[:pageSize]
		d.Next = base + "?tab=" + active.Key + "&before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	for _, a := range list {
		d.Rows = append(d.Rows, rowOf(a, now))
	}
	return d, nil
}

// queue shows a unit's queues: 待签收, 办理中, 即将超时, 已超时 and all.
func (ui *webUI) queue(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	ui.queuePage(w, r, u, err, "queue", "/work/queue", unitQueues)
}

// supervise is the supervisors' view: 已超时, 督办 and 重办.
func (ui *webUI) supervise(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, minyi.RoleSupervisor, minyi.RoleDispatcher, minyi.RoleAdmin)
	ui.queuePage(w, r, u, err, "supervise", "/work/supervise", superviseQueues)
}

// queuePage renders one set of queue tabs for a user who passed (or failed,
// authErr) the page's role check.
func (ui *webUI) queuePage(w http.ResponseWriter, r *http.Request, u *minyi.User, authErr error, nav, base string, defs []queueDef) {
	if authErr != nil {
		ui.errorPage(w, r, authErr)
		return
	}
	d, err := ui.listQueue(r, u, base, defs)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d.Heading = "nav." + nav
	p := ui.newPage(r, translate(langOf(r), d.Heading))
	p.Nav = nav
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_queue", "", p)
}

// dispatchRow is one pending appeal on the dispatcher's queue; the row is
// also the htmx fragment that replaces itself after an action.
type dispatchRow struct {
	A     *minyi.Appeal // masked
	Units []*minyi.Unit
	Form  url.Values
	Error string
	Done  string // what happened, once an action succeeded
	// Advice is the Advisor's compact panel, nil without one.
	Advice *adviceView
}

type dispatchData struct {
	Rows      []*dispatchRow
	Next      string
	First     bool
	FirstHref string
	Total     int
}

// unitsByPath lists the units in tree order (by their path).
func (ui *webUI) unitsByPath(ctx context.Context) ([]*minyi.Unit, error) {
	units, err := ui.s.svc.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(units, func(i, j int) bool {
		pi, pj := units[i].Path, units[j].Path
		if pi == "" {
			pi = units[i].Name
		}
		if pj == "" {
			pj = units[j].Name
		}
		return pi < pj
	})
	return units, nil
}

func (ui *webUI) loadDispatch(r *http.Request) (dispatchData, error) {
	ctx := r.Context()
	d := dispatchData{First: true, FirstHref: "/work/dispatch"}
	units, err := ui.unitsByPath(ctx)
	if err != nil {
		return d, err
	}
	f := minyi.AppealFilter{Scope: minyi.Scope{All: true}, Statuses: []minyi.Status{minyi.StatusPending}, Limit: pageSize + 1}
	if d.Total, err = ui.s.svc.CountAppeals(ctx, f); err != nil {
		return d, err
	}
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
		d.First = false
	}
	list, err := ui.s.svc.ListAppeals(ctx, f)
	if err != nil {
		return d, err
	}
	if len(list) > pageSize {
		list = list[:pageSize]
		d.Next = "/work/dispatch?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	for _, a := range list {
		d.Rows = append(d.Rows, &dispatchRow{A: a.Masked(), Units: units, Advice: ui.newAdviceView(ctx, a, true)})
	}
	return d, nil
}

// dispatchQueue is the dispatch centre's queue of 待分拨 appeals.
func (ui *webUI) dispatchQueue(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleDispatcher, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d, err := ui.loadDispatch(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "nav.dispatch"))
	p.Nav = "dispatch"
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_dispatch", "", p)
}

// dispatchAct dispatches, merges or closes (无效办结) one pending appeal from
// the queue. With htmx the row is replaced in place; without it the page
// reloads.
func (ui *webUI) dispatchAct(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, minyi.RoleDispatcher, minyi.RoleAdmin)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx, no, lang := r.Context(), r.PathValue("no"), langOf(r)
	// The forms are read as on the appeal page; the urgent box shows the
	// appeal's flag, so an unticked box clears it.
	act := minyi.Action(r.PostFormValue("action"))
	switch act {
	case minyi.ActDispatch, minyi.ActMerge, minyi.ActClose:
	default:
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "未知操作：%s", "unknown action: %s", string(act)))
		return
	}
	req := actionRequest(r, act)
	a, actErr := ui.s.svc.Act(ctx, no, req, minyi.ActorFor(u), minyi.ScopeFor(u))
	if c := minyi.ErrorCode(actErr); actErr != nil && c != minyi.EINVALID && c != minyi.ECONFLICT && c != minyi.ENOTFOUND {
		ui.errorPage(w, r, actErr)
		return
	}
	if !isHTMX(r) {
		if actErr == nil {
			http.Redirect(w, r, "/work/dispatch?ok=acted&act="+string(req.Action), http.StatusSeeOther)
			return
		}
		d, err := ui.loadDispatch(r)
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		for _, row := range d.Rows {
			if row.A.TrackingNo == no {
				row.Error, row.Form = errorText(lang, actErr), r.PostForm
			}
		}
		p := ui.newPage(r, translate(lang, "nav.dispatch"))
		p.Nav = "dispatch"
		p.Error = errorText(lang, actErr)
		p.Data = d
		ui.render(w, r, httpStatus(actErr), "work_dispatch", "", p)
		return
	}
	units, err := ui.unitsByPath(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	row := &dispatchRow{Units: units, Form: r.PostForm}
	if actErr != nil {
		row.Error = errorText(lang, actErr)
		if a, err = ui.s.svc.FindAppeal(ctx, no, minyi.ScopeFor(u)); err != nil {
			ui.errorPage(w, r, err)
			return
		}
		if a.Status == minyi.StatusPending {
			row.Advice = ui.newAdviceView(ctx, a, true)
		}
	} else {
		switch req.Action {
		case minyi.ActDispatch:
			row.Done = translate(lang, "dispatch.done_dispatch") + " " + a.UnitName
		case minyi.ActMerge:
			row.Done = translate(lang, "dispatch.done_merge") + " " + a.ParentNo
		default:
			row.Done = translate(lang, "dispatch.done_close")
		}
	}
	row.A = a.Masked()
	// htmx swaps only successful responses, so errors come back as 200 too.
	ui.renderData(w, http.StatusOK, lang, "work_dispatch", "dispatch_row", row)
}

// errorText is an error's message in the visitor's language, with the
// first field message when there is one and it says more.
func errorText(lang string, err error) string {
	if lang == "en" {
		return minyi.ErrorMessageEN(err)
	}
	msg := minyi.ErrorMessage(err)
	if f := minyi.ErrorFields(err); len(f) == 1 {
		for _, v := range f {
			if !strings.Contains(msg, v) {
				return v
			}
		}
	}
	return msg
}

func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}
