// Package events carries appeal changes from the database outbox to
// whoever listens: an in-process bus for one instance, and the seam
// (Publisher) where a NATS JetStream adapter plugs in when several
// instances run. It also runs scheduled workflow jobs (默认满意).
//
// Delivery is at least once: the relay marks outbox rows delivered only
// after they were published, so a crash in between publishes them again.
// Subscribers must tolerate duplicates (the message ID identifies one).
package events

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Message is one event, as written to the outbox. Topics look like
// "appeal.dispatch"; Payload is JSON.
type Message struct {
	ID      int64     `json:"id"`
	Topic   string    `json:"topic"`
	Payload []byte    `json:"payload"`
	At      time.Time `json:"at"`
}

// Publisher sends messages on. The in-process Bus is one; a NATS
// JetStream adapter is another.
type Publisher interface {
	Publish(ctx context.Context, m Message) error
}

// Handler receives messages. It runs on the publisher's goroutine, so it
// should be quick and hand longer work to its own goroutine.
type Handler func(ctx context.Context, m Message)

type subscription struct {
	id     int
	prefix string
	h      Handler
}

// Bus is an in-process publish/subscribe hub keyed by topic prefix.
type Bus struct {
	mu   sync.RWMutex
	next int
	subs []subscription
	log  *slog.Logger
}

// NewBus returns an empty bus. A nil logger logs to slog.Default.
func NewBus(log *slog.Logger) *Bus {
	if log == nil {
		log = slog.Default()
	}
	return &Bus{log: log}
}

// Subscribe calls h for every message whose topic starts with prefix
// ("" for all, "appeal." for appeal changes). The returned function ends
// the subscription.
func (b *Bus) Subscribe(prefix string, h Handler) (unsubscribe func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	id := b.next
	b.subs = append(b.subs, subscription{id: id, prefix: prefix, h: h})
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for i, s := range b.subs {
			if s.id == id {
				b.subs = append(b.subs[:i:i], b.subs[i+1:]...)
				return
			}
		}
	}
}

// Publish delivers m to the matching subscribers, in subscription order.
// A handler that panics is logged and does not stop the others.
func (b *Bus) Publish(ctx context.Context, m Message) error {
	b.mu.RLock()
	subs := make([]subscription, 0, len(b.subs))
	for _, s := range b.subs {
		if strings.HasPrefix(m.Topic, s.prefix) {
			subs = append(subs, s)
		}
	}
	b.mu.RUnlock()
	for _, s := range subs {
		b.call(ctx, s, m)
	}
	return nil
}

func (b *Bus) call(ctx context.Context, s subscription, m Message) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("event handler panicked", "topic", m.Topic, "prefix", s.prefix, "panic", v)
		}
	}()
	s.h(ctx, m)
}

// Publishers fans a message out to several publishers (the local bus and
// NATS, say); the first error is returned after all were tried.
type Publishers []Publisher

// Publish implements Publisher.
func (ps Publishers) Publish(ctx context.Context, m Message) error {
	var first error
	for _, p := range ps {
		if err := p.Publish(ctx, m); err != nil && first == nil {
			first = err
		}
	}
	return first
}
