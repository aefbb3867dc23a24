package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"minyi"
	"minyi/demo"
)

// TestBrowserReplyQuality answers an appeal in the browser and finds its
// score: the four bars and the reasons on the unit's appeal page, the
// appeal on the supervisors' list of replies with the drill-down back to
// it, and nothing of it on the citizen's tracking page.
func TestBrowserReplyQuality(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	unit, err := e.db.FindUnitByName(ctx, demo.HandlerUnit1)
	if err != nil {
		t.Fatal(err)
	}
	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "景田北小区门口路灯不亮",
		Content: "景田北小区3栋门口的路灯坏了两周，晚上很黑。请问什么时候能修好？", District: district, Address: address,
		ContactName: citizenName, ContactPhone: citizenPhone}
	if err := e.db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit.ID}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}

	h := e.newTab(t, "handler1")
	h.login("handler1")
	reply := "经查，景田北小区3栋门口2盏路灯因电缆老化损坏。根据《城市照明管理规定》，我局已安排路灯管理所于下周五前修复，咨询电话0755-83001234。"
	h.signAndReply(a.TrackingNo, "已派单", reply)
	panel := `[data-testid="reply-quality"]`
	h.wantText(panel, "答复质量", "及时性", "相关性", "完整性", "已回应", "可解释性", "根据《城市照明管理规定》", "咨询电话", "路灯管理所")
	if n := run(h, "count the bars", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="reply-quality"] meter').length`)); n != 4 {
		h.fatalf("%d bars, want 4", n)
	}

	s := e.newTab(t, "supervisor1")
	s.login("supervisor1")
	s.open("/work/replies?days=7")
	link := `[data-testid="replies"] a[href^="/work/appeals/` + a.TrackingNo + `"]`
	s.click("open "+a.TrackingNo+" from the list", link)
	if p := s.path(); strings.TrimSuffix(p, "#reply-quality") != "/work/appeals/"+a.TrackingNo {
		s.fatalf("the list led to %s", p)
	}
	s.wantText(panel, "可解释性", "城市照明管理规定")

	c := e.newTab(t, "citizen")
	c.track(a.TrackingNo)
	c.wantText("main", "城市照明管理规定")
	for _, w := range []string{"答复质量", "可解释性", "reply-quality"} {
		if strings.Contains(c.source(), w) {
			c.fatalf("the tracking page shows %q", w)
		}
	}
}
