package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"minyi"
	"minyi/analytics"
	"minyi/search"
	"minyi/text"
)

// NeedSource gives the latent needs (潜在需求) a scope may see;
// *analytics.HotIssues is one. The needs page asks Config.HotIssues for it.
type NeedSource interface {
	Needs(scope minyi.Scope, n int) ([]analytics.Need, *analytics.Snapshot)
}

// maxNeeds caps one answer.
const maxNeeds = analytics.DefaultNeedTop

// needsData is the answer of GET /api/v1/needs and the data of /work/needs.
// Allowed is false for readers who do not see every appeal (the needs are
// found over every consultation), Available false before the first
// analysis.
type needsData struct {
	Allowed     bool       `json:"allowed"`
	Available   bool       `json:"available"`
	GeneratedAt time.Time  `json:"generated_at"`
	Since       time.Time  `json:"since"`
	WindowDays  int        `json:"window_days"`
	Consults    int        `json:"consults"` // consultations analysed
	Formula     string     `json:"formula"`
	Items       []needItem `json:"items"`
	// SearchMisses are the search box's questions of the window that no
	// guide answered, most often asked first.
	SearchMisses []search.Miss `json:"search_misses"`
}

// needItem is one latent need as the API and the page show it. Href opens
// the window's consultations whose title holds the need's leading term.
type needItem struct {
	Rank int `json:"rank"`
	analytics.Need
	Href string `json:"href"`
}

// latentNeeds returns the latent needs u may see: all of them for staff who
// see every appeal and for content editors, who write the guides that
// answer them; none for others. Readers who may not see personal data
// (minyi.CanSeeContact) get questions, terms and answers masked, as the hot
// issues; editors get no tracking numbers and no links to appeals either:
// what many people ask, not who asked.
func (s *Server) latentNeeds(ctx context.Context, u *minyi.User, n int) needsData {
	scope := minyi.ScopeFor(u)
	editor := u != nil && u.Role == minyi.RoleEditor
	if editor {
		scope = minyi.Scope{All: true}
	}
	d := needsData{Allowed: scope.All, Formula: analytics.NeedFormula, Items: []needItem{}, SearchMisses: []search.Miss{}}
	if !scope.All {
		return d
	}
	if s.search != nil && s.search.Log != nil {
		since := s.now().AddDate(0, 0, -analytics.DefaultWindowDays)
		if m, err := s.search.Log.SearchMisses(ctx, since, maxNeeds); err != nil {
			s.log.Error("search misses", "err", err)
		} else if m != nil {
			if !minyi.CanSeeContact(u) {
				for i := range m {
					m[i].Query = text.Mask(m[i].Query)
				}
			}
			d.SearchMisses = m
		}
	}
	src, ok := s.cfg.HotIssues.(NeedSource)
	if !ok {
		return d
	}
	if n <= 0 || n > maxNeeds {
		n = maxNeeds
	}
	needs, snap := src.Needs(scope, n)
	if snap == nil {
		return d
	}
	d.Available, d.GeneratedAt, d.Since, d.WindowDays, d.Consults = true, snap.At, snap.Since, snap.WindowDays, snap.Consults
	mask := func(s string) string { return s }
	if !minyi.CanSeeContact(u) {
		mask = text.Mask
	}
	for i, nd := range needs {
		nd.Question, nd.Answer = mask(nd.Question), mask(nd.Answer)
		terms := make([]string, len(nd.Terms))
		for j, t := range nd.Terms {
			terms[j] = mask(t)
		}
		nd.Terms = terms
		href := ""
		if editor {
			nd.Samples = []string{}
		} else {
			href = needHref(nd, snap.Since)
		}
		d.Items = append(d.Items, needItem{Rank: i + 1, Need: nd, Href: href})
	}
	return d
}

// needHref links to the consultations since the window's start whose title
// holds the need's most telling term that its question spells out (the
// appeal list searches titles), else to all of them.
func needHref(nd analytics.Need, since time.Time) string {
	v := url.Values{"type": {string(minyi.TypeConsult)}}
	for _, t := range nd.Terms {
		if strings.Contains(strings.ToLower(nd.Question), t) {
			v.Set("q", t)
			break
		}
	}
	if !since.IsZero() {
		v.Set("since", since.In(minyi.DefaultLocation).Format(time.DateOnly))
	}
	return "/work/appeals?" + v.Encode()
}

// needsPage renders /work/needs: the latent needs, for editors of the
// service guides.
func (ui *webUI) needsPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireNeedsReader(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "needs.title"))
	p.Nav = "needs"
	p.Data = ui.s.latentNeeds(r.Context(), u, 0)
	ui.render(w, r, http.StatusOK, "work_needs", "", p)
}

// requireNeedsReader admits staff and content editors to the latent needs.
func requireNeedsReader(r *http.Request) (*minyi.User, error) {
	if u := userFrom(r); u != nil && u.Role == minyi.RoleEditor {
		return u, nil
	}
	return requireStaff(r)
}
