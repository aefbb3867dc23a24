package http_test

import (
	"bufio"
	"context"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"minyi"
)

// BenchmarkChatFanOut measures how long one change of the queue takes to
// reach every waiting citizen: streams citizens hold an event stream each;
// an agent accepts the first chat, and every other stream must deliver its
// new position. Reported: ms from the accept's answer to the last stream's
// event.
func BenchmarkChatFanOut(b *testing.B) {
	for _, streams := range []int{50, 200} {
		b.Run(fmt.Sprintf("streams=%d", streams), func(b *testing.B) {
			f := newFixture(b)
			if r := f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}); r.Status != 200 {
				b.Fatalf("online: %d", r.Status)
			}
			client := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: streams + 10, MaxConnsPerHost: 0}}
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				ctx, cancel := context.WithCancel(context.Background())
				events := make([]chan string, streams+1)
				for i := range events {
					// Straight into the store: one client address may
					// start only a few chats over HTTP.
					c := &minyi.Chat{}
					if err := f.db.StartChat(ctx, c); err != nil {
						b.Fatal(err)
					}
					tok := c.Token
					req, _ := nethttp.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/v1/chats/"+tok+"/events", nil)
					req.Header.Set("X-Chat-Token", tok)
					res, err := client.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					ch := make(chan string, 8)
					events[i] = ch
					go func() {
						defer res.Body.Close()
						rd := bufio.NewReader(res.Body)
						for {
							line, err := rd.ReadString('\n')
							if err != nil {
								return
							}
							if strings.HasPrefix(line, "data: ") {
								ch <- line
							}
						}
					}()
					<-ch // the first state
				}
				r := f.call("dispatcher", "GET", "/api/v1/agent/chats", nil)
				id := num(r.list("waiting")[0].(map[string]any)["id"])
				b.StartTimer()
				start := time.Now()
				if r := f.call("dispatcher", "POST", fmt.Sprintf("/api/v1/agent/chats/%d/accept", id), nil); r.Status != 200 {
					b.Fatalf("accept: %d", r.Status)
				}
				for _, ch := range events[1:] {
					for line := range ch {
						if strings.Contains(line, `"status":"waiting"`) && !strings.Contains(line, `"position":0`) {
							break
						}
					}
				}
				total += time.Since(start)
				b.StopTimer()
				cancel()
				// Leave the queue empty for the next round.
				for _, c := range mustList(f, "waiting") {
					f.call("dispatcher", "POST", fmt.Sprintf("/api/v1/agent/chats/%d/close", c), nil)
				}
				f.call("dispatcher", "POST", fmt.Sprintf("/api/v1/agent/chats/%d/close", id), nil)
				b.StartTimer()
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/fan-out")
		})
	}
}

func mustList(f *fixture, key string) []int {
	r := f.call("dispatcher", "GET", "/api/v1/agent/chats", nil)
	var ids []int
	for _, c := range r.list(key) {
		ids = append(ids, num(c.(map[string]any)["id"]))
	}
	return ids
}
