package http_test

import (
	"context"
	"io"
	nethttp "net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"minyi"
)

// TestPersonalDataInTextMasked: a phone number typed into the free text is
// masked on the tracking page and in the citizen's and evaluator's API
// views, and shown in full to the dispatch centre.
func TestPersonalDataInTextMasked(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "噪音扰民请回电13987654321",
		Content: "楼下工地夜间施工，请拨打13987654321联系我，车牌粤B12345的车也常堵门。", District: "福田区",
		ContactName: "张三", ContactPhone: "13812345678", CitizenID: f.users["citizen"].ID,
	}
	f.mustDo(f.db.CreateAppeal(ctx, a, minyi.Actor{UserID: a.CitizenID, Name: "张三", Role: minyi.RoleCitizen}))
	unitA := f.units["A"].ID
	atA := minyi.Actor{UserID: f.users["handlerA"].ID, Name: "承办人", Role: minyi.RoleHandler, UnitID: unitA}
	for _, req := range []minyi.ActionRequest{
		{Action: minyi.ActDispatch, UnitID: unitA}, {Action: minyi.ActSign}, {Action: minyi.ActContact},
		{Action: minyi.ActReply, Note: "已电话联系13987654321，工地已停止夜间施工。"},
	} {
		actor := atA
		if req.Action == minyi.ActDispatch {
			actor = minyi.SystemActor
		}
		_, err := f.db.Act(ctx, a.TrackingNo, req, actor, minyi.Scope{All: true})
		f.mustDo(err)
	}
	const full, masked = "13987654321", "139****4321"

	deidentified := func(name, body string) {
		t.Helper()
		if strings.Contains(body, full) {
			t.Errorf("%s shows the full phone number %s", name, full)
		}
		if strings.Count(body, masked) < 3 {
			t.Errorf("%s: title, content and reply should each show %s:\n%s", name, masked, body)
		}
		if !strings.Contains(body, "粤B***45") || strings.Contains(body, "粤B12345") {
			t.Errorf("%s: the plate is not masked", name)
		}
	}

	// The tracking page, after proving the phone's last four digits.
	jar, err := cookiejar.New(nil)
	f.mustDo(err)
	client := &nethttp.Client{Jar: jar}
	res, err := client.PostForm(f.srv.URL+"/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}})
	f.mustDo(err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	f.mustDo(err)
	if res.StatusCode != nethttp.StatusOK || res.Request.URL.Path != "/track/"+a.TrackingNo {
		t.Fatalf("track page: %d at %s", res.StatusCode, res.Request.URL)
	}
	deidentified("/track/{no}", string(page))

	pub := f.call("anonymous", "GET", "/api/v1/appeals/"+a.TrackingNo+"?phone_last4=5678", nil)
	if pub.Status != nethttp.StatusOK {
		t.Fatalf("public API view: %d %s", pub.Status, pub.Raw)
	}
	deidentified("the API view with phone_last4", string(pub.Raw))
	deidentified("the citizen's API view", string(f.get("citizen", a.TrackingNo).Raw))
	deidentified("the evaluator's API view", string(f.get("evaluator", a.TrackingNo).Raw))
	list := f.call("evaluator", "GET", "/api/v1/appeals", nil)
	if strings.Contains(string(list.Raw), full) {
		t.Error("the evaluator's list shows the full phone number")
	}

	staff := f.get("dispatcher", a.TrackingNo)
	ap := staff.object("appeal")
	for _, field := range []string{"title", "content", "reply"} {
		if s, _ := ap[field].(string); !strings.Contains(s, full) {
			t.Errorf("dispatcher's %s = %q, want the full number", field, s)
		}
	}
	if !strings.Contains(string(staff.Raw), "粤B12345") {
		t.Error("the dispatcher does not see the plate")
	}
}
