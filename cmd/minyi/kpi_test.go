package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi/demo"
	"minyi/kpi"
	"minyi/store"
)

func TestKPIRecompute(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, db, demo.Options{Appeals: 200, Days: 30, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	month := kpi.PeriodOf("month", now).String()
	before, err := db.KPIUnitTotals(ctx, []int{kpi.MonthOf(now)}, now)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	_, out, err := run(t, "kpi", "recompute", "--data", dir)
	if err != nil || !strings.Contains(out, "已重算 全部 all 的 200 件诉求") {
		t.Fatalf("recompute: %v %q", err, out)
	}
	_, out, err = run(t, "kpi", "recompute", "--period", month, "--data", dir)
	if err != nil || !strings.Contains(out, "已重算") {
		t.Fatalf("recompute %s: %v %q", month, err, out)
	}
	db, err = store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, _ := db.KPIUnitTotals(ctx, []int{kpi.MonthOf(now)}, now)
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("units before %d, after %d", len(before), len(after))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("recomputed counters differ: %v vs %v", before[i], after[i])
		}
	}

	if _, _, err := run(t, "kpi", "recompute", "--period", "2026-13", "--data", dir); err == nil {
		t.Fatal("a bad period was accepted")
	}
	if _, _, err := run(t, "kpi", "recompute", "--data", filepath.Join(dir, "none")); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Fatalf("missing database: %v", err)
	}
}
