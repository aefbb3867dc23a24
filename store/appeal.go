package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"minyi"
)

var (
	_ minyi.AppealService   = (*DB)(nil)
	_ minyi.UnitService     = (*DB)(nil)
	_ minyi.UserService     = (*DB)(nil)
	_ minyi.CategoryService = (*DB)(nil)
	_ minyi.AuditService    = (*DB)(nil)
	_ minyi.SettingsService = (*DB)(nil)
)

// Limits on list queries.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// appealSelect reads an appeal with its category path, unit name and parent
// tracking number; scanAppeal reads its columns in this order.
const appealSelect = `SELECT a.id, a.tracking_no, a.type, a.channel, a.title, a.content,
	a.category_id, COALESCE(c.path, ''), a.urgent,
	a.district, a.street, a.address, a.lat, a.lng,
	a.contact_name, a.contact_phone, a.anonymous, a.citizen_id, a.external_id,
	a.status, a.unit_id, COALESCE(u.name, ''), a.parent_id, COALESCE(p.tracking_no, ''),
	a.supporters, a.opposers, a.supervised, a.reopens, a.bad_ratings,
	a.received_at, a.dispatched_at, a.sign_due, a.signed_at, a.contact_due, a.contacted_at,
	a.complete_due, a.replied_at, a.closed_at, a.updated_at,
	a.extension_days, a.extension_reason, a.reply, a.rating, a.rating_comment, a.solved
FROM appeals a
LEFT JOIN categories c ON c.id = a.category_id
LEFT JOIN units u ON u.id = a.unit_id
LEFT JOIN appeals p ON p.id = a.parent_id`

type scanner interface{ Scan(dest ...any) error }

func scanAppeal(s scanner) (*minyi.Appeal, error) {
	var (
		a                                     minyi.Appeal
		categoryID, citizenID, unitID, parent sql.NullInt64
		externalID                            sql.NullString
		lat, lng                              sql.NullFloat64
		solved                                sql.NullBool
		received, updated                     int64
		dispatched, signDue, signed           sql.NullInt64
		contactDue, contacted, completeDue    sql.NullInt64
		replied, closed                       sql.NullInt64
	)
	err := s.Scan(&a.ID, &a.TrackingNo, &a.Type, &a.Channel, &a.Title, &a.Content,
		&categoryID, &a.Category, &a.Urgent,
		&a.District, &a.Street, &a.Address, &lat, &lng,
		&a.ContactName, &a.ContactPhone, &a.Anonymous, &citizenID, &externalID,
		&a.Status, &unitID, &a.UnitName, &parent, &a.ParentNo,
		&a.Supporters, &a.Opposers, &a.Supervised, &a.Reopens, &a.BadRatings,
		&received, &dispatched, &signDue, &signed, &contactDue, &contacted,
		&completeDue, &replied, &closed, &updated,
		&a.ExtensionDays, &a.ExtensionReason, &a.Reply, &a.Rating, &a.RatingComment, &solved)
	if err != nil {
		return nil, err
	}
	a.CategoryID, a.CitizenID, a.UnitID, a.ParentID = categoryID.Int64, citizenID.Int64, unitID.Int64, parent.Int64
	a.ExternalID = externalID.String
	if lat.Valid && lng.Valid {
		a.Lat, a.Lng = &lat.Float64, &lng.Float64
	}
	if solved.Valid {
		a.Solved = &solved.Bool
	}
	a.ReceivedAt, a.UpdatedAt = fromMS(received), fromMS(updated)
	a.DispatchedAt, a.SignDue, a.SignedAt = timePtr(dispatched), timePtr(signDue), timePtr(signed)
	a.ContactDue, a.ContactedAt, a.CompleteDue = timePtr(contactDue), timePtr(contacted), timePtr(completeDue)
	a.RepliedAt, a.ClosedAt = timePtr(replied), timePtr(closed)
	return &a, nil
}

