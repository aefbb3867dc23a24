package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"minyi"
)

// AddAttachment records an uploaded file of an appeal and sets its ID.
func (db *DB) AddAttachment(ctx context.Context, at *minyi.Attachment) error {
	at.Name = strings.TrimSpace(at.Name)
	if at.AppealID == 0 || at.Name == "" || at.Path == "" {
		return minyi.Errorf(minyi.EINVALID, "附件信息不完整", "attachment needs an appeal, a name and a path")
	}
	if at.CreatedAt.IsZero() {
		at.CreatedAt = db.now()
	}
	at.CreatedAt = fromMS(ms(at.CreatedAt))
	return db.inTx(ctx, func(tx *Tx) error {
		const qCount = `SELECT COUNT(*) FROM attachments WHERE appeal_id = ?`
		var n int
		if err := tx.QueryRow(ctx, qCount, at.AppealID).Scan(&n); err != nil {
			return err
		} else if n >= minyi.MaxAttachmentCount {
			return minyi.Errorf(minyi.EINVALID, "每件诉求最多 %d 个附件", "at most %d attachments per appeal", minyi.MaxAttachmentCount)
		}
		const q = `INSERT INTO attachments (appeal_id, name, content_type, size, path, created_at)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
		return tx.QueryRow(ctx, q, at.AppealID, at.Name, at.ContentType, at.Size, at.Path, ms(at.CreatedAt)).Scan(&at.ID)
	})
}

const attachmentSelect = `SELECT id, appeal_id, name, content_type, size, path, created_at FROM attachments`

func scanAttachment(s scanner) (*minyi.Attachment, error) {
	var at minyi.Attachment
	var created int64
	if err := s.Scan(&at.ID, &at.AppealID, &at.Name, &at.ContentType, &at.Size, &at.Path, &created); err != nil {
		return nil, err
	}
	at.CreatedAt = fromMS(created)
	return &at, nil
}

// ListAttachments returns the files of an appeal in upload order.
func (db *DB) ListAttachments(ctx context.Context, appealID int64) ([]*minyi.Attachment, error) {
	const q = attachmentSelect + ` WHERE appeal_id = ? ORDER BY id`
	rows, err := db.query(ctx, q, appealID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.Attachment
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, at)
	}
	return list, rows.Err()
}

// FindAttachment returns one attachment's metadata. Callers check that the
// user may read its appeal.
func (db *DB) FindAttachment(ctx context.Context, id int64) (*minyi.Attachment, error) {
	const q = attachmentSelect + ` WHERE id = ?`
	at, err := scanAttachment(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("附件", "attachment")
	}
	return at, err
}
