package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"minyi"
	"minyi/search"
	"minyi/text"
)

var (
	_ search.Index = (*DB)(nil)
	_ search.Log   = (*DB)(nil)
)

// Weights of the index columns: a word of the name counts most, then the
// theme and the department, then the guide's text; a bigram of the name
// (the typo fallback) counts less than a word.
const (
	searchWeightName  = 10.0
	searchWeightTheme = 4.0
	searchWeightDept  = 2.0
	searchWeightBody  = 1.0
	searchWeightGrams = 1.5
	// searchWeightThemePG weighs the theme and the department together
	// (weight B of the tsvector) on PostgreSQL.
	searchWeightThemePG = 6.0
	// searchRefreshBatch is how many stale items one transaction re-cuts.
	searchRefreshBatch = 500
)

// RefreshSearchIndex re-cuts the items whose index entries are stale (the
// triggers of the search migration mark them) and returns how many. The
// search calls it first, so the index is always in step; a bulk import
// may call it at once so that the first search does not wait.
func (db *DB) RefreshSearchIndex(ctx context.Context) (int, error) {
	if err := db.checkSearchVersion(ctx); err != nil {
		return 0, err
	}
	var any int
	const qAny = `SELECT COUNT(*) FROM (SELECT 1 FROM service_search_pending LIMIT 1) p`
	if err := db.queryRow(ctx, qAny).Scan(&any); err != nil || any == 0 {
		return 0, err
	}
	seg, err := text.DefaultSegmenter()
	if err != nil {
		return 0, err
	}
	total := 0
	for {
		n := 0
		err := db.inTx(ctx, func(tx *Tx) error {
			ids, err := claimPending(ctx, tx, db.dialect)
			if err != nil || len(ids) == 0 {
				return err
			}
			n = len(ids)
			items, err := db.itemsByID(ctx, tx, ids)
			if err != nil {
				return err
			}
			return db.writeSearchEntries(ctx, tx, seg, ids, items)
		})
		if err != nil {
			return total, err
		}
		total += n
		if n > 0 {
			db.searchIndexChanged()
		}
		if n < searchRefreshBatch {
			return total, nil
		}
	}
}

// checkSearchVersion marks every item stale when the index was cut by
// another analysis than this build's (search.IndexVersion), and records
// this build's. It reads the database once per process while the
// version matches.
func (db *DB) checkSearchVersion(ctx context.Context) error {
	if db.searchVersionOK.Load() {
		return nil
	}
	want := search.IndexVersion()
	var have string
	err := db.queryRow(ctx, `SELECT version FROM service_search_version WHERE id = 1`).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if have != want {
		err = db.inTx(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO service_search_pending (item_id) SELECT id FROM service_items WHERE true ON CONFLICT DO NOTHING`); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO service_search_version (id, version) VALUES (1, ?)
ON CONFLICT (id) DO UPDATE SET version = excluded.version`, want)
			return err
		})
		if err != nil {
			return err
		}
	}
	db.searchVersionOK.Store(true)
	return nil
}

