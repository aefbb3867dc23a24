package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"minyi"
)

// TestBrowserSmartDispatch uses the routing models trained on the demo
// city's history, as serve does. A citizen typing an appeal that is
// already open is offered it and joins it (我也遇到) instead; a dispatcher
// sees the suggested units with their confidence and reasons and
// dispatches with one click; with automatic dispatch on, a clear appeal
// filed on the form is dispatched by the system before anyone looks.
func TestBrowserSmartDispatch(t *testing.T) {
	start := time.Now()
	e := newEnvWith(t, envOptions{Appeals: 600, Routing: true})
	dispatcher := e.newTab(t, "dispatcher1")
	dispatcher.login("dispatcher1")
	t.Logf("demo, models, server and browser ready in %v", time.Since(start).Round(time.Millisecond))

	t.Run("me_too", func(t *testing.T) {
		open := e.openAppeal(t)
		c := e.newTab(t, "citizen")
		c.open("/submit")
		c.fill("#title", open.Title)
		c.fill("#content", open.Content)
		item := "#sim-" + open.TrackingNo
		// Title and content each look up 600 ms after their last input, and
		// each answer redraws the list, which would drop the answer to a
		// 我也遇到 clicked on the list it replaced: wait until the item is
		// shown and no look-up has started or ended for 1.5 s (longer than
		// the delay, so that none is pending either), on a loaded machine
		// too.
		run(c, "watch the look-ups", chromedp.Evaluate[bool](`window.lastLookup = Date.now();
			for (const ev of ["htmx:beforeRequest", "htmx:afterRequest"]) document.body.addEventListener(ev, () => { window.lastLookup = Date.now(); });
			true`))
		// Typing fires the look-up; a key press stands in for the citizen's.
		c.do("type a last key", chromedp.SendKeys(chromedp.CSS("#content"), "。"))
		c.do("wait for the similar appeal", chromedp.PollFunction[chromedp.Void](`(sel) => document.querySelector(sel) !== null && document.querySelector(".htmx-request") === null && Date.now() - window.lastLookup > 1500`,
			chromedp.WithPollingArgs(item), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
		c.wantText(`[data-testid="similar-public"]`, "我也遇到")
		c.do("click 我也遇到", chromedp.Click(chromedp.CSS(item+" button"), chromedp.NodeVisible))
		c.do("wait for the confirmation", chromedp.WaitVisible(chromedp.CSS(`#similar-done [data-testid="supported"]`)))
		c.wantText("#similar-done", "已附议")
		if a := e.stored(t, open.TrackingNo); a.Supporters != open.Supporters+1 {
			t.Errorf("supporters %d, want %d", a.Supporters, open.Supporters+1)
		}
	})

	t.Run("suggestions_one_click", func(t *testing.T) {
		e.setAutoDispatch(t, false)
		c := e.newTab(t, "citizen")
		no := c.fileComplaint("梅林一村楼下餐馆油烟直排", "一楼的餐馆没有装油烟净化器，油烟直接排到楼上住户窗口，家里窗户都不敢开，请执法部门处理。", "梅林街道", "")
		d := dispatcher.in(t)
		d.open("/work/appeals/" + no)
		d.wantStatus("待分拨")
		d.wantText(`[data-testid="advice"]`, "智能分拨建议", "%")
		first := d.text(`[data-testid="advice"] form button`)
		d.load("click "+first, 200, chromedp.Click(chromedp.CSS(`[data-testid="advice"] form button`), chromedp.NodeVisible))
		d.wantStatus("已派单")
		a := e.stored(t, no)
		if a.Status != minyi.StatusDispatched || !strings.Contains(first, a.UnitName) || a.CategoryID == 0 {
			t.Errorf("stored: status %s, unit %q, category %d after clicking %q", a.Status, a.UnitName, a.CategoryID, first)
		}
		if a.UnitName != "梅林街道" {
			t.Errorf("dispatched to %q, want the street office of the place, 梅林街道", a.UnitName)
		}
	})

	t.Run("automatic", func(t *testing.T) {
		e.setAutoDispatch(t, true)
		c := e.newTab(t, "citizen")
		no := c.fileComplaint("莲花北村楼下酒吧深夜噪音扰民", "楼下新开的酒吧每晚唱歌喝酒到凌晨两点，噪音很大，老人孩子都睡不着觉，请执法部门上门劝导。", "莲花街道", "")
		deadline := time.Now().Add(15 * time.Second)
		var a *minyi.Appeal
		for a = e.stored(t, no); a.Status == minyi.StatusPending && time.Now().Before(deadline); a = e.stored(t, no) {
			time.Sleep(100 * time.Millisecond)
		}
		if a.Status != minyi.StatusDispatched || a.UnitName != "莲花街道" {
			t.Fatalf("stored: status %s, unit %q; want dispatched automatically to 莲花街道", a.Status, a.UnitName)
		}
		c.track(no)
		c.wantStatus("已派单")
		d := dispatcher.in(t)
		d.open("/work/appeals/" + no)
		d.wantText(timelineSel, "系统", "智能分拨")
	})
}

// openAppeal returns an open demo appeal still waiting for dispatch or
// in hand, with text long enough to match.
func (e *env) openAppeal(t *testing.T) *minyi.Appeal {
	t.Helper()
	list, err := e.db.ListAppeals(context.Background(), minyi.AppealFilter{Scope: minyi.Scope{All: true},
		Statuses: []minyi.Status{minyi.StatusHandling, minyi.StatusSigned, minyi.StatusDispatched}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if len([]rune(a.Content)) >= 30 {
			return a
		}
	}
	t.Fatalf("no open demo appeal among %d", len(list))
	return nil
}

// setAutoDispatch switches automatic dispatch in the city's settings.
func (e *env) setAutoDispatch(t *testing.T, on bool) {
	t.Helper()
	ctx := context.Background()
	s, err := e.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.AutoDispatch = on
	if err := e.db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
}
