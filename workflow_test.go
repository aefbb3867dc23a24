package minyi_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"minyi"
)

const (
	unitA = 7 // the unit holding the test appeal
	unitB = 8 // another unit
)

var (
	testNow    = cst(2026, 11, 4, 10, 0)
	dispatcher = minyi.Actor{UserID: 1, Name: "派单员", Role: minyi.RoleDispatcher}
	handlerA   = minyi.Actor{UserID: 2, Name: "承办人A", Role: minyi.RoleHandler, UnitID: unitA}
	handlerB   = minyi.Actor{UserID: 3, Name: "承办人B", Role: minyi.RoleHandler, UnitID: unitB}
	leaderA    = minyi.Actor{UserID: 4, Name: "负责人A", Role: minyi.RoleLeader, UnitID: unitA}
	supervisor = minyi.Actor{UserID: 5, Name: "督办员", Role: minyi.RoleSupervisor}
	evaluator  = minyi.Actor{UserID: 6, Name: "评估员", Role: minyi.RoleEvaluator}
	admin      = minyi.Actor{UserID: 7, Name: "管理员", Role: minyi.RoleAdmin}
	owner      = minyi.Actor{UserID: 50, Name: "市民", Role: minyi.RoleCitizen}
	stranger   = minyi.Actor{UserID: 51, Name: "其他市民", Role: minyi.RoleCitizen}
	anonymous  = minyi.ActorFor(nil)
	verified   = minyi.Actor{Name: "市民", Role: minyi.RoleCitizen, Verified: true}
)

// appealIn returns an appeal in a status, held by unit A, with deadlines
// and a pending extension request so every action has what it needs.
func appealIn(st minyi.Status) *minyi.Appeal {
	received := cst(2026, 11, 2, 9, 0)
	sign, contact, complete := received.Add(24*time.Hour), received.Add(24*time.Hour), cst(2026, 11, 23, 23, 59)
	return &minyi.Appeal{
		ID: 10, TrackingNo: "SZ20261102000010", Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb,
		Title: "路灯不亮", Content: "小区门口的路灯一周都不亮", ContactPhone: "13812345678", CitizenID: owner.UserID,
		Status: st, UnitID: unitA, UnitName: "甲街道办",
		ReceivedAt: received, DispatchedAt: &received, SignDue: &sign, ContactDue: &contact, CompleteDue: &complete,
		ExtensionDays: 5, ExtensionReason: "需要协调供电部门", UpdatedAt: received,
	}
}

func yes() *bool { b := true; return &b }

// validRequest is a request for the action that passes validation, made by
// an actor allowed to take it.
func validRequest(act minyi.Action) (minyi.ActionRequest, minyi.Actor) {
	unitC := &minyi.Unit{ID: 9, Name: "乙街道办"}
	parent := &minyi.Appeal{ID: 99, TrackingNo: "SZ20261101000099", Status: minyi.StatusDispatched}
	req := minyi.ActionRequest{Action: act}
	actor := dispatcher
	switch act {
	case minyi.ActDispatch:
		req.Unit = unitC
	case minyi.ActSign, minyi.ActContact:
		actor = handlerA
	case minyi.ActReturn:
		actor, req.Note = handlerA, "不属于本单位职责"
	case minyi.ActTransfer:
		req.Unit, req.Note = unitC, "属地在乙街道"
	case minyi.ActReply:
		actor, req.Note = handlerA, "已联系供电部门更换灯泡，路灯已恢复照明。"
	case minyi.ActExtend:
		actor, req.Days, req.Note = handlerA, 5, "需要协调供电部门"
	case minyi.ActApproveExtension:
		req.Approve = true
	case minyi.ActMerge:
		req.Parent = parent
	case minyi.ActSupervise:
		actor, req.Note = supervisor, "请加快办理"
	case minyi.ActRate:
		actor, req.Rating, req.Solved = owner, minyi.RatingSatisfied, yes()
	case minyi.ActClose:
		req.Note = "重复诉求，已办结"
	case minyi.ActSupport:
		actor = anonymous
	}
	return req, actor
}

