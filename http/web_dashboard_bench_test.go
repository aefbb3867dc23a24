package http

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"minyi/analytics"
	"minyi/demo"
	"minyi/store"
)

// BenchmarkDashboard times /work/dashboard on the demo city with
// MINYI_BENCH_DASHBOARD appeals over 90 days (e.g. 100000; the benchmark
// skips when unset), for the centre and for a leader, and logs how long
// the background analysis (hot issues and emerging terms) takes on them.
func BenchmarkDashboard(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("MINYI_BENCH_DASHBOARD"))
	if n <= 0 {
		b.Skip("MINYI_BENCH_DASHBOARD (a number of appeals) is not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "minyi.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := demo.Seed(ctx, db, demo.Options{Appeals: n, Days: 90, Seed: 1, BatchSize: 5000}); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d appeals in %v", n, time.Since(start).Round(time.Millisecond))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	hot := &analytics.HotIssues{Appeals: db, Logger: quiet}
	start = time.Now()
	snap, err := hot.Refresh(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("analysis of %d appeals (hot issues and terms): %v; %d issues, %d emerging terms",
		snap.Appeals, time.Since(start).Round(time.Millisecond), len(snap.Issues), len(snap.Terms))
	for i, t := range snap.Terms {
		if i < 5 {
			b.Logf("term %q recent %d expected %.2f score %.2f people %d", t.Term, t.Recent, t.Expected, t.Score, t.People)
		}
	}
	srv := httptest.NewServer(NewServer(Config{Services: db, Logger: quiet, HotIssues: hot, DataDir: b.TempDir()}))
	defer srv.Close()
	for _, who := range []string{"dispatcher1", "leader1"} {
		b.Run(who, func(b *testing.B) {
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {who}, "password": {"minyi2026"}})
			if err != nil {
				b.Fatal(err)
			}
			res.Body.Close()
			for b.Loop() {
				res, err := c.Get(srv.URL + "/work/dashboard?period=30")
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}
