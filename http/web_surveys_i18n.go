package http

import (
	"fmt"
	"strconv"
)

// The survey strings (workbench pages and the public questionnaire),
// added to the catalogue (web_i18n.go).
func init() {
	for k, v := range map[string][2]string{
		"nav.surveys":          {"满意度调查", "Surveys"},
		"sv.list_title":        {"满意度调查", "Satisfaction surveys"},
		"sv.lead":              {"编制问卷、通过链接或二维码发布、查看统计结果。", "Build questionnaires, publish them by link or QR code, and read the results."},
		"sv.new":               {"新建问卷", "New survey"},
		"sv.new_title":         {"新建问卷", "New survey"},
		"sv.edit_title":        {"编辑问卷", "Edit survey"},
		"sv.title":             {"标题", "Title"},
		"sv.description":       {"说明", "Description"},
		"sv.status":            {"状态", "Status"},
		"sv.responses":         {"答卷", "Responses"},
		"sv.updated":           {"更新时间", "Updated"},
		"sv.builtin":           {"内置", "Built in"},
		"sv.empty":             {"还没有问卷。", "No surveys yet."},
		"sv.open":              {"公开链接：任何人可通过链接或二维码填写（每个浏览器一次）", "Open link: anyone with the link or QR code may answer (once per browser)"},
		"sv.invited_only":      {"仅限邀请链接填写", "Invited respondents only"},
		"sv.question_n":        {"第 %d 题", "Question %d"},
		"sv.kind":              {"题型", "Kind"},
		"sv.q_title":           {"题目", "Question"},
		"sv.required":          {"必答", "Required"},
		"sv.optional":          {"选答", "Optional"},
		"sv.options":           {"选项", "Options"},
		"sv.option_n":          {"选项 %d", "Option %d"},
		"sv.jump":              {"选择后", "When chosen"},
		"sv.jump_next":         {"进入下一题", "go on to the next question"},
		"sv.jump_to":           {"跳到 %s", "jump to %s"},
		"sv.jump_end":          {"结束问卷", "end the survey"},
		"sv.labels":            {"刻度说明（1–5，用 / 分隔）", "Point labels (1–5, separated by /)"},
		"sv.add_option":        {"添加选项", "Add option"},
		"sv.del_option":        {"删除选项", "Remove option"},
		"sv.up":                {"上移", "Move up"},
		"sv.down":              {"下移", "Move down"},
		"sv.del_question":      {"删除此题", "Remove question"},
		"sv.add_question":      {"添加题目", "Add question"},
		"sv.save":              {"保存草稿", "Save draft"},
		"sv.builder_help":      {"题目发布后不能再修改；需要改动时，结束问卷或复制为新草稿。跳转只能跳到后面的题目。", "Questions cannot change once published; close the survey or copy it to a new draft instead. Jumps go forward only."},
		"sv.edit":              {"编辑", "Edit"},
		"sv.publish":           {"发布", "Publish"},
		"sv.close":             {"结束收集", "Close"},
		"sv.copy":              {"复制为新草稿", "Copy to a new draft"},
		"sv.results":           {"查看结果", "Results"},
		"sv.link":              {"填写链接", "Link"},
		"sv.qr":                {"二维码", "QR code"},
		"sv.qr_help":           {"扫码即可填写，可打印张贴在办事窗口。", "Scan to answer; print it for the service window."},
		"sv.not_published":     {"问卷发布后显示链接和二维码。", "The link and QR code show once the survey is published."},
		"sv.questions":         {"题目", "Questions"},
		"sv.tokens":            {"批量生成邀请链接", "Invitation links"},
		"sv.tokens_help":       {"每个邀请链接只能提交一次。填写诉求编号（每行一个）则按诉求的市民生成，并带上所在区和诉求类型；否则按数量生成，可注明区和分组。", "Each invitation answers once. List tracking numbers (one a line) for one per appeal's citizen, with the appeal's district and type; or give a count with a district and group."},
		"sv.count":             {"数量", "Count"},
		"sv.district":          {"所在区", "District"},
		"sv.group":             {"分组", "Group"},
		"sv.appeals":           {"诉求编号", "Tracking numbers"},
		"sv.make_tokens":       {"生成", "Create"},
		"sv.tokens_made":       {"已生成 %d 个邀请链接：", "%d invitation links:"},
		"sv.invitations":       {"已发邀请 %d 个，已填写 %d 个", "%d invitations, %d answered"},
		"sv.csv":               {"导出答卷 CSV", "Export responses (CSV)"},
		"sv.csv_help":          {"每份答卷一行，文字已脱敏，导出记入审计日志。", "One row per response, text masked; every export is logged."},
		"sv.answered":          {"回答人数", "Answered"},
		"sv.count_col":         {"人数", "Count"},
		"sv.share":             {"占比", "Share"},
		"sv.average":           {"平均分", "Average"},
		"sv.nps":               {"净推荐值（NPS）", "Net promoter score (NPS)"},
		"sv.nps_formula":       {"NPS = 推荐者占比（9–10 分）− 贬损者占比（0–6 分）= (%d − %d) ÷ %d × 100 = %s", "NPS = %% promoters (9–10) − %% detractors (0–6) = (%d − %d) ÷ %d × 100 = %s"},
		"sv.promoters":         {"推荐者", "Promoters"},
		"sv.passives":          {"中立者", "Passives"},
		"sv.detractors":        {"贬损者", "Detractors"},
		"sv.texts":             {"文字回答（已脱敏）", "Written answers (masked)"},
		"sv.no_texts":          {"暂无文字回答。", "No written answers yet."},
		"sv.by_district":       {"按区交叉分析", "By district"},
		"sv.by_group":          {"按分组交叉分析", "By group"},
		"sv.total":             {"共收到答卷 %d 份", "%d responses"},
		"sv.no_responses":      {"还没有答卷。", "No responses yet."},
		"sv.back":              {"返回问卷", "Back to the survey"},
		"sv.submit":            {"提交", "Submit"},
		"sv.thanks":            {"提交成功，感谢您的参与！", "Thank you, your answers were saved."},
		"sv.already":           {"您已经填写过这份问卷，感谢参与！每个链接只能提交一次。", "You have already answered this survey. Thank you! Each link answers once."},
		"sv.closed":            {"这份问卷已结束收集，感谢关注。", "This survey is closed. Thank you for your interest."},
		"sv.bad_invitation":    {"邀请链接无效，请核对链接是否完整。", "This invitation link is not valid; check that it is complete."},
		"sv.required_mark":     {"（必答）", "(required)"},
		"sv.nps_low":           {"0 = 不可能", "0 = not at all likely"},
		"sv.nps_high":          {"10 = 非常愿意", "10 = extremely likely"},
		"sv.skipped":           {"根据您前面的回答，此题无需作答。", "Your earlier answer skips this question."},
		"flash.survey_saved":   {"问卷已保存。", "Survey saved."},
		"flash.survey_publish": {"问卷已发布，可以分享链接或二维码。", "Survey published: share its link or QR code."},
		"flash.survey_close":   {"问卷已结束收集。", "Survey closed."},
		"flash.survey_copy":    {"已复制为新草稿。", "Copied to a new draft."},
		"flash.survey_frozen":  {"问卷已发布，题目不能再修改；可以结束问卷或复制为新草稿。", "The survey is published and its questions cannot change; close it or copy it to a new draft."},
		"audit.export_survey":  {"导出问卷答卷", "Exported survey responses"},
		"survey_status.draft":  {"", "Draft"}, "survey_status.published": {"", "Published"}, "survey_status.closed": {"", "Closed"},
		"qkind.single": {"", "Single choice"}, "qkind.multi": {"", "Multiple choice"}, "qkind.scale": {"", "5-point scale"},
		"qkind.nps": {"", "Likelihood to recommend (NPS)"}, "qkind.text": {"", "Free text"},
	} {
		catalogue[k] = v
	}
}

// surveyNumber shows an average or score with up to two decimals; "–"
// when there is none. It takes float64 or *float64.
func surveyNumber(v any) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case *float64:
		if x == nil {
			return "–"
		}
		f = *x
	default:
		return fmt.Sprint(v)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
