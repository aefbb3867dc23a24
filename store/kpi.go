package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/kpi"
)

// The assessment's facts and counters (migrations 0014 on SQLite, 0016
// on PostgreSQL). The store keeps them in the transaction of every change
// of an appeal (Act, ImportAppeals), looks again at the facts whose
// deadline passed before reading (refreshKPI), and recomputes whole
// months on demand (RecomputeKPI).

// factSelect reads what kpi.Of needs of an appeal, with the unit of the
// appeal it was merged into; scanFact reads it.
const factSelect = `SELECT a.id, a.status, COALESCE(a.unit_id, 0), COALESCE(p.unit_id, 0), a.received_at,
	a.sign_due, a.signed_at, a.contact_due, a.contacted_at, a.complete_due, a.replied_at,
	a.bad_ratings, a.solved, a.rating, CASE WHEN a.reply <> '' THEN 1 ELSE 0 END, a.reopens
FROM appeals a LEFT JOIN appeals p ON p.id = a.parent_id`

func scanFact(s scanner, now time.Time) (int64, kpi.Fact, error) {
	var a minyi.Appeal
	var parentUnit, received int64
	var signDue, signed, contactDue, contacted, completeDue, replied sql.NullInt64
	var solved sql.NullBool
	var rating, replied1 int
	err := s.Scan(&a.ID, &a.Status, &a.UnitID, &parentUnit, &received, &signDue, &signed, &contactDue, &contacted,
		&completeDue, &replied, &a.BadRatings, &solved, &rating, &replied1, &a.Reopens)
	if err != nil {
		return 0, kpi.Fact{}, err
	}
	a.ReceivedAt = fromMS(received)
	a.SignDue, a.SignedAt, a.ContactDue = timePtr(signDue), timePtr(signed), timePtr(contactDue)
	a.ContactedAt, a.CompleteDue, a.RepliedAt = timePtr(contacted), timePtr(completeDue), timePtr(replied)
	if solved.Valid {
		a.Solved = &solved.Bool
	}
	a.Rating = minyi.Rating(rating)
	if replied1 == 1 {
		a.Reply = "answered"
	}
	return a.ID, kpi.Of(&a, parentUnit, now), nil
}

// counterKey is one row of kpi_counters.
type counterKey struct {
	month int
	unit  int64
}

