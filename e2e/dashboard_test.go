package e2e

import (
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDashboard opens the trends, filters them by district and
// drills down from a bar of the chart to the appeals behind it: the list
// it lands on holds as many appeals as the bar said.
func TestBrowserDashboard(t *testing.T) {
	e := newEnvWith(t, envOptions{Appeals: 300})
	d := e.newTab(t, "dispatcher1")
	d.login("dispatcher1")

	d.open("/work/trends?by=district&period=day")
	d.do("wait for the chart", chromedp.WaitVisible(chromedp.CSS(`#trend-chart[data-ready="1"]`)))
	d.selectOption(`select[name="district"]`, district)
	d.load("filter by district", 200, chromedp.Click(chromedp.CSS(`form[action="/work/trends"] button`), chromedp.NodeVisible))
	d.do("wait for the filtered chart", chromedp.WaitVisible(chromedp.CSS(`#trend-chart[data-ready="1"]`)))
	if q := d.query(); q.Get("district") != district {
		d.fatalf("filtered page query %v, want district %s", q, district)
	}
	d.wantText(`[data-testid="trend-table"]`, district)

	// The chart's fullest bar, in page coordinates.
	bar := run(d, "find the fullest bar", chromedp.Evaluate[chartBar](`(() => {
		const canvas = document.getElementById("trend-chart");
		const chart = Chart.getChart(canvas);
		const data = chart.data.datasets[0].data;
		let best = 0;
		data.forEach((v, i) => { if (v > data[best]) best = i; });
		const el = chart.getDatasetMeta(0).data[best];
		const r = canvas.getBoundingClientRect();
		window.scrollTo(0, 0);
		return {X: r.left + el.x, Y: r.top + (el.y + el.base) / 2, Count: data[best], Label: chart.data.labels[best]};
	})()`))
	if bar.Count == 0 {
		d.fatalf("the chart of %s shows no appeals", district)
	}
	d.load("click the bar of "+bar.Label, 200, chromedp.MouseClickXY(bar.X, bar.Y))
	if p := run(d, "read the path", chromedp.Evaluate[string](`window.location.pathname`)); p != "/work/appeals" {
		d.fatalf("the bar led to %s, want /work/appeals", p)
	}
	q := d.query()
	if q.Get("district") != district || q.Get("since") != bar.Label || q.Get("until") != bar.Label {
		d.fatalf("drill-down query %v, want %s on %s", q, district, bar.Label)
	}
	total := d.text(`[data-testid="appeals-total"]`)
	if m := regexp.MustCompile(`共 (\d+) 条`).FindStringSubmatch(total); m == nil || m[1] != strconv.Itoa(bar.Count) {
		d.fatalf("the list says %q, the bar %d", total, bar.Count)
	}
	// The rows themselves, not only the count the page prints.
	if bar.Count <= 20 {
		if n := run(d, "count the rows", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="appeals"] tbody tr').length`)); n != bar.Count {
			d.fatalf("the list shows %d rows, the bar %d", n, bar.Count)
		}
	}
	t.Logf("%s on %s: %d appeals, bar and list agree", district, bar.Label, bar.Count)
}

// query is the current page's query string.
func (b *tab) query() url.Values {
	b.t.Helper()
	raw := run(b, "read the URL", chromedp.Evaluate[string](`window.location.search`))
	q, err := url.ParseQuery(trimQuestion(raw))
	if err != nil {
		b.fatalf("query %q: %v", raw, err)
	}
	return q
}

func trimQuestion(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

// chartBar is one bar of the chart and where it is on the page.
type chartBar struct {
	X, Y  float64
	Count int
	Label string
}
