package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"minyi"
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
// handler1 signs for it and replies, and the citizen rates the reply. A
// satisfied rating closes the appeal; a first dissatisfied one sends it
// back to the unit (重办), which replies again to be rated again.
func TestBrowserAppealLifecycle(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	// The staff log in once and keep their windows open all day.
	dispatcher := e.newTab(t, "dispatcher1")
	dispatcher.login("dispatcher1")
	handler := e.newTab(t, "handler1")
	handler.login("handler1")
	t.Logf("server, browser and staff ready in %v", time.Since(start).Round(time.Millisecond))

	t.Run("satisfied_rating_closes", func(t *testing.T) {
		c := e.newTab(t, "citizen")
		no := c.fileAppeal("景田北小区门口人行道被长期占用")
		c.trackPending(no)
		dispatcher.in(t).dispatch(no)
		handler.in(t).signAndReply(no, "已派单", "经现场核查，占道经营的摊档已于当日清理，并已安排执法队员每日巡查。")

		c.rate(no, "满意", "已解决", "处理及时，谢谢。")
		c.wantStatus("已办结")
		c.wantText(timelineSel, "受理", "派单", "签收", "答复", "评价", "满意，已解决。处理及时，谢谢。")
		c.wantText("main", "您的评价：", "满意")
		if a := e.stored(t, no); a.Status != minyi.StatusClosed || a.Rating != minyi.RatingSatisfied || a.Solved == nil || !*a.Solved {
			t.Errorf("stored: status %s, rating %d, solved %v; want closed, satisfied, solved", a.Status, a.Rating, a.Solved)
		}
		// A closed appeal cannot be rated twice.
		c.open("/rate/" + no)
		if n := run(c, "count rating forms", chromedp.Evaluate[int](`document.querySelectorAll('form[action^="/rate/"]').length`)); n != 0 {
			c.fatalf("the rating form is still offered after the appeal was closed")
		}
	})

	t.Run("dissatisfied_rating_reopens", func(t *testing.T) {
		c := e.newTab(t, "citizen")
		no := c.fileAppeal("莲花北村夜间施工噪音扰民")
		dispatcher.in(t).dispatch(no)
		h := handler.in(t)
		h.signAndReply(no, "已派单", "已联系施工单位，要求其严格遵守夜间施工许可时间。")

		c.rate(no, "不满意", "未解决", "晚上十点后仍在施工。")
		c.wantStatus("重办")
		c.wantText("main", "您对上次答复不满意，诉求已退回原单位重新办理。")
		c.wantText(timelineSel, "受理", "派单", "签收", "答复", "评价", "不满意，未解决。", "首次不满意，转原单位重办")

		if a := e.stored(t, no); a.Status != minyi.StatusReopened || a.Reopens != 1 || a.UnitName != demo.HandlerUnit1 {
			t.Errorf("stored: status %s, reopens %d, unit %s; want reopened once at %s", a.Status, a.Reopens, a.UnitName, demo.HandlerUnit1)
		}

		// Until the unit replies again there is nothing to rate.
		c.open("/rate/" + no)
		c.wantText("main", "办理单位答复后才能评价。")

		// The same unit has it again: it signs anew and replies, and the
		// citizen rates the new reply.
		h.signAndReply(no, "重办", "已责令施工单位晚上十点后停止施工，执法队员连续三晚现场核查，未再发现夜间施工。")
		c.rate(no, "满意", "已解决", "")
		c.wantStatus("已办结")
		c.wantText(timelineSel, "评价", "首次不满意，转原单位重办", "签收", "答复", "评价", "满意，已解决。")
		if a := e.stored(t, no); a.Status != minyi.StatusClosed || a.Rating != minyi.RatingSatisfied || a.Reopens != 1 {
			t.Errorf("stored: status %s, rating %d, reopens %d; want closed, satisfied, reopened once", a.Status, a.Rating, a.Reopens)
		}
	})
}

// stored reads the appeal from the database behind the pages.
func (e *env) stored(t *testing.T, no string) *minyi.Appeal {
	t.Helper()
	a, err := e.db.FindAppeal(context.Background(), no, minyi.Scope{All: true})
	if err != nil {
		t.Fatalf("find %s in the database: %v", no, err)
	}
	return a
}

