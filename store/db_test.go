package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi"
)

// MustOpenDB opens a fresh database of a dialect for one test and closes it
// when the test ends: SQLite in a temporary directory, or PostgreSQL (the
// server in MINYI_TEST_POSTGRES) in a schema of its own that is dropped
// afterwards. It skips the test when PostgreSQL is asked for but not set up.
func MustOpenDB(t testing.TB, dialect string) *DB {
	t.Helper()
	ctx := context.Background()
	if dialect == SQLite {
		db, err := Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	url := os.Getenv("MINYI_TEST_POSTGRES")
	if url == "" {
		t.Skip("MINYI_TEST_POSTGRES is not set")
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "minyi_t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := Open(ctx, url+sep+"search_path="+schema)
	t.Cleanup(func() {
		if db != nil {
			db.Close()
		}
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
		admin.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// eachDB runs a test against a fresh SQLite database and, when
// MINYI_TEST_POSTGRES is set, a fresh PostgreSQL schema.
func eachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	for _, d := range []string{SQLite, Postgres} {
		t.Run(d, func(t *testing.T) {
			if d == Postgres && os.Getenv("MINYI_TEST_POSTGRES") == "" {
				t.Skip("MINYI_TEST_POSTGRES is not set")
			}
			fn(t, MustOpenDB(t, d))
		})
	}
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time           { return c.t }
func (c *clock) set(t time.Time)          { c.t = t }
func (c *clock) advance(d time.Duration)  { c.t = c.t.Add(d) }
func useClock(db *DB, t time.Time) *clock { c := &clock{t: t}; db.Now = c.now; return c }

// cst builds a time in China time.
func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, minyi.DefaultLocation)
}

// fixture is a small organisation: a city, two districts, one street, and
// a user of every role.
type fixture struct {
	city, futian, nanshan, street *minyi.Unit
	dispatcher, handlerA, leaderA *minyi.User
	handlerB, supervisor, citizen *minyi.User
	admin                         *minyi.User
}

func (f *fixture) actor(u *minyi.User) minyi.Actor { return minyi.ActorFor(u) }

func mustFixture(t *testing.T, db *DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{}
	mk := func(u *minyi.Unit) *minyi.Unit {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.city = mk(&minyi.Unit{Code: "SZ", Name: "深圳市", Kind: minyi.UnitCity})
	f.futian = mk(&minyi.Unit{Code: "FT", Name: "福田区", Kind: minyi.UnitDistrict, ParentID: f.city.ID})
	f.nanshan = mk(&minyi.Unit{Code: "NS", Name: "南山区", Kind: minyi.UnitDistrict, ParentID: f.city.ID})
	f.street = mk(&minyi.Unit{Code: "FT-HF", Name: "华富街道", Kind: minyi.UnitStreet, ParentID: f.futian.ID})
	user := func(name string, role minyi.Role, unit int64) *minyi.User {
		u := &minyi.User{Username: name, DisplayName: name, Role: role, UnitID: unit}
		if err := db.CreateUser(ctx, u, "password-"+name); err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.dispatcher = user("dispatcher", minyi.RoleDispatcher, f.city.ID)
	f.handlerA = user("handler-a", minyi.RoleHandler, f.futian.ID)
	f.leaderA = user("leader-a", minyi.RoleLeader, f.futian.ID)
	f.handlerB = user("handler-b", minyi.RoleHandler, f.nanshan.ID)
	f.supervisor = user("supervisor", minyi.RoleSupervisor, 0)
	f.citizen = user("citizen", minyi.RoleCitizen, 0)
	f.admin = user("admin", minyi.RoleAdmin, 0)
	return f
}

// newAppeal returns a valid appeal to create.
func newAppeal(title string) *minyi.Appeal {
	return &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: title,
		Content: "小区门口道路破损严重，雨天积水，影响出行。", District: "福田区",
		ContactName: "张三", ContactPhone: "13800138000",
	}
}

func mustCreate(t *testing.T, db *DB, a *minyi.Appeal, actor minyi.Actor) *minyi.Appeal {
	t.Helper()
	if err := db.CreateAppeal(context.Background(), a, actor); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustAct(t *testing.T, db *DB, no string, req minyi.ActionRequest, actor minyi.Actor, scope minyi.Scope) *minyi.Appeal {
	t.Helper()
	a, err := db.Act(context.Background(), no, req, actor, scope)
	if err != nil {
		t.Fatalf("%s: %v", req.Action, err)
	}
	return a
}

// wantCode fails unless err is an application error with the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := minyi.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	var e *minyi.Error
	if code != "" && (!errors.As(err, &e) || e.Message == "" || e.MessageEN == "") {
		t.Fatalf("error %v lacks a Chinese or English message", err)
	}
}

var all = minyi.Scope{All: true}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Dialect() != SQLite {
		t.Fatalf("dialect = %q", db.Dialect())
	}
	if empty, err := db.IsEmpty(ctx); err != nil || !empty {
		t.Fatalf("IsEmpty = %v, %v; want true", empty, err)
	}
	if err := db.CreateUnit(ctx, &minyi.Unit{Code: "SZ", Name: "深圳市", Kind: minyi.UnitCity}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopening applies no migration twice and keeps the data.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, _ := migrations.ReadDir("migrations/sqlite")
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(files) || n < 2 {
		t.Fatalf("schema_migrations rows = %d, %v; want %d", n, err, len(files))
	}
	if empty, err := db.IsEmpty(ctx); err != nil || empty {
		t.Fatalf("IsEmpty = %v, %v; want false", empty, err)
	}
	var mode string
	if err := db.write.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := db.write.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	// The read pool must not write.
	if _, err := db.read.ExecContext(ctx, `DELETE FROM units`); err == nil {
		t.Fatal("read pool accepted a write")
	}
}

func TestOpenPostgres(t *testing.T) {
	if os.Getenv("MINYI_TEST_POSTGRES") == "" {
		t.Skip("MINYI_TEST_POSTGRES is not set")
	}
	db := MustOpenDB(t, Postgres)
	if db.Dialect() != Postgres {
		t.Fatalf("dialect = %q", db.Dialect())
	}
	// Migrating again (a second process starting) is a no-op.
	if err := db.migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestRebind(t *testing.T) {
	pg := &DB{dialect: Postgres}
	got := pg.rebind(`SELECT '?', a FROM t WHERE a = ? AND b LIKE 'x?' AND c IN (?, ?)`)
	want := `SELECT '?', a FROM t WHERE a = $1 AND b LIKE 'x?' AND c IN ($2, $3)`
	if got != want {
		t.Fatalf("rebind = %q, want %q", got, want)
	}
	lite := &DB{dialect: SQLite}
	if q := `SELECT ? , ?`; lite.rebind(q) != q {
		t.Fatal("sqlite query was rewritten")
	}
}
