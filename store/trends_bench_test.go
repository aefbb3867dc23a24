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

// BenchmarkTrends measures a 90-day trend by district over a year of
// appeals (MINYI_BENCH_APPEALS, default 200000) read from the coarse
// rollup Trends picks, and, for comparison, from appeal_stats and grouped
// from the appeals themselves. It runs on SQLite, and on PostgreSQL when
// MINYI_TEST_POSTGRES is set.
func BenchmarkTrends(b *testing.B) {
	n := 200000
	if s := os.Getenv("MINYI_BENCH_APPEALS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("MINYI_BENCH_APPEALS=%q", s)
		}
		n = v
	}
	for _, d := range []string{SQLite, Postgres} {
		b.Run(d, func(b *testing.B) {
			if d == Postgres && os.Getenv("MINYI_TEST_POSTGRES") == "" {
				b.Skip("MINYI_TEST_POSTGRES is not set")
			}
			db := MustOpenDB(b, d)
			ctx := context.Background()
			loadTrendBench(b, db, n)
			q := minyi.TrendQuery{Period: minyi.PeriodDay, By: minyi.ByDistrict, Since: cst(2026, 9, 2, 0, 0), Until: cst(2026, 11, 30, 0, 0)}
			// rollup: the coarse table Trends picks (appeal_stats_district);
			// appeal_stats: the same answer grouped from the full rollup, as
			// Trends did before the coarse tables.
			for _, full := range []bool{false, true} {
				name := "rollup"
				if full {
					name = "appeal_stats"
				}
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						t, err := db.trends(ctx, q, full)
						if err != nil {
							b.Fatal(err)
						}
						if t.Overall.Total == 0 {
							b.Fatal("no appeals counted")
						}
					}
				})
			}
			b.Run("scan", func(b *testing.B) {
				// What the rollup saves: grouping the appeals of both ranges.
				const qScan = `SELECT (received_at + 28800000) / 86400000, district, COUNT(*) FROM appeals
WHERE received_at >= ? AND received_at < ? GROUP BY 1, 2`
				from, to := ms(cst(2026, 6, 4, 0, 0)), ms(cst(2026, 12, 1, 0, 0))
				for b.Loop() {
					rows, err := db.query(ctx, qScan, from, to)
					if err != nil {
						b.Fatal(err)
					}
					for rows.Next() {
					}
					if err := rows.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// loadTrendBench imports n appeals spread over the year to 2026-11-30, 10
// districts, 12 first-level categories (with subcategories), every type and
// channel.
func loadTrendBench(b *testing.B, db *DB, n int) {
	ctx := context.Background()
	var paths [][]string
	for i := range 12 {
		for j := range 4 {
			paths = append(paths, []string{fmt.Sprintf("一级分类%02d", i), fmt.Sprintf("二级分类%d", j)})
		}
	}
	if _, err := db.ImportCategories(ctx, paths); err != nil {
		b.Fatal(err)
	}
	cats, err := db.ListCategories(ctx)
	if err != nil {
		b.Fatal(err)
	}
	districts := []string{"福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区"}
	rng := rand.New(rand.NewPCG(1, 2))
	end := cst(2026, 12, 1, 0, 0)
	span := int64(365 * 24 * time.Hour / time.Millisecond)
	start := time.Now()
	const batch = 10000
	for done := 0; done < n; done += batch {
		items := make([]ImportItem, 0, batch)
		for range min(batch, n-done) {
			at := end.Add(-time.Duration(rng.Int64N(span)+1) * time.Millisecond)
			items = append(items, ImportItem{Appeal: &minyi.Appeal{
				Type: minyi.AppealTypes[rng.IntN(len(minyi.AppealTypes))], Channel: minyi.Channels[rng.IntN(len(minyi.Channels))],
				Title: "历史诉求", Content: "历史诉求内容。", Status: minyi.StatusClosed, ReceivedAt: at,
				CategoryID: cats[rng.IntN(len(cats))].ID, District: districts[rng.IntN(len(districts))], Anonymous: true,
			}})
		}
		if err := db.ImportAppeals(ctx, items); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	var rows int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM appeal_stats`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: loaded %d appeals in %v; appeal_stats has %d rows", db.Dialect(), n, time.Since(start).Round(time.Millisecond), rows)
}
