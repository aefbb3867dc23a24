package store

import (
	"context"
	"os"
	"testing"
	"time"

	"minyi"
)

func TestZZPlan(t *testing.T) {
	path := os.Getenv("ZZ_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	_, statErr := os.Stat(path)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if statErr != nil {
		b := &testing.B{}
		_ = b
		t.Fatal("create it with the bench first")
	}
	st := []minyi.Status{"dispatched", "signed", "handling", "reopened"}
	for _, f := range []minyi.AppealFilter{
		{Scope: minyi.Scope{UnitID: 3}, Statuses: st},
		{Scope: minyi.Scope{UnitID: 3}},
		{Scope: minyi.Scope{UnitID: 3}, Overdue: true},
		{Scope: minyi.Scope{All: true}, Overdue: true},
		{Scope: minyi.Scope{All: true}, Warning: true},
		{Scope: minyi.Scope{All: true}, Statuses: []minyi.Status{"pending"}},
	} {
		w := db.filterWhere(f)
		q := appealSelect + w.sql() + " ORDER BY a.id DESC LIMIT 50"
		rows, err := db.query(ctx, "EXPLAIN QUERY PLAN "+q, w.args...)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		list, _ := db.ListAppeals(ctx, f)
		t.Logf("%+v %v %d rows", f.Scope, time.Since(start), len(list))
		for rows.Next() {
			var a, b, c int
			var d string
			rows.Scan(&a, &b, &c, &d)
			t.Log("   ", d)
		}
		rows.Close()
	}
}
