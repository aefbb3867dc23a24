package minyi

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Action is a step an actor takes on an appeal; each is a URL segment of
// POST /api/v1/appeals/{tracking_no}/{action}.
type Action string

const (
	ActCreate           Action = "create"            // 受理
	ActDispatch         Action = "dispatch"          // 派单
	ActSign             Action = "sign"              // 签收
	ActReturn           Action = "return"            // 退回
	ActTransfer         Action = "transfer"          // 转办
	ActContact          Action = "contact"           // 联系群众
	ActReply            Action = "reply"             // 答复
	ActExtend           Action = "extend"            // 申请延期
	ActApproveExtension Action = "approve-extension" // 审批延期
	ActMerge            Action = "merge"             // 合并
	ActSupervise        Action = "supervise"         // 督办
	ActRate             Action = "rate"              // 评价
	ActClose            Action = "close"             // 办结
	ActSupport          Action = "support"           // 我也遇到（附议）
)

// Actions lists the state-changing actions (not create).
var Actions = []Action{ActDispatch, ActSign, ActReturn, ActTransfer, ActContact, ActReply, ActExtend, ActApproveExtension, ActMerge, ActSupervise, ActRate, ActClose}

// ActionLabels gives the Chinese name of each action.
var ActionLabels = map[Action]string{
	ActCreate: "受理", ActDispatch: "派单", ActSign: "签收", ActReturn: "退回", ActTransfer: "转办",
	ActContact: "联系群众", ActReply: "答复", ActExtend: "申请延期", ActApproveExtension: "审批延期",
	ActMerge: "合并", ActSupervise: "督办", ActRate: "评价", ActClose: "办结", ActSupport: "附议",
}

// ParseAction accepts an action code.
func ParseAction(s string) (Action, bool) {
	for _, a := range Actions {
		if string(a) == s {
			return a, true
		}
	}
	return "", false
}

// ActionRequest carries the input of one action.
type ActionRequest struct {
	Action Action `json:"action"`
	UnitID int64  `json:"unit_id,omitempty"` // dispatch, transfer
	// CategoryID, on dispatch and transfer, sets or corrects the appeal's
	// category.
	CategoryID int64  `json:"category_id,omitempty"`
	Note       string `json:"note,omitempty"`      // reason, reply text, comment
	Days       int    `json:"days,omitempty"`      // extend
	Approve    bool   `json:"approve,omitempty"`   // approve-extension
	ParentNo   string `json:"parent_no,omitempty"` // merge
	Rating     Rating `json:"rating,omitempty"`    // rate
	Solved     *bool  `json:"solved,omitempty"`    // rate
	Urgent     *bool  `json:"urgent,omitempty"`    // dispatch

	// Voter, on support, names who joins ("user:ID", "browser:…"): each
	// counts once per appeal. Empty: not limited (imports, the system).
	Voter string `json:"-"`

	// IfRepliedAt, when set, is a precondition: the action applies only
	// while the appeal still holds the reply given at that time. Scheduled
	// work that read the appeal earlier uses it so that an appeal answered
	// again meanwhile is left alone.
	IfRepliedAt *time.Time `json:"-"`

	// Filled in by the store, not by callers.
	Unit     *Unit     `json:"-"`
	Parent   *Appeal   `json:"-"`
	Category *Category `json:"-"` // from CategoryID
}

// Actor is whoever acts: a logged-in user, a citizen who proved they filed
// the appeal (tracking number + last 4 phone digits), or the system.
type Actor struct {
	UserID int64
	Name   string
	Role   Role
	UnitID int64
	// Verified is set for a citizen who proved ownership of this appeal.
	Verified bool
	System   bool
}

// ActorFor makes an Actor from a user.
func ActorFor(u *User) Actor {
	if u == nil {
		return Actor{Role: RoleCitizen, Name: "市民"}
	}
	name := u.DisplayName
	if name == "" {
		name = u.Username
	}
	return Actor{UserID: u.ID, Name: name, Role: u.Role, UnitID: u.UnitID}
}

