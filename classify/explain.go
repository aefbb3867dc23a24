package classify

import (
	"slices"
	"strings"
	"unicode/utf8"

	"minyi/text"
)

// Explain returns up to k words or character n-grams of the document that
// raise label's score the most, best first: the reasons a reviewer can
// check. A feature's contribution is its TF-IDF value in the document
// times its weight for label; the contributions of features with the same
// text (the title's and the whole text's, a word and the equal character
// n-gram) are added up. Single characters are left out as meaningless to
// a reader, and so is a text contained in one chosen before it. Explain
// returns nil for an unknown label or k < 1.
func (m *Model) Explain(title, content, label string, k int) []string {
	c := slices.Index(m.Labels, label)
	if c < 0 || k < 1 {
		return nil
	}
	var seg *text.Segmenter
	if !m.NoWords {
		seg, _ = text.DefaultSegmenter()
	}
	// The hashed vector says what each bucket is worth; the feature texts
	// are found again by hashing each one as it is emitted.
	x := m.vectorize(title, content)
	type feature struct {
		text   string
		bucket int32
	}
	var fs []feature
	seen := map[feature]bool{}
	eachFeature(title, content, seg, m.PseudoTitle, func(kind byte, a, b string, _ float32) {
		i, _ := hashFeature(kind, a, b, m.Buckets)
		f := feature{a + b, i}
		if utf8.RuneCountInString(f.text) < 2 || seen[f] {
			return
		}
		seen[f] = true
		fs = append(fs, f)
	})
	score := map[string]float64{}
	for _, f := range fs {
		j, ok := slices.BinarySearch(x.idx, f.bucket)
		if !ok {
			continue // collisions cancelled out
		}
		score[f.text] += float64(x.val[j]) * float64(m.weight(int(f.bucket), c))
	}
	type scored struct {
		text  string
		score float64
	}
	var ranked []scored
	for t, s := range score {
		if s > 0 {
			ranked = append(ranked, scored{t, s})
		}
	}
	slices.SortFunc(ranked, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.text, b.text)
	})
	var out []string
	for _, r := range ranked {
		if len(out) == k {
			break
		}
		if slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, r.text) }) {
			continue
		}
		out = append(out, r.text)
	}
	return out
}
