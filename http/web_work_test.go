package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// The whole path through the pages: dispatch from the queue, sign and reply
// on the appeal page, rate from the citizen's page.
func TestWebDispatchSignReplyRate(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("路灯不亮")
	unitA := e.units["streetA"]

	disp := e.login("dispatcher")
	res := disp.get("/work/dispatch")
	if res.status != http.StatusOK {
		t.Fatalf("dispatch queue: %d", res.status)
	}
	mustContain(t, res.body, a.TrackingNo, "路灯不亮", `hx-post="/work/dispatch/`+a.TrackingNo+`"`, "粤海街道办事处")
	mustNotContain(t, res.body, "13812345678")

	// A dispatch without a unit is refused in the row itself.
	res = disp.htmx("/work/dispatch/"+a.TrackingNo, url.Values{"action": {"dispatch"}})
	if res.status != http.StatusOK {
		t.Fatalf("htmx error row: %d", res.status)
	}
	mustContain(t, res.body, `id="row-`+a.TrackingNo+`"`, "请选择承办单位")
	mustNotContain(t, res.body, "<html")
	if got := e.appeal(a.TrackingNo).Status; got != minyi.StatusPending {
		t.Fatalf("status after refused dispatch: %s", got)
	}

	res = disp.htmx("/work/dispatch/"+a.TrackingNo, url.Values{"action": {"dispatch"}, "unit_id": {strconv.FormatInt(unitA.ID, 10)}})
	if res.status != http.StatusOK {
		t.Fatalf("htmx dispatch: %d %s", res.status, res.body)
	}
	mustContain(t, res.body, `id="row-`+a.TrackingNo+`"`, "已派单至", "粤海街道办事处")
	if got := e.appeal(a.TrackingNo); got.Status != minyi.StatusDispatched || got.UnitID != unitA.ID {
		t.Fatalf("after dispatch: %s unit %d", got.Status, got.UnitID)
	}

	// Another unit's handler cannot open it.
	if res := e.login("handlerB").get("/work/appeals/" + a.TrackingNo); res.status != http.StatusNotFound {
		t.Fatalf("other unit's handler: %d", res.status)
	}

	h := e.login("handlerA")
	res = h.get("/work/queue?tab=to_sign")
	mustContain(t, res.body, a.TrackingNo, `class="badge lv-green"`)
	page := "/work/appeals/" + a.TrackingNo
	res = h.get(page)
	if res.status != http.StatusOK {
		t.Fatalf("appeal page: %d", res.status)
	}
	mustContain(t, res.body, `action="`+page+`/act/sign"`, `action="`+page+`/act/return"`, "138****5678", "显示联系方式")
	mustNotContain(t, res.body, `/act/reply"`, `/act/dispatch"`, `/act/close"`, "13812345678")

	res = h.post(page+"/act/sign", nil)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, page) {
		t.Fatalf("sign: %d %q", res.status, res.location)
	}
	res = h.get(res.location)
	mustContain(t, res.body, "已完成操作：签收", `/act/reply"`, `/act/extend"`, `/act/contact"`)
	mustNotContain(t, res.body, `/act/sign"`)

	// Signing twice is a conflict, shown on the page in Chinese.
	res = h.post(page+"/act/sign", nil)
	if res.status != http.StatusConflict {
		t.Fatalf("second sign: %d", res.status)
	}
	mustContain(t, res.body, "不能执行“签收”")

	res = h.post(page+"/act/reply", url.Values{"note": {"已修好"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("short reply: %d", res.status)
	}
	mustContain(t, res.body, "答复内容至少 10 个字", "已修好")
	reply := "经现场核查，路灯线路老化，已于今日更换线路并恢复照明。"
	if res := h.post(page+"/act/reply", url.Values{"note": {reply}}); res.status != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.status, res.body)
	}
	if got := e.appeal(a.TrackingNo); got.Status != minyi.StatusReplied || got.Reply != reply {
		t.Fatalf("after reply: %s %q", got.Status, got.Reply)
	}

	// The citizen sees the reply and rates it.
	cit := e.client()
	cit.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}})
	res = cit.get("/track/" + a.TrackingNo)
	mustContain(t, res.body, reply, `href="/rate/`+a.TrackingNo+`"`)
	res = cit.get("/rate/" + a.TrackingNo)
	mustContain(t, res.body, "非常满意", "满意", "基本满意", "不满意", "非常不满意", "已解决", "未解决", "重办")
	res = cit.post("/rate/"+a.TrackingNo, url.Values{"rating": {"5"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("rating without solved: %d", res.status)
	}
	mustContain(t, res.body, "请选择问题是否已解决")
	res = cit.post("/rate/"+a.TrackingNo, url.Values{"rating": {"5"}, "solved": {"yes"}, "comment": {"很快"}})
	if res.status != http.StatusSeeOther || res.location != "/track/"+a.TrackingNo+"?ok=rated" {
		t.Fatalf("rate: %d %q %s", res.status, res.location, res.body)
	}
	got := e.appeal(a.TrackingNo)
	if got.Status != minyi.StatusClosed || got.Rating != minyi.RatingVerySatisfied || got.Solved == nil || !*got.Solved {
		t.Fatalf("after rating: %+v", got)
	}
	res = cit.get(res.location)
	mustContain(t, res.body, "感谢您的评价", "非常满意")
}

func TestWebBadRatingReopens(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("垃圾清运不及时")
	ctx := context.Background()
	disp, h := minyi.ActorFor(e.users["dispatcher"]), minyi.ActorFor(e.users["handlerA"])
	all := minyi.Scope{All: true}
	for _, step := range []struct {
		req   minyi.ActionRequest
		actor minyi.Actor
	}{
		{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, disp},
		{minyi.ActionRequest{Action: minyi.ActSign}, h},
		{minyi.ActionRequest{Action: minyi.ActReply, Note: "已安排环卫车辆每日两次清运，请您继续监督。"}, h},
	} {
		if _, err := e.db.Act(ctx, a.TrackingNo, step.req, step.actor, all); err != nil {
			t.Fatal(err)
		}
	}
	cit := e.client()
	cit.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}})
	res := cit.post("/rate/"+a.TrackingNo, url.Values{"rating": {"2"}, "solved": {"no"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("rate: %d %s", res.status, res.body)
	}
	if got := e.appeal(a.TrackingNo); got.Status != minyi.StatusReopened {
		t.Fatalf("a bad rating must reopen: %s", got.Status)
	}
	res = cit.get("/track/" + a.TrackingNo)
	mustContain(t, res.body, "重新办理")
	// It shows on the supervisors' 重办 tab.
	res = e.login("supervisor").get("/work/supervise?tab=reopened")
	mustContain(t, res.body, a.TrackingNo)
}

func TestWebViewContactIsAudited(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("违章停车")
	ctx := context.Background()
	if _, err := e.db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.ActorFor(e.users["dispatcher"]), minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	page := "/work/appeals/" + a.TrackingNo

	// An evaluator sees the masked appeal and cannot reveal the contact.
	ev := e.login("evaluator")
	res := ev.get(page)
	mustContain(t, res.body, "138****5678")
	mustNotContain(t, res.body, "显示联系方式", "13812345678")
	if res := ev.post(page+"/contact", nil); res.status != http.StatusForbidden {
		t.Fatalf("evaluator reveal: %d", res.status)
	}
	// Another unit's handler cannot reveal it either.
	if res := e.login("handlerB").post(page+"/contact", nil); res.status != http.StatusNotFound {
		t.Fatalf("other unit reveal: %d", res.status)
	}
	// Refused reveals are audited as refusals (越权访问), never as views.
	list, _ := e.db.ListAudit(ctx, 10)
	if len(list) != 1 || list[0].Action != minyi.AuditAccessDenied || list[0].Username != "evaluator" {
		t.Fatalf("refused reveals were audited as views, or not as refusals: %+v", list)
	}

	h := e.login("handlerA")
	res = h.htmx(page+"/contact", nil)
	if res.status != http.StatusOK {
		t.Fatalf("reveal: %d", res.status)
	}
	mustContain(t, res.body, "13812345678", "张三丰", `id="contact"`)
	list, err := e.db.ListAudit(ctx, 10)
	if err != nil || len(list) != 2 { // the view, after the refusal above
		t.Fatalf("audit: %v %v", list, err)
	}
	if got := list[0]; got.Action != "view_contact" || got.Target != a.TrackingNo || got.UserID != e.users["handlerA"].ID {
		t.Fatalf("audit entry: %+v", got)
	}
	// Without htmx the whole page comes back with the contact shown.
	res = h.post(page+"/contact", nil)
	mustContain(t, res.body, "13812345678", "<html")
	res = e.login("admin").get("/admin/audit")
	mustContain(t, res.body, "查看联系方式", a.TrackingNo, "handlerA")
}

// Files are downloaded through the appeal they belong to, by staff in scope
// other than evaluators.
func TestWebAttachmentDownload(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	a, other := e.newAppeal("路灯不亮"), e.newAppeal("井盖缺失")
	for _, x := range []*minyi.Appeal{a, other} {
		if _, err := e.db.Act(ctx, x.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.ActorFor(e.users["dispatcher"]), minyi.Scope{All: true}); err != nil {
			t.Fatal(err)
		}
	}
	attach := func(x *minyi.Appeal, rel string) int64 {
		t.Helper()
		full := filepath.Join(e.dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("现场说明"), 0o640); err != nil {
			t.Fatal(err)
		}
		at := &minyi.Attachment{AppealID: x.ID, Name: "说明 1.txt", ContentType: "text/plain", Size: 12, Path: rel}
		if err := e.db.AddAttachment(ctx, at); err != nil {
			t.Fatal(err)
		}
		return at.ID
	}
	mine := attach(a, "attachments/2026/11/a1")
	theirs := attach(other, "attachments/2026/11/b1")
	escape := attach(a, "../outside.txt")
	page := func(no string, id int64) string { return fmt.Sprintf("/work/appeals/%s/attachments/%d", no, id) }

	res := e.login("handlerA").get(page(a.TrackingNo, mine))
	if res.status != http.StatusOK || res.body != "现场说明" || !strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %q %v", res.status, res.body, res.header)
	}
	for _, tt := range []struct {
		who, path string
		status    int
	}{
		{"evaluator", page(a.TrackingNo, mine), http.StatusForbidden},
		{"handlerB", page(a.TrackingNo, mine), http.StatusNotFound},
		{"dispatcher", page(a.TrackingNo, theirs), http.StatusNotFound},
		{"dispatcher", page(a.TrackingNo, 0) + "x", http.StatusNotFound},
	} {
		if res := e.login(tt.who).get(tt.path); res.status != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.who, tt.path, res.status, tt.status)
		}
	}
	if res := e.login("dispatcher").get(page(a.TrackingNo, escape)); res.status == http.StatusOK {
		t.Errorf("a stored path outside the data directory was served")
	}
}

