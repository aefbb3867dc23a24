package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"minyi"
)

func TestCreateAppeal(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		c := useClock(db, cst(2026, 11, 30, 9, 30))
		a := newAppeal("  道路破损  ")
		a.Status, a.UnitID, a.Supporters = minyi.StatusClosed, f.futian.ID, 99 // ignored
		lat, lng := 22.54, 114.05
		a.Lat, a.Lng = &lat, &lng
		mustCreate(t, db, a, f.actor(f.citizen))
		if a.ID == 0 || a.TrackingNo != "SZ20261130000001" {
			t.Fatalf("id=%d tracking_no=%q", a.ID, a.TrackingNo)
		}
		if a.Status != minyi.StatusPending || a.UnitID != 0 || a.Supporters != 0 || a.Title != "道路破损" {
			t.Fatalf("created appeal = %+v", a)
		}
		if a.CitizenID != f.citizen.ID {
			t.Fatalf("citizen_id = %d, want %d", a.CitizenID, f.citizen.ID)
		}
		if !a.ReceivedAt.Equal(c.now()) {
			t.Fatalf("received_at = %v, want %v", a.ReceivedAt, c.now())
		}

		got, err := db.FindAppeal(ctx, a.TrackingNo, all)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Fatalf("read back\n%+v\nwant\n%+v", got, a)
		}

		tl, err := db.Timeline(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(tl) != 1 || tl[0].Action != minyi.ActCreate || tl[0].ToStatus != minyi.StatusPending ||
			tl[0].Note != "通过网站受理" || tl[0].ActorID != f.citizen.ID {
			t.Fatalf("timeline = %+v", tl[0])
		}

		msgs, err := db.PendingOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].Topic != "appeal.create" {
			t.Fatalf("outbox = %+v", msgs)
		}
		var payload map[string]any
		if err := json.Unmarshal(msgs[0].Payload, &payload); err != nil {
			t.Fatal(err)
		}
		if payload["tracking_no"] != a.TrackingNo || payload["status"] != "pending" {
			t.Fatalf("payload = %s", msgs[0].Payload)
		}

		// The sequence runs per day (China time): 16:30 UTC is the next day.
		c.set(time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC))
		b := mustCreate(t, db, newAppeal("第二天"), minyi.SystemActor)
		if b.TrackingNo != "SZ20261201000001" {
			t.Fatalf("next day tracking_no = %q", b.TrackingNo)
		}
		c.set(cst(2026, 11, 30, 23, 0))
		if b := mustCreate(t, db, newAppeal("同一天"), minyi.SystemActor); b.TrackingNo != "SZ20261130000002" {
			t.Fatalf("same day tracking_no = %q", b.TrackingNo)
		}

		// Invalid input is rejected field by field and nothing is stored.
		bad := &minyi.Appeal{Type: "nope", Channel: minyi.ChannelWeb, Title: "", Content: "短"}
		err = db.CreateAppeal(ctx, bad, minyi.SystemActor)
		wantCode(t, err, minyi.EINVALID)
		for _, field := range []string{"type", "title", "content", "contact_phone"} {
			if minyi.ErrorFields(err)[field] == "" {
				t.Errorf("no message for field %s: %v", field, minyi.ErrorFields(err))
			}
		}
		withCat := newAppeal("未知分类")
		withCat.CategoryID = 424242
		err = db.CreateAppeal(ctx, withCat, minyi.SystemActor)
		wantCode(t, err, minyi.EINVALID)
		if minyi.ErrorFields(err)["category_id"] == "" {
			t.Fatalf("fields = %v", minyi.ErrorFields(err))
		}
		if n, _ := db.CountAppeals(ctx, minyi.AppealFilter{Scope: all}); n != 3 {
			t.Fatalf("count = %d, want 3", n)
		}
	})
}

