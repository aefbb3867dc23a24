package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"minyi"
)

// importedAppeal builds a closed or handling appeal with a timeline, as a
// bulk load from another system would.
func importedAppeal(i int, received time.Time, unit *minyi.Unit) ImportItem {
	a := newAppeal(fmt.Sprintf("历史诉求 %d", i))
	a.Normalize()
	a.Channel = minyi.ChannelHotline
	a.ExternalID = fmt.Sprintf("HL-%05d", i)
	a.ReceivedAt = received
	dispatched := received.Add(time.Hour)
	signDue := dispatched.Add(24 * time.Hour)
	completeDue := dispatched.Add(15 * 24 * time.Hour)
	a.UnitID, a.DispatchedAt, a.SignDue, a.CompleteDue = unit.ID, &dispatched, &signDue, &completeDue
	a.Status = minyi.StatusDispatched
	a.UpdatedAt = dispatched
	events := []*minyi.Event{
		{Action: minyi.ActCreate, ActorName: "话务员", ToStatus: minyi.StatusPending, Note: "通过热线受理", At: received},
		{Action: minyi.ActDispatch, ActorName: "派单员", FromStatus: minyi.StatusPending, ToStatus: minyi.StatusDispatched, UnitID: unit.ID, UnitName: unit.Name, At: dispatched},
	}
	if i%2 == 0 {
		closed := dispatched.Add(48 * time.Hour)
		a.Status, a.ClosedAt, a.RepliedAt, a.Reply = minyi.StatusClosed, &closed, &closed, "已处理。"
		events = append(events, &minyi.Event{Action: minyi.ActClose, ActorName: "派单员", FromStatus: minyi.StatusDispatched, ToStatus: minyi.StatusClosed, At: closed})
	}
	return ImportItem{Appeal: a, Events: events}
}

func TestImportAppeals(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		if _, err := db.ImportCategories(ctx, [][]string{{"城市管理", "道路"}}); err != nil {
			t.Fatal(err)
		}
		day := cst(2026, 11, 2, 8, 0)
		c := useClock(db, day.Add(time.Hour))
		mustCreate(t, db, newAppeal("导入前已有"), minyi.SystemActor) // takes sequence 1 of the day

		// Enough rows for several multi-row INSERT batches.
		const n = 1600
		items := make([]ImportItem, n)
		for i := range items {
			items[i] = importedAppeal(i, day.Add(time.Duration(i)*30*time.Second), f.futian)
		}
		items[1].Appeal.Category = "城市管理/道路"
		items[3].Appeal.UnitID, items[3].Appeal.UnitName = 0, "南山区"
		items[5].Appeal.TrackingNo = "SZ20261102000900" // keeps its number, moves the counter on
		if err := db.ImportAppeals(ctx, items); err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			if it.Appeal.ID == 0 || it.Appeal.TrackingNo == "" {
				t.Fatalf("item %d not numbered: %+v", i, it.Appeal)
			}
			for _, ev := range it.Events {
				if ev.AppealID != it.Appeal.ID {
					t.Fatalf("item %d event appeal id = %d", i, ev.AppealID)
				}
			}
		}
		// New numbers follow the largest given one.
		if no := items[0].Appeal.TrackingNo; no != "SZ20261102000901" {
			t.Fatalf("first imported number = %q", no)
		}
		if items[6].Appeal.TrackingNo == items[5].Appeal.TrackingNo {
			t.Fatal("duplicate tracking number")
		}

		got, err := db.FindAppeal(ctx, items[2].Appeal.TrackingNo, all)
		if err != nil {
			t.Fatal(err)
		}
		want := items[2].Appeal
		want.UnitName = "福田区"
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("imported\n%+v\nwant\n%+v", got, want)
		}
		if a, _ := db.FindAppeal(ctx, items[1].Appeal.TrackingNo, all); a.Category != "城市管理/道路" || a.CategoryID == 0 {
			t.Fatalf("category by path = %q (%d)", a.Category, a.CategoryID)
		}
		if a, _ := db.FindAppeal(ctx, items[3].Appeal.TrackingNo, all); a.UnitID != f.nanshan.ID {
			t.Fatalf("unit by name = %d", a.UnitID)
		}
		tl, err := db.Timeline(ctx, got.ID)
		if err != nil || len(tl) != 3 || tl[2].Action != minyi.ActClose || !tl[0].At.Equal(items[2].Appeal.ReceivedAt) {
			t.Fatalf("timeline = %+v, %v", tl, err)
		}

		// Imported deadlines feed the queues: the open ones are overdue
		// well after their sign-for deadline.
		open := minyi.AppealFilter{Scope: minyi.Scope{UnitID: f.futian.ID}, Overdue: true, Now: day.AddDate(0, 0, 5)}
		if n, err := db.CountAppeals(ctx, open); err != nil || n != 799 {
			t.Fatalf("overdue = %d, %v; want 799", n, err)
		}

		// De-duplication helpers.
		ids, err := db.ExternalIDs(ctx, minyi.ChannelHotline)
		if err != nil || len(ids) != n || !ids["HL-00007"] {
			t.Fatalf("ExternalIDs = %d, %v", len(ids), err)
		}
		if ids, _ := db.ExternalIDs(ctx, minyi.ChannelWeb); len(ids) != 0 {
			t.Fatalf("web external ids = %v", ids)
		}
		a, err := db.FindAppealByExternalID(ctx, minyi.ChannelHotline, "HL-00007")
		if err != nil || a.ID != items[7].Appeal.ID {
			t.Fatalf("FindAppealByExternalID = %v, %v", a, err)
		}
		_, err = db.FindAppealByExternalID(ctx, minyi.ChannelWeb, "HL-00007")
		wantCode(t, err, minyi.ENOTFOUND)

		// No outbox rows for bulk loads; creates continue the day's sequence.
		if topics := outboxTopics(t, db); len(topics) != 1 {
			t.Fatalf("outbox = %v", topics)
		}
		next := mustCreate(t, db, newAppeal("导入后新建"), minyi.SystemActor)
		if want := fmt.Sprintf("SZ20261102%06d", 901+n-1); next.TrackingNo != want {
			t.Fatalf("next number = %q, want %q", next.TrackingNo, want)
		}
		c.set(day.AddDate(0, 0, 1))

		// A bad item rolls the whole call back.
		bad := []ImportItem{importedAppeal(9001, day, f.futian), importedAppeal(9002, day, f.futian)}
		bad[1].Appeal.Category = "不存在的分类"
		wantCode(t, db.ImportAppeals(ctx, bad), minyi.EINVALID)
		bad = []ImportItem{importedAppeal(9003, day, f.futian), {Appeal: &minyi.Appeal{Title: "x"}}}
		wantCode(t, db.ImportAppeals(ctx, bad), minyi.EINVALID)
		if total, _ := db.CountAppeals(ctx, minyi.AppealFilter{Scope: all}); total != n+2 {
			t.Fatalf("total after failed imports = %d", total)
		}
	})
}
