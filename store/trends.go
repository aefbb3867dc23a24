package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"minyi"
)

var _ minyi.TrendService = (*DB)(nil)

// The appeal_stats rollup (migrations 0008 on SQLite, 0010 on PostgreSQL)
// counts appeals by the day they were received, the root of their
// category, district, type and channel. The store keeps it in the same
// transaction as the change: CreateAppeal and ImportAppeals add, Act moves
// an appeal whose key changes (a new category under another root).

// statKey is one row's key of appeal_stats. category is the first-level
// category (0: none).
type statKey struct {
	day      int64
	category int64
	district string
	typ      minyi.AppealType
	channel  minyi.Channel
}

// less orders keys, so that transactions touching several rows lock them
// in the same order and cannot deadlock on PostgreSQL.
func (k statKey) less(o statKey) bool {
	switch {
	case k.day != o.day:
		return k.day < o.day
	case k.category != o.category:
		return k.category < o.category
	case k.district != o.district:
		return k.district < o.district
	case k.typ != o.typ:
		return k.typ < o.typ
	}
	return k.channel < o.channel
}

// dayNumber is the day of t in China time, counted from 1970-01-01: the
// day column of appeal_stats. The migrations' backfill computes the same
// from Unix milliseconds as (ms + 28800000) / 86400000.
func dayNumber(t time.Time) int64 {
	return minyi.CivilDate(t).Unix() / 86400
}

// dayTime is the date of a day number, as midnight UTC.
func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// rootCategorySQL maps a category id (?) to its first-level ancestor.
const rootCategorySQL = `SELECT COALESCE(g.id, p.id, c.id) FROM categories c
LEFT JOIN categories p ON p.id = c.parent_id
LEFT JOIN categories g ON g.id = p.parent_id
WHERE c.id = ?`

// rootCategoryTx returns the first-level category above (or at) id; 0 for 0.
func rootCategoryTx(ctx context.Context, tx *Tx, id int64) (int64, error) {
	if id == 0 {
		return 0, nil
	}
	var root int64
	err := tx.QueryRow(ctx, rootCategorySQL, id).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return root, err
}

// statKeyTx returns the appeal_stats key of an appeal.
func statKeyTx(ctx context.Context, tx *Tx, a *minyi.Appeal) (statKey, error) {
	root, err := rootCategoryTx(ctx, tx, a.CategoryID)
	if err != nil {
		return statKey{}, err
	}
	return statKey{day: dayNumber(a.ReceivedAt), category: root, district: a.District, typ: a.Type, channel: a.Channel}, nil
}

// rollup is a coarser copy of appeal_stats (migrations 0009 on SQLite,
// 0011 on PostgreSQL): the same counts summed over the dimensions it
// lacks, kept by addStats in the same statements' transaction. A trend
// whose breakdown and filters all lie among a rollup's columns reads it
// instead of appeal_stats: a few rows per day instead of thousands.
type rollup struct {
	table string
	// the dimensions kept, besides day
	category, district, typ, channel bool
}

// rollups lists the coarse tables, smallest first (per day: 6 types, 8
// channels, ~10 districts, ~15 first-level categories, their product).
// Trends reads the first that covers a query; addStats writes them in
// this order, after appeal_stats, so that PostgreSQL transactions lock
// rows in one order.
var rollups = []rollup{
	{table: "appeal_stats_type", typ: true},
	{table: "appeal_stats_channel", channel: true},
	{table: "appeal_stats_district", district: true},
	{table: "appeal_stats_category", category: true},
	{table: "appeal_stats_district_category", district: true, category: true},
}

// key projects a key of appeal_stats onto the rollup: the dimensions it
// lacks become zero values.
func (r rollup) key(k statKey) statKey {
	c := statKey{day: k.day}
	if r.category {
		c.category = k.category
	}
	if r.district {
		c.district = k.district
	}
	if r.typ {
		c.typ = k.typ
	}
	if r.channel {
		c.channel = k.channel
	}
	return c
}

// columns lists the rollup's key columns, day first.
func (r rollup) columns() []string {
	cols := []string{"day"}
	if r.category {
		cols = append(cols, "category_id")
	}
	if r.district {
		cols = append(cols, "district")
	}
	if r.typ {
		cols = append(cols, "type")
	}
	if r.channel {
		cols = append(cols, "channel")
	}
	return cols
}

