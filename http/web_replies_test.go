package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Replying on the appeal page scores the reply; the panel with the four
// bars and the reasons shows on the page of the unit and of supervisors,
// the weakest replies list on /work/replies, and nothing of it on the
// citizen's tracking page.
func TestWebReplyQuality(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("小区门口路灯不亮")
	disp := e.login("dispatcher")
	if res := disp.post("/work/appeals/"+a.TrackingNo+"/act/dispatch", url.Values{"unit_id": {strconv.FormatInt(e.units["streetA"].ID, 10)}}); res.status != http.StatusSeeOther {
		t.Fatalf("dispatch: %d %s", res.status, res.body)
	}
	h := e.login("handlerA")
	h.post("/work/appeals/"+a.TrackingNo+"/act/sign", nil)
	reply := "经查，小区门口2盏路灯因电缆老化损坏。根据《城市照明管理规定》，我办已安排路灯管理所于6月10日前修复，咨询电话0755-83001234。请问还有其他问题吗"
	if res := h.post("/work/appeals/"+a.TrackingNo+"/act/reply", url.Values{"note": {reply}}); res.status != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.status, res.body)
	}

	page := h.get("/work/appeals/" + a.TrackingNo)
	mustContain(t, page.body, `data-testid="reply-quality"`, "答复质量", "可解释性", `data-measure="explainability"`,
		"根据《城市照明管理规定》", "咨询电话", "已回应")
	for _, who := range []string{"supervisor", "admin"} {
		mustContain(t, e.login(who).get("/work/appeals/"+a.TrackingNo).body, `data-testid="reply-quality"`)
	}
	for _, who := range []string{"dispatcher", "evaluator"} {
		mustNotContain(t, e.login(who).get("/work/appeals/"+a.TrackingNo).body, `data-testid="reply-quality"`)
	}

	list := e.login("supervisor").get("/work/replies?days=30")
	if list.status != http.StatusOK {
		t.Fatalf("/work/replies: %d", list.status)
	}
	mustContain(t, list.body, `data-testid="replies"`, "/work/appeals/"+a.TrackingNo+"#reply-quality", "已评分答复 1 条")
	if res := h.get("/work/replies"); res.status != http.StatusOK {
		t.Errorf("the unit's own list: %d", res.status)
	}
	if res := e.login("handlerB").get("/work/replies"); res.status != http.StatusOK || strings.Contains(res.body, a.TrackingNo) {
		t.Errorf("handler B sees another unit's reply (%d)", res.status)
	}
	if res := e.login("supervisor").get("/work/replies?days=0x"); res.status != http.StatusBadRequest {
		t.Errorf("bad days: %d", res.status)
	}
	for _, c := range []*webClient{e.client(), e.login("dispatcher")} {
		if res := c.get("/work/replies"); res.status == http.StatusOK {
			t.Errorf("/work/replies open to a caller without the role")
		}
	}

	sup := e.login("supervisor")
	sup.post("/prefs", url.Values{"lang": {"en"}})
	mustContain(t, sup.get("/work/appeals/"+a.TrackingNo).body, "Reply quality", "Explainability", "Basis: ")
	mustContain(t, sup.get("/work/replies").body, "The lowest-scoring recent replies", "Open questions")

	pub := e.client()
	if res := pub.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}}); res.status != http.StatusSeeOther {
		t.Fatalf("track: %d", res.status)
	}
	track := pub.get("/track/" + a.TrackingNo)
	mustContain(t, track.body, "城市照明管理规定")
	mustNotContain(t, track.body, "答复质量", "可解释性", "reply-quality")
}
