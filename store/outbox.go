package store

import (
	"context"
	"strings"
	"time"
)

// OutboxMessage is an event written in the same transaction as the change it
// announces, waiting to be published.
type OutboxMessage struct {
	ID        int64
	Topic     string
	Payload   []byte
	CreatedAt time.Time
}

func insertOutbox(ctx context.Context, tx *Tx, topic string, payload []byte, at time.Time) error {
	const q = `INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)`
	_, err := tx.Exec(ctx, q, topic, string(payload), ms(at))
	return err
}

// PendingOutbox returns up to limit undelivered messages, oldest first.
func (db *DB) PendingOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		limit = 100
	}
	const q = `SELECT id, topic, payload, created_at FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?`
	rows, err := db.query(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var payload string
		var created int64
		if err := rows.Scan(&m.ID, &m.Topic, &payload, &created); err != nil {
			return nil, err
		}
		m.Payload, m.CreatedAt = []byte(payload), fromMS(created)
		list = append(list, m)
	}
	return list, rows.Err()
}

// MarkOutboxDelivered records that messages were published.
func (db *DB) MarkOutboxDelivered(ctx context.Context, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		marks := strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
		args := []any{ms(db.now())}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		q := `UPDATE outbox SET delivered_at = ? WHERE id IN (` + marks + `)`
		if _, err := db.exec(ctx, q, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
