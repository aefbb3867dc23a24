package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"minyi"
)

func scanUnit(s scanner) (*minyi.Unit, error) {
	var u minyi.Unit
	var parent sql.NullInt64
	if err := s.Scan(&u.ID, &parent, &u.Code, &u.Name, &u.Kind); err != nil {
		return nil, err
	}
	u.ParentID = parent.Int64
	return &u, nil
}

// unitPath returns the names from the top of the tree down to a unit,
// joined with "/".
func (db *DB) unitPath(ctx context.Context, id int64) (string, error) {
	const q = `WITH RECURSIVE up (id, parent_id, name, depth) AS (
	SELECT id, parent_id, name, 0 FROM units WHERE id = ?
	UNION ALL
	SELECT u.id, u.parent_id, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 32
)
SELECT name FROM up ORDER BY depth DESC`
	rows, err := db.query(ctx, q, id)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		names = append(names, n)
	}
	return strings.Join(names, "/"), rows.Err()
}

func normalizeUnit(u *minyi.Unit) {
	u.Name = strings.TrimSpace(u.Name)
	u.Code = strings.TrimSpace(u.Code)
}

func errUnitCode(code string) error {
	return &minyi.Error{Code: minyi.ECONFLICT, Message: "单位编码 " + code + " 已存在", MessageEN: "unit code " + code + " already exists", Fields: map[string]string{"code": "单位编码已存在"}}
}

func errUnitParent() error {
	return &minyi.Error{Code: minyi.EINVALID, Message: "上级单位不存在", MessageEN: "unknown parent unit", Fields: map[string]string{"parent_id": "上级单位不存在"}}
}

// CreateUnit adds a unit to the organisation tree.
func (db *DB) CreateUnit(ctx context.Context, u *minyi.Unit) error {
	normalizeUnit(u)
	if err := u.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if u.ParentID != 0 {
			const q = `SELECT COUNT(*) FROM units WHERE id = ?`
			var n int
			if err := tx.QueryRow(ctx, q, u.ParentID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return errUnitParent()
			}
		}
		const q = `INSERT INTO units (parent_id, code, name, kind) VALUES (?, ?, ?, ?) RETURNING id`
		err := tx.QueryRow(ctx, q, nullID(u.ParentID), u.Code, u.Name, u.Kind).Scan(&u.ID)
		if isUniqueViolation(err) {
			return errUnitCode(u.Code)
		}
		return err
	})
	if err != nil {
		return err
	}
	u.Path, err = db.unitPath(ctx, u.ID)
	return err
}

// UpdateUnit changes a unit's code, name, kind or parent. A unit cannot be
// moved under itself or one of its descendants.
func (db *DB) UpdateUnit(ctx context.Context, u *minyi.Unit) error {
	normalizeUnit(u)
	if err := u.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if u.ParentID != 0 {
			// The ancestors of the new parent, itself included, must exist
			// and must not include the unit.
			const q = `WITH RECURSIVE up (id, parent_id, depth) AS (
	SELECT id, parent_id, 0 FROM units WHERE id = ?
	UNION ALL
	SELECT x.id, x.parent_id, up.depth + 1 FROM units x JOIN up ON x.id = up.parent_id WHERE up.depth < 32
)
SELECT id FROM up`
			rows, err := tx.Query(ctx, q, u.ParentID)
			if err != nil {
				return err
			}
			found, cycle := false, false
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				found = true
				cycle = cycle || id == u.ID
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if !found {
				return errUnitParent()
			}
			if cycle {
				return &minyi.Error{Code: minyi.EINVALID, Message: "上级单位不能是本单位或其下级单位", MessageEN: "a unit cannot be moved under itself", Fields: map[string]string{"parent_id": "上级单位不能是本单位或其下级单位"}}
			}
		}
		const q = `UPDATE units SET parent_id = ?, code = ?, name = ?, kind = ? WHERE id = ?`
		res, err := tx.Exec(ctx, q, nullID(u.ParentID), u.Code, u.Name, u.Kind, u.ID)
		if isUniqueViolation(err) {
			return errUnitCode(u.Code)
		} else if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errNotFound("单位", "unit")
		}
		return nil
	})
	if err != nil {
		return err
	}
	u.Path, err = db.unitPath(ctx, u.ID)
	return err
}

// FindUnit returns a unit with its path.
func (db *DB) FindUnit(ctx context.Context, id int64) (*minyi.Unit, error) {
	const q = `SELECT id, parent_id, code, name, kind FROM units WHERE id = ?`
	u, err := scanUnit(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("单位", "unit")
	} else if err != nil {
		return nil, err
	}
	u.Path, err = db.unitPath(ctx, u.ID)
	return u, err
}

// FindUnitByName returns the unit with a name (the oldest, should two units
// share it).
func (db *DB) FindUnitByName(ctx context.Context, name string) (*minyi.Unit, error) {
	const q = `SELECT id, parent_id, code, name, kind FROM units WHERE name = ? ORDER BY id LIMIT 1`
	u, err := scanUnit(db.queryRow(ctx, q, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, minyi.Errorf(minyi.ENOTFOUND, "单位“%s”不存在", "unit %q not found", name)
	} else if err != nil {
		return nil, err
	}
	u.Path, err = db.unitPath(ctx, u.ID)
	return u, err
}

// ListUnits returns every unit with its path, ordered by path.
func (db *DB) ListUnits(ctx context.Context) ([]*minyi.Unit, error) {
	const q = `SELECT id, parent_id, code, name, kind FROM units`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.Unit
	byID := map[int64]*minyi.Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
		byID[u.ID] = u
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, u := range list {
		var names []string
		for x, depth := u, 0; x != nil && depth < 32; x, depth = byID[x.ParentID], depth+1 {
			names = append(names, x.Name)
		}
		for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
			names[i], names[j] = names[j], names[i]
		}
		u.Path = strings.Join(names, "/")
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list, nil
}

// IsEmpty reports whether the database has no units yet: a first start,
// before any data is loaded.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	const q = `SELECT COUNT(*) FROM (SELECT id FROM units LIMIT 1) x`
	var n int
	err := db.queryRow(ctx, q).Scan(&n)
	return n == 0, err
}
