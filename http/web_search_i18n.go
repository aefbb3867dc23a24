package http

// The search page's strings, added to the catalogue (web_i18n.go).
func init() {
	for k, v := range map[string][2]string{
		"search.quoted":     {"以上内容摘自办事指南原文。", "Quoted word for word from the service guide."},
		"search.full_guide": {"查看完整办事指南", "Read the whole guide"},
		"search.helpful":    {"有帮助吗？", "Was this helpful?"},
		"search.yes":        {"是", "Yes"},
		"search.no":         {"否", "No"},
		"search.thanks_yes": {"谢谢您的反馈！", "Thank you for your feedback!"},
		"search.thanks_no":  {"谢谢，我们会改进这条答案。需要帮助可以转人工。", "Thank you; we will improve this answer. A person can help you if you need."},
		"search.not_solved": {"没解决？", "Not solved?"},
		"search.count":      {"相关办事事项（%d 项）", "Related services (%d)"},
		"search.typos":      {"可能有错别字，已同时按以下词语查找：", "There may be a typo; also searched for: "},
		"needs.misses":      {"搜索无答案的问题", "Searches with no answer"},
		"needs.misses_lead": {"近 90 天市民在搜索框里问过、但没有办事指南能可靠回答的问题（相同说法合并计数）。", "Questions asked in the search box in the last 90 days that no guide answered with confidence (the same wording counted together)."},
		"needs.misses_none": {"近期的搜索都有答案。", "Every recent search found an answer."},
		"needs.last":        {"最近一次", "Last asked"},
		"search.none":       {"没有找到相关的办事事项", "No related service found"},
		"search.none_text":  {"换个说法试试，例如“驾驶证补办”“失业金申领”。如果是需要政府部门处理的问题，请直接提交诉求。", "Try other words, such as 驾驶证补办 or 失业金申领. For a matter a government unit must handle, submit an appeal."},
	} {
		catalogue[k] = v
	}
}
