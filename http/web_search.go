package http

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"minyi"
	"minyi/search"
)

// searchData is the data of /search.
type searchData struct {
	Query      string
	TrackingNo string // set when the query looks like a tracking number
	Error      string // what is wrong with the query
	Result     *search.Result
	Results    []searchRow
	Answer     *searchAnswer
	// HandoffItem is the answered guide, carried to a person with the
	// question when the citizen clicks 转人工 (handoffOf).
	HandoffItem int64
}

// Handoff carries the answered guide to a person; the question comes
// from the request.
func (d *searchData) Handoff() handoffLink {
	if d == nil || d.HandoffItem == 0 {
		return handoffLink{}
	}
	return handoffLink{Item: strconv.FormatInt(d.HandoffItem, 10)}
}

// searchRow is one result as the page shows it.
type searchRow struct {
	search.ResultItem
	Snippet template.HTML // escaped by package search, words in <mark>
	Href    string        // counts the click, then opens the guide
}

// searchAnswer is the answer card as the page shows it.
type searchAnswer struct {
	*search.Answer
	Query string
	Label string
}

// search answers the search box: a tracking number leads to the tracking
// page (whether it exists is not revealed: that needs the phone digits);
// anything else is searched in the service catalogue.
func (ui *webUI) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := ui.newPage(r, translate(langOf(r), "search.title"))
	d := searchData{Query: q}
	p.Data = &d
	switch {
	case q == "":
	case trackingNoRE.MatchString(q):
		d.TrackingNo = strings.ToUpper(q)
	default:
		rememberSearch(w, r, q, ui.s.cfg.SecureCookies)
		res, err := ui.s.searchFor(r.Context(), q, "")
		if minyi.ErrorCode(err) == minyi.EINVALID {
			d.Error = minyi.ErrorMessage(err)
			if p.Lang == "en" {
				d.Error = minyi.ErrorMessageEN(err)
			}
			ui.render(w, r, http.StatusBadRequest, "search", "", p)
			return
		} else if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		d.Result = res
		for _, it := range res.Results {
			v := url.Values{"item": {strconv.FormatInt(it.ID, 10)}, "q": {q}}
			d.Results = append(d.Results, searchRow{ResultItem: it, Snippet: template.HTML(it.Snippet), Href: "/search/go?" + v.Encode()})
		}
		if a := res.Answer; a != nil {
			d.Answer = &searchAnswer{Answer: a, Query: q, Label: search.FieldLabels[a.Field][langIndex(p.Lang)]}
			d.HandoffItem = a.ItemID
		}
	}
	ui.render(w, r, http.StatusOK, "search", "", p)
}

// searchGo counts a click on a result and opens the item's guide, with
// the question, for the way to a person.
func (ui *webUI) searchGo(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64)
	if err != nil || id <= 0 {
		ui.notFound(w, r)
		return
	}
	if err := ui.s.countClick(r.Context(), id); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	to := "/services/" + strconv.FormatInt(id, 10)
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		to += "?" + url.Values{"q": {q}}.Encode()
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// searchFeedback stores 有帮助吗 from the answer card (htmx) and answers
// with the thanks that replace the buttons.
func (ui *webUI) searchFeedback(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.FormValue("item_id"), 10, 64)
	f := search.Feedback{Query: r.FormValue("q"), ItemID: id, Field: search.Field(r.FormValue("field")), Helpful: r.FormValue("helpful") == "yes"}
	lang := langOf(r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := ui.s.saveFeedback(r.Context(), f); err != nil {
		msg := minyi.ErrorMessage(err)
		if lang == "en" {
			msg = minyi.ErrorMessageEN(err)
		}
		w.WriteHeader(httpStatus(err))
		_, _ = w.Write([]byte(`<p class="error" role="alert">` + template.HTMLEscapeString(msg) + `</p>`))
		return
	}
	key := "search.thanks_no"
	if f.Helpful {
		key = "search.thanks_yes"
	}
	_, _ = w.Write([]byte(`<p class="muted" role="status" data-testid="feedback-thanks">` + template.HTMLEscapeString(translate(lang, key)) + `</p>`))
}
