package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"minyi"
)

// BenchmarkChatState measures what each citizen's event stream reads on
// every change of the queue (state: the chat, its queue position, the
// agents on duty, its messages) and the week's average handling time, with
// 1,000 chats waiting and 10,000 handled in the last week.
func BenchmarkChatState(b *testing.B) {
	for _, dialect := range []string{SQLite, Postgres} {
		b.Run(dialect, func(b *testing.B) {
			db := MustOpenDB(b, dialect)
			ctx := context.Background()
			agent := &minyi.User{Username: "agent", DisplayName: "坐席", Role: minyi.RoleDispatcher}
			if err := db.CreateUser(ctx, agent, "password-agent"); err != nil {
				b.Fatal(err)
			}
			clk := useClock(db, time.Now().Add(-6*24*time.Hour))
			// Handled chats: inserted in bulk, as the queue's history.
			err := db.inTx(ctx, func(tx *Tx) error {
				return insertRows(ctx, tx, `INSERT INTO chats (token, status, agent_id, created_at, accepted_at, closed_at, seen_at)`, 7, 10000, func(i int) []any {
					at := ms(clk.t) + int64(i)*30_000
					return []any{"handled-" + strconv.Itoa(i), minyi.ChatClosed, agent.ID, at, at + 60_000, at + 360_000, at}
				})
			})
			if err != nil {
				b.Fatal(err)
			}
			clk.set(time.Now())
			var last *minyi.Chat
			for range 1000 {
				last = mustStartChatB(b, db)
			}
			if err := db.TouchPresence(ctx, agent, true); err != nil {
				b.Fatal(err)
			}
			b.Run("state", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c, err := db.FindChat(ctx, last.Token)
					if err != nil {
						b.Fatal(err)
					}
					n, err := db.QueuePosition(ctx, c)
					if err != nil || n != 1000 {
						b.Fatalf("position %d, %v", n, err)
					}
					if _, err := db.Agents(ctx); err != nil {
						b.Fatal(err)
					}
					if _, err := db.ChatMessages(ctx, c.ID, 0); err != nil {
						b.Fatal(err)
					}
				}
			})
			// Read once a minute by the server, not per stream.
			b.Run("average", func(b *testing.B) {
				for b.Loop() {
					if _, k, err := db.AverageHandling(ctx, clk.t.Add(-minyi.HandlingWindow)); err != nil || k == 0 {
						b.Fatalf("handled %d, %v", k, err)
					}
				}
			})
		})
	}
}

func mustStartChatB(b *testing.B, db *DB) *minyi.Chat {
	c := &minyi.Chat{Queries: []string{"护照续签"}}
	if err := db.StartChat(context.Background(), c); err != nil {
		b.Fatal(err)
	}
	return c
}
