package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"minyi"
	"minyi/replies"
)

// ReplyScore is the stored quality of an appeal's reply.
type ReplyScore struct {
	replies.Score
	// RepliedAt is the reply the score belongs to; when the appeal's own
	// replied_at differs, the reply changed and the score is stale.
	RepliedAt time.Time `json:"replied_at"`
	ScoredAt  time.Time `json:"scored_at"`
}

// ReplyScoreRow is one scored reply in a list, with what identifies its
// appeal.
type ReplyScoreRow struct {
	ReplyScore
	TrackingNo string `json:"tracking_no"`
	Title      string `json:"title"`
	UnitID     int64  `json:"unit_id,omitempty"`
	UnitName   string `json:"unit_name,omitempty"`
}

// SaveReplyScore stores the score of an appeal's reply given at repliedAt,
// replacing an earlier one.
func (db *DB) SaveReplyScore(ctx context.Context, appealID int64, repliedAt time.Time, s replies.Score) error {
	reasons, err := json.Marshal(s.Reasons)
	if err != nil {
		return err
	}
	const q = `INSERT INTO reply_scores (appeal_id, replied_at, timeliness, relevance, completeness, explainability, overall, reasons, scored_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (appeal_id) DO UPDATE SET replied_at = excluded.replied_at, timeliness = excluded.timeliness,
	relevance = excluded.relevance, completeness = excluded.completeness, explainability = excluded.explainability,
	overall = excluded.overall, reasons = excluded.reasons, scored_at = excluded.scored_at`
	_, err = db.exec(ctx, q, appealID, ms(repliedAt), s.Timeliness, s.Relevance, s.Completeness, s.Explainability,
		s.Overall, string(reasons), ms(db.now()))
	return err
}

const replyScoreColumns = `r.replied_at, r.timeliness, r.relevance, r.completeness, r.explainability, r.overall, r.reasons, r.scored_at`

func scanReplyScore(dest []any, s scanner) (ReplyScore, error) {
	var (
		rs              ReplyScore
		replied, scored int64
		reasons         string
	)
	err := s.Scan(append(dest, &replied, &rs.Timeliness, &rs.Relevance, &rs.Completeness, &rs.Explainability,
		&rs.Overall, &reasons, &scored)...)
	if err != nil {
		return rs, err
	}
	rs.RepliedAt, rs.ScoredAt = fromMS(replied), fromMS(scored)
	if err := json.Unmarshal([]byte(reasons), &rs.Reasons); err != nil {
		return rs, err
	}
	return rs, nil
}

// FindReplyScore returns the stored score of an appeal's reply, or
// ENOTFOUND when it was never scored.
func (db *DB) FindReplyScore(ctx context.Context, appealID int64) (*ReplyScore, error) {
	q := `SELECT ` + replyScoreColumns + ` FROM reply_scores r WHERE r.appeal_id = ?`
	rs, err := scanReplyScore(nil, db.queryRow(ctx, q, appealID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("答复质量评分", "reply score")
	}
	if err != nil {
		return nil, err
	}
	return &rs, nil
}

// ReplyScoreFilter selects scored replies.
type ReplyScoreFilter struct {
	Scope  minyi.Scope
	UnitID int64     // one unit; 0: all the scope allows
	Since  time.Time // replies given at or after
	Limit  int       // DefaultLimit when 0, at most MaxLimit
}

func (f ReplyScoreFilter) where() *where {
	w := &where{}
	w.scope(f.Scope)
	if f.UnitID != 0 {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if !f.Since.IsZero() {
		w.add("r.replied_at >= ?", ms(f.Since))
	}
	return w
}

// LowestReplyScores lists the scored replies of a filter, the lowest
// overall score first.
func (db *DB) LowestReplyScores(ctx context.Context, f ReplyScoreFilter) ([]ReplyScoreRow, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	} else if limit > MaxLimit {
		limit = MaxLimit
	}
	w := f.where()
	q := `SELECT a.tracking_no, a.title, a.unit_id, COALESCE(u.name, ''), ` + replyScoreColumns + `
FROM reply_scores r JOIN appeals a ON a.id = r.appeal_id LEFT JOIN units u ON u.id = a.unit_id` +
		w.sql() + ` ORDER BY r.overall, r.replied_at DESC LIMIT ?`
	rows, err := db.query(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReplyScoreRow
	for rows.Next() {
		var row ReplyScoreRow
		var unit sql.NullInt64
		rs, err := scanReplyScore([]any{&row.TrackingNo, &row.Title, &unit, &row.UnitName}, rows)
		if err != nil {
			return nil, err
		}
		row.ReplyScore, row.UnitID = rs, unit.Int64
		row.ID = row.TrackingNo
		out = append(out, row)
	}
	return out, rows.Err()
}

// ReplyScoreSummary is the number of scored replies of a filter and the
// mean of each measure.
type ReplyScoreSummary struct {
	Count          int     `json:"count"`
	Timeliness     float64 `json:"timeliness"`
	Relevance      float64 `json:"relevance"`
	Completeness   float64 `json:"completeness"`
	Explainability float64 `json:"explainability"`
	Overall        float64 `json:"overall"`
}

// SummarizeReplyScores averages the scored replies of a filter.
func (db *DB) SummarizeReplyScores(ctx context.Context, f ReplyScoreFilter) (ReplyScoreSummary, error) {
	w := f.where()
	q := `SELECT COUNT(*), COALESCE(AVG(r.timeliness), 0), COALESCE(AVG(r.relevance), 0), COALESCE(AVG(r.completeness), 0),
	COALESCE(AVG(r.explainability), 0), COALESCE(AVG(r.overall), 0)
FROM reply_scores r JOIN appeals a ON a.id = r.appeal_id` + w.sql()
	var s ReplyScoreSummary
	err := db.queryRow(ctx, q, w.args...).Scan(&s.Count, &s.Timeliness, &s.Relevance, &s.Completeness, &s.Explainability, &s.Overall)
	return s, err
}

// UnscoredReplies returns up to limit appeals replied at or after since
// whose reply has no score, or a score of an earlier reply; the newest
// first.
func (db *DB) UnscoredReplies(ctx context.Context, since time.Time, limit int) ([]*minyi.Appeal, error) {
	q := appealSelect + ` WHERE a.replied_at >= ? AND a.reply <> ''
	AND NOT EXISTS (SELECT 1 FROM reply_scores r WHERE r.appeal_id = a.id AND r.replied_at = a.replied_at)
ORDER BY a.replied_at DESC, a.id DESC LIMIT ?`
	rows, err := db.query(ctx, q, ms(since), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.Appeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
