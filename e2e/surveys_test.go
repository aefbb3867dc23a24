package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSurvey builds a survey with a jump in the builder, publishes
// it, answers it in a second browser context through its link (the jump
// skips the scale, which disappears as the answer is chosen) and finds the
// answer counted on the results page.
func TestBrowserSurvey(t *testing.T) {
	e := newEnv(t)
	s := e.newTab(t, "supervisor1")
	s.login("supervisor1")
	s.open("/work/surveys")
	s.wantText("main", "满意度调查", "政务服务“好差评”")
	s.click("new survey", `[data-testid="new-survey"]`)

	s.fill(`[name="title"]`, "路灯维修回访")
	s.fill(`[name="q0.title"]`, "问题解决了吗？")
	s.fill(`[name="q0.o0.label"]`, "已解决")
	s.fill(`[name="q0.o1.label"]`, "未解决")
	s.selectOption(`[data-testid="newkind"]`, "五级量表")
	s.click("add a scale", `[data-testid="add-question"]`)
	s.fill(`[name="q1.title"]`, "办理速度")
	s.selectOption(`[data-testid="newkind"]`, "文字题")
	s.click("add a text question", `[data-testid="add-question"]`)
	s.fill(`[name="q2.title"]`, "未解决的原因")
	solvedID := run(s, "read q0.id", chromedp.Value(chromedp.CSS(`[name="q0.id"]`)))
	speedID := run(s, "read q1.id", chromedp.Value(chromedp.CSS(`[name="q1.id"]`)))
	reasonID := run(s, "read q2.id", chromedp.Value(chromedp.CSS(`[name="q2.id"]`)))
	// "未解决" jumps over the speed to the reason.
	s.do("jump", chromedp.SetValue(chromedp.CSS(`[name="q0.o1.next"]`), reasonID))
	s.click("save", `[data-testid="save-survey"]`)
	s.wantText("main", "问卷已保存", "路灯维修回访", "草稿")
	s.click("publish", `[data-testid="publish"]`)
	s.wantText(`[data-testid="survey-status"]`, "已发布")
	link := s.text(`[data-testid="survey-link"]`)
	if !strings.HasPrefix(link, e.srv.URL+"/s/") {
		s.fatalf("link %q", link)
	}
	if n := run(s, "count QR svgs", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="survey-qr"] svg path').length`)); n != 1 {
		s.fatalf("QR code drawn %d times", n)
	}
	resultsPath := strings.TrimPrefix(run(s, "results link", chromedp.AttributeValue(chromedp.CSS(`[data-testid="results-link"]`), "href")).Value, e.srv.URL)

	r := e.newTab(t, "respondent")
	r.open(strings.TrimPrefix(link, e.srv.URL))
	speed := `[data-testid="sq-` + speedID + `"]`
	r.wantText(speed, "办理速度")
	r.choose("a."+solvedID, "未解决")
	visible := `document.querySelector('` + speed + `').offsetParent !== null`
	if run(r, "is the speed shown", chromedp.Evaluate[bool](visible)) {
		r.fatalf("the jump did not hide the speed question")
	}
	r.fill(`textarea[name="a.`+reasonID+`"]`, "路灯修好两天又坏了")
	r.click("submit", `[data-testid="survey-submit"]`)
	r.wantText(`[data-testid="survey-done"]`, "提交成功")
	r.open(strings.TrimPrefix(link, e.srv.URL))
	r.wantText(`[data-testid="survey-answered"]`, "已经填写过")

	s.open(resultsPath)
	s.wantText(`[data-testid="results-total"]`, "共收到答卷 1 份")
	s.wantText(`[data-testid="result-`+speedID+`"] [data-testid="answered"]`, "0")
	s.wantText(`[data-testid="result-`+reasonID+`"] [data-testid="texts"]`, "路灯修好两天又坏了")
	s.do("charts drawn", chromedp.WaitVisible(chromedp.CSS(`canvas#chart-0[data-ready="1"]`)))
}
