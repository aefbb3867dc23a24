package http_test

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"

	"minyi"
	"minyi/kpi"
	"minyi/pdf/pdftest"
)

// The personal data seeded into the evaluation's appeals: none of it may
// reach an evaluator.
const (
	evalName  = "李建国"
	evalID    = "440305198506123144"
	evalNotes = "群众留了新号码13700001111"
)

func evalPhone(i int) string { return fmt.Sprintf("1398765432%d", i) }

// closedAppeals closes n appeals with personal data in the contact and
// the free text: the even ones at unit A, the odd ones at unit B, all
// rated 满意 and solved.
func closedAppeals(f *fixture, n int) []*minyi.Appeal {
	ctx := context.Background()
	var out []*minyi.Appeal
	for i := range n {
		a := &minyi.Appeal{
			Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, District: "福田区",
			Title:   "我叫" + evalName + "，电话" + evalPhone(i) + "，路灯不亮",
			Content: "身份证" + evalID + "，幸福小区北门的路灯坏了一周。", Address: "幸福小区 3 栋，电话 " + evalPhone(i),
			ContactName: evalName, ContactPhone: evalPhone(i), CitizenID: f.users["citizen"].ID,
		}
		f.mustDo(f.db.CreateAppeal(ctx, a, minyi.Actor{UserID: a.CitizenID, Name: evalName, Role: minyi.RoleCitizen}))
		unit, h := f.units["A"].ID, f.users["handlerA"]
		if i%2 == 1 {
			unit, h = f.units["B"].ID, f.users["handlerB"]
		}
		at := minyi.Actor{UserID: h.ID, Name: "承办人", Role: minyi.RoleHandler, UnitID: unit}
		solved := true
		for _, step := range []struct {
			req   minyi.ActionRequest
			actor minyi.Actor
		}{
			{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit}, minyi.SystemActor},
			{minyi.ActionRequest{Action: minyi.ActSign}, at},
			{minyi.ActionRequest{Action: minyi.ActContact}, at},
			{minyi.ActionRequest{Action: minyi.ActReply, Note: "已更换灯泡，路灯恢复正常照明。"}, at},
			{minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingSatisfied, Solved: &solved, Note: "谢谢，" + evalName}, minyi.SystemActor},
		} {
			got, err := f.db.Act(ctx, a.TrackingNo, step.req, step.actor, minyi.Scope{All: true})
			f.mustDo(err)
			a = got
		}
		out = append(out, a)
	}
	return out
}