// deadlines returns the denormalised deadline columns of an appeal: due_at
// is the deadline that can make it overdue (sign-for while it waits to be
// signed, completion afterwards) and warn_at the moment 75 % of its time is
// used. Both are NULL when no deadline runs. The first-contact deadline is
// left out: CurrentDeadline moves on to completion once it passes, so it
// never makes an appeal overdue.
func deadlines(a *minyi.Appeal) (due, warn sql.NullInt64) {
	if a.DispatchedAt == nil || !a.Status.AtUnit() {
		return
	}
	d := a.CompleteDue
	if (a.Status == minyi.StatusDispatched || a.Status == minyi.StatusReopened) && a.SignDue != nil {
		d = a.SignDue
	}
	if d == nil {
		return
	}
	start := *a.DispatchedAt
	w := *d
	if span := d.Sub(start); span > 0 {
		w = start.Add(time.Duration(float64(span) * minyi.WarnFraction))
	}
	return sql.NullInt64{Int64: ms(*d), Valid: true}, sql.NullInt64{Int64: ms(w), Valid: true}
}

// appealValues returns the values of the writable columns, in the order of
// the column lists of the INSERT and UPDATE statements.
func appealValues(a *minyi.Appeal) []any {
	due, warn := deadlines(a)
	return []any{
		a.TrackingNo, a.Type, a.Channel, a.Title, a.Content, nullID(a.CategoryID), a.Urgent,
		a.District, a.Street, a.Address, a.Lat, a.Lng,
		a.ContactName, a.ContactPhone, a.Anonymous, nullID(a.CitizenID), nullString(a.ExternalID),
		a.Status, nullID(a.UnitID), nullID(a.ParentID),
		a.Supporters, a.Opposers, a.Supervised, a.Reopens, a.BadRatings,
		ms(a.ReceivedAt), msPtr(a.DispatchedAt), msPtr(a.SignDue), msPtr(a.SignedAt), msPtr(a.ContactDue), msPtr(a.ContactedAt),
		msPtr(a.CompleteDue), msPtr(a.RepliedAt), msPtr(a.ClosedAt), ms(a.UpdatedAt),
		a.ExtensionDays, a.ExtensionReason, a.Reply, int(a.Rating), a.RatingComment, a.Solved,
		due, warn,
	}
}

// appealColumns are the writable columns, for INSERTs.
const appealColumns = `tracking_no, type, channel, title, content, category_id, urgent,
	district, street, address, lat, lng,
	contact_name, contact_phone, anonymous, citizen_id, external_id,
	status, unit_id, parent_id,
	supporters, opposers, supervised, reopens, bad_ratings,
	received_at, dispatched_at, sign_due, signed_at, contact_due, contacted_at,
	complete_due, replied_at, closed_at, updated_at,
	extension_days, extension_reason, reply, rating, rating_comment, solved,
	due_at, warn_at`

// appealColumnCount is the number of columns in appealColumns.
const appealColumnCount = 43

// normalizeTimes truncates the appeal's times to milliseconds.
func normalizeTimes(a *minyi.Appeal) {
	a.ReceivedAt = fromMS(ms(a.ReceivedAt))
	a.UpdatedAt = fromMS(ms(a.UpdatedAt))
	a.DispatchedAt, a.SignDue, a.SignedAt = truncMS(a.DispatchedAt), truncMS(a.SignDue), truncMS(a.SignedAt)
	a.ContactDue, a.ContactedAt, a.CompleteDue = truncMS(a.ContactDue), truncMS(a.ContactedAt), truncMS(a.CompleteDue)
	a.RepliedAt, a.ClosedAt = truncMS(a.RepliedAt), truncMS(a.ClosedAt)
}

func errAppealNotFound(no string) error {
	return minyi.Errorf(minyi.ENOTFOUND, "未找到编号为 %s 的诉求", "appeal %s not found", no)
}

