package store

import (
	"context"
	"database/sql"
	"errors"

	"minyi"
)

var _ minyi.CannedTextService = (*DB)(nil)

const cannedColumns = `id, position, title, body, updated_at, updated_by`

func scanCanned(row interface{ Scan(...any) error }) (*minyi.CannedText, error) {
	var c minyi.CannedText
	var updated int64
	if err := row.Scan(&c.ID, &c.Position, &c.Title, &c.Text, &updated, &c.UpdatedBy); err != nil {
		return nil, err
	}
	if updated != 0 {
		c.UpdatedAt = fromMS(updated)
	}
	return &c, nil
}

// ListCannedTexts returns the canned answers in the order the chat offers
// them.
func (db *DB) ListCannedTexts(ctx context.Context) ([]*minyi.CannedText, error) {
	rows, err := db.query(ctx, `SELECT `+cannedColumns+` FROM chat_canned ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.CannedText
	for rows.Next() {
		c, err := scanCanned(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCannedText returns one canned answer.
func (db *DB) FindCannedText(ctx context.Context, id int64) (*minyi.CannedText, error) {
	c, err := scanCanned(db.queryRow(ctx, `SELECT `+cannedColumns+` FROM chat_canned WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("快捷回复", "canned answer")
	}
	return c, err
}

// CreateCannedText validates and stores a new canned answer; Position 0
// puts it after the others.
func (db *DB) CreateCannedText(ctx context.Context, c *minyi.CannedText) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.UpdatedAt = db.now()
	return db.inTx(ctx, func(tx *Tx) error {
		var n, last int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM chat_canned`).Scan(&n, &last); err != nil {
			return err
		}
		if n >= minyi.MaxCannedAnswers {
			return minyi.Errorf(minyi.ECONFLICT, "快捷回复已有 %d 条，请先删除不再使用的",
				"there are already %d canned answers; delete unused ones first", n)
		}
		if c.Position == 0 {
			c.Position = last + 1
		}
		const q = `INSERT INTO chat_canned (position, title, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) RETURNING id`
		return tx.QueryRow(ctx, q, c.Position, c.Title, c.Text, ms(c.UpdatedAt), c.UpdatedBy).Scan(&c.ID)
	})
}

// UpdateCannedText replaces a canned answer's title and text; Position 0
// keeps its place.
func (db *DB) UpdateCannedText(ctx context.Context, c *minyi.CannedText) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.UpdatedAt = db.now()
	const q = `UPDATE chat_canned SET position = CASE WHEN ? > 0 THEN ? ELSE position END,
title = ?, body = ?, updated_at = ?, updated_by = ? WHERE id = ?`
	res, err := db.exec(ctx, q, c.Position, c.Position, c.Title, c.Text, ms(c.UpdatedAt), c.UpdatedBy, c.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errNotFound("快捷回复", "canned answer")
	}
	got, err := db.FindCannedText(ctx, c.ID)
	if err != nil {
		return err
	}
	*c = *got
	return nil
}

// DeleteCannedText removes a canned answer. Messages already sent with it
// keep their text.
func (db *DB) DeleteCannedText(ctx context.Context, id int64) error {
	res, err := db.exec(ctx, `DELETE FROM chat_canned WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errNotFound("快捷回复", "canned answer")
	}
	return nil
}