func TestVerifyCitizen(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a := mustCreate(t, db, newAppeal("查询进度"), minyi.SystemActor)
		got, err := db.VerifyCitizen(ctx, a.TrackingNo, "8000")
		if err != nil || got.ID != a.ID {
			t.Fatalf("VerifyCitizen = %v, %v", got, err)
		}
		for _, last4 := range []string{"0000", "800", "", "38000"} {
			_, err := db.VerifyCitizen(ctx, a.TrackingNo, last4)
			wantCode(t, err, minyi.ENOTFOUND)
		}
		_, err = db.VerifyCitizen(ctx, "SZ20000101000001", "8000")
		wantCode(t, err, minyi.ENOTFOUND)

		anon := newAppeal("匿名")
		anon.Anonymous, anon.ContactPhone = true, ""
		mustCreate(t, db, anon, minyi.SystemActor)
		_, err = db.VerifyCitizen(ctx, anon.TrackingNo, "")
		wantCode(t, err, minyi.ENOTFOUND)
	})
}

// timelineActions lists the actions of an appeal's timeline.
func timelineActions(t *testing.T, db *DB, id int64) []minyi.Action {
	t.Helper()
	tl, err := db.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []minyi.Action
	for i, e := range tl {
		if i > 0 && e.At.Before(tl[i-1].At) {
			t.Fatalf("timeline out of order: %v before %v", e.At, tl[i-1].At)
		}
		out = append(out, e.Action)
	}
	return out
}

func outboxTopics(t *testing.T, db *DB) []string {
	t.Helper()
	msgs, err := db.PendingOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Topic)
	}
	return out
}

func TestActLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		c := useClock(db, cst(2026, 11, 30, 9, 0)) // a Monday
		a := mustCreate(t, db, newAppeal("路灯不亮"), f.actor(f.citizen))
		no := a.TrackingNo
		unitA := minyi.Scope{UnitID: f.futian.ID}
		step := func(req minyi.ActionRequest, u *minyi.User, scope minyi.Scope, want minyi.Status) *minyi.Appeal {
			t.Helper()
			c.advance(time.Hour)
			got := mustAct(t, db, no, req, f.actor(u), scope)
			if got.Status != want {
				t.Fatalf("%s: status %s, want %s", req.Action, got.Status, want)
			}
			stored, err := db.FindAppeal(ctx, no, all)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(stored, got) {
				t.Fatalf("%s: stored\n%+v\nreturned\n%+v", req.Action, stored, got)
			}
			return got
		}

		got := step(minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, f.dispatcher, all, minyi.StatusDispatched)
		if got.UnitID != f.futian.ID || got.UnitName != "福田区" || got.SignDue == nil || got.CompleteDue == nil {
			t.Fatalf("dispatched = %+v", got)
		}
		step(minyi.ActionRequest{Action: minyi.ActSign}, f.handlerA, unitA, minyi.StatusSigned)
		step(minyi.ActionRequest{Action: minyi.ActContact, Note: "已电话联系"}, f.handlerA, unitA, minyi.StatusHandling)
		step(minyi.ActionRequest{Action: minyi.ActReply, Note: "已安排维修人员更换路灯，今晚恢复照明。"}, f.handlerA, unitA, minyi.StatusReplied)
		no2 := false
		got = step(minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingDissatisfied, Solved: &no2}, f.citizen, minyi.Scope{CitizenID: f.citizen.ID}, minyi.StatusReopened)
		if got.Reopens != 1 || got.BadRatings != 1 || got.UnitID != f.futian.ID {
			t.Fatalf("reopened = %+v", got)
		}
		step(minyi.ActionRequest{Action: minyi.ActSign}, f.handlerA, unitA, minyi.StatusSigned)
		step(minyi.ActionRequest{Action: minyi.ActReply, Note: "路灯已更换，并增设一盏，请您查看。"}, f.handlerA, unitA, minyi.StatusReplied)
		got = step(minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingVeryDissatisfied, Solved: &no2}, f.citizen, minyi.Scope{CitizenID: f.citizen.ID}, minyi.StatusHandling)
		if !got.Supervised || got.BadRatings != 2 || got.ClosedAt != nil || got.UnitID != f.futian.ID || got.Rating != minyi.RatingVeryDissatisfied {
			t.Fatalf("supervised = %+v", got)
		}
		yes := true
		open := []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened}
		for name, filter := range map[string]minyi.AppealFilter{
			"督办":  {Scope: all, Statuses: open, Supervised: &yes},
			"办理中": {Scope: unitA, Statuses: []minyi.Status{minyi.StatusSigned, minyi.StatusHandling}},
		} {
			if n, err := db.CountAppeals(ctx, filter); err != nil || n != 1 {
				t.Fatalf("%s queue counts %d (%v), want the appeal rated bad twice", name, n, err)
			}
		}
		step(minyi.ActionRequest{Action: minyi.ActSupervise, Note: "两次不满意，请区里复核"}, f.supervisor, all, minyi.StatusHandling)

		want := []minyi.Action{minyi.ActCreate, minyi.ActDispatch, minyi.ActSign, minyi.ActContact, minyi.ActReply,
			minyi.ActRate, minyi.ActSign, minyi.ActReply, minyi.ActRate, minyi.ActSupervise}
		if got := timelineActions(t, db, a.ID); !reflect.DeepEqual(got, want) {
			t.Fatalf("timeline %v, want %v", got, want)
		}
		topics := outboxTopics(t, db)
		if len(topics) != len(want) || topics[1] != "appeal.dispatch" || topics[9] != "appeal.supervise" {
			t.Fatalf("outbox topics %v", topics)
		}
		tl, _ := db.Timeline(ctx, a.ID)
		if e := tl[1]; e.FromStatus != minyi.StatusPending || e.ToStatus != minyi.StatusDispatched || e.UnitID != f.futian.ID || e.UnitName != "福田区" || e.ActorID != f.dispatcher.ID {
			t.Fatalf("dispatch event = %+v", e)
		}
	})
}

