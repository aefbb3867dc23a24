package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"minyi"
)

// chatCall sends a request as the holder of a chat token (no account).
func (f *fixture) chatCall(token, method, path string, body any) response {
	f.t.Helper()
	var rd *strings.Reader
	if body != nil {
		data, err := json.Marshal(body)
		f.mustDo(err)
		rd = strings.NewReader(string(data))
	} else {
		rd = strings.NewReader("")
	}
	req, err := nethttp.NewRequest(method, f.srv.URL+path, rd)
	f.mustDo(err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Chat-Token", token)
	}
	return f.send(req)
}

// startChat starts a chat as an anonymous visitor and returns its token.
func (f *fixture) startChat(body any) (string, response) {
	f.t.Helper()
	r := f.call("anonymous", "POST", "/api/v1/chats", body)
	if r.Status != nethttp.StatusCreated {
		f.t.Fatalf("start chat: %d %s", r.Status, r.Raw)
	}
	tok, _ := r.Body["token"].(string)
	if tok == "" {
		f.t.Fatalf("start chat: no token in %s", r.Raw)
	}
	return tok, r
}

func (f *fixture) wantStatus(r response, status int, what string) response {
	f.t.Helper()
	if r.Status != status {
		f.t.Fatalf("%s: status %d, want %d: %s", what, r.Status, status, r.Raw)
	}
	return r
}

func num(v any) int {
	n, _ := v.(float64)
	return int(n)
}

