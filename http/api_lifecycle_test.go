package http_test

import (
	"context"
	"testing"

	"minyi"
)

// act posts an action and fails the test unless the status is want.
func (f *fixture) act(who, no string, act minyi.Action, body map[string]any, want int) response {
	f.t.Helper()
	res := f.call(who, "POST", "/api/v1/appeals/"+no+"/"+string(act), body)
	if res.Status != want {
		f.t.Fatalf("%s by %s: status %d, want %d; %s", act, who, res.Status, want, res.Raw)
	}
	return res
}

func (f *fixture) get(who, no string) response {
	f.t.Helper()
	res := f.call(who, "GET", "/api/v1/appeals/"+no, nil)
	if res.Status != ok {
		f.t.Fatalf("GET %s as %s: %d %s", no, who, res.Status, res.Raw)
	}
	return res
}

func statusOf(res response) string {
	s, _ := res.object("appeal")["status"].(string)
	return s
}

func actionsOf(res response) []string {
	var out []string
	for _, e := range res.list("timeline") {
		ev, _ := e.(map[string]any)
		out = append(out, ev["action"].(string))
	}
	return out
}

// TestLifecycleReopenThenSupervise follows an appeal through the API from
// filing to 重办 after a first bad rating, 督办 after a second and a third,
// and 办结 after a good one.
func TestLifecycleReopenThenSupervise(t *testing.T) {
	f := newFixture(t)
	unitA := f.units["A"].ID
	res := f.call("citizen", "POST", "/api/v1/appeals", map[string]any{
		"type": "投诉", "channel": "网站", "title": "小区路灯不亮", "content": "幸福小区北门的路灯已经坏了一周。",
		"district": "福田区", "contact_name": "张三", "contact_phone": "13812345678",
	})
	if res.Status != made {
		t.Fatalf("create: %d %s", res.Status, res.Raw)
	}
	no, _ := res.Body["tracking_no"].(string)
	if no == "" || res.Body["status"] != "pending" || res.Body["status_label"] != "待分拨" || res.Body["received_at"] == nil {
		t.Fatalf("create answer: %s", res.Raw)
	}
	if res.Header.Get("Location") != "/api/v1/appeals/"+no {
		t.Errorf("Location = %q", res.Header.Get("Location"))
	}

	steps := []struct {
		who    string
		act    minyi.Action
		body   map[string]any
		status string
	}{
		{"dispatcher", minyi.ActDispatch, map[string]any{"unit_id": unitA}, "dispatched"},
		{"handlerA", minyi.ActSign, nil, "signed"},
		{"handlerA", minyi.ActContact, map[string]any{"note": "已电话联系张先生"}, "handling"},
		{"handlerA", minyi.ActReply, map[string]any{"note": "已安排维修人员更换灯泡，预计明天恢复。"}, "replied"},
		{"citizen", minyi.ActRate, map[string]any{"rating": "不满意", "solved": false, "note": "灯还是不亮"}, "reopened"},
		{"handlerA", minyi.ActSign, nil, "signed"},
		{"handlerA", minyi.ActReply, map[string]any{"note": "已更换整条线路，经现场核实路灯恢复照明。"}, "replied"},
		{"citizen", minyi.ActRate, map[string]any{"rating": "非常不满意", "solved": false}, "handling"},
	}
	for i, s := range steps {
		res = f.act(s.who, no, s.act, s.body, ok)
		if got := statusOf(res); got != s.status {
			t.Fatalf("step %d %s: status %s, want %s", i, s.act, got, s.status)
		}
		if s.status == "reopened" {
			ap := res.object("appeal")
			if ap["unit_id"] != float64(unitA) || ap["reopens"] != float64(1) || ap["supervised"] != false || ap["status_label"] != "重办" {
				t.Errorf("after the first bad rating: %v", ap)
			}
		}
	}
	// The second bad rating leaves the appeal open at unit A under 督办:
	// it is on the supervisors' list and in the unit's 办理中 queue.
	ap := res.object("appeal")
	if ap["supervised"] != true || ap["rating"] != float64(1) || ap["closed_at"] != nil || ap["unit_id"] != float64(unitA) || ap["complete_due"] == nil {
		t.Errorf("after the second bad rating: %v", ap)
	}
	inQueue := func(who, queue string) bool {
		t.Helper()
		list := f.call(who, "GET", "/api/v1/appeals?queue="+queue, nil)
		counts := f.call(who, "GET", "/api/v1/queues", nil)
		if list.Status != ok || counts.Status != ok {
			t.Fatalf("queue %s as %s: %s %s", queue, who, list.Raw, counts.Raw)
		}
		found := false
		for _, x := range list.list("appeals") {
			found = found || x.(map[string]any)["tracking_no"] == no
		}
		if n := counts.object("queues")[queue]; n != float64(len(list.list("appeals"))) {
			t.Errorf("queue %s as %s: count %v, list %d", queue, who, n, len(list.list("appeals")))
		}
		return found
	}
	if !inQueue("supervisor", "supervised") || !inQueue("handlerA", "handling") {
		t.Errorf("the appeal rated bad twice is missing from 督办 or 办理中")
	}
	f.act("supervisor", no, minyi.ActSupervise, map[string]any{"note": "两次不满意，请单位负责人牵头办理"}, ok)

	// Each later answer can be rated again; a third bad rating keeps it
	// under 督办, a good one closes it.
	more := []struct {
		who    string
		act    minyi.Action
		body   map[string]any
		status string
	}{
		{"handlerA", minyi.ActReply, map[string]any{"note": "已重新敷设电缆并更换灯杆，路灯恢复照明。"}, "replied"},
		{"citizen", minyi.ActRate, map[string]any{"rating": "不满意", "solved": false}, "handling"},
		{"handlerA", minyi.ActReply, map[string]any{"note": "单位负责人现场督导，全部路灯已修复。"}, "replied"},
		{"citizen", minyi.ActRate, map[string]any{"rating": "满意", "solved": true}, "closed"},
	}
	for i, s := range more {
		res = f.act(s.who, no, s.act, s.body, ok)
		if got := statusOf(res); got != s.status {
			t.Fatalf("later step %d %s: status %s, want %s", i, s.act, got, s.status)
		}
		if ap := res.object("appeal"); ap["supervised"] != true {
			t.Errorf("later step %d %s: no longer supervised: %v", i, s.act, ap)
		}
	}
	if inQueue("supervisor", "supervised") {
		t.Error("a closed appeal is still on the 督办 list")
	}
	want := []string{"create", "dispatch", "sign", "contact", "reply", "rate", "sign", "reply", "rate", "supervise", "reply", "rate", "reply", "rate"}
	if got := actionsOf(res); len(got) != len(want) {
		t.Fatalf("timeline %v, want %v", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("timeline %v, want %v", got, want)
			}
		}
	}

	// A closed appeal refuses further work: 409 and nothing changes.
	for _, s := range []struct {
		who  string
		act  minyi.Action
		body map[string]any
	}{
		{"dispatcher", minyi.ActDispatch, map[string]any{"unit_id": unitA}},
		{"citizen", minyi.ActRate, map[string]any{"rating": 5, "solved": true}},
		{"dispatcher", minyi.ActClose, nil},
		{"anonymous", minyi.ActSupport, nil},
	} {
		res := f.act(s.who, no, s.act, s.body, 409)
		if res.errorCode() != minyi.ECONFLICT || res.object("error")["message"] == "" || res.object("error")["message_en"] == "" {
			t.Errorf("%s on a closed appeal: %s", s.act, res.Raw)
		}
	}
	after := f.get("dispatcher", no)
	if len(after.list("timeline")) != len(want) || statusOf(after) != "closed" {
		t.Errorf("refused actions changed the appeal: %d events, status %s", len(after.list("timeline")), statusOf(after))
	}
}