func TestActReturnTransferExtend(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		c := useClock(db, cst(2026, 11, 30, 9, 0))
		a := mustCreate(t, db, newAppeal("噪音扰民"), minyi.SystemActor)
		no := a.TrackingNo
		disp := f.actor(f.dispatcher)
		mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, disp, all)
		got := mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActReturn, Note: "不属于本单位职责"}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		if got.Status != minyi.StatusPending || got.UnitID != 0 || got.DispatchedAt != nil {
			t.Fatalf("returned = %+v", got)
		}
		mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, disp, all)
		got = mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.nanshan.ID, Note: "事发地在南山"}, f.actor(f.leaderA), minyi.Scope{UnitID: f.futian.ID})
		if got.Status != minyi.StatusDispatched || got.UnitID != f.nanshan.ID || got.UnitName != "南山区" {
			t.Fatalf("transferred = %+v", got)
		}
		// Now unit A no longer sees it.
		_, err := db.FindAppeal(ctx, no, minyi.Scope{UnitID: f.futian.ID})
		wantCode(t, err, minyi.ENOTFOUND)

		scopeB := minyi.Scope{UnitID: f.nanshan.ID}
		mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActSign}, f.actor(f.handlerB), scopeB)
		before := mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActExtend, Days: 5, Note: "需协调多个部门"}, f.actor(f.handlerB), scopeB)
		if before.ExtensionDays != 5 {
			t.Fatalf("extension = %d", before.ExtensionDays)
		}
		c.advance(time.Hour)
		got = mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: true}, f.actor(f.supervisor), all)
		if got.ExtensionDays != 0 || !got.CompleteDue.After(*before.CompleteDue) {
			t.Fatalf("approved: due %v → %v, days %d", before.CompleteDue, got.CompleteDue, got.ExtensionDays)
		}
		// due_at follows the new completion deadline.
		var due int64
		if err := db.queryRow(ctx, `SELECT due_at FROM appeals WHERE id = ?`, a.ID).Scan(&due); err != nil || due != got.CompleteDue.UnixMilli() {
			t.Fatalf("due_at = %d, %v; want %d", due, err, got.CompleteDue.UnixMilli())
		}
		tl, _ := db.Timeline(ctx, a.ID)
		if last := tl[len(tl)-1]; last.Note != "同意延期 5 个工作日" {
			t.Fatalf("approve note = %q", last.Note)
		}

		// Closing a pending appeal needs a reason.
		p := mustCreate(t, db, newAppeal("重复来电"), minyi.SystemActor)
		_, err = db.Act(ctx, p.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose}, disp, all)
		wantCode(t, err, minyi.EINVALID)
		got = mustAct(t, db, p.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, disp, all)
		if got.Status != minyi.StatusClosed || got.ClosedAt == nil {
			t.Fatalf("closed = %+v", got)
		}
	})
}

