package search

import "context"

// literalSlot is the rank (from 0) at which the literal match is placed
// when the understood ranking left it lower: the last of the first five,
// the results most searchers read.
const literalSlot = 4

// literalPick returns the position in order of the candidate whose name
// best matches the question read literally — BM25 over the character
// bigrams of the question and of the names, what a search box without
// any understanding would rank first — or -1 when no name shares a
// bigram with the question. Reading a question through synonyms and
// field words sometimes buries the item whose name the citizen typed
// almost as it is; the engine keeps that item among the first five.
// grams are the distinct bigrams of the question, df gives for each how
// many indexed items hold it, and docs how many items are indexed.
func literalPick(grams []string, hits []Hit, order []int, df []int, docs int) int {
	if len(grams) == 0 || len(order) == 0 {
		return -1
	}
	idf := make([]float64, len(grams))
	for i := range grams {
		idf[i] = BM25IDF(float64(docs), float64(min(df[i], docs)))
	}
	// Name lengths are compared with the candidates' mean: the candidates
	// are what is reordered, and the index does not keep the catalogue's.
	tfs := make([]map[string]int, len(order))
	lens := make([]int, len(order))
	total := 0
	for p, i := range order {
		tfs[p], lens[p] = bigramCounts(hits[i].Item.Name)
		total += lens[p]
	}
	avg := max(float64(total)/float64(len(order)), 1)
	best, bestScore := -1, 0.0
	for p, tf := range tfs {
		if s := bm25(grams, idf, tf, lens[p], avg); s > bestScore {
			best, bestScore = p, s
		}
	}
	return best
}

// keepLiteral moves the literal match (literalPick) up to literalSlot
// when it ranks below it; order is changed in place.
func (e *Engine) keepLiteral(ctx context.Context, q Query, hits []Hit, order []int) error {
	if len(order) <= literalSlot+1 {
		return nil // every candidate is among the first five already
	}
	grams := distinctBigrams(q.Norm)
	df, docs, err := e.Index.DocFreqs(ctx, grams)
	if err != nil || docs == 0 {
		return err
	}
	p := literalPick(grams, hits, order, df, docs)
	if p <= literalSlot {
		return nil
	}
	i := order[p]
	copy(order[literalSlot+1:p+1], order[literalSlot:p])
	order[literalSlot] = i
	return nil
}
