// Package analytics turns the appeals in the database into what leaders
// read: for now the hot issues (热点问题) of the recent past, found by
// package hotspots and kept in memory, refreshed in the background so
// that a page view never waits for the analysis.
package analytics

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"minyi"
	"minyi/hotspots"
)

// HotIssues defaults.
const (
	DefaultWindowDays = 90
	DefaultEvery      = 15 * time.Minute
	// DefaultMaxAppeals caps one analysis: the newest appeals of the
	// window, enough for a city's recent hot issues, analysed in about a
	// minute on two cores.
	DefaultMaxAppeals = 100000
	// pageSize is the store's largest page.
	pageSize = 500
)

// HotIssues keeps the hot issues of the appeals received in the last
// WindowDays, as found by hotspots.Analyze.
type HotIssues struct {
	Appeals    minyi.AppealService
	WindowDays int           // DefaultWindowDays when 0
	Every      time.Duration // between refreshes in Run; DefaultEvery when 0
	MaxAppeals int           // DefaultMaxAppeals when 0
	Now        func() time.Time
	Logger     *slog.Logger
	// Answers judges how well the service catalogue answers each latent
	// need (needs.go); nil: no catalogue, every need unanswered.
	Answers Answerer

	mu   sync.RWMutex
	snap *Snapshot
}

// Snapshot is one analysis.
type Snapshot struct {
	Issues     []hotspots.Issue
	At         time.Time // when it was made
	Since      time.Time // the window's start
	Appeals    int       // appeals analysed
	WindowDays int
	Took       time.Duration

	// Terms are the emerging terms of the same appeals (terms.go).
	Terms []EmergingTerm
	// Needs are the latent needs of the window's consultations
	// (needs.go), of Consults consultations analysed.
	Needs    []Need
	Consults int

	// units maps each appeal (tracking number) to its unit, so that a
	// unit's staff see the issues their appeals are part of.
	units map[string]int64
}

func (h *HotIssues) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *HotIssues) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.Default()
	}
	return h.Logger
}

// Refresh analyses the window's appeals now and keeps the result.
func (h *HotIssues) Refresh(ctx context.Context) (*Snapshot, error) {
	start := time.Now()
	now := h.now()
	days := h.WindowDays
	if days <= 0 {
		days = DefaultWindowDays
	}
	max := h.MaxAppeals
	if max <= 0 {
		max = DefaultMaxAppeals
	}
	since := now.AddDate(0, 0, -days)
	var docs []hotspots.Doc
	var consults []NeedDoc
	units := map[string]int64{}
	notProblem := map[string]bool{}
	err := EachAppeal(ctx, h.Appeals, minyi.AppealFilter{Scope: minyi.Scope{All: true}, Since: since}, func(a *minyi.Appeal) bool {
		if a.Status == minyi.StatusMerged {
			return true // its parent speaks for it
		}
		docs = append(docs, DocOf(a))
		if a.Type == minyi.TypeConsult {
			consults = append(consults, NeedDoc{Doc: docs[len(docs)-1], Type: a.Type})
		}
		if !IsProblem(a.Type) {
			notProblem[a.TrackingNo] = true
		}
		units[a.TrackingNo] = a.UnitID
		return len(docs) < max
	})
	if err != nil {
		return nil, err
	}
	terms := EmergingTerms(docs, TermOptions{Now: now})
	needs := LatentNeeds(consults, h.Answers, NeedOptions{})
	// A hot issue is a problem at a place: questions (咨询) are what people
	// want to know, and go to the latent needs instead; thanks (表扬) are
	// no problem.
	problems := make([]hotspots.Doc, 0, len(docs))
	for _, d := range docs {
		if !notProblem[d.ID] {
			problems = append(problems, d)
		}
	}
	issues := hotspots.Analyze(problems, hotspots.Options{Now: now})
	s := &Snapshot{Issues: issues, Terms: terms, Needs: needs, Consults: len(consults), At: now, Since: since, Appeals: len(docs), WindowDays: days, Took: time.Since(start), units: units}
	h.mu.Lock()
	h.snap = s
	h.mu.Unlock()
	h.logger().Info("analytics: hot issues refreshed", "appeals", len(docs), "issues", len(issues), "terms", len(terms), "needs", len(needs), "took", s.Took.Round(time.Millisecond))
	return s, nil
}

// DocOf is what the analysis reads of an appeal. The person is the
// account that filed it, else the phone given, else, for an appeal
// imported from another system, the user name it had there (importer
// keeps 留言用户 as the contact name); people without any of these count
// one each. Package brief maps appeals the same way.
func DocOf(a *minyi.Appeal) hotspots.Doc {
	user := ""
	switch {
	case a.CitizenID != 0:
		user = "u" + strconv.FormatInt(a.CitizenID, 10)
	case a.ContactPhone != "":
		user = "p" + a.ContactPhone
	case a.ExternalID != "" && a.ContactName != "":
		user = "n" + a.ContactName
	}
	return hotspots.Doc{ID: a.TrackingNo, User: user, Title: a.Title, Content: a.Content,
		Time: a.ReceivedAt, Support: a.Supporters, Oppose: a.Opposers}
}

// Run refreshes at once and then every Every until ctx ends.
func (h *HotIssues) Run(ctx context.Context) {
	every := h.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := h.Refresh(ctx); err != nil && ctx.Err() == nil {
			h.logger().Warn("analytics: refresh hot issues", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Top returns the hottest n issues (all when n ≤ 0) that the scope may
// see, and the snapshot they come from (nil before the first analysis).
// A unit sees the issues one of its appeals is part of.
func (h *HotIssues) Top(scope minyi.Scope, n int) ([]hotspots.Issue, *Snapshot) {
	h.mu.RLock()
	s := h.snap
	h.mu.RUnlock()
	if s == nil {
		return nil, nil
	}
	var out []hotspots.Issue
	for _, is := range s.Issues {
		if n > 0 && len(out) == n {
			break
		}
		if scope.All || scope.UnitID != 0 && s.touches(is, scope.UnitID) {
			out = append(out, is)
		}
	}
	return out, s
}

func (s *Snapshot) touches(is hotspots.Issue, unit int64) bool {
	for _, id := range is.IDs {
		if s.units[id] == unit {
			return true
		}
	}
	return false
}

// UnitOf returns the unit of an analysed appeal (0: none or unknown).
func (s *Snapshot) UnitOf(trackingNo string) int64 { return s.units[trackingNo] }

// IsProblem reports whether appeals of a type can make a hot issue: not
// questions (咨询) nor thanks (表扬).
func IsProblem(t minyi.AppealType) bool { return t != minyi.TypeConsult && t != minyi.TypePraise }
