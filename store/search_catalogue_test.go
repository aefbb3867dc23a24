package store

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"minyi"
	"minyi/search"
)

// guanganCatalogue is the real 广安区 catalogue (names only; see the data
// folder's README), read from outside the repository.
const guanganCatalogue = "../../shared/data/other/guangan_zwfw_items/guangan_district_service_items.csv"

// Floors of the search's figures on the evaluation questions: the figures
// measured when the ranking was last tuned, less a small margin, so that a
// change that makes the search worse fails.
var searchFloors = map[string]map[string][2]float64{
	SQLite:   {"dev": {0.91, 0.98}, "test": {0.93, 0.96}, "fresh": {0.83, 0.91}, "blind": {0.86, 0.92}},
	Postgres: {"dev": {0.89, 0.97}, "test": {0.91, 0.95}, "fresh": {0.82, 0.91}, "blind": {0.83, 0.91}},
}

// loadGuangan reads the catalogue into service items, skipping the test
// when the data folder is absent.
func loadGuangan(t testing.TB) []*minyi.ServiceItem {
	t.Helper()
	f, err := os.Open(guanganCatalogue)
	if os.IsNotExist(err) {
		t.Skipf("the 广安区 catalogue is not at %s: the real-data evaluation needs /work/shared/data", guanganCatalogue)
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var items []*minyi.ServiceItem
	for _, r := range rows[1:] {
		s := &minyi.ServiceItem{Department: r[0], Theme: r[1], Name: r[2], Link: r[3]}
		// Life events as `minyi import services` gives them to a catalogue
		// without any.
		theme := s.Theme
		if theme == minyi.NoTheme {
			theme = ""
		}
		s.LifeEvents = minyi.GuessLifeEvents(s.Name, theme, s.Department)
		items = append(items, s)
	}
	return items
}

// readJudgements reads the questions of one evaluation part: every file
// search/testdata/questions_PART.tsv or questions_PART_*.tsv (a part may be
// kept in several files by subject).
func readJudgements(t testing.TB, part string) []search.Judgement {
	t.Helper()
	dir := filepath.Join("..", "search", "testdata")
	names, err := filepath.Glob(filepath.Join(dir, "questions_"+part+"_*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	names = append([]string{filepath.Join(dir, "questions_"+part+".tsv")}, names...)
	var js []search.Judgement
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		more, err := search.ReadJudgements(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		js = append(js, more...)
	}
	return js
}

// TestSearchGuangan imports the real catalogue and measures MRR@10 and
// recall@5 of the baseline (BM25 over name bigrams) and of the search on
// each evaluation part.
func TestSearchGuangan(t *testing.T) {
	items := loadGuangan(t)
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if _, err := db.ImportServiceItems(ctx, items); err != nil {
			t.Fatal(err)
		}
		var names []string
		known := map[string]bool{}
		for _, s := range items {
			names = append(names, s.Name)
			known[s.Name] = true
		}
		base := search.NewNameBigrams(names)
		eng := &search.Engine{Index: db}
		for _, part := range []string{"dev", "test", "fresh", "blind"} {
			js := readJudgements(t, part)
			for _, j := range js {
				for _, n := range j.Relevant {
					if !known[n] {
						t.Fatalf("%s: %q is no item of the catalogue", j.Question, n)
					}
				}
			}
			bm, _ := search.Evaluate(js, func(q string) ([]string, error) { return base.Rank(q, 10), nil })
			sm, err := search.Evaluate(js, func(q string) ([]string, error) {
				res, err := eng.Search(ctx, q, 10)
				if err != nil {
					return nil, err
				}
				var out []string
				for _, r := range res.Results {
					out = append(out, r.Name)
				}
				return out, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %s (%d questions): baseline MRR@10 %.3f recall@5 %.3f; search MRR@10 %.3f recall@5 %.3f",
				db.Dialect(), part, len(js), bm.MRR10, bm.Recall5, sm.MRR10, sm.Recall5)
			if part == "dev" && testing.Verbose() {
				for _, m := range sm.Misses {
					t.Logf("miss: %s", m)
				}
			}
			floor := searchFloors[db.Dialect()][part]
			if sm.MRR10 < floor[0] || sm.Recall5 < floor[1] {
				t.Errorf("%s: MRR@10 %.3f recall@5 %.3f, below the floor %.2f / %.2f", part, sm.MRR10, sm.Recall5, floor[0], floor[1])
			}
		}
	})
}
