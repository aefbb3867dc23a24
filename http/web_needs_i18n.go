package http

// The latent-needs page's strings, added to the catalogue (web_i18n.go).
func init() {
	for k, v := range map[string][2]string{
		"needs.title":      {"潜在需求", "Latent needs"},
		"needs.lead":       {"市民反复咨询、服务事项库尚未很好回答的问题，供编写办事指南和常见问题时参考。", "Questions citizens keep asking that no service item answers well yet: material for service guides and FAQs."},
		"needs.meta":       {"近 %d 天的 %d 条咨询，分析于 %s；每 15 分钟更新。", "%[2]d consultations of the last %[1]d days, analysed at %[3]s; updated every 15 minutes."},
		"needs.formula":    {"潜在需求的发现方法", "How latent needs are found"},
		"needs.rank":       {"排名", "Rank"},
		"needs.question":   {"代表问题", "Question"},
		"needs.terms":      {"关键词", "Terms"},
		"needs.span":       {"时间范围", "Period"},
		"needs.count":      {"咨询数", "Consultations"},
		"needs.people":     {"咨询人数", "People"},
		"needs.answer":     {"服务事项", "Service item"},
		"needs.answered":   {"已有答案：%s", "Answered: %s"},
		"needs.weak":       {"答案不充分（最接近：%s）", "Answered poorly (closest: %s)"},
		"needs.unanswered": {"未答复", "Unanswered"},
		"needs.appeals":    {"查看 %d 条示例咨询", "Show %d sample consultations"},
		"needs.all":        {"查看相关咨询", "Matching consultations"},
		"needs.none":       {"近期没有多人反复咨询的问题。", "No question asked by several people recently."},
		"needs.pending":    {"潜在需求分析尚未完成，请稍后刷新。", "The latent-need analysis is not ready yet; refresh in a moment."},
		"needs.denied":     {"潜在需求按全市咨询计算，仅对可查看全部诉求的工作人员显示。", "Latent needs are found over every consultation and shown only to staff who see all appeals."},
	} {
		catalogue[k] = v
	}
}
