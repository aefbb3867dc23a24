package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minyi"
	"minyi/text"
)

// Personal data a citizen may write into an appeal, each as written.
const (
	piiID18     = "440305199003072415" // valid check digit
	piiID15     = "440305900307241"
	piiMobile   = "13698765432"
	piiSpaced   = "135 2468 1357"
	piiDashed   = "137-1357-2468"
	piiLandline = "0755-83456789"
	piiCard     = "6222021234567890128" // passes Luhn
	piiEmail    = "zhang.sanfeng@example.com"
	piiPlate    = "粤B12345"
	piiName1    = "张三丰" // after 我叫
	piiName2    = "李四"  // after 联系人：
	piiContact  = "王小明"
	piiPhone    = "13811112222" // the contact phone
)

var (
	piiTitle   = "我叫" + piiName1 + "，路灯不亮请回电" + piiMobile
	piiContent = "联系人：" + piiName2 + "，身份证" + piiID18 + "，旧证" + piiID15 + "，手机" + piiSpaced + "或" + piiDashed +
		"，座机" + piiLandline + "，银行卡" + piiCard + "，邮箱" + piiEmail + "，车牌" + piiPlate + "的车天天堵在小区门口。"
	piiAddress = "科技园南区 3 栋（电话" + piiMobile + "）"
	piiReply   = "已致电" + piiMobile + "并核实身份证" + piiID18 + "，路灯已修复，占道车辆已劝离。"
)

// piiForbidden lists every raw value and the digits-only form of each
// number: none may appear where the public or a role without the right
// to contact details can read.
func piiForbidden() []string {
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	out := []string{piiEmail, "zhang.sanfeng", piiPlate, piiName1, piiName2, piiContact, "83456789"}
	for _, n := range []string{piiID18, piiID15, piiMobile, piiSpaced, piiDashed, piiLandline, piiCard, piiPhone} {
		out = append(out, n, digits(n))
	}
	return out
}

