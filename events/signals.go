package events

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go"
)

// Signals carries "something changed" hints between the instances of the
// server over core NATS (not JetStream: a hint that is lost costs only a
// delay, since every listener reads the truth from the database and
// re-reads it periodically anyway, so storing hints would be waste).
//
// Topics are opaque strings of the sender ("chat:12", "queue"); a message
// carries the sending instance's id, so that an instance ignores its own
// signals, which it has already delivered locally.
type Signals struct {
	t       signalTransport
	subject string
	id      string
	log     *slog.Logger

	mu     sync.Mutex
	closed bool
	stops  []func() error
}

// signalMsg is the body of a signal on the wire.
type signalMsg struct {
	From   string   `json:"from"`
	Topics []string `json:"topics"`
}

// signalTransport is the part of a NATS connection signals use, so that
// the forwarding can be tested without a server.
type signalTransport interface {
	publish(subject string, data []byte) error
	subscribe(subject string, h func(data []byte)) (stop func() error, err error)
}

// NewSignals sends signals over the JetStream's connection. The subject
// is PREFIX-signal: outside the stream's PREFIX.> subjects, so the stream
// does not store the hints.
func NewSignals(j *JetStream) *Signals {
	return newSignals(natsTransport{j.nc}, j.prefix+"-signal", j.log)
}

func newSignals(t signalTransport, subject string, log *slog.Logger) *Signals {
	if log == nil {
		log = slog.Default()
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Signals{t: t, subject: subject, id: hex.EncodeToString(b[:]), log: log}
}

// Subject is the NATS subject the signals travel on.
func (s *Signals) Subject() string { return s.subject }

// Publish sends the topics to the other instances without waiting for
// them. A failure is logged and otherwise ignored: the receivers catch up
// on their periodic refresh.
func (s *Signals) Publish(topics ...string) {
	if len(topics) == 0 {
		return
	}
	data, err := json.Marshal(signalMsg{From: s.id, Topics: topics})
	if err == nil {
		err = s.t.publish(s.subject, data)
	}
	if err != nil {
		s.log.Debug("chat signal not sent", "topics", topics, "err", err)
	}
}

// Subscribe calls h with the topics of every signal another instance
// publishes, until Close. h runs on the connection's delivery goroutine
// and should not block.
func (s *Signals) Subscribe(h func(topics ...string)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("signals closed")
	}
	stop, err := s.t.subscribe(s.subject, func(data []byte) {
		var m signalMsg
		if err := json.Unmarshal(data, &m); err != nil {
			s.log.Debug("chat signal unreadable", "err", err)
			return
		}
		if m.From == s.id || len(m.Topics) == 0 {
			return
		}
		h(m.Topics...)
	})
	if err != nil {
		return err
	}
	s.stops = append(s.stops, stop)
	return nil
}

// Close ends the subscriptions; Publish afterwards still sends while the
// connection is open.
func (s *Signals) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var first error
	for _, stop := range s.stops {
		if err := stop(); err != nil && first == nil && !errors.Is(err, nats.ErrConnectionClosed) && !errors.Is(err, nats.ErrBadSubscription) {
			first = err
		}
	}
	s.stops = nil
	return first
}

type natsTransport struct{ nc *nats.Conn }

func (t natsTransport) publish(subject string, data []byte) error {
	return t.nc.Publish(subject, data)
}

func (t natsTransport) subscribe(subject string, h func(data []byte)) (func() error, error) {
	sub, err := t.nc.Subscribe(subject, func(m *nats.Msg) { h(m.Data) })
	if err != nil {
		return nil, err
	}
	return sub.Unsubscribe, nil
}
