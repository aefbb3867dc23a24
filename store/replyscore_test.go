package store

import (
	"context"
	"testing"
	"time"

	"minyi"
	"minyi/replies"
)

// replied creates an appeal, dispatches it to unit and replies.
func replied(t *testing.T, db *DB, f *fixture, unit *minyi.Unit, handler *minyi.User, title, reply string) *minyi.Appeal {
	t.Helper()
	a := mustCreate(t, db, newAppeal(title), minyi.SystemActor)
	mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit.ID}, f.actor(f.dispatcher), all)
	mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign}, f.actor(handler), minyi.ScopeFor(handler))
	return mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActReply, Note: reply}, f.actor(handler), minyi.ScopeFor(handler))
}

// Replies without a score are found, scored and stored once; the list
// puts the weakest first and keeps to the reader's scope.
func TestReplyScores(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		useClock(db, cst(2026, 3, 2, 10, 0))
		good := replied(t, db, f, f.futian, f.handlerA, "小区门口道路破损积水",
			"经查，该路段由福田区城市管理局负责养护。根据《城市道路管理条例》第二十条，我局已安排施工单位于3月10日前完成修复，咨询电话0755-83001234。")
		weak := replied(t, db, f, f.nanshan, f.handlerB, "道路破损", "您好，您反映的问题已转交相关部门处理，感谢您的支持。")

		if _, err := db.FindReplyScore(ctx, good.ID); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Fatalf("score before scoring: %v", err)
		}
		n, err := replies.Backfill(ctx, db, cst(2026, 3, 1, 0, 0), 100)
		if err != nil || n != 2 {
			t.Fatalf("backfill: %d, %v", n, err)
		}
		if n, err := replies.Backfill(ctx, db, cst(2026, 3, 1, 0, 0), 100); err != nil || n != 0 {
			t.Fatalf("second backfill scored %d, %v", n, err)
		}
		got, err := db.FindReplyScore(ctx, good.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Explainability < 0.6 || len(got.Reasons.Explanation.Basis) == 0 || !got.RepliedAt.Equal(*good.RepliedAt) {
			t.Errorf("stored score %+v", got)
		}

		list, err := db.LowestReplyScores(ctx, ReplyScoreFilter{Scope: all, Since: cst(2026, 3, 1, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].TrackingNo != weak.TrackingNo || list[0].Overall > list[1].Overall || list[0].UnitName != "南山区" {
			t.Fatalf("lowest first: %+v", list)
		}
		own, err := db.LowestReplyScores(ctx, ReplyScoreFilter{Scope: minyi.ScopeFor(f.handlerA)})
		if err != nil || len(own) != 1 || own[0].TrackingNo != good.TrackingNo {
			t.Fatalf("handler A sees %+v, %v", own, err)
		}
		none, err := db.LowestReplyScores(ctx, ReplyScoreFilter{Scope: minyi.ScopeFor(f.citizen)})
		if err != nil || len(none) != 0 {
			t.Fatalf("citizen scope sees %+v, %v", none, err)
		}
		sum, err := db.SummarizeReplyScores(ctx, ReplyScoreFilter{Scope: all})
		if err != nil || sum.Count != 2 || sum.Overall <= 0 || sum.Overall >= 1 {
			t.Fatalf("summary %+v, %v", sum, err)
		}
		if later, err := db.LowestReplyScores(ctx, ReplyScoreFilter{Scope: all, Since: cst(2026, 3, 3, 0, 0)}); err != nil || len(later) != 0 {
			t.Fatalf("since excludes older replies: %+v, %v", later, err)
		}

		// A new reply makes the stored score stale; it is scored again and
		// replaces the old one.
		stale := *weak
		at := weak.RepliedAt.Add(time.Hour)
		stale.RepliedAt = &at
		if err := db.SaveReplyScore(ctx, weak.ID, at, replies.Score{Overall: 0.9}); err != nil {
			t.Fatal(err)
		}
		again, err := db.UnscoredReplies(ctx, cst(2026, 3, 1, 0, 0), 10)
		if err != nil || len(again) != 1 || again[0].ID != weak.ID {
			t.Fatalf("stale score not found: %+v, %v", again, err)
		}
		if s, err := replies.ScoreAppeal(ctx, db, weak); err != nil || s.Explainability > 0.3 {
			t.Fatalf("rescore: %+v, %v", s, err)
		}
		if got, err := db.FindReplyScore(ctx, weak.ID); err != nil || got.Overall >= 0.9 || !got.RepliedAt.Equal(*weak.RepliedAt) {
			t.Fatalf("rescored %+v, %v", got, err)
		}
	})
}
