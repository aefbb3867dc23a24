package search

import (
	"cmp"
	"context"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"minyi"
	"minyi/plain"
)

// Engine defaults.
const (
	DefaultLimit = 10
	MaxLimit     = 50
	// candidates is how many items the index ranks before the popularity
	// prior reorders them.
	candidates = 30
	// priorWeight scales the popularity prior: a result clicked a hundred
	// times gains about a quarter of its relevance, enough to order
	// near-ties, never to lift an unrelated item over a matching one.
	priorWeight = 0.05
	// AnswerConfidence is the confidence from which the best guide is
	// quoted as the answer; below it the question counts as unanswered
	// (logged for the latent needs).
	AnswerConfidence = 0.6
)

// Engine answers the search box: it reads the question, ranks the
// catalogue in the index, and quotes the best guide when confident.
type Engine struct {
	Index Index
	// Log keeps the questions with no good answer; nil: they are not
	// kept. They are written in the background, so that a search never
	// waits for the database's writer.
	Log    Log
	Logger *slog.Logger // slog.Default() when nil

	once    sync.Once
	slots   chan struct{} // misses being written, at most maxPendingMisses
	pending sync.WaitGroup
}

// maxPendingMisses caps the misses being written at once; beyond it the
// log is behind and further misses are not kept.
const maxPendingMisses = 64

// Result is the answer to one question.
type Result struct {
	Query Query `json:"-"`
	// Answer quotes the best guide; nil when no guide answers with
	// confidence or the field asked for is empty.
	Answer *Answer `json:"answer"`
	// Confidence is how sure the best result answers the question, from
	// 0 to 1 (Confidence).
	Confidence float64 `json:"confidence"`
	// Typos are the known terms the question's typos were read as
	// (Query.Typos), for a "searched also for" line.
	Typos   []string     `json:"typos,omitempty"`
	Results []ResultItem `json:"results"`
}

// Answer is the answer card: one field of one guide, word for word.
type Answer struct {
	ItemID   int64  `json:"item_id"`
	ItemName string `json:"item_name"`
	Field    Field  `json:"field"`
	Label    string `json:"label"`
	Text     string `json:"text"`
}

// ResultItem is one result. Snippet is HTML: the name (and the matching
// part of the guide's summary) escaped, with the matched words in <mark>.
type ResultItem struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	Department string  `json:"department"`
	Score      float64 `json:"score"`
	Snippet    string  `json:"snippet"`
}

// Search answers raw with at most limit results (DefaultLimit when ≤ 0,
// at most MaxLimit). The caller checks raw with CheckQuery first.
func (e *Engine) Search(ctx context.Context, raw string, limit int) (*Result, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	q, err := Analyze(raw)
	if err != nil {
		return nil, err
	}
	res := &Result{Query: q, Typos: q.Typos, Results: []ResultItem{}}
	var hits []Hit
	if !q.Empty() {
		if hits, err = e.Index.MatchServices(ctx, q, max(candidates, limit)); err != nil {
			return nil, err
		}
	}
	scores := make([]float64, len(hits))
	asked := readVariant(q.Norm)
	for i, h := range hits {
		scores[i] = h.Relevance * prior(h.Popularity) * asked.factor(h.Item.Name) * ownWords(q, h.Item.Name)
	}
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	if err := e.keepLiteral(ctx, q, hits, order); err != nil {
		return nil, err
	}
	marks := q.marks()
	for _, i := range order[:min(limit, len(order))] {
		s := hits[i].Item
		res.Results = append(res.Results, ResultItem{ID: s.ID, Name: s.Name, Department: s.Department,
			Score: math.Round(scores[i]*1000) / 1000, Snippet: snippet(s, marks)})
	}
	if len(order) > 0 {
		best := hits[order[0]].Item
		second := 0.0
		if len(order) > 1 {
			second = scores[order[1]]
		}
		res.Confidence = confidence(q, best, scores[order[0]], second)
		if res.Confidence >= AnswerConfidence {
			res.Answer = answerOf(q, best)
		}
	}
	if e.Log != nil && res.Confidence < AnswerConfidence {
		e.logMiss(raw, q.Norm, len(res.Results))
	}
	return res, nil
}

