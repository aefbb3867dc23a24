package http

import (
	"context"
	"net/http"
	"time"

	"minyi"
	"minyi/replies"
	"minyi/store"
)

// replyScoreStore keeps the reply-quality scores; the store is one.
type replyScoreStore interface {
	replies.Store
	FindReplyScore(ctx context.Context, appealID int64) (*store.ReplyScore, error)
	LowestReplyScores(ctx context.Context, f store.ReplyScoreFilter) ([]store.ReplyScoreRow, error)
	SummarizeReplyScores(ctx context.Context, f store.ReplyScoreFilter) (store.ReplyScoreSummary, error)
}

// maySeeReplyQuality reports whether u may see the quality of a's reply:
// the staff of the unit that replied, supervisors and admins. Scores feed
// the units' KPIs; they are never shown to citizens or on public pages.
func maySeeReplyQuality(u *minyi.User, a *minyi.Appeal) bool {
	if u == nil {
		return false
	}
	switch u.Role {
	case minyi.RoleSupervisor, minyi.RoleAdmin:
		return true
	case minyi.RoleHandler, minyi.RoleLeader:
		return u.UnitID != 0 && u.UnitID == a.UnitID
	}
	return false
}

// replyQualityView is a reply's score as the API and the appeal page show
// it, with the questions left unanswered picked out.
type replyQualityView struct {
	TrackingNo     string          `json:"tracking_no"`
	Timeliness     float64         `json:"timeliness"`
	Relevance      float64         `json:"relevance"`
	Completeness   float64         `json:"completeness"`
	Explainability float64         `json:"explainability"`
	Overall        float64         `json:"overall"`
	RepliedAt      time.Time       `json:"replied_at"`
	ScoredAt       time.Time       `json:"scored_at"`
	Reasons        replies.Reasons `json:"reasons"`
	Unanswered     []string        `json:"unanswered"`
}

func newReplyQualityView(no string, rs *store.ReplyScore) *replyQualityView {
	return &replyQualityView{TrackingNo: no, Timeliness: rs.Timeliness, Relevance: rs.Relevance, Completeness: rs.Completeness,
		Explainability: rs.Explainability, Overall: rs.Overall, RepliedAt: rs.RepliedAt, ScoredAt: rs.ScoredAt,
		Reasons: rs.Reasons, Unanswered: nonNil(rs.Reasons.Unanswered())}
}

// replyQuality returns the score of a's current reply, scoring and storing
// it first when it has none or the reply changed since. Nil without a
// reply or a score store.
func (s *Server) replyQuality(ctx context.Context, a *minyi.Appeal) (*replyQualityView, error) {
	src, ok := s.svc.(replyScoreStore)
	if !ok || a.Reply == "" || a.RepliedAt == nil {
		return nil, nil
	}
	rs, err := src.FindReplyScore(ctx, a.ID)
	if err == nil && rs.RepliedAt.UnixMilli() == a.RepliedAt.UnixMilli() {
		return newReplyQualityView(a.TrackingNo, rs), nil
	}
	if err != nil && minyi.ErrorCode(err) != minyi.ENOTFOUND {
		return nil, err
	}
	sc, err := replies.ScoreAppeal(ctx, src, a)
	if err != nil {
		return nil, err
	}
	return newReplyQualityView(a.TrackingNo, &store.ReplyScore{Score: sc, RepliedAt: *a.RepliedAt, ScoredAt: s.now()}), nil
}

// scoreReply scores a reply just given. The reply stands whatever happens
// here: a failure is logged and the score is made when first looked at.
func (s *Server) scoreReply(ctx context.Context, act minyi.Action, a *minyi.Appeal) {
	if act != minyi.ActReply || a == nil {
		return
	}
	if _, err := s.replyQuality(ctx, a); err != nil {
		s.log.Warn("reply quality", "appeal", a.TrackingNo, "err", err)
	}
}

