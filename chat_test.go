package minyi

import (
	"strings"
	"testing"
	"time"
)

// The wait is the number of rounds the agents need to reach the position,
// each an average handling time; with nobody on duty there is no estimate.
func TestEstimateWait(t *testing.T) {
	const h = 4 * time.Minute
	for _, c := range []struct {
		position, agents int
		want             time.Duration
		ok               bool
	}{
		{1, 1, h, true},
		{2, 1, 2 * h, true},
		{3, 2, 2 * h, true},
		{4, 2, 2 * h, true},
		{5, 2, 3 * h, true},
		{1, 3, h, true},
		{0, 2, 0, true},
		{3, 0, 0, false},
	} {
		got, ok := EstimateWait(c.position, c.agents, h)
		if got != c.want || ok != c.ok {
			t.Errorf("EstimateWait(%d, %d) = %v, %v; want %v, %v", c.position, c.agents, got, ok, c.want, c.ok)
		}
	}
}

// A transcript carries the searches, the guide and the conversation, and
// fits the appeal's content limit by dropping the oldest messages.
func TestChatTranscript(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 5, 0, 0, DefaultLocation)
	c := &Chat{Queries: []string{"护照续签", "港澳通行证"}, SourceItem: "svc-7"}
	msgs := []*ChatMessage{
		{Sender: SenderCitizen, Text: "护照快过期了", At: at},
		{Sender: SenderAgent, SenderName: "王坐席", Text: "请带身份证到出入境大厅办理", At: at.Add(time.Minute)},
	}
	got := ChatTranscript(c, msgs, "希望电话回复", DefaultLocation)
	for _, want := range []string{"搜索记录：护照续签；港澳通行证", "来源办事指南：svc-7", "补充说明：希望电话回复", "09:05 市民：护照快过期了", "09:06 坐席王坐席：请带身份证"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
	var long []*ChatMessage
	for i := 0; i < 20; i++ {
		long = append(long, &ChatMessage{Sender: SenderCitizen, Text: strings.Repeat("长", 400), At: at})
	}
	long = append(long, &ChatMessage{Sender: SenderCitizen, Text: "最后一条", At: at})
	got = ChatTranscript(c, long, "", DefaultLocation)
	if n := len([]rune(got)); n > MaxContentLen {
		t.Fatalf("transcript of %d runes, over %d", n, MaxContentLen)
	}
	if !strings.HasSuffix(got, "最后一条") || !strings.Contains(got, "条消息从略") {
		t.Fatalf("a cut transcript keeps the newest messages and says so:\n%s", got[:200])
	}
}

// Searches are kept once each (where last made), the last few, trimmed,
// oldest first.
func TestCleanQueries(t *testing.T) {
	got := CleanQueries([]string{"a", "b", "", "a", "d", "e", " f  g ", "h"})
	if strings.Join(got, "|") != "a|d|e|f g|h" {
		t.Fatalf("CleanQueries = %q", got)
	}
}
