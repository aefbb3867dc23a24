package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"minyi"
)

func mustStartChat(t *testing.T, db *DB, c *minyi.Chat) *minyi.Chat {
	t.Helper()
	if err := db.StartChat(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func wantPosition(t *testing.T, db *DB, c *minyi.Chat, want int) {
	t.Helper()
	got, err := db.FindChatByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.QueuePosition(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("chat %d: queue position %d, want %d", c.ID, n, want)
	}
}

// A chat waits in a first-come queue, is accepted by one agent only, takes
// messages from both sides while open, moves to another agent, and refuses
// messages once closed; its searches and guide stay with it.
func TestChatLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		clk := useClock(db, cst(2026, 11, 30, 9, 0))
		first := mustStartChat(t, db, &minyi.Chat{Queries: []string{"护照", " 港澳通行证  续签 ", "护照"}, SourceItem: "svc-12"})
		clk.advance(time.Second)
		second := mustStartChat(t, db, &minyi.Chat{CitizenID: f.citizen.ID})
		if first.Token == "" || first.Token == second.Token || len(first.Token) < 20 {
			t.Fatalf("tokens %q and %q", first.Token, second.Token)
		}
		got, err := db.FindChat(ctx, first.Token)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got.Queries, "|") != "港澳通行证 续签|护照" || got.SourceItem != "svc-12" || got.Status != minyi.ChatWaiting {
			t.Fatalf("stored chat %+v", got)
		}
		wantPosition(t, db, first, 1)
		wantPosition(t, db, second, 2)

		if _, err := db.AcceptChat(ctx, first.ID, f.dispatcher); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptChat(ctx, first.ID, f.admin)
		wantCode(t, err, minyi.ECONFLICT)
		wantPosition(t, db, first, 0)
		wantPosition(t, db, second, 1)

		for _, m := range []*minyi.ChatMessage{
			{ChatID: first.ID, Sender: minyi.SenderCitizen, Text: "护照过期了怎么办？"},
			{ChatID: first.ID, Sender: minyi.SenderAgent, SenderName: "dispatcher", Kind: minyi.KindCanned, Text: "请稍候"},
		} {
			if err := db.AddChatMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, db.AddChatMessage(ctx, &minyi.ChatMessage{ChatID: first.ID, Sender: minyi.SenderCitizen, Text: "  "}), minyi.EINVALID)
		wantCode(t, db.AddChatMessage(ctx, &minyi.ChatMessage{ChatID: first.ID, Sender: minyi.SenderCitizen, Text: strings.Repeat("长", 1001)}), minyi.EINVALID)

		_, err = db.TransferChat(ctx, first.ID, f.admin, f.dispatcher)
		wantCode(t, err, minyi.ECONFLICT) // only the serving agent transfers
		c, err := db.TransferChat(ctx, first.ID, f.dispatcher, f.admin)
		if err != nil || c.AgentID != f.admin.ID || c.AgentName != "admin" {
			t.Fatalf("transfer: %v, %+v", err, c)
		}
		clk.advance(4 * time.Minute)
		if c, err = db.CloseChat(ctx, first.ID, "坐席"); err != nil || c.Status != minyi.ChatClosed || c.ClosedAt == nil {
			t.Fatalf("close: %v, %+v", err, c)
		}
		wantCode(t, db.AddChatMessage(ctx, &minyi.ChatMessage{ChatID: first.ID, Sender: minyi.SenderCitizen, Text: "还在吗"}), minyi.ECONFLICT)
		_, err = db.CloseChat(ctx, first.ID, "坐席")
		wantCode(t, err, minyi.ECONFLICT)
		_, err = db.CloseChat(ctx, 999999, "坐席")
		wantCode(t, err, minyi.ENOTFOUND)

		msgs, err := db.ChatMessages(ctx, first.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, m := range msgs {
			kinds = append(kinds, string(m.Sender)+"/"+string(m.Kind))
		}
		// Accepted, the two messages as written, transferred, closed.
		want := "system/system citizen/text agent/canned system/system system/system"
		if strings.Join(kinds, " ") != want {
			t.Fatalf("messages %v, want %s", kinds, want)
		}
		after, err := db.ChatMessages(ctx, first.ID, msgs[2].ID)
		if err != nil || len(after) != 2 {
			t.Fatalf("messages after %d: %v, %d", msgs[2].ID, err, len(after))
		}

		list, err := db.ListChats(ctx, minyi.ChatFilter{Statuses: []minyi.ChatStatus{minyi.ChatWaiting}})
		if err != nil || len(list) != 1 || list[0].ID != second.ID || list[0].CitizenID != f.citizen.ID {
			t.Fatalf("waiting chats: %v, %+v", err, list)
		}
		wantCode(t, db.StartChat(ctx, &minyi.Chat{SourceItem: "<script>"}), minyi.EINVALID)
	})
}

// A waiting chat becomes an appeal once; an accepted one cannot.
func TestChatConvert(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		c := mustStartChat(t, db, &minyi.Chat{})
		got, err := db.ConvertChat(ctx, c.ID, "SZ20261130000001")
		if err != nil || got.Status != minyi.ChatConverted || got.TrackingNo != "SZ20261130000001" {
			t.Fatalf("convert: %v, %+v", err, got)
		}
		_, err = db.ConvertChat(ctx, c.ID, "SZ20261130000002")
		wantCode(t, err, minyi.ECONFLICT)
		wantCode(t, db.AddChatMessage(ctx, &minyi.ChatMessage{ChatID: c.ID, Sender: minyi.SenderCitizen, Text: "你好"}), minyi.ECONFLICT)

		other := mustStartChat(t, db, &minyi.Chat{})
		if _, err := db.AcceptChat(ctx, other.ID, f.dispatcher); err != nil {
			t.Fatal(err)
		}
		_, err = db.ConvertChat(ctx, other.ID, "SZ20261130000003")
		wantCode(t, err, minyi.ECONFLICT)
	})
}

