package http

import (
	"context"
	"net/http"
	"time"

	"minyi"
	"minyi/store"
)

// queueCounter counts every workbench queue in one query; GET
// /api/v1/queues and the workbench page need it beyond Services.
type queueCounter interface {
	QueueCounts(ctx context.Context, scope minyi.Scope, now time.Time) (store.QueueCounts, error)
}

// apiQueues handles GET /api/v1/queues: the workbench badge counts within
// the caller's scope, keyed like the queue= values of GET /api/v1/appeals.
func (s *Server) apiQueues(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	qc, ok := s.svc.(queueCounter)
	if !ok {
		s.apiError(w, r, minyi.Errorf(minyi.EINTERNAL, "队列统计不可用", "queue counts are not available"))
		return
	}
	c, err := qc.QueueCounts(r.Context(), minyi.ScopeFor(u), s.now())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"queues": c.ByQueue()})
}
