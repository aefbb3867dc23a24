package http_test

import (
	"bufio"
	"context"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"minyi/events"
	"minyi/events/eventstest"
	minyihttp "minyi/http"
)

// memLink is an in-memory stand-in for the bus between instances: what
// one server publishes reaches every other server, not itself.
type memLink struct {
	mu      sync.Mutex
	servers []*minyihttp.Server
}

type memSender struct {
	link *memLink
	self int
}

func (s memSender) Publish(topics ...string) {
	s.link.mu.Lock()
	servers := slices.Clone(s.link.servers)
	s.link.mu.Unlock()
	for i, srv := range servers {
		if i != s.self {
			srv.Signal(topics...)
		}
	}
}

// instance is one server over the fixture's database.
func (f *fixture) instance(signals minyihttp.SignalSender) (*minyihttp.Server, *httptest.Server) {
	f.t.Helper()
	s := minyihttp.NewServer(minyihttp.Config{Services: f.db, DataDir: f.data, Signals: signals})
	hs := httptest.NewServer(s)
	f.t.Cleanup(hs.Close)
	return s, hs
}

// waitEventWithin is waitEvent that fails after d.
func waitEventWithin(t testing.TB, events <-chan sseEvent, name, contains string, d time.Duration) sseEvent {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended without a %q event holding %q", name, contains)
			}
			if ev.name == name && strings.Contains(ev.data, contains) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event holding %q within %s (a change on another instance arrives only at the periodic refresh without forwarding)", name, contains, d)
		}
	}
}

// openStream opens a citizen's event stream on a server.
func (f *fixture) openStream(ctx context.Context, srv *httptest.Server, token string) <-chan sseEvent {
	f.t.Helper()
	req, err := nethttp.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/chats/"+token+"/events", nil)
	f.mustDo(err)
	req.Header.Set("X-Chat-Token", token)
	res, err := srv.Client().Do(req)
	f.mustDo(err)
	f.t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 {
		f.t.Fatalf("events: %d", res.StatusCode)
	}
	return readEvents(bufio.NewReader(res.Body))
}

// acceptedOn has the dispatcher go on duty and accept a new chat on a,
// while its citizen's stream is open on b; it returns the chat's agent
// path and the stream, past the acceptance.
func (f *fixture) acceptedOn(ctx context.Context, a, b *httptest.Server) (string, <-chan sseEvent) {
	f.t.Helper()
	f.srv = a
	f.wantStatus(f.call("dispatcher", "PUT", "/api/v1/agent/presence", map[string]string{"mode": "online"}), 200, "go online")
	token, _ := f.startChat(nil)
	citizen := f.openStream(ctx, b, token)
	waitEventWithin(f.t, citizen, "state", `"position":1`, 5*time.Second)
	r := f.wantStatus(f.call("dispatcher", "GET", "/api/v1/agent/chats", nil), 200, "console")
	path := fmt.Sprintf("/api/v1/agent/chats/%d", num(r.list("waiting")[0].(map[string]any)["id"]))
	f.wantStatus(f.call("dispatcher", "POST", path+"/accept", nil), 200, "accept")
	waitEventWithin(f.t, citizen, "state", `"status":"active"`, 5*time.Second)
	return path, citizen
}

// With the servers linked, the citizen's stream on B shows the agent's
// acceptance and reply made on A at once, not at B's refresh.
func TestChatSignalsCrossInstances(t *testing.T) {
	f := newFixture(t)
	link := &memLink{}
	sa, a := f.instance(memSender{link, 0})
	sb, b := f.instance(memSender{link, 1})
	link.servers = []*minyihttp.Server{sa, sb}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path, citizen := f.acceptedOn(ctx, a, b)
	f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": "您好，这里是B看到的答复。"}), 200, "reply")
	waitEventWithin(t, citizen, "message", "这里是B看到的答复", 5*time.Second)
}

// natsURL returns the test NATS server, skipping the test when none
// listens there.
func natsURL(t testing.TB) string {
	t.Helper()
	return eventstest.NATSURL(t, "the cross-instance chat tests")
}

