package store

import (
	"context"
	"testing"
	"time"

	"minyi"
	"minyi/search"
)

// names returns the names of the items a question finds, best first.
func searchNames(t *testing.T, db *DB, q string) []string {
	t.Helper()
	res, err := (&search.Engine{Index: db}).Search(context.Background(), q, 10)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Results {
		out = append(out, r.Name)
	}
	return out
}

// The index follows every create, update and import (the triggers mark,
// the search re-cuts), and colloquial questions find the official names,
// on both engines.
func TestSearchIndexInStep(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		pension := &minyi.ServiceItem{Name: "城乡居民基本养老保险待遇申领", Department: "区人社局"}
		license := &minyi.ServiceItem{Name: "机动车驾驶证补领", Department: "区公安分局", LifeEvents: []string{"交通出行"}}
		for _, s := range []*minyi.ServiceItem{pension, license} {
			if err := db.CreateServiceItem(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if got := searchNames(t, db, "驾照丢了怎么补"); len(got) == 0 || got[0] != license.Name {
			t.Fatalf("驾照丢了怎么补: %v", got)
		}
		if got := searchNames(t, db, "农村养老金怎么领"); len(got) == 0 || got[0] != pension.Name {
			t.Fatalf("农村养老金怎么领: %v", got)
		}
		// An update is searched at once: the old name is gone.
		license.Name = "居住证办理"
		if err := db.UpdateServiceItem(ctx, license); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, db, "暂住证去哪办"); len(got) == 0 || got[0] != "居住证办理" {
			t.Errorf("after the update: %v", got)
		}
		for _, n := range searchNames(t, db, "驾驶证补领") {
			if n == "居住证办理" {
				t.Errorf("the old name still finds the item")
			}
		}
		// An import too.
		if _, err := db.ImportServiceItems(ctx, []*minyi.ServiceItem{{Name: "失业保险金申领", Department: "区人社局"}}); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, db, "丢了工作能领失业金吗"); len(got) == 0 || got[0] != "失业保险金申领" {
			t.Errorf("after the import: %v", got)
		}
		// A typo is caught by the name's bigrams.
		if got := searchNames(t, db, "失业报险金申领"); len(got) == 0 || got[0] != "失业保险金申领" {
			t.Errorf("with a typo: %v", got)
		}
		// A question about nothing in the catalogue finds nothing.
		if got := searchNames(t, db, "怎么办"); len(got) != 0 {
			t.Errorf("怎么办: %v", got)
		}
	})
}

// Clicks and 有帮助吗 are counted per item, misses grouped by wording.
func TestSearchLog(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := &minyi.ServiceItem{Name: "失业保险金申领", Department: "区人社局"}
		if err := db.CreateServiceItem(ctx, s); err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.CountSearchClick(ctx, s.ID))
		must(db.CountSearchClick(ctx, s.ID))
		must(db.SaveSearchFeedback(ctx, search.Feedback{Query: "失业金", ItemID: s.ID, Field: search.FieldMaterials, Helpful: true}))
		must(db.SaveSearchFeedback(ctx, search.Feedback{Query: "失业金", ItemID: s.ID, Helpful: false}))
		wantCode(t, db.CountSearchClick(ctx, s.ID+100), minyi.ENOTFOUND)
		wantCode(t, db.SaveSearchFeedback(ctx, search.Feedback{Query: "x", ItemID: s.ID + 100}), minyi.ENOTFOUND)
		q, err := search.Analyze("失业保险金")
		must(err)
		hits, err := db.MatchServices(ctx, q, 5)
		must(err)
		if len(hits) != 1 || hits[0].Popularity != (search.Popularity{Clicks: 2, Helpful: 1, Unhelpful: 1}) {
			t.Errorf("hits %+v", hits)
		}
		must(db.LogSearchMiss(ctx, "月亮归谁管", "月亮归谁管", 0))
		must(db.LogSearchMiss(ctx, "月亮归谁管？", "月亮归谁管", 0))
		must(db.LogSearchMiss(ctx, "星星归谁管", "星星归谁管", 0))
		misses, err := db.SearchMisses(ctx, time.Now().Add(-time.Hour), 10)
		must(err)
		if len(misses) != 2 || misses[0].Count != 2 || misses[1].Query != "星星归谁管" {
			t.Errorf("misses %+v", misses)
		}
	})
}

// An index cut by another release's analysis (another vocabulary or stop
// words) is cut again before it is searched, on both engines.
func TestSearchIndexRecutForNewAnalysis(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		item := &minyi.ServiceItem{Name: "失业保险金申领", Department: "区人社局"}
		if err := db.CreateServiceItem(ctx, item); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, db, "失业金怎么领"); len(got) != 1 {
			t.Fatalf("before: %v", got)
		}
		// What an older release left: other words in the index, another
		// version recorded, and a process that has not looked yet.
		if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE service_search_version SET version = ?`), "0-older"); err != nil {
			t.Fatal(err)
		}
		q := `UPDATE service_search SET name = 'x', grams = 'x' WHERE rowid = ?`
		if db.Dialect() == Postgres {
			q = `UPDATE service_search SET doc = to_tsvector('simple', 'x'), grams = to_tsvector('simple', 'x') WHERE item_id = ?`
		}
		if _, err := db.write.ExecContext(ctx, db.rebind(q), item.ID); err != nil {
			t.Fatal(err)
		}
		db.searchVersionOK.Store(false)
		n, err := db.RefreshSearchIndex(ctx)
		if err != nil || n != 1 {
			t.Fatalf("refresh: %d items, %v; want the one item re-cut", n, err)
		}
		if got := searchNames(t, db, "失业金怎么领"); len(got) != 1 || got[0] != item.Name {
			t.Errorf("after: %v", got)
		}
		var v string
		if err := db.read.QueryRowContext(ctx, `SELECT version FROM service_search_version`).Scan(&v); err != nil || v != search.IndexVersion() {
			t.Errorf("recorded version %q (%v), want %q", v, err, search.IndexVersion())
		}
		// The version now matches: nothing more to cut.
		db.searchVersionOK.Store(false)
		if n, err := db.RefreshSearchIndex(ctx); err != nil || n != 0 {
			t.Errorf("second refresh: %d items, %v", n, err)
		}
	})
}
