package http

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"minyi"
	"minyi/brief"
	"minyi/text"
)

// briefTTL is how long a built brief is kept: building one analyses a
// month of appeals, which takes seconds for a city, and leaders open the
// brief in the morning all at once.
const briefTTL = 10 * time.Minute

// briefCache keeps the briefs of one Server by day and district. Readers
// who ask while a brief is being built wait for it instead of building it
// again.
type briefCache struct {
	mu      sync.Mutex
	entries map[string]*briefEntry
}

type briefEntry struct {
	done  chan struct{}
	brief *brief.Brief
	err   error
	at    time.Time
}

// get returns the kept brief of the key or builds it.
func (c *briefCache) get(ctx context.Context, key string, now time.Time, build func() (*brief.Brief, error)) (*brief.Brief, error) {
	c.mu.Lock()
	for k, e := range c.entries {
		select {
		case <-e.done:
			if now.Sub(e.at) > briefTTL || e.err != nil {
				delete(c.entries, k)
			}
		default:
		}
	}
	e, ok := c.entries[key]
	if !ok {
		e = &briefEntry{done: make(chan struct{}), at: now}
		c.entries[key] = e
		c.mu.Unlock()
		e.brief, e.err = build()
		close(e.done)
		return e.brief, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.brief, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// brief returns the daily brief of the day in v's "date" (yesterday when
// empty) as u may read it: staff who see every appeal get the whole city,
// handlers and leaders their unit's district; readers who may not see
// personal data get it masked.
func (s *Server) brief(ctx context.Context, u *minyi.User, v url.Values) (*brief.Brief, error) {
	src, ok := s.svc.(brief.Source)
	if !ok {
		return nil, minyi.Errorf(minyi.EINTERNAL, "舆情日报不可用", "the daily brief is not available")
	}
	now := s.now()
	date, err := brief.ParseDate(v.Get("date"), now)
	if err != nil {
		return nil, err
	}
	district := ""
	if scope := minyi.ScopeFor(u); !scope.All {
		if district, err = s.unitDistrict(ctx, scope.UnitID); err != nil {
			return nil, err
		}
		if district == "" {
			return nil, minyi.Errorf(minyi.EFORBIDDEN, "舆情日报按区提供，您所在的单位不属于任何区，无法查看",
				"the daily brief is given per district and your unit is not under one")
		}
	}
	key := date.Format(time.DateOnly) + "|" + district
	b, err := s.briefs.get(ctx, key, now, func() (*brief.Brief, error) {
		// Built apart from the request, so that a reader who leaves does
		// not fail the others waiting for the same brief.
		return brief.Options{District: district, Now: s.now}.Build(context.WithoutCancel(ctx), src, date)
	})
	if err != nil || minyi.CanSeeContact(u) {
		return b, err
	}
	masked := *b
	masked.HotIssues = make([]brief.HotIssue, len(b.HotIssues))
	for i, h := range b.HotIssues {
		h.Label, h.Place = text.Mask(h.Label), text.Mask(h.Place)
		titles := make([]string, len(h.SampleTitles))
		for j, t := range h.SampleTitles {
			titles[j] = text.Mask(t)
		}
		h.SampleTitles = titles
		masked.HotIssues[i] = h
	}
	return &masked, nil
}

// apiBrief handles GET /api/v1/brief?date=YYYY-MM-DD: the daily brief.
func (s *Server) apiBrief(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	b, err := s.brief(r.Context(), u, r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

// apiBriefPDF handles GET /api/v1/brief.pdf?date=YYYY-MM-DD: the daily
// brief as a PDF download, errors in the API's shape.
func (s *Server) apiBriefPDF(w http.ResponseWriter, r *http.Request) {
	s.briefPDF(w, r, s.apiError)
}

// briefPDF answers the brief of r's "date" for r's user as a PDF (package
// brief's WritePDF, titled with the city's name); fail answers the errors.
func (s *Server) briefPDF(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
	u, err := requireStaff(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	b, err := s.brief(r.Context(), u, r.URL.Query())
	if err != nil {
		fail(w, r, err)
		return
	}
	settings, err := s.svc.Settings(r.Context())
	if err != nil {
		fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := b.WritePDF(&buf, settings.CityName); err != nil {
		fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+b.FileName()+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
}
