package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"minyi"
)

const serviceItemColumns = `name, code, type, department, basis, conditions, materials, process,
legal_limit, promised_limit, fees, place, hours, phone, visits, link, theme, extra, summary,
views, created_at, updated_at`

const serviceItemColumnCount = 22

// serviceItemValues are the values of serviceItemColumns.
func serviceItemValues(s *minyi.ServiceItem) []any {
	var visits sql.NullInt64
	if s.Visits != nil {
		visits = sql.NullInt64{Int64: int64(*s.Visits), Valid: true}
	}
	return []any{s.Name, s.Code, s.Type, s.Department, s.Basis, s.Conditions, s.Materials, s.Process,
		s.LegalLimit, s.PromisedLimit, s.Fees, s.Place, s.Hours, s.Phone, visits, s.Link, s.Theme,
		extraJSON(s.Extra), s.Summary, s.Views, ms(s.CreatedAt), ms(s.UpdatedAt)}
}

func extraJSON(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return string(b)
}

func scanServiceItem(sc scanner) (*minyi.ServiceItem, error) {
	s := &minyi.ServiceItem{}
	var visits sql.NullInt64
	var extra string
	var created, updated int64
	err := sc.Scan(&s.ID, &s.Name, &s.Code, &s.Type, &s.Department, &s.Basis, &s.Conditions, &s.Materials,
		&s.Process, &s.LegalLimit, &s.PromisedLimit, &s.Fees, &s.Place, &s.Hours, &s.Phone, &visits,
		&s.Link, &s.Theme, &extra, &s.Summary, &s.Views, &created, &updated)
	if err != nil {
		return nil, err
	}
	if visits.Valid {
		v := int(visits.Int64)
		s.Visits = &v
	}
	if extra != "" && extra != "{}" {
		if err := json.Unmarshal([]byte(extra), &s.Extra); err != nil {
			return nil, fmt.Errorf("service item %d: extra: %w", s.ID, err)
		}
	}
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	s.LifeEvents = []string{}
	return s, nil
}

func errServiceCode(code string) error {
	return &minyi.Error{Code: minyi.ECONFLICT, Message: "事项编码“" + code + "”已被其他事项使用",
		MessageEN: "service item code " + code + " is taken", Fields: map[string]string{"code": "事项编码已被其他事项使用"}}
}

// CreateServiceItem validates and stores a new item.
func (db *DB) CreateServiceItem(ctx context.Context, s *minyi.ServiceItem) error {
	if err := s.Validate(); err != nil {
		return err
	}
	now := db.now()
	s.CreatedAt, s.UpdatedAt, s.Views = now, now, 0
	return db.inTx(ctx, func(tx *Tx) error {
		q := `INSERT INTO service_items (` + serviceItemColumns + `) VALUES (` +
			strings.TrimSuffix(strings.Repeat("?, ", serviceItemColumnCount), ", ") + `) RETURNING id`
		err := tx.QueryRow(ctx, q, serviceItemValues(s)...).Scan(&s.ID)
		if isUniqueViolation(err) {
			return errServiceCode(s.Code)
		} else if err != nil {
			return err
		}
		return insertLifeEvents(ctx, tx, []*minyi.ServiceItem{s})
	})
}

// UpdateServiceItem replaces the editable fields of an item.
func (db *DB) UpdateServiceItem(ctx context.Context, s *minyi.ServiceItem) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.UpdatedAt = db.now()
	return db.inTx(ctx, func(tx *Tx) error {
		var created, views int64
		const qOld = `SELECT created_at, views FROM service_items WHERE id = ?`
		err := tx.QueryRow(ctx, qOld, s.ID).Scan(&created, &views)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("办事事项", "service item")
		} else if err != nil {
			return err
		}
		s.CreatedAt, s.Views = fromMS(created), views
		if err := updateServiceItem(ctx, tx, s); isUniqueViolation(err) {
			return errServiceCode(s.Code)
		} else if err != nil {
			return err
		}
		return insertLifeEvents(ctx, tx, []*minyi.ServiceItem{s})
	})
}

// updateServiceItem overwrites a stored item's fields (not its views or
// creation time) and clears its life events, for insertLifeEvents.
func updateServiceItem(ctx context.Context, tx *Tx, s *minyi.ServiceItem) error {
	const q = `UPDATE service_items SET name = ?, code = ?, type = ?, department = ?, basis = ?,
conditions = ?, materials = ?, process = ?, legal_limit = ?, promised_limit = ?, fees = ?, place = ?,
hours = ?, phone = ?, visits = ?, link = ?, theme = ?, extra = ?, summary = ?, updated_at = ? WHERE id = ?`
	v := serviceItemValues(s)
	args := append(v[:19:19], ms(s.UpdatedAt), s.ID)
	if _, err := tx.Exec(ctx, q, args...); err != nil {
		return err
	}
	const qDel = `DELETE FROM service_item_life_events WHERE item_id = ?`
	_, err := tx.Exec(ctx, qDel, s.ID)
	return err
}

func insertLifeEvents(ctx context.Context, tx *Tx, items []*minyi.ServiceItem) error {
	type pair struct {
		id    int64
		event string
	}
	var rows []pair
	for _, s := range items {
		for _, e := range s.LifeEvents {
			rows = append(rows, pair{s.ID, e})
		}
	}
	if tx.db.dialect == Postgres && len(rows) > 100 {
		ids, events := make([]int64, len(rows)), make([]string, len(rows))
		for i, r := range rows {
			ids[i], events[i] = r.id, r.event
		}
		const q = `INSERT INTO service_item_life_events (item_id, life_event) SELECT * FROM unnest(?::bigint[], ?::text[])`
		_, err := tx.Exec(ctx, q, ids, events)
		return err
	}
	const q = `INSERT INTO service_item_life_events (item_id, life_event)`
	return insertRows(ctx, tx, q, 2, len(rows), func(i int) []any { return []any{rows[i].id, rows[i].event} })
}

