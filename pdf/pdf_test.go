package pdf_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"minyi/pdf"
	"minyi/pdf/pdftest"
)

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		s     string
		width float64 // in em at size 10
		want  []string
	}{
		{"", 10, []string{""}},
		{"路灯不亮", 10, []string{"路灯不亮"}},
		{"一二三四五六七八九十", 4, []string{"一二三四", "五六七八", "九十"}},
		// Two ASCII characters fill one em.
		{"abcd一二", 3, []string{"abcd一", "二"}},
		// A word moves to the next line whole; the space at the break goes.
		{"hello world again", 6, []string{"hello", "world", "again"}},
		{"共1234件", 2.5, []string{"共", "1234", "件"}},
		// A comma never starts a line: the character before goes along.
		{"一二三四，五六", 4, []string{"一二三", "四，五六"}},
		{"较上周（2026-03-03）", 7, []string{"较上周", "（2026-03-03）"}},
		{"第一行\n第二行", 10, []string{"第一行", "第二行"}},
		// A column narrower than one character still shows each.
		{"一二", 0.5, []string{"一", "二"}},
	} {
		got := pdf.Wrap(c.s, 10, c.width*10)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("Wrap(%q, %v em) = %q, want %q", c.s, c.width, got, c.want)
		}
		for _, l := range got {
			if w := pdf.Width(l, 10); w > c.width*10 && len([]rune(l)) > 1 {
				t.Errorf("Wrap(%q): line %q is %v wide", c.s, l, w)
			}
		}
	}
	if w := pdf.Width("ab路灯", 12); w != 36 {
		t.Errorf("width %v, want 36", w)
	}
}

// sample lays out enough to fill several pages with every kind of block.
func sample() *pdf.Document {
	d := pdf.New("测试文档 Test", time.Date(2026, 11, 29, 8, 30, 0, 0, time.FixedZone("CST", 8*3600)))
	d.Header = "测试城市 测试文档"
	d.Heading("第一部分 标题", 18, pdf.RGB(0xc0, 0, 0))
	d.Figures([]pdf.Figure{{Value: "123", Label: "当日受理诉求（件）", Color: pdf.RGB(0, 0x50, 0xa0)}, {Value: "+5%", Label: "较前一日", Color: pdf.Black}}, 20)
	d.Bars([]pdf.Bar{{Label: "南山区", Value: 30, Text: "30 件"}, {Label: "福田区", Value: 12, Text: "12 件"}, {Label: "空", Value: 0, Text: "0 件"}}, 10, pdf.RGB(0, 0x50, 0xa0))
	rows := [][]string{}
	for i := range 60 {
		rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("第 %d 行的热点问题，文字较长需要在单元格里换行显示以测试表格行高", i+1), fmt.Sprint(i * 3)})
	}
	d.Table(pdf.Table{Columns: []pdf.Column{{Title: "#", Width: 1, Right: true}, {Title: "问题", Width: 8}, {Title: "件数", Width: 2, Right: true}},
		Rows: rows, Size: 9, Head: pdf.Line})
	d.Text(strings.Repeat("段落文字，用于测试自动换行与分页。", 40), 10, pdf.Black)
	d.Text("超出平面的字：𠀋。H = 0.5·C − 1", 10, pdf.Black)
	return d
}

// The file's structure: every xref entry points at its object, the pages
// tree counts the pages, the fonts are the standard Chinese font.
func TestStructure(t *testing.T) {
	d := sample()
	data := d.Bytes()
	if d.Pages() < 3 {
		t.Fatalf("%d pages, want several", d.Pages())
	}
	f, err := pdftest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := f.Pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != d.Pages() {
		t.Errorf("%d page objects, document has %d", len(pages), d.Pages())
	}
	if n := bytes.Count(data, []byte("/Type /Page ")); n != d.Pages() {
		t.Errorf("%d /Type /Page, want %d", n, d.Pages())
	}
	for _, want := range []string{"/Subtype /Type0", "/BaseFont /STSong-Light", "/Encoding /UniGB-UCS2-H", "/Subtype /CIDFontType0",
		"/Registry (Adobe) /Ordering (GB1) /Supplement 2", "/W [1 95 500]", "/ToUnicode", "/MediaBox [0 0 595.28 841.89]",
		"/CreationDate (D:20261129083000+08'00')"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %q in the file", want)
		}
	}
	info, _ := f.Ref(f.Trailer, "/Info")
	if !strings.Contains(info.Dict, "/Title <FEFF6D4B8BD56587686300200054006500730074>") {
		t.Errorf("info %s", info.Dict)
	}
	if !bytes.HasSuffix(data, []byte("%%EOF\n")) {
		t.Error("no end-of-file marker")
	}
}

// The text comes back through the /ToUnicode map, with the header and the
// page numbers on every page.
func TestText(t *testing.T) {
	d := sample()
	data := d.Bytes()
	pages, err := pdftest.Text(data)
	if err != nil {
		t.Fatal(err)
	}
	n := len(pages)
	for i, p := range pages {
		for _, want := range []string{"测试城市 测试文档", fmt.Sprintf("第 %d 页 / 共 %d 页", i+1, n)} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d: no %q in\n%s", i+1, want, p)
			}
		}
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{"第一部分 标题", "当日受理诉求（件）", "南山区", "30 件", "问题", "第 60 行的", "超出平面的字：□。H = 0.5·C − 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the text", want)
		}
	}
	// The table's header row repeats on the pages it continues on.
	if c := strings.Count(all, "\n问题\n"); c < 2 {
		t.Errorf("table header shown %d times", c)
	}

	t.Run("pdftotext", func(t *testing.T) {
		text := pdftest.Poppler(t, data)
		for _, want := range []string{"第一部分 标题", "南山区", "第 60 行的热点问题", fmt.Sprintf("第 1 页 / 共 %d 页", n), fmt.Sprintf("第 %d 页 / 共 %d 页", n, n)} {
			if !strings.Contains(text, want) {
				t.Errorf("pdftotext: no %q in\n%s", want, text)
			}
		}
	})
}

// Need starts a page only when the space asked for is not left.
func TestNeed(t *testing.T) {
	d := pdf.New("", time.Time{})
	d.Space(pdf.PageHeight - pdf.MarginTop - pdf.MarginBottom - 50)
	d.Need(40)
	if d.Pages() != 1 {
		t.Errorf("40 points fit, yet %d pages", d.Pages())
	}
	d.Need(60)
	if d.Pages() != 2 {
		t.Errorf("60 points do not fit, yet %d pages", d.Pages())
	}
	if h := pdf.TextHeight("一二三\n四", 10); h != 32 {
		t.Errorf("two lines at 10 points: %v", h)
	}
}
