package http

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// The 转人工 button reads the search and the guide from the page data
// when it has them, from the request otherwise, and works with neither.
func TestHandoffOf(t *testing.T) {
	type guide = handoffGuide
	for _, c := range []struct {
		name string
		in   any
		want handoffLink
	}{
		{"fields", &page{Data: &guide{HandoffItem: 42, HandoffQuery: "社保转移"}, Path: "/search?q=other"}, handoffLink{Query: "社保转移", Item: "42"}},
		{"pointer to fields", &page{Data: &guide{HandoffQuery: "居住证"}, Path: "/x?item=7"}, handoffLink{Query: "居住证", Item: "7"}},
		{"request query", &page{Data: searchData{Query: "护照"}, Path: "/search?q=%E6%8A%A4%E7%85%A7"}, handoffLink{Query: "护照"}},
		{"guide path", &page{Path: "/services/88?q=x"}, handoffLink{Query: "x", Item: "88"}},
		{"nothing", &page{Path: "/"}, handoffLink{}},
		{"nil data", &page{Data: (*guide)(nil)}, handoffLink{}},
		{"not a page", "text", handoffLink{}},
	} {
		if got := handoffOf(c.in); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

var chatPathRE = regexp.MustCompile(`^/chat/([A-Za-z0-9_-]{20,})$`)

// From the search page the citizen clicks 转人工 and lands in the queue
// with their search carried along; the console shows it to the dispatch
// centre's agents only; accepted, the citizen sees the agent.
func TestWebChatHandoff(t *testing.T) {
	e := newWebEnv(t)
	citizen := e.client()
	res := citizen.get("/")
	mustContain(t, res.body, `action="/chat/start"`, "转人工")
	res = citizen.get("/search?q=" + url.QueryEscape("居住证怎么办理"))
	mustContain(t, res.body, `action="/chat/start"`, `name="q" value="居住证怎么办理"`)
	res = citizen.get("/chat/start?item=svc-9&q=" + url.QueryEscape("居住证续签"))
	mustContain(t, res.body, `name="item" value="svc-9"`, `name="q" value="居住证续签"`, "当前没有坐席在线")

	agent := e.login("dispatcher")
	res = agent.post("/work/chat/presence", url.Values{"mode": {"online"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("go online: %d %s", res.status, res.body)
	}
	res = citizen.post("/chat/start", url.Values{"q": {"居住证续签"}, "item": {"svc-9"}})
	m := chatPathRE.FindStringSubmatch(res.location)
	if res.status != http.StatusSeeOther || m == nil {
		t.Fatalf("start: %d → %q", res.status, res.location)
	}
	chat := res.location
	res = citizen.get(chat)
	mustContain(t, res.body, "排在第 1 位", "当前在线坐席 1 位", "预计等待约 5 分钟", "居住证怎么办理；居住证续签")
	// A second click goes back to the open chat instead of queueing again.
	if res := citizen.post("/chat/start", nil); res.location != chat {
		t.Fatalf("second start went to %q, not %q", res.location, chat)
	}
	// Someone else, even with the address, sees nothing.
	if res := e.client().get(chat); res.status != http.StatusNotFound || strings.Contains(res.body, "居住证") {
		t.Fatalf("a stranger opens the chat: %d", res.status)
	}
	res = citizen.post(chat+"/messages", url.Values{"text": {""}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("empty message: %d", res.status)
	}
	mustContain(t, res.body, "请输入消息内容")

	if res := e.login("handlerA").get("/work/chat"); res.status != http.StatusForbidden {
		t.Fatalf("a handler opens the console: %d", res.status)
	}
	res = agent.get("/work")
	mustContain(t, res.body, `href="/work/chat"`, "在线咨询排队")
	res = agent.get("/work/chat")
	mustContain(t, res.body, "居住证续签", "办事指南 svc-9", "接入")
	chats, err := e.db.ListChats(t.Context(), minyi.ChatFilter{})
	if err != nil || len(chats) != 1 {
		t.Fatalf("chats: %v, %d", err, len(chats))
	}
	id := chats[0].ID
	res = agent.post("/work/chat/"+itoa(id)+"/accept", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	res = agent.post("/work/chat/"+itoa(id)+"/reply", url.Values{"text": {"您好，居住证续签可在街道服务中心办理。"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.status, res.body)
	}
	res = citizen.get(chat + "/live")
	mustContain(t, res.body, "坐席 dispatcher 正在为您服务", "您好，居住证续签可在街道服务中心办理。")
	mustNotContain(t, res.body, "<html")
	// Accepting again is refused on the page, with the reason.
	res = e.login("admin").post("/work/chat/"+itoa(id)+"/accept", nil)
	if res.status != http.StatusConflict {
		t.Fatalf("second accept: %d", res.status)
	}
	mustContain(t, res.body, "该会话已被其他坐席接入或已结束")
}

// With nobody on duty the chat page offers 留言: wrong contact details are
// shown next to the fields and file nothing; right ones file an appeal
// whose tracking number the citizen sees and may track at once.
func TestWebChatLeaveMessage(t *testing.T) {
	e := newWebEnv(t)
	citizen := e.client()
	citizen.get("/search?q=" + url.QueryEscape("路灯坏了找谁"))
	res := citizen.post("/chat/start", nil)
	chat := res.location
	res = citizen.get(chat)
	mustContain(t, res.body, "当前没有坐席在线", `action="`+chat+`/leave"`, `value="路灯坏了找谁"`)
	before := e.countAppeals()
	form := url.Values{"type": {"complaint"}, "title": {"路灯坏了"}, "district": {"南山区"}, "contact_phone": {"1381234"}}
	res = citizen.post(chat+"/leave", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("bad phone: %d", res.status)
	}
	mustContain(t, res.body, "联系电话格式不正确", `value="路灯坏了"`)
	if e.countAppeals() != before {
		t.Fatal("a refused message filed an appeal")
	}
	form.Set("contact_phone", "13812345678")
	res = citizen.post(chat+"/leave", form)
	if res.status != http.StatusSeeOther || res.location != chat {
		t.Fatalf("leave: %d → %q", res.status, res.location)
	}
	res = citizen.get(chat)
	no := regexp.MustCompile(`data-testid="tracking-no">([A-Z0-9]+)<`).FindStringSubmatch(res.body)
	if no == nil {
		t.Fatalf("no tracking number on the page:\n%s", res.body)
	}
	if a := e.appeal(no[1]); a.Channel != minyi.ChannelWeb || !strings.Contains(a.Content, "搜索记录：路灯坏了找谁") {
		t.Fatalf("appeal %+v", a)
	}
	// The proof cookie opens the progress page straight away.
	if res := citizen.get("/track/" + no[1]); res.status != http.StatusOK {
		t.Fatalf("track: %d", res.status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The chat page and the console read in English too.
func TestWebChatEnglish(t *testing.T) {
	e := newWebEnv(t)
	citizen := e.client()
	citizen.post("/prefs", url.Values{"lang": {"en"}})
	chat := citizen.post("/chat/start", url.Values{"q": {"passport"}}).location
	res := citizen.get(chat)
	if res.status != http.StatusOK {
		t.Fatalf("chat: %d", res.status)
	}
	mustContain(t, res.body, "You are number 1 in the queue", "No agent is on duty", "Leave the message")
	agent := e.login("dispatcher")
	agent.post("/prefs", url.Values{"lang": {"en"}})
	res = agent.get("/work/chat")
	mustContain(t, res.body, "Live chat console", "Waiting", "passport", "Accept")
}

// handoffGuide is page data that names its hand-off, as the search page does.
type handoffGuide struct {
	HandoffItem  int64
	HandoffQuery string
}

func (g *handoffGuide) Handoff() handoffLink {
	if g == nil {
		return handoffLink{}
	}
	h := handoffLink{Query: g.HandoffQuery}
	if g.HandoffItem != 0 {
		h.Item = strconv.FormatInt(g.HandoffItem, 10)
	}
	return h
}
