package store

import (
	"context"
	"fmt"
	"strings"

	"minyi"
)

// ImportServiceItems bulk-loads catalogue items in one transaction: new
// items by multi-row INSERTs, items whose code is stored already by an
// UPDATE each (re-importing a catalogue refreshes it without losing the
// views). Every item is validated first; one invalid item or a code given
// twice stops the import before anything is written.
func (db *DB) ImportServiceItems(ctx context.Context, items []*minyi.ServiceItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	now := db.now()
	codes := map[string]int{}
	for i, s := range items {
		if err := s.Validate(); err != nil {
			return 0, minyi.Errorf(minyi.EINVALID, "第 %d 个事项无效：%s", "item %d is invalid: %s", i+1, minyi.FieldsText(err, minyi.ServiceFields))
		}
		if s.Code != "" {
			if j, dup := codes[s.Code]; dup {
				return 0, minyi.Errorf(minyi.EINVALID, "第 %d 和第 %d 个事项的编码都是“%s”", "items %d and %d share the code %q", j+1, i+1, s.Code)
			}
			codes[s.Code] = i
		}
		s.CreatedAt, s.UpdatedAt, s.Views = now, now, 0
	}
	replaced := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		existing, err := storedCodes(ctx, tx, codes)
		if err != nil {
			return err
		}
		var fresh []*minyi.ServiceItem
		for _, s := range items {
			if old, ok := existing[s.Code]; ok && s.Code != "" {
				// A replaced item keeps its views and creation time.
				s.ID, s.Views, s.CreatedAt = old.ID, old.Views, old.CreatedAt
				if err := updateServiceItem(ctx, tx, s); err != nil {
					return err
				}
				replaced++
				continue
			}
			fresh = append(fresh, s)
		}
		ids, err := db.reserveIDs(ctx, tx, "service_items", len(fresh))
		if err != nil {
			return err
		}
		for i, s := range fresh {
			s.ID = ids[i]
		}
		if err := db.insertServiceItems(ctx, tx, fresh); err != nil {
			return fmt.Errorf("import service items: %w", err)
		}
		return insertLifeEvents(ctx, tx, items)
	})
	if err != nil {
		return 0, err
	}
	return replaced, nil
}

// storedCodes returns the stored items with the given codes: their IDs,
// views and creation times.
func storedCodes(ctx context.Context, tx *Tx, codes map[string]int) (map[string]*minyi.ServiceItem, error) {
	list := make([]any, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	out := map[string]*minyi.ServiceItem{}
	if tx.db.dialect == Postgres && len(list) > 0 {
		// Without fresh statistics (a table filled by this very import)
		// PostgreSQL takes 500 codes for a large part of the table and
		// scans all of it, so each batch of a long import would be slower
		// than the one before; the unique index answers in microseconds.
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return nil, err
		}
		defer tx.Exec(ctx, `SET LOCAL enable_seqscan = on`)
	}
	for start := 0; start < len(list); start += 500 {
		part := list[start:min(len(list), start+500)]
		// code <> '' lets both engines use the partial unique index.
		q := `SELECT id, code, views, created_at FROM service_items WHERE code <> '' AND code IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ") + `)`
		rows, err := tx.Query(ctx, q, part...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			s := &minyi.ServiceItem{}
			var created int64
			if err := rows.Scan(&s.ID, &s.Code, &s.Views, &created); err != nil {
				rows.Close()
				return nil, err
			}
			s.CreatedAt = fromMS(created)
			out[s.Code] = s
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertServiceItems writes new items with their IDs set. PostgreSQL gets
// one array per column and a single INSERT … SELECT FROM unnest, which
// binds 23 parameters instead of 32,000 and is several times faster;
// SQLite has no arrays and takes multi-row INSERTs.
func (db *DB) insertServiceItems(ctx context.Context, tx *Tx, items []*minyi.ServiceItem) error {
	if len(items) == 0 {
		return nil
	}
	if db.dialect != Postgres {
		const q = `INSERT INTO service_items (id, ` + serviceItemColumns + `)`
		return insertRows(ctx, tx, q, serviceItemColumnCount+1, len(items), func(i int) []any {
			return append([]any{items[i].ID}, serviceItemValues(items[i])...)
		})
	}
	n := len(items)
	ids, visits, views, created, updated := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	texts := make([][]string, 18) // the text columns, in serviceItemColumns order
	for c := range texts {
		texts[c] = make([]string, n)
	}
	for i, s := range items {
		ids[i], views[i], created[i], updated[i] = s.ID, s.Views, ms(s.CreatedAt), ms(s.UpdatedAt)
		visits[i] = -1 // NULL
		if s.Visits != nil {
			visits[i] = int64(*s.Visits)
		}
		for c, v := range []string{s.Name, s.Code, s.Type, s.Department, s.Basis, s.Conditions, s.Materials, s.Process,
			s.LegalLimit, s.PromisedLimit, s.Fees, s.Place, s.Hours, s.Phone, s.Link, s.Theme, extraJSON(s.Extra), s.Summary} {
			texts[c][i] = v
		}
	}
	args := []any{ids}
	for _, t := range texts {
		args = append(args, t)
	}
	args = append(args, visits, views, created, updated)
	const q = `INSERT INTO service_items (id, ` + serviceItemColumns + `)
SELECT id, name, code, type, department, basis, conditions, materials, process, legal_limit, promised_limit,
	fees, place, hours, phone, NULLIF(visits, -1), link, theme, extra, summary, views, created_at, updated_at
FROM unnest(?::bigint[],
	?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
	?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
	?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
AS t (id, name, code, type, department, basis, conditions, materials, process, legal_limit, promised_limit,
	fees, place, hours, phone, link, theme, extra, summary, visits, views, created_at, updated_at)`
	_, err := tx.Exec(ctx, q, args...)
	return err
}
