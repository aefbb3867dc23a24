package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"minyi"
)

// BenchmarkCreateAppeal measures CreateAppeal on SQLite: one transaction
// with a counter update, the appeal, its event and an outbox row.
func BenchmarkCreateAppeal(b *testing.B) {
	for _, par := range []int{1, 4} {
		b.Run(fmt.Sprintf("sqlite/writers=%d", par), func(b *testing.B) {
			db := MustOpenDB(b, SQLite)
			ctx := context.Background()
			b.SetParallelism(par)
			b.ReportAllocs()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					a := newAppeal("道路破损积水")
					if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "creates/s")
		})
	}
}

// benchAppeals is the number of appeals BenchmarkUnitQueue loads
// (MINYI_BENCH_APPEALS, default 100000).
func benchAppeals(b *testing.B) int {
	if s := os.Getenv("MINYI_BENCH_APPEALS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("MINYI_BENCH_APPEALS=%q", s)
		}
		return n
	}
	return 100000
}

// loadBench fills a database with n appeals spread over 200 units and two
// years, 90 % closed, each with about five events. It returns the units and
// some tracking numbers.
func loadBench(b *testing.B, db *DB, n int) (units []*minyi.Unit, nos []string) {
	ctx := context.Background()
	city := &minyi.Unit{Code: "C", Name: "深圳市", Kind: minyi.UnitCity}
	if err := db.CreateUnit(ctx, city); err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		u := &minyi.Unit{Code: fmt.Sprintf("U%03d", i), Name: fmt.Sprintf("单位%03d", i), Kind: minyi.UnitDepartment, ParentID: city.ID}
		if err := db.CreateUnit(ctx, u); err != nil {
			b.Fatal(err)
		}
		units = append(units, u)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now().AddDate(-2, 0, 0)
	span := time.Since(start)
	open := []minyi.Status{minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReopened}
	const batch = 10000
	loadStart := time.Now()
	for done := 0; done < n; {
		items := make([]ImportItem, 0, min(batch, n-done))
		for range cap(items) {
			// Appeals arrive in time order, so IDs follow received time.
			received := start.Add(time.Duration(float64(span) * float64(done+len(items)) / float64(n)))
			u := units[rng.IntN(len(units))]
			a := newAppeal("道路破损积水")
			a.Normalize()
			a.ReceivedAt, a.UpdatedAt = received, received
			d := received.Add(time.Hour)
			signDue, completeDue := d.Add(24*time.Hour), d.Add(15*24*time.Hour)
			a.UnitID, a.DispatchedAt, a.SignDue, a.CompleteDue = u.ID, &d, &signDue, &completeDue
			a.Status = minyi.StatusClosed
			if rng.IntN(10) == 0 {
				a.Status = open[rng.IntN(len(open))]
			}
			ev := func(act minyi.Action, to minyi.Status, at time.Time) *minyi.Event {
				return &minyi.Event{Action: act, ActorName: "系统", ToStatus: to, UnitID: u.ID, UnitName: u.Name, At: at}
			}
			items = append(items, ImportItem{Appeal: a, Events: []*minyi.Event{
				ev(minyi.ActCreate, minyi.StatusPending, received),
				ev(minyi.ActDispatch, minyi.StatusDispatched, d),
				ev(minyi.ActSign, minyi.StatusSigned, d.Add(time.Hour)),
				ev(minyi.ActReply, minyi.StatusReplied, d.Add(48*time.Hour)),
				ev(minyi.ActRate, a.Status, d.Add(72*time.Hour)),
			}})
		}
		if err := db.ImportAppeals(ctx, items); err != nil {
			b.Fatal(err)
		}
		for _, it := range items[:10] {
			nos = append(nos, it.Appeal.TrackingNo)
		}
		done += len(items)
	}
	b.Logf("%s: loaded %d appeals in %v", db.Dialect(), n, time.Since(loadStart).Round(time.Millisecond))
	return units, nos
}

// BenchmarkUnitQueue measures a unit's queue page (open statuses, newest
// 50) and FindAppeal by tracking number over a loaded database, on SQLite and,
// when MINYI_TEST_POSTGRES is set, PostgreSQL.
func BenchmarkUnitQueue(b *testing.B) {
	n := benchAppeals(b)
	for _, d := range []string{SQLite, Postgres} {
		b.Run(d, func(b *testing.B) {
			if d == Postgres && os.Getenv("MINYI_TEST_POSTGRES") == "" {
				b.Skip("MINYI_TEST_POSTGRES is not set")
			}
			db := MustOpenDB(b, d)
			units, nos := loadBench(b, db, n)
			ctx := context.Background()
			statuses := []minyi.Status{minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReopened}
			b.Run("queue", func(b *testing.B) {
				i := 0
				for b.Loop() {
					u := units[i%len(units)]
					i++
					list, err := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{UnitID: u.ID}, Statuses: statuses, Limit: 50})
					if err != nil || (n >= 100000 && len(list) == 0) {
						b.Fatalf("queue: %d rows, %v", len(list), err)
					}
				}
			})
			b.Run("overdue", func(b *testing.B) {
				i := 0
				for b.Loop() {
					u := units[i%len(units)]
					i++
					if _, err := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{UnitID: u.ID}, Overdue: true, Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("find", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := db.FindAppeal(ctx, nos[i%len(nos)], minyi.Scope{All: true}); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		})
	}
}
