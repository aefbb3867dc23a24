package e2e

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserKPI opens the assessment as a supervisor, follows a figure
// to the appeals behind it and recounts them; an admin publishes the
// period; a citizen sees it on the public scoreboard.
func TestBrowserKPI(t *testing.T) {
	e := newEnvWith(t, envOptions{Appeals: 300})
	s := e.newTab(t, "supervisor1")
	s.login("supervisor1")
	s.open("/work/kpi?level=district")
	s.do("wait for the trend chart", chromedp.WaitVisible(chromedp.CSS(`#trend-chart[data-ready="1"]`)))
	s.wantText(`[data-testid="kpi-table"]`, "福田区")

	// The first row's 签收及时率: "n/d" under the rate.
	cell := run(s, "read the first figure", chromedp.Evaluate[[]string](`(() => {
		const a = document.querySelector('[data-testid="kpi-table"] tbody tr td a[data-testid="kpi-cell"]');
		return [a.getAttribute("href"), a.parentElement.querySelector("small").textContent];
	})()`))
	m := regexp.MustCompile(`^([\d.]+)/(\d+)$`).FindStringSubmatch(cell[1])
	if m == nil {
		s.fatalf("figure %q", cell[1])
	}
	s.load("open the figure's appeals", 200, chromedp.Click(chromedp.CSS(`a[data-testid="kpi-cell"]`), chromedp.NodeVisible))
	d, _ := strconv.Atoi(m[2])
	if d <= 100 {
		counts := run(s, "sum the list", chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll('[data-testid="kpi-counts"]')).map(x => parseFloat(x.textContent))`))
		sum := 0.0
		for _, c := range counts {
			sum += c
		}
		if n, _ := strconv.ParseFloat(m[1], 64); len(counts) != d || sum != n {
			s.fatalf("the list has %d appeals summing to %v, the figure says %s", len(counts), sum, cell[1])
		}
	}
	s.wantText(`[data-testid="kpi-drill-figure"]`, "分母 "+m[2])

	a := e.newTab(t, "admin1")
	a.login("admin1")
	a.open("/work/kpi?level=unit")
	a.load("publish", 200, chromedp.Click(chromedp.CSS(`[data-testid="kpi-publish"] button`), chromedp.NodeVisible))
	a.wantText(`[data-testid="kpi-source"]`, "已公布第 1 版")
	a.wantText(`[data-testid="kpi-versions"]`, "v1")

	c := e.newTab(t, "citizen")
	c.open("/scoreboard")
	c.do("wait for the scoreboard chart", chromedp.WaitVisible(chromedp.CSS(`#score-chart[data-ready="1"]`)))
	c.wantText(`[data-testid="scoreboard-source"]`, "正式公布")
}
