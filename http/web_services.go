package http

import (
	"net/http"
	"net/url"
	"strconv"

	"minyi"
	"minyi/plain"
)

// lifeEventIcons are the life events' pictures on the browse grid: one
// character in a round badge, like the site's mark, so that nothing needs
// to be drawn or vendored and every machine with a Chinese font shows it
// (emoji fonts are missing on many office PCs). Screen readers skip them.
var lifeEventIcons = map[string]string{
	"birth": "婴", "school": "学", "work": "职", "family": "婚", "housing": "房", "insurance": "保",
	"health": "医", "elderly": "老", "business": "创", "documents": "证", "transport": "车",
	"veterans": "军", "bereavement": "殡",
}

// facetLink is one value of a browsing dimension as the page shows it.
type facetLink struct {
	Key    string // life events: the ASCII key, for the label and icon
	Label  string
	Icon   string
	Count  int
	Href   string
	Active bool
}

// servicesData is the data of /services.
type servicesData struct {
	Query       serviceQuery
	List        *serviceList
	LifeEvents  []facetLink
	Departments []facetLink
	Themes      []facetLink
	Filter      string // what is filtered on, for the heading
	Prev, Next  string
	Policies    []*minyi.PolicyDoc
}

func servicesHref(key, value string) string {
	return "/services?" + url.Values{key: {value}}.Encode()
}

// servicesPage renders /services: browse by life event, department and
// theme, with counts, and one page of the selected guides.
func (ui *webUI) servicesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := ui.newPage(r, translate(langOf(r), "services.title"))
	p.Nav = "services"
	sq, err := readServiceQuery(r.URL.Query(), servicesPerPage)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	facets, err := ui.s.svc.ServiceFacets(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.listServices(ctx, sq)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &servicesData{Query: sq, List: list}
	for _, f := range facets.LifeEvents {
		e, _ := minyi.FindLifeEvent(f.Name)
		lbl := f.Name
		if p.Lang == "en" {
			lbl = translate("en", "life."+e.Key)
		}
		d.LifeEvents = append(d.LifeEvents, facetLink{Key: e.Key, Label: lbl, Icon: lifeEventIcons[e.Key], Count: f.Count,
			Href: servicesHref("life_event", e.Key), Active: sq.LifeEvent == f.Name})
		if sq.LifeEvent == f.Name {
			d.Filter = lbl
		}
	}
	for _, f := range facets.Departments {
		d.Departments = append(d.Departments, facetLink{Label: f.Name, Count: f.Count, Href: servicesHref("department", f.Name), Active: sq.Department == f.Name})
	}
	for _, f := range facets.Themes {
		d.Themes = append(d.Themes, facetLink{Label: f.Name, Count: f.Count, Href: servicesHref("theme", f.Name), Active: sq.Theme == f.Name})
	}
	for _, v := range []string{sq.Department, sq.Theme, sq.Query} {
		if v != "" {
			d.Filter = v
		}
	}
	d.Prev, d.Next = pageLinks(r, list)
	if d.Policies, err = ui.s.svc.ListPolicies(ctx, 0, 5); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "services", "", p)
}

// pageLinks are the links to the pages before and after a list's page:
// the request's own path and query with another page number, "" when
// there is none.
func pageLinks(r *http.Request, list *serviceList) (prev, next string) {
	page := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if list.Page > 1 {
		prev = page(list.Page - 1)
	}
	if (list.Page-1)*list.PerPage+len(list.Items) < list.Total {
		next = page(list.Page + 1)
	}
	return prev, next
}

// guideField is one section of the full guide.
type guideField struct {
	Key, Value string
	Long       bool // shown collapsed
}

// guideData is the data of /services/{id}.
type guideData struct {
	Item       *minyi.ServiceItem
	Plain      guidePlain
	Fields     []guideField
	LifeEvents []facetLink
	CanEdit    bool
}

// guidePage renders /services/{id}: the plain-language opening and cards,
// the way to a person, then the whole guide with long fields collapsed.
// Each view counts towards the guide's popularity.
func (ui *webUI) guidePage(w http.ResponseWriter, r *http.Request) {
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
	if err := ui.s.svc.ViewServiceItem(r.Context(), id); err != nil {
		ui.s.log.Warn("count a guide view", "id", id, "err", err)
	}
	p := ui.newPage(r, item.Name)
	p.Nav = "services"
	d := &guideData{Item: item, Plain: plainGuide(item), CanEdit: minyi.CanEditServices(p.User)}
	visits := ""
	if item.Visits != nil {
		visits = strconv.Itoa(*item.Visits)
	}
	for _, f := range []guideField{
		{"type", item.Type, false}, {"department", item.Department, false}, {"conditions", item.Conditions, false},
		{"materials", item.Materials, false}, {"process", item.Process, false}, {"legal_limit", item.LegalLimit, false},
		{"promised_limit", item.PromisedLimit, false}, {"fees", item.Fees, false}, {"place", item.Place, false},
		{"hours", item.Hours, false}, {"phone", item.Phone, false}, {"visits", visits, false},
		{"basis", item.Basis, false}, {"code", item.Code, false},
	} {
		if f.Value != "" {
			f.Long = plain.Long(f.Value)
			d.Fields = append(d.Fields, f)
		}
	}
	for _, name := range item.LifeEvents {
		e, _ := minyi.FindLifeEvent(name)
		lbl := name
		if p.Lang == "en" {
			lbl = translate("en", "life."+e.Key)
		}
		d.LifeEvents = append(d.LifeEvents, facetLink{Key: e.Key, Label: lbl, Icon: lifeEventIcons[e.Key], Href: servicesHref("life_event", e.Key)})
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "service", "", p)
}

// policiesPage renders /policies: the documents, newest first.
func (ui *webUI) policiesPage(w http.ResponseWriter, r *http.Request) {
	list, err := ui.s.svc.ListPolicies(r.Context(), 0, 100)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "services.policies"))
	p.Nav = "services"
	p.Data = list
	ui.render(w, r, http.StatusOK, "policies", "", p)
}

// policyPageData is the data of /policies/{id}.
type policyPageData struct {
	*policyView
	CanEdit bool
}

// policyPage renders /policies/{id}: the summary sentences, then the text
// with amounts, dates and conditions marked and jargon explained.
func (ui *webUI) policyPage(w http.ResponseWriter, r *http.Request) {
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
	v, err := ui.s.viewPolicy(doc)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, doc.Title)
	p.Nav = "services"
	p.Data = &policyPageData{policyView: v, CanEdit: minyi.CanEditServices(p.User)}
	ui.render(w, r, http.StatusOK, "policy", "", p)
}
