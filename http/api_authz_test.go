package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// codes lists expected statuses in roleNames order: anonymous, citizen,
// dispatcher, handlerA, handlerB, leader (unit A), supervisor, evaluator,
// editor, admin. The content editor is refused everything about appeals,
// units, users and settings (403), except what anyone may do.
func codes(c ...int) map[string]int {
	if len(c) != len(roleNames) {
		panic("codes: need one status per role")
	}
	m := map[string]int{}
	for i, n := range roleNames {
		m[n] = c[i]
	}
	return m
}

func all(c int) map[string]int {
	m := map[string]int{}
	for _, n := range roleNames {
		m[n] = c
	}
	return m
}

const (
	ok   = nethttp.StatusOK
	made = nethttp.StatusCreated
	unau = nethttp.StatusUnauthorized
	forb = nethttp.StatusForbidden
	nf   = nethttp.StatusNotFound
)

// matrixCase is one request of the authorisation matrix. setup runs before
// each caller's request on a fresh appeal where one is needed; if the
// request is refused, the appeal must be unchanged.
type matrixCase struct {
	name   string
	method string
	setup  func(f *fixture, seq int) (path string, body any, a *minyi.Appeal)
	want   map[string]int
}

func appealAction(st minyi.Status, act minyi.Action, body func(f *fixture) map[string]any) func(f *fixture, seq int) (string, any, *minyi.Appeal) {
	return func(f *fixture, seq int) (string, any, *minyi.Appeal) {
		a := f.appealAt(st)
		if act == minyi.ActApproveExtension {
			atA := minyi.Actor{UserID: f.users["handlerA"].ID, Name: "承办人", Role: minyi.RoleHandler, UnitID: f.units["A"].ID}
			got, err := f.db.Act(context.Background(), a.TrackingNo, minyi.ActionRequest{Action: minyi.ActExtend, Days: 3, Note: "需要协调供电部门"}, atA, minyi.Scope{All: true})
			f.mustDo(err)
			a = got
		}
		var b any
		if body != nil {
			b = body(f)
		}
		return "/api/v1/appeals/" + a.TrackingNo + "/" + string(act), b, a
	}
}

func static(path string, body any) func(f *fixture, seq int) (string, any, *minyi.Appeal) {
	return func(*fixture, int) (string, any, *minyi.Appeal) { return path, body, nil }
}