// logMiss writes a miss in the background.
func (e *Engine) logMiss(raw, norm string, results int) {
	e.once.Do(func() { e.slots = make(chan struct{}, maxPendingMisses) })
	select {
	case e.slots <- struct{}{}:
	default:
		return
	}
	e.pending.Go(func() {
		defer func() { <-e.slots }()
		if err := e.Log.LogSearchMiss(context.Background(), raw, norm, results); err != nil {
			logger := e.Logger
			if logger == nil {
				logger = slog.Default()
			}
			logger.Warn("search: log a miss", "err", err)
		}
	})
}

// Wait waits until the misses of past searches are written.
func (e *Engine) Wait() { e.pending.Wait() }

// BestAnswer is analytics.Answerer: the best guide's name and the
// confidence it answers the question.
func (e *Engine) BestAnswer(question string) (string, float64, bool) {
	if zh, _ := CheckQuery(question); zh != "" {
		question = firstRunes(strings.TrimSpace(question), MaxQueryRunes)
	}
	quiet := Engine{Index: e.Index} // a latent need is not a searcher's miss
	res, err := quiet.Search(context.Background(), question, 1)
	if err != nil || len(res.Results) == 0 {
		return "", 0, false
	}
	return res.Results[0].Name, res.Confidence, true
}

// prior is the popularity factor of an item's relevance: a small,
// logarithmic gain for views, clicks and helpful answers, a loss for
// unhelpful ones.
func prior(p Popularity) float64 {
	n := float64(p.Views)/20 + float64(p.Clicks) + 3*float64(p.Helpful-p.Unhelpful)
	if n < 0 {
		return 1 / (1 + priorWeight*math.Log1p(-n))
	}
	return 1 + priorWeight*math.Log1p(n)
}

// confidence says how sure the best item answers q, from 0 to 1: how much
// of what is asked its name or theme holds (cover) times how clearly it
// leads the second result (a tie halves it).
func confidence(q Query, best *minyi.ServiceItem, first, second float64) float64 {
	c := cover(q, best)
	lead := 1.0
	if first > 0 {
		lead = min(1, 0.5+(first-second)/first*2.5)
	}
	return math.Round(c*lead*100) / 100
}

// cover is the share of the question's words (its own and their official
// forms, as alternatives) the item's name, theme or summary holds; a
// question whose words only the bigram fallback found covers little.
func cover(q Query, s *minyi.ServiceItem) float64 {
	hay := strings.ToLower(s.Name + " " + s.Theme + " " + s.Summary)
	keys := q.keys()
	found := 0
	for _, k := range keys {
		if strings.Contains(hay, k) {
			found++
		}
	}
	official := false
	for _, w := range q.Official {
		if utf8.RuneCountInString(w) >= 2 && strings.Contains(hay, w) {
			official = true
		}
	}
	switch {
	case len(keys) == 0 && official:
		return 1
	case len(keys) == 0:
		return 0
	}
	c := float64(found) / float64(len(keys))
	if official {
		c = max(c, 0.8)
	}
	return c
}

// ownWords favours a name that holds the question's own words, beside
// those the synonym table added: up to 1.3 when it holds all of them.
func ownWords(q Query, name string) float64 {
	keys := q.keys()
	if len(keys) == 0 {
		return 1
	}
	found := 0
	for _, k := range keys {
		if strings.Contains(name, k) {
			found++
		}
	}
	return 1 + 0.3*float64(found)/float64(len(keys))
}

// keys are the question's own words of two or more characters that are
// no part of another of its words.
func (q Query) keys() []string {
	var keys []string
	for _, w := range q.Terms {
		if utf8.RuneCountInString(w) >= 2 && !isPartOfAnother(w, q.Terms) {
			keys = append(keys, w)
		}
	}
	return keys
}

// isPartOfAnother reports whether w is a dictionary part of a longer term.
func isPartOfAnother(w string, terms []string) bool {
	for _, t := range terms {
		if t != w && strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// answerOf quotes the field q asks for from the guide of s, or its one
// line (plain.OneLine: the summary, else what the guide's fields say)
// when q names no field; nil when the guide does not say: an answer is
// never made up.
func answerOf(q Query, s *minyi.ServiceItem) *Answer {
	f := q.Field
	t := FieldText(s, f)
	if f == FieldNone {
		f = FieldSummary
		if t = plain.OneLine(s); t == s.Name {
			t = "" // nothing but the name: no answer
		}
	}
	if t == "" {
		return nil
	}
	return &Answer{ItemID: s.ID, ItemName: s.Name, Field: f, Label: FieldLabels[f][0], Text: t}
}
