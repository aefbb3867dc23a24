package http

import (
	"strconv"
	"sync"
)

// broker fans out "something changed" signals to the event streams of
// this process, and hands them to out (when set) for the other instances.
// A signal carries no data: each stream reads what it shows from the
// database, so a missed or merged signal loses nothing; a stream that
// misses one catches up on its periodic refresh.
type broker struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]bool
	out  SignalSender
	// closed is closed when the server shuts down: the streams end then,
	// as they would otherwise hold the shutdown until its deadline.
	closed    chan struct{}
	closeOnce sync.Once
}

func newBroker(out SignalSender) *broker {
	return &broker{subs: map[string]map[chan struct{}]bool{}, out: out, closed: make(chan struct{})}
}

// close ends every stream, now and later.
func (b *broker) close() { b.closeOnce.Do(func() { close(b.closed) }) }

// closing says whether close was called.
func (b *broker) closing() bool {
	select {
	case <-b.closed:
		return true
	default:
		return false
	}
}

// SignalSender carries the broker's signals to the other instances
// (events.Signals over NATS). Publish must not block.
type SignalSender interface {
	Publish(topics ...string)
}

// Topics: one chat (both sides of it), the queue (every waiting citizen:
// positions, agents on duty) and the agents' consoles.
const (
	topicQueue   = "queue"
	topicConsole = "console"
)

func topicChat(id int64) string { return "chat:" + strconv.FormatInt(id, 10) }

// subscribe returns a channel that receives a signal after any publish to
// one of the topics (signals coalesce while unread) and a function that
// ends the subscription.
func (b *broker) subscribe(topics ...string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	for _, t := range topics {
		if b.subs[t] == nil {
			b.subs[t] = map[chan struct{}]bool{}
		}
		b.subs[t][ch] = true
	}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, t := range topics {
			delete(b.subs[t], ch)
			if len(b.subs[t]) == 0 {
				delete(b.subs, t)
			}
		}
	}
}

// publish signals every subscriber of the topics, here and on the other
// instances, without blocking.
func (b *broker) publish(topics ...string) {
	b.deliver(topics...)
	if b.out != nil {
		b.out.Publish(topics...)
	}
}

// deliver signals the subscribers of this process only: a signal from
// another instance must not go out again.
func (b *broker) deliver(topics ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range topics {
		for ch := range b.subs[t] {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}

// consoles counts the open console streams per agent in this process, so
// that the last one closing takes the agent off duty at once. The count
// and the presence write happen under one lock: a console reopened by a
// page load must not be undone by the old stream's late release.
type consoles struct {
	mu   sync.Mutex
	open map[int64]int
}

// add counts a console in (+1) or out (-1) and runs write with whether
// the agent still has one open, before another console may change.
func (c *consoles) add(agentID int64, d int, write func(connected bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open == nil {
		c.open = map[int64]int{}
	}
	c.open[agentID] += d
	n := c.open[agentID]
	if n <= 0 {
		delete(c.open, agentID)
	}
	write(n > 0)
}

// Signal wakes this process's event streams on the topics, for a change
// made on another instance (the topics its Config.Signals published).
func (s *Server) Signal(topics ...string) { s.events.deliver(topics...) }
