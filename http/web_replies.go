package http

import (
	"net/http"

	"minyi"
	"minyi/replies"
)

// repliesPageData is the data of /work/replies.
type repliesPageData struct {
	*replyList
	AllUnits bool // the reader may choose a unit
	DayOpts  []int
	Formula  string
}

// repliesPage renders /work/replies: the weakest recent replies, for
// supervisors (every unit) and a unit's own staff, each leading to its
// appeal page with the reasons.
func (ui *webUI) repliesPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, replyListRoles...)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx := r.Context()
	l, err := ui.s.replyList(ctx, u, r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &repliesPageData{replyList: l, AllUnits: minyi.ScopeFor(u).All, DayOpts: []int{7, 30, 90, 365}, Formula: replies.Formula}
	if d.AllUnits {
		if d.Units, err = ui.unitsByPath(ctx); err != nil {
			ui.errorPage(w, r, err)
			return
		}
	}
	p := ui.newPage(r, translate(langOf(r), "rq.page_title"))
	p.Nav = "replies"
	p.Data = d
	ui.render(w, r, http.StatusOK, "work_replies", "", p)
}
