package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"time"

	"minyi"
)

const chatSelect = `SELECT c.id, c.token, c.citizen_id, c.status, c.agent_id, COALESCE(NULLIF(u.display_name, ''), u.username, ''),
c.queries, c.source_item, c.tracking_no, c.created_at, c.accepted_at, c.closed_at
FROM chats c LEFT JOIN users u ON u.id = c.agent_id`

func scanChat(s scanner) (*minyi.Chat, error) {
	var c minyi.Chat
	var citizen, agent, accepted, closed sql.NullInt64
	var queries string
	var created int64
	if err := s.Scan(&c.ID, &c.Token, &citizen, &c.Status, &agent, &c.AgentName, &queries, &c.SourceItem, &c.TrackingNo, &created, &accepted, &closed); err != nil {
		return nil, err
	}
	c.CitizenID, c.AgentID = citizen.Int64, agent.Int64
	c.Queries = []string{}
	if queries != "" {
		c.Queries = strings.Split(queries, "\n")
	}
	c.CreatedAt, c.AcceptedAt, c.ClosedAt = fromMS(created), timePtr(accepted), timePtr(closed)
	return &c, nil
}

var errChatNotFound = errNotFound("会话", "chat")

// sourceItemRE is what a service item's id may look like in a link.
var sourceItemRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// StartChat queues a new chat with a fresh random token.
func (db *DB) StartChat(ctx context.Context, c *minyi.Chat) error {
	if c.SourceItem != "" && !sourceItemRE.MatchString(c.SourceItem) {
		return minyi.FieldError("item", "办事指南编号无效", "invalid service item id")
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	c.Token = base64.RawURLEncoding.EncodeToString(b)
	c.Queries = minyi.CleanQueries(c.Queries)
	c.Status, c.AgentID, c.AgentName, c.TrackingNo = minyi.ChatWaiting, 0, "", ""
	c.CreatedAt, c.AcceptedAt, c.ClosedAt = db.now(), nil, nil
	const q = `INSERT INTO chats (token, citizen_id, status, queries, source_item, created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
	return db.write.QueryRowContext(ctx, db.rebind(q), c.Token, nullID(c.CitizenID), c.Status,
		strings.Join(c.Queries, "\n"), c.SourceItem, ms(c.CreatedAt), ms(c.CreatedAt)).Scan(&c.ID)
}

// FindChat finds a chat by its token.
func (db *DB) FindChat(ctx context.Context, token string) (*minyi.Chat, error) {
	c, err := scanChat(db.queryRow(ctx, chatSelect+` WHERE c.token = ?`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errChatNotFound
	}
	return c, err
}

// FindChatByID finds a chat by its id (the agents' handle).
func (db *DB) FindChatByID(ctx context.Context, id int64) (*minyi.Chat, error) {
	c, err := scanChat(db.queryRow(ctx, chatSelect+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errChatNotFound
	}
	return c, err
}

// ListChats lists chats oldest first, the queue's order.
func (db *DB) ListChats(ctx context.Context, f minyi.ChatFilter) ([]*minyi.Chat, error) {
	w := &where{}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			marks[i], args[i] = "?", s
		}
		w.add("c.status IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if f.AgentID != 0 {
		w.add("c.agent_id = ?", f.AgentID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := db.query(ctx, chatSelect+w.sql()+` ORDER BY c.created_at, c.id LIMIT ?`, append(w.args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.Chat
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// QueuePosition counts the waiting chats up to and including this one.
func (db *DB) QueuePosition(ctx context.Context, c *minyi.Chat) (int, error) {
	if c.Status != minyi.ChatWaiting {
		return 0, nil
	}
	// A row value compares as one range of the (status, created_at) index.
	const q = `SELECT COUNT(*) FROM chats WHERE status = ? AND (created_at, id) <= (?, ?)`
	var n int
	err := db.queryRow(ctx, q, minyi.ChatWaiting, ms(c.CreatedAt), c.ID).Scan(&n)
	return n, err
}

// ChatMessages returns the messages after one id, in order.
func (db *DB) ChatMessages(ctx context.Context, chatID, afterID int64) ([]*minyi.ChatMessage, error) {
	const q = `SELECT id, chat_id, sender, sender_name, kind, text, at FROM chat_messages WHERE chat_id = ? AND id > ? ORDER BY id`
	rows, err := db.query(ctx, q, chatID, afterID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.ChatMessage
	for rows.Next() {
		var m minyi.ChatMessage
		var at int64
		if err := rows.Scan(&m.ID, &m.ChatID, &m.Sender, &m.SenderName, &m.Kind, &m.Text, &at); err != nil {
			return nil, err
		}
		m.At = fromMS(at)
		out = append(out, &m)
	}
	return out, rows.Err()
}

var errChatEnded = minyi.Errorf(minyi.ECONFLICT, "对话已结束，不能再发送消息", "the chat has ended; no more messages")

// AddChatMessage adds a message to an open chat.
func (db *DB) AddChatMessage(ctx context.Context, m *minyi.ChatMessage) error {
	text, err := minyi.CleanChatText(m.Text)
	if err != nil {
		return err
	}
	m.Text = text
	return db.inTx(ctx, func(tx *Tx) error {
		var status minyi.ChatStatus
		err := tx.QueryRow(ctx, `SELECT c.status FROM chats c WHERE c.id = ?`+db.forUpdate("c"), m.ChatID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return errChatNotFound
		} else if err != nil {
			return err
		}
		if status != minyi.ChatWaiting && status != minyi.ChatActive {
			return errChatEnded
		}
		return db.insertChatMessage(ctx, tx, m)
	})
}

func (db *DB) insertChatMessage(ctx context.Context, tx *Tx, m *minyi.ChatMessage) error {
	if m.Kind == "" {
		m.Kind = minyi.KindText
	}
	m.At = db.now()
	const q = `INSERT INTO chat_messages (chat_id, sender, sender_name, kind, text, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	return tx.QueryRow(ctx, q, m.ChatID, m.Sender, m.SenderName, m.Kind, m.Text, ms(m.At)).Scan(&m.ID)
}

// changeChat runs one conditional update of a chat and writes the system
// message that tells both sides, in one transaction. No row changed means
// the chat is not in a state that allows the change: conflict names why.
func (db *DB) changeChat(ctx context.Context, id int64, conflict error, note string, q string, args ...any) (*minyi.Chat, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var one int
			if err := tx.QueryRow(ctx, `SELECT 1 FROM chats WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return errChatNotFound
			}
			return conflict
		}
		return db.insertChatMessage(ctx, tx, &minyi.ChatMessage{ChatID: id, Sender: minyi.SenderSystem, Kind: minyi.KindSystem, Text: note})
	})
	if err != nil {
		return nil, err
	}
	return db.FindChatByID(ctx, id)
}

// agentName is how an agent is named to citizens.
func agentName(u *minyi.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// AcceptChat gives a waiting chat to an agent; of two agents accepting at
// once, one wins and the other gets ECONFLICT.
func (db *DB) AcceptChat(ctx context.Context, id int64, agent *minyi.User) (*minyi.Chat, error) {
	const q = `UPDATE chats SET status = ?, agent_id = ?, accepted_at = ? WHERE id = ? AND status = ?`
	return db.changeChat(ctx, id,
		minyi.Errorf(minyi.ECONFLICT, "该会话已被其他坐席接入或已结束", "the chat was accepted by another agent or has ended"),
		"坐席 "+agentName(agent)+" 已接入，为您服务",
		q, minyi.ChatActive, agent.ID, ms(db.now()), id, minyi.ChatWaiting)
}

// TransferChat hands an active chat from its agent to another.
func (db *DB) TransferChat(ctx context.Context, id int64, from, to *minyi.User) (*minyi.Chat, error) {
	if from.ID == to.ID {
		return nil, minyi.FieldError("agent_id", "不能转接给自己", "cannot transfer to yourself")
	}
	const q = `UPDATE chats SET agent_id = ? WHERE id = ? AND status = ? AND agent_id = ?`
	return db.changeChat(ctx, id,
		minyi.Errorf(minyi.ECONFLICT, "只能转接您正在接待的会话", "only a chat you are serving can be transferred"),
		"已转接给坐席 "+agentName(to),
		q, to.ID, id, minyi.ChatActive, from.ID)
}

// CloseChat ends an open chat; by names who ended it.
func (db *DB) CloseChat(ctx context.Context, id int64, by string) (*minyi.Chat, error) {
	const q = `UPDATE chats SET status = ?, closed_at = ? WHERE id = ? AND status IN (?, ?)`
	return db.changeChat(ctx, id, errChatEnded, "对话已由"+by+"结束",
		q, minyi.ChatClosed, ms(db.now()), id, minyi.ChatWaiting, minyi.ChatActive)
}

// ConvertChat ends a waiting chat as the appeal it became.
func (db *DB) ConvertChat(ctx context.Context, id int64, trackingNo string) (*minyi.Chat, error) {
	const q = `UPDATE chats SET status = ?, tracking_no = ?, closed_at = ? WHERE id = ? AND status = ?`
	return db.changeChat(ctx, id,
		minyi.Errorf(minyi.ECONFLICT, "会话已有坐席接入或已结束，不能再转为留言", "the chat was accepted or has ended; it cannot become an appeal"),
		"已转为留言，受理编号 "+trackingNo,
		q, minyi.ChatConverted, trackingNo, ms(db.now()), id, minyi.ChatWaiting)
}

// SeeChat records that the citizen of an open chat is still there.
func (db *DB) SeeChat(ctx context.Context, id int64) error {
	const q = `UPDATE chats SET seen_at = ? WHERE id = ? AND status IN (?, ?)`
	_, err := db.exec(ctx, q, ms(db.now()), id, minyi.ChatWaiting, minyi.ChatActive)
	return err
}

// ExpireChats closes the waiting chats left by their citizens.
func (db *DB) ExpireChats(ctx context.Context, before time.Time) ([]*minyi.Chat, error) {
	const q = `SELECT id FROM chats WHERE status = ? AND seen_at < ? ORDER BY id LIMIT 100`
	rows, err := db.query(ctx, q, minyi.ChatWaiting, ms(before))
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var out []*minyi.Chat
	for _, id := range ids {
		// The citizen may have come back since the look-up: seen_at is
		// checked again in the update.
		const qClose = `UPDATE chats SET status = ?, closed_at = ? WHERE id = ? AND status = ? AND seen_at < ?`
		c, err := db.changeChat(ctx, id, errChatEnded, "市民已离开，会话自动结束",
			qClose, minyi.ChatClosed, ms(db.now()), id, minyi.ChatWaiting, ms(before))
		if minyi.ErrorCode(err) == minyi.ECONFLICT {
			continue
		} else if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// AverageHandling averages acceptance to close over the chats closed
// since a time.
func (db *DB) AverageHandling(ctx context.Context, since time.Time) (time.Duration, int, error) {
	const q = `SELECT CAST(AVG(closed_at - accepted_at) AS DOUBLE PRECISION), COUNT(*) FROM chats
WHERE status = ? AND closed_at >= ? AND accepted_at IS NOT NULL`
	var avg sql.NullFloat64
	var n int
	if err := db.queryRow(ctx, q, minyi.ChatClosed, ms(since)).Scan(&avg, &n); err != nil {
		return 0, 0, err
	}
	return time.Duration(avg.Float64 * float64(time.Millisecond)), n, nil
}
