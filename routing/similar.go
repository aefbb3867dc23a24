package routing

import (
	"context"
	"strconv"
	"sync"
	"time"

	"minyi"
	"minyi/dedup"
)

// similarOptions shape the MinHash index. A citizen still typing matches
// a stored appeal only in part, so the threshold is lower than dedup's
// default for finished texts; three rows per band over 40 bands find
// pairs at that similarity nine times in ten (1-(1-0.4³)⁴⁰).
var similarOptions = dedup.Options{Threshold: 0.4, Bands: 40, Rows: 3}

// similarPage is how many appeals one query reads while indexing.
const similarPage = 500

// similarIndex is the MinHash index over open appeals with what Similar
// shows of each. The index cannot remove documents: an appeal that closes
// leaves the metadata (so queries skip it) and counts as dead until the
// next rebuild.
type similarIndex struct {
	mu    sync.RWMutex
	idx   *dedup.Index
	meta  map[int64]*minyi.SimilarAppeal
	dead  int
	built time.Time
}

func newSimilarIndex() *similarIndex {
	return &similarIndex{idx: dedup.NewIndex(similarOptions), meta: map[int64]*minyi.SimilarAppeal{}}
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

// add indexes an open appeal; one indexed already is only updated.
func (x *similarIndex) add(a *minyi.Appeal) {
	if !a.Status.Open() {
		x.drop(a.ID)
		return
	}
	x.mu.Lock()
	if m := x.meta[a.ID]; m != nil {
		m.Status, m.Supporters = a.Status, a.Supporters
		x.mu.Unlock()
		return
	}
	x.mu.Unlock()
	// Signatures are computed outside the lock; the index locks itself.
	if !x.idx.Add(dedup.Doc{ID: docID(a.ID), Title: a.Title, Text: a.Content}) {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.meta[a.ID] = &minyi.SimilarAppeal{TrackingNo: a.TrackingNo, Title: a.Title, Status: a.Status,
		District: a.District, Supporters: a.Supporters, ReceivedAt: a.ReceivedAt}
}

// setStatus records an indexed appeal's new state; a closed or merged one
// is dropped.
func (x *similarIndex) setStatus(id int64, s minyi.Status) {
	if !s.Open() {
		x.drop(id)
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if m := x.meta[id]; m != nil {
		m.Status = s
	}
}

func (x *similarIndex) drop(id int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.meta[id]; ok {
		delete(x.meta, id)
		x.dead++
	}
}

func (x *similarIndex) has(id int64) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.meta[id] != nil
}

// find returns up to limit open appeals received since then that read
// like the text, most similar first.
func (x *similarIndex) find(title, content string, exclude int64, limit int, since time.Time) []minyi.SimilarAppeal {
	x.mu.RLock()
	idx := x.idx
	x.mu.RUnlock()
	hits := idx.Similar(title+" "+content, 0)
	out := []minyi.SimilarAppeal{}
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, h := range hits {
		if limit > 0 && len(out) == limit {
			break
		}
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		m := x.meta[id]
		if m == nil || id == exclude || m.ReceivedAt.Before(since) {
			continue
		}
		s := *m
		s.Similarity = h.Score
		out = append(out, s)
	}
	return out
}

// stale reports whether a rebuild would pay: a day has passed (appeals
// have aged out of the window) or closed ones make up half the index.
func (x *similarIndex) stale(now time.Time) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return now.Sub(x.built) >= 24*time.Hour || (x.dead > 1000 && x.dead > len(x.meta))
}

// rebuildSimilar builds a fresh index from the open appeals received in
// the window, newest first in pages, and swaps it in. It runs on the
// worker (or before it starts), so no bus message is applied meanwhile:
// they wait in the queue and are applied to the new index after.
func (a *Advisor) rebuildSimilar(ctx context.Context) error {
	now := a.opts.Now()
	fresh := newSimilarIndex()
	f := minyi.AppealFilter{
		Scope:    minyi.Scope{All: true},
		Statuses: []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened},
		Since:    now.AddDate(0, 0, -a.opts.SimilarDays),
		Limit:    similarPage,
	}
	for {
		list, err := a.db.ListAppeals(ctx, f)
		if err != nil {
			return err
		}
		for _, ap := range list {
			fresh.add(ap)
			f.BeforeID = ap.ID
		}
		if len(list) < similarPage {
			break
		}
	}
	x := a.similar
	x.mu.Lock()
	x.idx, x.meta, x.dead, x.built = fresh.idx, fresh.meta, 0, now
	n := len(x.meta)
	x.mu.Unlock()
	a.log.Info("routing: similar-appeal index built", "appeals", n, "took", time.Since(now).Round(time.Millisecond))
	return nil
}

// catchUpSimilar indexes the open appeals received since a time that the
// index lacks (adding is idempotent).
func (a *Advisor) catchUpSimilar(ctx context.Context, since time.Time) error {
	f := minyi.AppealFilter{Scope: minyi.Scope{All: true}, Since: since, Limit: similarPage}
	for {
		list, err := a.db.ListAppeals(ctx, f)
		if err != nil {
			return err
		}
		for _, ap := range list {
			if ap.Status.Open() && !a.similar.has(ap.ID) {
				a.similar.add(ap)
			}
			f.BeforeID = ap.ID
		}
		if len(list) < similarPage {
			return nil
		}
	}
}
