package http

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"minyi"
)

// TestWebAppealLifecycle walks one appeal from the citizen's form to 已办结
// through the pages only, as each person's browser would post them, and
// checks after every step both what the page says and what the store holds:
// 派单, 退回 (refused without a reason, then with one), 派单 again, 转办 by the
// unit's leader, 签收, 联系群众, 申请延期 and 审批延期, 督办, 答复, a first
// 不满意 (重办 at the same unit), 签收 and 答复 again, a second 非常不满意
// (办理中 under 督办), a duplicate merged into it from the dispatch queue,
// the last 答复 and 办结. On the way, actions posted by someone who may not
// take them are refused and change nothing, and so is a merge into the
// appeal once it is closed.
func TestWebAppealLifecycle(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	unitA, unitB := e.units["streetA"], e.units["deptB"]
	leader := &minyi.User{Username: "leaderA", DisplayName: "leaderA", Role: minyi.RoleLeader, UnitID: unitA.ID}
	if err := e.db.CreateUser(ctx, leader, webTestPassword); err != nil {
		t.Fatal(err)
	}
	e.users["leaderA"] = leader

	// 1. The citizen files the appeal on the form (multipart, as the page
	// sends it); a second citizen files a duplicate.
	no := e.submitAppeal(validSubmission())
	page := "/work/appeals/" + no
	a := e.wantStored(t, "filed", no, minyi.StatusPending, 0, false, 1, minyi.ActCreate)
	if a.Channel != minyi.ChannelWeb || a.Title != "路灯不亮" || a.ContactPhone != "13912345678" {
		t.Fatalf("filed: %+v", a)
	}
	dupForm := validSubmission()
	dupForm.Set("title", "科技园路灯坏了")
	dupForm.Set("contact_phone", "13700001111")
	dup := e.submitAppeal(dupForm)

	// 2. The dispatcher sends it to unit A from the dispatch queue.
	disp := e.login("dispatcher")
	res := disp.get("/work/dispatch")
	if res.status != http.StatusOK {
		t.Fatalf("dispatch queue: %d", res.status)
	}
	mustContain(t, res.body, `id="row-`+no+`"`, `id="row-`+dup+`"`, `action="/work/dispatch/`+no+`"`)
	disp.dispatchOK(t, no, url.Values{"action": {"dispatch"}, "unit_id": {idStr(unitA.ID)}}, "派单")
	a = e.wantStored(t, "dispatched to A", no, minyi.StatusDispatched, unitA.ID, false, 2, minyi.ActDispatch)
	if a.Urgent || a.SignDue == nil || a.CompleteDue == nil {
		t.Fatalf("dispatched: urgent=%v deadlines %v %v", a.Urgent, a.SignDue, a.CompleteDue)
	}

	// 3. Unit A's handler returns it: without a reason the form says so and
	// nothing changes; with one it goes back to the dispatch centre.
	hA := e.login("handlerA")
	res = hA.get(page)
	if res.status != http.StatusOK {
		t.Fatalf("handler A's page: %d", res.status)
	}
	mustContain(t, res.body, `action="`+page+`/act/return"`, `action="`+page+`/act/sign"`)
	before := e.snapshot(t, no)
	res = hA.post(page+"/act/return", url.Values{"note": {"  "}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("return without reason: %d", res.status)
	}
	mustContain(t, res.body, "退回：请填写退回理由", `action="`+page+`/act/return"`)
	e.wantUnchanged(t, "return without reason", before)
	hA.actOK(t, no, "return", url.Values{"note": {"该路段属市交通运输局管辖，非本街道职责"}}, "/work/queue")
	a = e.wantStored(t, "returned", no, minyi.StatusPending, 0, false, 3, minyi.ActReturn)
	if a.SignDue != nil || a.CompleteDue != nil {
		t.Fatalf("a returned appeal keeps its deadlines: %v %v", a.SignDue, a.CompleteDue)
	}
	if last := e.lastEvent(t, a); last.Note != "该路段属市交通运输局管辖，非本街道职责" {
		t.Fatalf("return reason: %q", last.Note)
	}
	if res := hA.get(page); res.status != http.StatusNotFound {
		t.Fatalf("a returned appeal stays visible to unit A: %d", res.status)
	}

	// 4. It is back on the dispatch queue and is dispatched to unit A again.
	mustContain(t, disp.get("/work/dispatch").body, `id="row-`+no+`"`)
	disp.dispatchOK(t, no, url.Values{"action": {"dispatch"}, "unit_id": {idStr(unitA.ID)}}, "派单")
	e.wantStored(t, "dispatched again", no, minyi.StatusDispatched, unitA.ID, false, 4, minyi.ActDispatch)

	// 5. Unit A's leader transfers it to unit B with a reason.
	lead := e.login("leaderA")
	res = lead.get(page)
	mustContain(t, res.body, `action="`+page+`/act/transfer"`, `<option value="`+idStr(unitB.ID)+`">`)
	lead.actOK(t, no, "transfer", url.Values{"unit_id": {idStr(unitB.ID)}, "note": {"涉及公交站台照明，转交通运输局办理"}}, "/work/queue")
	a = e.wantStored(t, "transferred to B", no, minyi.StatusDispatched, unitB.ID, false, 5, minyi.ActTransfer)
	if a.UnitName != unitB.Name {
		t.Fatalf("unit name after transfer: %q", a.UnitName)
	}

	// 6. Unit B's handler signs, contacts the citizen and asks for more time.
	hB := e.login("handlerB")
	mustContain(t, hB.get("/work/queue?tab=to_sign").body, no)
	hB.actOK(t, no, "sign", nil, page)
	a = e.wantStored(t, "signed by B", no, minyi.StatusSigned, unitB.ID, false, 6, minyi.ActSign)
	if a.SignedAt == nil {
		t.Fatal("signed: no signed_at")
	}
	hB.actOK(t, no, "contact", url.Values{"note": {"已电话联系群众，约定明日现场查看"}}, page)
	a = e.wantStored(t, "contacted", no, minyi.StatusHandling, unitB.ID, false, 7, minyi.ActContact)
	if a.ContactedAt == nil {
		t.Fatal("contacted: no contacted_at")
	}
	before = e.snapshot(t, no)
	res = hB.post(page+"/act/extend", url.Values{"days": {""}, "note": {"需更换电缆"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("extend without days: %d", res.status)
	}
	mustContain(t, res.body, "延期天数应为 1 到 30 个工作日")
	e.wantUnchanged(t, "extend without days", before)
	hB.actOK(t, no, "extend", url.Values{"days": {"3"}, "note": {"需协调供电部门更换地下电缆"}}, page)
	a = e.wantStored(t, "extension asked", no, minyi.StatusHandling, unitB.ID, false, 8, minyi.ActExtend)
	if a.ExtensionDays != 3 || a.ExtensionReason != "需协调供电部门更换地下电缆" {
		t.Fatalf("extension request: %d %q", a.ExtensionDays, a.ExtensionReason)
	}
	dueBefore := *a.CompleteDue

	// 7. The supervisor approves it; the completion deadline moves.
	sup := e.login("supervisor")
	res = sup.get(page)
	mustContain(t, res.body, `action="`+page+`/act/approve-extension"`, "延期 3 个工作日", "需协调供电部门更换地下电缆")
	sup.actOK(t, no, "approve-extension", url.Values{"note": {""}, "approve": {"1"}}, page)
	a = e.wantStored(t, "extension approved", no, minyi.StatusHandling, unitB.ID, false, 9, minyi.ActApproveExtension)
	if a.ExtensionDays != 0 || a.CompleteDue == nil || a.CompleteDue.Sub(dueBefore) < 3*24*time.Hour {
		t.Fatalf("after approval: pending %d, due %v → %v", a.ExtensionDays, dueBefore, a.CompleteDue)
	}
	if last := e.lastEvent(t, a); last.Note != "同意延期 3 个工作日" {
		t.Fatalf("approval note: %q", last.Note)
	}

	// 8. The supervisor puts it under 督办.
	res = sup.post(page+"/act/supervise", url.Values{"note": {""}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("supervise without a note: %d", res.status)
	}
	mustContain(t, res.body, "请填写督办意见")
	sup.actOK(t, no, "supervise", url.Values{"note": {"请于延期内办结并书面答复"}}, page)
	e.wantStored(t, "supervised", no, minyi.StatusHandling, unitB.ID, true, 10, minyi.ActSupervise)
	mustContain(t, sup.get(page).body, `<span class="badge sup">督办</span>`)

	// 9. Unit B replies; the citizen proves the appeal is theirs and rates
	// 不满意: 重办 at unit B.
	reply1 := "经现场查看，已更换损坏灯具，路灯恢复照明。"
	hB.actOK(t, no, "reply", url.Values{"note": {reply1}}, page)
	a = e.wantStored(t, "replied", no, minyi.StatusReplied, unitB.ID, true, 11, minyi.ActReply)
	if a.Reply != reply1 || a.RepliedAt == nil {
		t.Fatalf("reply: %q %v", a.Reply, a.RepliedAt)
	}
	cit := e.citizen(t, no, "5678")
	mustContain(t, cit.get("/track/"+no).body, reply1, `href="/rate/`+no+`"`)
	cit.rateOK(t, no, url.Values{"rating": {"2"}, "solved": {"no"}, "comment": {"灯还是时亮时不亮"}})
	a = e.wantStored(t, "first 不满意", no, minyi.StatusReopened, unitB.ID, true, 12, minyi.ActRate)
	if a.Rating != minyi.RatingDissatisfied || a.Reopens != 1 || a.RepliedAt != nil || a.SignedAt != nil {
		t.Fatalf("after first bad rating: rating %d reopens %d replied %v signed %v", a.Rating, a.Reopens, a.RepliedAt, a.SignedAt)
	}
	mustContain(t, cit.get("/track/"+no).body, "重新办理")

	// Actions by those who may not take them are refused and change
	// nothing: unit A's handler cannot even see unit B's appeal (404), and
	// unit B's handler may not close it (403).
	before = e.snapshot(t, no)
	if res := hA.post(page+"/act/sign", nil); res.status != http.StatusNotFound {
		t.Fatalf("unit A signs unit B's appeal: %d", res.status)
	}
	if res := lead.post(page+"/act/transfer", url.Values{"unit_id": {idStr(unitA.ID)}, "note": {"收回"}}); res.status != http.StatusNotFound {
		t.Fatalf("unit A's leader transfers unit B's appeal: %d", res.status)
	}
	res = hB.post(page+"/act/close", url.Values{"note": {"自行办结"}})
	if res.status != http.StatusForbidden {
		t.Fatalf("handler closes: %d", res.status)
	}
	mustContain(t, res.body, "您没有权限执行“办结”操作")
	e.wantUnchanged(t, "forbidden actions", before)

	// 10. Unit B signs and replies again; the citizen rates 非常不满意: it
	// stays open in 办理中 at unit B, under 督办.
	hB.actOK(t, no, "sign", nil, page)
	e.wantStored(t, "signed again", no, minyi.StatusSigned, unitB.ID, true, 13, minyi.ActSign)
	reply2 := "已联系供电部门更换地下电缆，经连续三晚观察照明正常。"
	hB.actOK(t, no, "reply", url.Values{"note": {reply2}}, page)
	e.wantStored(t, "replied again", no, minyi.StatusReplied, unitB.ID, true, 14, minyi.ActReply)
	cit.rateOK(t, no, url.Values{"rating": {"1"}, "solved": {"no"}})
	a = e.wantStored(t, "second 非常不满意", no, minyi.StatusHandling, unitB.ID, true, 15, minyi.ActRate)
	if a.Rating != minyi.RatingVeryDissatisfied || a.Reopens != 2 || !a.Status.Open() {
		t.Fatalf("after second bad rating: rating %d reopens %d", a.Rating, a.Reopens)
	}
	mustContain(t, sup.get("/work/supervise?tab=supervised").body, `href="/work/appeals/`+no+`"`)
	mustContain(t, hB.get("/work/queue?tab=handling").body, no)

	// 11. The duplicate is merged into it from the dispatch queue; the
	// parent's timeline shows the merge.
	disp.dispatchOK(t, dup, url.Values{"action": {"merge"}, "parent_no": {strings.ToLower(no)}}, "合并")
	d := e.wantStored(t, "merged", dup, minyi.StatusMerged, 0, false, 2, minyi.ActMerge)
	if d.ParentNo != no || d.ClosedAt == nil {
		t.Fatalf("merged: parent %q closed %v", d.ParentNo, d.ClosedAt)
	}
	mustNotContain(t, disp.get("/work/dispatch").body, `id="row-`+dup+`"`)
	a = e.wantStored(t, "parent after merge", no, minyi.StatusHandling, unitB.ID, true, 16, minyi.ActMerge)
	if last := e.lastEvent(t, a); last.Note != "合并了 "+dup {
		t.Fatalf("parent's merge event: %q", last.Note)
	}
	if a.Supporters != 1 {
		t.Fatalf("parent's supporters after merge: %d", a.Supporters)
	}
	mustContain(t, disp.get(page).body, "合并了 "+dup)
	mustContain(t, disp.get("/work/appeals/"+dup).body, `href="/work/appeals/`+no+`"`)

	// 12. Unit B replies once more and the dispatch centre closes it.
	hB.actOK(t, no, "reply", url.Values{"note": {"已完成电缆更换及灯具检修，并安排每周巡查一次。"}}, page)
	e.wantStored(t, "last reply", no, minyi.StatusReplied, unitB.ID, true, 17, minyi.ActReply)
	disp.actOK(t, no, "close", url.Values{"note": {""}}, page)
	a = e.wantStored(t, "closed", no, minyi.StatusClosed, unitB.ID, true, 18, minyi.ActClose)
	if a.ClosedAt == nil {
		t.Fatal("closed: no closed_at")
	}
	mustContain(t, cit.get("/track/"+no).body, "已办结")
	if res := mustGet(t, sup, "/work/supervise?tab=supervised"); strings.Contains(res.body, `href="/work/appeals/`+no+`"`) {
		t.Errorf("a closed appeal stays on the 督办 list")
	}

	// 13. Merging another appeal into the closed one is refused in Chinese
	// and changes neither appeal.
	late := e.submitAppeal(validSubmission())
	lateBefore, parentBefore := e.snapshot(t, late), e.snapshot(t, no)
	res = disp.post("/work/dispatch/"+late, url.Values{"action": {"merge"}, "parent_no": {no}})
	if res.status != http.StatusConflict {
		t.Fatalf("merge into a closed appeal: %d", res.status)
	}
	mustContain(t, res.body, "目标诉求 "+no+" 已办结或已合并，不能合并", `id="row-`+late+`"`)
	e.wantUnchanged(t, "merge into closed (child)", lateBefore)
	e.wantUnchanged(t, "merge into closed (parent)", parentBefore)
	e.wantStored(t, "late appeal", late, minyi.StatusPending, 0, false, 1, minyi.ActCreate)
	e.wantStored(t, "closed parent", no, minyi.StatusClosed, unitB.ID, true, 18, minyi.ActClose)
}

// submitAppeal files an appeal on the public form and returns its number.
func (e *webEnv) submitAppeal(form url.Values) string {
	e.t.Helper()
	res := e.client().multipart("/submit", form)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/submitted/") {
		e.t.Fatalf("submit: %d %q\n%s", res.status, res.location, res.body)
	}
	return strings.TrimPrefix(res.location, "/submitted/")
}

// citizen is a browser that proved on /track that it filed appeal no.
func (e *webEnv) citizen(t *testing.T, no, last4 string) *webClient {
	t.Helper()
	c := e.client()
	res := c.post("/track", url.Values{"no": {no}, "last4": {last4}})
	if res.status != http.StatusSeeOther || res.location != "/track/"+no {
		t.Fatalf("track %s: %d %q", no, res.status, res.location)
	}
	return c
}

// actOK posts one action form of the staff appeal page, expects the
// redirect to target and the confirmation on the page it leads to.
func (c *webClient) actOK(t *testing.T, no, act string, form url.Values, target string) {
	t.Helper()
	res := c.post("/work/appeals/"+no+"/act/"+act, form)
	if want := target + "?ok=acted&act=" + act; res.status != http.StatusSeeOther || res.location != want {
		t.Fatalf("%s: %d %q, want a redirect to %q\n%s", act, res.status, res.location, want, res.body)
	}
	res = mustGet(t, c, res.location)
	mustContain(t, res.body, "已完成操作："+minyi.ActionLabels[minyi.Action(act)])
}

// dispatchOK posts one form of a dispatch queue row without htmx and
// expects the queue again with the confirmation.
func (c *webClient) dispatchOK(t *testing.T, no string, form url.Values, label string) {
	t.Helper()
	res := c.post("/work/dispatch/"+no, form)
	if want := "/work/dispatch?ok=acted&act=" + form.Get("action"); res.status != http.StatusSeeOther || res.location != want {
		t.Fatalf("dispatch queue %s: %d %q\n%s", form.Get("action"), res.status, res.location, res.body)
	}
	res = mustGet(t, c, res.location)
	mustContain(t, res.body, "已完成操作："+label)
	mustNotContain(t, res.body, `id="row-`+no+`"`)
}

// rateOK posts the citizen's rating form and expects the thanks.
func (c *webClient) rateOK(t *testing.T, no string, form url.Values) {
	t.Helper()
	mustContain(t, mustGet(t, c, "/rate/"+no).body, `action="/rate/`+no+`"`)
	res := c.post("/rate/"+no, form)
	if res.status != http.StatusSeeOther || res.location != "/track/"+no+"?ok=rated" {
		t.Fatalf("rate %s: %d %q\n%s", no, res.status, res.location, res.body)
	}
	mustContain(t, mustGet(t, c, res.location).body, "感谢您的评价")
}

func mustGet(t *testing.T, c *webClient, path string) webResponse {
	t.Helper()
	res := c.get(path)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.status)
	}
	return res
}

// wantStored checks the stored appeal after a step: its status, unit,
// 督办 flag, and the length and last action of its timeline.
func (e *webEnv) wantStored(t *testing.T, step, no string, status minyi.Status, unitID int64, supervised bool, events int, last minyi.Action) *minyi.Appeal {
	t.Helper()
	a := e.appeal(no)
	if a.Status != status || a.UnitID != unitID || a.Supervised != supervised {
		t.Fatalf("%s: status %s unit %d supervised %v, want %s %d %v", step, a.Status, a.UnitID, a.Supervised, status, unitID, supervised)
	}
	tl, err := e.db.Timeline(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl) != events || tl[len(tl)-1].Action != last {
		var got []string
		for _, ev := range tl {
			got = append(got, string(ev.Action))
		}
		t.Fatalf("%s: timeline %v, want %d events ending in %s", step, got, events, last)
	}
	if ev := tl[len(tl)-1]; ev.ToStatus != status {
		t.Fatalf("%s: last event goes to %s, want %s", step, ev.ToStatus, status)
	}
	return a
}

// snapshot is an appeal as stored, with the length of its timeline.
type snapshot struct {
	a      *minyi.Appeal
	events int
}

func (e *webEnv) snapshot(t *testing.T, no string) snapshot {
	t.Helper()
	a := e.appeal(no)
	tl, err := e.db.Timeline(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{a, len(tl)}
}

// wantUnchanged checks that an appeal and its timeline are as they were.
func (e *webEnv) wantUnchanged(t *testing.T, step string, before snapshot) {
	t.Helper()
	after := e.snapshot(t, before.a.TrackingNo)
	if !reflect.DeepEqual(before.a, after.a) {
		t.Fatalf("%s changed the appeal:\nbefore %+v\nafter  %+v", step, before.a, after.a)
	}
	if after.events != before.events {
		t.Fatalf("%s added %d timeline events", step, after.events-before.events)
	}
}

func (e *webEnv) lastEvent(t *testing.T, a *minyi.Appeal) *minyi.Event {
	t.Helper()
	tl, err := e.db.Timeline(context.Background(), a.ID)
	if err != nil || len(tl) == 0 {
		t.Fatalf("timeline of %s: %v", a.TrackingNo, err)
	}
	return tl[len(tl)-1]
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
