package events

import (
	"context"
	"log/slog"
	"time"

	"minyi/store"
)

// Outbox is where state changes leave their messages, written in the same
// transaction as the change.
type Outbox interface {
	PendingOutbox(ctx context.Context, limit int) ([]store.OutboxMessage, error)
	MarkOutboxDelivered(ctx context.Context, ids []int64) error
}

var _ Outbox = (*store.DB)(nil)

// Relay moves messages from the outbox to a publisher.
type Relay struct {
	Outbox    Outbox
	Publisher Publisher
	Interval  time.Duration // between polls when idle; 200 ms when 0
	Batch     int           // messages per poll; 200 when 0
	Logger    *slog.Logger
}

// RunOnce publishes up to one batch of pending messages and marks the
// published ones delivered. It stops at the first publish error, keeping
// the rest for the next try, and returns how many were delivered.
func (r *Relay) RunOnce(ctx context.Context) (int, error) {
	batch := r.Batch
	if batch <= 0 {
		batch = 200
	}
	msgs, err := r.Outbox.PendingOutbox(ctx, batch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	ids := make([]int64, 0, len(msgs))
	var pubErr error
	for _, m := range msgs {
		if pubErr = r.Publisher.Publish(ctx, Message{ID: m.ID, Topic: m.Topic, Payload: m.Payload, At: m.CreatedAt}); pubErr != nil {
			break
		}
		ids = append(ids, m.ID)
	}
	if len(ids) > 0 {
		if err := r.Outbox.MarkOutboxDelivered(ctx, ids); err != nil {
			return 0, err
		}
	}
	return len(ids), pubErr
}

// Run relays until ctx ends. A full batch is followed at once by the next;
// errors are logged and retried after a growing pause (at most 10 s).
func (r *Relay) Run(ctx context.Context) error {
	interval := r.Interval
	if interval <= 0 {
		interval = 200 * time.Millisecond
	}
	log := r.Logger
	if log == nil {
		log = slog.Default()
	}
	batch := r.Batch
	if batch <= 0 {
		batch = 200
	}
	wait := interval
	for {
		n, err := r.RunOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			log.Warn("outbox relay", "err", err, "retry_in", wait)
			wait = min(wait*2, 10*time.Second)
		case n == batch:
			wait = 0
		default:
			wait = interval
		}
		if wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
		}
	}
}