// apiReplyQuality handles GET /api/v1/appeals/{no}/reply-quality.
func (s *Server) apiReplyQuality(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx := r.Context()
	a, err := s.svc.FindAppeal(ctx, r.PathValue("no"), minyi.ScopeFor(u))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !maySeeReplyQuality(u, a) {
		s.apiError(w, r, errReplyQualityForbidden)
		return
	}
	q, err := s.replyQuality(ctx, a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if q == nil {
		s.apiError(w, r, minyi.Errorf(minyi.ENOTFOUND, "诉求 %s 尚未答复，没有答复质量评分", "appeal %s has no reply to score", a.TrackingNo))
		return
	}
	writeJSON(w, http.StatusOK, q)
}

var errReplyQualityForbidden = minyi.Errorf(minyi.EFORBIDDEN, "答复质量仅对承办单位、督办员和管理员显示", "reply quality is shown to the replying unit, supervisors and admins only")

// replyList is GET /api/v1/reply-quality and the data of /work/replies:
// the weakest recent replies the reader may see and the means.
type replyList struct {
	Days    int                     `json:"days"`
	UnitID  int64                   `json:"unit_id,omitempty"`
	Summary store.ReplyScoreSummary `json:"summary"`
	Items   []replyListItem         `json:"items"`
	Units   []*minyi.Unit           `json:"-"` // the unit filter, for readers of every unit
}

type replyListItem struct {
	TrackingNo     string    `json:"tracking_no"`
	Title          string    `json:"title"`
	UnitName       string    `json:"unit_name,omitempty"`
	RepliedAt      time.Time `json:"replied_at"`
	Timeliness     float64   `json:"timeliness"`
	Relevance      float64   `json:"relevance"`
	Completeness   float64   `json:"completeness"`
	Explainability float64   `json:"explainability"`
	Overall        float64   `json:"overall"`
	Unanswered     int       `json:"unanswered"`
	ForwardOnly    bool      `json:"forward_only"`
}

// Limits of the reply list.
const (
	replyListDays    = 30
	replyListMaxDays = 366
	replyListLimit   = 50
)

// replyListRoles may list replies: supervisors and admins all of them,
// a unit's staff their own.
var replyListRoles = []minyi.Role{minyi.RoleSupervisor, minyi.RoleAdmin, minyi.RoleLeader, minyi.RoleHandler}

// replyList reads ?days (1–366, 30) and ?unit_id and lists the weakest
// scored replies of that window.
func (s *Server) replyList(ctx context.Context, u *minyi.User, r *http.Request) (*replyList, error) {
	src, ok := s.svc.(replyScoreStore)
	if !ok {
		return nil, minyi.Errorf(minyi.EINTERNAL, "答复质量评分不可用", "reply quality is not available")
	}
	days, err := queryInt(r, "days")
	if err != nil {
		return nil, err
	}
	if days == 0 {
		days = replyListDays
	}
	if days > replyListMaxDays {
		msg := "参数 days 应在 1 到 366 之间"
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: "days must be 1 to 366", Fields: map[string]string{"days": msg}}
	}
	unitID, err := queryInt(r, "unit_id")
	if err != nil {
		return nil, err
	}
	scope := minyi.ScopeFor(u)
	if !scope.All && unitID != 0 && unitID != scope.UnitID {
		return nil, minyi.Errorf(minyi.EFORBIDDEN, "只能查看本单位的答复质量", "you may only see your own unit's replies")
	}
	f := store.ReplyScoreFilter{Scope: scope, UnitID: unitID, Since: s.now().AddDate(0, 0, -int(days)), Limit: replyListLimit}
	out := &replyList{Days: int(days), UnitID: unitID, Items: []replyListItem{}}
	if out.Summary, err = src.SummarizeReplyScores(ctx, f); err != nil {
		return nil, err
	}
	rows, err := src.LowestReplyScores(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		out.Items = append(out.Items, replyListItem{TrackingNo: row.TrackingNo, Title: row.Title, UnitName: row.UnitName,
			RepliedAt: row.RepliedAt, Timeliness: row.Timeliness, Relevance: row.Relevance, Completeness: row.Completeness,
			Explainability: row.Explainability, Overall: row.Overall, Unanswered: len(row.Reasons.Unanswered()),
			ForwardOnly: row.Reasons.Explanation.ForwardOnly})
	}
	return out, nil
}

// apiReplyList handles GET /api/v1/reply-quality.
func (s *Server) apiReplyList(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, replyListRoles...)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	l, err := s.replyList(r.Context(), u, r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}