// The whole API flow: citizens queue with their searches and see their
// position and wait; an agent on duty accepts, answers by text and canned
// answer, transfers to another agent on duty and closes.
func TestChatAPIFlow(t *testing.T) {
	f := newFixture(t)
	f.wantStatus(f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}), 200, "go online")

	first, r := f.startChat(map[string]any{"queries": []string{"护照续签"}, "item": "svc-7"})
	// One agent, the default handling time of 5 minutes, first in line.
	if num(r.Body["position"]) != 1 || num(r.Body["agents_on_duty"]) != 1 || num(r.Body["wait_seconds"]) != 300 || r.Body["status"] != "waiting" {
		t.Fatalf("first chat: %s", r.Raw)
	}
	second, r := f.startChat(nil)
	if num(r.Body["position"]) != 2 || num(r.Body["wait_seconds"]) != 600 {
		t.Fatalf("second chat: %s", r.Raw)
	}
	f.wantStatus(f.chatCall(first, "POST", "/api/v1/chats/"+first+"/messages", map[string]string{"text": "护照快过期了，怎么续签？"}), 201, "citizen says")
	r = f.chatCall(first, "POST", "/api/v1/chats/"+first+"/messages", map[string]string{"text": "   "})
	if r.Status != 400 || r.errorField("text") == "" {
		t.Fatalf("empty message: %d %s", r.Status, r.Raw)
	}

	r = f.wantStatus(f.call("dispatcher", "GET", "/api/v1/agent/chats", nil), 200, "console")
	waiting := r.list("waiting")
	if len(waiting) != 2 {
		t.Fatalf("waiting: %s", r.Raw)
	}
	w0 := waiting[0].(map[string]any)
	if fmt.Sprint(w0["queries"]) != "[护照续签]" || w0["source_item"] != "svc-7" {
		t.Fatalf("the hand-off lost the search or guide: %v", w0)
	}
	id := num(w0["id"])
	path := fmt.Sprintf("/api/v1/agent/chats/%d", id)

	r = f.wantStatus(f.call("dispatcher", "POST", path+"/accept", nil), 200, "accept")
	if r.Body["status"] != "active" || r.Body["agent_name"] != "dispatcher" {
		t.Fatalf("accepted: %s", r.Raw)
	}
	if r := f.call("admin", "POST", path+"/accept", nil); r.Status != 409 {
		t.Fatalf("second accept: %d %s", r.Status, r.Raw)
	}
	if r := f.chatCall(second, "GET", "/api/v1/chats/"+second, nil); num(r.Body["position"]) != 1 || num(r.Body["wait_seconds"]) != 300 {
		t.Fatalf("the queue did not move: %s", r.Raw)
	}
	f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": "请带身份证到出入境大厅办理。"}), 200, "reply")
	r = f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"canned_id": "canned-4"}), 200, "canned reply")
	msgs := r.list("messages")
	last := msgs[len(msgs)-1].(map[string]any)
	if last["kind"] != "canned" || !strings.Contains(last["text"].(string), "12345") {
		t.Fatalf("canned answer: %v", last)
	}
	if r := f.call("dispatcher", "POST", path+"/reply", map[string]string{"canned_id": "canned-999"}); r.Status != 400 {
		t.Fatalf("unknown canned answer: %d %s", r.Status, r.Raw)
	}

	r = f.wantStatus(f.chatCall(first, "GET", "/api/v1/chats/"+first, nil), 200, "citizen reads")
	var texts []string
	for _, m := range r.list("messages") {
		texts = append(texts, m.(map[string]any)["sender"].(string)+":"+m.(map[string]any)["text"].(string))
	}
	if got := strings.Join(texts, "\n"); !strings.Contains(got, "citizen:护照快过期了") || !strings.Contains(got, "agent:请带身份证到出入境大厅办理。") {
		t.Fatalf("citizen's view of the conversation:\n%s", got)
	}

	// Transfer only to another agent on duty.
	if r := f.call("dispatcher", "POST", path+"/transfer", map[string]any{"agent_id": f.users["admin"].ID}); r.Status != 400 || r.errorField("agent_id") == "" {
		t.Fatalf("transfer to an agent off duty: %d %s", r.Status, r.Raw)
	}
	f.wantStatus(f.call("admin", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}), 200, "admin online")
	r = f.wantStatus(f.call("dispatcher", "POST", path+"/transfer", map[string]any{"agent_id": f.users["admin"].ID}), 200, "transfer")
	if r.Body["agent_name"] != "admin" {
		t.Fatalf("transferred: %s", r.Raw)
	}
	if r := f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": "还在吗"}); r.Status != 403 {
		t.Fatalf("reply after transferring away: %d %s", r.Status, r.Raw)
	}
	r = f.wantStatus(f.call("admin", "POST", path+"/close", nil), 200, "close")
	if r.Body["status"] != "closed" {
		t.Fatalf("closed: %s", r.Raw)
	}
	if r := f.chatCall(first, "POST", "/api/v1/chats/"+first+"/messages", map[string]string{"text": "谢谢"}); r.Status != 409 {
		t.Fatalf("message to a closed chat: %d %s", r.Status, r.Raw)
	}
	if r := f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "busy"}); r.Status != 400 || r.errorField("mode") == "" {
		t.Fatalf("bad presence mode: %d %s", r.Status, r.Raw)
	}
}

