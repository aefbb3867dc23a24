package store

import (
	"context"
	"strconv"

	"minyi"
)

// SetPresence records an agent's switch to 在线 (online), 离线 (offline)
// or back to following the console (auto).
func (db *DB) SetPresence(ctx context.Context, agent *minyi.User, mode string) error {
	switch mode {
	case minyi.PresenceAuto, minyi.PresenceOnline, minyi.PresenceOffline:
	default:
		return minyi.FieldError("mode", "在线状态应为 online、offline 或 auto", "mode must be online, offline or auto")
	}
	const q = `INSERT INTO agent_presence (user_id, mode, seen_at, mode_at) VALUES (?, ?, 0, ?)
ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, mode_at = excluded.mode_at`
	_, err := db.exec(ctx, q, agent.ID, mode, ms(db.now()))
	return err
}

// TouchPresence records a heartbeat of the agent's console, or with
// connected false that the last console closed, so that the agent leaves
// duty at once instead of after the grace. An agent who switched 离线
// stays off duty with the console open.
func (db *DB) TouchPresence(ctx context.Context, agent *minyi.User, connected bool) error {
	const q = `INSERT INTO agent_presence (user_id, mode, seen_at, mode_at) VALUES (?, ?, ?, 0)
ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at`
	var seen int64
	if connected {
		seen = ms(db.now())
	}
	_, err := db.exec(ctx, q, agent.ID, minyi.PresenceAuto, seen)
	return err
}

// Agents lists the enabled users who may serve chats (dispatchers — the
// hotline's agents — and admins) with their presence now.
func (db *DB) Agents(ctx context.Context) ([]*minyi.Agent, error) {
	const q = `SELECT u.id, COALESCE(NULLIF(u.display_name, ''), u.username), COALESCE(p.mode, ?), COALESCE(p.seen_at, 0), COALESCE(p.mode_at, 0)
FROM users u LEFT JOIN agent_presence p ON p.user_id = u.id
WHERE u.role IN (?, ?) AND NOT u.disabled ORDER BY u.id`
	rows, err := db.query(ctx, q, minyi.PresenceAuto, minyi.RoleDispatcher, minyi.RoleAdmin)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := db.now()
	var out []*minyi.Agent
	for rows.Next() {
		var a minyi.Agent
		var seen, modeAt int64
		if err := rows.Scan(&a.UserID, &a.Name, &a.Mode, &seen, &modeAt); err != nil {
			return nil, err
		}
		a.SeenAt = fromMS(seen)
		a.OnDuty = minyi.OnDutyAt(a.Mode, a.SeenAt, fromMS(modeAt), now)
		out = append(out, &a)
	}
	return out, rows.Err()
}

// CannedAnswers returns the project's canned answers, the same for every
// chat.
func (db *DB) CannedAnswers(ctx context.Context, _ *minyi.Chat) ([]minyi.CannedAnswer, error) {
	list, err := db.ListCannedTexts(ctx)
	if err != nil {
		return nil, err
	}
	var out []minyi.CannedAnswer
	for _, c := range list {
		out = append(out, minyi.CannedAnswer{ID: "canned-" + strconv.FormatInt(c.ID, 10), Source: "canned", Title: c.Title, Text: c.Text})
	}
	return out, nil
}