// values returns k's values of the columns.
func (r rollup) values(k statKey, args []any) []any {
	args = append(args, k.day)
	if r.category {
		args = append(args, k.category)
	}
	if r.district {
		args = append(args, k.district)
	}
	if r.typ {
		args = append(args, k.typ)
	}
	if r.channel {
		args = append(args, k.channel)
	}
	return args
}

// covers reports whether the rollup keeps the breakdown and every
// dimension the query filters on.
func (r rollup) covers(q *minyi.TrendQuery) bool {
	has := map[minyi.TrendBy]bool{minyi.ByCategory: r.category, minyi.ByDistrict: r.district, minyi.ByType: r.typ, minyi.ByChannel: r.channel}
	return has[q.By] && (q.CategoryID == 0 || r.category) && (q.District == "" || r.district) &&
		(q.Type == "" || r.typ) && (q.Channel == "" || r.channel)
}

// fullRollup is appeal_stats itself, with every dimension.
var fullRollup = rollup{table: "appeal_stats", category: true, district: true, typ: true, channel: true}

// addStats adds n (which may be negative) to the rows of the keys in
// appeal_stats, then to the rows of their projections in each rollup;
// within a table in key order.
func addStats(ctx context.Context, tx *Tx, counts map[statKey]int64) error {
	if err := addRollup(ctx, tx, fullRollup, counts); err != nil {
		return err
	}
	for _, r := range rollups {
		coarse := make(map[statKey]int64, len(counts))
		for k, n := range counts {
			coarse[r.key(k)] += n
		}
		if err := addRollup(ctx, tx, r, coarse); err != nil {
			return err
		}
	}
	return nil
}