// Only the holder of a chat reads it or writes to it; only agents (the
// dispatch centre's dispatchers and admins) use the agent side.
func TestChatAuthorisation(t *testing.T) {
	f := newFixture(t)
	mine, _ := f.startChat(map[string]any{"queries": []string{"我的隐私问题"}})
	other, _ := f.startChat(nil)
	for _, tc := range []struct {
		name, token string
	}{{"no token", ""}, {"another chat's token", other}} {
		for _, p := range []string{"", "/events"} {
			r := f.chatCall(tc.token, "GET", "/api/v1/chats/"+mine+p, nil)
			if r.Status != 404 || strings.Contains(string(r.Raw), "我的隐私问题") {
				t.Errorf("%s reads %s: %d %s", tc.name, p, r.Status, r.Raw)
			}
		}
		if r := f.chatCall(tc.token, "POST", "/api/v1/chats/"+mine+"/messages", map[string]string{"text": "冒充"}); r.Status != 404 {
			t.Errorf("%s writes: %d %s", tc.name, r.Status, r.Raw)
		}
	}
	// A logged-in citizen holds their chat by account too, and nobody
	// else's by it.
	r := f.wantStatus(f.call("citizen", "POST", "/api/v1/chats", nil), 201, "citizen starts")
	own := r.Body["token"].(string)
	f.wantStatus(f.call("citizen", "GET", "/api/v1/chats/"+own, nil), 200, "citizen reads own chat")
	if r := f.call("citizen", "GET", "/api/v1/chats/"+mine, nil); r.Status != 404 {
		t.Errorf("citizen reads a stranger's chat: %d", r.Status)
	}
	msgs, err := f.db.ChatMessages(context.Background(), 1, 0)
	f.mustDo(err)
	if len(msgs) != 0 {
		t.Errorf("refused writes left %d messages", len(msgs))
	}

	want := map[string]int{"anonymous": 401, "citizen": 403, "handlerA": 403, "leader": 403, "supervisor": 403, "evaluator": 403, "dispatcher": 200, "admin": 200}
	for who, status := range want {
		if r := f.call(who, "GET", "/api/v1/agent/chats", nil); r.Status != status {
			t.Errorf("%s lists chats: %d, want %d", who, r.Status, status)
		}
		if status != 200 {
			if r := f.call(who, "POST", "/api/v1/agent/chats/1/accept", nil); r.Status != status {
				t.Errorf("%s accepts: %d, want %d", who, r.Status, status)
			}
			if r := f.call(who, "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}); r.Status != status {
				t.Errorf("%s goes on duty: %d, want %d", who, r.Status, status)
			}
		}
	}
	c, err := f.db.FindChatByID(context.Background(), 1)
	f.mustDo(err)
	if c.Status != minyi.ChatWaiting {
		t.Errorf("a refused accept changed the chat: %s", c.Status)
	}
}

// sseEvent is one event read from a stream.
type sseEvent struct{ name, data string }

// readEvents reads a stream's events into a channel until it ends.
func readEvents(body *bufio.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		var ev sseEvent
		for {
			line, err := body.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev.name != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out
}

// waitEvent reads events until one matches.
func waitEvent(t *testing.T, events <-chan sseEvent, name, contains string) sseEvent {
	t.Helper()
	for ev := range events {
		if ev.name == name && strings.Contains(ev.data, contains) {
			return ev
		}
	}
	t.Fatalf("the stream ended without a %q event holding %q", name, contains)
	return sseEvent{}
}

// The citizen's event stream delivers the queue state at once, the
// acceptance and the agent's reply as they happen; the agent's stream
// delivers the citizen's message.
func TestChatEventsDeliverMessage(t *testing.T) {
	f := newFixture(t)
	f.wantStatus(f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}), 200, "go online")
	token, _ := f.startChat(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	open := func(path, who string) <-chan sseEvent {
		req, err := nethttp.NewRequestWithContext(ctx, "GET", f.srv.URL+path, nil)
		f.mustDo(err)
		if who == "" {
			req.Header.Set("X-Chat-Token", token)
		} else {
			req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		}
		res, err := f.srv.Client().Do(req)
		f.mustDo(err)
		t.Cleanup(func() { res.Body.Close() })
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		return readEvents(bufio.NewReader(res.Body))
	}
	citizen := open("/api/v1/chats/"+token+"/events", "")
	waitEvent(t, citizen, "state", `"position":1`)
	agent := open("/api/v1/agent/events", "dispatcher")
	waitEvent(t, agent, "queue", `"waiting":[{`)

	r := f.wantStatus(f.call("dispatcher", "GET", "/api/v1/agent/chats", nil), 200, "console")
	id := num(r.list("waiting")[0].(map[string]any)["id"])
	path := fmt.Sprintf("/api/v1/agent/chats/%d", id)
	f.wantStatus(f.call("dispatcher", "POST", path+"/accept", nil), 200, "accept")
	waitEvent(t, citizen, "state", `"status":"active"`)
	f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": "您好，请讲。"}), 200, "reply")
	ev := waitEvent(t, citizen, "message", "您好，请讲。")
	var m minyi.ChatMessage
	f.mustDo(json.Unmarshal([]byte(ev.data), &m))
	if m.Sender != minyi.SenderAgent || m.SenderName != "dispatcher" {
		t.Fatalf("message event: %s", ev.data)
	}
	f.wantStatus(f.chatCall(token, "POST", "/api/v1/chats/"+token+"/messages", map[string]string{"text": "我想咨询护照续签。"}), 201, "citizen says")
	waitEvent(t, agent, "message", "我想咨询护照续签。")
}

