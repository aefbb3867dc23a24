package http

import (
	"context"
	"net/http"
	"sync"
	"time"

	"minyi"
	"minyi/guidecheck"
)

// healthTTL is how long a catalogue health report is kept: training the
// classifiers over a large catalogue takes seconds, and imports outside
// the server do not invalidate the cache.
const healthTTL = 10 * time.Minute

// healthCache keeps the latest report; edits through the server drop it.
type healthCache struct {
	mu     sync.Mutex
	report *guidecheck.Report
	at     time.Time
}

func (c *healthCache) invalidate() {
	c.mu.Lock()
	c.report = nil
	c.mu.Unlock()
}

// catalogueHealth returns the health report, computing it when the cached
// one is missing or old. The lock is held while computing so that
// concurrent requests do not train the same models twice.
func (s *Server) catalogueHealth(ctx context.Context) (*guidecheck.Report, time.Time, error) {
	c := &s.health
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.report != nil && s.now().Sub(c.at) < healthTTL {
		return c.report, c.at, nil
	}
	var items []*minyi.ServiceItem
	for {
		page, err := s.svc.ListServiceItems(ctx, minyi.ServiceItemFilter{Limit: 1000, Offset: len(items)})
		if err != nil {
			return nil, time.Time{}, err
		}
		items = append(items, page...)
		if len(page) < 1000 {
			break
		}
	}
	r, err := guidecheck.Check(items, guidecheck.Options{})
	if err != nil {
		return nil, time.Time{}, err
	}
	c.report, c.at = r, s.now()
	return r, c.at, nil
}

// apiServiceHealth handles GET /api/v1/services/health (editors).
func (s *Server) apiServiceHealth(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, at, err := s.catalogueHealth(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"generated_at": at, "report": rep})
}
