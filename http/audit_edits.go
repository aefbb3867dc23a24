package http

import (
	"net/http"
	"strconv"

	"minyi"
)

// Actions of the audit log for changes to what citizens read: guides,
// policy documents and the canned chat answers.
const (
	auditCreateService = "create_service"
	auditUpdateService = "update_service"
	auditCreatePolicy  = "create_policy"
	auditUpdatePolicy  = "update_policy"
	auditCreateCanned  = "create_canned"
	auditUpdateCanned  = "update_canned"
	auditDeleteCanned  = "delete_canned"
)

// auditEdit records that the signed-in user changed public content (id:
// the row changed, detail: its name). The change is already saved: a
// failure to record it is logged, not shown to the editor.
func (s *Server) auditEdit(r *http.Request, action string, id int64, detail string) {
	u := userFrom(r)
	if u == nil {
		return
	}
	e := &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: action, Target: strconv.FormatInt(id, 10), Detail: detail, At: s.now()}
	if err := s.svc.Audit(r.Context(), e); err != nil {
		s.log.Warn("audit an edit", "action", action, "id", id, "err", err)
	}
}
