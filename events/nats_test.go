package events

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"minyi"
	"minyi/events/eventstest"
)

// natsURL returns the test NATS server, skipping the test when none
// listens there.
func natsURL(t testing.TB) string {
	t.Helper()
	return eventstest.NATSURL(t, "the JetStream tests")
}

// newTestJetStream connects to a stream and subject prefix of its own,
// deleted when the test ends.
func newTestJetStream(t *testing.T) *JetStream {
	t.Helper()
	u := natsURL(t)
	ctx := context.Background()
	id := fmt.Sprintf("%d_%d", os.Getpid(), time.Now().UnixNano())
	j, err := NewJetStream(ctx, u, WithStream("MINYI_TEST_"+id), WithSubjectPrefix("minyitest_"+id), WithMaxAge(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	j.retryDelay = 100 * time.Millisecond
	t.Cleanup(func() {
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := j.js.DeleteStream(dctx, j.stream); err != nil {
			t.Errorf("delete stream %s: %v", j.stream, err)
		}
		if err := j.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return j
}

func streamMsgs(t *testing.T, j *JetStream) uint64 {
	t.Helper()
	s, err := j.js.Stream(context.Background(), j.stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func receive(t *testing.T, ch <-chan Message) Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message received from JetStream")
		return Message{}
	}
}

func TestJetStreamRelayFromStore(t *testing.T) {
	j := newTestJetStream(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openDB(t)

	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "井盖缺失", Content: "人民路口井盖丢了，晚上很危险。", Anonymous: true}
	if err := db.CreateAppeal(ctx, a, minyi.Actor{Name: "市民", Role: minyi.RoleCitizen}); err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingOutbox(ctx, 10)
	if err != nil || len(pending) != 1 {
		t.Fatalf("outbox %v (%v), want one row", pending, err)
	}
	row := pending[0]

	bus := NewBus(nil)
	local := make(chan Message, 10)
	bus.Subscribe("", func(_ context.Context, m Message) { local <- m })
	r := &Relay{Outbox: db, Publisher: Publishers{bus, j}}
	if n, err := r.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("relay delivered %d (%v), want 1", n, err)
	}
	if m := receive(t, local); m.ID != row.ID {
		t.Errorf("local bus got %+v", m)
	}
	if left, _ := db.PendingOutbox(ctx, 10); len(left) != 0 {
		t.Errorf("outbox rows left pending: %v", left)
	}

	got := make(chan Message, 10)
	if err := j.Subscribe(ctx, "rollups", "appeal.", func(_ context.Context, m Message) { got <- m }); err != nil {
		t.Fatal(err)
	}
	m := receive(t, got)
	if m.ID != row.ID || m.Topic != "appeal.create" || m.Topic != row.Topic || string(m.Payload) != string(row.Payload) {
		t.Errorf("received id %d topic %s payload %s, want id %d topic %s payload %s", m.ID, m.Topic, m.Payload, row.ID, row.Topic, row.Payload)
	}
	if !m.At.Equal(row.CreatedAt) {
		t.Errorf("received at %v, want %v", m.At, row.CreatedAt)
	}
	var payload map[string]any
	if err := json.Unmarshal(m.Payload, &payload); err != nil {
		t.Errorf("payload is not JSON: %v", err)
	}

	// The relay publishes the same row again, as after a crash between
	// publishing and marking it delivered: the server drops the copy.
	again := Message{ID: row.ID, Topic: row.Topic, Payload: row.Payload, At: row.CreatedAt}
	if err := j.Publish(ctx, again); err != nil {
		t.Fatal(err)
	}
	if n := streamMsgs(t, j); n != 1 {
		t.Errorf("stream holds %d messages after a duplicate publish, want 1", n)
	}
	// A new row goes through, and is the next (not a second copy of the
	// first) that the consumer sees.
	next := Message{ID: row.ID + 1, Topic: "appeal.dispatch", Payload: []byte(`{"no":"x"}`), At: time.Now()}
	if err := j.Publish(ctx, next); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got); m.ID != next.ID || m.Topic != next.Topic {
		t.Errorf("after the duplicate received id %d topic %s, want id %d", m.ID, m.Topic, next.ID)
	}
	if n := streamMsgs(t, j); n != 2 {
		t.Errorf("stream holds %d messages, want 2", n)
	}
}

func TestJetStreamConsumers(t *testing.T) {
	j := newTestJetStream(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	for i, topic := range []string{"appeal.create", "appeal.rate", "appeal.rated", "user.login"} {
		if err := j.Publish(ctx, Message{ID: int64(i + 1), Topic: topic, Payload: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Publish(ctx, Message{ID: 9, Topic: "appeal.>"}); err == nil {
		t.Error("published a wildcard topic")
	}

	type rec struct {
		mu     sync.Mutex
		topics []string
	}
	collect := func(r *rec, done chan<- struct{}, want int) Handler {
		return func(_ context.Context, m Message) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.topics = append(r.topics, m.Topic)
			if len(r.topics) == want {
				close(done)
			}
		}
	}
	var all, rate rec
	allDone, rateDone := make(chan struct{}), make(chan struct{})
	if err := j.Subscribe(ctx, "all", "", collect(&all, allDone, 4)); err != nil {
		t.Fatal(err)
	}
	if err := j.Subscribe(ctx, "rate", "appeal.rate", collect(&rate, rateDone, 2)); err != nil {
		t.Fatal(err)
	}
	// A handler that fails once gets the message again.
	var failed, redelivered sync.Once
	retried := make(chan Message, 1)
	err := j.Subscribe(ctx, "flaky", "user.", func(_ context.Context, m Message) {
		first := false
		failed.Do(func() { first = true })
		if first {
			panic("rollup database unavailable")
		}
		redelivered.Do(func() { retried <- m })
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []chan struct{}{allDone, rateDone} {
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("consumers got all=%v rate=%v", all.topics, rate.topics)
		}
	}
	if m := receive(t, retried); m.Topic != "user.login" || m.ID != 4 {
		t.Errorf("redelivered %+v", m)
	}
	all.mu.Lock()
	if fmt.Sprint(all.topics) != "[appeal.create appeal.rate appeal.rated user.login]" {
		t.Errorf("all got %v", all.topics)
	}
	all.mu.Unlock()
	rate.mu.Lock()
	if fmt.Sprint(rate.topics) != "[appeal.rate appeal.rated]" {
		t.Errorf("rate got %v", rate.topics)
	}
	rate.mu.Unlock()

	// Every message is acknowledged: nothing waits for the durable
	// consumers when an instance starts them again.
	for _, name := range []string{"all", "rate", "flaky"} {
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := j.js.Consumer(ctx, j.stream, name)
			if err != nil {
				t.Fatal(err)
			}
			info, err := c.Info(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if info.NumPending == 0 && info.NumAckPending == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("consumer %s: %d pending, %d unacknowledged", name, info.NumPending, info.NumAckPending)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func TestJetStreamUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if _, err := NewJetStream(context.Background(), "nats://"+addr); err == nil {
		t.Fatal("connected to a closed port")
	}
}
