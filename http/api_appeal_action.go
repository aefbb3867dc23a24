package http

import (
	"net/http"
	"strings"

	"minyi"
)

// actionBody is the body of POST /api/v1/appeals/{no}/{action}: the fields
// of minyi.ActionRequest, with rating as 1–5 or a Chinese label, plus
// phone_last4 for a citizen rating without an account.
type actionBody struct {
	UnitID     int64       `json:"unit_id"`
	CategoryID int64       `json:"category_id"`
	Note       string      `json:"note"`
	Days       int         `json:"days"`
	Approve    bool        `json:"approve"`
	ParentNo   string      `json:"parent_no"`
	Rating     ratingValue `json:"rating"`
	Solved     *bool       `json:"solved"`
	Urgent     *bool       `json:"urgent"`
	PhoneLast4 string      `json:"phone_last4"`
}

func (b *actionBody) request(act minyi.Action) minyi.ActionRequest {
	return minyi.ActionRequest{
		Action: act, UnitID: b.UnitID, CategoryID: b.CategoryID, Note: b.Note, Days: b.Days, Approve: b.Approve,
		ParentNo: strings.TrimSpace(b.ParentNo), Rating: minyi.Rating(b.Rating), Solved: b.Solved, Urgent: b.Urgent,
	}
}

// parseAction accepts the workflow actions and support (我也遇到).
func parseAction(s string) (minyi.Action, bool) {
	if s == string(minyi.ActSupport) {
		return minyi.ActSupport, true
	}
	return minyi.ParseAction(s)
}

// apiAct handles POST /api/v1/appeals/{no}/{action}. The workflow (minyi.Apply,
// run by the store in one transaction) decides who may act and when; this
// handler only establishes who the actor is and what they may see:
//   - rate: a logged-in citizen who filed the appeal, the centre, or anyone
//     giving phone_last4 of the contact phone;
//   - support: anyone, logged in or not;
//   - everything else: staff, within their scope.
func (s *Server) apiAct(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	no := r.PathValue("no")
	act, ok := parseAction(r.PathValue("action"))
	if !ok {
		s.apiError(w, r, minyi.Errorf(minyi.ENOTFOUND, "未知操作：%s", "unknown action: %s", r.PathValue("action")))
		return
	}
	var in actionBody
	if err := decodeOptionalJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	u := userFrom(r)
	var actor minyi.Actor
	var scope minyi.Scope
	verified := false
	switch {
	case act == minyi.ActRate && strings.TrimSpace(in.PhoneLast4) != "":
		if _, err := s.verifyCitizen(ctx, no, in.PhoneLast4); err != nil {
			s.apiError(w, r, err)
			return
		}
		actor = minyi.Actor{Role: minyi.RoleCitizen, Name: "市民", Verified: true}
		if u != nil && u.Role == minyi.RoleCitizen {
			actor.UserID, actor.Name = u.ID, minyi.ActorFor(u).Name
		}
		scope, verified = minyi.Scope{All: true}, true
	case act == minyi.ActSupport:
		actor, scope = minyi.ActorFor(u), minyi.Scope{All: true}
	case u == nil && act == minyi.ActRate:
		s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "请登录，或提供联系电话后四位（phone_last4）后评价", "log in, or give phone_last4 to rate"))
		return
	case u == nil:
		s.apiError(w, r, minyi.Errorf(minyi.EUNAUTHORIZED, "请先登录", "login required"))
		return
	case u.Role == minyi.RoleEditor:
		s.apiError(w, r, errEditorOnly())
		return
	default:
		actor, scope = minyi.ActorFor(u), minyi.ScopeFor(u)
	}
	req := in.request(act)
	if act == minyi.ActSupport {
		req.Voter = s.voterOf(w, r)
	}
	a, err := s.svc.Act(ctx, no, req, actor, scope)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.scoreReply(ctx, act, a)
	if !verified && (u == nil || !minyi.ScopeFor(u).Allows(a)) {
		// Support by someone who may not read the appeal: say only that it counted.
		writeJSON(w, http.StatusOK, map[string]any{"tracking_no": a.TrackingNo, "status": a.Status, "status_label": a.StatusLabel(), "supporters": a.Supporters})
		return
	}
	reader := u
	if verified {
		reader = nil
	}
	out, err := s.appealWithTimeline(r, a, reader, false)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