// TestApplyStateMachine runs every action in every status: the allowed
// ones move the appeal to the expected status, the rest fail with
// ECONFLICT and leave the appeal as it was.
func TestApplyStateMachine(t *testing.T) {
	S := func(ss ...minyi.Status) []minyi.Status { return ss }
	open := S(minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened)
	tests := []struct {
		action  minyi.Action
		allowed []minyi.Status
		next    minyi.Status // "" keeps the status
	}{
		{minyi.ActDispatch, S(minyi.StatusPending), minyi.StatusDispatched},
		{minyi.ActSign, S(minyi.StatusDispatched, minyi.StatusReopened), minyi.StatusSigned},
		{minyi.ActReturn, S(minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusReopened), minyi.StatusPending},
		{minyi.ActTransfer, S(minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReopened), minyi.StatusDispatched},
		{minyi.ActContact, S(minyi.StatusSigned, minyi.StatusHandling), minyi.StatusHandling},
		{minyi.ActReply, S(minyi.StatusSigned, minyi.StatusHandling), minyi.StatusReplied},
		{minyi.ActExtend, S(minyi.StatusSigned, minyi.StatusHandling), ""},
		{minyi.ActApproveExtension, open, ""},
		{minyi.ActMerge, S(minyi.StatusPending, minyi.StatusDispatched), minyi.StatusMerged},
		{minyi.ActSupervise, S(append(open, minyi.StatusClosed)...), ""},
		{minyi.ActRate, S(minyi.StatusReplied), minyi.StatusClosed},
		{minyi.ActClose, S(minyi.StatusPending, minyi.StatusReplied), minyi.StatusClosed},
		{minyi.ActSupport, open, ""},
	}
	covered := map[minyi.Action]bool{}
	for _, tt := range tests {
		covered[tt.action] = true
		for _, st := range minyi.Statuses {
			allowed := false
			for _, s := range tt.allowed {
				allowed = allowed || s == st
			}
			t.Run(string(tt.action)+"/"+string(st), func(t *testing.T) {
				a := appealIn(st)
				if tt.action == minyi.ActExtend {
					a.ExtensionDays, a.ExtensionReason = 0, ""
				}
				before := *a
				req, actor := validRequest(tt.action)
				ev, err := minyi.Apply(a, req, actor, testNow, nil)
				if !allowed {
					if code := minyi.ErrorCode(err); code != minyi.ECONFLICT {
						t.Fatalf("%s in %s: code %q (%v), want %q", tt.action, st, code, err, minyi.ECONFLICT)
					}
					if !strings.Contains(minyi.ErrorMessage(err), minyi.ActionLabels[tt.action]) && tt.action != minyi.ActApproveExtension {
						t.Errorf("message %q does not name the action", minyi.ErrorMessage(err))
					}
					if ev != nil || !reflect.DeepEqual(*a, before) {
						t.Errorf("a refused %s changed the appeal", tt.action)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s in %s: %v", tt.action, st, err)
				}
				want := tt.next
				if want == "" {
					want = st
				}
				if a.Status != want {
					t.Errorf("status = %s, want %s", a.Status, want)
				}
				if ev.Action != tt.action || ev.FromStatus != st || ev.ToStatus != a.Status || !ev.At.Equal(testNow) {
					t.Errorf("event = %+v", ev)
				}
				if ev.ActorName != actor.Name || ev.ActorRole != actor.Role {
					t.Errorf("event actor = %q/%q, want %q/%q", ev.ActorName, ev.ActorRole, actor.Name, actor.Role)
				}
				if !a.UpdatedAt.Equal(testNow) {
					t.Errorf("UpdatedAt = %s, want %s", a.UpdatedAt, testNow)
				}
			})
		}
	}
	for _, act := range append(minyi.Actions, minyi.ActSupport) {
		if !covered[act] {
			t.Errorf("action %s has no state-machine case", act)
		}
	}
}

// TestApplyPermissions checks who may take each action on an appeal held
// by unit A in a status where the action is possible.
func TestApplyPermissions(t *testing.T) {
	all := []struct {
		name  string
		actor minyi.Actor
	}{
		{"anonymous", anonymous}, {"verified citizen", verified}, {"owner", owner}, {"other citizen", stranger},
		{"dispatcher", dispatcher}, {"handler A", handlerA}, {"handler B", handlerB}, {"leader A", leaderA},
		{"supervisor", supervisor}, {"evaluator", evaluator}, {"admin", admin}, {"system", minyi.SystemActor},
	}
	may := map[minyi.Action][]string{
		minyi.ActDispatch:         {"dispatcher", "admin", "system"},
		minyi.ActSign:             {"handler A", "leader A"},
		minyi.ActReturn:           {"handler A", "leader A"},
		minyi.ActTransfer:         {"dispatcher", "leader A", "admin", "system"},
		minyi.ActContact:          {"handler A", "leader A"},
		minyi.ActReply:            {"handler A", "leader A"},
		minyi.ActExtend:           {"handler A", "leader A"},
		minyi.ActApproveExtension: {"dispatcher", "supervisor", "admin", "system"},
		minyi.ActMerge:            {"dispatcher", "admin", "system"},
		minyi.ActSupervise:        {"supervisor", "admin", "system"},
		minyi.ActRate:             {"verified citizen", "owner", "dispatcher", "admin", "system"},
		minyi.ActClose:            {"dispatcher", "admin", "system"},
		minyi.ActSupport:          {"anonymous", "verified citizen", "owner", "other citizen", "dispatcher", "handler A", "handler B", "leader A", "supervisor", "admin", "system"},
	}
	status := map[minyi.Action]minyi.Status{
		minyi.ActDispatch: minyi.StatusPending, minyi.ActSign: minyi.StatusDispatched, minyi.ActReturn: minyi.StatusDispatched,
		minyi.ActTransfer: minyi.StatusSigned, minyi.ActContact: minyi.StatusSigned, minyi.ActReply: minyi.StatusHandling,
		minyi.ActExtend: minyi.StatusHandling, minyi.ActApproveExtension: minyi.StatusHandling, minyi.ActMerge: minyi.StatusPending,
		minyi.ActSupervise: minyi.StatusHandling, minyi.ActRate: minyi.StatusReplied, minyi.ActClose: minyi.StatusReplied,
		minyi.ActSupport: minyi.StatusHandling,
	}
	for _, act := range append(minyi.Actions, minyi.ActSupport) {
		for _, who := range all {
			t.Run(string(act)+"/"+who.name, func(t *testing.T) {
				allowed := false
				for _, n := range may[act] {
					allowed = allowed || n == who.name
				}
				a := appealIn(status[act])
				if act == minyi.ActExtend {
					a.ExtensionDays = 0
				}
				before := *a
				req, _ := validRequest(act)
				_, err := minyi.Apply(a, req, who.actor, testNow, nil)
				switch {
				case allowed && err != nil:
					t.Fatalf("%s by %s refused: %v", act, who.name, err)
				case !allowed && minyi.ErrorCode(err) != minyi.EFORBIDDEN:
					t.Fatalf("%s by %s: err %v, want %s", act, who.name, err, minyi.EFORBIDDEN)
				case !allowed && !reflect.DeepEqual(*a, before):
					t.Errorf("a forbidden %s changed the appeal", act)
				}
			})
		}
	}
}

func TestApplyRatingReopensThenSupervises(t *testing.T) {
	a := appealIn(minyi.StatusReplied)
	a.ExtensionDays = 0
	p := &minyi.Policy{SLA: &minyi.SLA{Calendar: minyi.NewCalendar(nil, nil)}}
	no := false
	ev, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingDissatisfied, Solved: &no, Note: "灯还是不亮"}, owner, testNow, p)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != minyi.StatusReopened || a.UnitID != unitA || a.Reopens != 1 || a.Supervised || a.ClosedAt != nil {
		t.Fatalf("after the first bad rating: status %s unit %d reopens %d supervised %v", a.Status, a.UnitID, a.Reopens, a.Supervised)
	}
	if a.SignedAt != nil || a.RepliedAt != nil || !a.DispatchedAt.Equal(testNow) {
		t.Errorf("re-handling must restart the clock: signed %v replied %v dispatched %v", a.SignedAt, a.RepliedAt, a.DispatchedAt)
	}
	if want := cst(2026, 11, 5, 10, 0); !a.SignDue.Equal(want) {
		t.Errorf("new sign-for deadline %s, want %s", a.SignDue, want)
	}
	if !strings.Contains(ev.Note, "不满意") || !strings.Contains(ev.Note, "重办") {
		t.Errorf("event note %q", ev.Note)
	}

	steps := []minyi.ActionRequest{
		{Action: minyi.ActSign},
		{Action: minyi.ActReply, Note: "已更换整条线路，路灯恢复正常照明。"},
	}
	for _, req := range steps {
		if _, err := minyi.Apply(a, req, handlerA, testNow, p); err != nil {
			t.Fatalf("%s: %v", req.Action, err)
		}
	}
	// A second bad rating, weeks later, leaves the appeal open: back to
	// 办理中 at the same unit under 督办, with a fresh completion deadline.
	later := testNow.Add(30 * 24 * time.Hour)
	ev, err = minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingVeryDissatisfied, Solved: &no}, owner, later, p)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != minyi.StatusHandling || !a.Status.Open() || !a.Supervised || a.ClosedAt != nil || a.UnitID != unitA || a.BadRatings != 2 || a.Reopens != 2 {
		t.Fatalf("after the second bad rating: status %s supervised %v closed %v unit %d bad ratings %d reopens %d",
			a.Status, a.Supervised, a.ClosedAt, a.UnitID, a.BadRatings, a.Reopens)
	}
	if a.RepliedAt != nil || a.SignedAt == nil || a.CompleteDue == nil || !a.CompleteDue.After(later) {
		t.Errorf("re-handling under 督办: replied %v signed %v complete due %v (rated at %s)", a.RepliedAt, a.SignedAt, a.CompleteDue, later)
	}
	if !strings.Contains(ev.Note, "督办") || ev.ToStatus != minyi.StatusHandling {
		t.Errorf("event note %q should mention 督办; to %s", ev.Note, ev.ToStatus)
	}

	// The unit answers again and may be rated again: every further bad
	// rating keeps it open under 督办; a good one closes it.
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActReply, Note: "已会同供电局重新铺设电缆，路灯恢复照明。"}, handlerA, later, p); err != nil {
		t.Fatal(err)
	}
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingDissatisfied, Solved: &no}, owner, later, p); err != nil {
		t.Fatalf("third rating: %v", err)
	}
	if a.Status != minyi.StatusHandling || !a.Supervised || a.BadRatings != 3 || a.ClosedAt != nil {
		t.Fatalf("after the third bad rating: status %s supervised %v bad ratings %d", a.Status, a.Supervised, a.BadRatings)
	}
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActReply, Note: "已更换灯杆和电缆，经回访路灯正常。"}, handlerA, later, p); err != nil {
		t.Fatal(err)
	}
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingSatisfied, Solved: yes()}, owner, later, p); err != nil {
		t.Fatal(err)
	}
	if a.Status != minyi.StatusClosed || !a.Supervised || a.ClosedAt == nil {
		t.Errorf("after a good rating: status %s supervised %v closed %v", a.Status, a.Supervised, a.ClosedAt)
	}
}

