package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/store"
)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var testNow = time.Date(2026, 3, 16, 10, 30, 0, 0, minyi.DefaultLocation)

func TestTemplatesMatchTaxonomyAndOrg(t *testing.T) {
	paths := map[string]bool{}
	for _, p := range CategoryPaths() {
		if len(p) < 2 || len(p) > 3 {
			t.Errorf("category path %v: want 2 or 3 levels", p)
		}
		paths[strings.Join(p, "/")] = true
	}
	top := map[string]bool{}
	for _, p := range CategoryPaths() {
		top[p[0]] = true
	}
	if len(top) < 12 {
		t.Errorf("%d first-level categories, want at least 12", len(top))
	}
	keys := map[string]bool{}
	for _, d := range cityDepts {
		keys["city:"+d.Key] = true
	}
	for _, d := range districtDepts {
		keys["dist:"+d.Key] = true
	}
	keys["street"] = true
	for _, p := range problems {
		if !paths[p.Cat] {
			t.Errorf("problem category %q is not in the taxonomy", p.Cat)
		}
		if !keys[p.Route] {
			t.Errorf("problem %q routes to unknown %q", p.Cat, p.Route)
		}
		if len(p.Titles) == 0 || len(p.Facts) == 0 || len(p.Asks) == 0 || len(p.Replies) == 0 {
			t.Errorf("problem %q lacks templates", p.Cat)
		}
		for _, c := range p.Types {
			if _, ok := typeLetters[byte(c)]; !ok {
				t.Errorf("problem %q: unknown type letter %q", p.Cat, c)
			}
		}
	}
	for _, d := range districts {
		if len(d.Streets) < 3 || len(d.Streets) > 5 {
			t.Errorf("%s has %d streets", d.Name, len(d.Streets))
		}
	}
	if len(cityDepts) < 25 {
		t.Errorf("%d city departments, want at least 25", len(cityDepts))
	}
}

func TestFill(t *testing.T) {
	var b strings.Builder
	fill(&b, "{区}{街道}有{未知}问题{", func(k string) (string, bool) {
		switch k {
		case "区":
			return "南山区", true
		case "街道":
			return "粤海街道", true
		}
		return "", false
	})
	if got, want := b.String(), "南山区粤海街道有{未知}问题{"; got != want {
		t.Errorf("fill = %q, want %q", got, want)
	}
}

func TestSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 3000 appeals")
	}
	ctx := context.Background()
	db := openDB(t)
	var calls, last int
	err := Seed(ctx, db, Options{Appeals: 3000, Days: 120, Now: testNow, Seed: 1, Progress: func(done, total int) {
		calls++
		if done < last || total != 3000 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if last != 3000 || calls < 2 {
		t.Errorf("progress ended at %d after %d calls", last, calls)
	}
	all := minyi.Scope{All: true}
	count := func(f minyi.AppealFilter) int {
		t.Helper()
		f.Scope = all
		n, err := db.CountAppeals(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(minyi.AppealFilter{}); n != 3000 {
		t.Fatalf("%d appeals, want 3000", n)
	}
	for _, s := range minyi.Statuses {
		n := count(minyi.AppealFilter{Statuses: []minyi.Status{s}})
		t.Logf("status %s: %d", s, n)
		if n == 0 {
			t.Errorf("no appeal in status %s", s)
		}
	}
	for _, ty := range minyi.AppealTypes {
		if count(minyi.AppealFilter{Type: ty}) == 0 {
			t.Errorf("no appeal of type %s", ty)
		}
	}
	for _, c := range minyi.Channels {
		if count(minyi.AppealFilter{Channel: c}) == 0 {
			t.Errorf("no appeal from channel %s", c)
		}
	}
	for _, d := range districts {
		if count(minyi.AppealFilter{District: d.Name}) == 0 {
			t.Errorf("no appeal in %s", d.Name)
		}
	}
	if n := count(minyi.AppealFilter{Statuses: []minyi.Status{minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReopened}, Overdue: true, Now: testNow}); n == 0 {
		t.Error("no overdue appeal")
	}
	if n := count(minyi.AppealFilter{Reopened: true}); n == 0 {
		t.Error("no re-handled appeal")
	}
	yes := true
	if n := count(minyi.AppealFilter{Supervised: &yes}); n == 0 {
		t.Error("no supervised appeal")
	}

	// Timelines: a sample of every status is a valid chain ending in the
	// appeal's status, in time order.
	for _, s := range minyi.Statuses {
		list, err := db.ListAppeals(ctx, minyi.AppealFilter{Scope: all, Statuses: []minyi.Status{s}, Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			evs, err := db.Timeline(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 || evs[0].Action != minyi.ActCreate {
				t.Fatalf("%s: timeline does not start with create", a.TrackingNo)
			}
			prev := evs[0]
			for _, ev := range evs[1:] {
				if ev.FromStatus != prev.ToStatus {
					t.Errorf("%s: %s from %s follows an event ending in %s", a.TrackingNo, ev.Action, ev.FromStatus, prev.ToStatus)
				}
				if ev.At.Before(prev.At) {
					t.Errorf("%s: %s at %v before %v", a.TrackingNo, ev.Action, ev.At, prev.At)
				}
				if ev.At.After(testNow) {
					t.Errorf("%s: %s in the future", a.TrackingNo, ev.Action)
				}
				prev = ev
			}
			if prev.ToStatus != a.Status {
				t.Errorf("%s: timeline ends in %s, appeal is %s", a.TrackingNo, prev.ToStatus, a.Status)
			}
			if s == minyi.StatusMerged && (a.ParentNo == "" || a.ParentNo == a.TrackingNo) {
				t.Errorf("%s: merged without a parent", a.TrackingNo)
			}
			if a.Title == "" || len([]rune(a.Content)) < 10 || a.CategoryID == 0 || a.District == "" {
				t.Errorf("%s: incomplete appeal %+v", a.TrackingNo, a)
			}
		}
	}

	// The demo logins work and the handlers have appeals at their unit.
	for _, l := range Logins() {
		u, err := db.Authenticate(ctx, l.Username, l.Password)
		if err != nil {
			t.Errorf("login %s: %v", l.Username, err)
			continue
		}
		if u.Role != l.Role {
			t.Errorf("%s has role %s, want %s", l.Username, u.Role, l.Role)
		}
		if l.Role == minyi.RoleHandler && count(minyi.AppealFilter{UnitID: u.UnitID}) == 0 {
			t.Errorf("%s's unit %s has no appeals", l.Username, l.Unit)
		}
		if l.Role == minyi.RoleCitizen {
			n, err := db.CountAppeals(ctx, minyi.AppealFilter{Scope: minyi.ScopeFor(u)})
			if err != nil || n == 0 {
				t.Errorf("%s filed no appeals (%v)", l.Username, err)
			}
		}
	}

	if err := Seed(ctx, db, Options{Appeals: 10}); err != ErrNotEmpty {
		t.Errorf("second Seed: %v, want ErrNotEmpty", err)
	}
	// More appeals on top of the demo organisation.
	if err := GenerateAppeals(ctx, db, Options{Appeals: 200, Now: testNow, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if n := count(minyi.AppealFilter{}); n != 3200 {
		t.Errorf("%d appeals after adding 200, want 3200", n)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := SeedOrganisation(ctx, db); err != nil {
		t.Fatal(err)
	}
	o, err := loadOrg(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	run := func(seed uint64) []string {
		g := newGenerator(o, nil, minyi.DefaultSettings().Policy(), testNow, 30, seed)
		if err := g.loadActors(ctx, db); err != nil {
			t.Fatal(err)
		}
		var out []string
		for i := range 300 {
			it := g.generate(i, 300)
			if g.err != nil {
				t.Fatal(g.err)
			}
			a := it.Appeal
			out = append(out, a.Title+"|"+a.Content+"|"+string(a.Status)+"|"+a.ReceivedAt.String())
		}
		return out
	}
	a, b, c := run(7), run(7), run(8)
	distinct := map[string]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("appeal %d differs between runs with one seed:\n%s\n%s", i, a[i], b[i])
		}
		distinct[strings.SplitN(a[i], "|", 3)[1]] = true
	}
	if strings.Join(a, "\n") == strings.Join(c, "\n") {
		t.Error("different seeds gave the same appeals")
	}
	if len(distinct) < 280 {
		t.Errorf("only %d distinct texts in 300 appeals", len(distinct))
	}
}