func TestActMergeAndSupport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		parent := mustCreate(t, db, newAppeal("地铁站出口积水"), minyi.SystemActor)
		child := mustCreate(t, db, newAppeal("地铁口积水严重"), minyi.SystemActor)
		anyone := minyi.Actor{Name: "市民", Role: minyi.RoleCitizen}
		for range 2 {
			mustAct(t, db, child.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupport}, anyone, all)
		}
		got := mustAct(t, db, parent.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupport}, anyone, all)
		if got.Supporters != 1 {
			t.Fatalf("supporters = %d", got.Supporters)
		}

		disp := f.actor(f.dispatcher)
		_, err := db.Act(ctx, child.TrackingNo, minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: "SZ19990101000001"}, disp, all)
		wantCode(t, err, minyi.ENOTFOUND)
		if minyi.ErrorFields(err)["parent_no"] == "" {
			t.Fatalf("fields = %v", minyi.ErrorFields(err))
		}

		got = mustAct(t, db, child.TrackingNo, minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: parent.TrackingNo}, disp, all)
		if got.Status != minyi.StatusMerged || got.ParentNo != parent.TrackingNo || got.ParentID != parent.ID {
			t.Fatalf("merged child = %+v", got)
		}
		p, err := db.FindAppeal(ctx, parent.TrackingNo, all)
		if err != nil {
			t.Fatal(err)
		}
		if p.Supporters != 1+1+2 {
			t.Fatalf("parent supporters = %d, want 4", p.Supporters)
		}
		tl, _ := db.Timeline(ctx, parent.ID)
		if last := tl[len(tl)-1]; last.Action != minyi.ActMerge || last.Note != "合并了 "+child.TrackingNo {
			t.Fatalf("parent event = %+v", last)
		}
		// A merged appeal takes no support.
		_, err = db.Act(ctx, child.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupport}, anyone, all)
		wantCode(t, err, minyi.ECONFLICT)
	})
}

// Merging A into B while B is merged into A: exactly one merge wins and the
// other is refused as a conflict, never a database deadlock.
func TestActCrossMergeDoesNotDeadlock(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		disp := f.actor(f.dispatcher)
		for round := range 20 {
			x := mustCreate(t, db, newAppeal(fmt.Sprintf("积水 %d", round)), minyi.SystemActor)
			y := mustCreate(t, db, newAppeal(fmt.Sprintf("积水重复 %d", round)), minyi.SystemActor)
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make([]error, 2)
			for i, pair := range [][2]string{{x.TrackingNo, y.TrackingNo}, {y.TrackingNo, x.TrackingNo}} {
				wg.Go(func() {
					<-start
					_, errs[i] = db.Act(ctx, pair[0], minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: pair[1]}, disp, all)
				})
			}
			close(start)
			wg.Wait()
			codes := []string{minyi.ErrorCode(errs[0]), minyi.ErrorCode(errs[1])}
			sort.Strings(codes)
			if codes[0] != "" || codes[1] != minyi.ECONFLICT {
				t.Fatalf("round %d: %v / %v, want one merge and one conflict", round, errs[0], errs[1])
			}
		}
	})
}