// A pending extension request is made against the completion deadline;
// answering the appeal ends that deadline, so approving the request later
// must not move the deadline of a replied appeal.
func TestApplyReplyDropsPendingExtension(t *testing.T) {
	p := &minyi.Policy{SLA: &minyi.SLA{Calendar: minyi.NewCalendar(nil, nil)}}
	a := appealIn(minyi.StatusHandling) // has a pending 5-day request
	due := *a.CompleteDue
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActReply, Note: "已联系供电部门更换灯泡，路灯已恢复照明。"}, handlerA, testNow, p); err != nil {
		t.Fatal(err)
	}
	if a.ExtensionDays != 0 || a.ExtensionReason != "" {
		t.Fatalf("after the reply: pending extension %d %q", a.ExtensionDays, a.ExtensionReason)
	}
	_, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: true}, supervisor, testNow, p)
	if minyi.ErrorCode(err) != minyi.ECONFLICT || !a.CompleteDue.Equal(due) {
		t.Errorf("approving after the reply: %v, due %s (was %s)", err, a.CompleteDue, due)
	}
}

// IfRepliedAt makes an action conditional on the reply it was decided on.
func TestApplyIfRepliedAt(t *testing.T) {
	a := appealIn(minyi.StatusReplied)
	replied := cst(2026, 11, 3, 15, 0)
	a.RepliedAt = &replied
	other := replied.Add(time.Hour)
	req := minyi.ActionRequest{Action: minyi.ActClose, IfRepliedAt: &other}
	before := *a
	if _, err := minyi.Apply(a, req, minyi.SystemActor, testNow, nil); minyi.ErrorCode(err) != minyi.ECONFLICT || !reflect.DeepEqual(*a, before) {
		t.Fatalf("close with another reply time: %v", err)
	}
	req.IfRepliedAt = &replied
	if _, err := minyi.Apply(a, req, minyi.SystemActor, testNow, nil); err != nil || a.Status != minyi.StatusClosed {
		t.Fatalf("close with the same reply time: %v, status %s", err, a.Status)
	}
}

