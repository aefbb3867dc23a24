package store

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"minyi"
)

// ImportItem is one appeal with its timeline, for bulk loads.
type ImportItem struct {
	Appeal *minyi.Appeal
	Events []*minyi.Event
}

// Rows per multi-row INSERT: below SQLite's limit of 32766 variables.
const maxImportVars = 32000

// reserveIDs returns n unused IDs of a table, ascending. On SQLite the write
// transaction holds the database lock, so the IDs after the largest are
// free; on PostgreSQL they come from the identity sequence.
func (db *DB) reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if db.dialect == Postgres {
		q := `SELECT nextval(pg_get_serial_sequence('` + table + `', 'id')) FROM generate_series(1, ?)`
		rows, err := tx.Query(ctx, q, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids, rows.Err()
	}
	q := `SELECT COALESCE(MAX(id), 0) FROM ` + table
	var last int64
	if err := tx.QueryRow(ctx, q).Scan(&last); err != nil {
		return nil, err
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}

// insertRows writes rows with multi-row INSERTs of as many rows as the
// variable limit allows. head is "INSERT INTO t (c1, …)", cols the column
// count and values(i) the values of row i.
func insertRows(ctx context.Context, tx *Tx, head string, cols, n int, values func(i int) []any) error {
	per := max(1, maxImportVars/cols)
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var full string
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		var q string
		if end-start == per && full != "" {
			q = full
		} else {
			q = head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", end-start), ", ")
			if end-start == per {
				full = q
			}
		}
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			args = append(args, values(i)...)
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// ImportAppeals bulk-loads appeals with their own times, states, deadlines
// and timelines, in one transaction. Appeals without a tracking number get
// one from the counter of the day they were received; each Appeal.ID and
// each event's AppealID are set. A category may be given by path and a unit
// by name instead of by ID. No outbox rows are written.
func (db *DB) ImportAppeals(ctx context.Context, items []ImportItem) error {
	if len(items) == 0 {
		return nil
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	for i, it := range items {
		a := it.Appeal
		if a == nil {
			return minyi.Errorf(minyi.EINVALID, "第 %d 条记录没有诉求", "item %d has no appeal", i+1)
		}
		_, okType := minyi.AppealTypeLabels[a.Type]
		_, okChannel := minyi.ChannelLabels[a.Channel]
		_, okStatus := minyi.StatusLabels[a.Status]
		if !okType || !okChannel || !okStatus || strings.TrimSpace(a.Title) == "" || a.ReceivedAt.IsZero() {
			return minyi.Errorf(minyi.EINVALID, "第 %d 条诉求缺少类型、渠道、状态、标题或受理时间", "item %d lacks a valid type, channel, status, title or received time", i+1)
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.ReceivedAt
		}
		normalizeTimes(a)
	}

	err = db.inTx(ctx, func(tx *Tx) error {
		if err := db.resolveImportRefs(ctx, tx, items); err != nil {
			return err
		}

		// Tracking numbers: one counter update per day for the new ones;
		// given ones push the counter past themselves.
		pattern := regexp.MustCompile(`^` + regexp.QuoteMeta(settings.Prefix) + `(\d{8})(\d{6,})$`)
		perDay := map[string][]*minyi.Appeal{}
		var days []string
		given := map[string]int64{}
		for _, it := range items {
			a := it.Appeal
			if a.TrackingNo == "" {
				d := trackingDay(a.ReceivedAt)
				if perDay[d] == nil {
					days = append(days, d)
				}
				perDay[d] = append(perDay[d], a)
			} else if m := pattern.FindStringSubmatch(a.TrackingNo); m != nil {
				seq, _ := strconv.ParseInt(m[2], 10, 64)
				given[m[1]] = max(given[m[1]], seq)
			}
		}
		for day, seq := range given {
			const q = `INSERT INTO tracking_counters (day, seq) VALUES (?, ?)
ON CONFLICT (day) DO UPDATE SET seq = CASE WHEN tracking_counters.seq < excluded.seq THEN excluded.seq ELSE tracking_counters.seq END`
			if _, err := tx.Exec(ctx, q, day, seq); err != nil {
				return err
			}
		}
		for _, day := range days {
			list := perDay[day]
			first, err := nextSeq(ctx, tx, day, len(list))
			if err != nil {
				return err
			}
			for i, a := range list {
				a.TrackingNo = fmt.Sprintf("%s%s%06d", settings.Prefix, day, first+int64(i))
			}
		}

		ids, err := db.reserveIDs(ctx, tx, "appeals", len(items))
		if err != nil {
			return err
		}
		byNo := map[string]int64{}
		for i, it := range items {
			it.Appeal.ID = ids[i]
			byNo[it.Appeal.TrackingNo] = ids[i]
		}
		for _, it := range items {
			a := it.Appeal
			if a.ParentID != 0 || a.ParentNo == "" {
				continue
			}
			if id, ok := byNo[a.ParentNo]; ok {
				a.ParentID = id
				continue
			}
			const q = `SELECT id FROM appeals WHERE tracking_no = ?`
			if err := tx.QueryRow(ctx, q, a.ParentNo).Scan(&a.ParentID); err != nil {
				return minyi.Errorf(minyi.EINVALID, "诉求 %s 的合并目标 %s 不存在", "parent %[2]s of appeal %[1]s not found", a.TrackingNo, a.ParentNo)
			}
		}

		const qAppeals = `INSERT INTO appeals (id, ` + appealColumns + `)`
		err = insertRows(ctx, tx, qAppeals, appealColumnCount+1, len(items), func(i int) []any {
			a := items[i].Appeal
			return append([]any{a.ID}, appealValues(a)...)
		})
		if err != nil {
			return fmt.Errorf("import appeals: %w", err)
		}

		var events []*minyi.Event
		for _, it := range items {
			for _, ev := range it.Events {
				ev.AppealID = it.Appeal.ID
				if ev.At.IsZero() {
					ev.At = it.Appeal.ReceivedAt
				}
				if ev.ToStatus == "" {
					ev.ToStatus = it.Appeal.Status
				}
				ev.At = fromMS(ms(ev.At))
				events = append(events, ev)
			}
		}
		const qEvents = `INSERT INTO appeal_events (appeal_id, action, actor_id, actor_name, actor_role, from_status, to_status, unit_id, unit_name, note, at)`
		err = insertRows(ctx, tx, qEvents, 11, len(events), func(i int) []any {
			ev := events[i]
			return []any{ev.AppealID, ev.Action, nullID(ev.ActorID), ev.ActorName, ev.ActorRole, ev.FromStatus, ev.ToStatus, nullID(ev.UnitID), ev.UnitName, ev.Note, ms(ev.At)}
		})
		if err != nil {
			return fmt.Errorf("import events: %w", err)
		}
		if err := db.kpiImported(ctx, tx, items, db.now()); err != nil {
			return fmt.Errorf("import kpi facts: %w", err)
		}
		return countImported(ctx, tx, items)
	})
	if err != nil {
		return err
	}
	return db.analyze(ctx)
}

// resolveImportRefs fills category IDs from paths and unit IDs from names.
func (db *DB) resolveImportRefs(ctx context.Context, tx *Tx, items []ImportItem) error {
	var categories, units map[string]int64
	load := func(q string) (map[string]int64, error) {
		rows, err := tx.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[string]int64{}
		for rows.Next() {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				return nil, err
			}
			if _, dup := m[key]; !dup {
				m[key] = id
			}
		}
		return m, rows.Err()
	}
	var err error
	for i, it := range items {
		a := it.Appeal
		if a.CategoryID == 0 && a.Category != "" {
			if categories == nil {
				const q = `SELECT id, path FROM categories`
				if categories, err = load(q); err != nil {
					return err
				}
			}
			id, ok := categories[a.Category]
			if !ok {
				return minyi.Errorf(minyi.EINVALID, "第 %d 条诉求的分类“%s”不存在", "item %d: unknown category %q", i+1, a.Category)
			}
			a.CategoryID = id
		}
		if a.UnitID == 0 && a.UnitName != "" {
			if units == nil {
				const q = `SELECT id, name FROM units ORDER BY id`
				if units, err = load(q); err != nil {
					return err
				}
			}
			id, ok := units[a.UnitName]
			if !ok {
				return minyi.Errorf(minyi.EINVALID, "第 %d 条诉求的单位“%s”不存在", "item %d: unknown unit %q", i+1, a.UnitName)
			}
			a.UnitID = id
		}
	}
	return nil
}
