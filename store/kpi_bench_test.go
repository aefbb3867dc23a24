package store

import (
	"context"
	"testing"
	"time"

	"minyi"
)

// BenchmarkActLifecycle times one appeal's way through dispatch, sign,
// contact, reply and rating: five actions, each keeping the assessment's
// facts and counters in its transaction.
func BenchmarkActLifecycle(b *testing.B) {
	db := MustOpenDB(b, SQLite)
	t := &testing.T{}
	f := mustFixture(t, db)
	useClock(db, cst(2026, 10, 12, 9, 0))
	ctx := context.Background()
	disp, ha := f.actor(f.dispatcher), f.actor(f.handlerA)
	solved := true
	b.ResetTimer()
	for i := range b.N {
		a := newAppeal("基准")
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			b.Fatal(err)
		}
		for _, s := range []struct {
			actor minyi.Actor
			req   minyi.ActionRequest
		}{
			{disp, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}},
			{ha, minyi.ActionRequest{Action: minyi.ActSign}},
			{ha, minyi.ActionRequest{Action: minyi.ActContact}},
			{ha, minyi.ActionRequest{Action: minyi.ActReply, Note: "已派人现场处理完毕，道路已修复。"}},
			{disp, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingSatisfied, Solved: &solved}},
		} {
			if _, err := db.Act(ctx, a.TrackingNo, s.req, s.actor, all); err != nil {
				b.Fatal(i, err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N*5)/float64(time.Microsecond), "µs/action")
}