// SystemActor acts for scheduled work (默认满意, automatic dispatch).
var SystemActor = Actor{Name: "系统", System: true, Role: RoleAdmin}

// Event is one row of an appeal's timeline.
type Event struct {
	ID         int64     `json:"id"`
	AppealID   int64     `json:"-"`
	Action     Action    `json:"action"`
	ActorID    int64     `json:"actor_id,omitempty"`
	ActorName  string    `json:"actor"`
	ActorRole  Role      `json:"actor_role,omitempty"`
	FromStatus Status    `json:"from_status,omitempty"`
	ToStatus   Status    `json:"to_status"`
	UnitID     int64     `json:"unit_id,omitempty"`
	UnitName   string    `json:"unit_name,omitempty"`
	Note       string    `json:"note,omitempty"`
	At         time.Time `json:"at"`
}

// ActionLabel and StatusLabels are for templates.
func (e *Event) ActionLabel() string     { return ActionLabels[e.Action] }
func (e *Event) FromStatusLabel() string { return StatusLabels[e.FromStatus] }
func (e *Event) ToStatusLabel() string   { return StatusLabels[e.ToStatus] }

// Policy holds the city's switches that change the workflow.
type Policy struct {
	SLA *SLA
	// AutoCloseUnrated closes appeals not rated within RatingWindow as 默认满意.
	AutoCloseUnrated bool
	RatingWindow     time.Duration
}

// Limits on extensions.
const (
	MaxExtensionDays = 30
	MinReplyLen      = 10
)

func errForbidden(a Action) error {
	return &Error{Code: EFORBIDDEN, Message: fmt.Sprintf("您没有权限执行“%s”操作", ActionLabels[a]), MessageEN: fmt.Sprintf("you may not %s this appeal", a)}
}

func errState(act Action, s Status) error {
	return &Error{Code: ECONFLICT, Message: fmt.Sprintf("诉求当前状态为“%s”，不能执行“%s”", StatusLabels[s], ActionLabels[act]), MessageEN: fmt.Sprintf("cannot %s an appeal in state %s", act, s)}
}

// atOwnUnit reports whether the actor works in the unit holding the appeal.
func atOwnUnit(actor Actor, a *Appeal) bool {
	return (actor.Role == RoleHandler || actor.Role == RoleLeader) && actor.UnitID != 0 && actor.UnitID == a.UnitID
}

func isCentre(actor Actor) bool {
	return actor.System || actor.Role == RoleDispatcher || actor.Role == RoleAdmin
}

