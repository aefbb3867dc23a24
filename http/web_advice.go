package http

import (
	"context"
	"net/http"
	"net/url"

	"minyi"
)

// adviceView is the "智能分拨建议" panel of one appeal: the Advisor's
// suggestions with a one-click dispatch form per suggested unit. The same
// panel sits on the appeal page and, compact, in each dispatch-queue row.
type adviceView struct {
	No     string
	Urgent bool // kept on one-click dispatch: the form's unticked box clears it
	Advice *minyi.Advice
	// BestCategoryID goes with every one-click dispatch, so the category
	// is set (or corrected) in the same step.
	BestCategoryID int64
	// Compact: the queue row shows the units only and posts to the queue
	// (htmx replaces the row); the appeal page posts to its action URL.
	Compact bool
}

// Action is where a one-click dispatch posts.
func (v *adviceView) Action() string {
	if v.Compact {
		return "/work/dispatch/" + url.PathEscape(v.No)
	}
	return "/work/appeals/" + url.PathEscape(v.No) + "/act/dispatch"
}

// newAdviceView asks the Advisor about a (unmasked: the model reads the
// text as written) and returns the panel, or nil when there is no advice.
func (ui *webUI) newAdviceView(ctx context.Context, a *minyi.Appeal, compact bool) *adviceView {
	adv := ui.s.advise(ctx, a)
	if adv == nil {
		return nil
	}
	v := &adviceView{No: a.TrackingNo, Urgent: a.Urgent, Advice: adv, Compact: compact}
	if len(adv.Categories) > 0 {
		v.BestCategoryID = adv.Categories[0].CategoryID
	}
	return v
}

// isCentreUser reports whether the user works at the dispatch centre, the
// only people routing advice is for.
func isCentreUser(u *minyi.User) bool {
	return u != nil && (u.Role == minyi.RoleDispatcher || u.Role == minyi.RoleAdmin)
}

// addAdvice fills the appeal page's routing advice, similar appeals and
// category choice for the dispatch centre: advice and categories while
// the appeal can be dispatched, similar appeals while it can be merged.
func (ui *webUI) addAdvice(ctx context.Context, u *minyi.User, a *minyi.Appeal, d *appealData) error {
	if !isCentreUser(u) {
		return nil
	}
	if d.Allowed[string(minyi.ActDispatch)] {
		d.Advice = ui.newAdviceView(ctx, a, false)
		if d.Advice != nil {
			d.SuggestedCats = map[int64]float64{}
			for _, c := range d.Advice.Advice.Categories {
				d.SuggestedCats[c.CategoryID] = c.Probability
			}
		}
		cats, err := ui.s.svc.ListCategories(ctx)
		if err != nil {
			return err
		}
		d.Categories = cats
	}
	if d.Allowed[string(minyi.ActMerge)] {
		d.Similar = ui.s.similar(ctx, a.Title, a.Content, a.ID)
	}
	return nil
}

// similarData is the submit form's "类似诉求正在办理中" fragment.
type similarData struct {
	Items []publicSimilar
}

// submitSimilar answers the submit form's htmx request as the citizen
// types: the open appeals that read like the title and content, titles
// masked. Over the per-client limit, or with nothing similar, the
// fragment is empty and the form goes on as before.
func (ui *webUI) submitSimilar(w http.ResponseWriter, r *http.Request) {
	title, content := r.PostFormValue("title"), r.PostFormValue("content")
	var d similarData
	if len(title) <= 4*minyi.MaxTitleLen && len(content) <= 4*minyi.MaxContentLen && ui.s.allowSimilar(r) {
		d.Items = publicSimilars(ui.s.similar(r.Context(), title, content, 0))
	}
	ui.renderData(w, http.StatusOK, langOf(r), "similar", "similar_list", d)
}

// supportedData confirms a 我也遇到.
type supportedData struct {
	TrackingNo string
	Supporters int
	Error      string
}

// supportPost records a 我也遇到 (support) from anyone, as
// POST /api/v1/appeals/{no}/support does. htmx gets the confirmation
// above the list (which a look-up still under way may redraw) and the
// button replaced by a mark; without JavaScript a page shows it.
func (ui *webUI) supportPost(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	a, err := ui.s.svc.Act(r.Context(), r.PathValue("no"), minyi.ActionRequest{Action: minyi.ActSupport, Voter: ui.s.voterOf(w, r)}, minyi.ActorFor(userFrom(r)), minyi.Scope{All: true})
	d := supportedData{TrackingNo: r.PathValue("no")}
	switch c := minyi.ErrorCode(err); {
	case err == nil:
		d.TrackingNo, d.Supporters = a.TrackingNo, a.Supporters
	case c == minyi.ECONFLICT || c == minyi.ENOTFOUND:
		// Closed or merged meanwhile: say so where the button was.
		d.Error = errorText(lang, err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	if isHTMX(r) {
		ui.renderData(w, http.StatusOK, lang, "similar", "supported_htmx", d)
		return
	}
	p := ui.newPage(r, translate(lang, "similar.title"))
	p.Nav = "submit"
	p.Data = d
	status := http.StatusOK
	if err != nil {
		status = httpStatus(err)
	}
	ui.render(w, r, status, "similar", "", p)
}

type modelsData struct {
	Models []*minyi.ModelInfo
}

// adminModels lists the stored routing models and their figures.
func (ui *webUI) adminModels(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.listModels(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "nav.models"))
	p.Data = modelsData{Models: list}
	ui.adminPage(w, r, http.StatusOK, "admin_models", "admin_models", p)
}