func matrix() []matrixCase {
	onlyAtUnitA := codes(unau, forb, forb, ok, nf, ok, forb, forb, forb, forb)
	staffRead := codes(unau, forb, ok, ok, ok, ok, ok, ok, forb, ok)
	editorsOnly := func(st int) map[string]int { return codes(unau, forb, forb, forb, forb, forb, forb, forb, st, st) }
	adminOnly := func(st int) map[string]int { return codes(unau, forb, forb, forb, forb, forb, forb, forb, forb, st) }
	readAppeal := func(query string) func(f *fixture, seq int) (string, any, *minyi.Appeal) {
		return func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			a := f.appealAt(minyi.StatusHandling)
			return "/api/v1/appeals/" + a.TrackingNo + query, nil, a
		}
	}
	return []matrixCase{
		{"create appeal", "POST", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			return "/api/v1/appeals", map[string]any{"type": "投诉", "title": "噪音扰民", "content": "楼下商铺每晚十一点后仍在装修施工。", "contact_phone": "13912345678"}, nil
		}, all(made)},
		{"read appeal", "GET", readAppeal(""), codes(unau, ok, ok, ok, nf, ok, ok, ok, forb, ok)},
		{"read appeal with contact", "GET", readAppeal("?contact=1"), codes(unau, forb, ok, ok, nf, ok, forb, forb, forb, ok)},
		{"list appeals", "GET", static("/api/v1/appeals", nil), staffRead},
		{"queue counts", "GET", static("/api/v1/queues", nil), staffRead},

		{"dispatch", "POST", appealAction(minyi.StatusPending, minyi.ActDispatch, func(f *fixture) map[string]any {
			return map[string]any{"unit_id": f.units["A"].ID}
		}), codes(unau, forb, ok, nf, nf, nf, forb, forb, forb, ok)},
		{"sign", "POST", appealAction(minyi.StatusDispatched, minyi.ActSign, nil), onlyAtUnitA},
		{"return", "POST", appealAction(minyi.StatusDispatched, minyi.ActReturn, func(*fixture) map[string]any {
			return map[string]any{"note": "不属于本单位职责范围"}
		}), onlyAtUnitA},
		{"transfer", "POST", appealAction(minyi.StatusSigned, minyi.ActTransfer, func(f *fixture) map[string]any {
			return map[string]any{"unit_id": f.units["B"].ID, "note": "事发地属于B街道"}
		}), codes(unau, forb, ok, forb, nf, ok, forb, forb, forb, ok)},
		{"contact", "POST", appealAction(minyi.StatusSigned, minyi.ActContact, nil), onlyAtUnitA},
		{"reply", "POST", appealAction(minyi.StatusHandling, minyi.ActReply, func(*fixture) map[string]any {
			return map[string]any{"note": "已联系供电部门更换灯泡，路灯已恢复照明。"}
		}), onlyAtUnitA},
		{"extend", "POST", appealAction(minyi.StatusHandling, minyi.ActExtend, func(*fixture) map[string]any {
			return map[string]any{"days": 5, "note": "需要协调供电部门"}
		}), onlyAtUnitA},
		{"approve-extension", "POST", appealAction(minyi.StatusHandling, minyi.ActApproveExtension, func(*fixture) map[string]any {
			return map[string]any{"approve": true}
		}), codes(unau, forb, ok, forb, nf, forb, ok, forb, forb, ok)},
		{"merge", "POST", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			parent := f.newAppeal()
			path, _, a := appealAction(minyi.StatusPending, minyi.ActMerge, nil)(f, seq)
			return path, map[string]any{"parent_no": parent.TrackingNo}, a
		}, codes(unau, forb, ok, nf, nf, nf, forb, forb, forb, ok)},
		{"supervise", "POST", appealAction(minyi.StatusHandling, minyi.ActSupervise, func(*fixture) map[string]any {
			return map[string]any{"note": "请于三日内办结"}
		}), codes(unau, forb, forb, forb, nf, forb, ok, forb, forb, ok)},
		{"rate", "POST", appealAction(minyi.StatusReplied, minyi.ActRate, func(*fixture) map[string]any {
			return map[string]any{"rating": "满意", "solved": true}
		}), codes(unau, ok, ok, forb, nf, forb, forb, forb, forb, ok)},
		{"close", "POST", appealAction(minyi.StatusReplied, minyi.ActClose, nil), codes(unau, forb, ok, forb, nf, forb, forb, forb, forb, ok)},
		{"support", "POST", appealAction(minyi.StatusHandling, minyi.ActSupport, nil), codes(ok, ok, ok, ok, ok, ok, ok, forb, ok, ok)},

		{"list units", "GET", static("/api/v1/units", nil), staffRead},
		{"create unit", "POST", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			return "/api/v1/units", map[string]any{"code": "N" + strconv.Itoa(seq), "name": fmt.Sprintf("新单位%d", seq), "kind": "department", "parent_id": f.units["city"].ID}, nil
		}, adminOnly(made)},
		{"update unit", "PUT", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			return fmt.Sprintf("/api/v1/units/%d", f.units["B"].ID), map[string]any{"name": "B街道办事处"}, nil
		}, adminOnly(ok)},
		{"list users", "GET", static("/api/v1/users", nil), adminOnly(ok)},
		{"create user", "POST", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			return "/api/v1/users", map[string]any{"username": fmt.Sprintf("new%d", seq), "role": "承办人", "unit_id": f.units["B"].ID, "password": "long-enough-pw"}, nil
		}, adminOnly(made)},
		{"update user", "PUT", func(f *fixture, seq int) (string, any, *minyi.Appeal) {
			return fmt.Sprintf("/api/v1/users/%d", f.users["handlerB"].ID), map[string]any{"display_name": "王五"}, nil
		}, adminOnly(ok)},
		{"list categories", "GET", static("/api/v1/categories", nil), staffRead},
		{"import categories", "POST", static("/api/v1/categories/import", "一级分类,二级分类,三级分类\n城乡建设,市政设施,路灯\n"), adminOnly(ok)},
		{"read settings", "GET", static("/api/v1/settings", nil), adminOnly(ok)},
		{"save settings", "PUT", static("/api/v1/settings", map[string]any{"holidays": []string{"2026-10-01"}}), adminOnly(ok)},
		{"read audit log", "GET", static("/api/v1/audit", nil), adminOnly(ok)},
		{"create token", "POST", static("/api/v1/tokens", map[string]any{"username": "dispatcher"}), adminOnly(made)},
		{"list canned answers", "GET", static("/api/v1/canned", nil), editorsOnly(ok)},
		{"create canned answer", "POST", static("/api/v1/canned", map[string]any{"title": "办理时限", "text": "一般在 5 个工作日内办结。"}), editorsOnly(made)},
		{"create service guide", "POST", static("/api/v1/services", map[string]any{"name": "居住证办理", "department": "公安局"}), editorsOnly(made)},
		{"catalogue health", "GET", static("/api/v1/services/health", nil), editorsOnly(ok)},
		{"me", "GET", static("/api/v1/me", nil), codes(unau, ok, ok, ok, ok, ok, ok, ok, ok, ok)},
	}
}