// TestLifecycleOtherPaths covers 退回, 转办, 延期 and its approval, 合并,
// 督办 and 办结, plus refused transitions.
func TestLifecycleOtherPaths(t *testing.T) {
	f := newFixture(t)
	unitA, unitB := f.units["A"].ID, f.units["B"].ID
	no := f.newAppeal().TrackingNo

	f.act("dispatcher", no, minyi.ActDispatch, map[string]any{"unit_id": unitA}, ok)
	res := f.act("handlerA", no, minyi.ActReturn, map[string]any{"note": ""}, 400)
	if res.errorField("note") == "" {
		t.Errorf("return without a reason: %s", res.Raw)
	}
	// After 退回 the appeal leaves unit A: the handler sees only that it was returned.
	res = f.act("handlerA", no, minyi.ActReturn, map[string]any{"note": "不属于本单位职责范围"}, ok)
	if res.Body["status"] != "pending" || res.Body["appeal"] != nil {
		t.Errorf("return answer: %s", res.Raw)
	}
	if r := f.call("handlerA", "GET", "/api/v1/appeals/"+no, nil); r.Status != nf {
		t.Errorf("handler A still reads a returned appeal: %d", r.Status)
	}
	f.act("dispatcher", no, minyi.ActDispatch, map[string]any{"unit_id": unitA, "urgent": true}, ok)
	if ap := f.get("dispatcher", no).object("appeal"); ap["urgent"] != true || ap["due_label"] != "签收" {
		t.Errorf("urgent dispatch: %v", ap)
	}
	res = f.act("leader", no, minyi.ActTransfer, map[string]any{"unit_id": unitA, "note": "转本单位"}, 400)
	if res.errorField("unit_id") == "" {
		t.Errorf("transfer to the same unit: %s", res.Raw)
	}
	f.act("leader", no, minyi.ActTransfer, map[string]any{"unit_id": unitB, "note": "事发地属于B街道"}, ok)
	res = f.act("handlerB", no, minyi.ActSign, nil, ok)
	if ap := res.object("appeal"); ap["unit_id"] != float64(unitB) || ap["unit_name"] != "B街道办" {
		t.Errorf("after transfer: %v", ap)
	}
	res = f.act("handlerB", no, minyi.ActExtend, map[string]any{"days": 3, "note": "需要协调供电部门"}, ok)
	dueBefore := res.object("appeal")["complete_due"]
	if res.object("appeal")["extension_days"] != float64(3) {
		t.Errorf("extension request: %v", res.object("appeal"))
	}
	res = f.act("supervisor", no, minyi.ActApproveExtension, map[string]any{"approve": true}, ok)
	ap := res.object("appeal")
	if ap["extension_days"] != nil || ap["complete_due"] == dueBefore {
		t.Errorf("approval did not move the deadline: %v → %v", dueBefore, ap["complete_due"])
	}
	tl := res.list("timeline")
	if last := tl[len(tl)-1].(map[string]any); last["note"] != "同意延期 3 个工作日" {
		t.Errorf("approval event: %v", last)
	}

	// 合并: a duplicate filed later joins this appeal.
	dup := f.newAppeal().TrackingNo
	res = f.act("dispatcher", dup, minyi.ActMerge, map[string]any{"parent_no": dup}, 400)
	if res.errorField("parent_no") == "" {
		t.Errorf("merge into itself: %s", res.Raw)
	}
	f.act("dispatcher", dup, minyi.ActMerge, map[string]any{"parent_no": "SZ404"}, 404)
	res = f.act("dispatcher", dup, minyi.ActMerge, map[string]any{"parent_no": no}, ok)
	if ap := res.object("appeal"); ap["status"] != "merged" || ap["parent_no"] != no {
		t.Errorf("merged: %v", ap)
	}
	if ap := f.get("dispatcher", no).object("appeal"); ap["supporters"] != float64(1) {
		t.Errorf("the parent counts the merged appeal: supporters %v", ap["supporters"])
	}

	res = f.act("supervisor", no, minyi.ActSupervise, map[string]any{"note": "群众反映强烈，请三日内办结"}, ok)
	if res.object("appeal")["supervised"] != true {
		t.Errorf("supervise: %v", res.object("appeal"))
	}

	// Refused transitions: 409, and the timeline stays as it was.
	events := len(f.get("dispatcher", no).list("timeline"))
	for _, s := range []struct {
		who  string
		act  minyi.Action
		body map[string]any
	}{
		{"dispatcher", minyi.ActDispatch, map[string]any{"unit_id": unitA}},
		{"handlerB", minyi.ActSign, nil},
		{"citizen", minyi.ActRate, map[string]any{"rating": 4, "solved": true}},
		{"dispatcher", minyi.ActClose, nil},
		{"dispatcher", minyi.ActMerge, map[string]any{"parent_no": dup}},
	} {
		if res := f.act(s.who, no, s.act, s.body, 409); res.errorCode() != minyi.ECONFLICT {
			t.Errorf("%s: %s", s.act, res.Raw)
		}
	}
	if got := len(f.get("dispatcher", no).list("timeline")); got != events {
		t.Errorf("refused actions added events: %d → %d", events, got)
	}

	res = f.act("handlerB", no, minyi.ActReply, map[string]any{"note": "太短"}, 400)
	if res.errorField("note") == "" {
		t.Errorf("short reply: %s", res.Raw)
	}
	f.act("handlerB", no, minyi.ActReply, map[string]any{"note": "已协调供电部门完成线路改造，路灯恢复照明。"}, ok)
	res = f.act("dispatcher", no, minyi.ActClose, nil, ok)
	if statusOf(res) != "closed" {
		t.Errorf("close: %s", statusOf(res))
	}

	// 办结 straight from 待分拨 needs a reason.
	invalid := f.newAppeal().TrackingNo
	f.act("dispatcher", invalid, minyi.ActClose, nil, 400)
	f.act("dispatcher", invalid, minyi.ActClose, map[string]any{"note": "无效诉求：测试来电"}, ok)

	got, err := f.db.FindAppeal(context.Background(), no, minyi.Scope{All: true})
	if err != nil || got.Status != minyi.StatusClosed || !got.Supervised {
		t.Errorf("stored appeal: %+v %v", got, err)
	}
}

