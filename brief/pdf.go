package brief

import (
	"fmt"
	"io"
	"strings"

	"minyi"
	"minyi/hotspots"
	"minyi/pdf"
)

// Colours of the PDF, those of the web page (static/app.css).
var (
	pdfRed  = pdf.RGB(0xc8, 0x10, 0x2e)
	pdfBlue = pdf.RGB(0x0b, 0x4e, 0xa2)
	pdfHead = pdf.RGB(0xee, 0xf1, 0xf5)
)

// Title is the brief's title, "深圳市 舆情日报" or, for a district,
// "深圳市南山区 舆情日报".
func (b *Brief) Title(city string) string {
	return strings.TrimSpace(city+b.District) + " 舆情日报"
}

// FileName is the name a downloaded PDF of the brief gets.
func (b *Brief) FileName() string { return "minyi-brief-" + b.Date + ".pdf" }

// IDsShown is how many of a hot issue's tracking numbers of the day the
// PDF lists; the page lists them all, as links.
const IDsShown = 5

// WritePDF writes the brief as an A4 PDF in Chinese: the content of the
// page /work/brief in its order, the top categories and districts as bar
// charts, and the heat index's method at the end. city names the city
// in the title.
func (b *Brief) WritePDF(w io.Writer, city string) error {
	title := b.Title(city)
	d := pdf.New(title+" "+b.Date, b.GeneratedAt)
	d.Heading(title, 22, pdfRed)
	d.Text(b.Date+" "+b.Weekday, 12, pdf.Black)
	d.Rule(pdfRed, 2)
	d.Space(8)

	a := b.Appeals
	d.Figures([]pdf.Figure{
		{Value: fmt.Sprint(a.Count), Label: "当日受理诉求（件）", Color: pdfBlue},
		{Value: ChangeText(a.DayChange), Label: fmt.Sprintf("较前一日（%d 件）", a.PreviousDay), Color: pdfBlue},
		{Value: ChangeText(a.WeekChange), Label: fmt.Sprintf("较上周同日（%s，%d 件）", a.WeekBeforeDate, a.WeekBefore), Color: pdfBlue},
		{Value: fmt.Sprint(b.Overdue), Label: "当日 24 时已超时诉求（件）", Color: pdfRed},
	}, 22)

	pdfItems(d, "诉求较多的分类（一级分类）", b.Categories)
	if b.District == "" {
		pdfItems(d, "诉求较多的区", b.Districts)
	}

	d.Heading("热点问题", 14, pdf.Black)
	note := fmt.Sprintf("分析 %s 至 %s 共 %d 件诉求，列出当日仍有诉求的热点问题（按热度排序）。", b.Window.Since, b.Window.Until, b.Window.Appeals)
	if b.Window.Capped {
		note += "诉求过多，仅分析了最新的部分。"
	}
	d.Text(note, 9, pdf.Grey)
	d.Space(4)
	if len(b.HotIssues) == 0 {
		d.Text("当日没有诉求属于热点问题。", 10, pdf.Black)
	} else {
		rows := make([][]string, len(b.HotIssues))
		for i, h := range b.HotIssues {
			rows[i] = []string{fmt.Sprint(h.Rank), h.StatusLabel(), issueCell(h), fmt.Sprint(h.OnDay), fmt.Sprint(h.Count),
				fmt.Sprint(h.People), span(h.Start, h.End), fmt.Sprintf("%.2f", h.Heat)}
		}
		d.Table(pdf.Table{Size: 9, Head: pdfHead, Rows: rows, Columns: []pdf.Column{
			// Widths in points, of the 495 there are: the headers fit on
			// one line.
			{Title: "#", Width: 20, Right: true}, {Title: "状态", Width: 46}, {Title: "热点问题", Width: 191},
			{Title: "当日诉求", Width: 44, Right: true}, {Title: "近 30 天诉求", Width: 62, Right: true},
			{Title: "反映人数", Width: 44, Right: true}, {Title: "起止日期", Width: 54}, {Title: "热度", Width: 34, Right: true},
		}})
	}

	d.Space(6)
	d.Need(40 + pdf.TextHeight(hotspots.HeatFormulaZH, 8.5)) // the method in one piece
	d.Heading("热度指数说明", 11, pdf.Black)
	d.Text(hotspots.HeatFormulaZH, 8.5, pdf.Grey)
	d.Space(6)
	d.Text("生成时间："+b.GeneratedAt.In(minyi.DefaultLocation).Format("2006-01-02 15:04"), 9, pdf.Grey)
	_, err := d.WriteTo(w)
	return err
}

// pdfItems writes the top categories or districts as a bar chart.
func pdfItems(d *pdf.Document, heading string, items []Item) {
	d.Heading(heading, 14, pdf.Black)
	if len(items) == 0 {
		d.Text("当日无诉求。", 10, pdf.Black)
		return
	}
	bars := make([]pdf.Bar, len(items))
	for i, it := range items {
		bars[i] = pdf.Bar{Label: it.Label, Value: float64(it.Count),
			Text: fmt.Sprintf("%d 件（前一日 %d 件，%s）", it.Count, it.PreviousDay, ChangeText(it.Change))}
	}
	d.Bars(bars, 10, pdfBlue)
	d.Space(4)
}

// issueCell is a hot issue's label, its place when the label lacks it,
// and the first of the day's tracking numbers.
func issueCell(h HotIssue) string {
	s := h.Label
	if h.Place != "" && !strings.Contains(h.Label, h.Place) {
		s += "\n" + h.Place
	}
	ids := h.IDs
	more := ""
	if len(ids) > IDsShown {
		ids, more = ids[:IDsShown], fmt.Sprintf(" 等 %d 件", len(h.IDs))
	}
	if len(ids) > 0 {
		s += "\n当日：" + strings.Join(ids, " ") + more
	}
	return s
}

func span(start, end string) string {
	if start == end {
		return start
	}
	return start + "\n" + end
}