// claimPending takes a batch of stale items off the pending list; on
// PostgreSQL concurrent refreshers take different batches.
func claimPending(ctx context.Context, tx *Tx, dialect string) ([]int64, error) {
	skip := ""
	if dialect == Postgres {
		skip = " FOR UPDATE SKIP LOCKED"
	}
	q := `DELETE FROM service_search_pending WHERE item_id IN (SELECT item_id FROM service_search_pending ORDER BY item_id LIMIT ` +
		strconv.Itoa(searchRefreshBatch) + skip + `) RETURNING item_id`
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// itemsByID reads items with their life events, in tx.
func (db *DB) itemsByID(ctx context.Context, tx *Tx, ids []int64) ([]*minyi.ServiceItem, error) {
	q := `SELECT id, ` + serviceItemColumns + ` FROM service_items WHERE id IN (` + placeholders(len(ids)) + `)`
	rows, err := tx.Query(ctx, q, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	var items []*minyi.ServiceItem
	for rows.Next() {
		s, err := scanServiceItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		items = append(items, s)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return items, db.loadLifeEvents(ctx, items)
}

// writeSearchEntries replaces the index entries of ids by those of items
// (an id without an item was deleted).
func (db *DB) writeSearchEntries(ctx context.Context, tx *Tx, seg *text.Segmenter, ids []int64, items []*minyi.ServiceItem) error {
	qDelete := `DELETE FROM service_search WHERE rowid IN (` + placeholders(len(ids)) + `)`
	if db.dialect == Postgres {
		qDelete = `DELETE FROM service_search WHERE item_id IN (` + placeholders(len(ids)) + `)`
	}
	if _, err := tx.Exec(ctx, qDelete, int64Args(ids)...); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	q := `INSERT INTO service_search (rowid, name, theme, dept, body, grams)`
	per := 6
	if db.dialect == Postgres {
		q = `INSERT INTO service_search (item_id, doc, grams) SELECT v.id::bigint,
	setweight(to_tsvector('simple', v.name), 'A') || setweight(to_tsvector('simple', v.theme || ' ' || v.dept), 'B') || setweight(to_tsvector('simple', v.body), 'C'),
	to_tsvector('simple', v.grams) FROM (VALUES `
	}
	ix := make([]search.Indexed, len(items))
	for i, s := range items {
		ix[i] = search.IndexItem(seg, s)
	}
	if db.dialect == Postgres {
		var b strings.Builder
		args := make([]any, 0, per*len(items))
		for i, s := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?::bigint, ?, ?, ?, ?, ?)")
			args = append(args, s.ID, ix[i].Name, ix[i].Theme, ix[i].Dept, ix[i].Body, ix[i].Grams)
		}
		_, err := tx.Exec(ctx, q+b.String()+`) AS v (id, name, theme, dept, body, grams)`, args...)
		return err
	}
	return insertRows(ctx, tx, q, per, len(items), func(i int) []any {
		return []any{items[i].ID, ix[i].Name, ix[i].Theme, ix[i].Dept, ix[i].Body, ix[i].Grams}
	})
}

// MatchServices ranks the catalogue for q in the database's full-text
// index: FTS5's bm25 with column weights on SQLite, ts_rank over the
// weighted tsvector on PostgreSQL, each plus the name-bigram fallback.
func (db *DB) MatchServices(ctx context.Context, q search.Query, limit int) ([]search.Hit, error) {
	if _, err := db.RefreshSearchIndex(ctx); err != nil {
		return nil, err
	}
	df, err := db.searchDFs(ctx)
	if err != nil {
		return nil, err
	}
	words, grams := pruneTerms(df, ftsTerms(q.Words()), ftsTerms(q.Grams))
	if len(words)+len(grams) == 0 || limit <= 0 {
		return nil, nil
	}
	var qs string
	var args []any
	if db.dialect == Postgres {
		wq, gq := strings.Join(words, " | "), strings.Join(grams, " | ")
		idf := termWeights(df, words)
		// ts_rank (term frequency, divided by 1 + log of the length)
		// ranked the dev questions better than ts_rank_cd (cover density);
		// it is taken word by word, each weighed by its rarity.
		weights := `'{0, ` + ftoa(searchWeightBody/searchWeightName) + `, ` + ftoa(searchWeightThemePG/searchWeightName) + `, 1}'`
		rank := "0"
		args = []any{}
		for i, w := range words {
			rank += ` + ts_rank(` + weights + `, s.doc, to_tsquery('simple', ?), 1) * ` + ftoa(idf[i])
			args = append(args, w)
		}
		qs = `SELECT s.item_id, (` + rank + `) * ` + ftoa(searchWeightName) +
			` + ts_rank(s.grams, g.q) * ` + ftoa(searchWeightGrams) + ` AS score
FROM service_search s, to_tsquery('simple', ?) w (q), to_tsquery('simple', ?) g (q)
WHERE s.doc @@ w.q OR s.grams @@ g.q ORDER BY score DESC, s.item_id LIMIT ?`
		args = append(args, wq, gq, limit)
	} else {
		var parts []string
		if len(words) > 0 {
			parts = append(parts, `{name theme dept body} : (`+strings.Join(words, " OR ")+`)`)
		}
		if len(grams) > 0 {
			parts = append(parts, `grams : (`+strings.Join(grams, " OR ")+`)`)
		}
		bm := `bm25(service_search, ` + ftoa(searchWeightName) + `, ` + ftoa(searchWeightTheme) + `, ` + ftoa(searchWeightDept) + `, ` +
			ftoa(searchWeightBody) + `, ` + ftoa(searchWeightGrams) + `)`
		qs = `SELECT rowid, -` + bm + ` AS score FROM service_search WHERE service_search MATCH ? ORDER BY ` + bm + `, rowid LIMIT ?`
		args = []any{strings.Join(parts, " OR "), limit}
	}
	rows, err := db.query(ctx, qs, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	score := map[int64]float64{}
	for rows.Next() {
		var id int64
		var s float64
		if err := rows.Scan(&id, &s); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
		score[id] = s
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return db.searchHits(ctx, ids, score)
}

// searchHits reads the items of ids with their popularity, in the order
// of ids.
func (db *DB) searchHits(ctx context.Context, ids []int64, score map[int64]float64) ([]search.Hit, error) {
	q := `SELECT i.id, ` + prefixColumns("i.", serviceItemColumns) + `, COALESCE(st.clicks, 0), COALESCE(st.helpful, 0), COALESCE(st.unhelpful, 0)
FROM service_items i LEFT JOIN service_search_stats st ON st.item_id = i.id WHERE i.id IN (` + placeholders(len(ids)) + `)`
	rows, err := db.query(ctx, q, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]search.Hit{}
	for rows.Next() {
		var h search.Hit
		var p search.Popularity
		s, err := scanServiceItem(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &p.Clicks, &p.Helpful, &p.Unhelpful)...)
		}))
		if err != nil {
			return nil, err
		}
		p.Views = s.Views
		h.Item, h.Relevance, h.Popularity = s, score[s.ID], p
		byID[s.ID] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]search.Hit, 0, len(ids))
	items := make([]*minyi.ServiceItem, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
			out = append(out, h)
			items = append(items, h.Item)
		}
	}
	return out, db.loadLifeEvents(ctx, items)
}