// natsInstances builds two servers over the fixture's database, each with
// its own NATS connection, on a stream and subject prefix of the test's
// own, deleted when it ends.
func natsInstances(f *fixture) (a, b *httptest.Server) {
	t := f.t
	u := natsURL(t)
	ctx := context.Background()
	id := fmt.Sprintf("%d_%d", os.Getpid(), time.Now().UnixNano())
	stream, prefix := "MINYI_CHATTEST_"+id, "minyichattest_"+id
	t.Cleanup(func() {
		nc, err := nats.Connect(u)
		if err != nil {
			t.Errorf("delete stream %s: %v", stream, err)
			return
		}
		defer nc.Close()
		js, _ := jetstream.New(nc)
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := js.DeleteStream(dctx, stream); err != nil {
			t.Errorf("delete stream %s: %v", stream, err)
		}
	})
	var out []*httptest.Server
	for range 2 {
		j, err := events.NewJetStream(ctx, u, events.WithStream(stream), events.WithSubjectPrefix(prefix), events.WithMaxAge(time.Hour))
		f.mustDo(err)
		sig := events.NewSignals(j)
		srv, hs := f.instance(sig)
		f.mustDo(sig.Subscribe(srv.Signal))
		// After the server, as serve does: streams end first.
		t.Cleanup(func() { sig.Close(); j.Close() })
		out = append(out, hs)
	}
	return out[0], out[1]
}

// Two servers on one SQLite file and one NATS: a citizen's stream on B
// receives the agent's reply posted on A well before B's 15-second
// refresh would show it.
func TestChatSignalsOverNATS(t *testing.T) {
	f := newFixture(t)
	a, b := natsInstances(f)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path, citizen := f.acceptedOn(ctx, a, b)
	f.wantStatus(f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": "您好，答复经NATS到达。"}), 200, "reply")
	waitEventWithin(t, citizen, "message", "答复经NATS到达", 5*time.Second)
}

// BenchmarkChatSignalLatency measures how long an agent's reply takes to
// reach the citizen's stream: from sending the reply on A until the
// stream delivers it, with the stream on A itself and on another server
// B linked over NATS. Reported: p50 and p95 in ms.
func BenchmarkChatSignalLatency(b *testing.B) {
	for _, across := range []bool{false, true} {
		name := "same-instance"
		if across {
			name = "across-nats"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b)
			sa, sb := natsInstances(f)
			if !across {
				sb = sa
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			path, citizen := f.acceptedOn(ctx, sa, sb)
			var took []time.Duration
			i := 0
			for b.Loop() {
				i++
				text := fmt.Sprintf("第%d条答复", i)
				start := time.Now()
				if r := f.call("dispatcher", "POST", path+"/reply", map[string]string{"text": text}); r.Status != 200 {
					b.Fatalf("reply: %d %s", r.Status, r.Raw)
				}
				waitEventWithin(b, citizen, "message", `"`+text+`"`, 5*time.Second)
				took = append(took, time.Since(start))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			q := func(p float64) float64 {
				return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(q(0.5), "p50_ms")
			b.ReportMetric(q(0.95), "p95_ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// A shutdown ends the open streams at once instead of waiting for the
// clients to leave, and an agent whose console it closed stays on duty:
// the console reconnects, to another instance or the restarted one.
func TestCloseStreamsEndsThem(t *testing.T) {
	f := newFixture(t)
	s, hs := f.instance(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	token, _ := f.startChat(nil)
	citizen := f.openStream(ctx, hs, token)
	waitEventWithin(t, citizen, "state", `"position":1`, 5*time.Second)
	req, err := nethttp.NewRequestWithContext(ctx, "GET", hs.URL+"/api/v1/agent/events", nil)
	f.mustDo(err)
	req.Header.Set("Authorization", "Bearer "+f.tokens["dispatcher"])
	res, err := hs.Client().Do(req)
	f.mustDo(err)
	defer res.Body.Close()
	console := readEvents(bufio.NewReader(res.Body))
	waitEventWithin(t, console, "queue", `"waiting":[{`, 5*time.Second)

	s.CloseStreams()
	for name, events := range map[string]<-chan sseEvent{"citizen": citizen, "console": console} {
		for open := true; open; {
			select {
			case _, open = <-events:
			case <-ctx.Done():
				t.Fatalf("the %s stream stayed open after CloseStreams", name)
			}
		}
	}
	if _, r := f.startChat(nil); num(r.Body["agents_on_duty"]) != 1 {
		t.Errorf("after the shutdown closed the console, agents on duty: %s", r.Raw)
	}
}