// addCounters adds the deltas to kpi_counters in key order, so that
// transactions lock rows in one order.
func addCounters(ctx context.Context, tx *Tx, deltas map[counterKey]*kpi.Counts) error {
	keys := make([]counterKey, 0, len(deltas))
	for k, c := range deltas {
		if !c.Zero() {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].month != keys[j].month {
			return keys[i].month < keys[j].month
		}
		return keys[i].unit < keys[j].unit
	})
	for _, k := range keys {
		// Only the columns that change: an action moves two or three, and
		// a short statement is parsed faster than one naming all twenty.
		cols, set := []string{"month", "unit_id"}, []string{}
		args := []any{k.month, k.unit}
		for i, v := range deltas[k] {
			if v != 0 {
				c := kpi.Columns[i]
				cols = append(cols, c)
				set = append(set, c+" = kpi_counters."+c+" + excluded."+c)
				args = append(args, v)
			}
		}
		q := `INSERT INTO kpi_counters (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) +
			`) ON CONFLICT (month, unit_id) DO UPDATE SET ` + strings.Join(set, ", ")
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

func sameFact(a, b kpi.Fact) bool {
	ta, tb := int64(-1), int64(-1)
	if a.Recheck != nil {
		ta = ms(*a.Recheck)
	}
	if b.Recheck != nil {
		tb = ms(*b.Recheck)
	}
	return a.UnitID == b.UnitID && a.Month == b.Month && a.Flags == b.Flags && a.Rating == b.Rating && ta == tb
}

// setFactTx stores an appeal's new fact and moves its counts from the old
// one's unit and month to the new one's.
func (db *DB) setFactTx(ctx context.Context, tx *Tx, appealID int64, nf kpi.Fact) error {
	var old kpi.Fact
	var flags int64
	var recheck sql.NullInt64
	q := `SELECT f.unit_id, f.month, f.flags, f.rating, f.recheck_at FROM kpi_facts f WHERE f.appeal_id = ?` + db.forUpdate("f")
	err := tx.QueryRow(ctx, q, appealID).Scan(&old.UnitID, &old.Month, &flags, &old.Rating, &recheck)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	old.Flags, old.Recheck = kpi.Bit(flags), timePtr(recheck)
	if exists && sameFact(old, nf) || !exists && nf.Flags == 0 {
		return nil
	}
	switch {
	case nf.Flags == 0:
		if _, err := tx.Exec(ctx, `DELETE FROM kpi_facts WHERE appeal_id = ?`, appealID); err != nil {
			return err
		}
	case exists:
		const qu = `UPDATE kpi_facts SET unit_id = ?, month = ?, flags = ?, rating = ?, recheck_at = ? WHERE appeal_id = ?`
		if _, err := tx.Exec(ctx, qu, nf.UnitID, nf.Month, int64(nf.Flags), nf.Rating, msPtr(nf.Recheck), appealID); err != nil {
			return err
		}
	default:
		const qi = `INSERT INTO kpi_facts (appeal_id, unit_id, month, flags, rating, recheck_at) VALUES (?, ?, ?, ?, ?, ?)`
		if _, err := tx.Exec(ctx, qi, appealID, nf.UnitID, nf.Month, int64(nf.Flags), nf.Rating, msPtr(nf.Recheck)); err != nil {
			return err
		}
	}
	deltas := map[counterKey]*kpi.Counts{}
	add := func(f kpi.Fact, sign int64) {
		if f.Flags == 0 {
			return
		}
		k := counterKey{f.Month, f.UnitID}
		if deltas[k] == nil {
			deltas[k] = &kpi.Counts{}
		}
		deltas[k].Add(f.Counts(), sign)
	}
	if exists {
		add(old, -1)
	}
	add(nf, 1)
	return addCounters(ctx, tx, deltas)
}

// kpiAfterAct brings the facts an action changed up to date: the
// appeal's, and when its unit changed, those of the appeals merged into
// it (they count against the unit that holds it).
func (db *DB) kpiAfterAct(ctx context.Context, tx *Tx, before, a *minyi.Appeal, now time.Time) error {
	var parentUnit int64
	if a.Status == minyi.StatusMerged && a.ParentID != 0 {
		const q = `SELECT COALESCE(unit_id, 0) FROM appeals WHERE id = ?`
		if err := tx.QueryRow(ctx, q, a.ParentID).Scan(&parentUnit); err != nil {
			return err
		}
	}
	if err := db.setFactTx(ctx, tx, a.ID, kpi.Of(a, parentUnit, now)); err != nil {
		return err
	}
	if before.UnitID == a.UnitID {
		return nil
	}
	return db.refactTx(ctx, tx, factSelect+` WHERE a.parent_id = ? AND a.status = 'merged' ORDER BY a.id`, now, a.ID)
}

// refactTx recomputes the facts of the appeals a query of factSelect
// returns.
func (db *DB) refactTx(ctx context.Context, tx *Tx, q string, now time.Time, args ...any) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	type idFact struct {
		id int64
		f  kpi.Fact
	}
	var list []idFact
	for rows.Next() {
		id, f, err := scanFact(rows, now)
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, idFact{id, f})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, x := range list {
		if err := db.setFactTx(ctx, tx, x.id, x.f); err != nil {
			return err
		}
	}
	return nil
}

// kpiImported writes the facts of freshly imported appeals (none existed
// before) and their counts.
func (db *DB) kpiImported(ctx context.Context, tx *Tx, items []ImportItem, now time.Time) error {
	unitOf := make(map[int64]int64, len(items))
	for _, it := range items {
		unitOf[it.Appeal.ID] = it.Appeal.UnitID
	}
	type idFact struct {
		id int64
		f  kpi.Fact
	}
	var facts []idFact
	deltas := map[counterKey]*kpi.Counts{}
	for _, it := range items {
		a := it.Appeal
		var parentUnit int64
		if a.Status == minyi.StatusMerged && a.ParentID != 0 {
			u, ok := unitOf[a.ParentID]
			if !ok {
				const q = `SELECT COALESCE(unit_id, 0) FROM appeals WHERE id = ?`
				if err := tx.QueryRow(ctx, q, a.ParentID).Scan(&u); err != nil {
					return err
				}
				unitOf[a.ParentID] = u
			}
			parentUnit = u
		}
		f := kpi.Of(a, parentUnit, now)
		if f.Flags == 0 {
			continue
		}
		facts = append(facts, idFact{a.ID, f})
		k := counterKey{f.Month, f.UnitID}
		if deltas[k] == nil {
			deltas[k] = &kpi.Counts{}
		}
		deltas[k].Add(f.Counts(), 1)
	}
	const q = `INSERT INTO kpi_facts (appeal_id, unit_id, month, flags, rating, recheck_at)`
	err := insertRows(ctx, tx, q, 6, len(facts), func(i int) []any {
		f := facts[i].f
		return []any{facts[i].id, f.UnitID, f.Month, int64(f.Flags), f.Rating, msPtr(f.Recheck)}
	})
	if err != nil {
		return err
	}
	return addCounters(ctx, tx, deltas)
}

// refreshKPI brings the facts up to date at now: first, once, those of
// appeals that existed before the tables did; then those whose deadline
// passed since they were computed.
func (db *DB) refreshKPI(ctx context.Context, now time.Time) error {
	var rebuilt sql.NullInt64
	err := db.queryRow(ctx, `SELECT rebuilt FROM kpi_state WHERE id = 1`).Scan(&rebuilt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if rebuilt.Valid && rebuilt.Int64 == 0 {
		if _, err := db.RecomputeKPI(ctx, 0, 999912); err != nil {
			return err
		}
	}
	const batch = 500
	for {
		rows, err := db.query(ctx, `SELECT appeal_id FROM kpi_facts WHERE recheck_at <= ? ORDER BY recheck_at LIMIT ?`, ms(now), batch)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		err = db.inTx(ctx, func(tx *Tx) error {
			// Lock the appeals as Act does, so that a change in flight
			// is not overwritten with what was read before it.
			q := `SELECT a.id FROM appeals a WHERE a.id IN (?` + strings.Repeat(", ?", len(ids)-1) + `) ORDER BY a.id` + db.forUpdate("a")
			lock, err := tx.Query(ctx, q, ids...)
			if err != nil {
				return err
			}
			for lock.Next() {
			}
			if err := lock.Close(); err != nil {
				return err
			}
			return db.refactTx(ctx, tx, factSelect+` WHERE a.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY a.id`, now, ids...)
		})
		if err != nil {
			return err
		}
		if len(ids) < batch {
			return nil
		}
	}
}

// RecomputeKPI computes afresh the facts and counters of the appeals
// received in the months first … last (YYYYMM, both included) and
// returns how many appeals it read. The figures it leaves are those the
// incremental upkeep would have reached; it repairs counters after a
// manual change of the database and fills the tables of an old one.
func (db *DB) RecomputeKPI(ctx context.Context, first, last int) (int, error) {
	from := monthStart(first)
	to := monthStart(nextMonth(last))
	now := db.now()
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			// Changes in flight wait for the recomputation, then move
			// their facts from what it wrote.
			if _, err := tx.Exec(ctx, `LOCK TABLE kpi_facts IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, factSelect+` WHERE a.received_at >= ? AND a.received_at < ?`, ms(from), ms(to))
		if err != nil {
			return err
		}
		type idFact struct {
			id int64
			f  kpi.Fact
		}
		var facts []idFact
		counters := map[counterKey]*kpi.Counts{}
		for rows.Next() {
			id, f, err := scanFact(rows, now)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			if f.Flags == 0 {
				continue
			}
			facts = append(facts, idFact{id, f})
			k := counterKey{f.Month, f.UnitID}
			if counters[k] == nil {
				counters[k] = &kpi.Counts{}
			}
			counters[k].Add(f.Counts(), 1)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM kpi_facts WHERE month >= ? AND month <= ?`, first, last); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM kpi_counters WHERE month >= ? AND month <= ?`, first, last); err != nil {
			return err
		}
		const q = `INSERT INTO kpi_facts (appeal_id, unit_id, month, flags, rating, recheck_at)`
		err = insertRows(ctx, tx, q, 6, len(facts), func(i int) []any {
			f := facts[i].f
			return []any{facts[i].id, f.UnitID, f.Month, int64(f.Flags), f.Rating, msPtr(f.Recheck)}
		})
		if err != nil {
			return err
		}
		if err := addCounters(ctx, tx, counters); err != nil {
			return err
		}
		if first <= 0 && last >= 999912 {
			_, err = tx.Exec(ctx, `UPDATE kpi_state SET rebuilt = 1 WHERE id = 1`)
		}
		return err
	})
	return n, err
}

