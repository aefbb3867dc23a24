package store

import (
	"context"
	"database/sql"
	"errors"

	"minyi"
)

const policyColumns = `id, title, department, doc_no, body, created_by, created_at, updated_at`

func scanPolicy(sc scanner) (*minyi.PolicyDoc, error) {
	p := &minyi.PolicyDoc{}
	var by sql.NullInt64
	var created, updated int64
	if err := sc.Scan(&p.ID, &p.Title, &p.Department, &p.DocNo, &p.Body, &by, &created, &updated); err != nil {
		return nil, err
	}
	p.CreatedBy = by.Int64
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, nil
}

// CreatePolicy validates and stores a policy document.
func (db *DB) CreatePolicy(ctx context.Context, p *minyi.PolicyDoc) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := db.now()
	p.CreatedAt, p.UpdatedAt = now, now
	const q = `INSERT INTO policy_docs (title, department, doc_no, body, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
	return db.write.QueryRowContext(ctx, db.rebind(q), p.Title, p.Department, p.DocNo, p.Body,
		nullID(p.CreatedBy), ms(now), ms(now)).Scan(&p.ID)
}

// UpdatePolicy replaces a document's title, department, number and text.
func (db *DB) UpdatePolicy(ctx context.Context, p *minyi.PolicyDoc) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.UpdatedAt = db.now()
	const q = `UPDATE policy_docs SET title = ?, department = ?, doc_no = ?, body = ?, updated_at = ? WHERE id = ?`
	res, err := db.exec(ctx, q, p.Title, p.Department, p.DocNo, p.Body, ms(p.UpdatedAt), p.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errNotFound("政策文件", "policy document")
	}
	old, err := db.FindPolicy(ctx, p.ID)
	if err != nil {
		return err
	}
	p.CreatedBy, p.CreatedAt = old.CreatedBy, old.CreatedAt
	return nil
}

// FindPolicy returns one policy document.
func (db *DB) FindPolicy(ctx context.Context, id int64) (*minyi.PolicyDoc, error) {
	const q = `SELECT ` + policyColumns + ` FROM policy_docs WHERE id = ?`
	p, err := scanPolicy(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("政策文件", "policy document")
	}
	return p, err
}

// ListPolicies returns a page of documents, the newest first.
func (db *DB) ListPolicies(ctx context.Context, offset, limit int) ([]*minyi.PolicyDoc, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	const q = `SELECT ` + policyColumns + ` FROM policy_docs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`
	rows, err := db.query(ctx, q, limit, max(0, offset))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.PolicyDoc
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountPolicies counts the stored policy documents.
func (db *DB) CountPolicies(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM policy_docs`).Scan(&n)
	return n, err
}

var (
	_ minyi.ServiceItemService = (*DB)(nil)
	_ minyi.PolicyService      = (*DB)(nil)
)
