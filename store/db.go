// Package store is Minyi's database/sql storage for SQLite (modernc.org/sqlite,
// pure Go) and PostgreSQL (pgx). One *DB implements every service interface
// of the root package.
//
// Most SQL is the same on both engines. The dialect seam is kept narrow:
// queries are written with ? placeholders and rebound to $n for PostgreSQL,
// and the few engine-specific statements (row locks, id reservation,
// migration locking) sit in small helpers. Times are stored as Unix
// milliseconds so that deadline queues are plain integer range scans.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver

	"minyi"
)

// Dialect names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// DB is the store. It is safe for concurrent use.
type DB struct {
	dialect string
	// write runs transactions and statements that change data. On SQLite it
	// holds a single connection whose transactions begin IMMEDIATE, so
	// writers queue in Go instead of failing with SQLITE_BUSY.
	write *sql.DB
	// read serves queries; on PostgreSQL it is the same pool as write.
	read *sql.DB

	// Now is the clock; tests may replace it. It defaults to time.Now.
	Now func() time.Time

	mu          sync.Mutex
	settings    *minyi.Settings // cached; nil until loaded or after a save
	settingsGen uint64          // counts saves, so a load racing one is not cached

	searchDF searchDF // word counts of the search index (search_terms.go)
	// searchVersionOK is set once the index is known to be cut by this
	// build's analysis (search.go).
	searchVersionOK atomic.Bool
}

// Open connects to a database and applies pending migrations. A dsn starting
// with postgres:// or postgresql:// selects PostgreSQL; anything else is a
// SQLite file path, optionally prefixed with "sqlite:".
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(max(8, 2*runtime.NumCPU()))
		pool.SetMaxIdleConns(max(8, 2*runtime.NumCPU()))
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.dialect, db.write, db.read = Postgres, pool, pool
	} else {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("store: empty database path")
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		const params = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		w, err := sql.Open("sqlite", path+sep+params+"&_txlock=immediate")
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxIdleTime(0)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", path+sep+params+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, err
		}
		n := max(4, runtime.NumCPU())
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		r.SetConnMaxIdleTime(0)
		db.dialect, db.write, db.read = SQLite, w, r
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	if err := db.ensureBuiltinSurveys(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: built-in surveys: %w", err)
	}
	if db.dialect == SQLite {
		// Refresh the planner's statistics where tables have grown.
		const q = `PRAGMA optimize`
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: optimize: %w", err)
		}
	}
	return db, nil
}

// analyze refreshes the planner's statistics of the appeals table after a
// bulk load, so that queue queries pick the right index at once. On SQLite
// the statistics come from a sample of each index, which takes
// milliseconds. PostgreSQL samples the whole table, which is too slow to do
// after every batch: there autovacuum keeps the statistics, and Optimize
// runs once after a large load.
func (db *DB) analyze(ctx context.Context) error {
	if db.dialect == Postgres {
		return nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA analysis_limit = 1000`, `ANALYZE appeals`, `PRAGMA analysis_limit = 0`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Optimize prepares the database for queries after a large load. On
// PostgreSQL, VACUUM marks the new pages all-visible, without which counts
// cannot be answered from indexes alone (an index-only scan), and ANALYZE
// refreshes the statistics; on SQLite it refreshes the statistics.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect == Postgres {
		for _, q := range []string{`VACUUM ANALYZE appeals`, `VACUUM ANALYZE appeal_events`} {
			if _, err := db.write.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: optimize: %w", err)
			}
		}
		return nil
	}
	_, err := db.write.ExecContext(ctx, `ANALYZE`)
	return err
}

// Close closes the connection pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// migrate applies the embedded migrations of the dialect that are not yet
// recorded in schema_migrations, in file name order, in one transaction.
func (db *DB) migrate(ctx context.Context) error {
	dir := "migrations/" + db.dialect
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)

	return db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			// Serialise concurrent migrators of the same schema.
			const q = `SELECT pg_advisory_xact_lock(7346001, hashtext(current_schema()))`
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		const qCreate = `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`
		if _, err := tx.Exec(ctx, qCreate); err != nil {
			return err
		}
		applied := map[string]bool{}
		const qApplied = `SELECT version FROM schema_migrations`
		rows, err := tx.Query(ctx, qApplied)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return err
			}
			applied[v] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, name := range names {
			if applied[name] {
				continue
			}
			body, err := migrations.ReadFile(dir + "/" + name)
			if err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			const qRecord = `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`
			if _, err := tx.Exec(ctx, qRecord, name, time.Now().UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
}

// Tx is a transaction on the write pool whose statements are rebound to the
// dialect's placeholders.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// Exec runs a statement written with ? placeholders.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
}

// Query runs a query written with ? placeholders.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(q), args...)
}

// QueryRow runs a query written with ? placeholders that returns one row.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

// inTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, db: db}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// query, queryRow and exec run outside a transaction: queries on the read
// pool, exec on the write pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(q), args...)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(q), args...)
}

func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.rebind(q), args...)
}

// rebind rewrites ? placeholders to $1, $2, … for PostgreSQL. Question marks
// inside single-quoted literals are left alone.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// forUpdate is appended to a SELECT that locks the rows of a table alias it
// reads. SQLite needs none: its write transactions hold the database lock.
func (db *DB) forUpdate(alias string) string {
	if db.dialect == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// now returns the clock's time truncated to what the database keeps
// (milliseconds), in China time.
func (db *DB) now() time.Time {
	return fromMS(db.Now().UnixMilli())
}

// ms converts a time to Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts Unix milliseconds to a time in China time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).In(minyi.DefaultLocation) }

// msPtr converts an optional time for a nullable column.
func msPtr(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// timePtr converts a nullable column to an optional time.
func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// truncMS drops what the database does not keep, so that values held in
// memory after a write equal those read back.
func truncMS(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := fromMS(t.UnixMilli())
	return &v
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

// nullString stores "" as NULL.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
		return sqErr.Code() == 2067 || sqErr.Code() == 1555 ||
			(sqErr.Code()&0xff == 19 && strings.Contains(sqErr.Error(), "UNIQUE"))
	}
	return false
}

// errNotFound is the ENOTFOUND error for a kind of record.
func errNotFound(zh, en string) error {
	return &minyi.Error{Code: minyi.ENOTFOUND, Message: zh + "不存在", MessageEN: en + " not found"}
}

// lockChain serialises writers of a chained table (the audit log) on
// PostgreSQL for the rest of the transaction; SQLite's write transactions
// are serial already.
func (db *DB) lockChain(ctx context.Context, tx *Tx, key int) error {
	if db.dialect != Postgres {
		return nil
	}
	const q = `SELECT pg_advisory_xact_lock(7346100 + ?, hashtext(current_schema()))`
	_, err := tx.Exec(ctx, q, key)
	return err
}
