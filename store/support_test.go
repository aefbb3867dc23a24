package store

import (
	"context"
	"testing"

	"minyi"
)

// Each person joins an appeal once: a second 我也遇到 from the same voter
// is refused and changes nothing; another voter still counts.
func TestSupportOncePerVoter(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a := mustCreate(t, db, newAppeal("小区门口路灯不亮"), minyi.SystemActor)
		find := func() *minyi.Appeal {
			t.Helper()
			got, err := db.FindAppeal(ctx, a.TrackingNo, all)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		anyone := minyi.Actor{Name: "市民", Role: minyi.RoleCitizen}
		support := func(voter string) (*minyi.Appeal, error) {
			return db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupport, Voter: voter}, anyone, all)
		}
		if got, err := support("browser:aaa"); err != nil || got.Supporters != 1 {
			t.Fatalf("first support: %v, %+v", err, got)
		}
		before, err := db.Timeline(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = support("browser:aaa")
		wantCode(t, err, minyi.ECONFLICT)
		after, err := db.Timeline(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := find(); got.Supporters != 1 || len(after) != len(before) {
			t.Fatalf("after a repeated support: supporters %d, events %d → %d", got.Supporters, len(before), len(after))
		}
		if got, err := support("user:7"); err != nil || got.Supporters != 2 {
			t.Fatalf("another voter: %v, %+v", err, got)
		}
		// Without a voter (imports, the system) there is no limit.
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSupport}, anyone, all)
		if got := find(); got.Supporters != 3 {
			t.Fatalf("supporters %d, want 3", got.Supporters)
		}
	})
}
