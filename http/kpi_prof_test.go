package http

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"minyi"
	"minyi/store"
)

func BenchmarkKPIProf(b *testing.B) {
	path := os.Getenv("KPI_DB")
	if path == "" {
		b.Skip()
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewServer(Config{Services: db, DataDir: b.TempDir()})
	u, _ := db.FindUserByUsername(ctx, "supervisor1")
	for _, p := range []string{os.Getenv("KPI_PATH")} {
		b.Run("x", func(b *testing.B) {
			for range b.N {
				req := httptest.NewRequest("GET", p, nil)
				req = req.WithContext(withUser(req.Context(), u))
				rec := httptest.NewRecorder()
				s.mux.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String()[:200])
				}
			}
		})
	}
	_ = minyi.RoleAdmin
}
