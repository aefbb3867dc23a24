package store

import (
	"context"
	"testing"

	"minyi"
)

// TestAppealCountsFollowEveryChange checks, on PostgreSQL, that the
// trigger-kept counts equal a full count after creates, dispatches, returns, transfers, merges,
// bulk imports and closes, for the city and for each unit.
func TestAppealCountsFollowEveryChange(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		if db.Dialect() != Postgres {
			t.Skip("appeal_counts is kept on PostgreSQL only; SQLite counts from its indexes")
		}
		ctx := context.Background()
		f := mustFixture(t, db)
		useClock(db, cst(2026, 11, 30, 9, 0))
		disp := f.actor(f.dispatcher)
		var nos []string
		for range 20 {
			nos = append(nos, mustCreate(t, db, newAppeal("路灯不亮"), minyi.SystemActor).TrackingNo)
		}
		for i, no := range nos[:12] {
			unit := f.futian.ID
			if i%2 == 1 {
				unit = f.nanshan.ID
			}
			mustAct(t, db, no, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit}, disp, all)
		}
		mustAct(t, db, nos[0], minyi.ActionRequest{Action: minyi.ActReturn, Note: "非本单位职责"}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		mustAct(t, db, nos[2], minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.nanshan.ID, Note: "属地在南山"}, disp, all)
		mustAct(t, db, nos[4], minyi.ActionRequest{Action: minyi.ActSign}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		mustAct(t, db, nos[13], minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: nos[14]}, disp, all)
		mustAct(t, db, nos[15], minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, disp, all)
		imported := &minyi.Appeal{Type: minyi.TypeConsult, Channel: minyi.ChannelWeb, Title: "历史留言", Content: "历史留言内容，已经答复。",
			Status: minyi.StatusClosed, ReceivedAt: cst(2026, 10, 1, 9, 0), Anonymous: true}
		if err := db.ImportAppeals(ctx, []ImportItem{{Appeal: imported}}); err != nil {
			t.Fatal(err)
		}

		scopes := []minyi.Scope{{All: true}, {UnitID: f.futian.ID}, {UnitID: f.nanshan.ID}}
		for _, sc := range scopes {
			for _, st := range minyi.Statuses {
				fast, err := db.CountAppeals(ctx, minyi.AppealFilter{Scope: sc, Statuses: []minyi.Status{st}})
				if err != nil {
					t.Fatal(err)
				}
				w := &where{}
				w.scope(sc)
				w.add("a.status = ?", st)
				var full int
				if err := db.queryRow(ctx, `SELECT COUNT(*) FROM appeals a`+w.sql(), w.args...).Scan(&full); err != nil {
					t.Fatal(err)
				}
				if fast != full {
					t.Errorf("scope %+v status %s: kept count %d, full count %d", sc, st, fast, full)
				}
			}
		}
		// The workbench badges use the same counts.
		qc, err := db.QueueCounts(ctx, minyi.Scope{All: true}, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if qc.Pending != 20-12+1-1-1 || qc.ToSign != 12-1-1 {
			t.Errorf("queue counts = %+v", qc)
		}
	})
}