// monthStart is the first instant of a YYYYMM month in China time; months
// before year 1 clamp to year 1.
func monthStart(m int) time.Time {
	y, mo := m/100, m%100
	if y < 1 {
		y, mo = 1, 1
	}
	if mo < 1 {
		mo = 1
	}
	return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, minyi.DefaultLocation)
}

func nextMonth(m int) int {
	if m%100 >= 12 {
		return (m/100+1)*100 + 1
	}
	return m + 1
}

// KPIUnitTotals returns each unit's counters summed over the months
// (Month 0), after bringing the facts up to date at now.
func (db *DB) KPIUnitTotals(ctx context.Context, months []int, now time.Time) ([]kpi.Counter, error) {
	return db.kpiTotals(ctx, "unit_id", months, nil, now)
}

// KPIMonthTotals returns the counters of the months summed over the
// units (nil: every unit), one per month that has any: the trend's
// points, summed by the database instead of read unit by unit.
func (db *DB) KPIMonthTotals(ctx context.Context, months []int, units []int64, now time.Time) ([]kpi.Counter, error) {
	return db.kpiTotals(ctx, "month", months, units, now)
}

// kpiTotals sums kpi_counters of the months (and units, nil for all) by
// one key column, month or unit_id.
func (db *DB) kpiTotals(ctx context.Context, by string, months []int, units []int64, now time.Time) ([]kpi.Counter, error) {
	if err := db.refreshKPI(ctx, now); err != nil {
		return nil, err
	}
	if len(months) == 0 || units != nil && len(units) == 0 {
		return nil, nil
	}
	sums := make([]string, len(kpi.Columns))
	for i, c := range kpi.Columns {
		sums[i] = "SUM(" + c + ")"
	}
	w := &where{}
	ms := make([]string, len(months))
	for i, m := range months {
		ms[i] = strconv.Itoa(m)
	}
	w.add(`month IN (` + strings.Join(ms, ", ") + `)`)
	if units != nil {
		us := make([]string, len(units))
		for i, u := range units {
			us[i] = strconv.FormatInt(u, 10)
		}
		w.add(`unit_id IN (` + strings.Join(us, ", ") + `)`)
	}
	rows, err := db.query(ctx, `SELECT `+by+`, `+strings.Join(sums, ", ")+` FROM kpi_counters`+w.sql()+` GROUP BY `+by+` ORDER BY `+by)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kpi.Counter
	for rows.Next() {
		var c kpi.Counter
		var key int64
		dest := []any{&key}
		for i := range c.Counts {
			dest = append(dest, &c.Counts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if by == "month" {
			c.Month = int(key)
		} else {
			c.UnitID = key
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// KPISecurity counts, per unit of the user, the audit rows of contact
// details shown and of refused requests in [from, to).
func (db *DB) KPISecurity(ctx context.Context, from, to time.Time) (map[int64]kpi.Security, error) {
	const q = `SELECT COALESCE(u.unit_id, 0), l.action, COUNT(*) FROM audit_log l JOIN users u ON u.id = l.user_id
WHERE l.action IN (?, ?) AND l.at >= ? AND l.at < ? GROUP BY COALESCE(u.unit_id, 0), l.action`
	rows, err := db.query(ctx, q, minyi.AuditViewContact, minyi.AuditAccessDenied, ms(from), ms(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]kpi.Security{}
	for rows.Next() {
		var unit, n int64
		var action string
		if err := rows.Scan(&unit, &action, &n); err != nil {
			return nil, err
		}
		s := out[unit]
		if action == minyi.AuditViewContact {
			s.Reveals += n
		} else {
			s.Denied += n
		}
		out[unit] = s
	}
	return out, rows.Err()
}

// KPIAppeal is one appeal behind a figure.
type KPIAppeal struct {
	ID         int64
	TrackingNo string
	Title      string
	Status     minyi.Status
	UnitID     int64
	UnitName   string
	ReceivedAt time.Time
	Fact       kpi.Fact
}

// KPIAppealQuery selects the appeals of an indicator's denominator.
type KPIAppealQuery struct {
	Units  []int64 // nil: every unit
	Months []int
	D      kpi.Bit
	N      kpi.Bit // counted alongside: how many of the selection are in N
	Limit  int     // at most MaxLimit
	Offset int
	// Count asks for the totals too. A page that shows the figure from
	// the counters needs none: at a million appeals counting a city-wide
	// set costs more than the page.
	Count bool
}

// KPIAppeals lists, by unit, month and id, the appeals whose fact lies in
// q.D in the units and months and, with q.Count, counts them all and
// those also in q.N.
func (db *DB) KPIAppeals(ctx context.Context, q KPIAppealQuery, now time.Time) (list []KPIAppeal, total, inN int64, err error) {
	if err := db.refreshKPI(ctx, now); err != nil {
		return nil, 0, 0, err
	}
	if len(q.Months) == 0 || q.Units != nil && len(q.Units) == 0 {
		return nil, 0, 0, nil
	}
	w := &where{}
	w.add(`(f.flags & ?) <> 0`, int64(q.D))
	months := make([]string, len(q.Months))
	for i, m := range q.Months {
		months[i] = strconv.Itoa(m)
	}
	w.add(`f.month IN (` + strings.Join(months, ", ") + `)`)
	if q.Units != nil {
		us := make([]string, len(q.Units))
		for i, u := range q.Units {
			us[i] = strconv.FormatInt(u, 10)
		}
		w.add(`f.unit_id IN (` + strings.Join(us, ", ") + `)`)
	}
	if q.Count {
		cq := `SELECT COUNT(*), COALESCE(SUM(CASE WHEN (f.flags & ?) <> 0 THEN 1 ELSE 0 END), 0) FROM kpi_facts f` + w.sql()
		if err := db.queryRow(ctx, cq, append([]any{int64(q.N)}, w.args...)...).Scan(&total, &inN); err != nil {
			return nil, 0, 0, err
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	} else if limit > MaxLimit {
		limit = MaxLimit
	}
	// The page comes from the facts' covering index alone, in its order
	// (unit, month, appeal), so that a page stops after its hundred rows
	// instead of sorting every match; only those are joined to appeals.
	lq := `SELECT a.id, a.tracking_no, a.title, a.status, f.unit_id, COALESCE(u.name, ''), a.received_at, f.month, f.flags, f.rating
FROM (SELECT f.appeal_id, f.unit_id, f.month, f.flags, f.rating FROM kpi_facts f` + w.sql() + `
	ORDER BY f.unit_id, f.month, f.appeal_id LIMIT ? OFFSET ?) f
JOIN appeals a ON a.id = f.appeal_id LEFT JOIN units u ON u.id = f.unit_id ORDER BY f.unit_id, f.month, f.appeal_id`
	rows, err := db.query(ctx, lq, append(w.args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var x KPIAppeal
		var received, flags int64
		if err := rows.Scan(&x.ID, &x.TrackingNo, &x.Title, &x.Status, &x.UnitID, &x.UnitName, &received, &x.Fact.Month, &flags, &x.Fact.Rating); err != nil {
			return nil, 0, 0, err
		}
		x.ReceivedAt, x.Fact.UnitID, x.Fact.Flags = fromMS(received), x.UnitID, kpi.Bit(flags)
		list = append(list, x)
	}
	return list, total, inN, rows.Err()
}