// A stray unit_id on an action other than dispatch or transfer is ignored.
func TestActIgnoresUnitOfOtherActions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		a := mustCreate(t, db, newAppeal("井盖缺失"), minyi.SystemActor)
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, f.actor(f.dispatcher), all)
		got := mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign, UnitID: 4242}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		if got.Status != minyi.StatusSigned || got.UnitID != f.futian.ID {
			t.Fatalf("signed = %+v", got)
		}
	})
}

// snapshot is everything an action may change.
type snapshot struct {
	appeal   *minyi.Appeal
	timeline []minyi.Action
	outbox   []string
}

func takeSnapshot(t *testing.T, db *DB, no string, id int64) snapshot {
	t.Helper()
	a, err := db.FindAppeal(context.Background(), no, all)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{a, timelineActions(t, db, id), outboxTopics(t, db)}
}

func TestActRejectedChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		useClock(db, cst(2026, 11, 30, 9, 0))
		a := mustCreate(t, db, newAppeal("井盖缺失"), minyi.SystemActor)
		other := mustCreate(t, db, newAppeal("另一件"), minyi.SystemActor)
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, f.actor(f.dispatcher), all)
		unitA := minyi.Scope{UnitID: f.futian.ID}
		unitB := minyi.Scope{UnitID: f.nanshan.ID}
		before := takeSnapshot(t, db, a.TrackingNo, a.ID)

		cases := []struct {
			name  string
			req   minyi.ActionRequest
			user  *minyi.User
			scope minyi.Scope
			code  string
			field string
		}{
			{"other unit cannot see it", minyi.ActionRequest{Action: minyi.ActSign}, f.handlerB, unitB, minyi.ENOTFOUND, ""},
			{"empty scope", minyi.ActionRequest{Action: minyi.ActSign}, f.handlerA, minyi.Scope{}, minyi.ENOTFOUND, ""},
			{"handler may not dispatch", minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.nanshan.ID}, f.handlerA, unitA, minyi.EFORBIDDEN, ""},
			{"reply before signing", minyi.ActionRequest{Action: minyi.ActReply, Note: "已经处理完毕，感谢您的反映。"}, f.handlerA, unitA, minyi.ECONFLICT, ""},
			{"dispatch twice", minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.nanshan.ID}, f.dispatcher, all, minyi.ECONFLICT, ""},
			{"unknown unit", minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: 99999, Note: "转"}, f.dispatcher, all, minyi.EINVALID, "unit_id"},
			{"return without reason", minyi.ActionRequest{Action: minyi.ActReturn}, f.handlerA, unitA, minyi.EINVALID, "note"},
			{"citizen may not close", minyi.ActionRequest{Action: minyi.ActClose, Note: "x"}, f.citizen, all, minyi.EFORBIDDEN, ""},
			{"merge needs a parent", minyi.ActionRequest{Action: minyi.ActMerge}, f.dispatcher, all, minyi.EINVALID, "parent_no"},
			{"merge into itself", minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: a.TrackingNo}, f.dispatcher, all, minyi.EINVALID, "parent_no"},
			{"unknown action", minyi.ActionRequest{Action: "explode"}, f.dispatcher, all, minyi.EINVALID, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.Act(ctx, a.TrackingNo, tc.req, f.actor(tc.user), tc.scope)
				wantCode(t, err, tc.code)
				if tc.field != "" && minyi.ErrorFields(err)[tc.field] == "" {
					t.Fatalf("no message for %s: %v", tc.field, minyi.ErrorFields(err))
				}
				if after := takeSnapshot(t, db, a.TrackingNo, a.ID); !reflect.DeepEqual(before, after) {
					t.Fatalf("state changed:\n%+v\n%+v", before, after)
				}
			})
		}
		// A failed merge leaves the parent alone too.
		pBefore := takeSnapshot(t, db, other.TrackingNo, other.ID)
		_, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: other.TrackingNo}, f.actor(f.handlerA), unitA)
		wantCode(t, err, minyi.ENOTFOUND) // unit A cannot see the pending parent
		if after := takeSnapshot(t, db, other.TrackingNo, other.ID); !reflect.DeepEqual(pBefore, after) {
			t.Fatal("parent changed")
		}
		_, err = db.Act(ctx, "SZ20990101000001", minyi.ActionRequest{Action: minyi.ActSign}, f.actor(f.handlerA), unitA)
		wantCode(t, err, minyi.ENOTFOUND)
	})
}

