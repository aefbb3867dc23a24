package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"minyi"
)

// An agent answers with the guide's own words: a chat from a guide, or
// from a search the catalogue answers, offers that guide's fields as
// ready answers, and sending one quotes the field exactly.
func TestChatGuideQuotes(t *testing.T) {
	f := newFixture(t)
	item := &minyi.ServiceItem{Name: "居住证办理", Department: "市公安局", Materials: "居民身份证；居住登记凭证；近期照片一张",
		Place: "各派出所户政窗口", PromisedLimit: "7个工作日", Fees: "不收费"}
	f.mustDo(f.db.CreateServiceItem(context.Background(), item))
	f.wantStatus(f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}), 200, "go online")

	canned := func(id int) map[string]string {
		r := f.wantStatus(f.call("dispatcher", "GET", fmt.Sprintf("/api/v1/agent/chats/%d", id), nil), 200, "view chat")
		out := map[string]string{}
		for _, c := range r.list("canned") {
			m := c.(map[string]any)
			out[m["id"].(string)] = m["text"].(string)
		}
		return out
	}
	chatID := func(token string) int {
		r := f.wantStatus(f.chatCall(token, "GET", "/api/v1/chats/"+token, nil), 200, "chat state")
		return num(r.Body["id"])
	}

	fromGuide, _ := f.startChat(map[string]any{"item": fmt.Sprint(item.ID)})
	id := chatID(fromGuide)
	got := canned(id)
	key := fmt.Sprintf("guide-%d-materials", item.ID)
	if got[key] != "根据《居住证办理》办事指南，申请材料：居民身份证；居住登记凭证；近期照片一张" {
		t.Fatalf("no quote of the materials among %v", got)
	}
	if _, ok := got[fmt.Sprintf("guide-%d-conditions", item.ID)]; ok {
		t.Errorf("an empty field was offered: %v", got)
	}
	path := fmt.Sprintf("/api/v1/agent/chats/%d", id)
	f.wantStatus(f.call("dispatcher", "POST", path+"/accept", nil), 200, "accept")
	r := f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"canned_id": fmt.Sprintf("guide-%d-place", item.ID)}), 200, "quote")
	msgs := r.list("messages")
	if last := msgs[len(msgs)-1].(map[string]any); !strings.Contains(last["text"].(string), "各派出所户政窗口") {
		t.Errorf("the quote sent: %v", last)
	}

	fromSearch, _ := f.startChat(map[string]any{"queries": []string{"暂住证怎么办"}})
	if got := canned(chatID(fromSearch)); !strings.Contains(got[fmt.Sprintf("guide-%d-fees", item.ID)], "不收费") {
		t.Errorf("a chat from a search lacks the best guide's quotes: %v", got)
	}
	unknown, _ := f.startChat(map[string]any{"item": "999999"})
	for k := range canned(chatID(unknown)) {
		if strings.HasPrefix(k, "guide-") {
			t.Errorf("a missing guide was quoted: %s", k)
		}
	}
}
