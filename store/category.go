package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"minyi"
)

// ImportCategories adds the category paths (each 1–3 names, top level
// first) that are not stored yet and returns how many nodes it created.
// Importing the same paths again creates nothing.
func (db *DB) ImportCategories(ctx context.Context, in [][]string) (int, error) {
	paths := make([][]string, len(in))
	for i, p := range in {
		p = append([]string(nil), p...)
		paths[i] = p
		if len(p) < 1 || len(p) > 3 {
			return 0, minyi.Errorf(minyi.EINVALID, "第 %d 个分类应有 1 到 3 级", "category %d must have 1 to 3 levels", i+1)
		}
		for j, name := range p {
			name = strings.TrimSpace(name)
			if name == "" || strings.Contains(name, "/") {
				return 0, minyi.Errorf(minyi.EINVALID, "第 %d 个分类的名称为空或含有“/”", "category %d has an empty name or one containing '/'", i+1)
			}
			p[j] = name
		}
	}
	created := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		ids := map[string]int64{}
		const qAll = `SELECT id, path FROM categories`
		rows, err := tx.Query(ctx, qAll)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var path string
			if err := rows.Scan(&id, &path); err != nil {
				rows.Close()
				return err
			}
			ids[path] = id
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, p := range paths {
			var parent int64
			for level := 1; level <= len(p); level++ {
				path := strings.Join(p[:level], "/")
				if id, ok := ids[path]; ok {
					parent = id
					continue
				}
				const q = `INSERT INTO categories (parent_id, level, name, path) VALUES (?, ?, ?, ?)
ON CONFLICT (path) DO NOTHING RETURNING id`
				var id int64
				err := tx.QueryRow(ctx, q, nullID(parent), level, p[level-1], path).Scan(&id)
				if errors.Is(err, sql.ErrNoRows) {
					// Added by a concurrent import after we looked.
					const qFind = `SELECT id FROM categories WHERE path = ?`
					if err := tx.QueryRow(ctx, qFind, path).Scan(&id); err != nil {
						return err
					}
				} else if err != nil {
					return err
				} else {
					created++
				}
				ids[path], parent = id, id
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}

func scanCategory(s scanner) (*minyi.Category, error) {
	var c minyi.Category
	var parent sql.NullInt64
	if err := s.Scan(&c.ID, &parent, &c.Level, &c.Name, &c.Path); err != nil {
		return nil, err
	}
	c.ParentID = parent.Int64
	return &c, nil
}

// ListCategories returns the whole taxonomy ordered by path.
func (db *DB) ListCategories(ctx context.Context) ([]*minyi.Category, error) {
	const q = `SELECT id, parent_id, level, name, path FROM categories`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	// Sorted here, not in SQL, so both engines order bytes the same way
	// whatever the database collation.
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list, rows.Err()
}

// FindCategory returns one category.
func (db *DB) FindCategory(ctx context.Context, id int64) (*minyi.Category, error) {
	const q = `SELECT id, parent_id, level, name, path FROM categories WHERE id = ?`
	c, err := scanCategory(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("分类", "category")
	}
	return c, err
}

// categoryTx reads the category an action sets, inside its transaction. An
// unknown one is a field error: the form shows it next to the choice.
func categoryTx(ctx context.Context, tx *Tx, id int64) (*minyi.Category, error) {
	const q = `SELECT id, parent_id, level, name, path FROM categories WHERE id = ?`
	c, err := scanCategory(tx.QueryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "诉求分类不存在", MessageEN: "unknown category",
			Fields: map[string]string{"category_id": "诉求分类不存在"}}
	}
	return c, err
}