// Apply performs one action on an appeal in memory: it checks that the actor
// may do it and that the state allows it, changes the appeal and returns the
// timeline event. The store persists both in one transaction. On error the
// appeal is unchanged.
func Apply(a *Appeal, req ActionRequest, actor Actor, now time.Time, p *Policy) (*Event, error) {
	if p == nil {
		p = &Policy{}
	}
	req.Note = strings.TrimSpace(req.Note)
	allowed := map[Action]func() bool{
		ActDispatch:         func() bool { return isCentre(actor) },
		ActSign:             func() bool { return atOwnUnit(actor, a) },
		ActReturn:           func() bool { return atOwnUnit(actor, a) },
		ActTransfer:         func() bool { return isCentre(actor) || (actor.Role == RoleLeader && atOwnUnit(actor, a)) },
		ActContact:          func() bool { return atOwnUnit(actor, a) },
		ActReply:            func() bool { return atOwnUnit(actor, a) },
		ActExtend:           func() bool { return atOwnUnit(actor, a) },
		ActApproveExtension: func() bool { return isCentre(actor) || actor.Role == RoleSupervisor },
		ActMerge:            func() bool { return isCentre(actor) },
		ActSupervise:        func() bool { return actor.System || actor.Role == RoleSupervisor || actor.Role == RoleAdmin },
		ActRate: func() bool {
			return actor.Verified || (actor.Role == RoleCitizen && actor.UserID != 0 && actor.UserID == a.CitizenID) || isCentre(actor)
		},
		ActClose: func() bool { return isCentre(actor) },
		// Anyone may second an appeal except a third-party evaluator, who
		// only reads: a supporter would change the appeal it evaluates.
		ActSupport: func() bool { return actor.Role != RoleEvaluator },
	}
	may, ok := allowed[req.Action]
	if !ok {
		return nil, Errorf(EINVALID, "未知操作：%s", "unknown action: %s", string(req.Action))
	}
	if !may() {
		return nil, errForbidden(req.Action)
	}
	if req.IfRepliedAt != nil && (a.RepliedAt == nil || !a.RepliedAt.Equal(*req.IfRepliedAt)) {
		return nil, Errorf(ECONFLICT, "诉求在此期间已有新的办理进展，请刷新后重试", "the appeal changed since it was read")
	}
	next := *a
	ev := &Event{AppealID: a.ID, Action: req.Action, ActorID: actor.UserID, ActorName: actor.Name, ActorRole: actor.Role, FromStatus: a.Status, At: now, Note: req.Note}
	in := func(states ...Status) bool {
		for _, s := range states {
			if a.Status == s {
				return true
			}
		}
		return false
	}
	needNote := func(what string) error {
		if req.Note == "" {
			return &Error{Code: EINVALID, Message: "请填写" + what, MessageEN: "note is required", Fields: map[string]string{"note": "请填写" + what}}
		}
		return nil
	}
	switch req.Action {
	case ActDispatch:
		if !in(StatusPending) {
			return nil, errState(req.Action, a.Status)
		}
		if req.Unit == nil {
			return nil, &Error{Code: EINVALID, Message: "请选择承办单位", MessageEN: "unit_id is required", Fields: map[string]string{"unit_id": "请选择承办单位"}}
		}
		if req.Urgent != nil {
			next.Urgent = *req.Urgent
		}
		// Before assign: the category chooses the deadline rule.
		next.setCategory(req.Category, ev)
		next.assign(req.Unit, now, p)
		next.Status = StatusDispatched
	case ActSign:
		if !in(StatusDispatched, StatusReopened) {
			return nil, errState(req.Action, a.Status)
		}
		next.SignedAt = &now
		next.Status = StatusSigned
	case ActReturn:
		if !in(StatusDispatched, StatusReopened, StatusSigned) {
			return nil, errState(req.Action, a.Status)
		}
		if err := needNote("退回理由"); err != nil {
			return nil, err
		}
		next.UnitID, next.UnitName = 0, ""
		next.DispatchedAt, next.SignDue, next.SignedAt, next.ContactDue, next.ContactedAt, next.CompleteDue = nil, nil, nil, nil, nil, nil
		next.ExtensionDays, next.ExtensionReason = 0, ""
		next.Status = StatusPending
	case ActTransfer:
		if !a.Status.AtUnit() {
			return nil, errState(req.Action, a.Status)
		}
		if req.Unit == nil {
			return nil, &Error{Code: EINVALID, Message: "请选择转办单位", MessageEN: "unit_id is required", Fields: map[string]string{"unit_id": "请选择转办单位"}}
		}
		if req.Unit.ID == a.UnitID {
			return nil, &Error{Code: EINVALID, Message: "不能转办给当前承办单位", MessageEN: "cannot transfer to the same unit", Fields: map[string]string{"unit_id": "不能转办给当前承办单位"}}
		}
		if err := needNote("转办理由"); err != nil {
			return nil, err
		}
		next.setCategory(req.Category, ev)
		next.assign(req.Unit, now, p)
		next.SignedAt, next.ContactedAt = nil, nil
		next.Status = StatusDispatched
	case ActContact:
		if !in(StatusSigned, StatusHandling) || a.ContactedAt != nil {
			return nil, errState(req.Action, a.Status)
		}
		next.ContactedAt = &now
		next.Status = StatusHandling
	case ActReply:
		if !in(StatusSigned, StatusHandling) {
			return nil, errState(req.Action, a.Status)
		}
		if utf8.RuneCountInString(req.Note) < MinReplyLen {
			return nil, &Error{Code: EINVALID, Message: "答复内容至少 10 个字，请写明办理结果和依据", MessageEN: "the reply must be at least 10 characters", Fields: map[string]string{"note": "答复内容至少 10 个字"}}
		}
		next.Reply = req.Note
		next.RepliedAt = &now
		// The answer ends the deadline a pending extension request was
		// made against; approving it later must not move anything.
		next.ExtensionDays, next.ExtensionReason = 0, ""
		if next.ContactedAt == nil {
			next.ContactedAt = &now
		}
		next.Status = StatusReplied
	case ActExtend:
		if !in(StatusSigned, StatusHandling) {
			return nil, errState(req.Action, a.Status)
		}
		if a.ExtensionDays > 0 {
			return nil, Errorf(ECONFLICT, "已有待审批的延期申请", "an extension request is already pending")
		}
		if req.Days < 1 || req.Days > MaxExtensionDays {
			return nil, &Error{Code: EINVALID, Message: "延期天数应为 1 到 30 个工作日", MessageEN: "days must be 1 to 30", Fields: map[string]string{"days": "延期天数应为 1 到 30 个工作日"}}
		}
		if err := needNote("延期理由"); err != nil {
			return nil, err
		}
		next.ExtensionDays, next.ExtensionReason = req.Days, req.Note
	case ActApproveExtension:
		if a.ExtensionDays == 0 || !a.Status.Open() {
			return nil, Errorf(ECONFLICT, "没有待审批的延期申请", "no extension request is pending")
		}
		if req.Approve && a.CompleteDue != nil {
			due := p.SLA.calendar().AddWorkingDays(*a.CompleteDue, a.ExtensionDays)
			next.CompleteDue = &due
			if req.Note == "" {
				ev.Note = "同意延期 " + strconv.Itoa(a.ExtensionDays) + " 个工作日"
			}
		} else if req.Note == "" {
			ev.Note = "不同意延期"
		}
		next.ExtensionDays, next.ExtensionReason = 0, ""
	case ActMerge:
		if !in(StatusPending, StatusDispatched) {
			return nil, errState(req.Action, a.Status)
		}
		if req.Parent == nil {
			return nil, &Error{Code: EINVALID, Message: "请填写要合并到的诉求编号", MessageEN: "parent_no is required", Fields: map[string]string{"parent_no": "请填写要合并到的诉求编号"}}
		}
		if req.Parent.ID == a.ID {
			return nil, &Error{Code: EINVALID, Message: "不能合并到自身", MessageEN: "cannot merge an appeal into itself", Fields: map[string]string{"parent_no": "不能合并到自身"}}
		}
		if !req.Parent.Status.Open() {
			return nil, Errorf(ECONFLICT, "目标诉求 %s 已办结或已合并，不能合并", "target appeal %s is closed or merged", req.Parent.TrackingNo)
		}
		next.ParentID, next.ParentNo = req.Parent.ID, req.Parent.TrackingNo
		next.ClosedAt = &now
		next.Status = StatusMerged
		if ev.Note == "" {
			ev.Note = "合并至 " + req.Parent.TrackingNo
		}
	case ActSupervise:
		if a.Status == StatusMerged {
			return nil, errState(req.Action, a.Status)
		}
		if err := needNote("督办意见"); err != nil {
			return nil, err
		}
		next.Supervised = true
	case ActRate:
		if !in(StatusReplied) {
			return nil, errState(req.Action, a.Status)
		}
		if _, ok := RatingLabels[req.Rating]; !ok {
			return nil, &Error{Code: EINVALID, Message: "请选择满意度（非常满意、满意、基本满意、不满意、非常不满意）", MessageEN: "rating must be 1 to 5", Fields: map[string]string{"rating": "请选择满意度"}}
		}
		if req.Solved == nil {
			return nil, &Error{Code: EINVALID, Message: "请选择问题是否已解决", MessageEN: "solved is required", Fields: map[string]string{"solved": "请选择问题是否已解决"}}
		}
		next.Rating, next.RatingComment, next.Solved = req.Rating, req.Note, req.Solved
		solved := "未解决"
		if *req.Solved {
			solved = "已解决"
		}
		ev.Note = strings.TrimSpace(RatingLabels[req.Rating] + "，" + solved + "。" + req.Note)
		if !req.Rating.Bad() {
			next.ClosedAt = &now
			next.Status = StatusClosed
			break
		}
		// A bad rating re-opens the appeal at the same unit with fresh
		// deadlines. The first time the unit signs for it again (重办);
		// every later time it goes straight back to 办理中 under 督办, so it
		// stays on the supervisors' list until it is answered and rated
		// again.
		next.BadRatings++
		next.assign(&Unit{ID: a.UnitID, Name: a.UnitName}, now, p)
		next.RepliedAt = nil
		next.Reopens++
		if next.BadRatings == 1 {
			next.SignedAt, next.ContactedAt = nil, nil
			next.Status = StatusReopened
			ev.Note += "（首次不满意，转原单位重办）"
			break
		}
		next.Supervised = true
		next.Status = StatusHandling
		ev.Note += "（再次不满意，转督办，原单位继续办理）"
	case ActClose:
		switch {
		case in(StatusReplied):
		case in(StatusPending):
			if err := needNote("办结理由（如无效诉求）"); err != nil {
				return nil, err
			}
		default:
			return nil, errState(req.Action, a.Status)
		}
		next.ClosedAt = &now
		next.Status = StatusClosed
	case ActSupport:
		if !a.Status.Open() {
			return nil, errState(req.Action, a.Status)
		}
		next.Supporters++
	}
	next.UpdatedAt = now
	ev.ToStatus = next.Status
	ev.UnitID, ev.UnitName = next.UnitID, next.UnitName
	*a = next
	return ev, nil
}