// trackingDay is the date part of a tracking number: the day received, in
// China time.
func trackingDay(t time.Time) string {
	return t.In(minyi.DefaultLocation).Format("20060102")
}

// nextSeq reserves n sequence numbers for a day and returns the first.
func nextSeq(ctx context.Context, tx *Tx, day string, n int) (int64, error) {
	const q = `INSERT INTO tracking_counters (day, seq) VALUES (?, ?)
ON CONFLICT (day) DO UPDATE SET seq = tracking_counters.seq + excluded.seq
RETURNING seq`
	var last int64
	if err := tx.QueryRow(ctx, q, day, n).Scan(&last); err != nil {
		return 0, err
	}
	return last - int64(n) + 1, nil
}

// CreateAppeal validates a new appeal, gives it a tracking number and stores
// it with its first timeline event and an outbox row in one transaction.
func (db *DB) CreateAppeal(ctx context.Context, a *minyi.Appeal, actor minyi.Actor) error {
	if err := a.Validate(); err != nil {
		return err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	if a.ReceivedAt.IsZero() {
		a.ReceivedAt = now
	}
	if a.CitizenID == 0 && actor.Role == minyi.RoleCitizen && actor.UserID != 0 {
		a.CitizenID = actor.UserID
	}
	// A new appeal starts with a clean workflow state whatever the caller set.
	*a = minyi.Appeal{
		Type: a.Type, Channel: a.Channel, Title: a.Title, Content: a.Content,
		CategoryID: a.CategoryID, Urgent: a.Urgent,
		District: a.District, Street: a.Street, Address: a.Address, Lat: a.Lat, Lng: a.Lng,
		ContactName: a.ContactName, ContactPhone: a.ContactPhone, Anonymous: a.Anonymous,
		CitizenID: a.CitizenID, ExternalID: a.ExternalID,
		Status: minyi.StatusPending, ReceivedAt: a.ReceivedAt, UpdatedAt: now,
	}
	normalizeTimes(a)
	day := trackingDay(a.ReceivedAt)
	ev := &minyi.Event{
		Action: minyi.ActCreate, ActorID: actor.UserID, ActorName: actor.Name, ActorRole: actor.Role,
		ToStatus: minyi.StatusPending, Note: "通过" + minyi.ChannelLabels[a.Channel] + "受理", At: a.ReceivedAt,
	}

	return db.inTx(ctx, func(tx *Tx) error {
		if a.CategoryID != 0 {
			const q = `SELECT path FROM categories WHERE id = ?`
			if err := tx.QueryRow(ctx, q, a.CategoryID).Scan(&a.Category); errors.Is(err, sql.ErrNoRows) {
				return &minyi.Error{Code: minyi.EINVALID, Message: "诉求分类不存在", MessageEN: "unknown category", Fields: map[string]string{"category_id": "诉求分类不存在"}}
			} else if err != nil {
				return err
			}
		}
		seq, err := nextSeq(ctx, tx, day, 1)
		if err != nil {
			return err
		}
		a.TrackingNo = fmt.Sprintf("%s%s%06d", settings.Prefix, day, seq)

		const q = `INSERT INTO appeals (` + appealColumns + `)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`
		if err := tx.QueryRow(ctx, q, appealValues(a)...).Scan(&a.ID); err != nil {
			if isUniqueViolation(err) {
				return minyi.Errorf(minyi.ECONFLICT, "诉求编号 %s 已被占用，请重试", "tracking number %s is taken, retry", a.TrackingNo)
			}
			return err
		}
		ev.AppealID = a.ID
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		if err := insertOutbox(ctx, tx, "appeal.create", outboxPayload(a, ev), a.UpdatedAt); err != nil {
			return err
		}
		// Last, so that the hot row of appeal_stats is held briefly.
		return countNewAppeal(ctx, tx, a)
	})
}

// outboxPayload is the message published for a change of an appeal.
func outboxPayload(a *minyi.Appeal, ev *minyi.Event) []byte {
	b, _ := json.Marshal(struct {
		ID         int64            `json:"id"`
		TrackingNo string           `json:"tracking_no"`
		Action     minyi.Action     `json:"action"`
		FromStatus minyi.Status     `json:"from_status,omitempty"`
		Status     minyi.Status     `json:"status"`
		Type       minyi.AppealType `json:"type"`
		Channel    minyi.Channel    `json:"channel"`
		CategoryID int64            `json:"category_id,omitempty"`
		UnitID     int64            `json:"unit_id,omitempty"`
		District   string           `json:"district,omitempty"`
		ActorID    int64            `json:"actor_id,omitempty"`
		ActorRole  minyi.Role       `json:"actor_role,omitempty"`
		At         time.Time        `json:"at"`
	}{a.ID, a.TrackingNo, ev.Action, ev.FromStatus, a.Status, a.Type, a.Channel, a.CategoryID, a.UnitID, a.District, ev.ActorID, ev.ActorRole, ev.At})
	return b
}

// insertEvent writes one timeline row and sets its ID.
func insertEvent(ctx context.Context, tx *Tx, ev *minyi.Event) error {
	const q = `INSERT INTO appeal_events (appeal_id, action, actor_id, actor_name, actor_role, from_status, to_status, unit_id, unit_name, note, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`
	return tx.QueryRow(ctx, q, ev.AppealID, ev.Action, nullID(ev.ActorID), ev.ActorName, ev.ActorRole,
		ev.FromStatus, ev.ToStatus, nullID(ev.UnitID), ev.UnitName, ev.Note, ms(ev.At)).Scan(&ev.ID)
}

// findAppeal reads an appeal by tracking number inside a transaction,
// locking its row on PostgreSQL.
func (db *DB) findAppealTx(ctx context.Context, tx *Tx, no string) (*minyi.Appeal, error) {
	q := appealSelect + ` WHERE a.tracking_no = ?` + db.forUpdate("a")
	a, err := scanAppeal(tx.QueryRow(ctx, q, no))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAppealNotFound(no)
	}
	return a, err
}

