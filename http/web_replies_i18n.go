package http

// The reply-quality strings (the appeal page's panel and /work/replies),
// added to the catalogue (web_i18n.go).
func init() {
	for k, v := range map[string][2]string{
		"rq.title":          {"答复质量", "Reply quality"},
		"rq.overall":        {"综合", "Overall"},
		"rq.timeliness":     {"及时性", "Timeliness"},
		"rq.relevance":      {"相关性", "Relevance"},
		"rq.completeness":   {"完整性", "Completeness"},
		"rq.explainability": {"可解释性", "Explainability"},
		"rq.days":           {"用时 %d 个工作日，时限 %d 个工作日", "%d working days taken, %d allowed"},
		"rq.late":           {"超时", "Late"},
		"rq.time_unknown":   {"受理或答复时间未知", "Time of the appeal or the reply unknown"},
		"rq.shared":         {"回应的关键词：", "Key terms taken up: "},
		"rq.missing":        {"未提及：", "not taken up: "},
		"rq.answered":       {"已回应", "Answered"},
		"rq.unanswered":     {"未回应", "Not answered"},
		"rq.basis":          {"依据：", "Basis: "},
		"rq.actions":        {"措施：", "Actions: "},
		"rq.contacts":       {"联系方式：", "Contact: "},
		"rq.specifics":      {"具体信息：", "Specifics: "},
		"rq.none":           {"未发现", "none found"},
		"rq.substance":      {"去掉问候和落款后 %d 字", "%d characters without greetings and sign-off"},
		"rq.forward_only":   {"仅转交，未说明实质内容", "Only forwarded, no substance"},
		"rq.note":           {"按规则自动评分（问候语、致谢、“此复”和落款不计），供改进答复参考，计入单位考核。", "Scored automatically by documented rules (greetings, thanks and sign-offs ignored), to improve replies; feeds the units' KPIs."},
		"rq.page_title":     {"答复质量", "Reply quality"},
		"rq.lead":           {"近期得分最低的答复，点击编号查看诉求和评分依据。", "The lowest-scoring recent replies; open one to see its appeal and why it scored so."},
		"rq.days_opt":       {"近 %d 天", "Last %d days"},
		"rq.unit":           {"单位", "Unit"},
		"rq.all_units":      {"全部单位", "All units"},
		"rq.filter":         {"筛选", "Filter"},
		"rq.count":          {"已评分答复 %d 条，平均：", "%d replies scored; means: "},
		"rq.no":             {"编号", "No."},
		"rq.appeal":         {"诉求", "Appeal"},
		"rq.replied":        {"答复时间", "Replied"},
		"rq.open_questions": {"未回应问题", "Open questions"},
		"rq.empty":          {"所选时间内没有已评分的答复。", "No scored replies in this period."},
		"rq.formula":        {"评分方法", "How replies are scored"},
		"nav.replies":       {"答复质量", "Replies"},
	} {
		catalogue[k] = v
	}
}
