package http

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"minyi/store"
)

// BenchmarkKPIPages times the assessment pages in-process, without the
// network, on an existing database (MINYI_BENCH_KPI_DB: a SQLite file or a
// postgres:// URL, e.g. one loaded with `minyi demo --appeals 1000000`;
// skipped when unset) as supervisor1 over MINYI_BENCH_KPI_YEAR (2026 by
// default). With -cpuprofile it says where a page's time goes.
func BenchmarkKPIPages(b *testing.B) {
	dsn := os.Getenv("MINYI_BENCH_KPI_DB")
	if dsn == "" {
		b.Skip("MINYI_BENCH_KPI_DB (a database with appeals) is not set")
	}
	year := os.Getenv("MINYI_BENCH_KPI_YEAR")
	if year == "" {
		year = "2026"
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewServer(Config{Services: db, DataDir: b.TempDir()})
	u, err := db.FindUserByUsername(ctx, "supervisor1")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct{ name, path string }{
		{"unit-year", "/work/kpi?level=unit&period=" + year},
		{"api-unit-year", "/api/v1/kpi?level=unit&period=" + year},
		{"department-year", "/work/kpi?level=department&period=" + year},
		{"drill-down-streets", "/work/kpi/appeals?level=department&id=street&indicator=sign&period=" + year},
		{"scoreboard", "/scoreboard"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for range b.N {
				req := httptest.NewRequest("GET", p.path, nil)
				req = req.WithContext(withUser(req.Context(), u))
				rec := httptest.NewRecorder()
				s.mux.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d", p.path, rec.Code)
				}
			}
		})
	}
}
