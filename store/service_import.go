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
			return 0, minyi.Errorf(minyi.EINVALID, "第 %d 个事项无效：%s", "item %d is invalid: %s", i+1, fieldSummary(err))
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
		replaced = 0
		existing, err := storedCodes(ctx, tx, codes)
		if err != nil {
			return err
		}
		var fresh []*minyi.ServiceItem
		for _, s := range items {
			if id, ok := existing[s.Code]; ok && s.Code != "" {
				s.ID = id
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
		const q = `INSERT INTO service_items (id, ` + serviceItemColumns + `)`
		err = insertRows(ctx, tx, q, serviceItemColumnCount+1, len(fresh), func(i int) []any {
			return append([]any{fresh[i].ID}, serviceItemValues(fresh[i])...)
		})
		if err != nil {
			return fmt.Errorf("import service items: %w", err)
		}
		return insertLifeEvents(ctx, tx, items)
	})
	if err != nil {
		return 0, err
	}
	// Replaced items keep their views and creation time in the database;
	// read them back so that the items in memory say the same.
	if replaced > 0 {
		for _, s := range items {
			if stored, err := db.FindServiceItem(ctx, s.ID); err == nil {
				s.Views, s.CreatedAt = stored.Views, stored.CreatedAt
			}
		}
	}
	return replaced, nil
}

// storedCodes returns the IDs of the stored items with the given codes.
func storedCodes(ctx context.Context, tx *Tx, codes map[string]int) (map[string]int64, error) {
	list := make([]any, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	out := map[string]int64{}
	for start := 0; start < len(list); start += 500 {
		part := list[start:min(len(list), start+500)]
		q := `SELECT id, code FROM service_items WHERE code IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ") + `)`
		rows, err := tx.Query(ctx, q, part...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return nil, err
			}
			out[code] = id
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fieldSummary joins the field messages of a validation error.
func fieldSummary(err error) string {
	fields := minyi.ErrorFields(err)
	if len(fields) == 0 {
		return minyi.ErrorMessage(err)
	}
	parts := make([]string, 0, len(fields))
	for _, k := range []string{"name", "code", "type", "department", "theme", "phone", "hours", "link", "visits", "life_events",
		"basis", "conditions", "materials", "process", "legal_limit", "promised_limit", "fees", "place", "summary"} {
		if m, ok := fields[k]; ok {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, "；")
}
