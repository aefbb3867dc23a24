package search

import (
	"context"
	"time"

	"minyi"
)

// A Hit is a service item the index matched, with the engine's relevance
// (higher is better; comparable only within one query) and what searchers
// did with it before.
type Hit struct {
	Item       *minyi.ServiceItem
	Relevance  float64
	Popularity Popularity
}

// Popularity is what people did with an item: guide page views, clicks on
// it in search results, and 有帮助吗 answers on its answers.
type Popularity struct {
	Views, Clicks, Helpful, Unhelpful int64
}

// Index is the full-text index the engine ranks with; *store.DB is one.
type Index interface {
	// MatchServices returns at most limit items matching q, most
	// relevant first.
	MatchServices(ctx context.Context, q Query, limit int) ([]Hit, error)
	// DocFreqs returns how many indexed items hold each of terms (words
	// or bigrams, in any column) and how many items are indexed; the
	// counts may lag the index by a little.
	DocFreqs(ctx context.Context, terms []string) (df []int, docs int, err error)
}

// Feedback is one answer to 有帮助吗 about an answer or a result.
type Feedback struct {
	Query   string `json:"q"`
	ItemID  int64  `json:"item_id"`
	Field   Field  `json:"field"`
	Helpful bool   `json:"helpful"`
}

// Miss is a question the search box had no good answer for, with how
// often it was asked (questions alike once normalised count together).
type Miss struct {
	Query string    `json:"query"`
	Count int       `json:"count"`
	Last  time.Time `json:"last"`
}

// Log keeps what searchers do; *store.DB is one.
type Log interface {
	// LogSearchMiss records a question with no good answer.
	LogSearchMiss(ctx context.Context, query, norm string, results int) error
	// SaveSearchFeedback stores an answer to 有帮助吗 (ENOTFOUND for an
	// unknown item) and counts it for the item's popularity.
	SaveSearchFeedback(ctx context.Context, f Feedback) error
	// CountSearchClick counts a click on a result (ENOTFOUND for an
	// unknown item).
	CountSearchClick(ctx context.Context, itemID int64) error
	// SearchMisses returns the questions missed since a time, most often
	// asked first, at most n.
	SearchMisses(ctx context.Context, since time.Time, n int) ([]Miss, error)
}
