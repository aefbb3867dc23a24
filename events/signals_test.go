package events

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// memHub is an in-memory NATS core: every subscriber of a subject gets
// every message, the sender's own subscriptions included, as NATS does.
type memHub struct {
	mu   sync.Mutex
	next int
	subs map[int]memSub
	fail error
}

type memSub struct {
	subject string
	h       func([]byte)
}

func (m *memHub) publish(subject string, data []byte) error {
	m.mu.Lock()
	if m.fail != nil {
		m.mu.Unlock()
		return m.fail
	}
	var hs []func([]byte)
	for _, s := range m.subs {
		if s.subject == subject {
			hs = append(hs, s.h)
		}
	}
	m.mu.Unlock()
	for _, h := range hs {
		h(slices.Clone(data))
	}
	return nil
}

func (m *memHub) subscribe(subject string, h func([]byte)) (func() error, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.subs == nil {
		m.subs = map[int]memSub{}
	}
	m.next++
	id := m.next
	m.subs[id] = memSub{subject, h}
	return func() error {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.subs, id)
		return nil
	}, nil
}

// recorder collects the topics a subscription received.
type recorder struct {
	mu  sync.Mutex
	got [][]string
}

func (r *recorder) h(topics ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, topics)
}

func (r *recorder) all() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// A signal reaches the other instances with its topics, not its sender;
// after Close an instance receives nothing; a failed send is dropped.
func TestSignalsForwardToOtherInstances(t *testing.T) {
	hub := &memHub{}
	a, b, c := newSignals(hub, "minyi-signal", nil), newSignals(hub, "minyi-signal", nil), newSignals(hub, "minyi-signal", nil)
	var ra, rb, rc recorder
	for _, x := range []struct {
		s *Signals
		r *recorder
	}{{a, &ra}, {b, &rb}, {c, &rc}} {
		if err := x.s.Subscribe(x.r.h); err != nil {
			t.Fatal(err)
		}
	}
	a.Publish("chat:12", "console")
	a.Publish() // nothing to say: nothing sent
	b.Publish("queue")
	if got := ra.all(); fmt.Sprint(got) != "[[queue]]" {
		t.Errorf("a got %v, want only b's signal", got)
	}
	if got := rb.all(); fmt.Sprint(got) != "[[chat:12 console]]" {
		t.Errorf("b got %v, want only a's signal", got)
	}
	if got := rc.all(); fmt.Sprint(got) != "[[chat:12 console] [queue]]" {
		t.Errorf("c got %v, want both", got)
	}

	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Subscribe(rc.h); err == nil {
		t.Error("subscribed after Close")
	}
	a.Publish("queue")
	if n := len(rc.all()); n != 2 {
		t.Errorf("c received after Close: %v", rc.all())
	}
	if n := len(rb.all()); n != 2 {
		t.Errorf("b: %v", rb.all())
	}

	hub.fail = fmt.Errorf("disconnected")
	a.Publish("queue") // logged, not fatal
	// Garbage on the subject is ignored.
	hub.fail = nil
	if err := hub.publish("minyi-signal", []byte("not json")); err != nil {
		t.Fatal(err)
	}
	if n := len(rb.all()); n != 2 {
		t.Errorf("b after a failed send and garbage: %v", rb.all())
	}
}

// Over a NATS server, two connections exchange signals, and the signals
// are not stored in the event stream.
func TestSignalsOverNATS(t *testing.T) {
	ja := newTestJetStream(t)
	jb, err := NewJetStream(context.Background(), natsURL(t), WithStream(ja.stream), WithSubjectPrefix(ja.prefix), WithMaxAge(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jb.Close() })
	a, b := NewSignals(ja), NewSignals(jb)
	if a.Subject() != ja.prefix+"-signal" {
		t.Fatalf("subject %s", a.Subject())
	}
	got := make(chan []string, 4)
	if err := b.Subscribe(func(topics ...string) { got <- topics }); err != nil {
		t.Fatal(err)
	}
	own := make(chan []string, 4)
	if err := a.Subscribe(func(topics ...string) { own <- topics }); err != nil {
		t.Fatal(err)
	}
	// The subscription is registered with the server once flushed.
	if err := jb.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	a.Publish("chat:7", "queue")
	select {
	case topics := <-got:
		if fmt.Sprint(topics) != "[chat:7 queue]" {
			t.Fatalf("got %v", topics)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no signal within 5 s")
	}
	select {
	case topics := <-own:
		t.Fatalf("a received its own signal %v", topics)
	case <-time.After(100 * time.Millisecond):
	}
	if n := streamMsgs(t, ja); n != 0 {
		t.Errorf("the stream stored %d signals", n)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSignalsOverNATS measures one signal's trip between two
// connections through the NATS server, one at a time. Reported: p50 and
// p95 in ms.
func BenchmarkSignalsOverNATS(b *testing.B) {
	u := natsURL(b)
	ctx := context.Background()
	id := fmt.Sprintf("bench_%d", time.Now().UnixNano())
	var js []*JetStream
	for range 2 {
		j, err := NewJetStream(ctx, u, WithStream("MINYI_TEST_"+id), WithSubjectPrefix("minyitest_"+id), WithMaxAge(time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		js = append(js, j)
	}
	defer func() {
		_ = js[0].js.DeleteStream(ctx, js[0].stream)
		js[0].Close()
		js[1].Close()
	}()
	a, r := NewSignals(js[0]), NewSignals(js[1])
	got := make(chan struct{}, 1)
	if err := r.Subscribe(func(...string) { got <- struct{}{} }); err != nil {
		b.Fatal(err)
	}
	if err := js[1].nc.Flush(); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		a.Publish("chat:1", "console")
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			b.Fatal("no signal within 5 s")
		}
		took = append(took, time.Since(start))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	q := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.5), "p50_ms")
	b.ReportMetric(q(0.95), "p95_ms")
	b.ReportMetric(0, "ns/op")
}
