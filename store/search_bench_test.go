package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"minyi"
	"minyi/search"
	"minyi/text"
)

// syntheticCatalogue makes n service items from the vocabulary of a real
// catalogue: each name joins two to four words of real names (a subject,
// an action, a variant), each department and theme is a real one, and
// each guide has a summary and materials made of the same words, so that
// the index holds as many postings per word as a big city's catalogue.
func syntheticCatalogue(real []*minyi.ServiceItem, n int) []*minyi.ServiceItem {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		panic(err)
	}
	var words []string
	for _, s := range real {
		words = append(words, seg.Cut(s.Name)...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	out := make([]*minyi.ServiceItem, n)
	for i := range out {
		base := real[r.IntN(len(real))]
		out[i] = &minyi.ServiceItem{
			Name:       pick(2+r.IntN(3)) + fmt.Sprintf("（%d）", i),
			Department: base.Department,
			Theme:      base.Theme,
			Summary:    "为" + pick(3) + "办理" + pick(2) + "。",
			Materials:  "1. 身份证；2. " + pick(2) + "申请表；3. " + pick(2) + "证明。",
			Views:      int64(r.IntN(1000)),
		}
	}
	return out
}

// searchBenchDB opens the database to search: the one named by
// MINYI_SEARCH_BENCH_SQLITE or MINYI_SEARCH_BENCH_POSTGRES (a database
// made by minyi demo --appeals 1000000, say, so that the catalogue sits
// beside a city's appeals; the synthetic catalogue is added once and
// kept), else a fresh one.
func searchBenchDB(b *testing.B, dialect string) *DB {
	env := map[string]string{SQLite: "MINYI_SEARCH_BENCH_SQLITE", Postgres: "MINYI_SEARCH_BENCH_POSTGRES"}[dialect]
	dsn := os.Getenv(env)
	if dsn == "" {
		return MustOpenDB(b, dialect)
	}
	db, err := Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkSearchServices measures the search box over the real catalogue
// plus synthetic items, 100,000 in all (-benchtime sets the queries; the
// dev questions are asked in turn), and reports the 95th percentile.
func BenchmarkSearchServices(b *testing.B) {
	for _, d := range []string{SQLite, Postgres} {
		b.Run(d, func(b *testing.B) {
			real := loadGuangan(b)
			ctx := context.Background()
			db := searchBenchDB(b, d)
			var have int
			if err := db.queryRow(ctx, `SELECT COUNT(*) FROM service_items`).Scan(&have); err != nil {
				b.Fatal(err)
			}
			if have < 100000 {
				items := append(real, syntheticCatalogue(real, 100000-len(real))...)
				for start := 0; start < len(items); start += 5000 {
					if _, err := db.ImportServiceItems(ctx, items[start:min(len(items), start+5000)]); err != nil {
						b.Fatal(err)
					}
				}
			}
			t0 := time.Now()
			n, err := db.RefreshSearchIndex(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: indexed %d items in %s", d, n, time.Since(t0).Round(time.Millisecond))
			if d == SQLite {
				if err := db.Optimize(ctx); err != nil {
					b.Fatal(err)
				}
			} else if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
			js := readJudgements(b, "dev")
			eng := &search.Engine{Index: db, Log: db}
			// Wall time and the process's CPU time per search: on a machine
			// shared with other work the wall time waits for the scheduler,
			// the CPU time is what one search costs. PostgreSQL works in
			// its own processes, so there only the wall time tells.
			var took, cpu []time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t, c := time.Now(), processCPU()
				if _, err := eng.Search(ctx, js[i%len(js)].Question, 10); err != nil {
					b.Fatal(err)
				}
				took, cpu = append(took, time.Since(t)), append(cpu, processCPU()-c)
			}
			p := func(d []time.Duration, q float64) float64 {
				slices.Sort(d)
				return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(p(took, 0.5), "p50-ms")
			b.ReportMetric(p(took, 0.95), "p95-ms")
			b.ReportMetric(p(cpu, 0.5), "p50-cpu-ms")
			b.ReportMetric(p(cpu, 0.95), "p95-cpu-ms")
		})
	}
}

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