func TestApplyGoodRatingCloses(t *testing.T) {
	a := appealIn(minyi.StatusReplied)
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingBasic, Solved: yes()}, verified, testNow, nil); err != nil {
		t.Fatal(err)
	}
	if a.Status != minyi.StatusClosed || a.Rating != minyi.RatingBasic || a.Solved == nil || !*a.Solved || a.Reopens != 0 {
		t.Errorf("status %s rating %d reopens %d", a.Status, a.Rating, a.Reopens)
	}
}

func TestApplyExtension(t *testing.T) {
	p := &minyi.Policy{SLA: &minyi.SLA{Calendar: minyi.NewCalendar(nil, nil)}}
	a := appealIn(minyi.StatusHandling)
	a.ExtensionDays, a.ExtensionReason = 0, ""
	due := *a.CompleteDue // Monday 2026-11-23
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActExtend, Days: 3, Note: "需要现场勘查"}, handlerA, testNow, p); err != nil {
		t.Fatal(err)
	}
	if a.ExtensionDays != 3 || !a.CompleteDue.Equal(due) {
		t.Fatalf("request: days %d due %s", a.ExtensionDays, a.CompleteDue)
	}
	_, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActExtend, Days: 2, Note: "再延"}, handlerA, testNow, p)
	if minyi.ErrorCode(err) != minyi.ECONFLICT {
		t.Errorf("second request while one is pending: %v", err)
	}
	ev, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: true}, supervisor, testNow, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := cst(2026, 11, 26, 23, 59).Add(59 * time.Second); !a.CompleteDue.Equal(want) {
		t.Errorf("approved due = %s, want %s", a.CompleteDue, want)
	}
	if a.ExtensionDays != 0 || ev.Note != "同意延期 3 个工作日" {
		t.Errorf("days %d note %q", a.ExtensionDays, ev.Note)
	}

	b := appealIn(minyi.StatusHandling) // has a pending 5-day request
	due = *b.CompleteDue
	ev, err = minyi.Apply(b, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: false}, dispatcher, testNow, p)
	if err != nil {
		t.Fatal(err)
	}
	if !b.CompleteDue.Equal(due) || b.ExtensionDays != 0 || ev.Note != "不同意延期" {
		t.Errorf("rejected: due %s days %d note %q", b.CompleteDue, b.ExtensionDays, ev.Note)
	}
	_, err = minyi.Apply(b, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: true}, dispatcher, testNow, p)
	if minyi.ErrorCode(err) != minyi.ECONFLICT {
		t.Errorf("approving with nothing pending: %v", err)
	}
}

