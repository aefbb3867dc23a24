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
		tf := map[string]int{}
		gs := Bigrams(text.Normalize(n))
		for _, g := range gs {
			tf[g]++
		}
		for g := range tf {
			b.df[g]++
		}
		b.docs = append(b.docs, tf)
		b.lens = append(b.lens, len(gs))
		total += len(gs)
	}
	if len(names) > 0 {
		b.avg = float64(total) / float64(len(names))
	}
	return b
}

// Rank returns the names best first, at most limit, for a question.
func (b *NameBigrams) Rank(q string, limit int) []string {
	const k1, bb = 1.2, 0.75
	n := float64(len(b.names))
	// Distinct bigrams in a fixed order, so that sums and ties are the
	// same on every run.
	qs := Bigrams(text.Normalize(q))
	slices.Sort(qs)
	qs = slices.Compact(qs)
	type scored struct {
		i int
		s float64
	}
	var out []scored
	for i, tf := range b.docs {
		var s float64
		for _, g := range qs {
			f := float64(tf[g])
			if f == 0 {
				continue
			}
			idf := math.Log(1 + (n-float64(b.df[g])+0.5)/(float64(b.df[g])+0.5))
			s += idf * f * (k1 + 1) / (f + k1*(1-bb+bb*float64(b.lens[i])/b.avg))
		}
		if s > 0 {
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