// form posts a form as a caller without following the redirect.
func (f *fixture) form(who, path string, v url.Values) response {
	f.t.Helper()
	req, err := nethttp.NewRequest(nethttp.MethodPost, f.srv.URL+path, strings.NewReader(v.Encode()))
	f.mustDo(err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	c := *f.srv.Client()
	c.CheckRedirect = func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }
	res, err := c.Do(req)
	f.mustDo(err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	f.mustDo(err)
	return response{Status: res.StatusCode, Raw: raw, Header: res.Header}
}

// appealState is what an evaluator must never change of an appeal.
type appealState struct {
	status   minyi.Status
	rating   minyi.Rating
	solved   bool
	updated  string
	events   int
	supports int
}

func stateOf(f *fixture, a *minyi.Appeal) appealState {
	c := f.current(a)
	return appealState{c.Status, c.Rating, c.Solved != nil && *c.Solved, c.UpdatedAt.String(), f.timelineLen(a), c.Supporters}
}

func TestEvaluatorRunsARoundWithoutPersonalData(t *testing.T) {
	f := newFixture(t)
	appeals := closedAppeals(f, 6)
	open := f.appealAt(minyi.StatusHandling)
	period := kpi.PeriodOf("month", appeals[0].ReceivedAt).String()
	before := map[string]appealState{}
	for _, a := range append(appeals, open) {
		before[a.TrackingNo] = stateOf(f, a)
	}
	var seen []string // every answer the evaluator got
	keep := func(r response) response { seen = append(seen, string(r.Raw)); return r }

	// Who may run the evaluation.
	for who, want := range map[string]int{"anonymous": unau, "citizen": forb, "handlerA": forb, "leader": forb, "dispatcher": forb, "supervisor": ok, "admin": ok, "evaluator": ok} {
		if r := f.call(who, "GET", "/api/v1/evaluation/rounds", nil); r.Status != want {
			t.Errorf("%s: GET rounds = %d, want %d", who, r.Status, want)
		}
	}
	if r := f.call("handlerA", "POST", "/api/v1/evaluation/rounds", map[string]any{"name": "x", "period": period, "mode": "fixed", "per_stratum": 1}); r.Status != forb {
		t.Errorf("handler created a round: %d", r.Status)
	}

	// Bad input is refused at its fields and creates nothing.
	bad := keep(f.call("evaluator", "POST", "/api/v1/evaluation/rounds", map[string]any{"name": "", "period": "2026-13", "strata": []string{"street"}, "mode": "proportional", "size": 0}))
	if bad.Status != 400 || bad.errorField("name") == "" || bad.errorField("period") == "" || bad.errorField("strata") == "" || bad.errorField("size") == "" {
		t.Fatalf("bad round: %d %s", bad.Status, bad.Raw)
	}

	// The round: 3 per unit of the 6 closed appeals (the open one is not drawn).
	r := keep(f.call("evaluator", "POST", "/api/v1/evaluation/rounds", map[string]any{"name": "十月回访", "period": period, "strata": []string{"unit"}, "mode": "fixed", "per_stratum": 3, "seed": "2026"}))
	if r.Status != made {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	id := int64(r.Body["id"].(float64))
	if r.Body["seed"] != "2026" || r.Body["population"].(float64) != 6 || r.Body["sampled"].(float64) != 6 {
		t.Fatalf("round = %s", r.Raw)
	}
	base := fmt.Sprintf("/api/v1/evaluation/rounds/%d", id)
	smp := keep(f.call("evaluator", "GET", base, nil))
	items := smp.list("sample")
	if smp.Status != ok || len(items) != 6 {
		t.Fatalf("sample: %d %s", smp.Status, smp.Raw)
	}
	for _, x := range items {
		if x.(map[string]any)["tracking_no"] == open.TrackingNo {
			t.Fatal("an open appeal was drawn")
		}
	}

	// Call and record each: unit A's citizens say it was not solved and
	// nobody called, unit B's agree with the unit.
	for i, x := range items {
		it := x.(map[string]any)
		no := it["tracking_no"].(string)
		call := keep(f.call("evaluator", "POST", base+"/calls", map[string]any{"tracking_no": no}))
		if call.Status != made || !strings.Contains(call.Body["masked_phone"].(string), "*") {
			t.Fatalf("call: %d %s", call.Status, call.Raw)
		}
		cb := map[string]any{"tracking_no": no, "reached": true, "attempts": 1, "solved": "unsolved", "satisfaction": 1, "unit_contacted": false, "notes": evalNotes}
		if it["unit_name"] == "B街道办" {
			cb["solved"], cb["satisfaction"], cb["unit_contacted"] = "solved", "满意", true
		}
		if i == 0 {
			miss := keep(f.call("evaluator", "POST", base+"/callbacks", map[string]any{"tracking_no": no, "reached": true, "attempts": 0}))
			if miss.Status != 400 || miss.errorField("solved") == "" || miss.errorField("satisfaction") == "" || miss.errorField("unit_contacted") == "" || miss.errorField("attempts") == "" {
				t.Fatalf("incomplete callback: %d %s", miss.Status, miss.Raw)
			}
		}
		if res := keep(f.call("evaluator", "POST", base+"/callbacks", cb)); res.Status != made {
			t.Fatalf("callback: %d %s", res.Status, res.Raw)
		}
	}
	keep(f.call("evaluator", "GET", "/api/v1/evaluation/rounds", nil))
	smp = keep(f.call("evaluator", "GET", base, nil))
	if smp.object("round")["done"].(float64) != 6 {
		t.Fatalf("progress: %s", smp.Raw)
	}

	// The report: unit A's own resolution (3/3) lies above its callback
	// interval (0 of 3 solved: 0 %–56.15 %); unit B's agrees.
	rep := keep(f.call("evaluator", "GET", base+"/report", nil))
	if rep.Status != ok || rep.Body["source"] != "computed" {
		t.Fatalf("report: %d %s", rep.Status, rep.Raw)
	}
	flags := map[string]string{}
	for _, u := range rep.list("units") {
		row := u.(map[string]any)
		for _, c := range row["comparisons"].([]any) {
			cm := c.(map[string]any)
			flag, _ := cm["flag"].(string)
			flags[row["unit_name"].(string)+"/"+cm["code"].(string)] = flag
		}
	}
	if flags["A街道办/resolution"] != "above" || flags["A街道办/satisfaction"] != "above" || flags["B街道办/resolution"] != "" || flags["B街道办/satisfaction"] != "" {
		t.Fatalf("flags = %v", flags)
	}

	// Publishing freezes it.
	pub := keep(f.call("evaluator", "POST", base+"/publish", nil))
	if pub.Status != made || pub.Body["report_hash"] == "" {
		t.Fatalf("publish: %d %s", pub.Status, pub.Raw)
	}
	frozen := keep(f.call("evaluator", "GET", base+"/report", nil))
	if frozen.Body["source"] != "published" || frozen.Body["hash"] != pub.Body["report_hash"] || frozen.Body["verified"] != true {
		t.Fatalf("frozen: %s", frozen.Raw)
	}
	late := keep(f.call("evaluator", "POST", base+"/callbacks", map[string]any{"tracking_no": items[0].(map[string]any)["tracking_no"], "reached": false, "attempts": 1}))
	if late.Status != nethttp.StatusConflict {
		t.Fatalf("callback after publishing: %d", late.Status)
	}
	pdfRes := f.call("evaluator", "GET", base+"/report.pdf", nil)
	if pdfRes.Status != ok || pdfRes.Header.Get("X-Evaluation-SHA256") != pub.Body["report_hash"] {
		t.Fatalf("pdf: %d %v", pdfRes.Status, pdfRes.Header)
	}
	lines, err := pdftest.Text(pdfRes.Raw)
	f.mustDo(err)
	pdfText := strings.Join(lines, "\n")
	if !strings.Contains(pdfText, "A街道办") || !strings.Contains(pdfText, "自报偏高") {
		t.Fatalf("PDF text lacks the findings:\n%s", pdfText)
	}
	seen = append(seen, pdfText)

	// The pages.
	page := fmt.Sprintf("/work/evaluation/%d", id)
	for _, p := range []string{"/work/evaluation", page, page + "/report"} {
		res := keep(f.call("evaluator", "GET", p, nil))
		if res.Status != ok {
			t.Fatalf("%s: %d", p, res.Status)
		}
	}
	webPDF := f.call("evaluator", "GET", page+"/report.pdf", nil)
	lines, err = pdftest.Text(webPDF.Raw)
	f.mustDo(err)
	seen = append(seen, strings.Join(lines, "\n"))

	// No personal data in anything the evaluator saw.
	secrets := []string{evalName, evalID, "13700001111"}
	for i := range appeals {
		secrets = append(secrets, evalPhone(i))
	}
	for _, body := range seen {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Fatalf("an evaluator saw %q in:\n%.2000s", s, body)
			}
		}
	}

	// Every appeal action is refused to the evaluator, and nothing it
	// did changed an appeal.
	for _, a := range append(appeals, open) {
		for _, act := range append(minyi.Actions, minyi.ActSupport) {
			res := f.call("evaluator", "POST", "/api/v1/appeals/"+a.TrackingNo+"/"+string(act), map[string]any{"note": "评估员试图操作", "unit_id": f.units["B"].ID, "rating": 1, "solved": false, "days": 3})
			if res.Status < 400 {
				t.Errorf("evaluator %s on %s: %d", act, a.TrackingNo, res.Status)
			}
		}
		if res := f.call("evaluator", "POST", "/work/appeals/"+a.TrackingNo+"/contact", nil); res.Status < 400 {
			t.Errorf("evaluator revealed the contact of %s: %d", a.TrackingNo, res.Status)
		}
		if got := stateOf(f, a); got != before[a.TrackingNo] {
			t.Errorf("%s changed: %+v → %+v", a.TrackingNo, before[a.TrackingNo], got)
		}
	}
}
