package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"minyi"
	"minyi/kpi"
)

// PublishKPI stores a period's figures as its next version (v1, v2, …).
// Publishing the same content as the latest version is refused: a new
// version is a correction, and there is nothing to correct.
func (db *DB) PublishKPI(ctx context.Context, body *kpi.Body, by, note string) (*kpi.Snapshot, error) {
	data, hash, err := body.Canonical()
	if err != nil {
		return nil, err
	}
	s := &kpi.Snapshot{Period: body.Period, Hash: hash, Note: strings.TrimSpace(note), PublishedBy: by, PublishedAt: db.now(), Body: data}
	err = db.inTx(ctx, func(tx *Tx) error {
		// One publisher at a time per database: two corrections of one
		// period must not both become the same version.
		if err := db.lockChain(ctx, tx, 2); err != nil {
			return err
		}
		var last sql.NullInt64
		var lastHash sql.NullString
		const q = `SELECT version, hash FROM kpi_snapshots WHERE period = ? ORDER BY version DESC LIMIT 1`
		err := tx.QueryRow(ctx, q, s.Period).Scan(&last, &lastHash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if lastHash.Valid && lastHash.String == hash {
			return minyi.Errorf(minyi.ECONFLICT, "%s 的考核结果与已公布的第 %d 版相同，无需发布新版本", "%s is unchanged since version %d", s.Period, last.Int64)
		}
		s.Version = int(last.Int64) + 1
		const qi = `INSERT INTO kpi_snapshots (period, version, hash, body, note, published_at, published_by)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
		return tx.QueryRow(ctx, qi, s.Period, s.Version, s.Hash, string(s.Body), s.Note, ms(s.PublishedAt), s.PublishedBy).Scan(&s.ID)
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// KPISnapshots lists the published versions, newest period and version
// first, without their bodies; period "" lists every period.
func (db *DB) KPISnapshots(ctx context.Context, period string) ([]*kpi.Snapshot, error) {
	q := `SELECT id, period, version, hash, note, published_at, published_by FROM kpi_snapshots`
	var args []any
	if period != "" {
		q += ` WHERE period = ?`
		args = append(args, period)
	}
	rows, err := db.query(ctx, q+` ORDER BY period DESC, version DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*kpi.Snapshot
	for rows.Next() {
		var s kpi.Snapshot
		var at int64
		if err := rows.Scan(&s.ID, &s.Period, &s.Version, &s.Hash, &s.Note, &at, &s.PublishedBy); err != nil {
			return nil, err
		}
		s.PublishedAt = fromMS(at)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// KPISnapshot returns one version of a period with its body; version 0
// is the latest. ENOTFOUND when the period has no such version.
func (db *DB) KPISnapshot(ctx context.Context, period string, version int) (*kpi.Snapshot, error) {
	q := `SELECT id, period, version, hash, note, published_at, published_by, body FROM kpi_snapshots WHERE period = ?`
	args := []any{period}
	if version > 0 {
		q += ` AND version = ?`
		args = append(args, version)
	}
	var s kpi.Snapshot
	var at int64
	var body string
	err := db.queryRow(ctx, q+` ORDER BY version DESC LIMIT 1`, args...).Scan(&s.ID, &s.Period, &s.Version, &s.Hash, &s.Note, &at, &s.PublishedBy, &body)
	if errors.Is(err, sql.ErrNoRows) {
		if version > 0 {
			return nil, minyi.Errorf(minyi.ENOTFOUND, "%s 没有第 %d 版考核结果", "%s has no version %d", period, version)
		}
		return nil, minyi.Errorf(minyi.ENOTFOUND, "%s 的考核结果尚未公布", "%s is not published", period)
	}
	if err != nil {
		return nil, err
	}
	s.PublishedAt, s.Body = fromMS(at), []byte(body)
	return &s, nil
}