func TestScope(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		disp := f.actor(f.dispatcher)
		var inA, inB []string
		for i := range 6 {
			a := newAppeal(fmt.Sprintf("诉求 %d", i))
			actor := minyi.SystemActor
			if i%3 == 0 {
				actor = f.actor(f.citizen)
			}
			mustCreate(t, db, a, actor)
			unit := f.futian.ID
			if i%2 == 1 {
				unit = f.nanshan.ID
				inB = append(inB, a.TrackingNo)
			} else {
				inA = append(inA, a.TrackingNo)
			}
			mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit}, disp, all)
		}
		list := func(f minyi.AppealFilter) []string {
			t.Helper()
			as, err := db.ListAppeals(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountAppeals(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range as {
				out = append(out, a.TrackingNo)
			}
			if n != len(out) {
				t.Fatalf("count %d, list %d", n, len(out))
			}
			sort.Strings(out)
			return out
		}
		if got := list(minyi.AppealFilter{Scope: minyi.Scope{UnitID: f.futian.ID}}); !reflect.DeepEqual(got, inA) {
			t.Fatalf("unit A sees %v, want %v", got, inA)
		}
		// Asking for unit B's appeals from unit A's scope returns nothing.
		if got := list(minyi.AppealFilter{Scope: minyi.Scope{UnitID: f.futian.ID}, UnitID: f.nanshan.ID}); len(got) != 0 {
			t.Fatalf("unit A sees unit B's %v", got)
		}
		if got := list(minyi.AppealFilter{}); len(got) != 0 {
			t.Fatalf("empty scope sees %v", got)
		}
		if got := list(minyi.AppealFilter{Scope: minyi.Scope{CitizenID: f.citizen.ID}}); len(got) != 2 {
			t.Fatalf("citizen sees %v", got)
		}
		if got := list(minyi.AppealFilter{Scope: all}); len(got) != 6 {
			t.Fatalf("all sees %v", got)
		}
		for _, no := range inB {
			_, err := db.FindAppeal(ctx, no, minyi.Scope{UnitID: f.futian.ID})
			wantCode(t, err, minyi.ENOTFOUND)
		}
		counts, err := db.CountByStatus(ctx, minyi.Scope{UnitID: f.nanshan.ID})
		if err != nil || counts[minyi.StatusDispatched] != 3 || len(counts) != 1 {
			t.Fatalf("CountByStatus = %v, %v", counts, err)
		}
		counts, err = db.CountByStatus(ctx, minyi.Scope{})
		if err != nil || len(counts) != 0 {
			t.Fatalf("CountByStatus(empty scope) = %v, %v", counts, err)
		}
	})
}

func TestConcurrentCreate(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		const workers, each = 8, 25
		var mu sync.Mutex
		var nos []string
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					a := newAppeal(fmt.Sprintf("并发 %d-%d", w, i))
					if err := db.CreateAppeal(context.Background(), a, minyi.SystemActor); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					nos = append(nos, a.TrackingNo)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		sort.Strings(nos)
		day := trackingDay(time.Now())
		for i, no := range nos {
			if want := fmt.Sprintf("SZ%s%06d", day, i+1); no != want {
				t.Fatalf("tracking number %d = %s, want %s", i, no, want)
			}
		}
		if got := len(outboxTopics(t, db)); got != workers*each {
			t.Fatalf("outbox rows = %d", got)
		}
	})
}

