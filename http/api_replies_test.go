package http_test

import (
	"context"
	nethttp "net/http"
	"testing"

	"minyi"
)

const goodReply = "经查，幸福小区北门3盏路灯因线路老化损坏。根据《城市照明管理规定》，我办已安排区路灯管理所于6月10日前更换线路，" +
	"现已恢复照明。如有疑问，请拨打咨询电话0755-83001234。"

// A reply given through the API is scored at once; its score is shown to
// the replying unit, supervisors and admins, and to no one else.
func TestAPIReplyQuality(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	path := "/api/v1/appeals/" + a.TrackingNo

	before := f.call("handlerA", "GET", path+"/reply-quality", nil)
	if before.Status != nethttp.StatusNotFound {
		t.Fatalf("before the reply: %d %s", before.Status, before.Raw)
	}
	res := f.call("handlerA", "POST", path+"/reply", map[string]any{"note": goodReply})
	if res.Status != nethttp.StatusOK {
		t.Fatalf("reply: %d %s", res.Status, res.Raw)
	}
	q := res.object("reply_quality")
	if ex, _ := q["explainability"].(float64); ex < 0.7 {
		t.Fatalf("reply_quality in the reply's answer: %v", q)
	}
	stored, err := f.db.FindReplyScore(context.Background(), a.ID)
	if err != nil || stored.Explainability < 0.7 {
		t.Fatalf("not stored at reply time: %+v, %v", stored, err)
	}

	want := map[string]int{
		"handlerA": nethttp.StatusOK, "leader": nethttp.StatusOK, "supervisor": nethttp.StatusOK, "admin": nethttp.StatusOK,
		"handlerB": nethttp.StatusNotFound, "dispatcher": nethttp.StatusForbidden, "evaluator": nethttp.StatusForbidden,
		"editor": nethttp.StatusForbidden, "citizen": nethttp.StatusForbidden, "anonymous": nethttp.StatusUnauthorized,
	}
	for _, who := range roleNames {
		got := f.call(who, "GET", path+"/reply-quality", nil)
		if got.Status != want[who] {
			t.Errorf("%s: reply-quality %d, want %d: %s", who, got.Status, want[who], got.Raw)
			continue
		}
		if got.Status == nethttp.StatusOK {
			for _, k := range []string{"timeliness", "relevance", "completeness", "explainability", "overall"} {
				if x, ok := got.Body[k].(float64); !ok || x < 0 || x > 1 {
					t.Errorf("%s: %s = %v", who, k, got.Body[k])
				}
			}
			if basis, _ := got.object("reasons", "explanation")["basis"].([]any); len(basis) == 0 {
				t.Errorf("%s: reasons lack the basis: %s", who, got.Raw)
			}
		}
		// The appeal's JSON carries the score for the same readers only.
		full := f.call(who, "GET", path, nil)
		_, has := full.Body["reply_quality"]
		if has != (want[who] == nethttp.StatusOK) {
			t.Errorf("%s: appeal JSON has reply_quality = %v (status %d)", who, has, full.Status)
		}
	}
	// The citizen checking with the phone number sees the reply, not its score.
	pub := f.call("anonymous", "GET", path+"?phone_last4=5678", nil)
	if pub.Status != nethttp.StatusOK || pub.object("appeal")["reply"] == nil {
		t.Fatalf("public read: %d %s", pub.Status, pub.Raw)
	}
	if _, has := pub.Body["reply_quality"]; has {
		t.Error("the public answer shows the reply's score")
	}
}

func TestAPIReplyQualityList(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	if res := f.call("handlerA", "POST", "/api/v1/appeals/"+a.TrackingNo+"/reply", map[string]any{"note": "您好，您反映的问题已转交相关部门处理。"}); res.Status != nethttp.StatusOK {
		t.Fatalf("reply: %d %s", res.Status, res.Raw)
	}
	res := f.call("supervisor", "GET", "/api/v1/reply-quality?days=7", nil)
	items := res.list("items")
	if res.Status != nethttp.StatusOK || len(items) != 1 {
		t.Fatalf("supervisor list: %d %s", res.Status, res.Raw)
	}
	it := items[0].(map[string]any)
	if it["tracking_no"] != a.TrackingNo || it["forward_only"] != true || it["explainability"].(float64) > 0.3 {
		t.Errorf("item %v", it)
	}
	if n := res.object("summary")["count"]; n != 1.0 {
		t.Errorf("summary count %v", n)
	}
	if res := f.call("handlerB", "GET", "/api/v1/reply-quality", nil); res.Status != nethttp.StatusOK || len(res.list("items")) != 0 {
		t.Errorf("handler B sees another unit's replies: %s", res.Raw)
	}
	if res := f.call("handlerB", "GET", "/api/v1/reply-quality?unit_id=1", nil); res.Status != nethttp.StatusForbidden {
		t.Errorf("handler B asking for another unit: %d", res.Status)
	}
	for who, st := range map[string]int{"citizen": nethttp.StatusForbidden, "anonymous": nethttp.StatusUnauthorized, "dispatcher": nethttp.StatusForbidden} {
		if res := f.call(who, "GET", "/api/v1/reply-quality", nil); res.Status != st {
			t.Errorf("%s: %d, want %d", who, res.Status, st)
		}
	}
	for _, bad := range []string{"days=999", "days=abc", "unit_id=-1"} {
		res := f.call("supervisor", "GET", "/api/v1/reply-quality?"+bad, nil)
		if res.Status != nethttp.StatusBadRequest || res.errorCode() != minyi.EINVALID {
			t.Errorf("%s: %d %s", bad, res.Status, res.Raw)
		}
	}
}