// FindAppeal returns the appeal with a tracking number if the scope allows
// it; otherwise ENOTFOUND, so that existence is not leaked.
func (db *DB) FindAppeal(ctx context.Context, trackingNo string, scope minyi.Scope) (*minyi.Appeal, error) {
	trackingNo = strings.TrimSpace(trackingNo)
	w := &where{}
	w.scope(scope)
	w.add("a.tracking_no = ?", trackingNo)
	q := appealSelect + w.sql()
	a, err := scanAppeal(db.queryRow(ctx, q, w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAppealNotFound(trackingNo)
	}
	return a, err
}

// VerifyCitizen returns the appeal when phoneLast4 matches the last four
// digits of the phone given with it, and ENOTFOUND otherwise.
func (db *DB) VerifyCitizen(ctx context.Context, trackingNo, phoneLast4 string) (*minyi.Appeal, error) {
	trackingNo = strings.TrimSpace(trackingNo)
	const q = appealSelect + ` WHERE a.tracking_no = ?`
	a, err := scanAppeal(db.queryRow(ctx, q, trackingNo))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAppealNotFound(trackingNo)
	} else if err != nil {
		return nil, err
	}
	want := minyi.PhoneLast4(a.ContactPhone)
	got := strings.TrimSpace(phoneLast4)
	if len(a.ContactPhone) < 4 || len(got) != 4 || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return nil, errAppealNotFound(trackingNo)
	}
	return a, nil
}

