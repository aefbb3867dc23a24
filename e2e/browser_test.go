package e2e

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"minyi/demo"
)

// What the citizen enters. The phone must never show in full on a page.
const (
	citizenName  = "张三丰"
	citizenPhone = "13812345678"
	maskedPhone  = "138****5678"
	phoneLast4   = "5678"
	district     = "福田区"
	address      = "景田路景田北小区 3 栋东侧人行道"
	timelineSel  = `[data-testid="timeline"]`
)

var trackingNoRE = regexp.MustCompile(`^[A-Z]{1,6}[0-9]{6,20}$`)

// TestBrowserAppealLifecycle walks appeals through the web pages the way
// people use them, one private browser window per person: a citizen files
// and tracks an appeal, dispatcher1 dispatches it to handler1's unit,
// handler1 signs for it and replies, and the citizen rates the reply.
func TestBrowserAppealLifecycle(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	t.Logf("server and browser ready in %v", time.Since(start).Round(time.Millisecond))

	t.Run("satisfied_rating_closes", func(t *testing.T) {
		no := e.fileAppeal(t, "景田北小区门口人行道被长期占用")
		e.trackPending(t, no)
		e.dispatch(t, no)
		e.signAndReply(t, no, "经现场核查，占道经营的摊档已于当日清理，并已安排执法队员每日巡查。")

		c := e.rate(t, no, "满意", "已解决", "处理及时，谢谢。")
		c.wantStatus("已办结")
		c.wantText(timelineSel, "受理", "派单", "签收", "答复", "评价", "满意，已解决。处理及时，谢谢。")
		c.wantText("main", "您的评价：", "满意")
		// The appeal is closed: it cannot be rated twice.
		c.open("/rate/" + no)
		if n := run(c, "count rating forms", chromedp.Evaluate[int](`document.querySelectorAll('form[action^="/rate/"]').length`)); n != 0 {
			c.fatalf("the rating form is still offered after the appeal was closed")
		}
	})

	t.Run("dissatisfied_rating_reopens", func(t *testing.T) {
		no := e.fileAppeal(t, "莲花北村夜间施工噪音扰民")
		e.dispatch(t, no)
		e.signAndReply(t, no, "已联系施工单位，要求其严格遵守夜间施工许可时间。")

		c := e.rate(t, no, "不满意", "未解决", "晚上十点后仍在施工。")
		c.wantStatus("重办")
		c.wantText("main", "您对上次答复不满意，诉求已退回原单位重新办理。")
		c.wantText(timelineSel, "受理", "派单", "签收", "答复", "评价", "不满意，未解决。", "首次不满意，转原单位重办")

		// The same unit has it again, to sign for anew.
		h := e.newTab(t, "handler1")
		h.login("handler1")
		h.open("/work/appeals/" + no)
		h.wantStatus("重办")
		h.do("wait for the sign form", chromedp.WaitVisible(chromedp.CSS(`form[action$="/act/sign"] button`)))
	})
}

// fileAppeal fills in the public form as a citizen and returns the
// tracking number from the confirmation page.
func (e *env) fileAppeal(t *testing.T, title string) string {
	t.Helper()
	c := e.newTab(t, "citizen")
	c.open("/submit")
	c.choose("type", "投诉")
	c.fill("#title", title)
	c.fill("#content", title+"，行人只能走机动车道，存在安全隐患，请相关部门尽快处理。")
	c.do("choose the district", chromedp.SetValue(chromedp.CSS("#district"), district))
	if got := run(c, "read the district", chromedp.Value(chromedp.CSS("#district"))); got != district {
		c.fatalf("district %q, want %q (no such option?)", got, district)
	}
	c.fill("#address", address)
	c.fill("#contact_name", citizenName)
	c.fill("#contact_phone", citizenPhone)
	c.click("submit the appeal", `form[action="/submit"] button`)

	no := c.text(`[data-testid="tracking-no"]`)
	if !trackingNoRE.MatchString(no) {
		c.fatalf("tracking number %q does not look like one", no)
	}
	if p := c.path(); p != "/submitted/"+no {
		c.fatalf("landed on %s, want /submitted/%s", p, no)
	}
	t.Logf("filed %s", no)
	return no
}

// track opens the track page of an appeal in a fresh window, the way a
// citizen comes back: the tracking number and the last 4 phone digits.
func (e *env) track(t *testing.T, no string) *tab {
	t.Helper()
	c := e.newTab(t, "citizen")
	c.open("/track")
	c.fill("#no", no)
	c.fill("#last4", phoneLast4)
	c.click("track "+no, `form[action="/track"] button`)
	if p := c.path(); p != "/track/"+no {
		c.fatalf("landed on %s, want /track/%s", p, no)
	}
	return c
}

