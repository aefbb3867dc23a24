package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of the JetStream adapter.
const (
	DefaultStream          = "MINYI"
	DefaultSubjectPrefix   = "minyi"
	DefaultMaxAge          = 30 * 24 * time.Hour
	DefaultDuplicateWindow = 24 * time.Hour
)

// atHeader carries Message.At (RFC 3339, nanoseconds) next to the payload.
const atHeader = "Minyi-At"

// JetStream publishes messages to a NATS JetStream stream and consumes
// them with durable consumers, so that events reach every instance.
//
// A message with topic T is published on subject PREFIX.T with its outbox
// ID as the JetStream message ID (the Nats-Msg-Id header): the server
// drops a second publish of the same ID within the duplicate window, so
// the relay's redelivery after a crash does not reach consumers twice.
type JetStream struct {
	nc         *nats.Conn
	js         jetstream.JetStream
	stream     string
	prefix     string
	log        *slog.Logger
	retryDelay time.Duration // before a failed message is delivered again

	mu     sync.Mutex
	closed bool
	subs   []jetstream.ConsumeContext
}

var _ Publisher = (*JetStream)(nil)

type jetStreamConfig struct {
	stream     string
	prefix     string
	maxAge     time.Duration
	duplicates time.Duration
	log        *slog.Logger
	natsOpts   []nats.Option
}

// JetStreamOption configures NewJetStream.
type JetStreamOption func(*jetStreamConfig)

// WithStream sets the stream name (DefaultStream when not given).
func WithStream(name string) JetStreamOption {
	return func(c *jetStreamConfig) { c.stream = name }
}

// WithSubjectPrefix sets the first subject token (DefaultSubjectPrefix
// when not given); the stream holds the subjects PREFIX.>.
func WithSubjectPrefix(prefix string) JetStreamOption {
	return func(c *jetStreamConfig) { c.prefix = prefix }
}

// WithMaxAge sets how long the stream keeps messages (DefaultMaxAge).
func WithMaxAge(d time.Duration) JetStreamOption {
	return func(c *jetStreamConfig) { c.maxAge = d }
}

// WithDuplicateWindow sets how long the server remembers message IDs to
// drop duplicates (DefaultDuplicateWindow, at most the max age).
func WithDuplicateWindow(d time.Duration) JetStreamOption {
	return func(c *jetStreamConfig) { c.duplicates = d }
}

// WithLogger sets the logger (slog.Default when not given).
func WithLogger(log *slog.Logger) JetStreamOption {
	return func(c *jetStreamConfig) { c.log = log }
}

// WithNATSOptions adds options for the NATS connection (credentials,
// TLS and the like).
func WithNATSOptions(opts ...nats.Option) JetStreamOption {
	return func(c *jetStreamConfig) { c.natsOpts = append(c.natsOpts, opts...) }
}