func TestQueues(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		t0 := cst(2026, 11, 30, 9, 0) // Monday
		c := useClock(db, t0)
		disp := f.actor(f.dispatcher)
		scopeA := minyi.Scope{UnitID: f.futian.ID}

		a := mustCreate(t, db, newAppeal("待签收"), minyi.SystemActor)
		a = mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, disp, all)
		if want := t0.Add(24 * time.Hour); !a.SignDue.Equal(want) {
			t.Fatalf("sign due = %v, want %v", a.SignDue, want)
		}
		b := mustCreate(t, db, newAppeal("已签收"), minyi.SystemActor)
		mustAct(t, db, b.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, disp, all)
		b = mustAct(t, db, b.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign}, f.actor(f.handlerA), scopeA)
		mustCreate(t, db, newAppeal("待分拨"), minyi.SystemActor)

		queue := func(now time.Time, warning, overdue bool) []string {
			t.Helper()
			fl := minyi.AppealFilter{Scope: scopeA, Now: now, Warning: warning, Overdue: overdue}
			as, err := db.ListAppeals(ctx, fl)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range as {
				out = append(out, x.Title)
				// The stored queue agrees with the domain's deadline level.
				lvl := x.Level(now)
				if (warning && lvl != minyi.LevelYellow) || (overdue && lvl != minyi.LevelRed) {
					t.Fatalf("%s at %v: level %q in queue warning=%v overdue=%v", x.Title, now, lvl, warning, overdue)
				}
			}
			return out
		}
		check := func(now time.Time, warn, over []string, counts QueueCounts) {
			t.Helper()
			if got := queue(now, true, false); !reflect.DeepEqual(got, warn) {
				t.Fatalf("warning at %v = %v, want %v", now, got, warn)
			}
			if got := queue(now, false, true); !reflect.DeepEqual(got, over) {
				t.Fatalf("overdue at %v = %v, want %v", now, got, over)
			}
			got, err := db.QueueCounts(ctx, scopeA, now)
			if err != nil {
				t.Fatal(err)
			}
			if got != counts {
				t.Fatalf("queue counts at %v = %+v, want %+v", now, got, counts)
			}
		}
		base := QueueCounts{ToSign: 1, Handling: 1}
		check(t0.Add(time.Hour), nil, nil, base)
		// 18 h of the 24 h to sign: 即将超时.
		w := base
		w.Warning = 1
		check(t0.Add(19*time.Hour), []string{"待签收"}, nil, w)
		o := base
		o.Overdue = 1
		check(t0.Add(25*time.Hour), nil, []string{"待签收"}, o)
		// Completion (15 working days) of the signed one runs late too.
		late := b.CompleteDue.Add(time.Minute)
		o.Overdue = 2
		check(late, nil, []string{"已签收", "待签收"}, o)

		every, err := db.QueueCounts(ctx, all, t0)
		if err != nil || every.Pending != 1 || every.ToSign != 1 || every.Handling != 1 {
			t.Fatalf("all counts = %+v, %v", every, err)
		}
		none, err := db.QueueCounts(ctx, minyi.Scope{}, t0)
		if err != nil || none != (QueueCounts{}) {
			t.Fatalf("empty scope counts = %+v, %v", none, err)
		}
		// Once replied, no deadline runs.
		c.set(t0.Add(2 * time.Hour))
		mustAct(t, db, b.TrackingNo, minyi.ActionRequest{Action: minyi.ActReply, Note: "已处理完毕，现场已恢复原状。"}, f.actor(f.handlerA), scopeA)
		if got := queue(late, false, true); !reflect.DeepEqual(got, []string{"待签收"}) {
			t.Fatalf("overdue after reply = %v", got)
		}
	})
}

