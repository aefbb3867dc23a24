package guidecheck

import (
	"encoding/csv"
	"os"
	"testing"

	"minyi"
)

// guanganItems reads the real 广安区 catalogue (names and departments
// only; see the data README), or skips.
func guanganItems(b *testing.B) []*minyi.ServiceItem {
	const path = "../../shared/data/other/guangan_zwfw_items/guangan_district_service_items.csv"
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("the 广安区 catalogue is not at %s: this benchmark needs /work/shared/data", path)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var items []*minyi.ServiceItem
	for i, r := range rows[1:] {
		theme := r[1]
		if theme == "未分类" {
			theme = ""
		}
		items = append(items, &minyi.ServiceItem{ID: int64(i + 1), Name: r[2], Department: r[0], Theme: theme})
	}
	return items
}

// BenchmarkCheckGuangan is the whole health report of the 1,135-item
// catalogue, as the editors' page computes it.
func BenchmarkCheckGuangan(b *testing.B) {
	items := guanganItems(b)
	b.ResetTimer()
	for range b.N {
		r, err := Check(items, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.Counts[KindDepartment]), "department-findings")
	}
}
