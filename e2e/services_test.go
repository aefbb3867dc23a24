package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A citizen finds a guide by life event, reads its cards and sees the way
// to a person; a policy document shows its marked amounts; an editor's
// form shows its errors next to the fields and then saves.
func TestBrowserServices(t *testing.T) {
	e := newEnvWith(t, envOptions{Appeals: 5})
	c := e.newTab(t, "citizen")
	c.open("/services")
	c.wantText(`[data-testid="life-events"]`, "出生", "上学", "养老")
	c.click("browse 养老", `[data-testid="life-events"] a[href="/services?life_event=elderly"]`)
	c.wantText(`[data-testid="services"]`, "高龄老人津贴申领")
	c.click("open the guide", `[data-testid="services"] a[href^="/services/"]`)
	c.wantText(`[data-testid="cards"]`, "谁可以办", "要带什么", "去哪里办", "要多久", "要花钱吗")
	c.wantText(`[data-testid="handoff"]`, "转人工")
	if !strings.Contains(c.source(), `action="/chat/start"`) || !strings.Contains(c.source(), `name="item" value="`) {
		c.fatalf("转人工 does not carry the guide")
	}

	c.open("/policies")
	c.click("open a policy", `[data-testid="policies"] a`)
	c.wantText(`[data-testid="summary"]`, "要点摘要")
	if !strings.Contains(c.source(), `<mark class="amount">`) {
		c.fatalf("no amount marked")
	}

	ed := e.newTab(t, "editor")
	ed.login("admin1")
	ed.open("/work/services/new")
	ed.fill(`#f-name`, "老年人优待证办理")
	ed.fill(`#f-link`, "ftp://example")
	ed.load("save a guide with a bad link", 400, chromedp.Click(chromedp.CSS(`[data-testid="service-form"] button.primary`), chromedp.NodeVisible))
	ed.wantText(`[data-testid="service-form"]`, "链接应以 http:// 或 https:// 开头")
	ed.fill(`#f-link`, "https://example.gov.cn/yd")
	ed.click("save the guide", `[data-testid="service-form"] button.primary`)
	ed.wantText(`h1`, "老年人优待证办理")
}