// With no agent on duty a chat shows no estimate and becomes an appeal of
// the web channel carrying the searches and the conversation; bad input
// is refused with the fields named and changes nothing.
func TestChatBecomesAppealWithNoAgent(t *testing.T) {
	f := newFixture(t)
	token, r := f.startChat(map[string]any{"queries": []string{"噪音投诉 晚上施工"}, "item": "svc-3"})
	if r.Body["wait_seconds"] != nil || num(r.Body["agents_on_duty"]) != 0 {
		t.Fatalf("no agent on duty, yet: %s", r.Raw)
	}
	f.wantStatus(f.chatCall(token, "POST", "/api/v1/chats/"+token+"/messages", map[string]string{"text": "工地每天晚上十一点还在施工"}), 201, "citizen says")
	count := func() int {
		n, err := f.db.CountAppeals(context.Background(), minyi.AppealFilter{Scope: minyi.Scope{All: true}})
		f.mustDo(err)
		return n
	}
	before := count()
	good := map[string]string{"type": "complaint", "title": "工地夜间施工噪音", "district": "福田区", "contact_name": "李四", "contact_phone": "13912345678"}
	for field, bad := range map[string]map[string]string{
		"contact_phone": {"contact_phone": "12345"},
		"title":         {"title": ""},
		"district":      {"district": "火星区"},
		"type":          {"type": "闲聊"},
	} {
		in := map[string]string{}
		for k, v := range good {
			in[k] = v
		}
		for k, v := range bad {
			in[k] = v
		}
		r := f.chatCall(token, "POST", "/api/v1/chats/"+token+"/appeal", in)
		if r.Status != 400 || r.errorField(field) == "" {
			t.Errorf("bad %s: %d %s", field, r.Status, r.Raw)
		}
	}
	if count() != before {
		t.Fatalf("refused input filed an appeal")
	}
	if r := f.chatCall(token, "GET", "/api/v1/chats/"+token, nil); r.Body["status"] != "waiting" {
		t.Fatalf("refused input changed the chat: %s", r.Raw)
	}

	r = f.wantStatus(f.chatCall(token, "POST", "/api/v1/chats/"+token+"/appeal", good), 201, "leave a message")
	no, _ := r.Body["tracking_no"].(string)
	a, err := f.db.FindAppeal(context.Background(), no, minyi.Scope{All: true})
	f.mustDo(err)
	if a.Channel != minyi.ChannelWeb || a.Type != minyi.TypeComplaint || a.District != "福田区" || a.ContactPhone != "13912345678" {
		t.Fatalf("appeal: %+v", a)
	}
	for _, want := range []string{"搜索记录：噪音投诉 晚上施工", "来源办事指南：svc-3", "市民：工地每天晚上十一点还在施工"} {
		if !strings.Contains(a.Content, want) {
			t.Errorf("appeal content lacks %q:\n%s", want, a.Content)
		}
	}
	r = f.chatCall(token, "GET", "/api/v1/chats/"+token, nil)
	if r.Body["status"] != "converted" || r.Body["tracking_no"] != no {
		t.Fatalf("chat after conversion: %s", r.Raw)
	}
	if r := f.chatCall(token, "POST", "/api/v1/chats/"+token+"/appeal", good); r.Status != 409 || count() != before+1 {
		t.Fatalf("second conversion: %d %s", r.Status, r.Raw)
	}
}