// NewJetStream connects to the NATS server at url and creates the stream,
// or updates it to the configuration given.
func NewJetStream(ctx context.Context, url string, opts ...JetStreamOption) (*JetStream, error) {
	cfg := jetStreamConfig{
		stream:     DefaultStream,
		prefix:     DefaultSubjectPrefix,
		maxAge:     DefaultMaxAge,
		duplicates: DefaultDuplicateWindow,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.log == nil {
		cfg.log = slog.Default()
	}
	if err := checkSubject(cfg.prefix); err != nil {
		return nil, fmt.Errorf("nats subject prefix %q: %w", cfg.prefix, err)
	}
	if cfg.maxAge > 0 && cfg.duplicates > cfg.maxAge {
		cfg.duplicates = cfg.maxAge
	}
	log := cfg.log
	nopts := append([]nats.Option{
		nats.Name("minyi"),
		nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
	}, cfg.natsOpts...)
	nc, err := nats.Connect(url, nopts...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        cfg.stream,
		Description: "Minyi appeal events from the outbox",
		Subjects:    []string{cfg.prefix + ".>"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      cfg.maxAge,
		Duplicates:  cfg.duplicates,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats stream %s: %w", cfg.stream, err)
	}
	return &JetStream{nc: nc, js: js, stream: cfg.stream, prefix: cfg.prefix, log: log, retryDelay: 5 * time.Second}, nil
}

// Stream is the name of the stream.
func (j *JetStream) Stream() string { return j.stream }

// URL is the server connected to, without credentials.
func (j *JetStream) URL() string { return j.nc.ConnectedUrlRedacted() }

// Subject is the subject a topic is published on.
func (j *JetStream) Subject(topic string) string { return j.prefix + "." + topic }

// Publish implements Publisher: it publishes m and waits for the server's
// acknowledgement. A message ID the server has seen within the duplicate
// window is acknowledged without being stored again.
func (j *JetStream) Publish(ctx context.Context, m Message) error {
	if err := checkSubject(m.Topic); err != nil {
		return fmt.Errorf("event topic %q: %w", m.Topic, err)
	}
	msg := nats.NewMsg(j.Subject(m.Topic))
	msg.Data = m.Payload
	if !m.At.IsZero() {
		msg.Header.Set(atHeader, m.At.UTC().Format(time.RFC3339Nano))
	}
	popts := []jetstream.PublishOpt{jetstream.WithExpectStream(j.stream)}
	if m.ID != 0 {
		popts = append(popts, jetstream.WithMsgID(strconv.FormatInt(m.ID, 10)))
	}
	if _, err := j.js.PublishMsg(ctx, msg, popts...); err != nil {
		return fmt.Errorf("publish %s to nats: %w", m.Topic, err)
	}
	return nil
}

// Subscribe creates (or updates) the durable pull consumer named durable
// and calls h for each message whose topic starts with topicPrefix (""
// for all), as Bus.Subscribe does. Every instance that subscribes with
// the same durable name shares the work; another durable name gets its
// own copy of every message. A new consumer starts with the oldest
// message the stream holds.
//
// A message is acknowledged once h returns. When h panics, the message is
// delivered again after a pause, so order holds only while handlers
// succeed. Handlers run one at a time per subscription. Consuming stops
// when ctx ends or the JetStream is closed.
func (j *JetStream) Subscribe(ctx context.Context, durable string, topicPrefix string, h Handler) error {
	filter, err := j.filterSubject(topicPrefix)
	if err != nil {
		return err
	}
	cons, err := j.js.CreateOrUpdateConsumer(ctx, j.stream, jetstream.ConsumerConfig{
		Durable:       durable,
		Description:   "minyi " + durable,
		FilterSubject: filter,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
	})
	if err != nil {
		return fmt.Errorf("nats consumer %s: %w", durable, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errors.New("nats: jetstream closed")
	}
	cc, err := cons.Consume(func(msg jetstream.Msg) { j.handle(ctx, durable, topicPrefix, msg, h) },
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			j.log.Warn("nats consumer", "durable", durable, "err", err)
		}))
	if err != nil {
		return fmt.Errorf("nats consume %s: %w", durable, err)
	}
	j.subs = append(j.subs, cc)
	go func() {
		select {
		case <-ctx.Done():
			cc.Drain()
		case <-cc.Closed():
		}
	}()
	return nil
}

// filterSubject narrows a consumer to the whole subject tokens of a topic
// prefix; handle checks the rest of the prefix.
func (j *JetStream) filterSubject(topicPrefix string) (string, error) {
	whole := ""
	if i := strings.LastIndexByte(topicPrefix, '.'); i >= 0 {
		whole = topicPrefix[:i]
	}
	if whole == "" {
		return j.prefix + ".>", nil
	}
	if err := checkSubject(whole); err != nil {
		return "", fmt.Errorf("topic prefix %q: %w", topicPrefix, err)
	}
	return j.prefix + "." + whole + ".>", nil
}

func (j *JetStream) handle(ctx context.Context, durable, topicPrefix string, msg jetstream.Msg, h Handler) {
	m := j.message(msg)
	if !strings.HasPrefix(m.Topic, topicPrefix) {
		j.ack(durable, msg)
		return
	}
	if !j.call(ctx, durable, h, m) {
		if err := msg.NakWithDelay(j.retryDelay); err != nil {
			j.log.Warn("nats nak", "durable", durable, "topic", m.Topic, "err", err)
		}
		return
	}
	j.ack(durable, msg)
}

func (j *JetStream) ack(durable string, msg jetstream.Msg) {
	if err := msg.Ack(); err != nil {
		j.log.Warn("nats ack", "durable", durable, "subject", msg.Subject(), "err", err)
	}
}

// call runs h and reports whether it returned normally.
func (j *JetStream) call(ctx context.Context, durable string, h Handler, m Message) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			j.log.Error("event handler panicked", "durable", durable, "topic", m.Topic, "id", m.ID, "panic", v)
		}
	}()
	h(ctx, m)
	return true
}

// message turns a stream message back into the Message published.
func (j *JetStream) message(msg jetstream.Msg) Message {
	m := Message{
		Topic:   strings.TrimPrefix(msg.Subject(), j.prefix+"."),
		Payload: msg.Data(),
	}
	hdr := msg.Headers()
	if id, err := strconv.ParseInt(hdr.Get(jetstream.MsgIDHeader), 10, 64); err == nil {
		m.ID = id
	}
	if at, err := time.Parse(time.RFC3339Nano, hdr.Get(atHeader)); err == nil {
		m.At = at
	} else if md, err := msg.Metadata(); err == nil {
		m.At = md.Timestamp
	}
	return m
}

// Close stops the consumers, letting the messages they hold be handled,
// then drains the connection.
func (j *JetStream) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	subs := j.subs
	j.subs = nil
	j.mu.Unlock()

	timeout := time.After(10 * time.Second)
	for _, cc := range subs {
		cc.Drain()
	}
	for _, cc := range subs {
		select {
		case <-cc.Closed():
		case <-timeout:
		}
	}
	if j.nc.IsClosed() {
		return nil
	}
	closed := make(chan struct{})
	j.nc.SetClosedHandler(func(*nats.Conn) { close(closed) })
	if err := j.nc.Drain(); err != nil {
		j.nc.Close()
		return err
	}
	select {
	case <-closed:
	case <-timeout:
		j.nc.Close()
	}
	return nil
}

// checkSubject reports whether s can be used as (part of) a NATS subject
// without wildcards.
func checkSubject(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	for _, tok := range strings.Split(s, ".") {
		if tok == "" {
			return errors.New("empty token")
		}
		if tok == "*" || tok == ">" {
			return errors.New("wildcard")
		}
		if strings.ContainsAny(tok, " \t\r\n") {
			return errors.New("white space")
		}
	}
	return nil
}
