package http

import (
	"net/http"

	"minyi"
)

// apiGetAppeal handles GET /api/v1/appeals/{no}: {"appeal","timeline",
// "attachments"}. Contact details are masked unless the caller asks with
// ?contact=1 and their role may see them; each such view is audited.
func (s *Server) apiGetAppeal(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	no := r.PathValue("no")
	a, acc, err := s.findReadable(ctx, r, no, r.URL.Query().Get("phone_last4"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	showContact := false
	if q := r.URL.Query().Get("contact"); q == "1" || q == "true" {
		if acc.user == nil || !minyi.CanSeeContact(acc.user) {
			s.apiError(w, r, minyi.Errorf(minyi.EFORBIDDEN, "您的角色无权查看群众联系方式", "your role may not see contact details"))
			return
		}
		err := s.svc.Audit(ctx, &minyi.AuditEntry{UserID: acc.user.ID, Username: acc.user.Username, Action: minyi.AuditViewContact, Target: a.TrackingNo, At: s.now()})
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		showContact = true
	}
	out, err := s.appealWithTimeline(r, a, acc.user, showContact)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	atts, err := s.listAttachments(ctx, a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out["attachments"] = nonNil(atts)
	writeJSON(w, http.StatusOK, out)
}

// appealWithTimeline returns {"appeal","timeline"} for a response to
// reader: staff get the whole timeline, citizens (reader nil or a citizen
// account) the one the tracking page shows. Citizens and evaluators get
// the appeal and the notes de-identified (deidentify).
func (s *Server) appealWithTimeline(r *http.Request, a *minyi.Appeal, reader *minyi.User, showContact bool) (map[string]any, error) {
	events, err := s.svc.Timeline(r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	if reader == nil || !reader.Role.IsStaff() {
		events = citizenTimeline(events)
	}
	out := map[string]any{}
	if maySeeReplyQuality(reader, a) {
		// Staff of the replying unit and supervisors see how the reply
		// scored (api_replies.go); null before a reply.
		q, err := s.replyQuality(r.Context(), a)
		if err != nil {
			return nil, err
		}
		out["reply_quality"] = q
	}
	if deidentifies(reader) {
		a, events = deidentify(a), deidentifyNotes(events)
	}
	out["appeal"], out["timeline"] = viewAppeal(a, s.now(), showContact), nonNil(events)
	return out, nil
}

// publicNotes are the actions whose notes are addressed to the citizen; the
// notes of the others (return and transfer reasons, supervision) are for
// staff.
var publicNotes = map[minyi.Action]bool{
	minyi.ActReply: true, minyi.ActRate: true, minyi.ActMerge: true, minyi.ActClose: true,
	minyi.ActApproveExtension: true,
}

// citizenTimeline is a timeline as the citizen who filed the appeal sees
// it, in the API and on the tracking page: what happened, when and at which
// unit, without the names of staff and with only the notes in publicNotes.
func citizenTimeline(events []*minyi.Event) []*minyi.Event {
	out := make([]*minyi.Event, 0, len(events))
	for _, e := range events {
		c := *e
		c.ActorID, c.ActorName = 0, ""
		if !publicNotes[c.Action] {
			c.Note = ""
		}
		out = append(out, &c)
	}
	return out
}
