package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"minyi"
)

// BenchmarkImportServiceItems loads 100,000 catalogue items with every
// field filled, in batches of 5,000 as the importer sends them, on both
// engines (PostgreSQL when MINYI_TEST_POSTGRES is set). One op is the
// whole load into an empty database.
func BenchmarkImportServiceItems(b *testing.B) {
	const n, batch = 100000, 5000
	long := strings.Repeat("申请人有效身份证件原件及复印件；", 8)
	for _, d := range []string{SQLite, Postgres} {
		b.Run(d, func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				db := MustOpenDB(b, d)
				items := make([]*minyi.ServiceItem, n)
				for i := range items {
					v := i % 3
					items[i] = &minyi.ServiceItem{Name: fmt.Sprintf("事项名称%06d（第%d类）", i, i%50), Code: fmt.Sprintf("BENCH-%06d", i),
						Type: "公共服务", Department: fmt.Sprintf("区部门%02d", i%40), Basis: long, Conditions: long, Materials: long,
						Process: long, LegalLimit: "20个工作日", PromisedLimit: "5个工作日", Fees: "不收费", Place: "区政务服务中心",
						Hours: "工作日9:00-17:00", Phone: "0755-12345", Visits: &v, Link: "https://example.gov.cn/item",
						Theme: fmt.Sprintf("主题%d", i%200), LifeEvents: []string{"就业", "社保"}, Extra: map[string]string{"备注": "无"}}
				}
				b.StartTimer()
				for start := 0; start < n; start += batch {
					if _, err := db.ImportServiceItems(ctx, items[start:start+batch]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if c, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); c != n {
					b.Fatalf("count %d", c)
				}
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n), "items/op")
		})
	}
}
