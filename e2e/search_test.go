package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A citizen asks the home page's search box as people ask, gets the guide's
// own words as the answer, says it helped (htmx), asks again from the
// header of another page and opens a result.
func TestBrowserSearch(t *testing.T) {
	e := newEnvWith(t, envOptions{Appeals: 5})
	c := e.newTab(t, "citizen")
	c.open("/")
	c.fill(`#q`, "暂住证要带什么材料")
	c.click("search from the home page", `form[action="/search"] button`)
	c.wantText(`[data-testid="answer"]`, "居住证", "申请材料", "居民身份证", "居住登记凭证")
	c.wantText(`[data-testid="results"]`, "居住证")
	c.do("say it helped", chromedp.Click(chromedp.CSS(`[data-testid="helpful-yes"]`), chromedp.NodeVisible))
	c.wantText(`[data-testid="feedback-thanks"]`, "谢谢")

	c.open("/track")
	c.fill(`#site-q`, "身份证丢了怎么补")
	c.click("search from the header", `form.search-mini button`)
	c.wantText(`[data-testid="results"]`, "居民身份证补领")
	c.click("open the first result", `[data-testid="results"] li a`)
	if p := c.path(); !strings.HasPrefix(p, "/services/") {
		c.fatalf("the result led to %s, want a guide", p)
	}
}
