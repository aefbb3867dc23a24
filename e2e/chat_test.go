package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserChat is 转人工 as people use it, each in a private window of
// their own: a citizen searches in colloquial Chinese, sees the answer
// card, clicks 转人工 on it and sees their place in the queue; dispatcher1, whose console is open, sees the citizen appear
// without reloading, accepts and replies; the reply appears on the
// citizen's page as it is sent. Then, with the console closed and so no
// agent on duty, another citizen's 转人工 ends in a message filed as an
// appeal, with a tracking number to follow.
func TestBrowserChat(t *testing.T) {
	e := newEnv(t)
	agent := e.newTab(t, "dispatcher1")
	agent.login("dispatcher1")
	agent.open("/work/chat")
	e.waitOnDuty(t, 1)

	t.Run("agent_answers", func(t *testing.T) {
		c := e.newTab(t, "citizen")
		// Asked as people ask: the answer card quotes the guide's own
		// materials, and 转人工 stands on the card.
		c.open("/")
		c.fill(`#q`, "暂住证要带什么材料")
		c.click("search from the home page", `form[action="/search"] button`)
		c.wantText(`[data-testid="answer"]`, "居住证", "申请材料")
		c.click("click 转人工 on the answer", `[data-testid="answer"] form[data-testid="handoff"] button`)
		c.waitFor("see the place in the queue", `[data-testid="queue"]`, "排在第 1 位")
		c.waitFor("see the wait", `[data-testid="chat-state"]`, "当前在线坐席 1 位", "预计等待约 5 分钟", "暂住证要带什么材料")
		c.fill("#chat-text", "我的居住证下个月到期")
		c.click("send while waiting", `#chat-form button`)

		a := agent.in(t)
		// The console lists the citizen by itself, with the search and
		// the guide the answer came from.
		a.waitFor("the citizen appears", `[data-testid="waiting"]`, "暂住证要带什么材料", "居住证")
		a.clickLive("click 接入", `[data-testid="accept"]`)
		a.waitFor("open the conversation", `[data-testid="conversation"]`, "对话中", "我的居住证下个月到期")

		// The citizen's page turns to the conversation by itself.
		c.waitFor("the agent joins", `[data-testid="agent"]`, "正在为您服务")
		a.fill("#reply-text", "您好，可在线预约后到派出所户政窗口办理，请携带身份证。")
		a.click("send the reply", `form[action$="/reply"] button.primary`)
		c.waitFor("the reply arrives", `[data-testid="chat-log"]`, "我的居住证下个月到期", "坐席 李晓敏", "可在线预约后到派出所户政窗口办理")
	})

	t.Run("no_agent_leaves_a_message", func(t *testing.T) {
		agent.in(t).open("/work")
		e.waitOnDuty(t, 0)
		c := e.newTab(t, "citizen")
		c.open("/search?q=楼下餐馆油烟扰民")
		c.click("click 转人工", `form[data-testid="handoff"] button`)
		c.waitFor("no agent on duty", `[data-testid="no-agent"]`, "当前没有坐席在线")
		c.fill("#leave-phone", "13800001111")
		c.fill("#leave-name", "王女士")
		c.selectOption("#leave-district", district)
		c.click("leave the message", `details[data-testid="leave"] button.red`)
		no := c.text(`[data-testid="tracking-no"]`)
		if !trackingNoRE.MatchString(no) {
			c.fatalf("tracking number %q does not look like one", no)
		}
		a := e.stored(t, no)
		if a.Title != "楼下餐馆油烟扰民" || a.District != district {
			t.Errorf("stored appeal: title %q, district %q", a.Title, a.District)
		}
		c.click("track it", `a[href="/track/`+no+`"]`)
		c.wantStatus("待分拨")
	})
}

// waitOnDuty waits until n agents are on duty: the console's event
// stream connects (or closes) a moment after its page loads (or unloads).
func (e *env) waitOnDuty(t *testing.T, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	for {
		agents, err := e.db.Agents(ctx)
		if err != nil {
			t.Fatalf("agents: %v", err)
		}
		on := 0
		for _, a := range agents {
			if a.OnDuty {
				on++
			}
		}
		if on == n {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d agents on duty, want %d", on, n)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitFor waits until the element's text holds the pieces in order. The
// element may change live under the test (the event stream refreshes it),
// so it is looked up afresh on each poll.
func (b *tab) waitFor(step, sel string, pieces ...string) {
	b.t.Helper()
	b.do(step, chromedp.PollFunction[chromedp.Void](`(sel, pieces) => {
		const el = document.querySelector(sel);
		if (el === null) return false;
		let rest = el.innerText;
		for (const p of pieces) {
			const i = rest.indexOf(p);
			if (i < 0) return false;
			rest = rest.slice(i + p.length);
		}
		return true;
	}`, chromedp.WithPollingArgs(sel, pieces), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
}