// TestPersonalDataNeverPublic files appeals full of personal data through
// the API and the submit form, answers one with a reply that repeats some
// of it, then reads every public page and public API answer, and every
// export and de-identified view of a role that may not see contact
// details (supervisor, evaluator), and every page and answer a content
// editor reaches: none shows a raw value or its digits.
// (The submit form showing a citizen's own input back after a validation
// error is not a view of stored data, and is left out.)
func TestPersonalDataNeverPublic(t *testing.T) {
	e := newAdviceEnv(t)
	ctx := context.Background()

	// The sample is what it claims to be: each value is personal data the
	// detector knows, so a pass means masking works, not that it was idle.
	if !text.ValidIDCard(piiID18) || !text.ValidIDCard(piiID15) {
		t.Fatal("sample identity numbers are not valid")
	}
	kinds := map[text.Kind]int{}
	for _, m := range text.FindPII(piiTitle + "。" + piiContent) {
		kinds[m.Kind]++
	}
	want := map[text.Kind]int{text.KindIDCard: 2, text.KindMobile: 3, text.KindLandline: 1, text.KindBankCard: 1, text.KindEmail: 1, text.KindPlate: 1, text.KindName: 2}
	for k, n := range want {
		if kinds[k] != n {
			t.Fatalf("detector finds %d of %s in the sample, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}

	var outputs []struct{ name, body string }
	read := func(name, body string) {
		outputs = append(outputs, struct{ name, body string }{name, body})
	}
	okStatus := func(name string, got int, want ...int) {
		t.Helper()
		for _, w := range want {
			if got == w {
				return
			}
		}
		t.Fatalf("%s: status %d, want %v", name, got, want)
	}

	// Filed through the API by an anonymous caller.
	api := e.client()
	st, body, raw := api.jsonCall("POST", "/api/v1/appeals", map[string]any{
		"type": "complaint", "title": piiTitle, "content": piiContent, "district": "南山区", "address": piiAddress,
		"contact_name": piiContact, "contact_phone": piiPhone,
	})
	okStatus("POST /api/v1/appeals", st, http.StatusCreated)
	read("POST /api/v1/appeals", raw)
	apiNo, _ := body["tracking_no"].(string)

	// Filed through the submit form; the browser keeps the proof cookie.
	web := e.client()
	form := url.Values{"type": {"complaint"}, "title": {piiTitle}, "content": {piiContent}, "district": {"南山区"},
		"address": {piiAddress}, "contact_name": {piiContact}, "contact_phone": {piiPhone}}
	res := web.multipart("/submit", form)
	okStatus("POST /submit", res.status, http.StatusSeeOther)
	webNo := strings.TrimPrefix(res.location, "/submitted/")
	if apiNo == "" || webNo == "" || webNo == res.location {
		t.Fatalf("tracking numbers: api %q, web %q", apiNo, webNo)
	}

	// The web appeal is answered with a reply that repeats personal data.
	unitA := e.units["streetA"].ID
	atA := minyi.Actor{UserID: e.users["handlerA"].ID, Name: "handlerA", Role: minyi.RoleHandler, UnitID: unitA}
	for _, step := range []struct {
		req   minyi.ActionRequest
		actor minyi.Actor
	}{
		{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unitA}, minyi.SystemActor},
		{minyi.ActionRequest{Action: minyi.ActSign}, atA},
		{minyi.ActionRequest{Action: minyi.ActReply, Note: piiReply}, atA},
	} {
		if _, err := e.db.Act(ctx, webNo, step.req, step.actor, minyi.Scope{All: true}); err != nil {
			t.Fatal(err)
		}
	}

	// Every public page, as the citizen who filed on the web (with proof).
	for _, path := range []string{"/", "/search?q=" + webNo, "/search?q=" + url.QueryEscape("路灯"), "/submit", "/submitted/" + webNo,
		"/track", "/track?no=" + webNo, "/track/" + webNo, "/rate/" + webNo, "/login", "/logout", "/no-such-page"} {
		res := web.get(path)
		okStatus(path, res.status, http.StatusOK, http.StatusSeeOther, http.StatusNotFound)
		read("GET "+path, res.body)
	}
	trackPage := web.get("/track/" + webNo).body
	// The masked forms are there: the page shows the appeal, masked.
	mustContain(t, trackPage, "张**", "136****5432", "4403**********2415", "0755-******89", "6222***********0128", "z***@example.com", "粤B***45", "路灯已修复")

	// The API appeal's tracking page after the phone proof.
	res = api.post("/track", url.Values{"no": {apiNo}, "last4": {"2222"}})
	okStatus("POST /track", res.status, http.StatusSeeOther)
	res = api.get(res.location)
	okStatus("GET /track/{api}", res.status, http.StatusOK)
	read("GET /track/"+apiNo, res.body)

	// The similar-appeals fragment and API, and 我也遇到.
	res = api.htmx("/submit/similar", url.Values{"title": {piiTitle}, "content": {piiContent}})
	if !strings.Contains(res.body, apiNo) || !strings.Contains(res.body, webNo) {
		t.Fatalf("the similar fragment does not list both appeals:\n%s", res.body)
	}
	read("POST /submit/similar", res.body)
	st, _, raw = api.jsonCall("POST", "/api/v1/similar", map[string]string{"title": piiTitle, "content": piiContent})
	okStatus("POST /api/v1/similar", st, http.StatusOK)
	if !strings.Contains(raw, apiNo) {
		t.Fatalf("the similar API does not list the appeal: %s", raw)
	}
	read("POST /api/v1/similar", raw)
	read("POST /support (htmx)", api.htmx("/support/"+apiNo, nil).body)
	read("POST /support", api.post("/support/"+apiNo, nil).body)
	_, _, raw = e.client().jsonCall("POST", "/api/v1/appeals/"+apiNo+"/support", nil)
	read("POST /api/v1/appeals/{no}/support", raw)

	// The public API views with the phone proof, and without.
	for _, no := range []string{apiNo, webNo} {
		st, _, raw := e.client().jsonCall("GET", "/api/v1/appeals/"+no+"?phone_last4=2222", nil)
		okStatus("GET /api/v1/appeals/{no}?phone_last4", st, http.StatusOK)
		read("GET /api/v1/appeals/"+no+"?phone_last4", raw)
		_, _, raw = e.client().jsonCall("GET", "/api/v1/appeals/"+no, nil)
		read("GET /api/v1/appeals/"+no, raw)
	}

	// Roles without the right to contact details: every export, and the
	// evaluator's de-identified views.
	for _, who := range []string{"supervisor", "evaluator"} {
		c := e.login(who)
		for _, q := range []string{"", "?status=pending", "?q=" + url.QueryEscape("路灯"), "?queue=to_sign"} {
			_, recs := readExport(t, c, "/api/v1/appeals/export.csv"+q)
			var b strings.Builder
			for _, r := range recs {
				b.WriteString(strings.Join(r, "|") + "\n")
			}
			read(who+" export"+q, b.String())
		}
	}
	_, recs := readExport(t, e.login("supervisor"), "/api/v1/appeals/export.csv")
	if len(recs) != 3 || !strings.Contains(strings.Join(recs[1], "|"), "4403**********2415") {
		t.Fatalf("the supervisor's export lacks the masked appeals: %v", recs)
	}
	ev := e.login("evaluator")
	_, _, raw = ev.jsonCall("GET", "/api/v1/appeals", nil)
	read("evaluator GET /api/v1/appeals", raw)
	for _, no := range []string{apiNo, webNo} {
		_, _, raw = ev.jsonCall("GET", "/api/v1/appeals/"+no, nil)
		read("evaluator GET /api/v1/appeals/"+no, raw)
		read("evaluator /work/appeals/"+no, ev.get("/work/appeals/"+no).body)
	}

	// A content editor: the catalogue pages they use, and every appeal
	// page and answer, which refuse them.
	ed := e.login("editor")
	for _, path := range []string{"/work/services", "/work/services/health", "/work/canned", "/services", "/work", "/work/queue",
		"/work/appeals", "/work/appeals?q=" + url.QueryEscape("路灯"), "/work/appeals/" + webNo, "/work/appeals/" + apiNo,
		"/work/dashboard", "/work/trends", "/work/hotspots", "/work/needs", "/work/brief", "/work/kpi", "/work/kpi/appeals",
		"/work/replies", "/work/supervise", "/work/dispatch", "/track/" + webNo, "/search?q=" + webNo} {
		read("editor "+path, ed.get(path).body)
	}
	for _, path := range []string{"/api/v1/appeals", "/api/v1/appeals/" + webNo, "/api/v1/appeals/" + apiNo + "?contact=1",
		"/api/v1/appeals/export.csv", "/api/v1/queues", "/api/v1/dashboard", "/api/v1/needs", "/api/v1/hotspots", "/api/v1/kpi/appeals",
		"/api/v1/canned", "/api/v1/services"} {
		_, _, raw := ed.jsonCall("GET", path, nil)
		read("editor GET "+path, raw)
	}

	forbidden := piiForbidden()
	for _, o := range outputs {
		for _, f := range forbidden {
			if strings.Contains(o.body, f) {
				t.Errorf("%s shows %q", o.name, f)
			}
		}
	}
	if len(outputs) < 30 {
		t.Fatalf("only %d outputs read", len(outputs))
	}
}