func TestWebDispatchMergeAndInvalid(t *testing.T) {
	e := newWebEnv(t)
	parent := e.newAppeal("公交站台破损")
	dup := e.newAppeal("公交站台破损（重复）")
	junk := e.newAppeal("测试测试测试")
	disp := e.login("dispatcher")

	// Without JavaScript: a plain POST and a redirect back to the queue.
	res := disp.post("/work/dispatch/"+dup.TrackingNo, url.Values{"action": {"merge"}, "parent_no": {parent.TrackingNo}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/work/dispatch") {
		t.Fatalf("merge: %d %q", res.status, res.location)
	}
	if got := e.appeal(dup.TrackingNo); got.Status != minyi.StatusMerged || got.ParentNo != parent.TrackingNo {
		t.Fatalf("after merge: %s %q", got.Status, got.ParentNo)
	}
	res = disp.post("/work/dispatch/"+junk.TrackingNo, url.Values{"action": {"close"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("close without reason: %d", res.status)
	}
	mustContain(t, res.body, "请填写办结理由")
	res = disp.post("/work/dispatch/"+junk.TrackingNo, url.Values{"action": {"close"}, "note": {"无效诉求：内容无法识别"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("close: %d", res.status)
	}
	if got := e.appeal(junk.TrackingNo); got.Status != minyi.StatusClosed {
		t.Fatalf("after close: %s", got.Status)
	}
	res = disp.get("/work/dispatch")
	mustContain(t, res.body, parent.TrackingNo)
	mustNotContain(t, res.body, dup.TrackingNo, junk.TrackingNo)

	// Handlers have no dispatch queue.
	if res := e.login("handlerA").get("/work/dispatch"); res.status != http.StatusForbidden {
		t.Fatalf("handler on dispatch queue: %d", res.status)
	}
}

// The dispatch queue shows an appeal's urgent flag in its form and reads
// the form like the appeal page does.
func TestWebDispatchUrgent(t *testing.T) {
	e := newWebEnv(t)
	a := &minyi.Appeal{
		Type: minyi.TypeHelp, Channel: minyi.ChannelHotline, Title: "老人走失", Urgent: true,
		Content: "家中老人早上出门后一直没有回家，请求帮助寻找。", ContactPhone: "13812345678",
	}
	if err := e.db.CreateAppeal(context.Background(), a, minyi.ActorFor(e.users["dispatcher"])); err != nil {
		t.Fatal(err)
	}
	disp := e.login("dispatcher")
	mustContain(t, disp.get("/work/dispatch").body, `name="urgent" value="1" checked`)
	unit := strconv.FormatInt(e.units["streetA"].ID, 10)
	res := disp.post("/work/dispatch/"+a.TrackingNo, url.Values{"action": {"dispatch"}, "unit_id": {unit}, "urgent": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("dispatch: %d %s", res.status, res.body)
	}
	if got := e.appeal(a.TrackingNo); got.Status != minyi.StatusDispatched || !got.Urgent || got.UnitID != e.units["streetA"].ID {
		t.Fatalf("after dispatch: %s urgent=%v unit=%d", got.Status, got.Urgent, got.UnitID)
	}
	if res := disp.post("/work/dispatch/"+a.TrackingNo, url.Values{"action": {"sign"}}); res.status != http.StatusBadRequest {
		t.Fatalf("an action the queue does not offer: %d", res.status)
	}
}

func TestWebOverviewAndQueues(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	var nos []string
	for i := range 3 {
		a := e.newAppeal("诉求 " + strconv.Itoa(i))
		nos = append(nos, a.TrackingNo)
	}
	unit := e.units["streetA"].ID
	if _, err := e.db.Act(ctx, nos[0], minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit}, minyi.ActorFor(e.users["dispatcher"]), minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	res := e.login("dispatcher").get("/work")
	if res.status != http.StatusOK {
		t.Fatalf("overview: %d", res.status)
	}
	mustContain(t, res.body, `href="/work/dispatch"`, "待分拨", "待签收", "即将超时", "已超时")
	if !regexp2(res.body, `<span class="tile-n">2</span>\s*<span class="tile-l">待分拨</span>`) {
		t.Errorf("pending count is not 2")
	}
	h := e.login("handlerA")
	res = h.get("/work")
	if !regexp2(res.body, `<span class="tile-n">1</span>\s*<span class="tile-l">待签收</span>`) {
		t.Errorf("handler's to-sign count is not 1")
	}
	mustNotContain(t, res.body, `href="/work/dispatch"`)
	res = h.get("/work/queue?tab=all")
	mustContain(t, res.body, nos[0])
	mustNotContain(t, res.body, nos[1], nos[2])
	// Another unit sees none of it.
	res = e.login("handlerB").get("/work/queue?tab=all")
	mustNotContain(t, res.body, nos[0])
	mustContain(t, res.body, "这个队列里没有诉求")
}

func TestWebQueuePaging(t *testing.T) {
	e := newWebEnv(t)
	seen := map[string]bool{}
	for i := range pageSize + 5 {
		e.newAppeal("诉求 " + strconv.Itoa(i))
	}
	c := e.login("dispatcher")
	res := c.get("/work/queue?tab=all")
	next := regexpFind(res.body, `href="(/work/queue\?tab=all&amp;before=\d+)"`)
	if next == "" {
		t.Fatal("no next page link")
	}
	for _, m := range regexpAll(res.body, `href="/work/appeals/([A-Z0-9]+)"`) {
		seen[m] = true
	}
	res = c.get(strings.ReplaceAll(next, "&amp;", "&"))
	for _, m := range regexpAll(res.body, `href="/work/appeals/([A-Z0-9]+)"`) {
		seen[m] = true
	}
	if len(seen) != pageSize+5 {
		t.Fatalf("two pages show %d distinct appeals, want %d", len(seen), pageSize+5)
	}
}

func regexp2(body, pattern string) bool { return regexp.MustCompile(pattern).MatchString(body) }

func regexpFind(body, pattern string) string {
	if m := regexp.MustCompile(pattern).FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func regexpAll(body, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// The staff page and the citizen's page show the timeline with one
// partial; the citizen's has no staff names and no internal notes.
func TestWebTimelineOnBothPages(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("路面塌陷")
	ctx := context.Background()
	all := minyi.Scope{All: true}
	steps := []struct {
		req   minyi.ActionRequest
		actor minyi.Actor
	}{
		{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: e.units["streetA"].ID}, minyi.ActorFor(e.users["dispatcher"])},
		{minyi.ActionRequest{Action: minyi.ActSupervise, Note: "内部督办意见：三日内办结"}, minyi.ActorFor(e.users["supervisor"])},
		{minyi.ActionRequest{Action: minyi.ActSign}, minyi.ActorFor(e.users["handlerA"])},
		{minyi.ActionRequest{Action: minyi.ActReply, Note: "已完成路面修补并设置警示标志。"}, minyi.ActorFor(e.users["handlerA"])},
	}
	for _, s := range steps {
		if _, err := e.db.Act(ctx, a.TrackingNo, s.req, s.actor, all); err != nil {
			t.Fatal(err)
		}
	}
	staffName := e.users["supervisor"].DisplayName
	if staffName == "" {
		staffName = e.users["supervisor"].Username
	}

	staff := e.login("dispatcher").get("/work/appeals/" + a.TrackingNo)
	mustContain(t, staff.body, `data-testid="timeline"`, "内部督办意见", staffName, "已完成路面修补")
	cit := e.client()
	cit.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}})
	track := cit.get("/track/" + a.TrackingNo)
	mustContain(t, track.body, `data-testid="timeline"`, "已完成路面修补")
	mustNotContain(t, track.body, "内部督办意见", staffName)

	// The markup lives in one partial.
	for _, name := range []string{"track.html", "work_appeal.html"} {
		b, err := templateFS.ReadFile("templates/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `{{template "timeline" .Events}}`) || strings.Contains(string(b), `class="timeline"`) {
			t.Errorf("%s does not use the timeline partial", name)
		}
	}
}