// scanFunc turns a function into a scanner.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// ftsTerms keeps the letters and digits of each term and quotes it, so
// that no user input is read as query syntax by FTS5 or to_tsquery.
func ftsTerms(terms []string) []string {
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		t = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				return r
			}
			return -1
		}, t)
		if t != "" {
			out = append(out, `"`+t+`"`)
		}
	}
	return out
}

// LogSearchMiss records a question with no good answer.
func (db *DB) LogSearchMiss(ctx context.Context, query, norm string, results int) error {
	const q = `INSERT INTO search_misses (query, norm, results, created_at) VALUES (?, ?, ?, ?)`
	_, err := db.exec(ctx, q, query, norm, results, ms(db.now()))
	return err
}

// SearchMisses returns the questions missed since a time, grouped by
// their normalised form, most often asked first.
func (db *DB) SearchMisses(ctx context.Context, since time.Time, n int) ([]search.Miss, error) {
	const q = `SELECT MIN(query), COUNT(*), MAX(created_at) FROM search_misses WHERE created_at >= ?
GROUP BY norm ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT ?`
	rows, err := db.query(ctx, q, ms(since), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.Miss
	for rows.Next() {
		var m search.Miss
		var last int64
		if err := rows.Scan(&m.Query, &m.Count, &last); err != nil {
			return nil, err
		}
		m.Last = fromMS(last)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveSearchFeedback stores an answer to 有帮助吗 and counts it.
func (db *DB) SaveSearchFeedback(ctx context.Context, f search.Feedback) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := countSearchStat(ctx, tx, f.ItemID, map[bool]string{true: "helpful", false: "unhelpful"}[f.Helpful]); err != nil {
			return err
		}
		const q = `INSERT INTO search_feedback (query, item_id, field, helpful, created_at) VALUES (?, ?, ?, ?, ?)`
		_, err := tx.Exec(ctx, q, f.Query, f.ItemID, string(f.Field), f.Helpful, ms(db.now()))
		return err
	})
}

// CountSearchClick counts a click on a result.
func (db *DB) CountSearchClick(ctx context.Context, itemID int64) error {
	return db.inTx(ctx, func(tx *Tx) error { return countSearchStat(ctx, tx, itemID, "clicks") })
}

// countSearchStat adds one to a counter of an item's search statistics;
// column is a constant of the callers.
func countSearchStat(ctx context.Context, tx *Tx, itemID int64, column string) error {
	var n int
	const qItem = `SELECT COUNT(*) FROM service_items WHERE id = ?`
	if err := tx.QueryRow(ctx, qItem, itemID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errNotFound("办事事项", "service item")
	}
	q := `INSERT INTO service_search_stats (item_id, ` + column + `) VALUES (?, 1)
ON CONFLICT (item_id) DO UPDATE SET ` + column + ` = service_search_stats.` + column + ` + 1`
	_, err := tx.Exec(ctx, q, itemID)
	return err
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// prefixColumns qualifies each column of a comma-separated list.
func prefixColumns(prefix, cols string) string {
	fs := strings.Split(cols, ",")
	for i, c := range fs {
		fs[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(fs, ", ")
}