// FindServiceItem returns one item with its life events.
func (db *DB) FindServiceItem(ctx context.Context, id int64) (*minyi.ServiceItem, error) {
	const q = `SELECT id, ` + serviceItemColumns + ` FROM service_items WHERE id = ?`
	s, err := scanServiceItem(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("办事事项", "service item")
	} else if err != nil {
		return nil, err
	}
	return s, db.loadLifeEvents(ctx, []*minyi.ServiceItem{s})
}

// loadLifeEvents fills the life events of items, in display order.
func (db *DB) loadLifeEvents(ctx context.Context, items []*minyi.ServiceItem) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[int64]*minyi.ServiceItem, len(items))
	args := make([]any, 0, len(items))
	for _, s := range items {
		byID[s.ID] = s
		args = append(args, s.ID)
	}
	got := map[int64]map[string]bool{}
	for start := 0; start < len(args); start += 500 {
		part := args[start:min(len(args), start+500)]
		q := `SELECT item_id, life_event FROM service_item_life_events WHERE item_id IN (` +
			strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ") + `)`
		rows, err := db.query(ctx, q, part...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var e string
			if err := rows.Scan(&id, &e); err != nil {
				rows.Close()
				return err
			}
			if got[id] == nil {
				got[id] = map[string]bool{}
			}
			got[id][e] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	for id, set := range got {
		s := byID[id]
		for _, e := range minyi.LifeEventList {
			if set[e.Name] {
				s.LifeEvents = append(s.LifeEvents, e.Name)
			}
		}
	}
	return nil
}

// serviceWhere builds the WHERE clause of a filter.
func serviceWhere(f minyi.ServiceItemFilter) (string, []any) {
	var conds []string
	var args []any
	if f.Department != "" {
		conds, args = append(conds, `department = ?`), append(args, f.Department)
	}
	if f.Theme != "" {
		conds, args = append(conds, `theme = ?`), append(args, f.Theme)
	}
	if f.LifeEvent != "" {
		conds = append(conds, `id IN (SELECT item_id FROM service_item_life_events WHERE life_event = ?)`)
		args = append(args, f.LifeEvent)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `name LIKE ? ESCAPE '\'`), append(args, "%"+likeEscape(q)+"%")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListServiceItems returns a page of items, most viewed first.
func (db *DB) ListServiceItems(ctx context.Context, f minyi.ServiceItemFilter) ([]*minyi.ServiceItem, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	where, args := serviceWhere(f)
	q := `SELECT id, ` + serviceItemColumns + ` FROM service_items` + where +
		` ORDER BY views DESC, id LIMIT ? OFFSET ?`
	rows, err := db.query(ctx, q, append(args, f.Limit, max(0, f.Offset))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.ServiceItem
	for rows.Next() {
		s, err := scanServiceItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.loadLifeEvents(ctx, out)
}

// CountServiceItems counts the items a filter selects (paging ignored).
func (db *DB) CountServiceItems(ctx context.Context, f minyi.ServiceItemFilter) (int, error) {
	where, args := serviceWhere(f)
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM service_items`+where, args...).Scan(&n)
	return n, err
}

// ViewServiceItem counts one view of an item's guide page.
func (db *DB) ViewServiceItem(ctx context.Context, id int64) error {
	const q = `UPDATE service_items SET views = views + 1 WHERE id = ?`
	res, err := db.exec(ctx, q, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errNotFound("办事事项", "service item")
	}
	return nil
}

// ServiceFacets counts the items per department, theme and life event.
func (db *DB) ServiceFacets(ctx context.Context) (*minyi.ServiceFacets, error) {
	out := &minyi.ServiceFacets{Departments: []minyi.Facet{}, Themes: []minyi.Facet{}, LifeEvents: []minyi.Facet{}}
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM service_items`).Scan(&out.Total); err != nil {
		return nil, err
	}
	facet := func(q string) ([]minyi.Facet, error) {
		rows, err := db.query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		list := []minyi.Facet{}
		for rows.Next() {
			var f minyi.Facet
			if err := rows.Scan(&f.Name, &f.Count); err != nil {
				return nil, err
			}
			list = append(list, f)
		}
		return list, rows.Err()
	}
	var err error
	const qDept = `SELECT department, COUNT(*) AS n FROM service_items WHERE department <> '' GROUP BY department ORDER BY n DESC, department`
	if out.Departments, err = facet(qDept); err != nil {
		return nil, err
	}
	const qTheme = `SELECT theme, COUNT(*) AS n FROM service_items WHERE theme <> '' GROUP BY theme ORDER BY n DESC, theme`
	if out.Themes, err = facet(qTheme); err != nil {
		return nil, err
	}
	const qLife = `SELECT life_event, COUNT(*) FROM service_item_life_events GROUP BY life_event`
	life, err := facet(qLife)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range life {
		counts[f.Name] = f.Count
	}
	for _, e := range minyi.LifeEventList {
		out.LifeEvents = append(out.LifeEvents, minyi.Facet{Name: e.Name, Count: counts[e.Name]})
	}
	return out, nil
}
