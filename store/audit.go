package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"minyi"
)

// auditHash chains an audit row to the one before it:
// sha256(prev_hash || each field, length-prefixed).
func auditHash(prev string, e *minyi.AuditEntry) string {
	h := sha256.New()
	h.Write([]byte(prev))
	var n [8]byte
	for _, f := range []string{strconv.FormatInt(e.UserID, 10), e.Username, e.Action, e.Target, e.Detail, strconv.FormatInt(ms(e.At), 10)} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit appends an entry to the audit log. Entries form a hash chain, so a
// changed or deleted row shows in VerifyAudit.
func (db *DB) Audit(ctx context.Context, e *minyi.AuditEntry) error {
	e.Action = strings.TrimSpace(e.Action)
	if e.Action == "" {
		return minyi.Errorf(minyi.EINVALID, "审计记录缺少操作", "audit entry needs an action")
	}
	if e.At.IsZero() {
		e.At = db.now()
	}
	e.At = fromMS(ms(e.At))
	return db.inTx(ctx, func(tx *Tx) error {
		if err := db.lockChain(ctx, tx, 1); err != nil {
			return err
		}
		prev := ""
		const qLast = `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`
		rows, err := tx.Query(ctx, qLast)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := rows.Scan(&prev); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		const q = `INSERT INTO audit_log (user_id, username, action, target, detail, at, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		return tx.QueryRow(ctx, q, e.UserID, e.Username, e.Action, e.Target, e.Detail, ms(e.At), prev, auditHash(prev, e)).Scan(&e.ID)
	})
}

// ListAudit returns the newest entries first (default 100, at most 1000).
func (db *DB) ListAudit(ctx context.Context, limit int) ([]*minyi.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	} else if limit > 1000 {
		limit = 1000
	}
	const q = `SELECT id, user_id, username, action, target, detail, at FROM audit_log ORDER BY id DESC LIMIT ?`
	rows, err := db.query(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.AuditEntry
	for rows.Next() {
		var e minyi.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &e.UserID, &e.Username, &e.Action, &e.Target, &e.Detail, &at); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		list = append(list, &e)
	}
	return list, rows.Err()
}

// VerifyAudit walks the audit log from the start and recomputes the hash
// chain. It returns ok=false and the ID of the first row that does not fit
// (changed, or following a deleted row).
func (db *DB) VerifyAudit(ctx context.Context) (ok bool, badID int64, err error) {
	const q = `SELECT id, user_id, username, action, target, detail, at, prev_hash, hash FROM audit_log ORDER BY id`
	rows, err := db.query(ctx, q)
	if err != nil {
		return false, 0, err
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		var e minyi.AuditEntry
		var at int64
		var prevHash, hash string
		if err := rows.Scan(&e.ID, &e.UserID, &e.Username, &e.Action, &e.Target, &e.Detail, &at, &prevHash, &hash); err != nil {
			return false, 0, err
		}
		e.At = fromMS(at)
		if prevHash != prev || auditHash(prev, &e) != hash {
			return false, e.ID, nil
		}
		prev = hash
	}
	if err := rows.Err(); err != nil {
		return false, 0, err
	}
	return true, 0, nil
}
