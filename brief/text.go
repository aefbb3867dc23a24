package brief

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"minyi"
)

// WriteText writes the brief as a plain Chinese report, for the terminal,
// e-mail or a chat group.
func (b *Brief) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format+"\n", args...) }
	title := "舆情日报"
	if b.District != "" {
		title = b.District + " " + title
	}
	p("%s  %s（%s）", title, b.Date, b.Weekday)
	p("%s", strings.Repeat("=", 40))
	p("")
	a := b.Appeals
	p("一、诉求总量")
	p("  当日受理诉求 %d 件，较前一日（%d 件）%s，较上周同日（%s，%d 件）%s。",
		a.Count, a.PreviousDay, changeWords(a.DayChange, a.Count, a.PreviousDay), a.WeekBeforeDate, a.WeekBefore, changeWords(a.WeekChange, a.Count, a.WeekBefore))
	p("  截至当日 24 时已超时未办结的诉求 %d 件。", b.Overdue)
	p("")
	p("二、诉求较多的分类（一级分类，前 %d）", TopCategories)
	writeItems(bw, b.Categories)
	n := 3
	if b.District == "" {
		p("")
		p("三、诉求较多的区（前 %d）", TopDistricts)
		writeItems(bw, b.Districts)
		n = 4
	}
	p("")
	p("%s、热点问题（近 %d 天 %s 至 %s 共分析 %d 件诉求，列出当日仍有诉求的前 %d 个）",
		chineseNumber(n), WindowDays, b.Window.Since, b.Window.Until, b.Window.Appeals, TopHotIssues)
	if b.Window.Capped {
		p("  注：窗口内诉求过多，仅分析了最新的 %d 件。", b.Window.Appeals)
	}
	if len(b.HotIssues) == 0 {
		p("  当日没有诉求属于热点问题。")
	}
	for _, h := range b.HotIssues {
		place := ""
		if h.Place != "" && !strings.Contains(h.Label, h.Place) {
			place = "（" + h.Place + "）"
		}
		p("  %d. 【%s】%s%s", h.Rank, h.StatusLabel(), h.Label, place)
		p("     当日 %d 件；近 %d 天共 %d 件、%d 人反映，%s 起，热度 %.2f", h.OnDay, WindowDays, h.Count, h.People, h.Start, h.Heat)
	}
	p("")
	p("生成时间：%s", b.GeneratedAt.In(minyi.DefaultLocation).Format("2006-01-02 15:04"))
	return bw.Flush()
}

func writeItems(w io.Writer, items []Item) {
	if len(items) == 0 {
		fmt.Fprintln(w, "  当日无诉求。")
		return
	}
	for i, it := range items {
		fmt.Fprintf(w, "  %d. %s  %d 件（前一日 %d 件，%s）\n", i+1, it.Label, it.Count, it.PreviousDay, ChangeText(it.Change))
	}
}

// changeWords says a change in words: "增长 25%", "下降 10%", "持平" or,
// with nothing to compare with, "新增" / "持平".
func changeWords(c *float64, cur, _ int64) string {
	switch {
	case c == nil && cur > 0:
		return "无可比数据"
	case c == nil || *c == 0:
		return "持平"
	case *c > 0:
		return "增长 " + strings.TrimPrefix(ChangeText(c), "+")
	}
	return "下降 " + strings.TrimPrefix(ChangeText(c), "-")
}

func chineseNumber(n int) string {
	return [...]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}[n]
}
