package http

import (
	"net/http"
	"time"

	"minyi"
	"minyi/analytics"
	"minyi/hotspots"
	"minyi/text"
)

// HotIssueSource gives the hot issues a scope may see; *analytics.HotIssues
// is one.
type HotIssueSource interface {
	Top(scope minyi.Scope, n int) ([]hotspots.Issue, *analytics.Snapshot)
}

// hotIssue is one hot issue as the API and the page show it. IDs are the
// appeals' tracking numbers; Linked marks those the reader may open.
type hotIssue struct {
	Rank         int       `json:"rank"`
	Label        string    `json:"label"`
	Place        string    `json:"place"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Count        int       `json:"count"`
	People       int       `json:"people"`
	Support      int       `json:"support"`
	Oppose       int       `json:"oppose"`
	Heat         float64   `json:"heat"`
	Episodes     int       `json:"episodes"`
	IDs          []string  `json:"ids"`
	MoreIDs      int       `json:"more_ids,omitempty"` // older appeals left out of IDs
	SampleTitles []string  `json:"sample_titles"`
	Linked       []bool    `json:"-"`
}

// hotIssuesData is the answer of GET /api/v1/hotspots and the page's data.
type hotIssuesData struct {
	Available   bool       `json:"available"`
	GeneratedAt time.Time  `json:"generated_at"`
	Since       time.Time  `json:"since"`
	WindowDays  int        `json:"window_days"`
	Appeals     int        `json:"appeals"`
	HeatFormula string     `json:"heat_formula"`
	Items       []hotIssue `json:"items"`
}

// maxHotIssues caps one answer, maxIssueIDs the tracking numbers listed
// per issue.
const (
	maxHotIssues = 100
	maxIssueIDs  = 200
)

// hotIssues returns what u may see of the latest analysis. Readers who may
// not see personal data (minyi.CanSeeContact) get labels and titles with
// it masked.
func (s *Server) hotIssues(u *minyi.User, n int) hotIssuesData {
	d := hotIssuesData{HeatFormula: hotspots.HeatFormula, Items: []hotIssue{}}
	if s.cfg.HotIssues == nil {
		return d
	}
	if n <= 0 || n > maxHotIssues {
		n = maxHotIssues
	}
	scope := minyi.ScopeFor(u)
	issues, snap := s.cfg.HotIssues.Top(scope, n)
	if snap == nil {
		return d
	}
	d.Available, d.GeneratedAt, d.Since, d.WindowDays, d.Appeals = true, snap.At, snap.Since, snap.WindowDays, snap.Appeals
	mask := func(s string) string { return s }
	if !minyi.CanSeeContact(u) {
		mask = text.Mask
	}
	for i, is := range issues {
		h := hotIssue{Rank: i + 1, Label: mask(is.Label), Place: mask(is.Place), Start: is.Start, End: is.End,
			Count: is.Count, People: is.People, Support: is.Support, Oppose: is.Oppose, Heat: is.Heat,
			Episodes: is.Episodes, IDs: is.IDs}
		if n := len(h.IDs) - maxIssueIDs; n > 0 {
			// The newest: a big issue's thousands of numbers would make
			// the page heavy and nobody reads them; the count says how
			// many are left out.
			h.IDs, h.MoreIDs = h.IDs[n:], n
		}
		h.Linked = make([]bool, len(h.IDs))
		for _, t := range is.SampleTitles {
			h.SampleTitles = append(h.SampleTitles, mask(t))
		}
		for j, id := range h.IDs {
			h.Linked[j] = scope.All || snap.UnitOf(id) == scope.UnitID
		}
		d.Items = append(d.Items, h)
	}
	return d
}

// apiHotIssues handles GET /api/v1/hotspots?top=N for staff.
func (s *Server) apiHotIssues(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	n, err := queryValueInt(r.URL.Query(), "top")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.hotIssues(u, int(n)))
}

// hotIssuesPage renders /work/hotspots: the hot issues with the appeals
// behind each.
func (ui *webUI) hotIssuesPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "nav.hotspots"))
	p.Nav = "hotspots"
	p.Data = ui.s.hotIssues(u, 30)
	ui.render(w, r, http.StatusOK, "work_hotspots", "", p)
}
