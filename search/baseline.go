package search

import (
	"cmp"
	"math"
	"slices"

	"minyi/text"
)

// NameBigrams is the baseline ranking the search is measured against: BM25
// over the character bigrams of item names alone, with no understanding
// of the question. It lives in memory.
type NameBigrams struct {
	names []string
	docs  []map[string]int // bigram counts per name
	lens  []int
	avg   float64
	df    map[string]int
}

// NewNameBigrams indexes names.
func NewNameBigrams(names []string) *NameBigrams {
	b := &NameBigrams{names: names, df: map[string]int{}}
	total := 0
	for _, n := range names {
		tf, l := bigramCounts(n)
		for g := range tf {
			b.df[g]++
		}
		b.docs = append(b.docs, tf)
		b.lens = append(b.lens, l)
		total += l
	}
	if len(names) > 0 {
		b.avg = float64(total) / float64(len(names))
	}
	return b
}

// Rank returns the names best first, at most limit, for a question.
func (b *NameBigrams) Rank(q string, limit int) []string {
	n := float64(len(b.names))
	qs := distinctBigrams(q)
	idf := make([]float64, len(qs))
	for i, g := range qs {
		idf[i] = BM25IDF(n, float64(b.df[g]))
	}
	type scored struct {
		i int
		s float64
	}
	var out []scored
	for i, tf := range b.docs {
		if s := bm25(qs, idf, tf, b.lens[i], b.avg); s > 0 {
			out = append(out, scored{i, s})
		}
	}
	slices.SortFunc(out, func(a, c scored) int { return cmp.Or(cmp.Compare(c.s, a.s), cmp.Compare(a.i, c.i)) })
	var names []string
	for _, s := range out[:min(limit, len(out))] {
		names = append(names, b.names[s.i])
	}
	return names
}

// distinctBigrams returns the character bigrams of s, normalised, each
// once and sorted, so that sums and ties are the same on every run.
func distinctBigrams(s string) []string {
	gs := Bigrams(text.Normalize(s))
	slices.Sort(gs)
	return slices.Compact(gs)
}

// bigramCounts counts the bigrams of a name (Bigrams of its normalised
// form) and returns them with their number.
func bigramCounts(name string) (map[string]int, int) {
	gs := Bigrams(text.Normalize(name))
	tf := make(map[string]int, len(gs))
	for _, g := range gs {
		tf[g]++
	}
	return tf, len(gs)
}

// BM25IDF is BM25's inverse document frequency of a term held by df of
// docs documents (a bigram of names here; a word of the index in store).
func BM25IDF(docs, df float64) float64 {
	return math.Log(1 + (docs-df+0.5)/(df+0.5))
}

// bm25 scores a name, its bigram counts tf and their number length,
// against the distinct bigrams qs of a question with their idf, names
// being avg bigrams long on average (k₁ = 1.2, b = 0.75).
func bm25(qs []string, idf []float64, tf map[string]int, length int, avg float64) float64 {
	const k1, b = 1.2, 0.75
	s := 0.0
	for i, g := range qs {
		if f := float64(tf[g]); f > 0 {
			s += idf[i] * f * (k1 + 1) / (f + k1*(1-b+b*float64(length)/avg))
		}
	}
	return s
}