// TestApplyValidation checks the messages users see for bad input.
func TestApplyValidation(t *testing.T) {
	unitA := &minyi.Unit{ID: unitA, Name: "甲街道办"}
	tests := []struct {
		name   string
		status minyi.Status
		req    minyi.ActionRequest
		actor  minyi.Actor
		field  string
		msg    string
	}{
		{"dispatch without unit", minyi.StatusPending, minyi.ActionRequest{Action: minyi.ActDispatch}, dispatcher, "unit_id", "请选择承办单位"},
		{"return without reason", minyi.StatusSigned, minyi.ActionRequest{Action: minyi.ActReturn, Note: "  "}, handlerA, "note", "请填写退回理由"},
		{"transfer without unit", minyi.StatusSigned, minyi.ActionRequest{Action: minyi.ActTransfer, Note: "x"}, dispatcher, "unit_id", "请选择转办单位"},
		{"transfer to the same unit", minyi.StatusSigned, minyi.ActionRequest{Action: minyi.ActTransfer, Unit: unitA, Note: "x"}, dispatcher, "unit_id", "不能转办给当前承办单位"},
		{"transfer without reason", minyi.StatusSigned, minyi.ActionRequest{Action: minyi.ActTransfer, Unit: &minyi.Unit{ID: 9}}, dispatcher, "note", "请填写转办理由"},
		{"reply too short", minyi.StatusHandling, minyi.ActionRequest{Action: minyi.ActReply, Note: "已处理"}, handlerA, "note", "答复内容至少 10 个字，请写明办理结果和依据"},
		{"extend by 0 days", minyi.StatusHandling, minyi.ActionRequest{Action: minyi.ActExtend, Note: "x"}, handlerA, "days", "延期天数应为 1 到 30 个工作日"},
		{"extend by 31 days", minyi.StatusHandling, minyi.ActionRequest{Action: minyi.ActExtend, Days: 31, Note: "x"}, handlerA, "days", "延期天数应为 1 到 30 个工作日"},
		{"extend without reason", minyi.StatusHandling, minyi.ActionRequest{Action: minyi.ActExtend, Days: 3}, handlerA, "note", "请填写延期理由"},
		{"merge without parent", minyi.StatusPending, minyi.ActionRequest{Action: minyi.ActMerge}, dispatcher, "parent_no", "请填写要合并到的诉求编号"},
		{"merge into itself", minyi.StatusPending, minyi.ActionRequest{Action: minyi.ActMerge, Parent: &minyi.Appeal{ID: 10, Status: minyi.StatusPending}}, dispatcher, "parent_no", "不能合并到自身"},
		{"supervise without opinion", minyi.StatusHandling, minyi.ActionRequest{Action: minyi.ActSupervise}, supervisor, "note", "请填写督办意见"},
		{"rate without a level", minyi.StatusReplied, minyi.ActionRequest{Action: minyi.ActRate, Solved: yes()}, owner, "rating", "请选择满意度（非常满意、满意、基本满意、不满意、非常不满意）"},
		{"rate out of range", minyi.StatusReplied, minyi.ActionRequest{Action: minyi.ActRate, Rating: 6, Solved: yes()}, owner, "rating", "请选择满意度（非常满意、满意、基本满意、不满意、非常不满意）"},
		{"rate without solved", minyi.StatusReplied, minyi.ActionRequest{Action: minyi.ActRate, Rating: 4}, owner, "solved", "请选择问题是否已解决"},
		{"close pending without reason", minyi.StatusPending, minyi.ActionRequest{Action: minyi.ActClose}, dispatcher, "note", "请填写办结理由（如无效诉求）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := appealIn(tt.status)
			a.ExtensionDays = 0
			before := *a
			_, err := minyi.Apply(a, tt.req, tt.actor, testNow, nil)
			if minyi.ErrorCode(err) != minyi.EINVALID {
				t.Fatalf("err = %v, want %s", err, minyi.EINVALID)
			}
			if got := minyi.ErrorMessage(err); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
			if minyi.ErrorFields(err)[tt.field] == "" {
				t.Errorf("no message for field %q in %v", tt.field, minyi.ErrorFields(err))
			}
			if !reflect.DeepEqual(*a, before) {
				t.Error("a rejected action changed the appeal")
			}
		})
	}

	t.Run("merge into a closed appeal", func(t *testing.T) {
		a := appealIn(minyi.StatusPending)
		_, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActMerge, Parent: &minyi.Appeal{ID: 11, TrackingNo: "SZ1", Status: minyi.StatusClosed}}, dispatcher, testNow, nil)
		if minyi.ErrorCode(err) != minyi.ECONFLICT || !strings.Contains(minyi.ErrorMessage(err), "SZ1") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("unknown action", func(t *testing.T) {
		_, err := minyi.Apply(appealIn(minyi.StatusPending), minyi.ActionRequest{Action: "delete"}, admin, testNow, nil)
		if minyi.ErrorCode(err) != minyi.EINVALID || minyi.ErrorMessage(err) != "未知操作：delete" {
			t.Errorf("err = %v", err)
		}
	})
}