// The average handling time counts chats closed after acceptance within
// the window only.
func TestChatAverageHandling(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		clk := useClock(db, cst(2026, 11, 1, 9, 0))
		handle := func(d time.Duration) {
			c := mustStartChat(t, db, &minyi.Chat{})
			if _, err := db.AcceptChat(ctx, c.ID, f.dispatcher); err != nil {
				t.Fatal(err)
			}
			clk.advance(d)
			if _, err := db.CloseChat(ctx, c.ID, "坐席"); err != nil {
				t.Fatal(err)
			}
		}
		handle(time.Hour) // long ago, outside the window below
		clk.set(cst(2026, 11, 30, 9, 0))
		since := clk.t
		handle(2 * time.Minute)
		handle(4 * time.Minute)
		// Abandoned before acceptance: no handling time.
		c := mustStartChat(t, db, &minyi.Chat{})
		if _, err := db.CloseChat(ctx, c.ID, "市民"); err != nil {
			t.Fatal(err)
		}
		avg, n, err := db.AverageHandling(ctx, since)
		if err != nil || n != 2 || avg != 3*time.Minute {
			t.Fatalf("average %v over %d (%v), want 3m over 2", avg, n, err)
		}
	})
}

// An agent is on duty while the console beats, or after switching 在线,
// and never after switching 离线; handlers are never agents.
func TestAgentPresence(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		clk := useClock(db, cst(2026, 11, 30, 9, 0))
		onDuty := func() map[int64]bool {
			t.Helper()
			agents, err := db.Agents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			m := map[int64]bool{}
			for _, a := range agents {
				if a.UserID != f.dispatcher.ID && a.UserID != f.admin.ID {
					t.Fatalf("%s is listed as an agent", a.Name)
				}
				m[a.UserID] = a.OnDuty
			}
			return m
		}
		if m := onDuty(); m[f.dispatcher.ID] || m[f.admin.ID] {
			t.Fatalf("on duty before anything: %v", m)
		}
		if err := db.TouchPresence(ctx, f.dispatcher, true); err != nil {
			t.Fatal(err)
		}
		if !onDuty()[f.dispatcher.ID] {
			t.Fatal("not on duty with the console connected")
		}
		if err := db.TouchPresence(ctx, f.dispatcher, false); err != nil {
			t.Fatal(err)
		}
		if onDuty()[f.dispatcher.ID] {
			t.Fatal("still on duty after the console closed")
		}
		if err := db.TouchPresence(ctx, f.dispatcher, true); err != nil {
			t.Fatal(err)
		}
		clk.advance(minyi.ConsoleGrace + time.Second)
		if onDuty()[f.dispatcher.ID] {
			t.Fatal("still on duty after the console went quiet")
		}
		if err := db.SetPresence(ctx, f.dispatcher, minyi.PresenceOnline); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Hour)
		if !onDuty()[f.dispatcher.ID] {
			t.Fatal("not on duty after switching 在线")
		}
		if err := db.SetPresence(ctx, f.dispatcher, minyi.PresenceOffline); err != nil {
			t.Fatal(err)
		}
		if err := db.TouchPresence(ctx, f.dispatcher, true); err != nil {
			t.Fatal(err)
		}
		if onDuty()[f.dispatcher.ID] {
			t.Fatal("on duty after switching 离线")
		}
		wantCode(t, db.SetPresence(ctx, f.dispatcher, "busy"), minyi.EINVALID)

		answers, err := db.CannedAnswers(ctx, nil)
		if err != nil || len(answers) < 3 || answers[0].Text == "" || answers[0].ID == "" {
			t.Fatalf("canned answers: %v, %+v", err, answers)
		}
	})
}

// A waiting chat whose citizen has gone quiet is closed by the sweep; one
// seen lately, or already accepted, stays.
func TestChatAbandoned(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		clk := useClock(db, cst(2026, 11, 30, 9, 0))
		left := mustStartChat(t, db, &minyi.Chat{})
		stays := mustStartChat(t, db, &minyi.Chat{})
		served := mustStartChat(t, db, &minyi.Chat{})
		if _, err := db.AcceptChat(ctx, served.ID, f.dispatcher); err != nil {
			t.Fatal(err)
		}
		clk.advance(minyi.AbandonAfter)
		if err := db.SeeChat(ctx, stays.ID); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Second)
		gone, err := db.ExpireChats(ctx, clk.t.Add(-minyi.AbandonAfter))
		if err != nil || len(gone) != 1 || gone[0].ID != left.ID || gone[0].Status != minyi.ChatClosed {
			t.Fatalf("expired: %v, %+v", err, gone)
		}
		wantPosition(t, db, stays, 1)
		for _, c := range []*minyi.Chat{stays, served} {
			if got, _ := db.FindChatByID(ctx, c.ID); !got.Open() {
				t.Fatalf("chat %d closed: %s", c.ID, got.Status)
			}
		}
		if gone, err := db.ExpireChats(ctx, clk.t.Add(-minyi.AbandonAfter)); err != nil || len(gone) != 0 {
			t.Fatalf("second sweep: %v, %d", err, len(gone))
		}
	})
}