func TestListFilters(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		if _, err := db.ImportCategories(ctx, [][]string{{"城市管理", "市容环境", "占道经营"}, {"城市管理", "道路"}, {"交通运输"}}); err != nil {
			t.Fatal(err)
		}
		cats, _ := db.ListCategories(ctx)
		catID := map[string]int64{}
		for _, c := range cats {
			catID[c.Path] = c.ID
		}
		c := useClock(db, cst(2026, 11, 2, 9, 0))
		mk := func(title string, mod func(a *minyi.Appeal)) *minyi.Appeal {
			a := newAppeal(title)
			mod(a)
			c.advance(24 * time.Hour)
			return mustCreate(t, db, a, minyi.SystemActor)
		}
		a1 := mk("占道经营扰民", func(a *minyi.Appeal) { a.CategoryID = catID["城市管理/市容环境/占道经营"] })
		a2 := mk("道路坑洼", func(a *minyi.Appeal) {
			a.CategoryID, a.District, a.Type, a.Channel = catID["城市管理/道路"], "南山区", minyi.TypeSuggestion, minyi.ChannelHotline
		})
		a3 := mk("公交线路咨询", func(a *minyi.Appeal) { a.CategoryID, a.Type = catID["交通运输"], minyi.TypeConsult })
		a4 := mk("100%_特殊字符", func(a *minyi.Appeal) {})
		disp := f.actor(f.dispatcher)
		mustAct(t, db, a2.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupervise, Note: "请加快办理"}, f.actor(f.supervisor), all)
		mustAct(t, db, a3.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, disp, all)

		titles := func(fl minyi.AppealFilter) []string {
			t.Helper()
			fl.Scope = all
			as, err := db.ListAppeals(ctx, fl)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range as {
				out = append(out, a.Title)
			}
			return out
		}
		yes, no := true, false
		tests := []struct {
			name string
			f    minyi.AppealFilter
			want []string
		}{
			{"newest first", minyi.AppealFilter{}, []string{a4.Title, a3.Title, a2.Title, a1.Title}},
			{"statuses", minyi.AppealFilter{Statuses: []minyi.Status{minyi.StatusDispatched, minyi.StatusClosed}}, []string{a3.Title}},
			{"unit", minyi.AppealFilter{UnitID: f.futian.ID}, []string{a3.Title}},
			{"district", minyi.AppealFilter{District: "南山区"}, []string{a2.Title}},
			{"type", minyi.AppealFilter{Type: minyi.TypeConsult}, []string{a3.Title}},
			{"channel", minyi.AppealFilter{Channel: minyi.ChannelHotline}, []string{a2.Title}},
			{"category subtree", minyi.AppealFilter{CategoryID: catID["城市管理"]}, []string{a2.Title, a1.Title}},
			{"category leaf", minyi.AppealFilter{CategoryID: catID["城市管理/市容环境/占道经营"]}, []string{a1.Title}},
			{"supervised", minyi.AppealFilter{Supervised: &yes}, []string{a2.Title}},
			{"not supervised", minyi.AppealFilter{Supervised: &no}, []string{a4.Title, a3.Title, a1.Title}},
			{"reopened", minyi.AppealFilter{Reopened: true}, nil},
			{"query", minyi.AppealFilter{Query: "道路"}, []string{a2.Title}},
			{"query with wildcards", minyi.AppealFilter{Query: "0%_"}, []string{a4.Title}},
			{"query % alone", minyi.AppealFilter{Query: "%"}, []string{a4.Title}},
			{"since", minyi.AppealFilter{Since: a3.ReceivedAt}, []string{a4.Title, a3.Title}},
			{"until", minyi.AppealFilter{Until: a2.ReceivedAt}, []string{a1.Title}},
			{"before id", minyi.AppealFilter{BeforeID: a3.ID}, []string{a2.Title, a1.Title}},
			{"limit", minyi.AppealFilter{Limit: 2}, []string{a4.Title, a3.Title}},
			{"page 2", minyi.AppealFilter{Limit: 2, BeforeID: a3.ID}, []string{a2.Title, a1.Title}},
		}
		for _, tc := range tests {
			if got := titles(tc.f); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
		got, _ := db.FindAppeal(ctx, a1.TrackingNo, all)
		if got.Category != "城市管理/市容环境/占道经营" {
			t.Fatalf("category path = %q", got.Category)
		}
	})
}