func TestApplyDispatchStartsDeadlines(t *testing.T) {
	p := &minyi.Policy{SLA: &minyi.SLA{Calendar: minyi.NewCalendar(nil, nil)}}
	fri := cst(2026, 11, 6, 10, 0)
	for _, urgent := range []bool{false, true} {
		a := &minyi.Appeal{ID: 1, Type: minyi.TypeConsult, Status: minyi.StatusPending}
		req := minyi.ActionRequest{Action: minyi.ActDispatch, Unit: &minyi.Unit{ID: 3, Name: "丙局"}, Urgent: &urgent}
		if _, err := minyi.Apply(a, req, dispatcher, fri, p); err != nil {
			t.Fatal(err)
		}
		wantSign := cst(2026, 11, 9, 10, 0) // 24 working hours over the weekend
		if urgent {
			wantSign = cst(2026, 11, 6, 12, 0) // 2 hours
		}
		if a.UnitID != 3 || a.UnitName != "丙局" || a.Urgent != urgent || !a.DispatchedAt.Equal(fri) {
			t.Errorf("unit %d %q urgent %v", a.UnitID, a.UnitName, a.Urgent)
		}
		if !a.SignDue.Equal(wantSign) {
			t.Errorf("urgent=%v: sign due %s, want %s", urgent, a.SignDue, wantSign)
		}
		if want := time.Date(2026, 11, 11, 23, 59, 59, 0, minyi.DefaultLocation); !a.CompleteDue.Equal(want) {
			t.Errorf("consultation due %s, want %s (3 working days)", a.CompleteDue, want)
		}
	}
}

// A pending extension request belongs to the deadlines it was made
// against: re-handling after a bad rating starts new ones without it, so the
// unit may ask again and an old request cannot stretch the new deadline.
func TestApplyReopenDropsPendingExtension(t *testing.T) {
	p := &minyi.Policy{SLA: &minyi.SLA{Calendar: minyi.NewCalendar(nil, nil)}}
	a := appealIn(minyi.StatusReplied) // has a pending 5-day request
	no := false
	if _, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingDissatisfied, Solved: &no}, owner, testNow, p); err != nil {
		t.Fatal(err)
	}
	if a.Status != minyi.StatusReopened || a.ExtensionDays != 0 || a.ExtensionReason != "" {
		t.Fatalf("after re-handling: status %s, pending extension %d %q", a.Status, a.ExtensionDays, a.ExtensionReason)
	}
	_, err := minyi.Apply(a, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: true}, supervisor, testNow, p)
	if minyi.ErrorCode(err) != minyi.ECONFLICT {
		t.Errorf("approving the old request: %v, want %s", err, minyi.ECONFLICT)
	}
}