// TestAuthorizationMatrix sends every request as every role and checks the
// status; a refused action leaves the appeal and its timeline unchanged.
func TestAuthorizationMatrix(t *testing.T) {
	f := newFixture(t)
	seq := 0
	for _, c := range matrix() {
		for _, who := range roleNames {
			seq++
			t.Run(c.name+"/"+who, func(t *testing.T) {
				f.t = t
				path, body, a := c.setup(f, seq)
				var before *minyi.Appeal
				var events int
				if a != nil {
					before, events = f.current(a), f.timelineLen(a)
				}
				res := f.call(who, c.method, path, body)
				if want := c.want[who]; res.Status != want {
					t.Fatalf("%s %s as %s: status %d, want %d; body %s", c.method, path, who, res.Status, want, res.Raw)
				}
				if res.Status >= 400 {
					if res.errorCode() == "" {
						t.Errorf("error response without error.code: %s", res.Raw)
					}
					if a != nil && c.method == "POST" {
						after := f.current(a)
						if after.Status != before.Status || after.UnitID != before.UnitID || f.timelineLen(a) != events {
							t.Errorf("a refused request changed the appeal: %s→%s, %d→%d events", before.Status, after.Status, events, f.timelineLen(a))
						}
					}
				}
			})
		}
	}
}

// TestOtherUnitCannotSeeAppeal: a handler of one unit fails to read another
// unit's appeal (404, as if it did not exist) and never sees it in lists.
func TestOtherUnitCannotSeeAppeal(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	missing := f.call("handlerB", "GET", "/api/v1/appeals/SZ00000000000000", nil)
	res := f.call("handlerB", "GET", "/api/v1/appeals/"+a.TrackingNo, nil)
	if res.Status != nf || res.errorCode() != minyi.ENOTFOUND {
		t.Fatalf("handler B reading unit A's appeal: %d %s", res.Status, res.Raw)
	}
	if missing.Status != nf || missing.errorCode() != res.errorCode() {
		t.Errorf("an out-of-scope appeal must look like a missing one: %s vs %s", res.Raw, missing.Raw)
	}
	for _, q := range []string{"", "?q=路灯", "?status=handling", "?unit_id=" + strconv.FormatInt(f.units["A"].ID, 10), "?queue=handling"} {
		list := f.call("handlerB", "GET", "/api/v1/appeals"+q, nil)
		if list.Status != ok {
			t.Fatalf("list %s: %d %s", q, list.Status, list.Raw)
		}
		if n := len(list.list("appeals")); n != 0 {
			t.Errorf("handler B's list %q shows %d appeals of unit A", q, n)
		}
		own := f.call("handlerA", "GET", "/api/v1/appeals"+q, nil)
		if n := len(own.list("appeals")); n != 1 {
			t.Errorf("handler A's list %q shows %d appeals, want 1", q, n)
		}
	}
	if res := f.call("handlerB", "GET", "/api/v1/queues", nil); res.object("queues")["handling"] != float64(0) {
		t.Errorf("handler B's queue counts include unit A: %s", res.Raw)
	}
	if res := f.call("handlerA", "GET", "/api/v1/queues", nil); res.object("queues")["handling"] != float64(1) {
		t.Errorf("handler A's queue counts: %s", res.Raw)
	}
	if res := f.call("handlerB", "POST", "/api/v1/appeals/"+a.TrackingNo+"/reply", map[string]any{"note": "与我单位无关，已经处理完毕了。"}); res.Status != nf {
		t.Errorf("handler B replying to unit A's appeal: %d", res.Status)
	}
}