// setCategory sets the category chosen at dispatch or transfer and notes
// a change on the timeline, so that a corrected category is visible.
func (a *Appeal) setCategory(c *Category, ev *Event) {
	if c == nil || c.ID == a.CategoryID {
		return
	}
	a.CategoryID, a.Category = c.ID, c.Path
	note := "分类：" + c.Path
	if ev.Note != "" {
		note = ev.Note + "（" + note + "）"
	}
	ev.Note = note
}

// assign hands the appeal to a unit and starts its deadlines. A pending
// extension request was made against the old deadlines and is dropped.
func (a *Appeal) assign(u *Unit, now time.Time, p *Policy) {
	a.UnitID, a.UnitName = u.ID, u.Name
	a.DispatchedAt = &now
	a.ExtensionDays, a.ExtensionReason = 0, ""
	rule := p.SLA.Rule(a.Type, topCategory(a.Category))
	cal := p.SLA.calendar()
	hours := rule.SignHours
	if a.Urgent {
		hours = rule.UrgentHours
	}
	sign := cal.AddWorkingHours(now, hours)
	contact := cal.AddWorkingHours(now, rule.ContactHours)
	complete := cal.AddWorkingDays(now, rule.CompleteDays)
	a.SignDue, a.ContactDue, a.CompleteDue = &sign, &contact, &complete
}

func (s *SLA) calendar() *Calendar {
	if s == nil || s.Calendar == nil {
		return NewCalendar(nil, nil)
	}
	return s.Calendar
}

// topCategory returns the first level of a category path "一级/二级/三级".
func topCategory(path string) string {
	if i := strings.Index(path, "/"); i >= 0 {
		return path[:i]
	}
	return path
}