// TestActionRequests covers unknown actions and malformed bodies.
func TestActionRequests(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusReplied)
	path := "/api/v1/appeals/" + a.TrackingNo
	if res := f.call("dispatcher", "POST", path+"/delete", nil); res.Status != nf || res.object("error")["message"] != "未知操作：delete" {
		t.Errorf("unknown action: %d %s", res.Status, res.Raw)
	}
	if res := f.call("dispatcher", "POST", path+"/create", nil); res.Status != nf {
		t.Errorf("create is not an action on an existing appeal: %d", res.Status)
	}
	if res := f.call("dispatcher", "POST", "/api/v1/appeals/SZ404/sign", nil); res.Status != nf {
		t.Errorf("unknown appeal: %d", res.Status)
	}
	if res := f.call("citizen", "POST", path+"/rate", `{"rating": 5,`); res.Status != 400 || res.object("error")["message"] != "请求体不是有效的 JSON" {
		t.Errorf("broken JSON: %d %s", res.Status, res.Raw)
	}
	if res := f.call("citizen", "POST", path+"/rate", map[string]any{"rating": "很好", "solved": true}); res.Status != 400 || res.errorField("rating") == "" {
		t.Errorf("unknown rating label: %d %s", res.Status, res.Raw)
	}
	if res := f.call("citizen", "POST", path+"/rate", map[string]any{"rating": true, "solved": true}); res.Status != 400 || res.errorField("rating") == "" {
		t.Errorf("rating of the wrong type: %d %s", res.Status, res.Raw)
	}
	if res := f.call("citizen", "POST", path+"/rate", map[string]any{"rating": "4", "solved": true, "extra": 1}); res.Status != ok || res.object("appeal")["rating"] != float64(4) {
		t.Errorf("rating as a digit string: %d %s", res.Status, res.Raw)
	}
	if res := f.call("dispatcher", "GET", "/api/v1/nothing-here", nil); res.Status != nf || res.errorCode() != minyi.ENOTFOUND {
		t.Errorf("unknown endpoint: %d %s", res.Status, res.Raw)
	}
}