// TestCitizenRateWithPhone: a citizen without an account rates with the
// last four digits of the phone; wrong digits read as not found.
func TestCitizenRateWithPhone(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusReplied)
	path := "/api/v1/appeals/" + a.TrackingNo + "/rate"
	res := f.call("anonymous", "POST", path, map[string]any{"rating": 5, "solved": true, "phone_last4": "1234"})
	if res.Status != nf {
		t.Fatalf("wrong phone digits: %d %s", res.Status, res.Raw)
	}
	res = f.call("anonymous", "POST", path, map[string]any{"rating": 5, "solved": true, "phone_last4": "12"})
	if res.Status != nethttp.StatusBadRequest || res.errorField("phone_last4") == "" {
		t.Fatalf("malformed phone digits: %d %s", res.Status, res.Raw)
	}
	res = f.call("anonymous", "POST", path, map[string]any{"rating": "非常满意", "solved": true, "phone_last4": "5678"})
	if res.Status != ok {
		t.Fatalf("rating with the right digits: %d %s", res.Status, res.Raw)
	}
	ap := res.object("appeal")
	if ap["status"] != "closed" || ap["rating"] != float64(5) || ap["contact_phone"] != "138****5678" {
		t.Errorf("rated appeal: %v", ap)
	}
	tl := res.list("timeline")
	last, _ := tl[len(tl)-1].(map[string]any)
	if last["action"] != "rate" || last["actor_role"] != "citizen" {
		t.Errorf("last event: %v", last)
	}
}

// TestAnonymousSupport: anyone may add 我也遇到, but without read access
// the answer shows only the count, not the appeal.
func TestAnonymousSupport(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	for i := 1; i <= 2; i++ {
		res := f.call("anonymous", "POST", "/api/v1/appeals/"+a.TrackingNo+"/support", nil)
		if res.Status != ok || res.Body["supporters"] != float64(i) {
			t.Fatalf("support %d: %d %s", i, res.Status, res.Raw)
		}
		if _, leaked := res.Body["appeal"]; leaked {
			t.Errorf("anonymous support returned the appeal: %s", res.Raw)
		}
	}
	res := f.call("dispatcher", "POST", "/api/v1/appeals/"+a.TrackingNo+"/support", nil)
	if res.Status != ok || res.object("appeal")["supporters"] != float64(3) {
		t.Errorf("staff support: %d %s", res.Status, res.Raw)
	}
	// Each person counts once: the same account, or the same browser (its
	// voter cookie), is refused the second time and nothing changes.
	if res := f.call("dispatcher", "POST", "/api/v1/appeals/"+a.TrackingNo+"/support", nil); res.Status != nethttp.StatusConflict {
		t.Errorf("second support by the same account: %d %s", res.Status, res.Raw)
	}
	req, err := nethttp.NewRequest("POST", f.srv.URL+"/api/v1/appeals/"+a.TrackingNo+"/support", nil)
	f.mustDo(err)
	first := f.send(req)
	var cookie string
	for _, c := range first.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "minyi_voter=") {
			cookie = strings.SplitN(c, ";", 2)[0]
		}
	}
	if first.Status != ok || cookie == "" {
		t.Fatalf("browser support: %d, voter cookie %q", first.Status, cookie)
	}
	again, err := nethttp.NewRequest("POST", f.srv.URL+"/api/v1/appeals/"+a.TrackingNo+"/support", nil)
	f.mustDo(err)
	again.Header.Set("Cookie", cookie)
	if res := f.send(again); res.Status != nethttp.StatusConflict || res.errorCode() != minyi.ECONFLICT {
		t.Errorf("second support from the same browser: %d %s", res.Status, res.Raw)
	}
	if got, err := f.db.FindAppeal(context.Background(), a.TrackingNo, minyi.Scope{All: true}); err != nil || got.Supporters != 4 {
		t.Errorf("supporters %v (%v), want 4", got, err)
	}
}

// TestLimitPhoneGuessing: repeated wrong digits for one tracking number are
// refused with 429 before all 10,000 can be tried.
func TestLimitPhoneGuessing(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	var last response
	for i := range 12 {
		last = f.call("anonymous", "GET", fmt.Sprintf("/api/v1/appeals/%s?phone_last4=%04d", a.TrackingNo, i), nil)
	}
	if last.Status != nethttp.StatusTooManyRequests || last.errorCode() != minyi.ETOOMANY {
		t.Fatalf("after 12 wrong guesses: %d %s", last.Status, last.Raw)
	}
	if res := f.call("anonymous", "GET", "/api/v1/appeals/"+a.TrackingNo+"?phone_last4=5678", nil); res.Status != nethttp.StatusTooManyRequests {
		t.Errorf("the right digits are refused too while limited: %d", res.Status)
	}
	if res := f.call("dispatcher", "GET", "/api/v1/appeals/"+a.TrackingNo, nil); res.Status != ok {
		t.Errorf("staff are not limited: %d", res.Status)
	}
}
