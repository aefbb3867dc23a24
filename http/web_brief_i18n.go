package http

// The daily brief's strings, added to the catalogue here so that the
// brief's files stay together.
func init() {
	for k, v := range map[string][2]string{
		"brief.title":         {"舆情日报", "Daily brief"},
		"brief.date":          {"日期", "Date"},
		"brief.show":          {"查看", "Show"},
		"brief.print":         {"打印 / 另存为 PDF", "Print / save as PDF"},
		"brief.pdf":           {"下载 PDF", "Download PDF"},
		"brief.print_help":    {"用浏览器的“打印”（Ctrl+P）即可打印日报或另存为 PDF，页面已按 A4 排版。", "Use the browser's Print (Ctrl+P) to print the brief or save it as PDF; the page is laid out for A4."},
		"brief.summary":       {"当日概况", "The day at a glance"},
		"brief.appeals":       {"当日受理诉求（件）", "appeals received on the day"},
		"brief.vs_day":        {"较前一日（%d 件）", "vs the day before (%d)"},
		"brief.vs_week":       {"较上周同日（%s，%d 件）", "vs the same weekday a week before (%s, %d)"},
		"brief.overdue":       {"当日 24 时已超时诉求（件）", "overdue at the end of the day"},
		"brief.categories":    {"诉求较多的分类（一级分类）", "Top categories (first level)"},
		"brief.districts":     {"诉求较多的区", "Top districts"},
		"brief.name":          {"名称", "Name"},
		"brief.count":         {"当日", "On the day"},
		"brief.previous":      {"前一日", "Day before"},
		"brief.change":        {"变化", "Change"},
		"brief.none":          {"当日无诉求。", "No appeals on the day."},
		"brief.hot":           {"热点问题", "Hot issues"},
		"brief.hot_note":      {"分析 %s 至 %s 共 %d 件诉求，列出当日仍有诉求的热点问题（按热度排序）。", "From the %[3]d appeals of %[1]s to %[2]s: the hot issues with appeals on the day, hottest first."},
		"brief.capped":        {"诉求过多，仅分析了最新的部分。", "Too many appeals: only the newest were analysed."},
		"brief.hot_none":      {"当日没有诉求属于热点问题。", "No appeal of the day belongs to a hot issue."},
		"brief.issue":         {"热点问题", "Issue"},
		"brief.on_day":        {"当日诉求", "On the day"},
		"brief.window_count":  {"近 30 天诉求", "Appeals, 30 days"},
		"brief.people":        {"反映人数", "People"},
		"brief.since":         {"首次反映", "First reported"},
		"brief.heat":          {"热度", "Heat"},
		"brief.status_new":    {"新出现", "New"},
		"brief.status_rising": {"持续升温", "Rising"},
		"brief.generated":     {"生成时间：%s", "Generated %s"},
	} {
		catalogue[k] = v
	}
}
