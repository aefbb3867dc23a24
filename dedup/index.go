package dedup

import (
	"cmp"
	"slices"
	"sync"
)

// Hit is a document found similar to a text, with the estimated Jaccard
// similarity of their shingle sets (0..1).
type Hit struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Index holds the signatures of documents added one by one and finds those
// similar to a new text, e.g. the open appeals resembling one being filed.
// It is safe for concurrent use.
type Index struct {
	opts Options
	h    *hasher

	mu      sync.RWMutex
	ids     []string
	sigs    [][]uint32
	buckets map[uint64][]int32 // band key → documents
}

// NewIndex returns an empty index; opts.Threshold is the least score
// Similar reports.
func NewIndex(opts Options) *Index {
	opts = opts.withDefaults()
	return &Index{opts: opts, h: newHasher(opts), buckets: map[uint64][]int32{}}
}

// Len is the number of documents added.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.ids)
}

// Add adds a document. A document without letters or digits is not added
// and Add reports false.
func (x *Index) Add(doc Doc) bool {
	sig := x.h.signature(Clean(doc.Title, doc.Text))
	if sig == nil {
		return false
	}
	keys := bandKeys(sig, x.opts.Bands, x.opts.Rows, nil)
	x.mu.Lock()
	defer x.mu.Unlock()
	n := int32(len(x.ids))
	x.ids = append(x.ids, doc.ID)
	x.sigs = append(x.sigs, sig)
	for _, k := range keys {
		x.buckets[k] = append(x.buckets[k], n)
	}
	return true
}

// Similar returns up to k documents whose similarity to text reaches the
// index's threshold, the most similar first (equal scores in the order
// they were added). k ≤ 0 means all.
func (x *Index) Similar(text string, k int) []Hit {
	sig := x.h.signature(Clean("", text))
	if sig == nil {
		return nil
	}
	keys := bandKeys(sig, x.opts.Bands, x.opts.Rows, nil)
	type scored struct {
		doc   int32
		score float64
	}
	var found []scored
	seen := map[int32]bool{}
	x.mu.RLock()
	for _, key := range keys {
		for _, d := range x.buckets[key] {
			if seen[d] {
				continue
			}
			seen[d] = true
			if s := similarity(sig, x.sigs[d]); s >= x.opts.Threshold {
				found = append(found, scored{d, s})
			}
		}
	}
	slices.SortFunc(found, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	if k > 0 && len(found) > k {
		found = found[:k]
	}
	hits := make([]Hit, len(found))
	for i, f := range found {
		hits[i] = Hit{ID: x.ids[f.doc], Score: f.score}
	}
	x.mu.RUnlock()
	return hits
}
