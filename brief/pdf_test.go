package brief_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/brief"
	"minyi/brief/brieftest"
	"minyi/demo"
	"minyi/pdf/pdftest"
	"minyi/store"
)

// inOrder reports the first of wants that is missing from s or comes
// before the one listed ahead of it.
func inOrder(s string, wants ...string) string {
	at := 0
	for _, w := range wants {
		i := strings.Index(s[at:], w)
		if i < 0 {
			return w
		}
		at += i + len(w)
	}
	return ""
}

// render writes the brief of 深圳市 as PDF and reads its pages' text
// back.
func render(t *testing.T, b *brief.Brief) ([]byte, []string) {
	t.Helper()
	var buf bytes.Buffer
	if err := b.WritePDF(&buf, "深圳市"); err != nil {
		t.Fatal(err)
	}
	pages, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), pages
}

// The seeded day's brief as PDF: the page's content in the page's order,
// read back through the font's /ToUnicode map and, when installed, by
// pdftotext.
func TestWritePDF(t *testing.T) {
	db := seeded(t)
	b, err := brief.Build(context.Background(), db, brieftest.Day)
	if err != nil {
		t.Fatal(err)
	}
	doc, pages := render(t, b)
	// Lines joined: a label may wrap.
	text := strings.Join(pages, "")
	text = strings.ReplaceAll(text, "\n", "")
	order := []string{"深圳市 舆情日报", "2026-03-10 星期二", "6", "当日受理诉求（件）", "+50%", "较前一日（4 件）", "+100%",
		"较上周同日（2026-03-03，3 件）", "1", "当日 24 时已超时诉求（件）",
		"诉求较多的分类（一级分类）", "城乡建设", "3 件（前一日 2 件，+50%）", "诉求较多的区", brieftest.Nanshan, brieftest.Futian, brieftest.Baoan,
		"热点问题", "分析 2026-02-09 至 2026-03-10 共 15 件诉求", "持续升温", brieftest.FumesPlace, "2026-03-072026-03-10",
		"新出现", brieftest.LightsPlace, "热度指数说明", "热度 H = ", "生成时间："}
	if missing := inOrder(text, order...); missing != "" {
		t.Errorf("%q missing or out of order in\n%s", missing, text)
	}
	for i, p := range pages {
		if want := fmt.Sprintf("第 %d 页 / 共 %d 页", i+1, len(pages)); !strings.Contains(p, want) || !strings.HasPrefix(p, "深圳市 舆情日报 2026-03-10") {
			t.Errorf("page %d lacks its header or %q", i+1, want)
		}
	}
	if !bytes.Contains(doc, []byte("/Title <FEFF")) {
		t.Error("no document title")
	}

	t.Run("pdftotext", func(t *testing.T) {
		text := pdftest.Poppler(t, doc)
		for _, want := range []string{"深圳市 舆情日报", "2026-03-10 星期二", brieftest.LightsPlace, brieftest.FumesPlace, brieftest.Nanshan,
			"城乡建设", fmt.Sprintf("第 1 页 / 共 %d 页", len(pages)), "P ≥ 2"} {
			if !strings.Contains(text, want) {
				t.Errorf("pdftotext: no %q in\n%s", want, text)
			}
		}
	})
}

// A district's long brief: no district chart, the hot issues' table runs
// over pages with its header repeated, long lists of tracking numbers are
// cut, and what the font cannot show is replaced.
func TestWritePDFLong(t *testing.T) {
	change := 0.234
	b := &brief.Brief{Date: "2026-11-29", Weekday: "星期日", District: "南山区",
		GeneratedAt: time.Date(2026, 11, 30, 8, 0, 0, 0, minyi.DefaultLocation),
		Appeals:     brief.Total{Count: 1234, PreviousDay: 1000, DayChange: &change, WeekBefore: 0, WeekBeforeDate: "2026-11-22"},
		Categories:  []brief.Item{{Key: "1", Label: "城乡建设", Count: 700, PreviousDay: 600}, {Key: "2", Label: "环境保护", Count: 3}},
		Window:      brief.Window{Since: "2026-10-31", Until: "2026-11-29", Appeals: 40000, Capped: true},
	}
	for i := range brief.TopHotIssues {
		h := brief.HotIssue{Rank: i + 1, Status: brief.IssueRising, Label: fmt.Sprintf("第%d号小区𠀋 噪声扰民、占道经营、夜间施工等问题反复出现，居民多次反映未见改善", i+1),
			Place: fmt.Sprintf("粤海街道第%d社区", i+1), Count: 80, People: 60, OnDay: 12, Heat: 31.5, Start: "2026-11-01", End: "2026-11-29"}
		for j := range 12 {
			h.IDs = append(h.IDs, fmt.Sprintf("SZ2026112900%04d", i*100+j))
		}
		b.HotIssues = append(b.HotIssues, h)
	}
	doc, pages := render(t, b)
	if len(pages) < 2 {
		t.Fatalf("%d pages, want the table to run over", len(pages))
	}
	text := strings.Join(pages, "\n")
	if missing := inOrder(strings.ReplaceAll(text, "\n", ""), "深圳市南山区 舆情日报", "1234", "+23.4%", "–", "诉求较多的分类", "城乡建设", "环境保护",
		"热点问题", "诉求过多，仅分析了最新的部分。", "第1号小区□", "粤海街道第1社区", "SZ20261129000004 等 12 件", "第10号小区", "热度指数说明"); missing != "" {
		t.Errorf("%q missing or out of order in\n%s", missing, text)
	}
	if strings.Contains(text, "诉求较多的区") || strings.Contains(text, "SZ20261129000005") {
		t.Errorf("district chart or too many tracking numbers in\n%s", text)
	}
	if n := strings.Count(text, "\n起止日期\n"); n < 2 {
		t.Errorf("the table's header shows %d times over %d pages", n, len(pages))
	}
	last := pages[len(pages)-1]
	if want := fmt.Sprintf("第 %d 页 / 共 %d 页", len(pages), len(pages)); !strings.Contains(last, want) {
		t.Errorf("last page lacks %q", want)
	}
	t.Run("pdftotext", func(t *testing.T) {
		text := pdftest.Poppler(t, doc)
		if !strings.Contains(text, "深圳市南山区 舆情日报") || !strings.Contains(text, "第10号小区") ||
			!strings.Contains(text, fmt.Sprintf("第 %d 页 / 共 %d 页", len(pages), len(pages))) {
			t.Errorf("pdftotext:\n%s", text)
		}
	})
}

// BenchmarkWritePDF times rendering the demo city's brief (3,000 appeals
// over 120 days) as PDF; building the brief is not timed.
func BenchmarkWritePDF(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "minyi.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, minyi.DefaultLocation)
	if err := demo.Seed(ctx, db, demo.Options{Now: now, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	br, err := brief.Build(ctx, db, now.AddDate(0, 0, -1))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := br.WritePDF(&buf, demo.CityName); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
	b.Logf("%d appeals on the day, %d hot issues, %d bytes", br.Appeals.Count, len(br.HotIssues), buf.Len())
}
