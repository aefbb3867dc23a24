package http

// The dashboard's strings, added to the catalogue (web_i18n.go).
func init() {
	for k, v := range map[string][2]string{
		"nav.dashboard":           {"领导驾驶舱", "Dashboard"},
		"dashboard.title":         {"领导驾驶舱", "Leaders' dashboard"},
		"dashboard.lead":          {"诉求总量、各区变化、分类走势、热点问题和新兴词一览；数字均可点开查看对应诉求。", "Appeal volume, districts, categories, hot issues and emerging terms at a glance; every number opens the appeals behind it."},
		"dashboard.period":        {"统计周期", "Period"},
		"dashboard.period_days":   {"近 %d 天", "Last %d days"},
		"dashboard.today":         {"今日受理", "Received today"},
		"dashboard.last7":         {"近 7 天受理", "Last 7 days"},
		"dashboard.vs_prev7":      {"较前 7 天 %s（%d 件）", "%s vs the 7 days before (%d)"},
		"dashboard.overdue":       {"当前已超时", "Overdue now"},
		"dashboard.overdue_unit":  {"本单位当前已超时", "Overdue now in your unit"},
		"dashboard.districts":     {"各区诉求（%s 至 %s，与上一周期相比）", "Appeals by district (%s to %s, against the period before)"},
		"dashboard.district_prev": {"上一周期 %d 件", "%d the period before"},
		"dashboard.own_district":  {"您所在单位属于 %s，仅显示本区数据。", "Your unit is in %s: only its figures are shown."},
		"dashboard.categories":    {"各一级分类每日诉求（%s 至 %s）", "Appeals per day by category (%s to %s)"},
		"dashboard.hotspots":      {"热点问题前 5", "Top 5 hot issues"},
		"dashboard.hotspots_all":  {"查看全部热点问题", "All hot issues"},
		"dashboard.terms":         {"新兴词", "Emerging terms"},
		"dashboard.terms_lead":    {"近 7 天诉求中明显多于以往的词，点击查看标题含该词的近期诉求。", "Words far more frequent in the last 7 days than before; click for the recent appeals with the word in the title."},
		"dashboard.terms_denied":  {"新兴词按全市诉求计算，仅对可查看全部诉求的工作人员显示。", "Emerging terms are computed over every appeal and shown only to staff who see all appeals."},
		"dashboard.terms_pending": {"新兴词分析尚未完成，请稍后刷新。", "The emerging-term analysis is not ready yet; refresh in a moment."},
		"dashboard.terms_none":    {"近 7 天没有明显增多的词。", "No word rose markedly in the last 7 days."},
		"dashboard.term":          {"词", "Term"},
		"dashboard.term_recent":   {"近 7 天", "Last 7 days"},
		"dashboard.term_expected": {"期望", "Expected"},
		"dashboard.term_score":    {"得分", "Score"},
		"dashboard.term_people":   {"反映人数", "People"},
		"dashboard.term_samples":  {"示例诉求", "Examples"},
		"dashboard.term_formula":  {"新兴词的计算方法", "How emerging terms are scored"},
		"dashboard.no_hot":        {"近期没有多人反映的同一问题。", "No problem raised by several people recently."},
		"dashboard.hot_pending":   {"热点分析尚未完成，请稍后刷新。", "The hot-issue analysis is not ready yet; refresh in a moment."},
		"dashboard.hot_line":      {"%d 件 · %d 人", "%d appeals · %d people"},
	} {
		catalogue[k] = v
	}
}
