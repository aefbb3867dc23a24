package store

import (
	"context"
	"slices"
	"sync"
	"time"

	"minyi/search"
)

// Leaving common words out of a match: a question's word held by tens of
// thousands of items (办理, 证明 in a big catalogue) adds little to the
// ranking but makes the engine score every one of those items. Words
// are kept rarest first while the items they match stay within
// searchMaxPostings; the rarest is always kept.
const (
	searchMaxPostings = 2000
	// searchDFEvery is how often the word counts are read again after
	// the index changed; they only steer which words are matched.
	searchDFEvery = time.Minute
)

// searchDocsKey holds the number of indexed items among the word counts:
// no word of the index is empty.
const searchDocsKey = ""

// searchDF caches how many items hold each word of the index.
type searchDF struct {
	mu    sync.Mutex
	df    map[string]int
	at    time.Time
	stale bool
	busy  bool
}

// pruneTerms keeps the words and then the bigrams (quoted, as ftsTerms
// makes them) that the postings budget allows, each rarest first, each
// list in its order. The rarest word is always kept, and the rarest bigram
// when no word is.
// df holds the word counts (searchDFs).
func pruneTerms(df map[string]int, words, grams []string) ([]string, []string) {
	count := func(t string) int { return df[t[1:len(t)-1]] }
	sum := 0
	keep := func(terms []string, force bool) []string {
		order := slices.Clone(terms)
		slices.SortStableFunc(order, func(a, b string) int { return count(a) - count(b) })
		kept := map[string]bool{}
		for _, t := range order {
			c := count(t)
			if c == 0 {
				// In no item when the counts were read: new since, or
				// costing nothing.
				kept[t] = true
				continue
			}
			if sum+c > searchMaxPostings && !(force && sum == 0) {
				break
			}
			sum += c
			kept[t] = true
		}
		var out []string
		for _, t := range terms {
			if kept[t] {
				out = append(out, t)
			}
		}
		return out
	}
	w := keep(words, true)
	g := keep(grams, len(w) == 0)
	return w, g
}

// termWeights returns each word's inverse document frequency (quoted, as
// ftsTerms makes them) over their mean, so that the weights average 1.
// PostgreSQL's ts_rank counts every matched word alike: without them a
// question's common word (就业, 登记) outweighs the rare one that says
// what is asked, where FTS5's bm25 weighs words by rarity itself. df
// holds the word counts (searchDFs).
func termWeights(df map[string]int, words []string) []float64 {
	n := float64(max(df[searchDocsKey], 1))
	out := make([]float64, len(words))
	sum := 0.0
	for i, t := range words {
		d := min(float64(df[t[1:len(t)-1]]), n)
		out[i] = search.BM25IDF(n, d)
		sum += out[i]
	}
	for i := range out {
		out[i] *= float64(len(out)) / sum
	}
	return out
}

// DocFreqs returns how many indexed items hold each term, in any column,
// and how many items are indexed, from the cached word counts.
func (db *DB) DocFreqs(ctx context.Context, terms []string) ([]int, int, error) {
	df, err := db.searchDFs(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]int, len(terms))
	for i, t := range terms {
		out[i] = df[t]
	}
	return out, df[searchDocsKey], nil
}

// searchDFs returns the word counts, reading them on first use and again
// in the background once the index has changed.
func (db *DB) searchDFs(ctx context.Context) (map[string]int, error) {
	c := &db.searchDF
	c.mu.Lock()
	if c.df != nil {
		df := c.df
		if c.stale && !c.busy && time.Since(c.at) > searchDFEvery {
			c.busy = true
			go func() {
				m, err := db.readSearchDF(context.Background())
				c.mu.Lock()
				defer c.mu.Unlock()
				c.busy = false
				if err == nil {
					c.df, c.at, c.stale = m, time.Now(), false
				}
			}()
		}
		c.mu.Unlock()
		return df, nil
	}
	c.mu.Unlock()
	m, err := db.readSearchDF(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.df, c.at, c.stale = m, time.Now(), false
	return m, nil
}

// searchIndexChanged marks the word counts stale.
func (db *DB) searchIndexChanged() {
	db.searchDF.mu.Lock()
	db.searchDF.stale = true
	db.searchDF.mu.Unlock()
}

// readSearchDF reads how many items hold each word: FTS5's vocabulary
// table on SQLite, ts_stat over the tsvectors on PostgreSQL.
func (db *DB) readSearchDF(ctx context.Context) (map[string]int, error) {
	q := `SELECT term, doc FROM service_search_vocab`
	if db.dialect == Postgres {
		q = `SELECT word, ndoc FROM ts_stat('SELECT doc || grams FROM service_search')`
	}
	// The count first: a second query while the rows are open would hold
	// two connections.
	var n0 int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM service_search`).Scan(&n0); err != nil {
		return nil, err
	}
	m := map[string]int{searchDocsKey: n0}
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		m[t] = n
	}
	return m, rows.Err()
}