// addRollup adds the counts to the rows of one table, skipping zeros.
func addRollup(ctx context.Context, tx *Tx, r rollup, counts map[statKey]int64) error {
	keys := make([]statKey, 0, len(counts))
	for k, n := range counts {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	cols := r.columns()
	names := strings.Join(cols, ", ")
	row := "(" + strings.Repeat("?, ", len(cols)) + "?)"
	per := maxImportVars / (len(cols) + 1)
	for start := 0; start < len(keys); start += per {
		end := min(len(keys), start+per)
		q := `INSERT INTO ` + r.table + ` (` + names + `, n) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", end-start), ", ") +
			` ON CONFLICT (` + names + `) DO UPDATE SET n = ` + r.table + `.n + excluded.n`
		args := make([]any, 0, (end-start)*(len(cols)+1))
		for _, k := range keys[start:end] {
			args = append(r.values(k, args), counts[k])
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", r.table, err)
		}
	}
	return nil
}

// countNewAppeal adds a new appeal to appeal_stats.
func countNewAppeal(ctx context.Context, tx *Tx, a *minyi.Appeal) error {
	k, err := statKeyTx(ctx, tx, a)
	if err != nil {
		return err
	}
	return addStats(ctx, tx, map[statKey]int64{k: 1})
}

// countImported adds imported appeals to appeal_stats, reading the roots
// of their categories once.
func countImported(ctx context.Context, tx *Tx, items []ImportItem) error {
	var roots map[int64]int64
	counts := map[statKey]int64{}
	for _, it := range items {
		a := it.Appeal
		var root int64
		if a.CategoryID != 0 {
			if roots == nil {
				var err error
				if roots, err = categoryRoots(ctx, tx); err != nil {
					return err
				}
			}
			root = roots[a.CategoryID]
		}
		counts[statKey{day: dayNumber(a.ReceivedAt), category: root, district: a.District, typ: a.Type, channel: a.Channel}]++
	}
	return addStats(ctx, tx, counts)
}

// categoryRoots maps every category to its first-level ancestor.
func categoryRoots(ctx context.Context, tx *Tx) (map[int64]int64, error) {
	const q = `SELECT c.id, COALESCE(g.id, p.id, c.id) FROM categories c
LEFT JOIN categories p ON p.id = c.parent_id
LEFT JOIN categories g ON g.id = p.parent_id`
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]int64{}
	for rows.Next() {
		var id, root int64
		if err := rows.Scan(&id, &root); err != nil {
			return nil, err
		}
		m[id] = root
	}
	return m, rows.Err()
}

// recountChanged moves an appeal's count when an action changed its key:
// before is the appeal as read, after as it will be written. Only the
// category changes today (dispatch or transfer with a category); the
// roots are looked up only then.
func recountChanged(ctx context.Context, tx *Tx, before, after *minyi.Appeal) error {
	if before.CategoryID == after.CategoryID && before.District == after.District && before.Type == after.Type &&
		before.Channel == after.Channel && dayNumber(before.ReceivedAt) == dayNumber(after.ReceivedAt) {
		return nil
	}
	from, err := statKeyTx(ctx, tx, before)
	if err != nil {
		return err
	}
	to, err := statKeyTx(ctx, tx, after)
	if err != nil || from == to {
		return err
	}
	return addStats(ctx, tx, map[statKey]int64{from: -1, to: 1})
}

// trendColumn is the appeal_stats column of each breakdown.
var trendColumn = map[minyi.TrendBy]string{
	minyi.ByCategory: "category_id", minyi.ByDistrict: "district", minyi.ByType: "type", minyi.ByChannel: "channel",
}

// periodStart returns the first day of the period holding day d.
func periodStart(p minyi.TrendPeriod, d time.Time) time.Time {
	switch p {
	case minyi.PeriodWeek:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case minyi.PeriodMonth:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// nextPeriod returns the start of the period after the one starting at d.
func nextPeriod(p minyi.TrendPeriod, d time.Time) time.Time {
	switch p {
	case minyi.PeriodWeek:
		return d.AddDate(0, 0, 7)
	case minyi.PeriodMonth:
		return d.AddDate(0, 1, 0)
	}
	return d.AddDate(0, 0, 1)
}

const dateLayout = "2006-01-02"

// Trends counts the appeals received in a range by period and by one
// breakdown, with the totals of the previous range of as many periods,
// from appeal_stats or the smallest rollup that holds the breakdown and
// the filters.
func (db *DB) Trends(ctx context.Context, q minyi.TrendQuery) (*minyi.Trends, error) {
	return db.trends(ctx, q, false)
}

// trends answers q; from appeal_stats alone when full (for tests).
func (db *DB) trends(ctx context.Context, q minyi.TrendQuery, full bool) (*minyi.Trends, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	categoryNames, err := db.rootCategoryNames(ctx)
	if err != nil {
		return nil, err
	}
	if q.CategoryID != 0 {
		if _, ok := categoryNames[q.CategoryID]; !ok {
			msg := "请选择一级分类"
			return nil, &minyi.Error{Code: minyi.EINVALID, Message: "诉求分类不存在或不是一级分类", MessageEN: "category_id must name a first-level category",
				Fields: map[string]string{"category_id": msg}}
		}
	}

	// The range, widened to whole periods, and its periods.
	since := periodStart(q.Period, minyi.CivilDate(q.Since))
	var starts []time.Time
	end := since
	for d := since; !d.After(minyi.CivilDate(q.Until)); d = nextPeriod(q.Period, d) {
		starts = append(starts, d)
		end = nextPeriod(q.Period, d)
	}
	until := end.AddDate(0, 0, -1)
	// The previous range: as many periods before since.
	prevSince := since
	for range starts {
		switch q.Period {
		case minyi.PeriodWeek:
			prevSince = prevSince.AddDate(0, 0, -7)
		case minyi.PeriodMonth:
			prevSince = prevSince.AddDate(0, -1, 0)
		default:
			prevSince = prevSince.AddDate(0, 0, -1)
		}
	}
	firstDay, sinceDay, untilDay := dayNumber(prevSince), dayNumber(since), dayNumber(until)
	// index maps a day number of the range to its period.
	index := make([]int, untilDay-sinceDay+1)
	for i, s := range starts {
		from := dayNumber(s) - sinceDay
		to := dayNumber(nextPeriod(q.Period, s)) - sinceDay
		for d := from; d < to; d++ {
			index[d] = i
		}
	}

	// The smallest table that keeps the breakdown and the filters.
	table := fullRollup.table
	if !full {
		for _, r := range rollups {
			if r.covers(&q) {
				table = r.table
				break
			}
		}
	}
	col := trendColumn[q.By]
	w := &where{}
	w.add("s.day >= ? AND s.day <= ?", firstDay, untilDay)
	if q.District != "" {
		w.add("s.district = ?", q.District)
	}
	if q.CategoryID != 0 {
		w.add("s.category_id = ?", q.CategoryID)
	}
	if q.Type != "" {
		w.add("s.type = ?", q.Type)
	}
	if q.Channel != "" {
		w.add("s.channel = ?", q.Channel)
	}
	sqlq := `SELECT s.day, s.` + col + `, CAST(SUM(s.n) AS BIGINT) FROM ` + table + ` s` + w.sql() + ` GROUP BY s.day, s.` + col
	rows, err := db.query(ctx, sqlq, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	newSeries := func(key, label string) *minyi.TrendSeries {
		s := &minyi.TrendSeries{Key: key, Label: label, Points: make([]minyi.TrendPoint, len(starts))}
		for i, d := range starts {
			s.Points[i].Start = d.Format(dateLayout)
		}
		return s
	}
	overall := newSeries(minyi.TrendOverallKey, minyi.TrendOverallLabel)
	series := map[string]*minyi.TrendSeries{}
	for rows.Next() {
		var day, n int64
		var key string
		if q.By == minyi.ByCategory {
			var id int64
			if err := rows.Scan(&day, &id, &n); err != nil {
				return nil, err
			}
			key = strconv.FormatInt(id, 10)
		} else if err := rows.Scan(&day, &key, &n); err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		s := series[key]
		if s == nil {
			s = newSeries(key, trendLabel(q.By, key, categoryNames))
			series[key] = s
		}
		if day < sinceDay {
			s.Previous += n
			overall.Previous += n
			continue
		}
		i := index[day-sinceDay]
		s.Points[i].Count += n
		s.Total += n
		overall.Points[i].Count += n
		overall.Total += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	t := &minyi.Trends{
		Period: q.Period, By: q.By,
		Since: since.Format(dateLayout), Until: until.Format(dateLayout),
		PreviousSince: prevSince.Format(dateLayout), PreviousUntil: since.AddDate(0, 0, -1).Format(dateLayout),
		Periods:  make([]string, len(starts)),
		District: q.District, CategoryID: q.CategoryID, Type: string(q.Type), Channel: string(q.Channel),
		Series: make([]minyi.TrendSeries, 0, len(series)),
	}
	for i, d := range starts {
		t.Periods[i] = d.Format(dateLayout)
	}
	setChange(overall)
	t.Overall = *overall
	for _, s := range series {
		setChange(s)
		t.Series = append(t.Series, *s)
	}
	sort.Slice(t.Series, func(i, j int) bool {
		a, b := t.Series[i], t.Series[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		if a.Previous != b.Previous {
			return a.Previous > b.Previous
		}
		return a.Key < b.Key
	})
	return t, nil
}

// setChange sets the relative change against the previous range, rounded
// to four decimals.
func setChange(s *minyi.TrendSeries) {
	if s.Previous == 0 {
		return
	}
	c := float64(s.Total-s.Previous) / float64(s.Previous)
	c = float64(int64(c*10000+sign(c)*0.5)) / 10000
	s.Change = &c
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// trendLabel is the Chinese name of a series' key.
func trendLabel(by minyi.TrendBy, key string, categories map[int64]string) string {
	switch by {
	case minyi.ByCategory:
		id, _ := strconv.ParseInt(key, 10, 64)
		if name, ok := categories[id]; ok {
			return name
		}
		return minyi.TrendNoneLabel
	case minyi.ByDistrict:
		if key == "" {
			return minyi.TrendNoPlaceLabel
		}
		return key
	case minyi.ByType:
		if l, ok := minyi.AppealTypeLabels[minyi.AppealType(key)]; ok {
			return l
		}
	case minyi.ByChannel:
		if l, ok := minyi.ChannelLabels[minyi.Channel(key)]; ok {
			return l
		}
	}
	return key
}

// rootCategoryNames returns the names of the first-level categories.
func (db *DB) rootCategoryNames(ctx context.Context) (map[int64]string, error) {
	const q = `SELECT id, name FROM categories WHERE parent_id IS NULL`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		m[id] = name
	}
	return m, rows.Err()
}