// trackPending checks what the citizen sees of a new appeal, and that wrong
// digits show nothing.
func (e *env) trackPending(t *testing.T, no string) {
	t.Helper()
	w := e.newTab(t, "stranger")
	w.open("/track")
	w.fill("#no", no)
	w.fill("#last4", "0000")
	w.load("track with wrong digits", 404, chromedp.Click(chromedp.CSS(`form[action="/track"] button`), chromedp.NodeVisible))
	w.wantText(`[role="alert"]`, "诉求编号或手机号码后四位不正确")
	if strings.Contains(w.pageText(), citizenName) {
		w.fatalf("the page shows the appeal without the right digits")
	}

	c := e.track(t, no)
	c.wantStatus("待分拨")
	contact := c.text(`[data-testid="contact"]`)
	if !strings.Contains(contact, maskedPhone) {
		c.fatalf("contact %q does not show the masked phone %s", contact, maskedPhone)
	}
	if strings.Contains(contact, citizenName) {
		c.fatalf("contact %q shows the full name", contact)
	}
	if strings.Contains(c.source(), citizenPhone) {
		c.fatalf("the track page holds the full phone number %s", citizenPhone)
	}
	c.wantText("main", district, address)
	c.wantText(timelineSel, "受理", "待分拨")
}

// dispatch sends the appeal to handler1's unit from the dispatch queue.
func (e *env) dispatch(t *testing.T, no string) {
	t.Helper()
	unit, err := e.db.FindUnitByName(context.Background(), demo.HandlerUnit1)
	if err != nil {
		t.Fatalf("find unit %s: %v", demo.HandlerUnit1, err)
	}
	d := e.newTab(t, "dispatcher1")
	d.login("dispatcher1")
	d.open("/work/dispatch")
	row := "#row-" + no
	d.do("find "+no+" on the dispatch queue", chromedp.WaitVisible(chromedp.CSS(row)))
	d.wantText(row+" .pill", "待分拨")
	if strings.Contains(d.source(), citizenPhone) {
		d.fatalf("the dispatch queue holds the full phone number %s", citizenPhone)
	}

	sel := "#unit-" + no
	d.do("choose the unit", chromedp.SetValue(chromedp.CSS(sel), strconv.FormatInt(unit.ID, 10)))
	label := run(d, "read the chosen unit", chromedp.PollFunction[string](
		`(sel) => { const s = document.querySelector(sel); return s && s.selectedIndex > 0 ? s.selectedOptions[0].textContent : ""; }`,
		chromedp.WithPollingArgs(sel), chromedp.WithPollingTimeout(time.Second)))
	if !strings.Contains(label, demo.HandlerUnit1) {
		d.fatalf("chose %q, want %s", label, demo.HandlerUnit1)
	}
	d.do("click 派单", chromedp.Click(chromedp.CSS(row+` form:has(input[name="action"][value="dispatch"]) button`), chromedp.NodeVisible))
	// The row updates in place.
	status := run(d, "wait for the row to change", chromedp.PollFunction[string](
		`(sel) => { const p = document.querySelector(sel); const s = p ? p.textContent.trim() : ""; return s !== "" && s !== "待分拨" ? s : ""; }`,
		chromedp.WithPollingArgs(row+" .pill"), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if status != "已派单" {
		d.fatalf("row status %q after 派单, want 已派单", status)
	}
	d.wantText(row, "已派单至", demo.HandlerUnit1)

	d.open("/work/appeals/" + no)
	d.wantStatus("已派单")
	d.wantText("main", demo.HandlerUnit1)
}

// signAndReply signs for the appeal and answers it as handler1.
func (e *env) signAndReply(t *testing.T, no, reply string) {
	t.Helper()
	h := e.newTab(t, "handler1")
	h.login("handler1")
	h.open("/work/appeals/" + no)
	h.wantStatus("已派单")
	h.click("click 签收", `form[action$="/act/sign"] button`)
	h.wantStatus("已签收")

	h.fill("#reply-note", reply)
	h.click("click 答复", `form[action$="/act/reply"] button`)
	h.wantStatus("已答复")
	h.wantText(timelineSel, "受理", "派单", "已派单", "签收", "已签收", "答复", "已答复", reply)
	h.wantText("main", reply)
}

// rate comes back as the citizen, reads the reply and rates it.
func (e *env) rate(t *testing.T, no, level, solved, comment string) *tab {
	t.Helper()
	c := e.track(t, no)
	c.wantStatus("已答复")
	c.click("open the rating page", `a[href="/rate/`+no+`"]`)
	if p := c.path(); p != "/rate/"+no {
		c.fatalf("landed on %s, want /rate/%s", p, no)
	}
	c.choose("rating", level)
	c.choose("solved", solved)
	c.fill("#comment", comment)
	c.click("submit the rating", `form[action="/rate/`+no+`"] button`)
	if p := c.path(); !strings.HasPrefix(p, "/track/"+no) {
		c.fatalf("landed on %s after rating, want /track/%s", p, no)
	}
	return c
}
