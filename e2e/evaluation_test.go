package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"minyi"
	"minyi/kpi"
)

// TestBrowserEvaluation runs a callback round as a third-party evaluator:
// the new round form, 拨打, a callback form, the report and publishing. No
// page shows a contact's phone number.
func TestBrowserEvaluation(t *testing.T) {
	e := newEnvWith(t, envOptions{Appeals: 300})
	closed, err := e.db.ListAppeals(context.Background(), minyi.AppealFilter{Scope: minyi.Scope{All: true}, Statuses: []minyi.Status{minyi.StatusClosed}, Limit: 1})
	if err != nil || len(closed) == 0 {
		t.Fatalf("the demo has no closed appeal: %v", err)
	}
	period := kpi.PeriodOf("month", closed[0].ReceivedAt).String()
	phone := closed[0].ContactPhone

	v := e.newTab(t, "evaluator1")
	v.login("evaluator1")
	v.open("/work/evaluation")
	v.fill("#e-name", "浏览器回访")
	v.fill("#e-period", "2026-13")
	v.load("submit a bad period", 400, chromedp.Click(chromedp.CSS(`[data-testid="eval-new"] button`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-new"] .ferr`, "2026-13")
	v.fill("#e-period", period)
	v.choose("mode", "每层固定数量")
	v.fill("#e-per", "2")
	v.load("create the round", 200, chromedp.Click(chromedp.CSS(`[data-testid="eval-new"] button`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-progress"]`, "已回访 0 /")

	v.load("call the first citizen", 200, chromedp.Click(chromedp.CSS(`[data-testid="eval-item"] form[action$="/call"] button`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-item"]`, "已拨打 1 次")
	v.do("open the first form", chromedp.Click(chromedp.CSS(`[data-testid="eval-item"] details summary`), chromedp.NodeVisible))
	v.choose("solved", "部分解决")
	v.choose("satisfaction", "基本满意")
	v.choose("unit_contacted", "是")
	v.load("save the callback", 200, chromedp.Click(chromedp.CSS(`[data-testid="eval-callback-form"] button`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-progress"]`, "已回访 1 /")
	v.wantText(`[data-testid="eval-recorded"]`, "部分解决", "基本满意")
	if phone != "" && strings.Contains(v.source(), phone) {
		v.fatalf("the round page shows a phone number")
	}

	v.load("open the report", 200, chromedp.Click(chromedp.CSS(`[data-testid="eval-report-link"]`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-units"]`, "解决率", "响应率", "满意率")
	v.load("publish", 200, chromedp.Click(chromedp.CSS(`[data-testid="eval-publish"] button`), chromedp.NodeVisible))
	v.wantText(`[data-testid="eval-source"]`, "SHA-256", "内容校验通过")
}
