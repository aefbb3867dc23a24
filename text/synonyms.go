package text

import (
	"embed"
	"strings"
)

// synonymFiles map what citizens say to the official term a government
// unit, service item or policy uses, one pair a line: "colloquial official".
// A colloquial form may have several official forms, on several lines.
// Lines starting with # are comments. Entries are normalised (simplified,
// lower case). The pairs are kept in several files by subject so that each
// reads in one sitting.
//
//go:embed synonyms/*.txt
var synonymFiles embed.FS

// synonymPairs yields every (colloquial, official) pair of synonymList in
// order, skipping comments and malformed lines.
func synonymPairs(yield func(plain, official string) bool) {
	for line := range strings.Lines(synonymList) {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if !yield(f[0], f[1]) {
			return
		}
	}
}

// synonymList is every file of synonymFiles, in name order.
var synonymList = joinFiles(synonymFiles, "synonyms/*.txt")

var synonyms = func() map[string][]string {
	m := make(map[string][]string)
	for plain, official := range synonymPairs {
		m[plain] = append(m[plain], official)
	}
	return m
}()

// maxSynonymRunes is the length in runes of the longest colloquial form.
var maxSynonymRunes = func() int {
	n := 0
	for k := range synonyms {
		n = max(n, len([]rune(k)))
	}
	return n
}()

// Synonyms returns the official forms of the colloquial term w, or nil.
func Synonyms(w string) []string {
	return synonyms[w]
}

// Expand returns terms followed by the official forms of the colloquial
// terms among them, for searching: "驾照" adds "驾驶证", "社保" adds
// "社会保险". A colloquial phrase the segmenter cuts into several terms
// ("老板" "拖欠工资") is found as a run of up to four consecutive terms.
// Every term appears once, in the order first seen; terms is not changed.
func Expand(terms []string) []string {
	out := make([]string, 0, len(terms)+4)
	seen := make(map[string]bool, len(terms)+4)
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, w := range terms {
		add(w)
	}
	for i := range terms {
		phrase := ""
		for j := i; j < len(terms) && j < i+4; j++ {
			phrase += terms[j]
			if len([]rune(phrase)) > maxSynonymRunes {
				break
			}
			for _, official := range synonyms[phrase] {
				add(official)
			}
		}
	}
	return out
}

// SynonymsIn returns the official forms of every colloquial form found
// anywhere in s, a normalised text, in order of position and once each:
// unlike Expand it needs no segmentation, so a colloquial phrase is found
// however the segmenter cuts the text around it (想去领失业金 holds 失业金
// although the segmenter may cut 领失 + 业金). Only the longest forms are
// read, as the reader would: of two that cross (领养 and 养老金 in
// 领养老金) the longer, and a form inside a longer one (驾照 in 驾照丢了,
// 买医保 in 员工买医保) not at all, since the longer, more specific
// phrase says what is meant.
func SynonymsIn(s string) []string {
	r := []rune(s)
	type match struct{ from, to int }
	var ms []match
	for i := range r {
		for n := 1; n <= maxSynonymRunes && i+n <= len(r); n++ {
			if synonyms[string(r[i:i+n])] != nil {
				ms = append(ms, match{i, i + n})
			}
		}
	}
	crossedByLonger := func(a match) bool {
		for _, b := range ms {
			crosses := b.from < a.from && a.from < b.to && b.to < a.to || a.from < b.from && b.from < a.to && a.to < b.to
			if crosses && b.to-b.from > a.to-a.from {
				return true
			}
		}
		return false
	}
	insideLonger := func(a match) bool {
		for _, b := range ms {
			if b.from <= a.from && a.to <= b.to && b.to-b.from > a.to-a.from {
				return true
			}
		}
		return false
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if crossedByLonger(m) || insideLonger(m) {
			continue
		}
		for _, o := range synonyms[string(r[m.from:m.to])] {
			if !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}