// FindAppealByExternalID returns the appeal imported from a channel under an
// outside system's ID.
func (db *DB) FindAppealByExternalID(ctx context.Context, channel minyi.Channel, externalID string) (*minyi.Appeal, error) {
	const q = appealSelect + ` WHERE a.channel = ? AND a.external_id = ? ORDER BY a.id LIMIT 1`
	a, err := scanAppeal(db.queryRow(ctx, q, channel, externalID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, minyi.Errorf(minyi.ENOTFOUND, "未找到外部编号为 %s 的诉求", "no appeal with external id %s", externalID)
	}
	return a, err
}

// ExternalIDs returns the outside IDs already stored for a channel, for
// de-duplicating imports.
func (db *DB) ExternalIDs(ctx context.Context, channel minyi.Channel) (map[string]bool, error) {
	const q = `SELECT external_id FROM appeals WHERE channel = ? AND external_id IS NOT NULL`
	rows, err := db.query(ctx, q, channel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// where collects the conditions of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// scope restricts the query to what the scope may read. An empty scope
// matches nothing.
func (w *where) scope(s minyi.Scope) {
	switch {
	case s.All:
	case s.UnitID != 0:
		w.add("a.unit_id = ?", s.UnitID)
	case s.CitizenID != 0:
		w.add("a.citizen_id = ?", s.CitizenID)
	default:
		w.add("1 = 0")
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likeEscape escapes LIKE wildcards; patterns use ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// filterWhere turns a filter into conditions (without paging).
func (db *DB) filterWhere(f minyi.AppealFilter) *where {
	w := &where{}
	w.scope(f.Scope)
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			marks[i] = "?"
			w.args = append(w.args, s)
		}
		w.conds = append(w.conds, "a.status IN ("+strings.Join(marks, ", ")+")")
	}
	if f.UnitID != 0 {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if f.District != "" {
		w.add("a.district = ?", f.District)
	}
	if f.Type != "" {
		w.add("a.type = ?", f.Type)
	}
	if f.Channel != "" {
		w.add("a.channel = ?", f.Channel)
	}
	if f.CategoryID != 0 {
		// A category selects its whole subtree.
		w.add(`a.category_id IN (SELECT x.id FROM categories x, categories y
	WHERE y.id = ? AND (x.id = y.id OR substr(x.path, 1, length(y.path) + 1) = y.path || '/'))`, f.CategoryID)
	}
	// Literal flag terms (not parameters) let the planner use the partial
	// indexes that hold only flagged appeals.
	if f.Supervised != nil {
		if *f.Supervised {
			w.add("a.supervised")
		} else {
			w.add("NOT a.supervised")
		}
	}
	if f.Reopened {
		w.add("a.reopens > 0")
	}
	if f.Overdue || f.Warning {
		now := f.Now
		if now.IsZero() {
			now = db.Now()
		}
		if f.Overdue {
			w.add("a.due_at < ?", ms(now))
		}
		if f.Warning {
			w.add("a.due_at >= ? AND a.warn_at <= ?", ms(now), ms(now))
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`a.title LIKE ? ESCAPE '\'`, "%"+likeEscape(q)+"%")
	}
	if !f.Since.IsZero() {
		w.add("a.received_at >= ?", ms(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("a.received_at < ?", ms(f.Until))
	}
	return w
}

// ListAppeals returns the appeals matching a filter, newest first, at most
// f.Limit (default 50, at most 500) with IDs below f.BeforeID when set.
func (db *DB) ListAppeals(ctx context.Context, f minyi.AppealFilter) ([]*minyi.Appeal, error) {
	w := db.filterWhere(f)
	if f.BeforeID > 0 {
		w.add("a.id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	} else if limit > MaxLimit {
		limit = MaxLimit
	}
	// The page's ids are found first from an index alone, then only those
	// rows are read. In the deadline queues "+a.id" keeps the planner from
	// walking the whole unit newest-first through the id index: it reads the
	// deadline index and sorts the few matching ids instead.
	order := ` ORDER BY a.id DESC LIMIT ?`
	if f.Warning || f.Overdue {
		order = ` ORDER BY +a.id DESC LIMIT ?`
	}
	q := appealSelect + ` WHERE a.id IN (SELECT a.id FROM appeals a` + w.sql() + order + `) ORDER BY a.id DESC`
	rows, err := db.query(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.Appeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// CountAppeals counts the appeals matching a filter (paging is ignored).
// On PostgreSQL, counts by status for the whole city or one unit come from
// the trigger-kept appeal_counts table; other filters, and SQLite, count
// matching rows.
func (db *DB) CountAppeals(ctx context.Context, f minyi.AppealFilter) (int, error) {
	if w, ok := db.statusCountWhere(f); ok {
		var n int
		err := db.queryRow(ctx, `SELECT COALESCE(SUM(c.n), 0) FROM appeal_counts c`+w.sql(), w.args...).Scan(&n)
		return n, err
	}
	w := db.filterWhere(f)
	q := `SELECT COUNT(*) FROM appeals a` + w.sql()
	var n int
	err := db.queryRow(ctx, q, w.args...).Scan(&n)
	return n, err
}

// statusCountWhere returns the conditions on appeal_counts that answer a
// filter, when the filter selects only by statuses within the whole city or
// one unit. Only PostgreSQL keeps that table: there a count must check each
// row's visibility and costs milliseconds per thousand rows, while SQLite
// counts from its indexes alone at a fraction of that, and a trigger on
// every write would cost it a fifth of its intake rate.
func (db *DB) statusCountWhere(f minyi.AppealFilter) (*where, bool) {
	if db.dialect != Postgres {
		return nil, false
	}
	rest := f
	rest.Scope, rest.Statuses, rest.UnitID, rest.Now, rest.Limit, rest.BeforeID = minyi.Scope{}, nil, 0, time.Time{}, 0, 0
	if len(f.Statuses) == 0 || !reflect.ValueOf(rest).IsZero() {
		return nil, false
	}
	w := &where{}
	switch {
	case f.Scope.All:
	case f.Scope.UnitID != 0:
		w.add("c.unit_id = ?", f.Scope.UnitID)
	default:
		return nil, false
	}
	if f.UnitID != 0 {
		w.add("c.unit_id = ?", f.UnitID)
	}
	marks := make([]string, len(f.Statuses))
	for i, st := range f.Statuses {
		marks[i] = "?"
		w.args = append(w.args, st)
	}
	w.conds = append(w.conds, "c.status IN ("+strings.Join(marks, ", ")+")")
	return w, true
}

// CountByStatus counts the appeals in a scope by status.
func (db *DB) CountByStatus(ctx context.Context, scope minyi.Scope) (map[minyi.Status]int, error) {
	w := &where{}
	w.scope(scope)
	q := `SELECT a.status, COUNT(*) FROM appeals a` + w.sql() + ` GROUP BY a.status`
	rows, err := db.query(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[minyi.Status]int{}
	for rows.Next() {
		var s minyi.Status
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		counts[s] = n
	}
	return counts, rows.Err()
}

// QueueCounts are the numbers on the workbench badges.
type QueueCounts struct {
	Pending    int // 待分拨
	ToSign     int // 待签收 (dispatched or reopened)
	Handling   int // 办理中 (signed or handling)
	Warning    int // 即将超时
	Overdue    int // 已超时
	Supervised int // 督办 (open)
	Reopened   int // 重办 (open, re-handled at least once)
}

// openStatuses are the states in which an appeal still needs work.
var openStatuses = []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned,
	minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened}

// ByQueue returns the counts keyed like the queue= values of the API and
// the tabs of the workbench.
func (c QueueCounts) ByQueue() map[string]int {
	return map[string]int{
		"pending": c.Pending, "to_sign": c.ToSign, "handling": c.Handling, "warning": c.Warning,
		"overdue": c.Overdue, "supervised": c.Supervised, "reopened": c.Reopened,
	}
}

// QueueCounts counts the workbench queues of a scope at time now. Each
// queue is its own COUNT over an index (scalar subqueries in one
// statement), so the cost follows the size of the queues, not of the
// scope's whole history.
func (db *DB) QueueCounts(ctx context.Context, scope minyi.Scope, now time.Time) (QueueCounts, error) {
	yes := true
	queues := []minyi.AppealFilter{
		{Statuses: []minyi.Status{minyi.StatusPending}},
		{Statuses: []minyi.Status{minyi.StatusDispatched, minyi.StatusReopened}},
		{Statuses: []minyi.Status{minyi.StatusSigned, minyi.StatusHandling}},
		{Warning: true},
		{Overdue: true},
		{Supervised: &yes, Statuses: openStatuses},
		{Reopened: true, Statuses: openStatuses},
	}
	var parts []string
	var args []any
	for _, f := range queues {
		f.Scope, f.Now = scope, now
		if w, ok := db.statusCountWhere(f); ok {
			parts = append(parts, `(SELECT COALESCE(SUM(c.n), 0) FROM appeal_counts c`+w.sql()+`)`)
			args = append(args, w.args...)
			continue
		}
		w := db.filterWhere(f)
		parts = append(parts, `(SELECT COUNT(*) FROM appeals a`+w.sql()+`)`)
		args = append(args, w.args...)
	}
	var c QueueCounts
	err := db.queryRow(ctx, `SELECT `+strings.Join(parts, ", "), args...).Scan(&c.Pending, &c.ToSign, &c.Handling, &c.Warning, &c.Overdue, &c.Supervised, &c.Reopened)
	return c, err
}

// Timeline returns the events of an appeal in the order they happened.
func (db *DB) Timeline(ctx context.Context, appealID int64) ([]*minyi.Event, error) {
	const q = `SELECT id, appeal_id, action, actor_id, actor_name, actor_role, from_status, to_status, unit_id, unit_name, note, at
FROM appeal_events WHERE appeal_id = ? ORDER BY at, id`
	rows, err := db.query(ctx, q, appealID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.Event
	for rows.Next() {
		var e minyi.Event
		var actorID, unitID sql.NullInt64
		var at int64
		if err := rows.Scan(&e.ID, &e.AppealID, &e.Action, &actorID, &e.ActorName, &e.ActorRole, &e.FromStatus, &e.ToStatus, &unitID, &e.UnitName, &e.Note, &at); err != nil {
			return nil, err
		}
		e.ActorID, e.UnitID, e.At = actorID.Int64, unitID.Int64, fromMS(at)
		list = append(list, &e)
	}
	return list, rows.Err()
}

// Act applies one action to an appeal in one transaction: the new state, the
// timeline event and the outbox row are written together or not at all.
func (db *DB) Act(ctx context.Context, trackingNo string, req minyi.ActionRequest, actor minyi.Actor, scope minyi.Scope) (*minyi.Appeal, error) {
	settings, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	policy := settings.Policy()
	now := db.now()
	trackingNo = strings.TrimSpace(trackingNo)
	req.Unit, req.Parent, req.Category = nil, nil, nil

	parentNo := strings.TrimSpace(req.ParentNo)
	var out *minyi.Appeal
	err = db.inTx(ctx, func(tx *Tx) error {
		if req.Action == minyi.ActMerge && parentNo != "" {
			// A merge locks two rows. Taking both in id order first means
			// that merging A into B while B is merged into A waits instead
			// of deadlocking on PostgreSQL.
			q := `SELECT a.id FROM appeals a WHERE a.tracking_no IN (?, ?) ORDER BY a.id` + db.forUpdate("a")
			rows, err := tx.Query(ctx, q, trackingNo, parentNo)
			if err != nil {
				return err
			}
			for rows.Next() {
				// reading the rows takes their locks
			}
			if err := rows.Err(); err != nil {
				rows.Close()
				return err
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		a, err := db.findAppealTx(ctx, tx, trackingNo)
		if err != nil {
			return err
		}
		if !scope.Allows(a) {
			return errAppealNotFound(trackingNo)
		}
		if req.UnitID != 0 && (req.Action == minyi.ActDispatch || req.Action == minyi.ActTransfer) {
			const q = `SELECT id, parent_id, code, name, kind FROM units WHERE id = ?`
			u, err := scanUnit(tx.QueryRow(ctx, q, req.UnitID))
			if errors.Is(err, sql.ErrNoRows) {
				return &minyi.Error{Code: minyi.EINVALID, Message: "承办单位不存在", MessageEN: "unknown unit", Fields: map[string]string{"unit_id": "承办单位不存在"}}
			} else if err != nil {
				return err
			}
			req.Unit = u
		}
		if req.CategoryID != 0 && (req.Action == minyi.ActDispatch || req.Action == minyi.ActTransfer) {
			c, err := categoryTx(ctx, tx, req.CategoryID)
			if err != nil {
				return err
			}
			req.Category = c
		}
		if no := parentNo; req.Action == minyi.ActMerge && no != "" {
			p, err := db.findAppealTx(ctx, tx, no)
			if minyi.ErrorCode(err) == minyi.ENOTFOUND || (err == nil && !scope.Allows(p)) {
				msg := "未找到编号为 " + no + " 的诉求"
				return &minyi.Error{Code: minyi.ENOTFOUND, Message: msg, MessageEN: "parent appeal " + no + " not found", Fields: map[string]string{"parent_no": msg}}
			} else if err != nil {
				return err
			}
			req.Parent = p
		}

		before := *a
		ev, err := minyi.Apply(a, req, actor, now, policy)
		if err != nil {
			return err
		}
		if err := recountChanged(ctx, tx, &before, a); err != nil {
			return err
		}
		if req.Action == minyi.ActSupport && req.Voter != "" {
			if err := addSupporter(ctx, tx, a.ID, req.Voter, now); err != nil {
				return err
			}
		}
		const q = `UPDATE appeals SET tracking_no = ?, type = ?, channel = ?, title = ?, content = ?, category_id = ?, urgent = ?,
	district = ?, street = ?, address = ?, lat = ?, lng = ?,
	contact_name = ?, contact_phone = ?, anonymous = ?, citizen_id = ?, external_id = ?,
	status = ?, unit_id = ?, parent_id = ?,
	supporters = ?, opposers = ?, supervised = ?, reopens = ?, bad_ratings = ?,
	received_at = ?, dispatched_at = ?, sign_due = ?, signed_at = ?, contact_due = ?, contacted_at = ?,
	complete_due = ?, replied_at = ?, closed_at = ?, updated_at = ?,
	extension_days = ?, extension_reason = ?, reply = ?, rating = ?, rating_comment = ?, solved = ?,
	due_at = ?, warn_at = ?
WHERE id = ?`
		if _, err := tx.Exec(ctx, q, append(appealValues(a), a.ID)...); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		if req.Action == minyi.ActMerge {
			p := req.Parent
			pev := &minyi.Event{
				AppealID: p.ID, Action: minyi.ActMerge, ActorID: actor.UserID, ActorName: actor.Name, ActorRole: actor.Role,
				FromStatus: p.Status, ToStatus: p.Status, UnitID: p.UnitID, UnitName: p.UnitName,
				Note: "合并了 " + a.TrackingNo, At: now,
			}
			if err := insertEvent(ctx, tx, pev); err != nil {
				return err
			}
			const qParent = `UPDATE appeals SET supporters = supporters + ?, updated_at = ? WHERE id = ?`
			if _, err := tx.Exec(ctx, qParent, 1+a.Supporters, ms(now), p.ID); err != nil {
				return err
			}
		}
		if err := db.kpiAfterAct(ctx, tx, &before, a, now); err != nil {
			return err
		}
		out = a
		return insertOutbox(ctx, tx, "appeal."+string(req.Action), outboxPayload(a, ev), now)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