// fileAppeal fills in the public form as a citizen and returns the
// tracking number from the confirmation page.
func (c *tab) fileAppeal(title string) string {
	return c.fileComplaint(title, title+"，行人只能走机动车道，存在安全隐患，请相关部门尽快处理。", "", address)
}

// fileComplaint files a complaint in the district, at the street and
// address when not empty.
func (c *tab) fileComplaint(title, content, street, address string) string {
	c.t.Helper()
	c.open("/submit")
	c.choose("type", "投诉")
	c.fill("#title", title)
	c.fill("#content", content)
	c.do("choose the district", chromedp.SetValue(chromedp.CSS("#district"), district))
	if got := run(c, "read the district", chromedp.Value(chromedp.CSS("#district"))); got != district {
		c.fatalf("district %q, want %q (no such option?)", got, district)
	}
	if street != "" {
		c.fill("#street", street)
	}
	if address != "" {
		c.fill("#address", address)
	}
	c.fill("#contact_name", citizenName)
	c.fill("#contact_phone", citizenPhone)
	c.click("submit the appeal", `form[action="/submit"] button.red`)

	no := c.text(`[data-testid="tracking-no"]`)
	if !trackingNoRE.MatchString(no) {
		c.fatalf("tracking number %q does not look like one", no)
	}
	if p := c.path(); p != "/submitted/"+no {
		c.fatalf("landed on %s, want /submitted/%s", p, no)
	}
	c.t.Logf("filed %s", no)
	return no
}

// track opens the track page of an appeal with its tracking number and the
// last 4 digits of the phone, as a citizen who comes back does.
func (c *tab) track(no string) {
	c.t.Helper()
	c.open("/track")
	c.fill("#no", no)
	c.fill("#last4", phoneLast4)
	c.click("track "+no, `form[action="/track"] button`)
	if p := c.path(); p != "/track/"+no {
		c.fatalf("landed on %s, want /track/%s", p, no)
	}
}

// trackPending checks that wrong digits show nothing, and what the citizen
// sees of the new appeal.
func (c *tab) trackPending(no string) {
	c.t.Helper()
	c.open("/track")
	c.fill("#no", no)
	c.fill("#last4", "0000")
	c.load("track with wrong digits", 404, chromedp.Click(chromedp.CSS(`form[action="/track"] button`), chromedp.NodeVisible))
	c.wantText(`[role="alert"]`, "诉求编号或手机号码后四位不正确")
	if strings.Contains(c.pageText(), address) {
		c.fatalf("the page shows the appeal without the right digits")
	}

	c.track(no)
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
// The unit is chosen by its label; the option's value is the unit's ID.
func (d *tab) dispatch(no string) {
	d.t.Helper()
	d.open("/work/dispatch")
	row := "#row-" + no
	d.do("find "+no+" on the dispatch queue", chromedp.WaitVisible(chromedp.CSS(row)))
	d.wantText(row+" .pill", "待分拨")
	if strings.Contains(d.source(), citizenPhone) {
		d.fatalf("the dispatch queue holds the full phone number %s", citizenPhone)
	}

	d.selectOption("#unit-"+no, demo.HandlerUnit1)
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

// signAndReply signs for the appeal, which has the given status, and
// answers it.
func (h *tab) signAndReply(no, status, reply string) {
	h.t.Helper()
	h.open("/work/appeals/" + no)
	h.wantStatus(status)
	h.click("click 签收", `form[action$="/act/sign"] button`)
	h.wantStatus("已签收")

	h.fill("#reply-note", reply)
	h.click("click 答复", `form[action$="/act/reply"] button`)
	h.wantStatus("已答复")
	h.wantText(timelineSel, "受理", "派单", "已派单", "签收", "已签收", "答复", "已答复")
	h.wantText(timelineSel+" li:last-child", "答复", "已签收 → 已答复", reply)
	h.wantText("main", reply)
}

// rate comes back as the citizen, reads the reply and rates it.
func (c *tab) rate(no, level, solved, comment string) {
	c.t.Helper()
	c.track(no)
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
}
